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

  /// The 1-based column, in Unicode scalars, of field `index` (0-based) of the tab-separated
  /// `line`: the field's first character that is not white space, or its start when it has
  /// none. A field the line lacks is placed where its TAB is likely missing
  /// (`missingTabColumn(in:)`).
  public static func column(ofField index: Int, in line: String) -> Int {
    let scalars = Array(line.unicodeScalars)
    let starts = [0] + scalars.indices.filter { scalars[$0] == "\t" }.map { $0 + 1 }
    guard index < starts.count else { return missingTabColumn(in: line) }
    return visibleColumn(from: starts[index], in: scalars, delimiter: "\t")
  }

  /// The 1-based column of the first character that is not white space in the field that
  /// starts at `start` (a 0-based offset into `scalars`) and ends at `delimiter` or the end;
  /// `start + 1` when the field is blank.
  public static func visibleColumn(from start: Int, in scalars: [Unicode.Scalar], delimiter: Unicode.Scalar)
    -> Int
  {
    var position = start
    while position < scalars.count, scalars[position] != delimiter, scalars[position].properties.isWhitespace
    {
      position += 1
    }
    let blank = position == scalars.count || scalars[position] == delimiter
    return (blank ? start : position) + 1
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
  /// A diagnostic about a place on the lexicon line at `location` (whose line is given), which
  /// `placing` finds as a column in the line's text: the location gets that column, and the line
  /// is printed under the message with a caret there. The line is read from `contents`, the
  /// file's bytes, or else from the file again; when neither gives it, or `placing` finds no
  /// column, the diagnostic names the line alone.
  public init(
    _ severity: Severity, _ message: String, at location: SourceLocation, contents: [UInt8]? = nil,
    notes: [String] = [], placing: (String) -> Int?
  ) {
    guard let written = WrittenLine.written(location, contents: contents), let column = placing(written)
    else {
      self.init(severity, message, at: location, notes: notes)
      return
    }
    var placed = location
    placed.column = column
    self.init(severity, message, at: placed, notes: notes, sourceLine: written)
  }
}

extension LexiconError {
  /// An error about a place on a lexicon line, found and printed as
  /// `Diagnostic.init(_:_:at:contents:notes:placing:)` says.
  public init(
    _ message: String, at location: SourceLocation, contents: [UInt8]? = nil, notes: [String] = [],
    placing: (String) -> Int?
  ) {
    self.init(message, at: location)
    diagnostic = Diagnostic(.error, message, at: location, contents: contents, notes: notes, placing: placing)
  }

  /// An error about field `field` (0-based) of the tab-separated lexicon line at `location`,
  /// at the column `WrittenLine.column(ofField:in:)` gives it, with the line printed.
  public init(
    _ message: String, at location: SourceLocation, field: Int, contents: [UInt8]? = nil, notes: [String] = []
  ) {
    self.init(message, at: location, contents: contents, notes: notes) {
      WrittenLine.column(ofField: field, in: $0)
    }
  }

  /// An error about `text` on a lexicon line, at the first column where the line holds it as
  /// it is (else at the line alone), with the line printed.
  public init(
    _ message: String, at location: SourceLocation, showing text: String, contents: [UInt8]? = nil,
    notes: [String] = []
  ) {
    self.init(message, at: location, contents: contents, notes: notes) {
      WrittenLine.column(of: text, in: $0)
    }
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
