import Foundation
import PrecisCore

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads TSV and CSV glossaries: a header row names the columns, `#` lines are comments. CSV
/// fields may be quoted (RFC 4180: `"a, b"`, `""` for a quote, line breaks inside quotes), and
/// separated by semicolons instead of commas, as a spreadsheet writes CSV where the comma is the
/// decimal mark (French Excel): `delimiter: ";"` beside the path says so, and a header row with
/// semicolons and no comma is read so.
enum DelimitedGlossary {
  /// The fields an entry has, and the column each is read from by default.
  static let fields = ["source", "target", "pos", "domain", "flags", "note", "context"]

  /// The delimiters a CSV glossary may have.
  static let csvDelimiters: [Unicode.Scalar] = [",", ";"]

  /// The rows of the file, with the column mapping of `file.settings` (`columns.source: fr`);
  /// `delimiter` is a TAB for TSV, and a comma for CSV (which `file.settings["delimiter"]` or the
  /// header row may make a semicolon).
  static func rows(file: SourceFile, data: [UInt8], delimiter: Character) throws -> [GlossaryRow] {
    let path = file.path
    let csv = delimiter != "\t"
    guard var text = String(validating: data, as: UTF8.self) else {
      throw UTF8Validation.notUTF8(data, in: path, what: "glossary")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    if text.containsUTF8(0x0D) { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
    let separator: Unicode.Scalar = csv ? try csvDelimiter(file: file, text: text) : "\t"
    let records = csv ? csvRecords(text, delimiter: separator) : tsvRecords(text)
    if csv, let open = unterminatedQuote(in: text, delimiter: separator) {
      throw LexiconError(
        "a quoted field opened here is never closed",
        at: SourceLocation(file: path, line: open.line, column: open.column),
        notes: ["close the field with a double quote; write a quote inside a field as \"\""],
        sourceLine: WrittenLine.text(line: open.line, in: data))
    }
    guard let header = records.first(where: { !$0.fields.isEmpty }) else {
      throw LexiconError(
        "the glossary is empty", at: SourceLocation(file: path, line: 1),
        notes: ["start it with a header row such as 'source\ttarget\tnote'"])
    }
    let names = header.fields.map { $0.trimmingSpaces().lowercased() }
    for key in file.settings.keys where key.hasPrefix("columns.") {
      let field = String(key.dropFirst("columns.".count))
      guard fields.contains(field) else {
        throw LexiconError(
          "unknown glossary field '\(field)' in 'columns'", at: file.location ?? SourceLocation(file: path),
          notes: ["the fields are " + fields.joined(separator: ", ")])
      }
    }
    var columns: [String: Int] = [:]
    for field in fields {
      let wanted = (file.settings["columns." + field] ?? field).lowercased()
      if let index = names.firstIndex(of: wanted) {
        columns[field] = index
      } else if file.settings["columns." + field] != nil {
        throw LexiconError(
          "no column '\(wanted)' in the header (columns: \(names.joined(separator: ", ")))",
          at: SourceLocation(file: path, line: header.line), contents: data,
          notes: ["fix 'columns: {\(field): …}' beside this glossary in the pipeline file"]
        ) { DelimitedGlossary.column(ofField: 0, in: $0, delimiter: separator) }
      }
    }
    guard let sourceColumn = columns["source"], let targetColumn = columns["target"] else {
      // A header of one field that another delimiter would split: the file's name (or
      // `format:`) says the other format.
      var other: (delimiter: Unicode.Scalar, format: String)?
      if names.count == 1 {
        let scalars = names[0].unicodeScalars
        if csv, scalars.contains("\t") { other = ("\t", "tsv") }
        if !csv, let found = ([",", ";"] as [Unicode.Scalar]).first(where: scalars.contains) {
          other = (found, "csv")
        }
      }
      throw LexiconError(
        "the first row must be a header naming the 'source' and 'target' columns "
          + "(found: \(names.joined(separator: ", ")))",
        at: SourceLocation(file: path, line: header.line), contents: data,
        notes: [
          "name them 'source' and 'target', or map them in the pipeline file: "
            + "'- {path: FILE, columns: {source: fr, target: en}}'"
        ]
          + (other.map { other in
            [
              "the header separates its columns with \(DelimitedGlossary.name(of: other.delimiter))s: "
                + "name the file .\(other.format), or give 'format: \(other.format)' beside its path"
            ]
          } ?? [])
      ) { DelimitedGlossary.column(ofField: 0, in: $0, delimiter: separator) }
    }
    // Each field's column, looked up once rather than at every row.
    let noteColumn = columns["note"]
    let posColumn = columns["pos"]
    let domainColumn = columns["domain"]
    let flagsColumn = columns["flags"]
    let contextColumn = columns["context"]
    let written = GlossaryRow.Columns(
      source: sourceColumn, target: targetColumn, flags: flagsColumn, delimiter: separator)
    var rows: [GlossaryRow] = []
    for record in records where record.line > header.line && !record.fields.isEmpty {
      let location = SourceLocation(file: path, line: record.line)
      let values = record.fields
      guard values.count > max(sourceColumn, targetColumn) else {
        let message =
          "expected \(names.count) \(DelimitedGlossary.name(of: separator))-separated columns, "
          + "found \(values.count)"
        // The caret goes where the first missing field should start: for a TSV row, most
        // often a TAB written as spaces (`WrittenLine.missingTabColumn(in:)`).
        let missing = values.count
        throw LexiconError(
          message, at: location, contents: data,
          notes: [
            csv
              ? "check the \(DelimitedGlossary.name(of: separator))s and quotes"
              : "separate the columns with TAB characters, not spaces"
          ]
        ) { DelimitedGlossary.column(ofField: missing, in: $0, delimiter: separator) }
      }
      func value(_ column: Int?) -> String? {
        guard let column, column < values.count else { return nil }
        let text = values[column].trimmingSpaces()
        return text.isEmpty ? nil : text
      }
      let context = (value(contextColumn) ?? "").split(separator: ",").map { String($0).trimmingSpaces() }
      let flags = (value(flagsColumn) ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map {
        $0.lowercased()
      }
      rows.append(
        GlossaryRow(
          source: value(sourceColumn) ?? "", target: value(targetColumn) ?? "", pos: value(posColumn),
          domain: value(domainColumn)?.lowercased(), flags: flags, note: value(noteColumn),
          context: context.filter { !$0.isEmpty },
          location: location, columns: written,
          ignored: values.dropFirst(names.count).map { $0.trimmingSpaces() }.filter { !$0.isEmpty },
          ignoredFrom: values.indices.dropFirst(names.count).first { !values[$0].trimmingSpaces().isEmpty }))
    }
    return rows
  }

  /// What a delimiter is called in messages.
  static func name(of delimiter: Unicode.Scalar) -> String {
    switch delimiter {
    case "\t": "tab"
    case ";": "semicolon"
    default: "comma"
    }
  }

  /// The delimiter of a CSV glossary: `delimiter:` beside its path, else a semicolon when its
  /// header row (its first line that is neither blank nor a comment) has semicolons outside
  /// quotes and no comma, else a comma.
  static func csvDelimiter(file: SourceFile, text: String) throws -> Unicode.Scalar {
    if let setting = file.settings["delimiter"] {
      guard setting.unicodeScalars.count == 1, let scalar = setting.unicodeScalars.first,
        csvDelimiters.contains(scalar)
      else {
        throw LexiconError(
          "'delimiter' must be ',' or ';', not '\(setting)'",
          at: file.location ?? SourceLocation(file: file.path),
          notes: [
            "a CSV glossary separates its fields with commas, or with semicolons as some spreadsheets write it"
          ])
      }
      return scalar
    }
    var header: Substring = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      header = line
      break
    }
    var (quoted, commas, semicolons) = (false, 0, 0)
    for scalar in header.unicodeScalars {
      switch scalar {
      case "\"": quoted.toggle()
      case "," where !quoted: commas += 1
      case ";" where !quoted: semicolons += 1
      default: break
      }
    }
    return commas == 0 && semicolons > 0 ? ";" : ","
  }

  /// A record: its fields and the line it starts on.
  struct Record {
    var fields: [String]
    var line: Int
  }

  /// TSV records: one per line; blank and `#` lines have no fields.
  ///
  /// Read as UTF-8 bytes: a line feed and a tab never occur inside a multibyte character, and
  /// splitting the text into characters was a fifth of loading the default pipeline.
  static func tsvRecords(_ text: String) -> [Record] {
    var records: [Record] = []
    var text = text
    text.withUTF8 { bytes in
      UTF8Lines.forEach(in: bytes) { number, line in
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || line.first == 0x23 {
          records.append(Record(fields: [], line: number))
        } else {
          var fields: [String] = []
          UTF8Lines.forEachField(in: line) { fields.append(String(decoding: $0, as: UTF8.self)) }
          records.append(Record(fields: fields, line: number))
        }
      }
    }
    return records
  }

  /// What the CSV reader meets: a quote that opens a field, a character of a field's value, the
  /// end of a field (a comma) and the end of a record (a line break outside quotes).
  enum CSVEvent {
    case quoteOpened
    case value(Character)
    case fieldEnd
    case recordEnd
  }

  /// Reads `characters` as CSV (RFC 4180: a quote opens a field only as its first character,
  /// `""` inside stands for one quote, a line break inside quotes belongs to the field; a
  /// carriage return outside quotes is dropped), its fields separated by `delimiter`, calling
  /// `body` with each event and the index of the character that made it. Returns whether the
  /// text ends inside a quoted field. The reader, the check for a quote never closed and an
  /// error's columns all read CSV here.
  @discardableResult
  static func scanCSV(
    _ characters: [Character], delimiter: Unicode.Scalar = ",", _ body: (CSVEvent, Int) -> Void
  ) -> Bool {
    let delimiter = Character(delimiter)
    var quoted = false
    var atFieldStart = true
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if quoted {
        if character == "\"" {
          if index + 1 < characters.count, characters[index + 1] == "\"" {
            body(.value("\""), index)
            index += 1
          } else {
            quoted = false
          }
        } else {
          body(.value(character), index)
        }
      } else if character == "\"" && atFieldStart {
        quoted = true
        atFieldStart = false
        body(.quoteOpened, index)
      } else if character == delimiter {
        body(.fieldEnd, index)
        atFieldStart = true
      } else if character == "\n" || character == "\r\n" {
        body(.recordEnd, index)
        atFieldStart = true
      } else if character != "\r" {
        body(.value(character), index)
        atFieldStart = false
      }
      index += 1
    }
    return quoted
  }

  /// The characters of CSV text, ending with a line break (the last record's end).
  private static func csvCharacters(_ text: String) -> [Character] {
    var characters = Array(text)
    if characters.last != "\n" { characters.append("\n") }
    return characters
  }

  /// The line and column (in Unicode scalars) where a quoted CSV field opens and never closes,
  /// if any.
  static func unterminatedQuote(in text: String, delimiter: Unicode.Scalar = ",") -> (line: Int, column: Int)?
  {
    let characters = csvCharacters(text)
    var opened = 0
    guard
      scanCSV(
        characters, delimiter: delimiter, { event, index in if case .quoteOpened = event { opened = index } })
    else {
      return nil
    }
    var place = (line: 1, column: 1)
    for character in characters[..<opened] {
      if character == "\n" || character == "\r\n" {
        place = (place.line + 1, 1)
      } else {
        place.column += character.unicodeScalars.count
      }
    }
    return place
  }

  /// CSV records, quotes honoured, fields separated by `delimiter`; blank and `#` lines have no
  /// fields.
  static func csvRecords(_ text: String, delimiter: Unicode.Scalar = ",") -> [Record] {
    var records: [Record] = []
    var fields: [String] = []
    var field = ""
    var line = 1
    var recordLine = 1
    scanCSV(csvCharacters(text), delimiter: delimiter) { event, _ in
      switch event {
      case .quoteOpened: break
      case .value(let character):
        if character == "\n" { line += 1 }
        field.append(character)
      case .fieldEnd:
        fields.append(field)
        field = ""
      case .recordEnd:
        fields.append(field)
        let blank = fields.count == 1 && fields[0].trimmingSpaces().isEmpty
        let comment = fields.first?.hasPrefix("#") == true
        records.append(Record(fields: blank || comment ? [] : fields, line: recordLine))
        fields = []
        field = ""
        line += 1
        recordLine = line
      }
    }
    return records
  }

  /// The 1-based column (in Unicode scalars) of field `index` of a row's first `line`, as the
  /// reader reads the row: its first character that is not white space (a quoted field's
  /// opening quote), or its start when blank. A field the row lacks is placed where its
  /// delimiter is missing: for a TAB, where `WrittenLine.missingTabColumn(in:)` says; for a
  /// comma or a semicolon, past the end of the line. `nil` when a quoted CSV field runs on past
  /// the line (the field may be on a later line).
  static func column(ofField index: Int, in line: String, delimiter: Unicode.Scalar) -> Int? {
    guard delimiter != "\t" else { return WrittenLine.column(ofField: index, in: line) }
    let characters = Array(line) + ["\n"]
    var starts = [0]
    let runsOn = scanCSV(characters, delimiter: delimiter) { event, at in
      if case .fieldEnd = event { starts.append(at + 1) }
    }
    let scalars = Array(line.unicodeScalars)
    guard index < starts.count else { return runsOn ? nil : scalars.count + 1 }
    let start = characters[..<starts[index]].reduce(0) { $0 + $1.unicodeScalars.count }
    return WrittenLine.visibleColumn(from: start, in: scalars, delimiter: delimiter)
  }
}

/// Reads TBX files (ISO 30042): TBX-Basic 2 (`martif`, `termEntry`, `langSet`, `tig`) and
/// TBX 3 (`tbx`, `conceptEntry`, `langSec`, `termSec`). Each concept gives one entry per source
/// term; the target is the first target-language term whose `administrativeStatus` is not
/// deprecated, superseded or forbidden. `subjectField` gives the domain, `partOfSpeech` the
/// part of speech.
enum TBXGlossary {
  static func rows(path: String, data: [UInt8], source: String, target: String) throws -> [GlossaryRow] {
    // Foundation's parser traps on some invalid UTF-8 in names (found by fuzzing), so the
    // bytes are checked first; TBX files are UTF-8 in practice.
    if let offset = UTF8Validation.firstInvalidOffset(in: data) {
      let place = UTF8Validation.place(ofByte: offset, in: data)
      throw LexiconError(
        "invalid TBX: the file is not UTF-8 (invalid byte 0x\(String(data[offset], radix: 16, uppercase: true)) "
          + "at offset \(offset))",
        at: SourceLocation(file: path, line: place.line, column: place.column),
        notes: ["save the file as UTF-8 (iconv -t UTF-8)"], sourceLine: place.text)
    }
    // It also reads a null pointer for a processing instruction without data (`<?x?>`); TBX
    // has no use for processing instructions, so only the XML declaration may open with `<?`.
    if let offset = processingInstruction(in: data) {
      let place = UTF8Validation.place(ofByte: offset, in: data)
      throw LexiconError(
        "invalid TBX: a processing instruction ('<?') other than the XML declaration",
        at: SourceLocation(file: path, line: place.line, column: place.column),
        notes: [
          "remove it; a TBX file needs only '<?xml version=\"1.0\" encoding=\"UTF-8\"?>' on its first line"
        ], sourceLine: place.text)
    }
    // A malformed XML declaration is refused before parsing: under the fuzzer, documents with
    // one made the parser's memory grow by about 100 KB each, and libxml2 rejects them anyway.
    if !hasWellFormedDeclaration(data) {
      throw LexiconError(
        "invalid TBX: a malformed XML declaration", at: SourceLocation(file: path, line: 1, column: 1),
        notes: ["start the file with '<?xml version=\"1.0\" encoding=\"UTF-8\"?>', or with no declaration"])
    }
    let reader = Reader(path: path, contents: data, source: source, target: target)
    // Through a stream, which the parser reads a chunk at a time: given the whole file as
    // `Data`, Foundation's parser on Linux hands libxml2 one buffer, which it refuses past
    // 10 MB with "parser error 1" (swift-corelibs-foundation#4851), so that every TBX
    // terminology of more than about 30,000 entries failed as not well-formed.
    let parser = XMLParser(stream: InputStream(data: Data(data)))
    parser.delegate = reader
    guard parser.parse(), reader.failure == nil else {
      if let failure = reader.failure { throw failure }
      throw malformed(
        code: (parser.parserError as NSError?)?.code ?? 0, line: parser.lineNumber,
        byteColumn: parser.columnNumber, path: path, contents: data)
    }
    return reader.rows
  }

  /// The error for XML the parser refused at `line` and `byteColumn`, which libxml2 counts in
  /// bytes: the column is made one of Unicode scalars, and the line is shown under the message.
  static func malformed(code: Int, line: Int, byteColumn: Int, path: String, contents: [UInt8])
    -> LexiconError
  {
    // (The file was checked to be UTF-8, so the line's UTF-8 is the file's bytes.)
    LexiconError(
      "invalid TBX: not well-formed XML (parser error \(code))",
      at: SourceLocation(file: path, line: max(1, line)), contents: contents,
      notes: ["check that every element is closed and the file is UTF-8"]
    ) { written in
      String(decoding: written.utf8.prefix(max(1, byteColumn) - 1), as: UTF8.self).unicodeScalars.count + 1
    }
  }

  /// The offset of the first `<?` that does not open the XML declaration at the very start.
  static func processingInstruction(in data: [UInt8]) -> Int? {
    var start = 0
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    if data[start...].starts(with: Array("<?xml ".utf8)) { start += 2 }
    guard start < data.count else { return nil }
    for offset in start..<(data.count - 1) where data[offset] == 0x3C && data[offset + 1] == 0x3F {
      return offset
    }
    return nil
  }

  /// Whether the XML declaration, if the file has one, is well formed (XML 1.0 §2.8):
  /// `<?xml version="1.x"` then optional `encoding` and `standalone`, then `?>`.
  static func hasWellFormedDeclaration(_ data: [UInt8]) -> Bool {
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard bytes.starts(with: Array("<?xml".utf8)) else { return true }
    bytes = bytes.dropFirst(5)
    func spaces() -> Bool {
      let count = bytes.prefix { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.count
      bytes = bytes.dropFirst(count)
      return count > 0
    }
    func attribute(_ name: String, value: (ArraySlice<UInt8>) -> Bool) -> Bool {
      guard bytes.starts(with: Array(name.utf8)) else { return false }
      bytes = bytes.dropFirst(name.utf8.count)
      _ = spaces()
      guard bytes.first == 0x3D else { return false }
      bytes = bytes.dropFirst()
      _ = spaces()
      guard let quote = bytes.first, quote == 0x22 || quote == 0x27 else { return false }
      bytes = bytes.dropFirst()
      guard let end = bytes.firstIndex(of: quote) else { return false }
      let text = bytes[..<end]
      bytes = bytes[(end + 1)...]
      return value(text)
    }
    let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
    let isLetter: (UInt8) -> Bool = { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    guard spaces(),
      attribute(
        "version",
        value: { $0.starts(with: [0x31, 0x2E]) && $0.count > 2 && $0.dropFirst(2).allSatisfy(isDigit) })
    else { return false }
    var spaced = spaces()
    if spaced, bytes.starts(with: Array("encoding".utf8)) {
      guard
        attribute(
          "encoding",
          value: { name in
            guard let first = name.first, isLetter(first) else { return false }
            return name.allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
          })
      else { return false }
      spaced = spaces()
    }
    if spaced, bytes.starts(with: Array("standalone".utf8)) {
      guard attribute("standalone", value: { $0.elementsEqual("yes".utf8) || $0.elementsEqual("no".utf8) })
      else { return false }
      _ = spaces()
    }
    return bytes.starts(with: [0x3F, 0x3E])
  }

  /// One term of a language section.
  struct Term {
    var text = ""
    var pos: String?
    var status: String?
    var line: Int
  }

  final class Reader: NSObject, XMLParserDelegate {
    let path: String
    /// The file's bytes, for an error to show its line.
    let contents: [UInt8]
    let source: String
    let target: String
    var rows: [GlossaryRow] = []
    var failure: LexiconError?

    var inConcept = false
    var domain: String?
    var note: String?
    var language: String?
    var sourceTerms: [Term] = []
    var targetTerms: [Term] = []
    var term: Term?
    var text = ""
    var noteType: String?
    var sawConcept = false
    /// Open elements with their lines: the XML must be well formed.
    var open: [(name: String, line: Int)] = []

    init(path: String, contents: [UInt8], source: String, target: String) {
      self.path = path
      self.contents = contents
      self.source = source
      self.target = target
    }

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      open.append((name, parser.lineNumber))
      text = ""
      switch name {
      case "termEntry", "conceptEntry":
        inConcept = true
        sawConcept = true
        domain = nil
        note = nil
        sourceTerms = []
        targetTerms = []
      case "langSet", "langSec":
        language = (attributes["xml:lang"] ?? attributes["lang"])?.lowercased()
      case "tig", "ntig", "termSec":
        term = Term(line: parser.lineNumber)
      case "descrip", "termNote", "note", "admin":
        noteType = attributes["type"]
      default:
        break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
      if let last = open.popLast(), last.name != name, failure == nil {
        failure = LexiconError(
          "</\(name)> closes <\(last.name)>, opened at line \(last.line)",
          at: SourceLocation(file: path, line: max(1, parser.lineNumber)), showing: "</\(name)",
          contents: contents,
          notes: ["close <\(last.name)> first"])
        parser.abortParsing()
      }
      let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
      switch name {
      case "term":
        term?.text = value
        term?.line = parser.lineNumber
      case "termNote":
        if noteType == "partOfSpeech" { term?.pos = value }
        if noteType == "administrativeStatus" || noteType == "normativeAuthorization" { term?.status = value }
      case "descrip":
        if noteType == "subjectField" { domain = value.lowercased() }
        if noteType == "definition", note == nil { note = value }
      case "note":
        if note == nil, !value.isEmpty { note = value }
      case "tig", "ntig", "termSec":
        if let term, !term.text.isEmpty, let language {
          if matches(language, source) { sourceTerms.append(term) }
          if matches(language, target) { targetTerms.append(term) }
        }
        term = nil
      case "langSet", "langSec":
        language = nil
      case "termEntry", "conceptEntry":
        finishConcept()
        inConcept = false
      default:
        break
      }
      text = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
      guard failure == nil else { return }
      failure = TBXGlossary.malformed(
        code: (parseError as NSError).code, line: parser.lineNumber, byteColumn: parser.columnNumber,
        path: path,
        contents: contents)
    }

    func parserDidEndDocument(_ parser: XMLParser) {
      if let last = open.last, failure == nil {
        failure = LexiconError(
          "<\(last.name)> opened at line \(last.line) is never closed",
          at: SourceLocation(file: path, line: last.line), showing: "<\(last.name)", contents: contents,
          notes: ["add </\(last.name)>"])
      }
      if !sawConcept, failure == nil {
        failure = LexiconError(
          "no termEntry or conceptEntry in this TBX file", at: SourceLocation(file: path, line: 1),
          notes: ["a TBX-Basic glossary holds termEntry elements with one langSet per language"])
      }
    }

    func matches(_ language: String, _ wanted: String) -> Bool {
      language == wanted || language.hasPrefix(wanted + "-") || language.hasPrefix(wanted + "_")
    }

    /// Whether an `administrativeStatus` forbids using the term.
    static func isBanned(_ status: String?) -> Bool {
      guard let status = status?.lowercased() else { return false }
      return status.contains("deprecated") || status.contains("forbidden") || status.contains("superseded")
    }

    func finishConcept() {
      guard !sourceTerms.isEmpty else { return }
      let usable = targetTerms.filter { !Reader.isBanned($0.status) }
      let preferred = usable.first { $0.status?.lowercased().contains("preferred") == true } ?? usable.first
      guard let preferred else { return }
      for term in sourceTerms {
        rows.append(
          GlossaryRow(
            source: term.text, target: preferred.text, pos: term.pos ?? preferred.pos, domain: domain,
            note: note, location: SourceLocation(file: path, line: term.line)))
      }
    }
  }
}
