import Foundation
import PrecisCore

/// HTML left in an article's text by a scrape: tags of HTML's elements (`<p>`, `</div>`,
/// `<a href="…">`, `<br/>`), comments (`<!--`) and character references (`&nbsp;`, `&amp;`,
/// `&#39;`, `&eacute;`). Read as text, they glue sentences together (`</p><p>` leaves no space
/// after a period) and land in the brief, so the normalize stage warns where it finds them.
///
/// Only HTML's own names count, so that prose is never taken for markup: `a < b`, `<3`,
/// `AT&T`, `R&D;` and `Procter&Gamble;` are not.
enum HTMLMarkup {
  /// The first piece of markup in a text, its byte offset, and how many pieces the text holds.
  struct Found: Equatable {
    var text: String
    var offset: Int
    var count: Int
  }

  /// The markup in `bytes`, or `nil` when there is none.
  ///
  /// - Complexity: O(*n*): the C library's `memchr` finds each `<` and `&`, and a candidate is
  ///   read no further than the next `<`.
  static func find(in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
    guard let base = bytes.baseAddress else { return nil }
    var found: Found?
    for byte in [UInt8(ascii: "<"), UInt8(ascii: "&")] {
      var from = 0
      while from < bytes.count, let hit = memchr(base + from, Int32(byte), bytes.count - from) {
        let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        from = offset + 1
        let length =
          byte == UInt8(ascii: "<")
          ? tagLength(at: offset, in: bytes) : referenceLength(at: offset, in: bytes)
        guard let length else { continue }
        if var first = found {
          first.count += 1
          if offset < first.offset {
            first.offset = offset
            first.text = text(at: offset, length: length, in: bytes)
          }
          found = first
        } else {
          found = Found(text: text(at: offset, length: length, in: bytes), offset: offset, count: 1)
        }
      }
    }
    return found
  }

  /// The piece of markup as the warning quotes it: a long tag cut after 40 bytes (on a
  /// character's first byte) with `…`.
  private static func text(at offset: Int, length: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
    var end = offset + min(length, 40)
    while end < offset + length, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    let cut = end < offset + length
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
      + (cut ? "…" : "")
  }

  /// The length of the tag or comment that starts at `offset` (a `<`), or `nil` when what
  /// follows is not one: `<`, an optional `/`, an HTML element's name, then `>`, `/>` or a
  /// space and attributes up to a `>` (before any other `<`); or `<!--`.
  static func tagLength(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = offset + 1
    if bytes[index...].starts(with: "!--".utf8) { return 4 }
    if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
    let nameStart = index
    while index < bytes.count, index - nameStart <= 10, bytes[index].isASCIIAlphanumeric { index += 1 }
    guard index > nameStart, index < bytes.count, elements.contains(lowercased(bytes, nameStart..<index))
    else {
      return nil
    }
    switch bytes[index] {
    case UInt8(ascii: ">"):
      return index + 1 - offset
    case UInt8(ascii: "/"):
      return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">") ? index + 2 - offset : nil
    case 0x20, 0x09, 0x0A, 0x0D:
      // Attributes, up to the tag's end; another `<` first means this was no tag.
      while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
        if bytes[index] == UInt8(ascii: ">") { return index + 1 - offset }
        index += 1
      }
      return nil
    default:
      return nil
    }
  }

  /// The length of the character reference that starts at `offset` (a `&`), or `nil`: `&#`
  /// and 1 to 7 digits, `&#x` and 1 to 6 hexadecimal digits, or an entity's name that news
  /// text holds (spaces, quotes, dashes, accented letters), each ended by `;`.
  static func referenceLength(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = offset + 1
    guard index < bytes.count else { return nil }
    if bytes[index] == UInt8(ascii: "#") {
      index += 1
      let hexadecimal = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
      if hexadecimal { index += 1 }
      let digitsStart = index
      while index < bytes.count, index - digitsStart < 8,
        hexadecimal ? bytes[index].isASCIIHexDigit : bytes[index].isASCIIDigit
      {
        index += 1
      }
      let digits = index - digitsStart
      guard digits > 0, digits <= (hexadecimal ? 6 : 7) else { return nil }
    } else {
      let nameStart = index
      while index < bytes.count, index - nameStart <= 10, bytes[index].isASCIIAlphanumeric { index += 1 }
      guard index - nameStart >= 2, isEntity(lowercased(bytes, nameStart..<index)) else { return nil }
    }
    guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return nil }
    return index + 1 - offset
  }

  /// Whether `name` (lowercased, ASCII) is one of the entities a scraped news article holds:
  /// named spaces, quotes, dashes, signs and ligatures, or a letter with its accent (`eacute`,
  /// `ccedil`).
  static func isEntity(_ name: String) -> Bool {
    if entities.contains(name) { return true }
    guard let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
      return false
    }
    return accents.contains(String(name.dropFirst()))
  }

  static let entities: Set<String> = [
    "nbsp", "amp", "lt", "gt", "quot", "apos", "laquo", "raquo", "lsquo", "rsquo", "ldquo",
    "rdquo", "sbquo", "bdquo", "hellip", "mdash", "ndash", "minus", "euro", "pound", "copy",
    "reg", "trade", "deg", "shy", "thinsp", "ensp", "emsp", "zwnj", "zwj", "middot", "bull",
    "times", "sect", "para", "iexcl", "iquest", "oelig", "aelig", "szlig",
  ]

  static let accents: Set<String> = ["acute", "grave", "circ", "uml", "cedil", "tilde", "ring", "slash"]

  /// The elements of HTML whose tags a scraped article keeps.
  static let elements: Set<String> = [
    "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "caption", "cite", "code",
    "dd", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hr", "html", "i", "iframe", "img", "li", "link", "main", "mark", "meta",
    "nav", "noscript", "ol", "p", "picture", "pre", "q", "s", "script", "section", "small", "source",
    "span", "strong", "style", "sub", "sup", "table", "tbody", "td", "th", "thead", "time", "title",
    "tr", "u", "ul", "video",
  ]

  /// A name of ASCII letters and digits, lowercased.
  private static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).lowercased()
  }
}
