import PrecisCore

/// A row of a worklist, the TSV file `precis terms` and `precis batch --terms` write for a
/// translator: a term no glossary covers, with an empty target to fill in. A name has the
/// part of speech `proper noun` and the flag `keep` (kept as written until it is given an
/// English form); another term has the flag `todo`, which leaves the row out of a glossary
/// until its target is filled in. So the file loads as a glossary as it is.
public struct WorklistRow: Sendable, Equatable {
  /// The term as the rows list it (the singular when a plural was counted with it).
  public var source: String
  /// Whether the term is a name.
  public var isName: Bool
  /// The other forms counted with the term.
  public var variants: [String]
  /// How often the term was seen (`seen 4 times in 2 articles`), the note's start.
  public var seen: String
  /// Where the term was seen (`, first in …`), the note's end.
  public var place: String

  /// The columns of a worklist, in the order they are written.
  public static let columns = ["source", "target", "pos", "flags", "note"]

  /// The header row of a worklist, with its line feed.
  public static let header = columns.joined(separator: "\t") + "\n"

  public init(source: String, isName: Bool, seen: String, place: String = "", variants: [String] = []) {
    self.source = source
    self.isName = isName
    self.seen = seen
    self.place = place
    self.variants = variants
  }

  /// The note: how often the term was seen, its other forms, and where.
  public var note: String { note(as: source) }

  /// The note of the row in the line of `form`, one of its forms: the others are named.
  public func note(as form: String) -> String {
    let others = ([source] + variants).filter { $0 != form }
    return seen + (others.isEmpty ? "" : " (also \(others.joined(separator: ", ")))") + place
  }

  /// What the row holds in the column `name` (a worklist's, or another a header names: empty).
  public func value(of name: String) -> String {
    switch name {
    case "source": source
    case "pos": isName ? "proper noun" : ""
    case "flags": isName ? "keep" : "todo"
    case "note": note
    default: ""
    }
  }

  /// The row as a worklist line, with its line feed.
  public var line: String {
    WorklistRow.columns.map(value(of:)).joined(separator: "\t") + "\n"
  }
}

/// A worklist brought up to date with a new run's rows (`precis terms --update`, `precis batch
/// --update-terms`), as gettext's `msgmerge` brings a catalog up to date with a new template:
/// what the translator wrote stays.
///
/// - Every line of the file is kept, in its place and as it was written (comments, blank
///   lines, rows filled in or kept, rows still to do that the run no longer saw), except:
/// - a row still to do (an empty target, the flag `todo`) that the run lists again, under its
///   source or one of the forms counted with it, has its note replaced with the run's (how
///   often and where it was seen now);
/// - a row the run lists that the file has under no source is added at the end, in the run's
///   order, in the columns the file's header names.
///
/// A run whose pipeline reads the worklist as a glossary lists no row filled in or kept; one
/// that does not may list them again, and they stay as they are.
public struct WorklistUpdate: Sendable {
  /// The worklist, updated.
  public private(set) var text = ""
  /// How many rows were added at the end.
  public private(set) var added = 0
  /// How many rows still to do had their note replaced with a different one.
  public private(set) var refreshed = 0
  /// How many rows the file had before.
  public private(set) var previous = 0

  /// Merges `rows` into the worklist `data` read from `path` (`nil` when there is no file yet:
  /// the worklist is then the header and the rows).
  ///
  /// - Throws: `LexiconError` at the file's place when it is not UTF-8, or when its header
  ///   does not name the columns `source`, `target` and `flags`.
  public init(updating data: [UInt8]?, path: String, with rows: [WorklistRow]) throws {
    let data = data ?? []
    guard String(validating: data, as: UTF8.self) != nil else {
      throw UTF8Validation.notUTF8(data, in: path, what: "the worklist")
    }
    // A file saved with CRLF line ends gets its new rows with them too.
    let lineEnd = zip(data, data.dropFirst()).contains { $0 == (0x0D, 0x0A) } ? "\r\n" : "\n"
    // (Read in bytes: splitting megabytes of rows into characters cost a tenth of a second.)
    var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    var endsWithLineFeed = lines.last?.isEmpty == true
    if endsWithLineFeed { lines.removeLast() }
    // A line without its carriage return (and the file's byte order mark).
    func content(_ index: Int) -> ArraySlice<UInt8> {
      var line = lines[index]
      if line.last == 0x0D { line = line.dropLast() }
      if index == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
      return line
    }
    func fields(_ index: Int) -> [ArraySlice<UInt8>] {
      content(index).split(separator: 0x09, omittingEmptySubsequences: false)
    }
    func decoded(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
    // (As a glossary reads it: a blank line, or one that opens with `#`, holds no row.)
    func isRecord(_ index: Int) -> Bool {
      let line = content(index)
      return line.first != 0x23 && !line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
    // No header yet (no file, or comments and blank lines alone): a worklist's comes after
    // what is there, the line before it given its end.
    if !lines.indices.contains(where: isRecord) {
      if !endsWithLineFeed, lineEnd == "\r\n", lines[lines.count - 1].last != 0x0D {
        lines[lines.count - 1].append(0x0D)
      }
      lines.append(ArraySlice(WorklistRow.columns.joined(separator: "\t").utf8))
      endsWithLineFeed = false
    }
    let headerIndex = lines.indices.first(where: isRecord) ?? lines.count - 1
    let names = fields(headerIndex).map { decoded($0).trimmingSpaces().lowercased() }
    guard let sourceColumn = names.firstIndex(of: "source"),
      let targetColumn = names.firstIndex(of: "target"),
      let flagsColumn = names.firstIndex(of: "flags")
    else {
      let missing = ["source", "target", "flags"].filter { !names.contains($0) }
      throw LexiconError(
        "the worklist's header has no column \(WorklistUpdate.list(missing.map { "'\($0)'" })) "
          + "(columns: \(names.joined(separator: ", ")))",
        at: SourceLocation(file: path, line: headerIndex + 1, column: 1),
        notes: [
          "update a worklist that 'precis terms' or 'batch --terms' wrote (its header is "
            + "'\(WorklistRow.columns.joined(separator: "<TAB>"))'), or write the rows to a new file"
        ], sourceLine: decoded(content(headerIndex)))
    }
    let noteColumn = names.firstIndex(of: "note")
    // The line of each source (the first, when a source is there twice), and whether it is a
    // row still to do.
    var lineOf: [String: Int] = [:]
    var sourceOf: [Int: String] = [:]
    var toDo: Set<Int> = []
    for index in lines.indices.dropFirst(headerIndex + 1) where isRecord(index) {
      previous += 1
      let row = fields(index)
      func value(_ column: Int) -> String { column < row.count ? decoded(row[column]).trimmingSpaces() : "" }
      let source = value(sourceColumn)
      if lineOf[source] == nil { lineOf[source] = index }
      sourceOf[index] = source
      let flags = value(flagsColumn).split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
      if value(targetColumn).isEmpty, flags.contains("todo") { toDo.insert(index) }
    }
    // Each row's line: the one under its source, else one under another of its forms that no
    // row has as its source (so that the update of an update finds the same lines).
    var lineOfRow = rows.map { lineOf[$0.source] }
    var claimed = Set(lineOfRow.compactMap { $0 })
    for (number, row) in rows.enumerated() where lineOfRow[number] == nil {
      lineOfRow[number] = row.variants.lazy.compactMap { lineOf[$0] }.first { !claimed.contains($0) }
      if let line = lineOfRow[number] { claimed.insert(line) }
    }
    var appended = ""
    var addedSources: Set<String> = []
    for (row, line) in zip(rows, lineOfRow) {
      guard let index = line else {
        if addedSources.insert(row.source).inserted {
          appended += names.map(row.value(of:)).joined(separator: "\t") + lineEnd
          added += 1
        }
        continue
      }
      // (A row met once: the first form the run lists for it gives its note.)
      guard let noteColumn, toDo.remove(index) != nil else { continue }
      var written = fields(index).map(decoded)
      while written.count <= noteColumn { written.append("") }
      // (The note of a line under another form names the row's own among the others.)
      let note = row.note(as: sourceOf[index] ?? row.source)
      guard written[noteColumn].trimmingSpaces() != note.trimmingSpaces() else { continue }
      written[noteColumn] = note
      // (The byte order mark and carriage return stay where they were.)
      let kept = content(index)
      lines[index] =
        lines[index][..<kept.startIndex] + ArraySlice(written.joined(separator: "\t").utf8)
        + lines[index][kept.endIndex...]
      refreshed += 1
    }
    // Each line keeps its end; a last line that had none gets one before the rows added (a
    // line feed after a carriage return).
    text =
      lines.indices.map {
        decoded(lines[$0])
          + ($0 < lines.count - 1 || endsWithLineFeed || lines[$0].last == 0x0D ? "\n" : lineEnd)
      }
      .joined()
      + appended
  }

  /// `names` as a message lists them: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
  static func list(_ names: [String]) -> String {
    names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }
}
