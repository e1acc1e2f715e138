import Foundation

/// One meaningful line of a lexicon file: its text split on tabs, and where it is.
public struct LexiconLine: Sendable {
  /// The tab-separated fields, with surrounding spaces trimmed.
  public var fields: [String]
  /// The file and 1-based line.
  public var location: SourceLocation
}

/// Reads the plain-text lexicons Precis uses (word lists, abbreviations, glossaries): UTF-8,
/// one entry per line, `#` comments and blank lines ignored.
public enum LexiconFile {
  /// The file's meaningful lines. Throws a `LexiconError` naming the file (and line) when it
  /// cannot be read or is not UTF-8.
  public static func lines(at path: String) throws -> [LexiconLine] {
    guard var bytes = FilePath.regularFileContents(path) else {
      throw LexiconError(
        "cannot read lexicon file"
          + (FilePath.isFile(path) && !FilePath.isRegularFile(path)
            ? ": it is not a regular file" : ""),
        at: SourceLocation(file: path),
        notes: ["name a UTF-8 text file with one entry per line"])
    }
    if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
      let place = UTF8Validation.place(ofByte: offset, in: bytes)
      throw LexiconError(
        "invalid UTF-8 at byte \(offset)",
        at: SourceLocation(file: path, line: place.line, column: place.column),
        notes: ["save the file as UTF-8"], sourceLine: place.text)
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    // Only the fields are made strings: splitting the text's scalars and making every line a
    // string cost about 5,000 instructions a line, a tenth of a one-article run.
    var result: [LexiconLine] = []
    bytes.withUnsafeBufferPointer { bytes in
      UTF8Lines.forEach(in: bytes) { number, line in
        if let fields = fields(of: line) {
          result.append(LexiconLine(fields: fields, location: SourceLocation(file: path, line: number)))
        }
      }
    }
    return result
  }

  /// A word list: the first field of every line, lowercased.
  public static func wordSet(at path: String) throws -> Set<String> {
    let identity = FilePath.identity(path)
    if let identity, let known = WordSets.shared.set(path: path, identity: identity) { return known }
    let words = Set(try lines(at: path).map { $0.fields[0].lowercased() })
    if let identity { WordSets.shared.keep(words, path: path, identity: identity) }
    return words
  }

  /// The word lists read so far, by path and file identity (`FilePath.identity`): three stages
  /// of the default pipeline read the same stopwords, whose set then cost a twentieth of a
  /// command's start.
  private final class WordSets: @unchecked Sendable {
    static let shared = WordSets()
    private let lock = NSLock()
    private var sets: [String: (identity: [Int], words: Set<String>)] = [:]

    func set(path: String, identity: [Int]) -> Set<String>? {
      lock.lock()
      defer { lock.unlock() }
      guard let known = sets[path], known.identity == identity else { return nil }
      return known.words
    }

    func keep(_ words: Set<String>, path: String, identity: [Int]) {
      lock.lock()
      sets[path] = (identity, words)
      lock.unlock()
    }
  }

  /// The word lists at `paths` together. (The first list is taken as it is: adding its words
  /// to an empty set one by one cost as much as reading them.)
  public static func wordSet(at paths: [String]) throws -> Set<String> {
    var words: Set<String> = []
    for path in paths {
      let more = try wordSet(at: path)
      if words.isEmpty { words = more } else { words.formUnion(more) }
    }
    return words
  }

  /// The tab-separated fields of a line, each trimmed of spaces, or `nil` for a blank line or
  /// a comment (a line whose first character after spaces is `#`).
  private static func fields(of line: UnsafeBufferPointer<UInt8>) -> [String]? {
    guard let first = line.first, let last = line.last else { return nil }
    // A line that starts and ends with a visible ASCII character has nothing to trim; any
    // other is trimmed as a string (its spaces may be Unicode's).
    if first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
      if first == UInt8(ascii: "#") { return nil }
    } else {
      let trimmed = String(decoding: line, as: UTF8.self).trimmingSpaces()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
    }
    var fields: [String] = []
    UTF8Lines.forEachField(in: line) { fields.append(String(decoding: $0, as: UTF8.self).trimmingSpaces()) }
    return fields
  }
}

/// The lines and tab-separated fields of UTF-8 text, found in its bytes: a line feed or a tab is
/// never part of another character, and splitting the text into characters or scalars cost
/// thousands of instructions a line.
public enum UTF8Lines {
  /// Calls `body` with each line's 1-based number and bytes, without its line feed and a
  /// carriage return before it; text that ends with a line feed has an empty last line.
  public static func forEach(
    in bytes: UnsafeBufferPointer<UInt8>, _ body: (_ number: Int, _ line: UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var number = 0
    var start = 0
    while start <= bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != 0x0A { end += 1 }
      number += 1
      var lineEnd = end
      if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      body(number, UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]))
      start = end + 1
    }
  }

  /// Calls `body` with the bytes of each tab-separated field of `line`, in order (a line with
  /// no tab is one field; an empty line is one empty field).
  public static func forEachField(
    in line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var start = 0
    for index in 0...line.count where index == line.count || line[index] == 0x09 {
      body(UnsafeBufferPointer(rebasing: line[start..<index]))
      start = index + 1
    }
  }
}

/// UTF-8 checks that say where the text goes wrong.
public enum UTF8Validation {
  /// The 1-based line on which the byte at `offset` lies.
  public static func line(ofByte offset: Int, in bytes: [UInt8]) -> Int {
    bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
  }

  /// The error for a lexicon file's `bytes` (a glossary, a worklist: `what`) that are not
  /// UTF-8, at the place of the first invalid byte, with the line printed.
  public static func notUTF8(_ bytes: [UInt8], in path: String, what: String) -> LexiconError {
    let offset = firstInvalidOffset(in: bytes) ?? 0
    let found = place(ofByte: offset, in: bytes)
    return LexiconError(
      "\(what) is not UTF-8 (invalid byte at offset \(offset))",
      at: SourceLocation(file: path, line: found.line, column: found.column),
      notes: ["save the file as UTF-8"], sourceLine: found.text)
  }

  /// The warning for `count` invalid sequences replaced with U+FFFD, the first at byte `first`
  /// (`--lossy`, for an article and for a batch record alike).
  public static func replacedMessage(count: Int, first: Int) -> String {
    "replaced \(count) invalid UTF-8 sequence\(count == 1 ? "" : "s") with U+FFFD (the first at byte \(first))"
  }

  /// How many invalid sequences `String(decoding:as:)` replaces with U+FFFD in `bytes`.
  ///
  /// - Complexity: O(*n*).
  public static func invalidSequenceCount(in bytes: [UInt8]) -> Int {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var count = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid: continue
      case .error: count += 1
      case .emptyInput: return count
      }
    }
  }

  /// The byte offset of the first invalid UTF-8 sequence, or `nil` when all is valid: the
  /// well-formed sequences of the Unicode Standard's table 3-7, read eight ASCII bytes at a
  /// time (a scalar at a time, the standard library's parser cost 25 instructions a byte).
  ///
  /// - Complexity: O(*n*).
  public static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidOffset(in: $0) }
  }

  /// `firstInvalidOffset(in:)` of the bytes of a buffer.
  public static func firstInvalidOffset(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = buffer.baseAddress else { return nil }
    let count = buffer.count
    var offset = 0
    while offset < count {
      while offset + 8 <= count,
        UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        offset += 8
      }
      guard offset < count else { return nil }
      if buffer[offset] < 0x80 {
        offset += 1
        continue
      }
      guard let length = sequenceLength(at: offset, in: buffer) else { return offset }
      offset += length
    }
    return nil
  }

  /// The length of the well-formed multibyte sequence that starts at `offset`, or `nil`.
  private static func sequenceLength(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    func byte(_ index: Int, in range: ClosedRange<UInt8>) -> Bool {
      offset + index < bytes.count && range.contains(bytes[offset + index])
    }
    let continuation: ClosedRange<UInt8> = 0x80...0xBF
    switch bytes[offset] {
    case 0xC2...0xDF:
      return byte(1, in: continuation) ? 2 : nil
    case 0xE0:
      return byte(1, in: 0xA0...0xBF) && byte(2, in: continuation) ? 3 : nil
    case 0xE1...0xEC, 0xEE...0xEF:
      return byte(1, in: continuation) && byte(2, in: continuation) ? 3 : nil
    case 0xED:
      return byte(1, in: 0x80...0x9F) && byte(2, in: continuation) ? 3 : nil
    case 0xF0:
      return byte(1, in: 0x90...0xBF) && byte(2, in: continuation) && byte(3, in: continuation) ? 4 : nil
    case 0xF1...0xF3:
      return byte(1, in: continuation) && byte(2, in: continuation) && byte(3, in: continuation) ? 4 : nil
    case 0xF4:
      return byte(1, in: 0x80...0x8F) && byte(2, in: continuation) && byte(3, in: continuation) ? 4 : nil
    default:
      return nil
    }
  }
}
