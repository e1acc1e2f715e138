import PrecisCore

/// Sentence openings that refer back to the sentence before: a subject pronoun (`Il a
/// démissionné.`), a demonstrative standing for it (`Ce dernier`), a connective (`Mais`, `En
/// revanche`) or a time told from it (`La veille`). Shown without that sentence, a summary
/// sentence opening so leaves the reader asking who or what.
///
/// The openings come from lexicon files of `OPENING<TAB>KIND` lines, case-insensitive and made
/// of whole words; the longest opening that matches decides, and the kind `none` marks one that
/// refers to nothing before (an impersonal `Il y a` inside the openings of `Il`).
public struct BackReferences: Sendable {
  /// How a sentence opens.
  public struct Opening: Sendable, Equatable {
    /// The opening as the sentence writes it (`Il`, `En revanche`).
    public var text: String
    /// What it is, as the lexicon says: `pronoun`, `connective`, `time`.
    public var kind: String
  }

  /// An opening, lowercased, and its kind (`nil` for one that refers to nothing before).
  private struct Entry: Sendable {
    var bytes: [UInt8]
    var kind: String?
  }

  private var entries: [Entry] = []
  /// For each first byte, the entries that start with it, longest first.
  private var byFirstByte: [[Int]] = []
  /// The longest entry's length in bytes.
  private var longest = 0

  /// No openings: no sentence refers back.
  public init() {}

  /// The openings of the lexicons at `paths`, in order.
  public init(paths: [String]) throws {
    for path in paths { try read(path) }
    index()
  }

  /// The openings of the lexicon at `path`.
  public init(path: String) throws { try self.init(paths: [path]) }

  /// Adds the openings of the lexicon at `path` (`index()` is left to the caller).
  private mutating func read(_ path: String) throws {
    for line in try LexiconFile.lines(at: path) {
      guard line.fields.count == 2, !line.fields[0].isEmpty, !line.fields[1].isEmpty else {
        // The caret goes under the first field that is empty, missing or one too many.
        let field = line.fields[0].isEmpty ? 0 : line.fields.count > 1 && !line.fields[1].isEmpty ? 2 : 1
        throw LexiconError(
          "expected an opening, a TAB and its kind (pronoun, connective, time, or none)", at: line.location,
          field: field, notes: ["for example: ce dernier<TAB>pronoun"])
      }
      let kind = line.fields[1] == "none" ? nil : line.fields[1]
      let opening = line.fields[0].lowercasedLatin
      entries.append(Entry(bytes: Array(opening.utf8), kind: kind))
      // A straight apostrophe matches the curly one too.
      if opening.contains("'") {
        let curly = String(opening.map { $0 == "'" ? "\u{2019}" : $0 })
        entries.append(Entry(bytes: Array(curly.utf8), kind: kind))
      }
    }
  }

  /// Whether there are no openings.
  public var isEmpty: Bool { entries.isEmpty }

  private mutating func index() {
    byFirstByte = Array(repeating: [], count: 256)
    for (position, entry) in entries.enumerated() {
      guard let first = entry.bytes.first else { continue }
      byFirstByte[Int(first)].append(position)
    }
    // Longest first; of two the same length, the one listed first. (Sorted by lengths read
    // once: reading them from the entries in the comparison copied an entry each time.)
    let lengths = entries.map(\.bytes.count)
    for first in byFirstByte.indices where byFirstByte[first].count > 1 {
      byFirstByte[first].sort { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
    }
    longest = lengths.max() ?? 0
  }

  /// How `text` opens when it refers back, past any opening quotation marks, dashes and
  /// spaces; `nil` when it does not.
  public func opening(of text: String) -> Opening? {
    guard longest > 0 else { return nil }
    var text = text
    return text.withUTF8 { bytes -> Opening? in
      let start = BackReferences.openingStart(bytes)
      let count = min(longest + 1, bytes.count - start)
      guard count > 0 else { return nil }
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { lowered -> Opening? in
        String.lowercaseKeepingLength(
          UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]), into: lowered)
        for position in byFirstByte[Int(lowered[0])] {
          let entry = entries[position]
          guard entry.bytes.count <= count,
            entry.bytes.indices.allSatisfy({ entry.bytes[$0] == lowered[$0] }),
            BackReferences.endsWord(
              entry.bytes, before: entry.bytes.count < count ? lowered[entry.bytes.count] : nil)
          else { continue }
          guard let kind = entry.kind else { return nil }
          let written = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + entry.bytes.count)]), as: UTF8.self
          )
          return Opening(text: written, kind: kind)
        }
        return nil
      }
    }
  }

  /// The offset of the first byte past opening quotation marks (`"`, `«`, `“`, `‘`), dashes,
  /// parentheses and spaces (with no-break ones).
  static func openingStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var start = 0
    while start < bytes.count {
      let byte = bytes[start]
      if byte == 0x20 || byte == 0x09 || byte == 0x22 || byte == 0x28 || byte == 0x2D {
        start += 1
      } else if byte == 0xC2, start + 1 < bytes.count, bytes[start + 1] == 0xAB || bytes[start + 1] == 0xA0 {
        start += 2  // « and a no-break space
      } else if byte == 0xE2, start + 2 < bytes.count, bytes[start + 1] == 0x80,
        [0x93, 0x94, 0x98, 0x9C, 0xAF].contains(bytes[start + 2])
      {
        start += 3  // – — ‘ “ and a narrow no-break space
      } else {
        break
      }
    }
    return start
  }

  /// Whether an opening that ends with `entry`'s last byte ends a word before `next` (`nil` at
  /// the end of the text): an opening ending in a letter is not the start of a longer word
  /// (`il` in `ils`) or of a compound (`lui` in `lui-même`).
  static func endsWord(_ entry: [UInt8], before next: UInt8?) -> Bool {
    guard let last = entry.last, isWordByte(last), let next else { return true }
    if next < 0x80 { return !isWordByte(next) && next != 0x2D }
    // After a letter, U+0080–U+00BF (0xC2: no-break space, «, »…) and U+2000–U+203F (0xE2 0x80:
    // spaces, dashes, quotation marks) end a word; other lead bytes start a letter.
    return next == 0xC2 || next == 0xE2
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    byte >= 0x80 || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
      || (0x61...0x7A).contains(byte)
  }
}
