import Foundation
import PrecisCore

/// Why each sentence of a summarized document was or was not chosen: one row per sentence with
/// its rank, score, score components, reason and glossary terms, as an aligned table or JSON.
///
/// Sentences are numbered from 1 here, and so are the sentence numbers inside reasons
/// (`near-duplicate of sentence 4`), which the document itself counts from 0.
public enum ExplainTable {
  /// One sentence of the document and what the summarizer made of it.
  public struct Row: Sendable, Equatable, Encodable {
    /// The sentence's number in the document, from 1.
    public var sentence: Int
    /// The rank among candidates, from 1; `nil` when the sentence is not a candidate.
    public var rank: Int?
    /// The weighted total score (0 for sentences that are not candidates).
    public var total: Double
    /// The parts of the total; `nil` when the sentence is not a candidate.
    public var components: ScoreComponents?
    /// The redundancy penalty of maximal marginal relevance; `nil` when never considered.
    public var redundancy: Double?
    /// Whether the sentence is in the summary.
    public var chosen: Bool
    /// Why the sentence was or was not chosen, with sentence numbers counted from 1.
    public var reason: String
    /// The glossary terms in the sentence as `source→target`, in text order, each pair once.
    public var terms: [String]
    /// The whole sentence, with line breaks and tabs shown as spaces.
    public var text: String

    /// Creates a row.
    public init(
      sentence: Int, rank: Int?, total: Double, components: ScoreComponents?, redundancy: Double? = nil,
      chosen: Bool, reason: String, terms: [String], text: String
    ) {
      self.redundancy = redundancy
      self.sentence = sentence
      self.rank = rank
      self.total = total
      self.components = components
      self.chosen = chosen
      self.reason = reason
      self.terms = terms
      self.text = text
    }

    private enum CodingKeys: String, CodingKey {
      case sentence, rank, total, position, centrality, title, keyTerms, length, redundancy, chosen, reason
      case terms
      case text
    }

    /// Encodes the row flat, with `null` (never a missing key) for an absent rank or component.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(sentence, forKey: .sentence)
      try container.encode(rank, forKey: .rank)
      try container.encode(total, forKey: .total)
      try container.encode(components?.position, forKey: .position)
      try container.encode(components?.centrality, forKey: .centrality)
      try container.encode(components?.title, forKey: .title)
      try container.encode(components?.keyTerms, forKey: .keyTerms)
      try container.encode(components?.length, forKey: .length)
      try container.encode(redundancy, forKey: .redundancy)
      try container.encode(chosen, forKey: .chosen)
      try container.encode(reason, forKey: .reason)
      try container.encode(terms, forKey: .terms)
      try container.encode(text, forKey: .text)
    }
  }

  /// How many characters of sentence text a table shows when no line width is given.
  public static let defaultTextWidth = 60
  /// The fewest characters of sentence text a table shows, however narrow the line.
  public static let minimumTextWidth = 20
  /// The most characters the terms column takes before it is cut with `…`.
  public static let maximumTermsWidth = 40

  // MARK: - Rows

  /// One row per sentence of `document`, in document order. Sentences without a score row (a
  /// document that was not summarized) get a total of 0, no rank and an empty reason.
  public static func rows(of document: Document) -> [Row] {
    let scores = Dictionary(
      (document.summary?.scores ?? []).map { ($0.sentence, $0) }, uniquingKeysWith: { first, _ in first })
    let matches = Dictionary(grouping: document.terms?.matches ?? [], by: \.sentence)
    return (document.sentences ?? []).map { sentence in
      let score = scores[sentence.index]
      var terms: [String] = []
      var seen: Set<String> = []
      for match in matches[sentence.index] ?? [] {
        let pair = "\(match.source)→\(match.target)"
        if seen.insert(pair).inserted { terms.append(pair) }
      }
      return Row(
        sentence: sentence.index + 1, rank: score?.rank, total: score?.total ?? 0,
        components: score?.components, redundancy: score?.redundancy, chosen: score?.chosen ?? false,
        reason: oneBased(score?.reason ?? ""), terms: terms, text: flattened(sentence.text))
    }
  }

  /// `reason` with every `sentence N` counted from 1 instead of 0 (`near-duplicate of sentence
  /// 3` becomes `… sentence 4`), to match the row numbers.
  static func oneBased(_ reason: String) -> String {
    var words = reason.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    for position in words.indices.dropFirst() where words[position - 1] == "sentence" {
      let word = words[position]
      let digits = word.prefix { $0.isASCII && $0.isNumber }
      guard let number = Int(digits) else { continue }
      words[position] = String(number + 1) + word.dropFirst(digits.count)
    }
    return words.joined(separator: " ")
  }

  /// `text` on one line: line breaks and tabs become spaces.
  static func flattened(_ text: String) -> String {
    guard hasBreakOrTab(text) else { return text }
    return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
  }

  /// Whether `text` has a tab or a line break (U+000A to U+000D, U+0085, U+2028, U+2029),
  /// seen in its bytes: most sentences have none, and walking their characters took a sixth of
  /// `explain` on a long article.
  static func hasBreakOrTab(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      for index in bytes.indices {
        switch bytes[index] {
        case 0x09...0x0D: return true
        case 0xC2: if index + 1 < bytes.count, bytes[index + 1] == 0x85 { return true }
        case 0xE2:
          if index + 2 < bytes.count, bytes[index + 1] == 0x80,
            bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
          {
            return true
          }
        default: continue
        }
      }
      return false
    }
  }

  // MARK: - Table

  /// The rows as an aligned table under a header row, one line per row, numbers with three
  /// decimals, blank cells for an absent rank or component.
  ///
  /// Widths count `Character`s, so accented text stays aligned. The sentence text comes last,
  /// cut with `…` to fit `lineWidth` characters in all (but never to fewer than
  /// `minimumTextWidth`), or to `defaultTextWidth` when `lineWidth` is `nil`. With `bold`, the
  /// rows of chosen sentences are wrapped in ANSI bold codes (for terminals only).
  public static func text(_ rows: [Row], lineWidth: Int? = nil, bold: Bool = false) -> String {
    let headers = [
      "#", "rank", "total", "position", "centrality", "title", "key terms", "length", "redundancy", "chosen",
      "reason", "terms", "text",
    ]
    let rightAligned = [true, true, true, true, true, true, true, true, true, false, false, false, false]
    var cells = rows.map { row -> [String] in
      let components = row.components
      return [
        String(row.sentence), row.rank.map(String.init) ?? "", decimal(row.total),
        decimal(components?.position), decimal(components?.centrality), decimal(components?.title),
        decimal(components?.keyTerms), decimal(components?.length), decimal(row.redundancy),
        row.chosen ? "✓" : "", row.reason,
        cut(row.terms.joined(separator: ", "), to: maximumTermsWidth), row.text,
      ]
    }
    let separator = "  "
    let last = headers.count - 1
    // (The text column has no width: it is cut to what the others leave.)
    var widths = headers.indices.map { column in
      column == last ? 0 : ([headers[column]] + cells.map { $0[column] }).map(\.count).max() ?? 0
    }
    let before = widths.prefix(last).reduce(0, +) + separator.count * last
    let textWidth = lineWidth.map { max(minimumTextWidth, $0 - before) } ?? defaultTextWidth
    for index in cells.indices { cells[index][last] = cut(cells[index][last], to: textWidth) }
    widths[last] = 0

    /// One line of the table, with the cells padded to their column's width.
    func line(_ values: [String]) -> String {
      var padded: [String] = []
      for (column, value) in values.enumerated() {
        let padding = String.spaces(widths[column] - value.count)
        padded.append(rightAligned[column] ? padding + value : value + padding)
      }
      var result = padded.joined(separator: separator)
      while result.last == " " { result.removeLast() }
      return result
    }

    var lines = [line(headers)]
    for (row, values) in zip(rows, cells) {
      let text = line(values)
      lines.append(bold && row.chosen ? "\u{1B}[1m" + text + "\u{1B}[0m" : text)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `value` with three decimals, or an empty string when it is `nil`.
  static func decimal(_ value: Double?) -> String {
    guard let value else { return "" }
    // (The C library's `%.3f`, which `String(format:)` also uses, without Foundation's format
    // parsing: that was an eighth of `explain` on a long article.)
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 352) { buffer in
      guard let base = buffer.baseAddress else { return String(format: "%.3f", value) }
      let count = withVaList([value]) { vsnprintf(base, buffer.count, "%.3f", $0) }
      guard count >= 0, count < buffer.count else { return String(format: "%.3f", value) }
      return String(decoding: UnsafeRawBufferPointer(start: base, count: Int(count)), as: UTF8.self)
    }
  }

  /// `text` cut to at most `width` characters, ending with `…` when something was cut.
  static func cut(_ text: String, to width: Int) -> String {
    // (Counted only as far as `width` characters: a sentence can be long.)
    if width >= 0 {
      guard let limit = text.index(text.startIndex, offsetBy: width, limitedBy: text.endIndex),
        limit != text.endIndex
      else { return text }
    }
    guard width > 1 else { return String(repeating: "…", count: max(0, width)) }
    var kept = String(text.prefix(width - 1))
    while kept.last == " " { kept.removeLast() }
    return kept + "…"
  }

  // MARK: - JSON

  /// The rows as a JSON array of flat objects: sorted keys, two-space indentation, numbers as
  /// numbers, `null` for an absent rank or component, the whole sentence text; the same rows
  /// always give the same bytes. Ends with a newline.
  public static func json(_ rows: [Row]) throws -> String {
    try SortedJSON.encode(rows)
  }
}
