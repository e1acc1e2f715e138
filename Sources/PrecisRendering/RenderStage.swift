import Foundation
import PrecisCore

/// Writes the brief (title, summary with key terms in English, key-terms table) as text,
/// Markdown or HTML, or the whole document as JSON.
public struct RenderStage: Stage {
  public static let typeName = "render"
  public static let summary = "write the brief as text, Markdown or HTML, or the document as JSON"
  public static let options: [OptionSpec] = [
    OptionSpec(
      "format", .choice(["text", "markdown", "html", "json"]), default: "text", help: "output format"),
    OptionSpec(
      "key-terms", .boolean, default: "true", help: "end the brief with the key-terms table"),
  ]
  public static let requires: [Layer] = [.text]
  public static let produces: [Layer] = [.output]

  /// The output format: `text`, `markdown`, `html` or `json`.
  public let format: String
  let keyTerms: Bool

  /// Whether the stage writes a brief (text, Markdown or HTML) rather than the document's JSON.
  public var writesBrief: Bool { format != "json" }

  public init(options: StageOptions) throws {
    format = options.string("format") ?? "text"
    keyTerms = options.boolean("key-terms") ?? true
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    let content: String
    switch format {
    case "json": content = try DocumentJSON.encode(document)
    case "markdown": content = BriefWriter(document: document, style: .markdown).write(keyTerms: keyTerms)
    case "html": content = BriefWriter(document: document, style: .html).write(keyTerms: keyTerms)
    default: content = BriefWriter(document: document, style: .text).write(keyTerms: keyTerms)
    }
    document.output = RenderedOutput(format: format, content: content)
  }
}

/// The brief in one of the human-readable formats.
struct BriefWriter {
  /// The formats.
  enum Style {
    case text, markdown, html
  }

  let document: Document
  let style: Style
  /// Whether the document's matches come in sentence order (as translate-terms gives them):
  /// each sentence's are then found by binary search.
  let matchesInOrder: Bool

  init(document: Document, style: Style) {
    self.document = document
    self.style = style
    let matches = document.terms?.matches ?? []
    matchesInOrder = matches.indices.dropFirst().allSatisfy {
      matches[$0 - 1].sentence <= matches[$0].sentence
    }
  }

  /// The matches `sentence` may hold: its own when they come in order, else all of them.
  func matches(of sentence: Sentence, in matches: [TermMatch]) -> ArraySlice<TermMatch> {
    guard matchesInOrder else { return matches[...] }
    func first(after index: Int) -> Int {
      var low = 0
      var high = matches.count
      while low < high {
        let middle = (low + high) / 2
        if matches[middle].sentence <= index { low = middle + 1 } else { high = middle }
      }
      return low
    }
    return matches[first(after: sentence.index - 1)..<first(after: sentence.index)]
  }

  /// A sentence with its terms rendered (and marked in Markdown and HTML).
  func sentence(_ sentence: Sentence) -> String {
    guard let terms = document.terms else { return escape(sentence.text.replacingNewlines()) }
    let own = matches(of: sentence, in: terms.matches)
    if style == .html {
      // Escape the pieces, not the markup: render with placeholders, then escape around them.
      let open = "\u{E000}"
      let close = "\u{E001}"
      let rendered = TermRendering.render(
        sentence, matches: own, mode: terms.mode, mark: { open + $0 + close })
      return escape(rendered)
        .replacingOccurrences(of: open, with: "<mark class=\"term\">")
        .replacingOccurrences(of: close, with: "</mark>")
    }
    // (The closure takes the style alone: taking `self` copied the writer and its document,
    // counting a reference to each of its arrays, at every sentence.)
    let markdown = style == .markdown
    return TermRendering.render(
      sentence, matches: own, mode: terms.mode, mark: { markdown ? "**\($0)**" : $0 })
  }

  /// A rendered chosen sentence with the cuts of its quotation marked (`"[…] `, ` […]"`), the
  /// marks escaped for HTML.
  func quotationMarked(_ rendered: String, quotation: SummaryQuotation?) -> String {
    guard let quotation, quotation.cutBefore != nil || quotation.cutAfter != nil else { return rendered }
    guard style == .html else { return quotation.marking(rendered) }
    let placeholder = "\u{E002}"
    let parts = quotation.marking(
      placeholder, opensWithOmission: SummaryQuotation.opensWithOmission(rendered)
    ).components(separatedBy: placeholder)
    return escape(parts[0]) + rendered + escape(parts.dropFirst().joined())
  }

  /// `rendered` without the list marker a scraped sentence opens with (`• `, `- `, `-► `, `*`,
  /// an intertitle's closing dash glued to it, `-Celui qui…`): the brief's items have their
  /// own. A dash before a figure is a minus (`-5 %`) and stays.
  static func withoutListMarker(_ rendered: String) -> String {
    // (Most items open with a letter or a quote: one scalar read settles it.)
    guard let first = rendered.unicodeScalars.first, first.isListBullet else { return rendered }
    let scalars = rendered.unicodeScalars
    var index = scalars.startIndex
    while index < scalars.endIndex, scalars[index].isListBullet { index = scalars.index(after: index) }
    guard index < scalars.endIndex, scalars[index].properties.numericType == nil else { return rendered }
    while index < scalars.endIndex, scalars[index] == " " || scalars[index] == "\u{A0}" {
      index = scalars.index(after: index)
    }
    return index < scalars.endIndex ? String(scalars[index...]) : rendered
  }

  /// `text` made safe for HTML, in an HTML brief.
  func escape(_ text: String) -> String {
    style == .html ? BriefWriter.escapeHTML(text) : text
  }

  /// `text` made safe for HTML.
  static func escapeHTML(_ text: String) -> String {
    // By bytes: a quotation mark followed by a combining mark is one character that is not
    // `"`, and walking characters (Unicode's grapheme rules) took a tenth of an HTML brief.
    func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 }
    guard text.utf8.contains(where: special) else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      switch byte {
      case 0x26: bytes += "&amp;".utf8
      case 0x3C: bytes += "&lt;".utf8
      case 0x3E: bytes += "&gt;".utf8
      case 0x22: bytes += "&quot;".utf8
      default: bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  func write(keyTerms: Bool) -> String {
    let sentences = document.sentences ?? []
    var lines: [String] = []
    if style == .html {
      lines += [
        "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
        "<title>\(escape(document.title.flatMap { $0 < sentences.count ? sentences[$0].text : nil } ?? "Brief"))</title>",
        "<style>" + BriefWriter.css + "</style>", "</head>", "<body>",
      ]
    }
    if let title = document.title, title < sentences.count {
      switch style {
      case .text: lines += [sentence(sentences[title]), ""]
      case .markdown: lines += ["# " + sentence(sentences[title]), ""]
      case .html: lines.append("<h1>\(sentence(sentences[title]))</h1>")
      }
    }
    let chosen: [Int]
    let heading: String
    if let summary = document.summary {
      chosen = summary.chosen
      heading = "Summary (\(chosen.count) of \(sentences.count) sentence\(sentences.count == 1 ? "" : "s"))"
    } else {
      chosen = sentences.indices.filter { $0 != document.title }
      heading = "Text"
    }
    switch style {
    case .text: lines.append(heading)
    case .markdown: lines += ["## " + heading, ""]
    case .html: lines += ["<h2>\(heading)</h2>", "<ul>"]
    }
    // Each chosen sentence is an item, but the sentences of one quotation shown together make
    // one item: `"Il était calme. L'enfant sage…", raconte…`.
    let scores = document.summary?.scores ?? []
    var items: [String] = []
    for index in chosen where index < sentences.count {
      let quotation = index < scores.count ? scores[index].quotation : nil
      let text = quotationMarked(
        BriefWriter.withoutListMarker(sentence(sentences[index])), quotation: quotation)
      if quotation?.followsOn == true, !items.isEmpty {
        items[items.count - 1] += " " + text
      } else {
        items.append(text)
      }
    }
    for item in items {
      switch style {
      case .text: lines.append("  • " + item)
      case .markdown: lines.append("- " + item)
      case .html: lines.append("<li>\(item)</li>")
      }
    }
    if style == .html { lines.append("</ul>") }
    if keyTerms, let terms = document.terms {
      // Terms in page debris (a slug, a script, a related link) are not the article's.
      let debris = Set(
        (document.summary?.scores ?? []).filter { $0.reason.hasPrefix("debris") }.map(\.sentence))
      let table =
        debris.isEmpty
        ? terms.keyTerms
        : KeyTerm.table(from: terms.matches) {
          !terms.matches[$0].kept && !debris.contains(terms.matches[$0].sentence)
        }
      lines += keyTermLines(table)
      lines += unrenderedLines(terms.unresolved.filter { !debris.contains($0.sentence) })
    }
    if style == .html {
      lines += articleLines()
      lines += ["</body>", "</html>"]
    }
    // Each line and its line break appended to one string made with room for them all (joining
    // and then adding the last break copied the whole brief twice).
    var brief = ""
    brief.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
    for line in lines {
      brief += line
      brief += "\n"
    }
    return brief
  }

  /// The page's style sheet (the page loads nothing from the network).
  static let css = [
    "body{font-family:Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}",
    "h1{font-size:1.5em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}",
    "mark.term{background:#fff3b0;padding:0 .1em} td.count{text-align:right}",
    "table{border-collapse:collapse} td,th{padding:.15em .6em;border-bottom:1px solid #eee;text-align:left}",
    "abbr.term{text-decoration:none;border-bottom:2px dotted #c90;cursor:help}",
    "div.sentence{display:flex;gap:.8em;align-items:baseline;margin:.15em 0;padding:.2em .4em;border-radius:4px}",
    "div.sentence.chosen{background:#dff3e3;outline:1px solid #7cc48a}",
    "div.sentence.excluded{color:#888}",
    "span.score{flex:0 0 7em;font:12px/1.2 sans-serif;color:#555}",
    "span.bar{display:inline-block;height:.6em;background:#4a90d9;vertical-align:middle;margin-right:.3em}",
    "div.paragraph{margin-bottom:.9em}",
  ].joined(separator: " ")

  /// The whole article, paragraph by paragraph: chosen sentences highlighted, each sentence's
  /// score drawn as a bar (with its rank and reason on hover), glossary terms marked with the
  /// French and English on hover.
  func articleLines() -> [String] {
    let sentences = document.sentences ?? []
    guard !sentences.isEmpty else { return [] }
    let scores = Dictionary(
      (document.summary?.scores ?? []).map { ($0.sentence, $0) }, uniquingKeysWith: { first, _ in first })
    let best = max(scores.values.map(\.total).max() ?? 0, 1e-9)
    let chosen = Set(document.summary?.chosen ?? [])
    let matches = document.terms?.matches ?? []
    var lines = ["<h2>Article</h2>"]
    var paragraph = -1
    for sentence in sentences {
      if sentence.paragraph != paragraph {
        if paragraph >= 0 { lines.append("</div>") }
        lines.append("<div class=\"paragraph\">")
        paragraph = sentence.paragraph
      }
      let row = scores[sentence.index]
      let width = Int(((row?.total ?? 0) / best * 100).rounded())
      let kind = chosen.contains(sentence.index) ? " chosen" : (row?.rank == nil ? " excluded" : "")
      let rank = row?.rank.map { "rank \($0), " } ?? ""
      let tip = escape("\(rank)score \(row?.total ?? 0): \(row?.reason ?? "")")
      lines.append(
        "<div class=\"sentence\(kind)\" title=\"\(tip)\"><span class=\"score\"><span class=\"bar\" "
          + "style=\"width:\(max(width, 0) * 5 / 10)px\"></span>\(String(format: "%.2f", row?.total ?? 0))</span>"
          + "<span>\(markedText(sentence, matches: matches))</span></div>")
    }
    lines.append("</div>")
    return lines
  }

  /// A sentence's French text with its glossary terms wrapped in `<abbr>` (French → English).
  func markedText(_ sentence: Sentence, matches: [TermMatch]) -> String {
    let scalars = Array(sentence.text.unicodeScalars)
    var output = ""
    var cursor = 0
    // (Only the sentence's own matches are read: reading all of them for every sentence took
    // 78 s for the HTML of a 50 MB article.)
    for match in self.matches(of: sentence, in: matches) where match.sentence == sentence.index {
      let start = match.span.start - sentence.span.start
      let end = match.span.end - sentence.span.start
      guard start >= cursor, end <= scalars.count else { continue }
      output += escape(String(String.UnicodeScalarView(scalars[cursor..<start])))
      let french = String(String.UnicodeScalarView(scalars[start..<end]))
      output +=
        "<abbr class=\"term\" title=\"\(escape(match.source)) → \(escape(match.target))\">\(escape(french))</abbr>"
      cursor = end
    }
    output += escape(String(String.UnicodeScalarView(scalars[cursor...])))
    return output.replacingNewlines()
  }

  /// The terms found but left unrendered, once each with its count and first sentence, and why:
  /// several senses that no domain of the pipeline's chooses, or an English that varies (a
  /// glossary loaded with `render: false`). Nothing when there are none.
  func unrenderedLines(_ terms: [UnresolvedTerm]) -> [String] {
    var rows: [(term: UnresolvedTerm, count: Int)] = []
    var positions = [String: Int](minimumCapacity: min(terms.count, 1_024))
    for term in terms {
      if let position = positions[term.source] {
        rows[position].count += 1
      } else {
        positions[term.source] = rows.count
        rows.append((term, 1))
      }
    }
    guard !rows.isEmpty else { return [] }
    func suggestion(_ term: UnresolvedTerm) -> String { term.candidates.joined(separator: " / ") }
    func why(_ term: UnresolvedTerm) -> String {
      switch term.reason {
      case .ambiguous: "several senses: choose with 'domains:'"
      case .variable: "English varies: a suggestion"
      case .name: "part of a name: left as written"
      }
    }
    var lines: [String] = []
    switch style {
    case .text:
      lines += ["", "Not rendered (French → suggested English, count, first sentence, why)"]
      // Each cell is made and measured once; each line is written as UTF-8 bytes, then made a
      // string once (as the key-term lines are).
      let suggestions = rows.map { suggestion($0.term) }
      let sourceWidths = rows.map { $0.term.source.characterCount }
      let suggestionWidths = suggestions.map(\.characterCount)
      let counts = rows.map { String($0.count) }
      let places = rows.map { "#" + String($0.term.sentence + 1) }
      let width = sourceWidths.max() ?? 0
      let suggestionWidth = suggestionWidths.max() ?? 0
      let countWidth = counts.map(\.utf8.count).max() ?? 0
      let placeWidth = (places.map(\.utf8.count).max() ?? 0)
      var bytes: [UInt8] = []
      func spaces(_ count: Int) { if count > 0 { bytes += repeatElement(0x20, count: count) } }
      for index in rows.indices {
        bytes.removeAll(keepingCapacity: true)
        bytes += [0x20, 0x20]
        bytes += rows[index].term.source.utf8
        spaces(width - sourceWidths[index])
        bytes += "  →  ".utf8
        bytes += suggestions[index].utf8
        spaces(suggestionWidth - suggestionWidths[index])
        spaces(2 + countWidth - counts[index].utf8.count)
        bytes += counts[index].utf8
        bytes += [0x20, 0x20]
        bytes += places[index].utf8
        spaces(placeWidth - places[index].utf8.count + 2)
        bytes += why(rows[index].term).utf8
        lines.append(String(decoding: bytes, as: UTF8.self))
      }
    case .markdown:
      lines += [
        "", "## Not rendered", "", "| French | Suggested English | Count | First sentence | Why |",
        "|---|---|---:|---:|---|",
      ]
      for (term, count) in rows {
        lines.append(
          "| \(term.source) | \(suggestion(term)) | \(count) | \(term.sentence + 1) | \(why(term)) |")
      }
    case .html:
      lines += [
        "<h2>Not rendered</h2>", "<table>",
        "<tr><th>French</th><th>Suggested English</th><th>Count</th><th>First sentence</th><th>Why</th></tr>",
      ]
      for (term, count) in rows {
        lines.append(
          "<tr><td>\(escape(term.source))</td><td>\(escape(suggestion(term)))</td>"
            + "<td class=\"count\">\(count)</td><td class=\"count\">\(term.sentence + 1)</td>"
            + "<td>\(escape(why(term)))</td></tr>")
      }
      lines.append("</table>")
    }
    return lines
  }

  /// The key-terms table: each term, its English, how often it occurs and its first sentence.
  func keyTermLines(_ terms: [KeyTerm]) -> [String] {
    var lines: [String] = []
    switch style {
    case .text:
      lines.append("")
      guard !terms.isEmpty else { return lines + ["Key terms: none found"] }
      lines.append("Key terms (French → English, count, first sentence)")
      // Each cell's width is counted once. (The rows are read where they are, by index: each
      // copy of a row counted a reference to each of its strings.)
      let sourceWidths = terms.indices.map { terms[$0].source.characterCount }
      let targetWidths = terms.indices.map { terms[$0].target.characterCount }
      let width = sourceWidths.max() ?? 0
      let targetWidth = targetWidths.max() ?? 0
      let countWidth = terms.indices.map { String(terms[$0].count).utf8.count }.max() ?? 0
      // Each line is written as UTF-8 bytes, then made a string once: appending its nine
      // pieces to a string cost about 6,000 instructions a line.
      var bytes: [UInt8] = []
      func spaces(_ count: Int) { if count > 0 { bytes += repeatElement(0x20, count: count) } }
      for index in terms.indices {
        let count = String(terms[index].count)
        bytes.removeAll(keepingCapacity: true)
        bytes += [0x20, 0x20]
        bytes += terms[index].source.utf8
        spaces(width - sourceWidths[index])
        bytes += "  →  ".utf8
        bytes += terms[index].target.utf8
        spaces(targetWidth - targetWidths[index])
        spaces(2 + countWidth - count.utf8.count)
        bytes += count.utf8
        bytes += [0x20, 0x20, 0x23]
        bytes += String(terms[index].firstSentence + 1).utf8
        lines.append(String(decoding: bytes, as: UTF8.self))
      }
    case .markdown:
      lines.append("")
      guard !terms.isEmpty else { return lines + ["## Key terms", "", "No glossary term found."] }
      lines += ["## Key terms", "", "| French | English | Count | First sentence |", "|---|---|---:|---:|"]
      for term in terms {
        lines.append("| \(term.source) | \(term.target) | \(term.count) | \(term.firstSentence + 1) |")
      }
    case .html:
      lines.append("<h2>Key terms</h2>")
      guard !terms.isEmpty else { return lines + ["<p>No glossary term found.</p>"] }
      lines.append("<table>")
      lines.append("<tr><th>French</th><th>English</th><th>Count</th><th>First sentence</th></tr>")
      for term in terms {
        lines.append(
          "<tr><td>\(escape(term.source))</td><td>\(escape(term.target))</td>"
            + "<td class=\"count\">\(term.count)</td><td class=\"count\">\(term.firstSentence + 1)</td></tr>")
      }
      lines.append("</table>")
    }
    return lines
  }
}
