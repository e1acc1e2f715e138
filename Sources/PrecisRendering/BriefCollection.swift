import Foundation

/// The outputs of several articles run through one pipeline, joined into one output that reads
/// as its format does: in text, each brief under a `==> file <==` line (as `head` and `tail`
/// name their files); in Markdown, under a `Source:` line, with a rule between briefs; in HTML,
/// one page with each brief in an `<article>`; in JSON, one array of the documents. Written a
/// piece at a time (`opening`, then a `part` per article in order, then `closing`), so that
/// a long list of articles is never held whole.
public struct BriefCollection: Sendable {
  /// How the outputs are joined.
  public enum Kind: Sendable, Equatable {
    case text, markdown, html, json

    /// The kind of a render stage's `format` option; `nil` (no render stage) is the document's
    /// JSON.
    public init(format: String?) {
      switch format {
      case "text": self = .text
      case "markdown": self = .markdown
      case "html": self = .html
      default: self = .json
      }
    }
  }

  public let kind: Kind
  /// How many parts have been written.
  public private(set) var written = 0

  public init(kind: Kind) { self.kind = kind }

  /// What comes before the first part: the page's head in HTML, the array's bracket in JSON.
  public func opening(count: Int) -> String {
    switch kind {
    case .text, .markdown: return ""
    case .json: return "["
    case .html:
      let title = "Briefs of \(count) article\(count == 1 ? "" : "s")"
      return [
        "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
        "<title>\(title)</title>", "<style>" + BriefWriter.css + " " + BriefCollection.css + "</style>",
        "</head>", "<body>", "",
      ].joined(separator: "\n")
    }
  }

  /// The output of the article read from `source`, as this collection's next part. `output`
  /// is what the pipeline gave for it alone: a brief in this collection's format, or the
  /// document's JSON.
  public mutating func part(source: String, output: String) -> String {
    defer { written += 1 }
    let first = written == 0
    switch kind {
    case .text:
      return (first ? "" : "\n") + "==> \(source) <==\n" + output
    case .markdown:
      return (first ? "" : "\n---\n\n") + "Source: \(BriefCollection.codeSpan(source))\n\n" + output
    case .html:
      return "<article>\n<p class=\"source\">\(BriefWriter.escapeHTML(source))</p>\n"
        + BriefCollection.body(ofPage: output) + "</article>\n"
    case .json:
      // Each document indented one level, as the array's elements.
      var part = first ? "\n" : ",\n"
      var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      for (index, line) in lines.enumerated() {
        part += "  " + line
        if index < lines.count - 1 { part += "\n" }
      }
      return part
    }
  }

  /// What comes after the last part.
  public func closing() -> String {
    switch kind {
    case .text, .markdown: return ""
    case .json: return written == 0 ? "]\n" : "\n]\n"
    case .html: return "</body>\n</html>\n"
    }
  }

  /// The style of the page's articles, added to a brief's.
  static let css =
    "article+article{border-top:3px double #999;margin-top:3em;padding-top:1em} "
    + "p.source{font:13px/1.4 sans-serif;color:#666;word-break:break-all}"

  /// The lines between `<body>` and `</body>` of a page the render stage wrote (the whole text
  /// when it has no such lines).
  static func body(ofPage page: String) -> String {
    guard let open = page.range(of: "<body>\n"),
      let close = page.range(of: "</body>\n", options: .backwards, range: open.upperBound..<page.endIndex)
    else { return page.hasSuffix("\n") || page.isEmpty ? page : page + "\n" }
    return String(page[open.upperBound..<close.lowerBound])
  }

  /// `text` as a Markdown code span: between as many backticks as it needs (one more than its
  /// longest run of them), with spaces inside when it starts or ends with one.
  static func codeSpan(_ text: String) -> String {
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
    return fence + padded + fence
  }
}
