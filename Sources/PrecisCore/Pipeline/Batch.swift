import Foundation

/// Line-in, line-out processing of JSON Lines corpora: each input line `{"id", "text", …}`
/// becomes one output line with the brief, the key terms and the chosen sentences, or an error
/// object with the line number. Lines are read, processed and written as a stream through a
/// window of records, in input order, so memory stays flat and the output is the same for any
/// number of workers.
public enum Batch {
  /// The result of one input line.
  public struct Result: Sendable {
    /// The output line's UTF-8, with its newline.
    public var bytes: [UInt8]
    /// Whether the record failed.
    public var failed: Bool
    /// Whether the record's result carries warnings (`"warnings"`).
    public var warned = false
    /// The record's own fields named as one of the result's (`resultFields`), which the result
    /// passes through as `input_` and their name (`input_summary`), in `resultFields` order.
    public var renamed: [String] = []
    /// The language the record's article was read as, with `--language auto`.
    public var language: String?
    /// What `inspect` made of the record's document, run through the pipeline (nil when it
    /// failed, or no `inspect` was given): handed to the writer with the result, in order.
    public var inspected: (any Sendable)?

    /// The output line, without its newline.
    public var line: String { String(decoding: bytes.dropLast(), as: UTF8.self) }

    init(bytes: [UInt8], failed: Bool, warned: Bool = false, renamed: [String] = []) {
      self.bytes = bytes
      self.failed = failed
      self.warned = warned
      self.renamed = renamed
    }

    init(line: String, failed: Bool) {
      self.init(bytes: Array((line + "\n").utf8), failed: failed)
    }
  }

  /// Runs `pipeline` on one input line (`number` counts from 1) and renders the result. With
  /// `replacingInvalidUTF8` (`--lossy`), bytes of the line that are not UTF-8 are replaced with
  /// U+FFFD before it is read as JSON, and the record's result says so in its `"warnings"`, as
  /// it gives the warnings the pipeline raised on the article (HTML in the text, say).
  /// `inspect`, when given, is called on the document the pipeline made, on the same thread,
  /// and what it returns is the result's `inspected`. With `titles` (`--title`), a record's
  /// "title" string is put on the first line of its article, a blank line after it, as a
  /// headline (as `precis eval rouge --title` puts it).
  public static func process(
    _ line: Data, number: Int, pipeline: Pipeline, replacingInvalidUTF8: Bool = false, titles: Bool = false,
    inspect: Inspection? = nil
  ) -> Result {
    var id: Any = NSNull()
    var line = line
    var warnings: [String] = []
    // The language the article was read as (`--language auto`), for a record that fails after.
    var language: String?
    if replacingInvalidUTF8, let repaired = Batch.repaired(line) {
      line = repaired.line
      warnings.append(repaired.warning)
    }
    do {
      // A record of strings and plain values is read from its bytes; any other goes to
      // Foundation (`readersDisagree(on:)` checks that both read a line alike).
      let record = try flatRecord(line) ?? foundationRecord(line, number: number)
      id = record.id
      var passed = record.passed
      // A field of the record's own named as one of the result's is passed through under
      // another name: silently replaced, a corpus's reference "summary" was lost, and an
      // "error" field made a result look failed.
      var renamed: [String] = []
      if passed.count > 1 {
        for key in Batch.resultFields(of: pipeline) where passed[key] != nil {
          passed[Batch.passedName(of: key, besides: passed)] = passed.removeValue(forKey: key)
          renamed.append(key)
        }
      }
      guard let input = record.input else {
        throw InputError(
          record.textFound.map { "\"text\" is \($0), not a string" } ?? "no \"text\" string",
          at: SourceLocation(file: "-", line: number), notes: ["give the article in a \"text\" field"])
      }
      var document = Document(source: "line \(number)", input: input, headline: titles ? record.title : nil)
      defer { language = document.language }
      try pipeline.run(&document)
      var result = result(of: document, passed: passed, warnings: warnings, renamed: renamed)
      result.inspected = inspect?(document)
      return result
    } catch let error as any PrecisError {
      let first = error.diagnostics.first
      return failure(
        id: id is NSNull ? recoveredID(line) : id, number: number,
        // (A column only of the record's own line: not of a file a stage read.)
        column: first?.location.flatMap { $0.file == "-" && $0.line == number ? $0.column : nil },
        message: first?.message ?? "failed", notes: first?.notes ?? [], kind: error.kind, language: language)
    } catch {
      return failure(id: id, number: number, message: "\(error)", kind: .input)
    }
  }

  /// Runs `pipeline` on the article in the file at `path` (a text, or an HTML page) and
  /// renders its result as a record's, with the path as its id; a file that cannot be read
  /// (or is compressed, or UTF-16) gives an error result whose `"line"` is `number`, the
  /// path's line in the list of files. A file longer than `limit` (`--max-record-bytes`) gives
  /// an error result, unread. `inspect` is as for a record.
  public static func process(
    file path: String, number: Int, pipeline: Pipeline, limit: Int = DescriptorReader.articleLimit,
    inspect: Inspection? = nil
  ) -> Result {
    var language: String?
    do {
      var status = stat()
      if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > limit {
        return failure(
          id: path, number: number,
          message: "the file is \(status.st_size) bytes long, more than the \(limit) of --max-record-bytes",
          notes: ["raise --max-record-bytes (up to 1G), or split the article into several files"],
          kind: .input)
      }
      let input = try DescriptorReader.readFile(
        path, notes: ["check the path on that line of the list"], limit: limit)
      if let foreign = ForeignInput.detect(input) { throw foreign.error(name: path) }
      var document = Document(source: path, input: input)
      defer { language = document.language }
      try pipeline.run(&document)
      var result = result(of: document, passed: ["id": JSONText.quoted(path)], warnings: [], renamed: [])
      result.inspected = inspect?(document)
      return result
    } catch let error as any PrecisError {
      let first = error.diagnostics.first
      return failure(
        id: path, number: number, message: first?.message ?? "failed", notes: first?.notes ?? [],
        kind: error.kind, language: language)
    } catch {
      return failure(id: path, number: number, message: "\(error)", kind: .input)
    }
  }

  /// The result line of `document`, run through the pipeline: the record's fields `passed`
  /// (as JSON, by key), the brief, the key terms, the chosen sentences with their scores, and
  /// `warnings` with the pipeline's own.
  static func result(
    of document: Document, passed: [String: String], warnings: [String], renamed: [String]
  ) -> Result {
    let warnings = warnings + document.warnings.map(\.message)
    // Our fields are written directly into the line's bytes (the hot path of a corpus run);
    // the fields passed through are written as they were made above. Keys are sorted.
    var ours =
      warnings.isEmpty ? ["brief", "keyTerms", "summary"] : ["brief", "keyTerms", "summary", "warnings"]
    if document.language != nil { ours.append("language") }
    let keys = Set(passed.keys).union(ours).sorted()
    let brief = document.output?.content ?? ""
    let sentences = document.sentences ?? []
    let scores = document.summary?.scores ?? []
    var line: [UInt8] = []
    line.reserveCapacity(brief.utf8.count * 2 + 1024)
    line.append(0x7B)  // {
    for (position, key) in keys.enumerated() {
      if position > 0 { line.append(0x2C) }
      JSONText.appendQuoted(key, to: &line)
      line.append(0x3A)  // :
      switch key {
      case "brief":
        JSONText.appendQuoted(brief, to: &line)
      case "keyTerms":
        line.append(0x5B)
        // (Fields read in place: copying each row counted a reference to each of its strings.)
        let keyTerms = document.terms?.keyTerms ?? []
        for number in keyTerms.indices {
          if number > 0 { line.append(0x2C) }
          JSONText.append(#"{"count":"#, to: &line)
          line += String(keyTerms[number].count).utf8
          JSONText.append(#","source":"#, to: &line)
          JSONText.appendQuoted(keyTerms[number].source, to: &line)
          JSONText.append(#","target":"#, to: &line)
          JSONText.appendQuoted(keyTerms[number].target, to: &line)
          line.append(0x7D)
        }
        line.append(0x5D)
      case "summary":
        line.append(0x5B)
        var first = true
        for index in document.summary?.chosen ?? [] where index < sentences.count {
          if !first { line.append(0x2C) }
          first = false
          line.append(0x7B)
          if index < scores.count, let quotation = scores[index].quotation {
            // How the brief shows the sentence's quotation, with the keys `SummaryQuotation`
            // encodes, sorted: {"cutAfter":"»","cutBefore":"«","followsOn":true}.
            var fields: [String] = []
            if let mark = quotation.cutAfter {
              fields.append(#""cutAfter":"# + JSONText.quoted(String(mark)))
            }
            if let mark = quotation.cutBefore {
              fields.append(#""cutBefore":"# + JSONText.quoted(String(mark)))
            }
            if quotation.followsOn { fields.append(#""followsOn":true"#) }
            line += (#""quotation":{"# + fields.joined(separator: ",") + "},").utf8
          }
          JSONText.append(#""score":"#, to: &line)
          line += JSONText.number(index < scores.count ? scores[index].total : 0).utf8
          JSONText.append(#","sentence":"#, to: &line)
          line += String(index).utf8
          JSONText.append(#","text":"#, to: &line)
          JSONText.appendQuoted(sentences[index].text, to: &line)
          line.append(0x7D)
        }
        line.append(0x5D)
      case "language" where document.language != nil:
        JSONText.appendQuoted(document.language ?? "", to: &line)
      case "warnings" where !warnings.isEmpty:
        line.append(0x5B)
        for (number, warning) in warnings.enumerated() {
          if number > 0 { line.append(0x2C) }
          JSONText.appendQuoted(warning, to: &line)
        }
        line.append(0x5D)
      default:
        line += (passed[key] ?? "null").utf8
      }
    }
    line += [0x7D, 0x0A]  // }, and the newline
    var result = Result(bytes: line, failed: false, warned: !warnings.isEmpty, renamed: renamed)
    result.language = document.language
    return result
  }

  /// `process(file:number:pipeline:)` over `files` (paths, each with its line in the list) on
  /// `jobs` workers, the results handed to `write` in order, and `progress` called with the
  /// number of files done every `chunk` files. At most four files a worker are between
  /// reading and writing. Returns how many files were run and how many of them failed, and
  /// how many results carry warnings.
  public static func run(
    files: [(path: String, line: Int)], pipeline: Pipeline, jobs: Int, chunk: Int = 64,
    recordLimit: Int = DescriptorReader.articleLimit, inspect: Inspection? = nil, progress: (Int) -> Void,
    write: (Result) throws -> Void
  ) throws -> (records: Int, failed: Int, warned: Int) {
    var failed = 0
    var warned = 0
    try Parallel.ordered(files.count, workers: jobs) { index in
      Batch.process(
        file: files[index].path, number: files[index].line, pipeline: pipeline, limit: recordLimit,
        inspect: inspect)
    } deliver: { index, result in
      if result.failed { failed += 1 }
      if result.warned { warned += 1 }
      try write(result)
      if (index + 1) % chunk == 0 || index + 1 == files.count { progress(index + 1) }
    }
    return (files.count, failed, warned)
  }

  /// What a run may make of each document besides its result line (the uncovered terms it
  /// adds to a corpus's, say), on the worker that ran it.
  public typealias Inspection = @Sendable (Document) -> any Sendable

  /// The fields of a result that Precis writes, and `error`, which marks a failed record's.
  public static let resultFields = ["brief", "error", "keyTerms", "summary", "warnings"]

  /// The fields of a result of `pipeline`: with `--language auto` (its `routing`), "language"
  /// too, the language each article was read as.
  public static func resultFields(of pipeline: Pipeline) -> [String] {
    pipeline.routing == nil ? resultFields : (resultFields + ["language"]).sorted()
  }

  /// The name a record's own field `key`, one of `resultFields`, is passed through under:
  /// `input_` and `key`, with `input_` again while the record has a field of that name.
  public static func passedName(of key: String, besides fields: [String: String]) -> String {
    var name = "input_" + key
    while fields[name] != nil { name = "input_" + name }
    return name
  }

  /// A line read as a record: its id as JSONSerialization reads it (`NSNull` when it has
  /// none), its article's UTF-8 (or, when "text" holds no string, what it holds, for the
  /// message), and its other fields as a result passes them through (`id` always among them).
  struct Record {
    var id: Any = NSNull()
    var input: [UInt8]?
    var textFound: String?
    var passed: [String: String] = [:]
    /// The record's "title", when it is a string (it is passed through too).
    var title: String?
  }

  /// The record of a line whose values are strings and plain values, read from its bytes (the
  /// hot path of a corpus run: its text is kept as the bytes the pipeline reads, its other fields
  /// are written back in the form JSONSerialization writes); `nil` for any other line.
  static func flatRecord(_ line: Data) -> Record? {
    guard
      let flat = line.withUnsafeBytes({
        FlatJSONObject.fields($0.bindMemory(to: UInt8.self), keepingBytesOf: "text")
      })
    else { return nil }
    var passed = flat.fields.mapValues(\.json)
    passed["id"] = passed["id"] ?? "null"
    return Record(
      id: flat.fields["id"]?.object ?? NSNull(), input: flat.bytes, passed: passed,
      title: flat.fields["title"]?.object as? String)
  }

  /// The record of any line, read by JSONSerialization; a line that is no JSON object throws
  /// the error its result gives (placed at line `number`, and at its column where
  /// `FlatJSONObject.problem(in:)` finds one). So does a line JSONSerialization takes but JSON
  /// does not (a trailing comma, a tab inside a string) or that gives a key twice, whose value
  /// JSONSerialization picks without a word: "invalid JSON" yields an error record, whichever
  /// reader read the line.
  static func foundationRecord(_ line: Data, number: Int) throws -> Record {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: line)
      if parsed is [String: Any], let (problem, _, column) = JSONSyntax.locatedProblem(in: line) {
        throw InputError(
          "invalid JSON: " + problem.message, at: SourceLocation(file: "-", line: number, column: column),
          notes: [problem.fix])
      }
    } catch let error as InputError {
      throw error
    } catch {
      if let problem = line.withUnsafeBytes({ FlatJSONObject.problem(in: $0.bindMemory(to: UInt8.self)) }) {
        throw InputError(
          problem.message, at: SourceLocation(file: "-", line: number, column: problem.column),
          notes: problem.notes)
      }
      throw InputError(
        JSONProblem.describe(error), at: SourceLocation(file: "-", line: number),
        notes: ["each line must be one JSON object with a \"text\" field"])
    }
    guard let object = parsed as? [String: Any] else {
      // (A list: JSONSerialization reads no other value alone. The column is where it starts.)
      throw InputError(
        "the line is \(JSONText.kind(of: parsed)), not a JSON object",
        at: SourceLocation(file: "-", line: number, column: JSONSyntax.locatedProblem(in: line)?.column),
        notes: ["each line must be one JSON object with a \"text\" field"])
    }
    var record = Record(id: object["id"] ?? NSNull())
    record.input = (object["text"] as? String).map { Array($0.utf8) }
    record.title = object["title"] as? String
    if record.input == nil, let value = object["text"] { record.textFound = JSONText.kind(of: value) }
    if record.input != nil {
      record.passed = [String: String](minimumCapacity: object.count)
      for (key, value) in object where key != "text" {
        record.passed[key] = try encode(fragment: value)
      }
      record.passed["id"] = try encode(fragment: record.id)
    }
    return record
  }

  /// How the batch's two readers disagree on `line`, or `nil` when they agree: a line the flat
  /// reader takes must give, read by JSONSerialization, the same id, text and fields passed
  /// through, byte for byte, since a result may not depend on which reader read its line. (For
  /// the `batch-record` fuzz target and the tests.)
  public static func readersDisagree(on line: Data) -> String? {
    guard let flat = flatRecord(line) else { return nil }
    let other: Record
    do {
      other = try foundationRecord(line, number: 1)
    } catch {
      return "JSONSerialization refuses a line the flat reader reads: \(error)"
    }
    if flat.input != other.input {
      return
        "the texts differ: \(flat.input.map { Array($0) } ?? []) against \(other.input.map { Array($0) } ?? [])"
    }
    // (Compared by their bytes: strings compare equal when they are canonically equivalent.)
    func bytes(_ fields: [String: String]) -> [[UInt8]] {
      fields.map { Array($0.key.utf8) + [0] + Array($0.value.utf8) }.sorted {
        $0.lexicographicallyPrecedes($1)
      }
    }
    if flat.input != nil, bytes(flat.passed) != bytes(other.passed) {
      return "the fields passed through differ: \(flat.passed.sorted { $0.key < $1.key }) against "
        + "\(other.passed.sorted { $0.key < $1.key })"
    }
    let ids = ((try? encode(fragment: flat.id)) ?? "?", (try? encode(fragment: other.id)) ?? "?")
    if Array(ids.0.utf8) != Array(ids.1.utf8) { return "the ids differ: \(ids.0) against \(ids.1)" }
    if flat.title.map({ Array($0.utf8) }) != other.title.map({ Array($0.utf8) }) {
      return "the titles differ: \(flat.title ?? "none") against \(other.title ?? "none")"
    }
    return nil
  }

  /// `line` with its bytes that are not UTF-8 replaced with U+FFFD, and the warning that says
  /// how many and where the first was; `nil` when it is all UTF-8.
  static func repaired(_ line: Data) -> (line: Data, warning: String)? {
    let bytes = [UInt8](line)
    guard let first = UTF8Validation.firstInvalidOffset(in: bytes) else { return nil }
    let count = UTF8Validation.invalidSequenceCount(in: bytes)
    return (
      Data(String(decoding: bytes, as: UTF8.self).utf8),
      UTF8Validation.replacedMessage(count: count, first: first)
    )
  }

  /// The id of a line that failed before its record was read, where it can still be told, so
  /// that its error can be joined back to the corpus: read from the line with its bytes that
  /// are not UTF-8 replaced (an id that held some of them is not told), or, from a line that is
  /// not JSON, from the fields before the place where it breaks (`FlatJSONObject.leadingID`).
  /// `NSNull` when there is none.
  static func recoveredID(_ line: Data) -> Any {
    let repair = repaired(line)
    let readable = repair?.line ?? line
    let id: Any
    if let record = flatRecord(readable) ?? (try? foundationRecord(readable, number: 1)) {
      id = record.id
    } else {
      id =
        readable.withUnsafeBytes { FlatJSONObject.leadingID(in: $0.bindMemory(to: UInt8.self)) }?.object
        ?? NSNull()
    }
    if repair != nil, let string = id as? String, string.unicodeScalars.contains("\u{FFFD}") {
      return NSNull()
    }
    return id
  }

  /// The result of line `number`, of `size` bytes, longer than `limit` (`--max-record-bytes`):
  /// an error with the record's id when `prefix`, the line's first bytes, holds it
  /// (`FlatJSONObject.leadingID`).
  static func tooLong(prefix: Data, size: Int, number: Int, limit: Int) -> Result {
    let id = prefix.withUnsafeBytes { FlatJSONObject.leadingID(in: $0.bindMemory(to: UInt8.self)) }
    return failure(
      id: id?.object ?? NSNull(), number: number,
      message: "the record is \(size) bytes long, more than the \(limit) of --max-record-bytes",
      notes: ["raise --max-record-bytes (up to 1G), or split the article into several records"], kind: .input)
  }

  /// The result of a record that failed: its id, and the error's line, column (in Unicode
  /// scalars, where the record's JSON itself is wrong), message, notes (how to fix it) and kind;
  /// with the language its article was read as (`--language auto`), when it was.
  static func failure(
    id: Any, number: Int, column: Int? = nil, message: String, notes: [String] = [], kind: FailureKind,
    language: String? = nil
  ) -> Result {
    var error: [String: Any] = [
      "line": number, "message": message, "kind": kind == .input ? "input" : "configuration",
    ]
    if let column { error["column"] = column }
    if !notes.isEmpty { error["notes"] = notes }
    var object: [String: Any] = ["id": id, "error": error]
    if let language { object["language"] = language }
    var result = Result(line: (try? encode(object)) ?? #"{"error":{"message":"unencodable"}}"#, failed: true)
    result.language = language
    return result
  }

  /// One JSON value as JSONSerialization writes it (sorted keys, slashes unescaped); a string
  /// (most ids) is written by `JSONText`, in the same form, at a tenth of the cost.
  static func encode(fragment value: Any) throws -> String {
    if let string = value as? String { return JSONText.quoted(string) }
    let data = try JSONSerialization.data(
      withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    return String(decoding: data, as: UTF8.self)
  }

  static func encode(_ object: [String: Any]) throws -> String {
    let data = try JSONSerialization.data(
      withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }

  /// How many bytes of lines read ahead `Batch.run` holds at most (past one line): with
  /// articles of a megabyte, a window of 512 records held 300 MB of a 300 MB corpus.
  public static let windowBytes = 16 << 20

  /// Reads `input` line by line, processes the records on `jobs` workers, and hands the
  /// results to `write` in input order. At most `2 × chunk` records, and `windowBytes` of
  /// their lines (or one line, when it is longer), are between reading and writing at a time,
  /// and `progress` is called after every `chunk` records written.
  ///
  /// The calling thread is one of the `jobs` workers (at most as many as the window holds
  /// records): between records it reads lines ahead and
  /// writes the results that are ready. (The workers had waited for both at the end of every
  /// chunk of 256 records, about 5% of a corpus run on two cores.) `input` that cannot be read
  /// (a directory) throws an `InputError` naming it as `name`. Returns how many records (lines
  /// that are not blank) were read and how many of them failed, and how many blank lines (only
  /// spaces, tabs or a carriage return) were skipped: a blank line gives no output.
  ///
  /// - Complexity: O(*n*) in the size of the input; memory holds `2 × chunk` records, and
  ///   `windowBytes` of their lines.
  public static func run(
    input: FileHandle, named name: String = "-", pipeline: Pipeline, jobs: Int, chunk: Int = 256,
    windowBytes: Int = Batch.windowBytes,
    replacingInvalidUTF8: Bool = false, titles: Bool = false,
    recordLimit: Int = DescriptorReader.articleLimit,
    inspect: Inspection? = nil, progress: (_ records: Int, _ bytes: Int) -> Void = { _, _ in },
    write: (Result) throws -> Void
  ) throws -> (records: Int, failed: Int, blank: Int, warned: Int) {
    let chunk = max(1, chunk)
    let queue = RecordQueue(window: 2 * chunk, bytes: windowBytes)
    @Sendable func process(_ number: Int, _ line: Data) {
      // (A blank line keeps its number and gives no output.)
      queue.finish(
        number,
        line.isEmpty
          ? nil
          : Batch.process(
            line, number: number + 1, pipeline: pipeline, replacingInvalidUTF8: replacingInvalidUTF8,
            titles: titles, inspect: inspect))
    }
    let workers = DispatchGroup()
    // No more workers than records in the window: the others would only wait. (`--jobs` of a
    // hundred billion queued as many tasks, and the process grew past 20 GB before a record.)
    for _ in 1..<min(max(1, jobs), 2 * chunk) {
      DispatchQueue.global().async(group: workers) {
        while let (number, line) = queue.take() { process(number, line) }
      }
    }
    // On a throw (the output closed), the workers stop after their current record.
    defer {
      queue.close()
      workers.wait()
    }
    var reader = LineReader(handle: input, name: name, limit: recordLimit)
    var exhausted = false
    // Lines read, and lines whose results were written.
    var linesRead = 0
    var number = 0
    var records = 0
    var failed = 0
    var warned = 0
    var bytes = 0
    var lines: [(line: Data, size: Int, result: Result?)] = []
    while true {
      // Fill the window, handing lines over a few at a time so that the workers start at once.
      var (room, byteRoom) = exhausted ? (0, 0) : queue.room
      while room > 0 {
        lines.removeAll(keepingCapacity: true)
        var held = 0
        while lines.count < min(room, RecordQueue.handoff), held < byteRoom {
          guard let read = try reader.next() else {
            exhausted = true
            break
          }
          linesRead += 1
          switch read {
          case .whole(let line):
            let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            lines.append((blank ? Data() : line, line.count + 1, nil))
            held += blank ? 0 : line.count
          case .tooLong(let prefix, let size):
            lines.append(
              (Data(), size + 1, tooLong(prefix: prefix, size: size, number: linesRead, limit: recordLimit)))
          }
        }
        queue.put(lines)
        room = exhausted || held >= byteRoom ? 0 : room - lines.count
        byteRoom -= held
      }
      if exhausted { queue.endInput() }
      // Write what is ready; then process a record here, or, when every record is taken,
      // wait for the results.
      let ready: [(result: Result?, size: Int)]
      if let readyNow = queue.nextResults(waiting: false), !readyNow.isEmpty {
        ready = readyNow
      } else if let (taken, line) = queue.take(waiting: false) {
        process(taken, line)
        continue
      } else if let waited = queue.nextResults(waiting: true) {
        ready = waited
      } else {
        break
      }
      for (result, size) in ready {
        number += 1
        bytes += size
        if let result {
          records += 1
          if result.failed { failed += 1 }
          if result.warned { warned += 1 }
          try write(result)
        }
        if number % chunk == 0 { progress(records, bytes) }
      }
    }
    if number % chunk != 0 { progress(records, bytes) }
    return (records, failed, number - records, warned)
  }
}

/// The records between the reader, the workers and the writer of `Batch.run`: a window of
/// numbered lines and their results, in a ring, holding at most so many bytes of lines (past
/// one). A waiting writer is woken when the next record in order is done and a batch of
/// results (or all that are left) is ready, not at every record.
private final class RecordQueue: @unchecked Sendable {
  /// How many lines are handed over at a time, and how many results the writer waits for.
  static let handoff = 32

  private let condition = NSCondition()
  private let window: Int
  /// How many bytes of lines the window holds (past one line), and holds now: a line's bytes
  /// count from when it is put to when its result is written.
  private let byteWindow: Int
  private var heldBytes = 0
  private var held: [Int]
  private var lines: [Data?]
  private var results: [Batch.Result?]
  private var done: [Bool]
  private var sizes: [Int]
  /// Records put, taken by a worker, finished, and handed to the writer: each count from 0.
  private var read = 0
  private var taken = 0
  private var finished = 0
  private var written = 0
  private var inputEnded = false
  private var closed = false
  private var writerWaits = false
  private var idleWorkers = 0

  init(window: Int, bytes: Int) {
    self.window = window
    byteWindow = max(1, bytes)
    held = Array(repeating: 0, count: window)
    lines = Array(repeating: nil, count: window)
    results = Array(repeating: nil, count: window)
    done = Array(repeating: false, count: window)
    sizes = Array(repeating: 0, count: window)
  }

  /// How many more lines the window holds, and how many more of their bytes: none while it
  /// holds its bytes' worth, any line (however long) when it is empty.
  var room: (lines: Int, bytes: Int) {
    condition.lock()
    defer { condition.unlock() }
    if read == written { return (window, byteWindow) }
    return heldBytes >= byteWindow ? (0, 0) : (window - (read - written), byteWindow - heldBytes)
  }

  /// Adds lines after the last (at most `room`), each with its size in the input, and with its
  /// result when it has one already (a line too long to read): no worker takes that one.
  func put(_ added: [(line: Data, size: Int, result: Batch.Result?)]) {
    guard !added.isEmpty else { return }
    condition.lock()
    defer { condition.unlock() }
    for (line, size, result) in added {
      let slot = read % window
      lines[slot] = result == nil ? line : nil
      sizes[slot] = size
      held[slot] = line.count
      heldBytes += line.count
      results[slot] = result
      done[slot] = result != nil
      if result != nil { finished += 1 }
      read += 1
      skipFinished()
    }
    if idleWorkers > 0 || (writerWaits && writerMayGo) { condition.broadcast() }
  }

  /// Says no line comes after those put.
  func endInput() {
    condition.lock()
    defer { condition.unlock() }
    inputEnded = true
    condition.broadcast()
  }

  /// Stops the workers: `take()` gives no more records.
  func close() {
    condition.lock()
    defer { condition.unlock() }
    closed = true
    condition.broadcast()
  }

  /// The next record to process (its number from 0, and its line), waiting for one unless
  /// not `waiting`; `nil` once the input has ended and every record is taken, when the queue is
  /// closed, or when none is there and not `waiting`.
  func take(waiting: Bool = true) -> (Int, Data)? {
    condition.lock()
    defer { condition.unlock() }
    while waiting, taken == read, !inputEnded, !closed {
      idleWorkers += 1
      condition.wait()
      idleWorkers -= 1
    }
    guard !closed, taken < read else { return nil }
    let number = taken
    taken += 1
    skipFinished()
    let slot = number % window
    defer { lines[slot] = nil }
    return (number, lines[slot] ?? Data())
  }

  /// Moves the next line to take past those that came with their result, as soon as they are
  /// next: one left there could be written, and its slot filled with a later line, before a
  /// worker came by (which took that later line under the earlier one's number).
  private func skipFinished() {
    while taken < read, done[taken % window] { taken += 1 }
  }

  /// Stores the result of record `number` (`nil` for a blank line).
  func finish(_ number: Int, _ result: Batch.Result?) {
    condition.lock()
    defer { condition.unlock() }
    let slot = number % window
    results[slot] = result
    done[slot] = true
    finished += 1
    if writerWaits, writerMayGo { condition.broadcast() }
  }

  /// Whether the next record in order is done, with a batch of results or all that are left.
  private var writerMayGo: Bool {
    if written == read { return inputEnded || closed }
    return done[written % window] && finished - written >= min(RecordQueue.handoff, read - written)
  }

  /// The results ready in order from the next record on, each with its line's size (`nil` for
  /// a blank line): when `waiting`, once the next is done and a batch is ready; else those
  /// there are (perhaps none). `nil` once every record is written.
  func nextResults(waiting: Bool) -> [(result: Batch.Result?, size: Int)]? {
    condition.lock()
    defer { condition.unlock() }
    while waiting, !writerMayGo {
      writerWaits = true
      condition.wait()
      writerWaits = false
    }
    guard written < read else { return nil }
    var ready: [(result: Batch.Result?, size: Int)] = []
    while written < read, done[written % window] {
      let slot = written % window
      ready.append((results[slot], sizes[slot]))
      results[slot] = nil
      heldBytes -= held[slot]
      written += 1
    }
    return ready
  }
}

/// A line as `LineReader` reads it: whole, or, when it is longer than the reader's limit, only
/// its first bytes, the rest skipped unread into memory.
enum ReadLine: Equatable {
  /// The line, without its line feed.
  case whole(Data)
  /// A line of `size` bytes (without its line feed), more than the limit; `prefix` holds its
  /// first `LineReader.keptPrefix` bytes (or as many as the limit, if fewer), where a record's
  /// id usually is.
  case tooLong(prefix: Data, size: Int)
}

/// Lines of a file handle, read in blocks of 1 MiB, without their newlines. The blocks are
/// read with `read(2)` itself: FileHandle's `readData(ofLength:)` read 4 KiB a call (a thousand
/// calls for the 1,500 OrangeSum articles), and stopped the process on an error (a directory
/// given as the corpus). A line longer than `limit` is not held whole: its first bytes are
/// kept, the rest is read past, and it comes out as `ReadLine.tooLong`, so that memory holds
/// at most `limit` and a block whatever the input. A line longer than 1 GiB
/// (`DescriptorReader.articleLimit`) throws, whatever the limit: the input is no JSON Lines
/// (`/dev/zero` given as a corpus).
struct LineReader {
  let handle: FileHandle
  /// The file's name in an error (`-` for standard input).
  let name: String
  /// The longest line read whole, in bytes (at most 1 GiB).
  let limit: Int
  /// How many of a line's first bytes are kept when it is longer than the limit.
  static let keptPrefix = 1 << 16
  var buffer = Data()
  var start = 0
  /// How far `buffer` is known to hold no line feed (from `start`): a long line is searched
  /// once, not again from its start after every block.
  var scanned = 0
  var finished = false
  /// Where a block is read to, made once and not filled: a page of it is first touched when a
  /// read reaches it, so a small corpus does not pay for a mebibyte of zeros (256 page faults).
  private var block = [UInt8](unsafeUninitializedCapacity: 1 << 20) { _, count in count = 1 << 20 }

  init(handle: FileHandle, name: String = "-", limit: Int = DescriptorReader.articleLimit) {
    self.handle = handle
    self.name = name
    self.limit = min(max(1, limit), DescriptorReader.articleLimit)
  }

  mutating func next() throws -> ReadLine? {
    if !checkedStart { try checkStart() }
    while true {
      // memchr finds the line feed; Data's generic search went byte by byte through its index.
      let from = max(start, scanned)
      let newline = buffer.withUnsafeBytes { raw -> Int? in
        guard from < raw.count, let base = raw.baseAddress,
          let hit = memchr(base + from, 0x0A, raw.count - from)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
      }
      if let newline {
        defer {
          start = newline + 1
          scanned = start
        }
        return try line(upTo: newline)
      }
      scanned = buffer.count
      if finished {
        guard start < buffer.count else { return nil }
        defer { start = buffer.count }
        return try line(upTo: buffer.count)
      }
      if buffer.count - start > limit { return try skipLongLine() }
      let count = try readBlock()
      if start > 0 {
        buffer.removeSubrange(0..<start)
        scanned -= start
        start = 0
      }
      if count == 0 {
        finished = true
      } else {
        block.withUnsafeBytes { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
      }
    }
  }

  /// The line from `start` to `end` in `buffer`: whole, or its first bytes when it is longer
  /// than the limit.
  private func line(upTo end: Int) throws -> ReadLine {
    let size = end - start
    guard size > limit else {
      return .whole(buffer.subdata(in: (buffer.startIndex + start)..<(buffer.startIndex + end)))
    }
    guard size <= DescriptorReader.articleLimit else { throw lineTooLong() }
    return .tooLong(prefix: prefix(), size: size)
  }

  /// The first bytes of the line at `start`, as `ReadLine.tooLong` keeps them.
  private func prefix() -> Data {
    let count = min(LineReader.keptPrefix, limit, buffer.count - start)
    return buffer.subdata(in: (buffer.startIndex + start)..<(buffer.startIndex + start + count))
  }

  /// The line at `start`, longer than the limit and with no line feed in `buffer`: its first
  /// bytes are kept, and the rest is read block by block, without keeping it, up to its line
  /// feed (what follows stays in `buffer`) or the end of the input.
  private mutating func skipLongLine() throws -> ReadLine {
    let kept = prefix()
    var size = buffer.count - start
    buffer.removeAll()
    start = 0
    scanned = 0
    while true {
      let count = try readBlock()
      guard count > 0 else {
        finished = true
        return .tooLong(prefix: kept, size: size)
      }
      let newline = block.withUnsafeBytes { raw -> Int? in
        guard let base = raw.baseAddress, let hit = memchr(base, 0x0A, count) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
      }
      guard let newline else {
        size += count
        // (An endless line, `/dev/zero` given as the corpus, is an error, not a run that never
        // ends.)
        guard size <= DescriptorReader.articleLimit else { throw lineTooLong() }
        continue
      }
      size += newline
      guard size <= DescriptorReader.articleLimit else { throw lineTooLong() }
      block.withUnsafeBytes {
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[(newline + 1)..<count]))
      }
      return .tooLong(prefix: kept, size: size)
    }
  }

  /// The error of a line longer than 1 GiB, whatever the limit: no record is that long.
  private func lineTooLong() -> InputError {
    InputError(
      "cannot read '\(name)': a line longer than 1 GiB, more than a record holds",
      at: SourceLocation(file: name), notes: ["give one article a line, as JSON Lines"])
  }

  /// Whether the input's first bytes were checked (`checkStart`).
  private var checkedStart = false

  /// Reads the input's first bytes (ten at least, or all it has: a pipe may give a few at a
  /// time) and refuses an input that is compressed or UTF-16, which would split into lines
  /// that are no records; skips a UTF-8 byte order mark.
  private mutating func checkStart() throws {
    checkedStart = true
    while buffer.count < 10 {
      let count = try readBlock()
      if count == 0 {
        finished = true
        break
      }
      block.withUnsafeBytes { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
    if let foreign = ForeignInput.detect(Array(buffer.prefix(10))) {
      throw foreign.error(name: name, command: "precis batch")
    }
    if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
  }

  /// Reads the next block into `block`; how many bytes it holds (0 at the end of the input).
  private mutating func readBlock() throws -> Int {
    let (descriptor, name) = (handle.fileDescriptor, name)
    return try block.withUnsafeMutableBytes {
      try DescriptorReader.readBlock(descriptor, into: $0, name: name)
    }
  }
}

/// JSON text for the values Precis writes itself, in the form JSONSerialization gives them.
enum JSONText {
  /// What a value JSONSerialization read is, as a message names it: `null`, `true or false`,
  /// `a number`, `a list`, `an object`, `a string`.
  static func kind(of value: Any) -> String {
    switch value {
    case is NSNull: return "null"
    case is String: return "a string"
    case is [Any]: return "a list"
    case is [String: Any]: return "an object"
    case let number as NSNumber:
      // (A JSON `true` is an NSNumber too, of Objective-C type `c`, as a Bool is.)
      return String(cString: number.objCType) == "c" ? "true or false" : "a number"
    default: return "a value"
    }
  }

  /// Appends the UTF-8 of a literal to `output`, copied at once (a string's UTF-8 view was
  /// appended through its generic path, counting a reference to the string).
  @inline(__always)
  static func append(_ literal: StaticString, to output: inout [UInt8]) {
    output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as is.
  static func quoted(_ text: String) -> String {
    var bytes: [UInt8] = []
    appendQuoted(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `text` as a JSON string to `output` (a batch record's bytes, or the buffer of
  /// `SortedJSON`). Only ASCII bytes are ever escaped: the UTF-8 is copied in runs between them
  /// (appending byte by byte cost 37 instructions a byte).
  static func appendQuoted<Output: JSONOutput>(_ text: String, to output: inout Output) {
    var text = text
    text.withUTF8 { source in
      output.write(0x22)
      var runStart = 0
      JSONText.forEachEscaped(source) { index, byte in
        output.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: source[runStart..<index])))
        runStart = index + 1
        output.write(0x5C)
        if let letter = JSONText.shortEscape(byte) {
          output.write(letter)
        } else {
          for escaped in [0x75, 0x30, 0x30, JSONText.hexDigit(byte >> 4), JSONText.hexDigit(byte & 0x0F)] {
            output.write(escaped)
          }
        }
      }
      output.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: source[runStart...])))
      output.write(0x22)
    }
  }

  /// Whether one of the eight bytes of `word` may be one that a JSON string escapes: `"`,
  /// `\` or below 0x20 (never false when one is; each test may only flag a byte above a
  /// match, through a borrow).
  @inline(__always)
  static func mayBeEscaped(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
    let quote = zeroByte(word ^ (ones &* 0x22))
    let backslash = zeroByte(word ^ (ones &* 0x5C))
    let control = (word &- ones &* 0x20) & ~word & high
    return quote | backslash | control != 0
  }

  /// Calls `body` with the offset and value of every byte of `bytes` that a JSON string
  /// escapes, in order, reading eight bytes at a step where none can be one.
  @inline(__always)
  static func forEachEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UInt8) -> Void) {
    var index = 0
    if let base = bytes.baseAddress {
      while index + 8 <= bytes.count {
        if mayBeEscaped(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
          for offset in index..<(index + 8)
          where bytes[offset] < 0x20 || bytes[offset] == 0x22 || bytes[offset] == 0x5C {
            body(offset, bytes[offset])
          }
        }
        index += 8
      }
    }
    while index < bytes.count {
      if bytes[index] < 0x20 || bytes[index] == 0x22 || bytes[index] == 0x5C { body(index, bytes[index]) }
      index += 1
    }
  }

  /// The letter after the backslash for a byte JSON escapes in short (`\n`), or `nil`.
  private static func shortEscape(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x22: return 0x22
    case 0x5C: return 0x5C
    case 0x0A: return 0x6E
    case 0x0D: return 0x72
    case 0x09: return 0x74
    case 0x08: return 0x62
    case 0x0C: return 0x66
    default: return nil
    }
  }

  /// The lowercase hexadecimal digit for `value` (0-15).
  private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }

  /// A number: whole values without a fraction (`1`), others in Swift's shortest form (`0.6566`).
  static func number(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return value.isFinite ? "\(value)" : "0"
  }
}
