import Foundation
import PrecisCore

/// Decodes the raw input and normalizes it: UTF-8 checked (the first invalid byte is named),
/// BOM removed, CRLF and CR made LF, Unicode NFC, control characters made spaces, runs of
/// spaces collapsed, soft-wrapped lines inside a paragraph joined, paragraph breaks kept.
public struct NormalizeStage: Stage {
  public static let typeName = "normalize"
  public static let summary = "decode UTF-8, NFC, tidy spaces, join soft-wrapped lines"
  public static let options: [OptionSpec] = [
    OptionSpec(
      "join-wrapped", .boolean, default: "true",
      help: "join lines that were hard-wrapped inside a paragraph"),
    OptionSpec(
      "wrap-ratio", .number(0.1...1.0), default: "0.6",
      help: "a line at least this share of its paragraph's longest line counts as wrapped"),
    OptionSpec(
      "invalid-utf8", .choice(["error", "replace"]), default: "error",
      help:
        "bytes that are not UTF-8: stop with an error naming the first, or replace each with U+FFFD and warn"),
  ]
  public static let requires: [Layer] = [.input]
  public static let produces: [Layer] = [.text]

  let joinWrapped: Bool
  let wrapRatio: Double
  let replaceInvalid: Bool

  public init(options: StageOptions) throws {
    joinWrapped = options.boolean("join-wrapped") ?? true
    wrapRatio = options.number("wrap-ratio") ?? 0.6
    replaceInvalid = options.string("invalid-utf8") == "replace"
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    guard let input = document.input else {
      throw StageError(stage: context.stageID, "the document has no input bytes")
    }
    let normalized = try normalize(bytes: input, source: document.source)
    if normalized.replaced > 0 {
      document.warnings.append(
        Diagnostic(
          .warning,
          "replaced \(normalized.replaced) invalid UTF-8 sequence\(normalized.replaced == 1 ? "" : "s") "
            + "with U+FFFD (the first at byte \(normalized.firstInvalid ?? 0))",
          at: SourceLocation(file: document.source),
          notes: ["convert the file to UTF-8 to keep every character, e.g. 'iconv -f WINDOWS-1252 -t UTF-8'"])
      )
    }
    document.text = normalized.text
    document.paragraphs = normalized.paragraphs
    document.input = nil
  }

  /// The normalized text and its paragraph spans; `replaced` counts the invalid UTF-8
  /// sequences replaced with U+FFFD (only with `invalid-utf8: replace`; otherwise the first is
  /// an error), `firstInvalid` is the byte offset of the first. A long text is normalized in
  /// up to `parts` parts at once.
  public func normalize(
    bytes: [UInt8], source: String, parts: Int = Parallel.cores
  ) throws -> (
    text: String, paragraphs: [Span], replaced: Int, firstInvalid: Int?
  ) {
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      throw InputError(
        "the text is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8",
        at: SourceLocation(file: source, line: 1),
        notes: ["convert it first: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8"])
    }
    let firstInvalid = UTF8Validation.firstInvalidOffset(in: bytes)
    if let offset = firstInvalid, !replaceInvalid {
      let line = UTF8Validation.line(ofByte: offset, in: bytes)
      throw InputError(
        "invalid UTF-8 at byte \(offset) (0x\(String(bytes[offset], radix: 16, uppercase: true)))",
        at: SourceLocation(file: source, line: line),
        notes: [
          "convert the file to UTF-8, e.g. 'iconv -f WINDOWS-1252 -t UTF-8', "
            + "or pass --lossy to replace what is not UTF-8"
        ])
    }
    let replaced = firstInvalid == nil ? 0 : UTF8Validation.invalidSequenceCount(in: bytes)
    // A long text is cut between paragraphs, and the parts are normalized on the cores: a
    // part starts after a blank line, where one pass would start afresh too.
    let input = bytes
    let ranges = input.withUnsafeBufferPointer { Parallel.paragraphRanges($0, parts: parts) }
    let parts = try Parallel.map(ranges.count, threshold: 1, cores: ranges.count) { range in
      try range.map { part in
        let decoded = input.withUnsafeBufferPointer {
          String(decoding: UnsafeBufferPointer(rebasing: $0[ranges[part]]), as: UTF8.self)
        }
        return normalize(text: try ICUNormalizer.nfc(decoded))
      }
    }
    let normalized = parts.count == 1 ? parts[0] : NormalizeStage.join(parts)
    return (normalized.text, normalized.paragraphs, replaced, firstInvalid)
  }

  /// Normalized parts of one text joined as one pass would have written them: a blank line
  /// between paragraphs, spans moved by what comes before.
  static func join(_ parts: [(text: String, paragraphs: [Span])]) -> (text: String, paragraphs: [Span]) {
    var output: [UInt8] = []
    output.reserveCapacity(parts.reduce(0) { $0 + $1.text.utf8.count + 2 })
    var spans: [Span] = []
    var offset = 0
    for part in parts {
      guard let last = part.paragraphs.last else { continue }
      if !spans.isEmpty {
        output.append(contentsOf: [0x0A, 0x0A])
        offset += 2
      }
      output.append(contentsOf: part.text.utf8)
      spans.append(contentsOf: part.paragraphs.map { Span(start: $0.start + offset, end: $0.end + offset) })
      offset += last.end
    }
    return (String(decoding: output, as: UTF8.self), spans)
  }

  /// Line endings, control characters, spaces, wrapped lines and paragraphs, on NFC text.
  public func normalize(text: String) -> (text: String, paragraphs: [Span]) {
    // One pass splits the lines and tidies their spaces as it goes: spaces trimmed at both
    // ends; a run of two or more white-space characters becomes one space; a lone no-break
    // space is kept (French typography); control characters and tabs are spaces.
    var paragraphs: [[[Unicode.Scalar]]] = []
    var current: [[Unicode.Scalar]] = []
    var line: [Unicode.Scalar] = []
    var run = 0
    var runScalar: Unicode.Scalar = " "
    func endLine() {
      if line.isEmpty {
        if !current.isEmpty { paragraphs.append(current) }
        current = []
      } else {
        current.append(line)
        line = []
      }
      run = 0
    }
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\r":
        endLine()
        previousWasCR = true
        continue
      case "\n", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}":
        if !(scalar == "\n" && previousWasCR) { endLine() }
      case "\u{FEFF}", "\u{00AD}", "\u{200B}":
        break  // BOM inside the text, soft hyphen, zero-width space: invisible, dropped.
      default:
        // A control character (a tab too) is a space.
        let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        let kept = isControl ? " " : scalar
        if kept.isSpaceSeparator {
          if run == 0 { runScalar = kept }
          run += 1
        } else {
          if run > 0, !line.isEmpty { line.append(run == 1 ? runScalar : " ") }
          run = 0
          line.append(kept)
        }
      }
      previousWasCR = false
    }
    endLine()
    if !current.isEmpty { paragraphs.append(current) }

    // Encoded to UTF-8 here: appending scalars to a `String.UnicodeScalarView` one by one was
    // 8% of a corpus run.
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    var spans: [Span] = []
    var offset = 0
    for (index, paragraph) in paragraphs.enumerated() {
      if index > 0 {
        output.append(contentsOf: [0x0A, 0x0A])
        offset += 2
      }
      let joined = join(paragraph)
      for scalar in joined { UTF8.encode(scalar) { output.append($0) } }
      spans.append(Span(start: offset, end: offset + joined.count))
      offset += joined.count
    }
    return (String(decoding: output, as: UTF8.self), spans)
  }

  /// The paragraph's lines joined: a line break is kept where it ends a line that stands
  /// alone (a heading, a dateline, a slug), and replaced by a space where the line was wrapped.
  func join(_ lines: [[Unicode.Scalar]]) -> [Unicode.Scalar] {
    var result = lines[0]
    guard lines.count > 1 else { return result }
    let longest = lines.map(\.count).max() ?? 0
    let endsSentence = lines.last.map { SentenceSplitter.isTerminated($0[...]) } ?? false
    for index in 1..<lines.count {
      let previous = lines[index - 1]
      let next = lines[index]
      if joinWrapped
        && isWrapped(previous, before: next, longest: longest, paragraphEndsSentence: endsSentence)
      {
        if let last = previous.last, last == "-", previous.count >= 2,
          previous[previous.count - 2].properties.isLowercase,
          next.first?.properties.isLowercase == true
        {
          result.append(contentsOf: next)  // `semi-` + `conducteurs`: the hyphen stays
        } else {
          result.append(" ")
          result.append(contentsOf: next)
        }
      } else {
        result.append("\n")
        result.append(contentsOf: next)
      }
    }
    return result
  }

  /// Whether the break between `line` and `next` is a soft wrap: the paragraph looks wrapped
  /// (its longest line is at least 40 characters), this line is nearly as long as the longest,
  /// the next line continues the text, and it is not a short unpunctuated line standing alone
  /// (a label after a slug) unless this line plainly stops mid-sentence.
  func isWrapped(
    _ line: [Unicode.Scalar], before next: [Unicode.Scalar], longest: Int, paragraphEndsSentence: Bool
  ) -> Bool {
    // A line that stops on a lowercase word or a comma, before a line that goes on in
    // lowercase, is one sentence broken in two (text copied from a PDF), whatever the lengths,
    // when the paragraph ends a sentence (a list of labels does not).
    if paragraphEndsSentence, let last = line.last, let first = next.first,
      first.properties.isLowercase, last.properties.isLowercase || last == ","
    {
      return true
    }
    // A list item (`- item`, `• item`, `1. item`) starts its own line.
    if let first = next.first, "-–—•*".unicodeScalars.contains(first), next.count > 1,
      next[1].properties.isWhitespace
    {
      return false
    }
    let threshold = wrapRatio * Double(longest)
    guard longest >= 40, Double(line.count) >= threshold, let first = next.first, let last = line.last
    else { return false }
    let props = first.properties
    guard props.isAlphabetic || props.numericType != nil || "«“\"'(‘[—–-".unicodeScalars.contains(first)
    else { return false }
    let midSentence = last.properties.isLowercase || ",;-–(".unicodeScalars.contains(last)
    let nextStandsAlone =
      Double(next.count) < threshold
      && !".!?…".unicodeScalars.contains(
        next.reversed().first { !"»”\")".unicodeScalars.contains($0) } ?? " ")
    return midSentence || !nextStandsAlone
  }
}
