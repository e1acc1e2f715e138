// The only interface between Precis and libxml2's HTML parser. It mentions no libxml2 type:
// libxml2's headers include ICU's, which clash with the ICU that Foundation bundles on Linux.
#ifndef PRECIS_HTML_BRIDGE_H
#define PRECIS_HTML_BRIDGE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A parsed HTML document and its nodes, opaque to Swift. A node lives as long as its document.
typedef struct PrecisHTMLDocument PrecisHTMLDocument;
typedef struct PrecisHTMLNode PrecisHTMLNode;

/// What a node is, as far as reading text goes.
typedef enum PrecisHTMLNodeKind {
  PRECIS_HTML_OTHER = 0,
  PRECIS_HTML_ELEMENT = 1,
  PRECIS_HTML_TEXT = 2,
} PrecisHTMLNodeKind;

/// Parses `length` bytes of HTML as a browser would (recovering from errors, reporting none,
/// never reaching the network, no depth or size limit). `encoding` names the bytes' encoding
/// ("UTF-8"), or is NULL to take the one the page declares (ISO-8859-1 when it declares none).
/// Returns NULL when no document can be built (an empty input, one past INT32_MAX bytes, or no
/// memory). Safe on any thread.
PrecisHTMLDocument *precis_html_parse(const uint8_t *bytes, int64_t length, const char *encoding);

/// Frees a document and all its nodes.
void precis_html_free(PrecisHTMLDocument *document);

/// The encoding the page declares, or NULL.
const char *precis_html_declared_encoding(const PrecisHTMLDocument *document);

/// The document's root element (`<html>`), or NULL.
PrecisHTMLNode *precis_html_root(const PrecisHTMLDocument *document);

PrecisHTMLNodeKind precis_html_kind(const PrecisHTMLNode *node);
/// An element's name, in lowercase (the parser lowers HTML's names), or NULL.
const char *precis_html_name(const PrecisHTMLNode *node);
/// A text node's text in UTF-8, NUL-terminated, character references decoded; NULL otherwise.
const uint8_t *precis_html_text(const PrecisHTMLNode *node);
PrecisHTMLNode *precis_html_first_child(const PrecisHTMLNode *node);
PrecisHTMLNode *precis_html_next_sibling(const PrecisHTMLNode *node);
PrecisHTMLNode *precis_html_parent(const PrecisHTMLNode *node);
/// The value of an element's attribute `name` (ASCII, case aside) in UTF-8, "" for an
/// attribute without a value, NULL when the element has none of that name. It lives as long as
/// the document.
const char *precis_html_attribute(const PrecisHTMLNode *node, const char *name);

#ifdef __cplusplus
}
#endif

#endif
