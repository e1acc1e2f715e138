import Foundation
import PrecisCore

/// Decodes the raw input and normalizes it: UTF-8 checked (the first invalid byte is named),
/// BOM removed, CRLF and CR made LF, Unicode NFC, control characters made spaces, runs of
/// spaces collapsed, soft-wrapped lines inside a paragraph joined, paragraph breaks kept;
/// an HTML page is read with libxml2 and its article's text taken (`HTMLPage`), a text in
/// Markdown for its words (`MarkdownText`); HTML left in a text (tags and character
/// references) is warned of.
public struct NormalizeStage: Stage {
  public static let typeName = "normalize"
  public static let summary =
    "decode UTF-8 (or take an HTML page's article, a Markdown text's words), NFC, tidy spaces, join soft-wrapped lines"
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
    OptionSpec(
      "html", .choice(["extract", "text", "always"]), default: "extract",
      help:
        "an HTML page: take its article's text (title, paragraphs; no scripts, menus or share bars), read it as text and warn, "
        + "or read every input as HTML (articles' HTML bodies, '<p>…</p>')"
    ),
    OptionSpec(
      "markdown", .choice(["extract", "text", "always"]), default: "extract",
      help:
        "a text in Markdown ('# Titre', '**gras**', '[lien](https://…)'): take its words without the marks, "
        + "read it as it is, or read every input as Markdown"
    ),
  ]
  public static let requires: [Layer] = [.input]
  public static let produces: [Layer] = [.text]

  let joinWrapped: Bool
  let wrapRatio: Double
  let replaceInvalid: Bool
  let extractHTML: Bool
  /// Whether every input is read as HTML, a page or not (a corpus of articles' HTML bodies).
  let alwaysHTML: Bool
  /// Whether a text found to be Markdown (`MarkdownText.detect`) is read for its words.
  let extractMarkdown: Bool
  /// Whether every text is read as Markdown.
  let alwaysMarkdown: Bool

  public init(options: StageOptions) throws {
    joinWrapped = options.boolean("join-wrapped") ?? true
    wrapRatio = options.number("wrap-ratio") ?? 0.6
    replaceInvalid = options.string("invalid-utf8") == "replace"
    extractHTML = options.string("html") != "text"
    alwaysHTML = options.string("html") == "always"
    extractMarkdown = options.string("markdown") != "text"
    alwaysMarkdown = options.string("markdown") == "always"
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    guard let input = document.input else {
      throw StageError(stage: context.stageID, "the document has no input bytes")
    }
    // (A compressed or UTF-16 input is left to `normalize(bytes:)`, which says how to read it.)
    if alwaysHTML && ForeignInput.detect(input) == nil
      || extractHTML && NormalizeStage.htmlStart(of: input) != nil,
      let page = input.withUnsafeBufferPointer(HTMLPage.extract)
    {
      if let warning = NormalizeStage.encodingWarning(page, source: document.source) {
        document.warnings.append(warning)
      }
      if page.text.isEmpty {
        document.warnings.append(
          Diagnostic(
            .warning,
            "the HTML page has no text outside its scripts, styles, forms and menus",
            at: SourceLocation(file: document.source, line: 1),
            notes: [
              "a page whose scripts write its article must be saved from a browser once they have run (or give the article's text)"
            ]))
      }
      let normalized = try normalize(bytes: page.text, source: document.source)
      document.text = normalized.text
      document.paragraphs = normalized.paragraphs
      document.input = nil
      return
    }
    let normalized = try normalize(bytes: markdownText(of: input) ?? input, source: document.source)
    if normalized.replaced > 0 {
      document.warnings.append(
        Diagnostic(
          .warning,
          UTF8Validation.replacedMessage(count: normalized.replaced, first: normalized.firstInvalid ?? 0),
          at: SourceLocation(file: document.source),
          notes: ["convert the file to UTF-8 to keep every character, e.g. 'iconv -f WINDOWS-1252 -t UTF-8'"])
      )
    }
    if let start = NormalizeStage.htmlStart(of: input) {
      document.warnings.append(
        Diagnostic(
          .warning,
          "the input looks like an HTML page (it starts with '\(start)'): its tags and scripts are read as text",
          at: SourceLocation(file: document.source, line: 1),
          notes: [
            "give the article's text, or leave normalize's 'html' option at 'extract' to take it from the page"
          ]))
    } else if let markup = input.withUnsafeBufferPointer(HTMLMarkup.find) {
      document.warnings.append(NormalizeStage.markupWarning(markup, in: input, source: document.source))
    }
    document.text = normalized.text
    document.paragraphs = normalized.paragraphs
    document.input = nil
  }

  /// The words of `input` when it is Markdown to be read so (see `MarkdownText`), else `nil`:
  /// not for bytes that are not UTF-8 (their error or warning names the input's own byte).
  func markdownText(of input: [UInt8]) -> [UInt8]? {
    guard extractMarkdown,
      input.withUnsafeBufferPointer({ alwaysMarkdown || MarkdownText.detect($0) }),
      ForeignInput.detect(input) == nil, UTF8Validation.firstInvalidOffset(in: input) == nil
    else { return nil }
    return MarkdownText.text(of: input)
  }

  /// The warning for a page that is not UTF-8 and was not read in the encoding it declares,
  /// or `nil`.
  static func encodingWarning(_ page: HTMLPage.Extracted, source: String) -> Diagnostic? {
    guard let encoding = page.encoding else { return nil }
    let location = SourceLocation(file: source, line: 1)
    let fix = "declare its encoding ('<meta charset=\"iso-8859-15\">') or convert it to UTF-8"
    guard let declared = page.declared else {
      return Diagnostic(
        .warning, "the HTML page is not UTF-8 and declares no encoding: it was read as \(encoding)",
        at: location, notes: ["if its accents are wrong, \(fix)"])
    }
    if ["utf-8", "utf8"].contains(declared.lowercased()) {
      return Diagnostic(
        .warning, "the HTML page declares UTF-8 but holds bytes that are not: each was replaced with U+FFFD",
        at: location,
        notes: [
          "convert the page to UTF-8 from the encoding it was saved in, e.g. 'iconv -f WINDOWS-1252 -t UTF-8'"
        ])
    }
    guard encoding == declared else {
      return Diagnostic(
        .warning,
        "the HTML page declares the encoding '\(declared)', which ICU does not know: it was read as \(encoding)",
        at: location, notes: ["if its accents are wrong, \(fix)"])
    }
    return nil
  }

  /// The warning for HTML markup found in an article that is not a page: the first piece
  /// quoted, at its line and column (in Unicode scalars, a byte order mark aside), and how many
  /// there are.
  static func markupWarning(_ markup: HTMLMarkup.Found, in bytes: [UInt8], source: String) -> Diagnostic {
    var (line, column) = bytes.withUnsafeBufferPointer { JSONSyntax.location(of: markup.offset, in: $0) }
    if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { column -= 1 }
    let others = markup.count - 1
    let message =
      others == 0
      ? "the input holds HTML markup ('\(markup.text)'): it is read as text"
      : "the input holds HTML markup ('\(markup.text)' and \(others) more tag\(others == 1 ? "" : "s") or "
        + "character reference\(others == 1 ? "" : "s")): they are read as text"
    return Diagnostic(
      .warning, message, at: SourceLocation(file: source, line: line, column: column),
      notes: [
        "give the article's text: remove the tags and decode the character references ('&nbsp;', '&amp;', '&#39;') first"
      ])
  }

  /// How `bytes` start when they begin as an HTML page does (`<!DOCTYPE html`, `<html`; case
  /// and leading spaces and byte order mark aside), else `nil`.
  static func htmlStart(of bytes: [UInt8]) -> String? {
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
    guard start < bytes.count, bytes[start] == 0x3C else { return nil }
    let head = String(decoding: bytes[start..<min(bytes.count, start + 15)], as: UTF8.self).lowercased()
    for opening in ["<!doctype html", "<html"] where head.hasPrefix(opening) {
      return String(decoding: bytes[start..<(start + opening.utf8.count)], as: UTF8.self)
    }
    return nil
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
    if let foreign = ForeignInput.detect(bytes) { throw foreign.error(name: source) }
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
    let repair = firstInvalid != nil
    let ranges = input.withUnsafeBufferPointer { Parallel.paragraphRanges($0, parts: parts) }
    let parts = try Parallel.map(ranges.count, threshold: 1, cores: ranges.count) { range in
      try range.map { part in
        try input.withUnsafeBufferPointer { buffer in
          let slice = UnsafeBufferPointer(rebasing: buffer[ranges[part]])
          guard repair else { return try normalize(utf8: slice) }
          // Each invalid sequence replaced with U+FFFD, as `String(decoding:as:)` does it.
          let repaired = Array(String(decoding: slice, as: UTF8.self).utf8)
          return try repaired.withUnsafeBufferPointer { try normalize(utf8: $0) }
        }
      }
    }
    let normalized = parts.count == 1 ? parts[0] : NormalizeStage.join(bytes: parts)
    return (String(decoding: normalized.bytes, as: UTF8.self), normalized.paragraphs, replaced, firstInvalid)
  }

  /// Well-formed UTF-8 put in NFC (only the runs that need it go through ICU), then tidied
  /// by `tidy(_:)`.
  func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>) throws -> (bytes: [UInt8], paragraphs: [Span]) {
    guard let composed = try ICUNormalizer.nfc(utf8: bytes) else { return tidy(bytes) }
    return composed.withUnsafeBufferPointer { tidy($0) }
  }

  /// Normalized parts of one text joined as one pass would have written them: a blank line
  /// between paragraphs, spans moved by what comes before.
  static func join(_ parts: [(text: String, paragraphs: [Span])]) -> (text: String, paragraphs: [Span]) {
    let joined = join(bytes: parts.map { (Array($0.text.utf8), $0.paragraphs) })
    return (String(decoding: joined.bytes, as: UTF8.self), joined.paragraphs)
  }

  /// Line endings, control characters, spaces, wrapped lines and paragraphs, on NFC text.
  public func normalize(text: String) -> (text: String, paragraphs: [Span]) {
    var text = text
    let tidied = text.withUTF8 { tidy($0) }
    return (String(decoding: tidied.bytes, as: UTF8.self), tidied.paragraphs)
  }
}
