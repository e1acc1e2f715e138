/// A lexicon line as written, read back for an error message: its text, and the column of one
/// of its fields. Lexicons keep only their lines' fields (making every line a string cost
/// thousands of instructions a line at each start), and an error is rare.
public enum WrittenLine {
  /// Line `number` (1-based) of `bytes`, without its line break (nor a byte order mark before
  /// the first), invalid UTF-8 shown as U+FFFD; `nil` past the last line.
  public static func text(line number: Int, in bytes: [UInt8]) -> String? {
    guard number >= 1 else { return nil }
    var found: String?
    bytes.withUnsafeBufferPointer { buffer in
      UTF8Lines.forEach(in: buffer) { current, line in
        guard current == number else { return }
        var line = line
        if number == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) {
          line = UnsafeBufferPointer(rebasing: line[3...])
        }
        found = String(decoding: line, as: UTF8.self)
      }
    }
    return found
  }

  /// Line `number` of the file at `path`, as `text(line:in:)` reads it; `nil` when the file
  /// cannot be read again.
  public static func text(line number: Int, of path: String) -> String? {
    FilePath.regularFileContents(path).flatMap { text(line: number, in: $0) }
  }

  /// The 1-based column, in Unicode scalars, of field `index` (0-based) of `line`: the field's
  /// first character that is not white space, or its start when it has none. Fields are
  /// separated by `delimiter`; with a comma, one inside double quotes separates nothing, and a
  /// quoted field's column is its opening quote's.
  ///
  /// A field the line lacks is placed where its delimiter is missing: for a TAB, where
  /// `missingTabColumn(in:)` says; for a comma, just past the end of the line. The result is
  /// `nil` when a quoted field runs on past the line, so that the field wanted may be on a
  /// later line.
  public static func column(ofField index: Int, in line: String, delimiter: Unicode.Scalar = "\t") -> Int? {
    let scalars = Array(line.unicodeScalars)
    var starts = [0]
    // As the CSV reader reads quotes: one opens a field only as its first character, and `""`
    // inside stands for a quote.
    var quoted = false
    var atFieldStart = true
    var position = 0
    while position < scalars.count {
      let scalar = scalars[position]
      if quoted {
        if scalar == "\"" {
          if position + 1 < scalars.count, scalars[position + 1] == "\"" {
            position += 1
          } else {
            quoted = false
          }
        }
      } else if delimiter == ",", scalar == "\"", atFieldStart {
        quoted = true
        atFieldStart = false
      } else if scalar == delimiter {
        starts.append(position + 1)
        atFieldStart = true
      } else {
        atFieldStart = false
      }
      position += 1
    }
    guard index < starts.count else {
      if quoted { return nil }
      return delimiter == "\t" ? missingTabColumn(in: line) : scalars.count + 1
    }
    position = starts[index]
    while position < scalars.count, scalars[position] != delimiter, scalars[position].properties.isWhitespace
    {
      position += 1
    }
    let blank = position == scalars.count || scalars[position] == delimiter
    return (blank ? starts[index] : position) + 1
  }

  /// The 1-based column where a TAB is likely missing in the last tab-separated field of `line`
  /// (a row with too few columns): the first run of two spaces or more
  /// (`intelligence artificielle    AI`, aligned with spaces), else its only space
  /// (`chat cat`), else the end of the line, where the next field should have started (several
  /// single spaces say nothing of which it was). Spaces at the field's ends are not counted.
  public static func missingTabColumn(in line: String) -> Int {
    let scalars = Array(line.unicodeScalars)
    let before = scalars.lastIndex(of: "\t").map { $0 + 1 } ?? 0
    let last = Array(scalars[before...])
    let start = last.firstIndex { $0 != " " } ?? last.count
    let end = (last.lastIndex { $0 != " " } ?? -1) + 1
    let inside = start < end ? Array(last[start..<end]) : []
    let spaces = inside.indices.filter { inside[$0] == " " }
    let run = zip(spaces, spaces.dropFirst()).first { $1 == $0 + 1 }?.0
    if let space = run ?? (spaces.count == 1 ? spaces.first : nil) {
      return before + start + space + 1
    }
    return scalars.count + 1
  }

  /// The 1-based column of the first place `text` is written in `line`, in Unicode scalars, or
  /// `nil` when the line does not hold it as it is (an XML file may escape it).
  public static func column(of text: String, in line: String) -> Int? {
    let needle = Array(text.unicodeScalars)
    let scalars = Array(line.unicodeScalars)
    guard !needle.isEmpty, needle.count <= scalars.count else { return nil }
    return (0...(scalars.count - needle.count)).first {
      scalars[$0..<($0 + needle.count)].elementsEqual(needle)
    }
    .map { $0 + 1 }
  }
}

extension Diagnostic {
  /// A diagnostic about field `field` (0-based) of the delimited lexicon line at `location`
  /// (whose line is given): the location gets the field's column (`WrittenLine.column(ofField:
  /// in:delimiter:)`), and the line is printed under the message with a caret there. The line
  /// is read from `contents`, the file's bytes, or else from the file again; when neither gives
  /// it, the diagnostic names the line alone.
  public init(
    _ severity: Severity, _ message: String, at location: SourceLocation, field: Int,
    delimiter: Unicode.Scalar = "\t", contents: [UInt8]? = nil, notes: [String] = []
  ) {
    let written = WrittenLine.written(location, contents: contents)
    let column = written.flatMap { WrittenLine.column(ofField: field, in: $0, delimiter: delimiter) }
    self.init(severity, message, at: location, column: column, written: written, notes: notes)
  }

  /// A diagnostic about `text` on the lexicon line at `location` (whose line is given): the
  /// location gets the column where the line holds `text`, and the line is printed under the
  /// message; when the line cannot be read or does not hold `text` as it is, the diagnostic
  /// names the line alone.
  public init(
    _ severity: Severity, _ message: String, at location: SourceLocation, showing text: String,
    contents: [UInt8]? = nil, notes: [String] = []
  ) {
    let written = WrittenLine.written(location, contents: contents)
    let column = written.flatMap { WrittenLine.column(of: text, in: $0) }
    self.init(severity, message, at: location, column: column, written: written, notes: notes)
  }

  private init(
    _ severity: Severity, _ message: String, at location: SourceLocation, column: Int?, written: String?,
    notes: [String]
  ) {
    guard let column, let written else {
      self.init(severity, message, at: location, notes: notes)
      return
    }
    var placed = location
    placed.column = column
    self.init(severity, message, at: placed, notes: notes, sourceLine: written)
  }
}

extension LexiconError {
  /// An error about field `field` of a delimited lexicon line, placed and printed as
  /// `Diagnostic.init(_:_:at:field:delimiter:contents:notes:)` says.
  public init(
    _ message: String, at location: SourceLocation, field: Int, delimiter: Unicode.Scalar = "\t",
    contents: [UInt8]? = nil, notes: [String] = []
  ) {
    self.init(message, at: location)
    diagnostic = Diagnostic(
      .error, message, at: location, field: field, delimiter: delimiter, contents: contents, notes: notes)
  }

  /// An error about `text` on a lexicon line, placed and printed as
  /// `Diagnostic.init(_:_:at:showing:contents:notes:)` says.
  public init(
    _ message: String, at location: SourceLocation, showing text: String, contents: [UInt8]? = nil,
    notes: [String] = []
  ) {
    self.init(message, at: location)
    diagnostic = Diagnostic(.error, message, at: location, showing: text, contents: contents, notes: notes)
  }
}

extension WrittenLine {
  /// The line `location` names, from `contents` or else from its file.
  fileprivate static func written(_ location: SourceLocation, contents: [UInt8]?) -> String? {
    guard let line = location.line else { return nil }
    if let contents { return text(line: line, in: contents) }
    return text(line: line, of: location.file)
  }
}

extension UTF8Validation {
  /// Where the byte at `offset` of `bytes` lies (an invalid one, say): its 1-based line, its
  /// column in Unicode scalars (the line's scalars before it, plus one, an invalid sequence
  /// counted as the U+FFFD it is shown as), and the line as text.
  public static func place(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int, text: String) {
    let line = self.line(ofByte: offset, in: bytes)
    let start = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
    var end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
    if end > offset, bytes[end - 1] == 0x0D { end -= 1 }
    var lineStart = start
    if start == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]), offset >= 3 { lineStart = 3 }
    let before = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
    let text = String(decoding: bytes[lineStart..<end], as: UTF8.self)
    return (line, before.unicodeScalars.count + 1, text)
  }
}
