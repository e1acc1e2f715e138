import Foundation

/// A JSON Lines record read straight from its bytes (`{"id": "…", "text": "…", "category":
/// null}`, most corpora): Foundation's `JSONSerialization` spent 50 instructions a byte on the
/// article's text, a twentieth of a corpus run, and writing a field passed through (a `null`)
/// cost as much again. Its strings, `null`, `true`, `false` and whole numbers are read here; any
/// other number, list or object alone goes through JSONSerialization (a record with
/// `"tags": ["a"]` and `"score": 0.5` cost 1.15 times the instructions of a plain one when the
/// whole line did, and costs 1.04 times now).
/// Anything else (a key given twice, a lone surrogate escape, a byte that is not UTF-8 or a
/// control character inside a string, a byte order mark at a string's start or after an
/// escape, JSON that is not) gives `nil`, and the caller hands the line to `JSONSerialization`,
/// which reads it or reports it as before.
enum FlatJSONObject {
  /// A field's value.
  enum Value: Hashable {
    case string(String)
    case null
    case bool(Bool)
    /// A whole number of at most 18 digits, written without a sign before 0 or a leading zero
    /// (`42`, `-7`): JSONSerialization reads it as an integer and writes it back the same.
    case integer(Int)
    /// Any other number, a list or an object (`1.5`, `["a", "b"]`), as JSONSerialization writes
    /// it once it has read it: the value alone goes through JSONSerialization, not the line
    /// and its article (which cost such a record 310,000 instructions more than a plain one,
    /// where its two values alone cost 90,000).
    case json(String)

    /// The value as JSONSerialization writes it: passed through to a batch result as it is.
    var json: String {
      switch self {
      case .string(let string): return JSONText.quoted(string)
      case .null: return "null"
      case .bool(let value): return value ? "true" : "false"
      case .integer(let value): return String(value)
      case .json(let text): return text
      }
    }

    /// The value as JSONSerialization reads it (`NSNull` for `null`).
    var object: Any {
      switch self {
      case .string(let string): return string
      case .null: return NSNull()
      case .bool(let value): return value
      case .integer(let value): return value
      case .json(let text):
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed))
          ?? NSNull()
      }
    }

    /// The string, if the value is one.
    var string: String? {
      if case .string(let string) = self { return string }
      return nil
    }
  }

  /// What is wrong with a line JSONSerialization refused, with its 1-based column (in Unicode
  /// scalars): bytes that are not UTF-8, a lone surrogate escape, a backslash that starts no
  /// escape, a NaN, or the first place the line breaks JSON's grammar (`JSONSyntax`). Foundation
  /// counts 'sequence 14 bytes starting from character 18' for the first, says 'unexpected end of
  /// file', 'invalid UTF-8 sequence' (of `\é`) and 'invalid value around character 56' for the
  /// next three, and for the others 'invalid value around character 23' with no word of what is
  /// wrong. `nil` only where JSONSerialization refuses what JSON's grammar allows.
  static func problem(in line: UnsafeBufferPointer<UInt8>) -> (message: String, notes: [String], column: Int)?
  {
    // Each with the one note that says how to fix it.
    func found(_ message: String, at offset: Int, fix: String) -> (
      message: String, notes: [String], column: Int
    ) {
      (message, [fix], JSONSyntax.location(of: offset, in: line).column)
    }
    if let offset = UTF8Validation.firstInvalidOffset(in: line) {
      return found(
        "invalid UTF-8 at byte \(offset) (0x\(String(line[offset], radix: 16, uppercase: true)))", at: offset,
        fix: "convert the corpus to UTF-8, e.g. 'iconv -f WINDOWS-1252 -t UTF-8', or pass --lossy to replace "
          + "what is not UTF-8")
    }
    if let offset = loneSurrogate(in: line) {
      return found(
        "invalid JSON: a lone UTF-16 surrogate escape, half of a pair and no character", at: offset,
        fix: "write the character itself, or both halves of its pair (\\ud83d\\ude00); text decoded "
          + "with errors escaped as surrogates must be decoded again first")
    }
    if let (offset, escaped) = invalidEscape(in: line) {
      return found(
        "invalid JSON: a backslash before \(escaped) starts no JSON escape", at: offset,
        fix: "a backslash in a string starts an escape: write \\\\ for a backslash itself (JSON's escapes "
          + "are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)")
    }
    if let (literal, offset) = nonFiniteNumber(in: line) {
      return found(
        "invalid JSON: \(literal) is no JSON number", at: offset,
        fix: "write null instead; Python's json.dumps writes \(literal) for a float that is not finite, "
          + "and refuses it with allow_nan=False")
    }
    if let problem = JSONSyntax.firstProblem(in: line) {
      return found("invalid JSON: " + problem.message, at: problem.offset, fix: problem.fix)
    }
    return nil
  }

  /// The byte offset of the first lone UTF-16 surrogate escape of `line` (`\ud800` without its
  /// pair, or a `\udc00` alone), if a string holds one: half of a pair is no character, and
  /// JSONSerialization reports it as an unexpected end of file.
  static func loneSurrogate(in line: UnsafeBufferPointer<UInt8>) -> Int? {
    func hex(at offset: Int) -> UInt32? {
      guard offset + 6 <= line.count, line[offset] == 0x5C, line[offset + 1] == 0x75 else { return nil }
      var value: UInt32 = 0
      for byte in line[(offset + 2)..<(offset + 6)] {
        guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
        value = value << 4 | UInt32(digit)
      }
      return value
    }
    var inString = false
    var offset = 0
    while offset < line.count {
      let byte = line[offset]
      if !inString {
        if byte == 0x22 { inString = true }
        offset += 1
        continue
      }
      switch byte {
      case 0x22:
        inString = false
        offset += 1
      case 0x5C:
        guard let value = hex(at: offset) else {
          offset += 2
          continue
        }
        if (0xD800...0xDBFF).contains(value), let low = hex(at: offset + 6), (0xDC00...0xDFFF).contains(low) {
          offset += 12
        } else if (0xD800...0xDFFF).contains(value) {
          return offset
        } else {
          offset += 6
        }
      default:
        offset += 1
      }
    }
    return nil
  }

  /// The byte offset of the first backslash in a string of `line` that starts no JSON escape
  /// (`\q`, `\é`), and what follows it (quoted, or named when a control character):
  /// JSONSerialization calls one before a character beyond ASCII 'invalid UTF-8 sequence 2
  /// bytes', of a line that is UTF-8 (found by the `batch-record` fuzz target). `line` is UTF-8.
  static func invalidEscape(in line: UnsafeBufferPointer<UInt8>) -> (offset: Int, escaped: String)? {
    firstFound(in: line) { offset in
      // (A backslash that ends the line ends it inside a string, which Foundation reports.)
      guard offset + 1 < line.count else { return nil }
      switch line[offset + 1] {
      case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74, 0x75: return nil
      default:
        let rest = UnsafeBufferPointer(rebasing: line[(offset + 1)...])
        guard let scalar = String(decoding: rest.prefix(4), as: UTF8.self).unicodeScalars.first else {
          return nil
        }
        // (A control character is named, not shown.)
        let control = scalar.value < 0x20 || scalar.value == 0x7F
        return (offset, control ? String(format: "U+%04X", scalar.value) : "'\(scalar)'")
      }
    } outside: { _ in
      nil
    }
  }

  /// The first `NaN`, `Infinity` or `-Infinity` outside the strings of `line`, and its byte
  /// offset: no JSON, but what Python's `json.dumps` writes for such a float (a missing number
  /// in a table, often), which JSONSerialization reports as an 'invalid value'.
  static func nonFiniteNumber(in line: UnsafeBufferPointer<UInt8>) -> (literal: String, offset: Int)? {
    firstFound(in: line) { _ in
      nil
    } outside: { offset in
      for literal in ["NaN", "Infinity", "-Infinity"] where line[offset...].starts(with: literal.utf8) {
        return (literal, offset)
      }
      return nil
    }
  }

  /// The first answer of `escape`, asked at each backslash inside the strings of `line` (the
  /// byte after it is then passed over), or of `outside`, asked at each byte outside them.
  /// (Only for a line JSONSerialization refused: generic, and not fast.)
  private static func firstFound<Found>(
    in line: UnsafeBufferPointer<UInt8>, escape: (Int) -> Found?, outside: (Int) -> Found?
  ) -> Found? {
    var inString = false
    var offset = 0
    while offset < line.count {
      let byte = line[offset]
      if inString {
        if byte == 0x5C {
          if let found = escape(offset) { return found }
          offset += 2
          continue
        }
        if byte == 0x22 { inString = false }
      } else if byte == 0x22 {
        inString = true
      } else if let found = outside(offset) {
        return found
      }
      offset += 1
    }
    return nil
  }

  /// The keys and values of `line`, or `nil` when it is not such an object.
  static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [String: Value]? {
    fields(line, keepingBytesOf: nil)?.fields
  }

  /// The keys and values of `line`, or `nil` when it is not such an object; the value of `key`
  /// (an article's text) is given apart as its UTF-8 bytes, checked as a string's would be but
  /// never made a string (the pipeline reads bytes). A `key` whose value is no string is left
  /// to JSONSerialization too (whose reader reports it).
  static func fields(
    _ line: UnsafeBufferPointer<UInt8>, keepingBytesOf key: String?
  ) -> (fields: [String: Value], bytes: [UInt8]?)? {
    var kept: [UInt8]?
    var reader = Reader(bytes: line)
    reader.skipSpace()
    guard reader.take(0x7B) else { return nil }  // {
    var fields = [String: Value](minimumCapacity: 8)  // (most records: an id, a text and a few fields)
    reader.skipSpace()
    if reader.take(0x7D) {  // }
      reader.skipSpace()
      return reader.isAtEnd ? (fields, nil) : nil
    }
    while true {
      guard reader.take(0x22), let name = reader.string() else { return nil }
      reader.skipSpace()
      guard reader.take(0x3A) else { return nil }  // :
      reader.skipSpace()
      if name == key {
        // (Given twice, it is refused as any key given twice is.)
        guard kept == nil, reader.take(0x22), let bytes = reader.utf8String() else { return nil }
        kept = bytes
      } else {
        guard let value = reader.anyValue(), fields.updateValue(value, forKey: name) == nil else {
          return nil
        }
      }
      reader.skipSpace()
      if reader.take(0x2C) {  // ,
        reader.skipSpace()
        continue
      }
      guard reader.take(0x7D) else { return nil }
      reader.skipSpace()
      return reader.isAtEnd ? (fields, kept) : nil
    }
  }

  /// The `"id"` of the record whose line starts with `prefix` (the first bytes of a line too
  /// long to read whole), when the fields before it and its value are flat and whole within
  /// `prefix`; else `nil`. (Most corpora write the id first.)
  static func leadingID(in prefix: UnsafeBufferPointer<UInt8>) -> Value? {
    var reader = Reader(bytes: prefix)
    reader.skipSpace()
    guard reader.take(0x7B) else { return nil }  // {
    while true {
      reader.skipSpace()
      guard reader.take(0x22), let name = reader.string() else { return nil }
      reader.skipSpace()
      guard reader.take(0x3A) else { return nil }  // :
      reader.skipSpace()
      guard let value = reader.value() else { return nil }
      // (A value cut by the end of the prefix is not whole: a number, say, might go on.)
      reader.skipSpace()
      guard !reader.isAtEnd else { return nil }
      if name == "id" { return value }
      guard reader.take(0x2C) else { return nil }  // ,
    }
  }

  /// The string of `bytes`, a JSON string's bytes from after its opening quote through its
  /// closing one, its escapes undone; `nil` where the reader leaves a string to
  /// JSONSerialization (a lone surrogate escape, a byte order mark at its start).
  static func string(afterQuote bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var reader = Reader(bytes: bytes)
    return reader.string()
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    /// The bytes of the string being read, when it has escapes.
    var buffer: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func skipSpace() {
      while offset < bytes.count {
        let byte = bytes[offset]
        guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { return }
        offset += 1
      }
    }

    mutating func take(_ byte: UInt8) -> Bool {
      guard offset < bytes.count, bytes[offset] == byte else { return false }
      offset += 1
      return true
    }

    /// A string, `null`, `true`, `false` or a whole number (`Value.integer`), or `nil`.
    mutating func value() -> Value? {
      guard offset < bytes.count else { return nil }
      switch bytes[offset] {
      case 0x22:
        offset += 1
        return string().map(Value.string)
      case 0x6E: return literal("null") ? .null : nil
      case 0x74: return literal("true") ? .bool(true) : nil
      case 0x66: return literal("false") ? .bool(false) : nil
      default: return integer().map(Value.integer)
      }
    }

    /// `value()`, or else a number, list or object that JSON's grammar reads whole (read
    /// strictly, as `JSONSyntax` reads a record: no trailing comma, no key given twice), read
    /// and written again by JSONSerialization; `nil` for anything else, and for a string that
    /// `value()` refused.
    mutating func anyValue() -> Value? {
      let start = offset
      if let value = value() { return value }
      guard start < bytes.count, bytes[start] != 0x22 else { return nil }
      offset = start
      guard let end = JSONSyntax.valueEnd(in: bytes, from: start),
        let object = try? JSONSerialization.jsonObject(
          with: Data(UnsafeBufferPointer(rebasing: bytes[start..<end])), options: .fragmentsAllowed),
        let text = try? Batch.encode(fragment: object)
      else { return nil }
      offset = end
      return .json(text)
    }

    /// Whether `word` is next (and not followed by more of a word), read past it if so.
    mutating func literal(_ word: StaticString) -> Bool {
      let count = word.utf8CodeUnitCount
      guard offset + count <= bytes.count else { return false }
      for index in 0..<count where bytes[offset + index] != word.utf8Start[index] { return false }
      offset += count
      return true
    }

    /// A whole number of 1 to 18 digits, with a minus sign or none, no leading zero and no
    /// `-0`; `nil` for any other number (a fraction, an exponent), which JSONSerialization may
    /// read as a double and write otherwise.
    mutating func integer() -> Int? {
      var index = offset
      let negative = index < bytes.count && bytes[index] == 0x2D
      if negative { index += 1 }
      let first = index
      var value = 0
      while index < bytes.count, (0x30...0x39).contains(bytes[index]), index - first < 18 {
        value = value * 10 + Int(bytes[index] - 0x30)
        index += 1
      }
      let digits = index - first
      guard digits > 0, !(bytes[first] == 0x30 && (digits > 1 || negative)) else { return nil }
      // What follows a number is a separator: a digit more, a point or an exponent is not ours.
      if index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x7D: break
        default: return nil
        }
      }
      offset = index
      return negative ? -value : value
    }

    /// The string whose opening quote was just read, through its closing quote. The bytes
    /// between escapes are copied in runs, and the whole is validated as UTF-8 once.
    mutating func string() -> String? {
      // (Validated here, then decoded: `String(validating:as:)` is generic over the encoding and
      // asked the runtime for type metadata at each of a record's keys and strings.)
      read { UTF8Validation.firstInvalidOffset(in: $0) == nil ? String(decoding: $0, as: UTF8.self) : nil }
    }

    /// `string()` as its UTF-8 bytes, validated as `string()` validates them.
    mutating func utf8String() -> [UInt8]? {
      read { UTF8Validation.firstInvalidOffset(in: $0) == nil ? Array($0) : nil }
    }

    /// The unescaped bytes of the string whose opening quote was just read, through its
    /// closing quote, made a value by `make` (`nil` when they are not one).
    mutating func read<Value>(_ make: (UnsafeBufferPointer<UInt8>) -> Value?) -> Value? {
      var runStart = offset
      var escaped = false
      guard let base = bytes.baseAddress else { return nil }
      // U+FEFF written as its bytes where a run of them starts (the string's start, or after an
      // escape), which JSONSerialization drops (not when escaped, nor a second): the line is
      // left to it, so that a result is the same whichever reader read its line (found by the
      // `batch-record` fuzz target).
      guard !startsWithByteOrderMark() else { return nil }
      while true {
        // Eight bytes at a step while none is a quote, a backslash or a control character.
        while offset + 8 <= bytes.count,
          !JSONText.mayBeEscaped(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        {
          offset += 8
        }
        guard offset < bytes.count else { return nil }
        let byte = bytes[offset]
        if byte == 0x22 {
          let run = UnsafeBufferPointer(rebasing: bytes[runStart..<offset])
          offset += 1
          // Most strings have no escape: their bytes are the string's.
          guard escaped else { return make(run) }
          buffer.append(contentsOf: run)
          return buffer.withUnsafeBufferPointer(make)
        }
        if byte == 0x5C {
          if !escaped { buffer.removeAll(keepingCapacity: true) }
          escaped = true
          buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
          offset += 1
          guard unescape(), !startsWithByteOrderMark() else { return nil }
          runStart = offset
          continue
        }
        if byte < 0x20 { return nil }
        offset += 1
      }
    }

    /// Whether the bytes from `offset` on start with U+FEFF (EF BB BF).
    func startsWithByteOrderMark() -> Bool {
      offset + 3 <= bytes.count && bytes[offset] == 0xEF && bytes[offset + 1] == 0xBB
        && bytes[offset + 2] == 0xBF
    }

    /// Appends the character of the escape after the backslash just read.
    mutating func unescape() -> Bool {
      guard offset < bytes.count else { return false }
      let escaped = bytes[offset]
      offset += 1
      switch escaped {
      case 0x22, 0x5C, 0x2F: buffer.append(escaped)
      case 0x62: buffer.append(0x08)
      case 0x66: buffer.append(0x0C)
      case 0x6E: buffer.append(0x0A)
      case 0x72: buffer.append(0x0D)
      case 0x74: buffer.append(0x09)
      case 0x75:
        guard var value = hex() else { return false }
        if (0xD800...0xDBFF).contains(value) {
          guard take(0x5C), take(0x75), let low = hex(), (0xDC00...0xDFFF).contains(low) else { return false }
          value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
          return false
        }
        guard let scalar = Unicode.Scalar(value), let encoded = UTF8.encode(scalar) else { return false }
        buffer.append(contentsOf: encoded)
      default: return false
      }
      return true
    }

    /// Four hexadecimal digits.
    mutating func hex() -> UInt32? {
      guard offset + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[offset]
        offset += 1
        let digit: UInt8
        switch byte {
        case 0x30...0x39: digit = byte - 0x30
        case 0x41...0x46: digit = byte - 0x41 + 10
        case 0x61...0x66: digit = byte - 0x61 + 10
        default: return nil
        }
        value = value << 4 | UInt32(digit)
      }
      return value
    }
  }
}
