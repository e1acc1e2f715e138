import CHTMLBridge
import Foundation
import PrecisCore

/// The article's text in an HTML page, read with libxml2's HTML parser, which recovers from
/// the markup browsers accept (unclosed `<p>`, stray end tags) and decodes character
/// references; a page that is not UTF-8 is converted by ICU from the encoding it declares.
///
/// The text is taken from the page's article: the `<article>` with the most text, else its
/// `<main>` (or the element whose `role` is `main`), else its `<body>`, when that holds at least
/// a fifth of the body's text; the page's first `<h1>` (or, without one, its `<title>`) leads
/// as the title. Left out: what a reader does not see or does not read as the article
/// (`<head>`, scripts, styles, forms, `<nav>`, `<aside>`, `<footer>`, figures and their
/// captions, `hidden` elements, ARIA landmarks for navigation, banners and complements), the
/// page's `<header>` outside the article or main element, blocks whose text is mostly links
/// (menus, lists of other articles, tags), and elements (but `<article>`, `<main>` and
/// `<body>`) whose class or id names a share bar, comments, related links, a newsletter or an
/// advertisement. Block elements (`<p>`, headings,
/// list items, `<div>`, table rows) become paragraphs; `<br>` a line break; spaces in the
/// markup collapse as a browser collapses them (but inside `<pre>`, where only those that end a
/// line go, and blank lines stay single).
///
/// A page whose structured data (JSON-LD, `<script type="application/ld+json">`) gives an
/// article's `articleBody` at least twice as long as the text found in its elements (a page
/// whose scripts write the article, or one that shows a teaser) gives that body instead, under
/// its `headline`.
public enum HTMLPage {
  /// A node of a parsed page (`PrecisHTMLNode`), valid while its document is.
  typealias Node = OpaquePointer

  /// An extracted text and what it was taken from.
  public struct Extracted: Equatable, Sendable {
    /// The article's text, UTF-8, paragraphs separated by a blank line.
    public var text: [UInt8]
    /// The element the text was taken from: `article`, `main` or `body`; or
    /// `application/ld+json` when it is the page's structured data's `articleBody`.
    public var root: String
    /// The encoding the page was read in when its bytes are not UTF-8: the one it declares
    /// when ICU knows it, else windows-1252; `nil` for UTF-8.
    public var encoding: String?
    /// The encoding the page declares (`<meta charset>`, `http-equiv`) when its bytes are not
    /// UTF-8, or `nil`.
    public var declared: String?
  }

  /// The text of the page in `bytes`, or `nil` when libxml2 cannot build a document from
  /// them (an empty input, or one past 2 GiB).
  ///
  /// A page whose bytes are not UTF-8 is converted to UTF-8 by ICU first, from the encoding it
  /// declares, else from windows-1252 as browsers read such a page (ISO-8859-1 with curly
  /// quotes, dashes and the euro sign): libxml2's own conversion stops at the first byte its
  /// encoding does not define, and the rest of the page is lost.
  public static func extract(_ bytes: UnsafeBufferPointer<UInt8>) -> Extracted? {
    guard bytes.baseAddress != nil else { return nil }
    guard UTF8Validation.firstInvalidOffset(in: bytes) != nil else { return extract(utf8: bytes) }
    var declared: String?
    if let sniffed = precis_html_parse(bytes.baseAddress, Int64(bytes.count), nil) {
      declared = precis_html_declared_encoding(sniffed).map { String(cString: $0) }
      precis_html_free(sniffed)
    }
    var encoding = "windows-1252"
    var converted: [UInt8]?
    if let declared, let text = try? ICUConverter.utf8(bytes, from: declared) {
      encoding = declared
      converted = text
    } else {
      converted = try? ICUConverter.utf8(bytes, from: encoding)
    }
    // (ICU always has windows-1252; without ICU's data, the bytes with U+FFFD for what is not UTF-8.)
    let text = converted ?? Array(String(decoding: bytes, as: UTF8.self).utf8)
    guard var page = text.withUnsafeBufferPointer(extract(utf8:)) else { return nil }
    page.encoding = encoding
    page.declared = declared
    return page
  }

  /// The text of a page whose bytes are UTF-8.
  fileprivate static func extract(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Extracted? {
    guard let document = precis_html_parse(bytes.baseAddress, Int64(bytes.count), "UTF-8") else { return nil }
    defer { precis_html_free(document) }
    guard let html = precis_html_root(document) else { return Extracted(text: [], root: "body") }
    let body = child(of: html, named: "body") ?? html

    // The body's text once, measuring its articles and main elements on the way.
    var whole = Walker(measuring: true)
    whole.walk(body)
    let (root, name) = choose(in: whole, body: body)

    var text = Walker(
      measuring: false, insideContent: root != body, capacity: whole.length * 9 / 8, leftOut: whole.linkBlocks
    )
    if let heading = whole.firstHeading, !isInside(heading, root) {
      text.walk(heading, asRoot: true)
      text.paragraph()
    } else if whole.firstHeading == nil, let head = child(of: html, named: "head"),
      let title = child(of: head, named: "title")
    {
      text.walk(title, asRoot: true)
      text.paragraph()
    }
    text.walk(root)
    // (libxml2 writes what it decodes as UTF-8; should a character reference or a recovery
    // ever leave a byte that is not, it is replaced rather than stopping the run.)
    var written = text.finished()
    if UTF8Validation.firstInvalidOffset(in: written) != nil {
      written = Array(String(decoding: written, as: UTF8.self).utf8)
    }
    // A page whose scripts write the article, or that shows a teaser to readers without a
    // subscription, often still gives search engines the whole of it as structured data.
    if let structured = StructuredArticle.find(in: html),
      structured.body.utf8.count >= 2 * max(written.count, 1),
      let text = structured.text()
    {
      return Extracted(text: text, root: "application/ld+json")
    }
    return Extracted(text: written, root: name)
  }

  /// The element text is taken from, and its name.
  private static func choose(in walk: Walker, body: Node) -> (Node, String) {
    let enough = walk.length / 5
    if let article = walk.articles.max(by: { $0.length < $1.length }), article.length > 0,
      article.length >= enough
    {
      return (article.node, "article")
    }
    if let main = walk.mains.first(where: { $0.length > 0 && $0.length >= enough }) {
      return (main.node, "main")
    }
    return (body, "body")
  }

  private static func child(of node: Node, named name: String) -> Node? {
    var child = precis_html_first_child(node)
    while let current = child {
      if HTMLPage.name(of: current) == name { return current }
      child = precis_html_next_sibling(current)
    }
    return nil
  }

  private static func isInside(_ node: Node, _ ancestor: Node) -> Bool {
    var current: Node? = node
    while let step = current {
      if step == ancestor { return true }
      current = precis_html_parent(step)
    }
    return false
  }

  /// Visits the nodes under `root` in document order without recursion (pages nest deeper
  /// than a worker thread's stack would take): `enter` for each, which says whether to go
  /// into its children; `leave` for each node whose children were gone into, after them.
  static func traverse(_ root: Node, enter: (Node) -> Bool, leave: (Node) -> Void) {
    var next = precis_html_first_child(root)
    while let node = next {
      if enter(node), let child = precis_html_first_child(node) {
        next = child
        continue
      }
      next = nil
      var current = node
      while true {
        if let sibling = precis_html_next_sibling(current) {
          next = sibling
          break
        }
        guard let parent = precis_html_parent(current), parent != root else { break }
        leave(parent)
        current = parent
      }
    }
  }

  static func name(of node: Node) -> String {
    precis_html_name(node).map { String(cString: $0) } ?? ""
  }

  /// Elements whose text is never the article's.
  static let skippedElements: Set<String> = [
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "svg", "math", "canvas", "video", "audio", "picture", "map", "button", "form",
    "input", "select", "textarea", "option", "nav", "aside", "footer", "figure", "figcaption",
    "dialog", "menu",
  ]
  /// Elements that stand apart from the text around them, as paragraphs.
  static let blockElements: Set<String> = [
    "address", "article", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
  ]
  /// ARIA roles of what is not the article.
  static let skippedRoles: Set<String> = [
    "navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog", "search",
    "menu", "menubar", "toolbar",
  ]
  /// Words of a class or id that name what is not the article (matched whole, after splitting
  /// on spaces, `-` and `_`).
  static let skippedClassWords: Set<String> = [
    "share", "sharing", "comment", "comments", "related", "newsletter", "advert",
    "advertisement", "ad", "ads", "pub", "publicite", "promo", "sponsor", "sponsored", "cookie",
    "cookies", "breadcrumb", "breadcrumbs", "sidebar", "popup", "paywall", "outbrain", "taboola",
  ]
}

extension HTMLPage {
  /// Walks an element's subtree (`HTMLPage.traverse`), writing its text with paragraph and
  /// line breaks, or measuring it.
  struct Walker {
    struct Measured {
      var node: Node
      var start: Int
      var length: Int
    }

    let measuring: Bool
    private(set) var bytes: [UInt8] = []
    /// Bytes of text written, spaces aside.
    private(set) var length = 0
    private(set) var articles: [Measured] = []
    private(set) var mains: [Measured] = []
    private(set) var firstHeading: Node?
    /// How many `<pre>` elements the walk is inside.
    private var preformatted = 0
    /// Whether a space is owed before the next word.
    private var space = false
    /// How many article or main elements the walk is inside (the page's `<header>` is left
    /// out, an article's is kept), one more when it started in one.
    private var insideContent = 0
    /// How many links (`<a>`) the walk is inside, and the bytes of text written inside links.
    private var insideLinks = 0
    private var linkLength = 0
    /// The block elements open in a measuring walk, with the text and link text before each.
    private var openBlocks: [(node: Node, length: Int, links: Int)] = []
    /// The block elements whose text is four fifths or more the text of links (menus, lists of
    /// related articles, tags, "Lire aussi" lines), found by a measuring walk.
    private(set) var linkBlocks: Set<Node> = []
    /// The elements a writing walk leaves out: a measuring walk's `linkBlocks`.
    private let leftOut: Set<Node>

    /// A walk that only measures (`measuring`) writes no bytes; one that starts inside an
    /// article or main element (`insideContent`) keeps the `<header>` elements it meets;
    /// `capacity` is the bytes it expects to write; `leftOut` are elements it does not read.
    init(measuring: Bool, insideContent: Bool = false, capacity: Int = 0, leftOut: Set<Node> = []) {
      self.measuring = measuring
      self.insideContent = insideContent ? 1 : 0
      self.leftOut = leftOut
      bytes.reserveCapacity(capacity)
    }

    /// Whether a measuring walk weighs the links of an element of this name (not the
    /// containers an article is chosen among, nor the title).
    private static func weighsLinks(_ name: String) -> Bool {
      HTMLPage.blockElements.contains(name) && name != "article" && name != "main" && name != "h1"
    }

    func skipped(_ node: Node) -> Bool {
      let name = HTMLPage.name(of: node)
      if HTMLPage.skippedElements.contains(name) { return true }
      if precis_html_attribute(node, "hidden") != nil { return true }
      if attribute("aria-hidden", of: node) == "true" { return true }
      if let role = attribute("role", of: node), HTMLPage.skippedRoles.contains(role) { return true }
      // An article's or main element's class names its section ("article--social"), not debris.
      guard name != "article", name != "main", name != "body" else { return false }
      for key in ["class", "id"] {
        guard let value = attribute(key, of: node) else { continue }
        let words = value.split { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" || $0 == "\n" }
        if words.contains(where: { HTMLPage.skippedClassWords.contains(String($0)) }) { return true }
      }
      return false
    }

    /// An attribute's value, lowercased.
    private func attribute(_ name: String, of node: Node) -> String? {
      precis_html_attribute(node, name).map { String(cString: $0).lowercased() }
    }

    /// Writes the text under `root` (and `root`'s own when `asRoot`, for a title taken from
    /// outside the article).
    mutating func walk(_ root: Node, asRoot: Bool = false) {
      if asRoot { paragraph() }
      HTMLPage.traverse(root, enter: { enter($0) }, leave: { leave($0) })
      if asRoot { paragraph() }
    }

    /// Writes a text node, or opens an element; `false` when its children are not to be read
    /// (or it has none: then it is also closed).
    private mutating func enter(_ node: Node) -> Bool {
      switch precis_html_kind(node) {
      case PRECIS_HTML_TEXT:
        if let content = precis_html_text(node) { write(content) }
        return false
      case PRECIS_HTML_ELEMENT:
        break
      default:
        return false
      }
      let name = HTMLPage.name(of: node)
      if leftOut.contains(node) || skipped(node) || name == "header" && insideContent == 0 { return false }
      if name == "br" {
        lineBreak()
        return false
      }
      if HTMLPage.blockElements.contains(name) { paragraph() }
      if measuring, Walker.weighsLinks(name) { openBlocks.append((node, length, linkLength)) }
      switch name {
      case "pre": preformatted += 1
      case "a": insideLinks += 1
      case "article":
        insideContent += 1
        if measuring { articles.append(Measured(node: node, start: length, length: 0)) }
      case "main":
        insideContent += 1
        if measuring { mains.append(Measured(node: node, start: length, length: 0)) }
      case "h1" where firstHeading == nil:
        firstHeading = node
      default:
        if attribute("role", of: node) == "main" {
          insideContent += 1
          if measuring { mains.append(Measured(node: node, start: length, length: 0)) }
        }
      }
      guard precis_html_first_child(node) != nil else {
        leave(node)
        return false
      }
      return true
    }

    /// Closes an element whose children were read.
    private mutating func leave(_ node: Node) {
      let name = HTMLPage.name(of: node)
      switch name {
      case "pre": preformatted -= 1
      case "a": insideLinks -= 1
      case "article":
        insideContent -= 1
        if measuring, let index = articles.lastIndex(where: { $0.node == node }) {
          articles[index].length = length - articles[index].start
        }
      default:
        if name == "main" || attribute("role", of: node) == "main" { insideContent -= 1 }
        if measuring, let index = mains.lastIndex(where: { $0.node == node }) {
          mains[index].length = length - mains[index].start
        }
      }
      if measuring, Walker.weighsLinks(name), let open = openBlocks.last, open.node == node {
        openBlocks.removeLast()
        let text = length - open.length
        if text > 0, (linkLength - open.links) * 5 >= text * 4 { linkBlocks.insert(node) }
      }
      if HTMLPage.blockElements.contains(name) { paragraph() }
    }

    /// Appends a text node's bytes: runs of spaces, tabs and line breaks as one space (inside
    /// `<pre>`, its lines, without the spaces that end them or a second blank line).
    private mutating func write(_ content: UnsafePointer<UInt8>) {
      let text = UnsafeBufferPointer(start: content, count: strlen(content))
      if preformatted > 0 {
        writePreformatted(text)
        return
      }
      // Words are copied whole; a run of spaces between them (or before the first, after
      // other text) becomes one.
      var index = 0
      var space = self.space
      var length = 0
      while index < text.count {
        while index < text.count, Walker.isSpace(text[index]) {
          space = true
          index += 1
        }
        guard index < text.count else { break }
        let start = index
        while index < text.count, !Walker.isSpace(text[index]) { index += 1 }
        length += index - start
        if !measuring {
          if space, let last = bytes.last, last != 0x0A { bytes.append(0x20) }
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
        }
        space = false
      }
      self.space = space
      self.length += length
      if insideLinks > 0 { linkLength += length }
    }

    /// A preformatted text: its lines keep their spaces but those at their end; blank lines
    /// stay single.
    private mutating func writePreformatted(_ text: UnsafeBufferPointer<UInt8>) {
      for byte in text {
        if byte > 0x20 {
          length += 1
          if insideLinks > 0 { linkLength += 1 }
        }
        guard !measuring else { continue }
        if byte == 0x0A, bytes.last == 0x0A {
          if bytes.count >= 2, bytes[bytes.count - 2] != 0x0A { bytes.append(0x0A) }
        } else if byte == 0x0A {
          lineBreak()
        } else if byte != 0x0D, !(bytes.isEmpty && byte <= 0x20) {
          bytes.append(byte)
        }
      }
    }

    /// HTML's spaces: space, tab, line feed, form feed, carriage return.
    private static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// Ends the paragraph being written (a blank line before the next text; none twice).
    mutating func paragraph() {
      space = false
      guard !measuring, !bytes.isEmpty else { return }
      while bytes.last == 0x20 { bytes.removeLast() }
      if bytes.last != 0x0A {
        bytes.append(0x0A)
        bytes.append(0x0A)
      } else if bytes.count < 2 || bytes[bytes.count - 2] != 0x0A {
        bytes.append(0x0A)
      }
    }

    private mutating func lineBreak() {
      space = false
      guard !measuring, !bytes.isEmpty else { return }
      while bytes.last == 0x20 { bytes.removeLast() }
      if bytes.last != 0x0A { bytes.append(0x0A) }
    }

    /// The text written, without the breaks at its ends.
    func finished() -> [UInt8] {
      var text = bytes
      while let last = text.last, last == 0x0A || last == 0x20 { text.removeLast() }
      return text
    }
  }
}

extension HTMLPage {
  /// The article a page describes in its structured data: a JSON-LD object whose `@type` is an
  /// article (`NewsArticle`, `Article`, `ReportageNewsArticle`, `BlogPosting`…) with an
  /// `articleBody`, at the top, in a list or in an `@graph`; the longest body wins.
  struct StructuredArticle {
    var headline: String?
    var body: String

    /// The structured article of the page whose root element is `html`, if any.
    static func find(in html: Node) -> StructuredArticle? {
      var found: StructuredArticle?
      HTMLPage.traverse(
        html,
        enter: { node in
          guard precis_html_kind(node) == PRECIS_HTML_ELEMENT else { return false }
          // Scripts hold no elements: the walk goes into every other element.
          guard HTMLPage.name(of: node) == "script" else { return true }
          if precis_html_attribute(node, "type").map({ String(cString: $0).lowercased() })
            == "application/ld+json",
            let child = precis_html_first_child(node), let content = precis_html_text(child)
          {
            let data = Data(UnsafeBufferPointer(start: content, count: strlen(content)))
            if let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let article = StructuredArticle.longest(in: json, depth: 0),
              article.body.utf8.count > found?.body.utf8.count ?? 0
            {
              found = article
            }
          }
          return false
        },
        leave: { _ in })
      return found
    }

    /// The article with the longest body in a JSON value (up to 8 levels down).
    static func longest(in value: Any, depth: Int) -> StructuredArticle? {
      guard depth < 8 else { return nil }
      var candidates: [StructuredArticle] = []
      if let list = value as? [Any] {
        candidates = list.compactMap { longest(in: $0, depth: depth + 1) }
      } else if let object = value as? [String: Any] {
        if let body = object["articleBody"] as? String, isArticle(object["@type"]),
          !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
          candidates.append(StructuredArticle(headline: object["headline"] as? String, body: body))
        }
        if let graph = object["@graph"], let inner = longest(in: graph, depth: depth + 1) {
          candidates.append(inner)
        }
      }
      return candidates.max { $0.body.utf8.count < $1.body.utf8.count }
    }

    /// Whether an `@type` (a name or a list of names) is an article's.
    static func isArticle(_ type: Any?) -> Bool {
      let names = (type as? [Any])?.compactMap { $0 as? String } ?? [(type as? String) ?? ""]
      return names.contains { $0.hasSuffix("Article") || $0 == "BlogPosting" }
    }

    /// The headline and the body, a paragraph a line: read as HTML when the body holds markup
    /// or character references (some sites leave them in), as text otherwise.
    func text() -> [UInt8]? {
      let lines = ([headline ?? ""] + body.components(separatedBy: .newlines))
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      guard !lines.isEmpty else { return nil }
      guard lines.contains(where: { $0.contains("<") || $0.contains("&") }) else {
        return Array(lines.joined(separator: "\n\n").utf8)
      }
      let page =
        "<!DOCTYPE html><html><body><article><p>" + lines.joined(separator: "</p><p>")
        + "</p></article></body></html>"
      return Array(page.utf8).withUnsafeBufferPointer { HTMLPage.extract(utf8: $0) }?.text
    }
  }
}
