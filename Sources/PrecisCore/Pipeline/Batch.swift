import Foundation

/// Line-in, line-out processing of JSON Lines corpora: each input line `{"id", "text", …}`
/// becomes one output line with the brief, the key terms and the chosen sentences, or an error
/// object with the line number. Lines are read and written in chunks, in input order, so memory
/// stays flat and the output is the same for any number of workers.
public enum Batch {
  /// The result of one input line.
  public struct Result: Sendable {
    /// The output line's UTF-8, with its newline.
    public var bytes: [UInt8]
    /// Whether the record failed.
    public var failed: Bool

    /// The output line, without its newline.
    public var line: String { String(decoding: bytes.dropLast(), as: UTF8.self) }

    init(bytes: [UInt8], failed: Bool) {
      self.bytes = bytes
      self.failed = failed
    }

    init(line: String, failed: Bool) {
      self.init(bytes: Array((line + "\n").utf8), failed: failed)
    }
  }

  /// Runs `pipeline` on one input line (`number` counts from 1) and renders the result.
  public static func process(_ line: Data, number: Int, pipeline: Pipeline) -> Result {
    var id: Any = NSNull()
    do {
      // A record of strings only is read from its bytes, its text kept as bytes (the pipeline
      // reads bytes: no string is made of it); any other goes to Foundation.
      let flat = line.withUnsafeBytes {
        FlatJSONObject.fields($0.bindMemory(to: UInt8.self), keepingBytesOf: "text")
      }
      guard
        let object = flat.map({ $0.fields as [String: Any] })
          ?? (try? JSONSerialization.jsonObject(with: line) as? [String: Any])
      else {
        throw InputError(
          "not a JSON object", at: SourceLocation(file: "-", line: number),
          notes: ["each line must be one JSON object with a \"text\" field"])
      }
      id = object["id"] ?? NSNull()
      let text: [UInt8]?
      if let flat {
        text = flat.bytes
      } else {
        text = (object["text"] as? String).map { Array($0.utf8) }
      }
      guard let input = text else {
        throw InputError(
          "no \"text\" string", at: SourceLocation(file: "-", line: number),
          notes: ["give the article in a \"text\" field"])
      }
      var document = Document(source: "line \(number)", input: input)
      try pipeline.run(&document)
      // Our fields are written directly into the line's bytes (the hot path of a corpus run);
      // the fields passed through from the input keep JSONSerialization's form. Keys are
      // sorted, ours replacing any passed through under the same name.
      var passed = [String: String](minimumCapacity: object.count)
      for (key, value) in object where key != "text" {
        passed[key] = try encode(fragment: value)
      }
      passed["id"] = try encode(fragment: id)
      let ours = ["brief", "keyTerms", "summary"]
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
            JSONText.append(#"{"score":"#, to: &line)
            line += JSONText.number(index < scores.count ? scores[index].total : 0).utf8
            JSONText.append(#","sentence":"#, to: &line)
            line += String(index).utf8
            JSONText.append(#","text":"#, to: &line)
            JSONText.appendQuoted(sentences[index].text, to: &line)
            line.append(0x7D)
          }
          line.append(0x5D)
        default:
          line += (passed[key] ?? "null").utf8
        }
      }
      line += [0x7D, 0x0A]  // }, and the newline
      return Result(bytes: line, failed: false)
    } catch let error as any PrecisError {
      return failure(
        id: id, number: number, message: error.diagnostics.first?.message ?? "failed", kind: error.kind)
    } catch {
      return failure(id: id, number: number, message: "\(error)", kind: .input)
    }
  }

  static func failure(id: Any, number: Int, message: String, kind: FailureKind) -> Result {
    let object: [String: Any] = [
      "id": id,
      "error": ["line": number, "message": message, "kind": kind == .input ? "input" : "configuration"],
    ]
    return Result(line: (try? encode(object)) ?? #"{"error":{"message":"unencodable"}}"#, failed: true)
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

  /// Reads `input` line by line in chunks of `chunk` lines, processes each chunk on `jobs`
  /// workers, and hands the results to `write` in input order.
  ///
  /// - Complexity: O(*n*) in the size of the input; memory holds one chunk.
  public static func run(
    input: FileHandle, pipeline: Pipeline, jobs: Int, chunk: Int = 256,
    progress: (_ records: Int, _ bytes: Int) -> Void = { _, _ in },
    write: (Result) throws -> Void
  ) throws -> (records: Int, failed: Int) {
    var reader = LineReader(handle: input)
    var number = 0
    var failed = 0
    var bytes = 0
    while true {
      var lines: [Data] = []
      while lines.count < chunk, let line = reader.next() {
        bytes += line.count + 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
          lines.append(Data())  // kept so that line numbers stay right; skipped below
        } else {
          lines.append(line)
        }
      }
      if lines.isEmpty { break }
      let chunkLines = lines
      let first = number
      let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: lines.count)
      results.initialize(repeating: nil)
      defer {
        // The results hold strings: deallocating without deinitializing leaked every record's
        // output (about 3 KB a record, 436 MB of RSS after 150,000 records).
        results.deinitialize()
        results.deallocate()
      }
      let box = ResultsBox(results)
      // Each worker takes the next record as it finishes one: a long article holds up one
      // worker, not the records dealt to it in advance.
      let next = Counter()
      DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
        while let index = next.take(below: chunkLines.count) {
          if !chunkLines[index].isEmpty {
            box.store(
              Batch.process(chunkLines[index], number: first + index + 1, pipeline: pipeline), at: index)
          }
        }
      }
      for result in results {
        guard let result else { continue }
        if result.failed { failed += 1 }
        try write(result)
      }
      number += lines.count
      progress(number, bytes)
    }
    return (number, failed)
  }
}

/// Results written by the workers, each to its own slot.
private final class ResultsBox: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Batch.Result?>
  init(_ buffer: UnsafeMutableBufferPointer<Batch.Result?>) { self.buffer = buffer }
  func store(_ result: Batch.Result, at index: Int) { buffer[index] = result }
}

/// The next record number to process, shared by the workers.
private final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()

  /// The next number, or `nil` once `limit` is reached.
  func take(below limit: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < limit else { return nil }
    value += 1
    return value - 1
  }
}

/// Lines of a file handle, read in blocks of 1 MiB, without their newlines.
struct LineReader {
  let handle: FileHandle
  var buffer = Data()
  var start = 0
  var finished = false

  init(handle: FileHandle) { self.handle = handle }

  mutating func next() -> Data? {
    while true {
      // memchr finds the line feed; Data's generic search went byte by byte through its index.
      let newline = buffer.withUnsafeBytes { raw -> Int? in
        guard start < raw.count, let base = raw.baseAddress,
          let hit = memchr(base + start, 0x0A, raw.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
      }
      if let newline {
        let line = buffer.subdata(in: (buffer.startIndex + start)..<(buffer.startIndex + newline))
        start = newline + 1
        return line
      }
      if finished {
        guard start < buffer.count else { return nil }
        let line = buffer.subdata(in: (buffer.startIndex + start)..<buffer.endIndex)
        start = buffer.count
        return line
      }
      let block = handle.readData(ofLength: 1 << 20)
      if start > 0 {
        buffer.removeSubrange(0..<start)
        start = 0
      }
      if block.isEmpty { finished = true } else { buffer.append(block) }
    }
  }
}

/// JSON text for the values Precis writes itself, in the form JSONSerialization gives them.
enum JSONText {
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

  /// Appends `text` as a JSON string to `output`. Only ASCII bytes are ever escaped: the UTF-8
  /// is copied in runs between them (appending byte by byte cost 37 instructions a byte).
  static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    var text = text
    text.withUTF8 { source in
      output.append(0x22)
      var runStart = 0
      JSONText.forEachEscaped(source) { index, byte in
        output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
        runStart = index + 1
        output.append(0x5C)
        if let letter = JSONText.shortEscape(byte) {
          output.append(letter)
        } else {
          output += [0x75, 0x30, 0x30, JSONText.hexDigit(byte >> 4), JSONText.hexDigit(byte & 0x0F)]
        }
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
      output.append(0x22)
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
