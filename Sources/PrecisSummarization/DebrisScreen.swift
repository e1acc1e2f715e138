/// A quick first look at a sentence for `DebrisDetector`: one pass over its bytes that either
/// clears it of every phrase, link, photo-credit and script rule (most sentences are plain
/// prose), leaving the detector the URL-slug and heading rules, or says that the full check
/// must decide.
///
/// The full check lowercases the sentence into a new array and searches it once per rule; the
/// screen reads the sentence's own bytes once, lowercasing a byte only where a rule could
/// start. It is exact, never approximate: it clears a sentence only when no phrase rule, link,
/// photo credit or script marker can match, and sends every sentence it cannot read that way
/// (a letter beyond Latin-1, whose lowercase may change length) to the full check.
struct DebrisScreen: Sendable {
  /// What the screen found.
  enum Verdict: Equatable {
    /// No phrase rule, link, credit or script rule applies; the sentence has `hyphens` hyphens.
    case clear(hyphens: Int)
    /// A rule may apply, or the sentence is not one the screen reads: the full check decides.
    case undecided
  }

  /// Byte classes: what may start at a byte of the sentence as written.
  private static let startsPhrase: UInt8 = 1  // a `contains` phrase or `http` (any case)
  private static let startsScript: UInt8 = 2  // a script marker (as written)
  private static let special: UInt8 = 4  // `-`, braces, `;`, 0xC2 (©), lead bytes from 0xC4

  /// Each byte's classes.
  private var classes = [UInt8](repeating: 0, count: 256)
  /// The phrases searched everywhere (lowercased), with `http`.
  private var phrases = NeedleGroup()
  /// The script markers, matched as written.
  private var scripts = NeedleGroup()
  /// The `prefix` phrases.
  private var prefixes = NeedleGroup()
  /// The `line` phrases.
  private var lines: [[UInt8]] = []
  /// Whether a phrase is empty: it matches everywhere, which the full check handles.
  private var hasEmptyNeedle = false

  /// A screen for the phrase rules `rules`, whose UTF-8 texts are `needles`.
  init(rules: [DebrisDetector.Rule], needles: [[UInt8]]) {
    for (rule, needle) in zip(rules, needles) {
      guard let first = needle.first else {
        hasEmptyNeedle = true
        continue
      }
      switch rule.match {
      case .prefix: prefixes.append(needle)
      case .line: lines.append(needle)
      case .contains:
        phrases.append(needle)
        mark(DebrisScreen.startsPhrase, whereLowercaseIs: first)
      }
    }
    let http = Array("http".utf8)
    phrases.append(http)
    mark(DebrisScreen.startsPhrase, whereLowercaseIs: http[0])
    for marker in DebrisDetector.scriptMarkers {
      guard let first = marker.first else { continue }
      scripts.append(marker)
      classes[Int(first)] |= DebrisScreen.startsScript
    }
    for byte in [UInt8(ascii: "-"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"), 0xC2] {
      classes[Int(byte)] |= DebrisScreen.special
    }
    for byte in 0xC4...0xFF { classes[byte] |= DebrisScreen.special }
  }

  /// Marks the bytes that lowercase to `first` as the start of a scalar (a needle starts with
  /// a whole scalar: ASCII lowercases alone, and a lead byte stays as it is).
  private mutating func mark(_ flag: UInt8, whereLowercaseIs first: UInt8) {
    // Those bytes are `first` itself, unless it is a capital or a continuation byte, and its
    // capital when it is a lowercase ASCII letter. (Trying all 256 bytes for each phrase cost
    // 2.8 M instructions, a twentieth of a one-article run.)
    if first & 0xC0 != 0x80, DebrisScreen.lowercaseASCII(first) == first { classes[Int(first)] |= flag }
    if first &- 0x61 < 26 { classes[Int(first - 0x20)] |= flag }
  }

  /// Looks at the UTF-8 bytes of a sentence.
  ///
  /// `.clear` means the same as the full check finding that no phrase rule matches the
  /// sentence lowercased, that it neither holds `http` nor `©` and that it does not look like a
  /// script.
  func screen(_ text: UnsafeBufferPointer<UInt8>) -> Verdict {
    guard !hasEmptyNeedle else { return .undecided }
    let count = text.count
    // Phrases that open the sentence.
    if let first = text.first,
      prefixes.anyMatch(at: 0, in: text, startingWith: DebrisScreen.lowercaseASCII(first), lowercased: true)
    {
      return .undecided
    }
    // Phrases that are the whole sentence but its final punctuation, spaces and `…` (which
    // lowercasing leaves as they are, and never makes).
    if !lines.isEmpty {
      var end = count
      while end > 0 {
        let byte = text[end - 1]
        if DebrisScreen.isTrimmed(byte) {
          end -= 1
        } else if end >= 3, text[end - 3] == 0xE2, text[end - 2] == 0x80, byte == 0xA6 {
          end -= 3
        } else {
          break
        }
      }
      for line in lines where line.count == end {
        if DebrisScreen.matches(line, at: 0, in: text, lowercased: true) { return .undecided }
      }
    }
    // One pass for everything else.
    var hyphens = 0
    var braces = 0
    var semicolons = 0
    let verdict: Verdict? = classes.withUnsafeBufferPointer { classes in
      var index = 0
      while index < count {
        let byte = text[index]
        let found = classes[Int(byte)]
        if found == 0 {
          index &+= 1
          continue
        }
        if found & DebrisScreen.special != 0 {
          switch byte {
          case UInt8(ascii: "-"): hyphens += 1
          case UInt8(ascii: "{"), UInt8(ascii: "}"): braces += 1
          case UInt8(ascii: ";"): semicolons += 1
          case 0xC2:
            // `©` is 0xC2 0xA9.
            if index + 1 < count, text[index + 1] == 0xA9 { return .undecided }
          default:
            // From 0xC4 on, only general punctuation (0xE2 0x80 to 0x82: `’`, `…`, `€`)
            // lowercases in place; anything else is lowercased scalar by scalar, which the
            // full check does.
            guard byte == 0xE2, index + 1 < count, (0x80...0x82).contains(text[index + 1]) else {
              return .undecided
            }
          }
        }
        if found & DebrisScreen.startsPhrase != 0,
          phrases.anyMatch(
            at: index, in: text, startingWith: DebrisScreen.lowercaseASCII(byte), lowercased: true)
        {
          return .undecided
        }
        if found & DebrisScreen.startsScript != 0,
          scripts.anyMatch(at: index, in: text, startingWith: byte, lowercased: false)
        {
          return .undecided
        }
        index &+= 1
      }
      return nil
    }
    if let verdict { return verdict }
    if braces >= 2 && semicolons >= 1 { return .undecided }
    return .clear(hyphens: hyphens)
  }

  /// Whether the full check trims `byte` off the end of a sentence.
  private static func isTrimmed(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ";"),
      UInt8(ascii: ","), UInt8(ascii: " "):
      return true
    default:
      return false
    }
  }

  /// `byte` with an ASCII capital lowercased.
  static func lowercaseASCII(_ byte: UInt8) -> UInt8 {
    byte &- 0x41 < 26 ? byte | 0x20 : byte
  }

  /// The byte at `index` of `text` as `lowercasedLatinUTF8` writes it, for text that keeps its
  /// length lowercased: ASCII capitals, and the letters À to Þ (but ×) after 0xC3, lowercase.
  static func lowercased(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8 {
    let byte = text[index]
    if byte &- 0x41 < 26 { return byte | 0x20 }
    if byte &- 0x80 < 0x1F, byte != 0x97, index > 0, text[index - 1] == 0xC3 { return byte &+ 0x20 }
    return byte
  }

  /// Whether `needle` is in `text` at `index`, lowercased (as `lowercased(_:at:)`) or as
  /// written.
  static func matches(
    _ needle: UnsafeBufferPointer<UInt8>, at index: Int, in text: UnsafeBufferPointer<UInt8>,
    lowercased: Bool
  ) -> Bool {
    guard index + needle.count <= text.count else { return false }
    for offset in 0..<needle.count {
      let byte = lowercased ? DebrisScreen.lowercased(text, at: index + offset) : text[index + offset]
      if byte != needle[offset] { return false }
    }
    return true
  }

  /// `matches(_:at:in:lowercased:)` for a needle in an array.
  static func matches(
    _ needle: [UInt8], at index: Int, in text: UnsafeBufferPointer<UInt8>, lowercased: Bool
  ) -> Bool {
    needle.withUnsafeBufferPointer { matches($0, at: index, in: text, lowercased: lowercased) }
  }
}

/// Needles grouped by their first byte, their bytes one after another.
struct NeedleGroup: Sendable {
  /// The needles' bytes.
  private var bytes: [UInt8] = []
  /// Each needle: where its bytes are in `bytes`.
  private var needles: [Range<Int>] = []
  /// For each first byte, the needles (indices into `needles`) that start with it.
  private var byFirst: [[Int]] = Array(repeating: [], count: 256)
  /// A bit for each pair of bytes that opens a needle (first byte × 256 + second byte); a
  /// needle of one byte sets every pair it opens. Most places where a needle's first byte is
  /// (`c` for `cookies`) are told apart by the next byte.
  private var pairs = [UInt64](repeating: 0, count: 1024)

  /// Adds a needle that is not empty.
  mutating func append(_ needle: [UInt8]) {
    guard let first = needle.first else { return }
    byFirst[Int(first)].append(needles.count)
    needles.append(bytes.count..<(bytes.count + needle.count))
    bytes.append(contentsOf: needle)
    let seconds = needle.count > 1 ? [Int(needle[1])] : Array(0...255)
    for second in seconds {
      let pair = Int(first) << 8 | second
      pairs[pair >> 6] |= 1 << UInt64(pair & 63)
    }
  }

  /// Whether a needle starting with `first` is in `text` at `index` (lowercased or as written,
  /// see `DebrisScreen.matches`).
  func anyMatch(
    at index: Int, in text: UnsafeBufferPointer<UInt8>, startingWith first: UInt8, lowercased: Bool
  )
    -> Bool
  {
    if index + 1 < text.count {
      let second = lowercased ? DebrisScreen.lowercased(text, at: index + 1) : text[index + 1]
      let pair = Int(first) << 8 | Int(second)
      guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { return false }
    }
    let candidates = byFirst[Int(first)]
    guard !candidates.isEmpty else { return false }
    return bytes.withUnsafeBufferPointer { bytes in
      for candidate in candidates {
        let range = needles[candidate]
        if DebrisScreen.matches(
          UnsafeBufferPointer(rebasing: bytes[range]), at: index, in: text, lowercased: lowercased)
        {
          return true
        }
      }
      return false
    }
  }
}
