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
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
      let line = UTF8Validation.line(ofByte: offset, in: bytes)
      throw LexiconError(
        "invalid UTF-8 at byte \(offset)", at: SourceLocation(file: path, line: line),
        notes: ["save the file as UTF-8"])
    }
    let text = String(decoding: bytes, as: UTF8.self)
    var result: [LexiconLine] = []
    var number = 0
    for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var line = String(rawLine)
      if line.unicodeScalars.last == "\r" { line = String(line.unicodeScalars.dropLast()) }
      let trimmed = line.trimmingSpaces()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
        String($0).trimmingSpaces()
      }
      result.append(LexiconLine(fields: fields, location: SourceLocation(file: path, line: number)))
    }
    return result
  }

  /// A word list: the first field of every line, lowercased.
  public static func wordSet(at path: String) throws -> Set<String> {
    Set(try lines(at: path).map { $0.fields[0].lowercased() })
  }
}

/// UTF-8 checks that say where the text goes wrong.
public enum UTF8Validation {
  /// The 1-based line on which the byte at `offset` lies.
  public static func line(ofByte offset: Int, in bytes: [UInt8]) -> Int {
    bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
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

  /// The byte offset of the first invalid UTF-8 sequence, or `nil` when all is valid.
  ///
  /// - Complexity: O(*n*).
  public static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        offset += encoded.count
      case .emptyInput:
        return nil
      case .error:
        return offset
      }
    }
  }
}
