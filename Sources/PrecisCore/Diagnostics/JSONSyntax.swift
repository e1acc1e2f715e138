import Foundation

/// Where a JSON text first breaks JSON's grammar (RFC 8259), or gives a key twice in one object,
/// and how to mend it: Foundation's parsers say only `invalid value around character 23` or `the
/// given data was not valid JSON`, and take a trailing comma, a tab inside a string and a key
/// given twice (the last value) without a word. Read for a text a parser refused, for a batch
/// record JSONSerialization took that the flat reader did not, and for the extent of a nested
/// value in a record the flat reader reads (it makes no values, and costs a quarter of
/// JSONSerialization's reading).
///
/// The text must be one JSON object, as a batch record, a trace file and a gold record are.
/// Nesting is followed on a stack of its own, so any depth is read without recursion.
public enum JSONSyntax {
  /// The first place where a text is not JSON.
  public struct Problem: Sendable, Equatable {
    /// Its byte offset in the text.
    public var offset: Int
    /// What is wrong, as a clause (`expected ',' or '}' after the value of "id", found '"'`).
    public var message: String
    /// How to mend it.
    public var fix: String
  }

  /// What the text is: a record's line (of JSON Lines), whose messages say that a record takes
  /// one line, or a whole file.
  public enum Unit: String, Sendable {
    case line = "the line"
    case file = "the file"
  }

  /// The first problem of `text`, or `nil` when it is one JSON object and nothing else.
  public static func firstProblem(in text: UnsafeBufferPointer<UInt8>, unit: Unit = .line) -> Problem? {
    var reader = Reader(text: text, unit: unit)
    return reader.read()
  }

  /// The first problem of `bytes` (a line or a file a parser refused) with the 1-based line
  /// and column where it is, or `nil` when it is one JSON object and nothing else.
  public static func locatedProblem(in bytes: some ContiguousBytes, unit: Unit = .line) -> (
    problem: Problem, line: Int, column: Int
  )? {
    bytes.withUnsafeBytes { raw in
      let text = raw.bindMemory(to: UInt8.self)
      return firstProblem(in: text, unit: unit).map { problem in
        let (line, column) = location(of: problem.offset, in: text)
        return (problem, line, column)
      }
    }
  }

  /// The offset just past the JSON value that starts at `start` in `text` (a number, a list or
  /// an object, of any depth), read as strictly as `firstProblem(in:)` reads a record, keys
  /// given twice included; `nil` where it breaks before its end.
  public static func valueEnd(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var reader = Reader(text: text, unit: .line)
    reader.offset = start
    reader.readsOneValue = true
    return reader.read() == nil ? reader.offset : nil
  }

  /// The 1-based line and column (in Unicode scalars) of the byte at `offset` in `text`.
  public static func location(of offset: Int, in text: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int)
  {
    var line = 1
    var column = 1
    for byte in text[..<min(max(offset, 0), text.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }

  private struct Reader {
    /// What the reader expects next.
    enum State {
      /// A value (at the start, after a colon or after a comma in a list).
      case value
      /// A list's first value, or its end.
      case firstElement
      /// An object's first key, or its end.
      case firstKey
      /// A key, after a comma.
      case key
      /// The colon after a key.
      case colon
      /// A comma or the end of the object or list holding the value just read.
      case afterValue
    }

    /// An object or list being read: where it opened, the last key read in it, and where each
    /// of its keys was (RFC 8259 leaves a key given twice to each reader, and JSONSerialization
    /// keeps the last value without a word).
    struct Container {
      var isObject: Bool
      var opened: Int
      var key: String
      var keys: [String: Int] = [:]
    }

    let text: UnsafeBufferPointer<UInt8>
    let kind: Unit
    /// The text, as messages name it.
    var unit: String { kind.rawValue }
    var offset = 0
    var stack: [Container] = []
    /// Whether the text is read as one value of any kind that ends where it closes, with
    /// anything after it (`valueEnd(in:from:)`), rather than as one object and nothing else.
    var readsOneValue = false

    init(text: UnsafeBufferPointer<UInt8>, unit: Unit) {
      self.text = text
      kind = unit
    }

    mutating func read() -> Problem? {
      skipSpace()
      guard offset < text.count else {
        return Problem(
          offset: offset, message: "\(unit) holds no JSON", fix: "write one JSON object: {\"key\": value, …}")
      }
      guard text[offset] == 0x7B || readsOneValue else {
        return Problem(
          offset: offset, message: "expected a JSON object ({…}), found \(found(at: offset))",
          fix: "write one JSON object: {\"key\": value, …}")
      }
      var state = State.value
      while true {
        skipSpace()
        let problem: Problem?
        switch state {
        case .value, .firstElement: problem = value(&state)
        case .firstKey, .key: problem = key(&state)
        case .colon:
          guard offset < text.count, text[offset] == 0x3A else {
            return Problem(
              offset: offset,
              message:
                "expected ':' after the key \(quoted(stack.last?.key ?? "")), found \(found(at: offset))",
              fix: "write a colon between a key and its value: \"key\": value")
          }
          offset += 1
          state = .value
          problem = nil
        case .afterValue:
          guard let container = stack.last else {
            if readsOneValue { return nil }
            guard offset == text.count else {
              return Problem(
                offset: offset, message: "\(found(at: offset)) after the end of the object",
                fix:
                  "hold one JSON object and nothing after it; two records on one line need a line break between them"
              )
            }
            return nil
          }
          problem = afterValue(in: container, &state)
        }
        if let problem { return problem }
      }
    }

    /// Reads a value, or the end of a list where one may end.
    mutating func value(_ state: inout State) -> Problem? {
      guard offset < text.count else { return endProblem() }
      let byte = text[offset]
      switch byte {
      case 0x7B:  // {
        stack.append(Container(isObject: true, opened: offset, key: ""))
        offset += 1
        state = .firstKey
        return nil
      case 0x5B:  // [
        stack.append(Container(isObject: false, opened: offset, key: ""))
        offset += 1
        state = .firstElement
        return nil
      case 0x5D where state == .firstElement:  // ]
        stack.removeLast()
        offset += 1
        state = .afterValue
        return nil
      case 0x22:  // "
        if let problem = string() { return problem }
      case 0x2D, 0x30...0x39:  // - 0-9
        if let problem = number() { return problem }
      case 0x27:  // '
        return Problem(
          offset: offset, message: "a string in single quotes",
          fix: "JSON strings take double quotes: \"…\"")
      case 0x2B, 0x2E:  // + .
        return Problem(
          offset: offset, message: "a number starting with '\(Character(Unicode.Scalar(byte)))'",
          fix: "JSON numbers take no '+' and start with a digit or '-': 1, 0.5, -2")
      case 0x5D where stack.last.map { !$0.isObject } == true:  // ] after a comma
        return Problem(
          offset: offset, message: "']' after a comma", fix: "remove the comma after the list's last value")
      case 0x2C, 0x5D, 0x7D:  // , ] }
        return Problem(
          offset: offset, message: "a value is missing before \(found(at: offset))",
          fix: "write a value: a string, number, object, list, true, false or null")
      default:
        guard Self.isWordByte(byte) else {
          return Problem(
            offset: offset, message: "expected a value, found \(found(at: offset))",
            fix: "write a value: a string, number, object, list, true, false or null")
        }
        let start = offset
        while offset < text.count, Self.isWordByte(text[offset]) { offset += 1 }
        let word = String(decoding: text[start..<offset], as: UTF8.self)
        guard ["true", "false", "null"].contains(word) else {
          offset = start
          let python = ["True": "true", "False": "false", "None": "null"][word]
          return Problem(
            offset: start, message: "\(quoted(word, mark: "'")) is no JSON value",
            fix: python.map { "JSON writes \($0) for Python's \(word): write the record with json.dumps" }
              ?? "write text in double quotes (\(quoted(word))); JSON's words are true, false and null")
        }
      }
      state = .afterValue
      return nil
    }

    /// Reads a key (and its closing quote), or the end of an object where one may end.
    mutating func key(_ state: inout State) -> Problem? {
      guard offset < text.count else { return endProblem() }
      let byte = text[offset]
      switch byte {
      case 0x22:  // "
        let start = offset
        if let problem = string() { return problem }
        // (Its escapes undone, and compared as strings, as JSONSerialization compares keys:
        // "t\u0065xt" is "text". A lone surrogate escape, which JSONSerialization refuses, is
        // left as it is written.)
        let key =
          FlatJSONObject.string(afterQuote: UnsafeBufferPointer(rebasing: text[(start + 1)..<offset]))
          ?? String(decoding: text[(start + 1)..<(offset - 1)], as: UTF8.self)
        if let first = stack[stack.count - 1].keys.updateValue(start, forKey: key) {
          return Problem(
            offset: start,
            message: "the key \(quoted(key)) given twice in one object (first \(place(of: first)))",
            fix: "keep one of the two fields: JSON readers differ on which value they take")
        }
        stack[stack.count - 1].key = key
        state = .colon
        return nil
      case 0x7D where state == .firstKey:  // }
        stack.removeLast()
        offset += 1
        state = .afterValue
        return nil
      case 0x7D:
        return Problem(
          offset: offset, message: "'}' after a comma", fix: "remove the comma after the object's last field")
      case 0x27:  // '
        return Problem(
          offset: offset, message: "a key in single quotes",
          fix: "JSON keys take double quotes: \"key\": value")
      default:
        if Self.isWordByte(byte) {
          return Problem(
            offset: offset, message: "a key without quotes",
            fix: "write the key in double quotes: \"key\": value")
        }
        return Problem(
          offset: offset, message: "expected a key in double quotes, found \(found(at: offset))",
          fix: "write each field as \"key\": value, separated by commas")
      }
    }

    /// Reads the comma or the end after a value in `container`.
    mutating func afterValue(in container: Container, _ state: inout State) -> Problem? {
      guard offset < text.count else { return endProblem() }
      let byte = text[offset]
      if byte == 0x2C {
        offset += 1
        state = container.isObject ? .key : .value
        return nil
      }
      if byte == (container.isObject ? 0x7D : 0x5D) {
        stack.removeLast()
        offset += 1
        state = .afterValue
        return nil
      }
      if container.isObject {
        return Problem(
          offset: offset,
          message:
            "expected ',' or '}' after the value of \(quoted(container.key)), found \(found(at: offset))",
          fix: "separate fields with commas, and quote a string's quotation marks as \\\"")
      }
      return Problem(
        offset: offset,
        message: "expected ',' or ']' after a value of the list opened \(place(of: container.opened)), "
          + "found \(found(at: offset))",
        fix: "separate a list's values with commas")
    }

    /// Reads a string from its opening quote, past its closing one.
    mutating func string() -> Problem? {
      let opened = offset
      offset += 1
      guard let base = text.baseAddress else { return nil }
      while offset < text.count {
        // Eight bytes at a step while none is a quote, a backslash or a control character (an
        // article's text is most of a record).
        while offset + 8 <= text.count,
          !JSONText.mayBeEscaped(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        {
          offset += 8
        }
        guard offset < text.count else { break }
        let byte = text[offset]
        switch byte {
        case 0x22:
          offset += 1
          return nil
        case 0x5C:
          guard offset + 1 < text.count else {
            offset = text.count
            continue
          }
          let escaped = text[offset + 1]
          if escaped == 0x75 {  // u
            let digits = text[(offset + 2)..<min(offset + 6, text.count)]
            guard digits.count == 4, digits.allSatisfy(\.isASCIIHexDigit) else {
              return Problem(
                offset: offset, message: "'\\u' without four hexadecimal digits",
                fix: "write \\u and four digits (\\u00e9), or the character itself")
            }
            offset += 6
          } else if [0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74].contains(escaped) {
            offset += 2
          } else {
            return Problem(
              offset: offset, message: "a backslash before \(found(at: offset + 1)) starts no JSON escape",
              fix:
                "write \\\\ for a backslash itself (JSON's escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)"
            )
          }
          continue
        case 0..<0x20:
          return Problem(
            offset: offset, message: "\(found(at: offset)) inside a string",
            fix:
              "escape it: \\n for a line break, \\t for a tab, \\r for a carriage return, \\u00XX for the others"
          )
        default:
          offset += 1
        }
      }
      return Problem(
        offset: opened, message: "the string opened here does not close before the end of \(unit)",
        fix: "close it with \""
          + (kind == .line ? "; a record takes one line, its line breaks written \\n" : ""))
    }

    /// Reads a number.
    mutating func number() -> Problem? {
      let start = offset
      if text[offset] == 0x2D { offset += 1 }
      guard offset < text.count, text[offset].isASCIIDigit else {
        return Problem(
          offset: start, message: "'-' without a digit after it", fix: "write a number after the sign: -2")
      }
      if text[offset] == 0x30, offset + 1 < text.count, text[offset + 1].isASCIIDigit {
        return Problem(
          offset: start, message: "a number with a leading zero",
          fix: "drop the leading zeros, or write the value as a string (\"007\")")
      }
      digits()
      if offset < text.count, text[offset] == 0x2E {
        offset += 1
        guard digits() else {
          return Problem(
            offset: start, message: "a '.' without a digit after it", fix: "write a digit after it: 1.0")
        }
      }
      if offset < text.count, text[offset] | 0x20 == 0x65 {  // e E
        offset += 1
        if offset < text.count, text[offset] == 0x2B || text[offset] == 0x2D { offset += 1 }
        guard digits() else {
          return Problem(
            offset: start, message: "an exponent without digits", fix: "write digits after the 'e': 1e6")
        }
      }
      // JSON sets no bound, but JSONSerialization (as most readers) takes a number as a 64-bit
      // float, and refuses one beyond its range.
      let written = String(decoding: text[start..<offset], as: UTF8.self)
      if let value = Double(written), value.isInfinite {
        return Problem(
          offset: start, message: "\(quoted(written, mark: "'")) is beyond the range of a 64-bit number",
          fix: "write it as a string (\(quoted(written))), or null")
      }
      return nil
    }

    /// Passes over digits; whether there was one.
    @discardableResult
    mutating func digits() -> Bool {
      let start = offset
      while offset < text.count, text[offset].isASCIIDigit { offset += 1 }
      return offset > start
    }

    mutating func skipSpace() {
      while offset < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[offset]) { offset += 1 }
    }

    /// The problem of a text that ends inside its object.
    func endProblem() -> Problem {
      let container = stack.last ?? Container(isObject: true, opened: 0, key: "")
      return Problem(
        offset: offset,
        message: "\(unit) ends inside the \(container.isObject ? "object" : "list") opened "
          + place(of: container.opened),
        fix: "close it with '\(container.isObject ? "}" : "]")'"
          + (kind == .line ? "; a record takes one line" : ""))
    }

    /// What is at `offset`, for a message: a character quoted, a control character named, or
    /// the end of the text.
    func found(at offset: Int) -> String {
      guard offset < text.count else { return "the end of \(unit)" }
      let scalar =
        String(decoding: text[offset..<min(offset + 4, text.count)], as: UTF8.self)
        .unicodeScalars.first ?? "\u{FFFD}"
      switch scalar.value {
      case 0x0A: return "a line break"
      case 0x0D: return "a carriage return"
      case 0x09: return "a tab"
      case 0..<0x20, 0x7F:
        return "the control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))"
      default: return "'\(scalar)'"
      }
    }

    /// Where `opened` is, for a message about a place after it: `at column 7` on the same line,
    /// else `at line 2, column 7`.
    func place(of opened: Int) -> String {
      let (line, column) = JSONSyntax.location(of: opened, in: text)
      let sameLine = !text[opened..<min(offset, text.count)].contains(0x0A)
      return sameLine ? "at column \(column)" : "at line \(line), column \(column)"
    }

    /// `text` in quotation marks, cut to 40 characters.
    func quoted(_ text: String, mark: Character = "\"") -> String {
      let cut = text.count > 40 ? text.prefix(39) + "…" : Substring(text)
      return "\(mark)\(cut)\(mark)"
    }

    /// An ASCII letter, digit or underscore: the bytes of a word written where a value or a
    /// key should be (`tru`, `None`, `id`).
    static func isWordByte(_ byte: UInt8) -> Bool {
      byte.isASCIIAlphanumeric || byte == 0x5F
    }
  }
}

extension String {
  /// The string with zeros before it up to `width` characters.
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
