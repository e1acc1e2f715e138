#include "PrecisHTMLBridge.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <strings.h>

static pthread_once_t initialized = PTHREAD_ONCE_INIT;

static void initialize(void) { xmlInitParser(); }

static void silent(void *context, const char *message, ...) {
  (void)context;
  (void)message;
}

static void silentStructured(void *context, xmlErrorPtr error) {
  (void)context;
  (void)error;
}

PrecisHTMLDocument *precis_html_parse(const uint8_t *bytes, int64_t length, const char *encoding) {
  if (bytes == NULL || length <= 0 || length > INT32_MAX) return NULL;
  pthread_once(&initialized, initialize);
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  // HTML_PARSE_NOERROR quiets the parser, not the encoding and I/O layers, which print to
  // standard error through the thread's generic handlers ("encoding error : input conversion
  // failed"): those are silenced for the parse, and put back for whatever else uses libxml2
  // on the thread (Foundation's XMLParser).
  xmlGenericErrorFunc generic = xmlGenericError;
  void *genericContext = xmlGenericErrorContext;
  xmlStructuredErrorFunc structured = xmlStructuredError;
  void *structuredContext = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(NULL, silent);
  xmlSetStructuredErrorFunc(NULL, silentStructured);
  htmlDocPtr document = htmlReadMemory((const char *)bytes, (int)length, NULL, encoding, options);
  xmlSetGenericErrorFunc(genericContext, generic);
  xmlSetStructuredErrorFunc(structuredContext, structured);
  return (PrecisHTMLDocument *)document;
}

void precis_html_free(PrecisHTMLDocument *document) {
  if (document != NULL) xmlFreeDoc((xmlDocPtr)document);
}

const char *precis_html_declared_encoding(const PrecisHTMLDocument *document) {
  return document == NULL ? NULL : (const char *)((const xmlDoc *)document)->encoding;
}

PrecisHTMLNode *precis_html_root(const PrecisHTMLDocument *document) {
  return document == NULL ? NULL : (PrecisHTMLNode *)xmlDocGetRootElement((const xmlDoc *)document);
}

PrecisHTMLNodeKind precis_html_kind(const PrecisHTMLNode *node) {
  switch (((const xmlNode *)node)->type) {
    case XML_ELEMENT_NODE: return PRECIS_HTML_ELEMENT;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE: return PRECIS_HTML_TEXT;
    default: return PRECIS_HTML_OTHER;
  }
}

const char *precis_html_name(const PrecisHTMLNode *node) {
  const xmlNode *element = (const xmlNode *)node;
  return element->type == XML_ELEMENT_NODE ? (const char *)element->name : NULL;
}

const uint8_t *precis_html_text(const PrecisHTMLNode *node) {
  return precis_html_kind(node) == PRECIS_HTML_TEXT ? ((const xmlNode *)node)->content : NULL;
}

PrecisHTMLNode *precis_html_first_child(const PrecisHTMLNode *node) {
  return (PrecisHTMLNode *)((const xmlNode *)node)->children;
}

PrecisHTMLNode *precis_html_next_sibling(const PrecisHTMLNode *node) {
  return (PrecisHTMLNode *)((const xmlNode *)node)->next;
}

PrecisHTMLNode *precis_html_parent(const PrecisHTMLNode *node) {
  return (PrecisHTMLNode *)((const xmlNode *)node)->parent;
}

const char *precis_html_attribute(const PrecisHTMLNode *node, const char *name) {
  const xmlNode *element = (const xmlNode *)node;
  if (element->type != XML_ELEMENT_NODE) return NULL;
  for (const xmlAttr *attribute = element->properties; attribute != NULL; attribute = attribute->next) {
    if (attribute->name == NULL || strcasecmp((const char *)attribute->name, name) != 0) continue;
    // An attribute's value is its one text child (HTML has no entity nodes in values).
    const xmlNode *value = attribute->children;
    return value != NULL && value->content != NULL ? (const char *)value->content : "";
  }
  return NULL;
}
