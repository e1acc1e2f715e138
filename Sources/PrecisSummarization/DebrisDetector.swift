import PrecisCore

#if canImport(Glibc)
  import Glibc
#endif

/// Recognizes lines of page debris that are never summarized: publication dates, URL slugs,
/// photo credits, share and cookie lines, script fragments, section labels. Structural rules
/// are built in; phrases come from a lexicon file whose lines are
/// `prefix|contains|line<TAB>text<TAB>label` (case-insensitive).
public struct DebrisDetector: Sendable {
  /// How a phrase rule matches a sentence.
  public enum Match: String, Sendable {
    /// The sentence starts with the text.
    case prefix
    /// The sentence contains the text.
    case contains
    /// The sentence is the text (ignoring final punctuation).
    case line
  }

  /// One phrase rule.
  public struct Rule: Sendable {
    /// How it matches.
    public var match: Match
    /// The phrase, lowercased.
    public var text: String
    /// What to call what it finds (`publication date`).
    public var label: String
  }

  /// The phrase rules, in file order.
  public private(set) var rules: [Rule] = [] {
    didSet { index() }
  }
  /// Each rule's text as UTF-8.
  private var needles: [[UInt8]] = []
  /// The first look at a sentence, made from the rules.
  private var screen = DebrisScreen(rules: [], needles: [])

  /// A detector with only the built-in rules.
  public init() {}

  /// Adds a phrase rule after the others.
  public mutating func appendRule(_ rule: Rule) { rules.append(rule) }

  /// Adds the rules of `other` after this detector's, making the screen once. (Adding them one
  /// by one made it once a rule: 37 screens for the French list, 5% of a command's start.)
  public mutating func append(_ other: DebrisDetector) { rules.append(contentsOf: other.rules) }

  /// Reads phrase rules from `path`.
  public init(path: String) throws {
    for line in try LexiconFile.lines(at: path) {
      guard line.fields.count >= 2, let match = Match(rawValue: line.fields[0]),
        !line.fields[1].isEmpty
      else {
        // The caret goes under a kind of match that is none of the three, else where the text
        // is missing.
        let unknown = line.fields.count >= 2 && Match(rawValue: line.fields[0]) == nil
        throw LexiconError(
          "expected 'prefix', 'contains' or 'line', a TAB, the text, and optionally a TAB and a label",
          at: line.location, field: unknown ? 0 : 1,
          notes: ["for example: prefix<TAB>Publié le<TAB>publication date"])
      }
      let label = line.fields.count > 2 && !line.fields[2].isEmpty ? line.fields[2] : "page debris"
      rules.append(Rule(match: match, text: line.fields[1].lowercased(), label: label))
    }
    index()  // `didSet` does not run in an initializer
  }

  /// Makes the needles and the screen from the rules.
  private mutating func index() {
    needles = rules.map { Array($0.text.utf8) }
    screen = DebrisScreen(rules: rules, needles: needles)
  }

  /// Why `sentence` is debris, or `nil` when it is text.
  ///
  /// Most sentences are cleared by one pass over their bytes (`DebrisScreen`); the others get
  /// the full check, which has the same verdict.
  public func debris(_ sentence: Sentence) -> String? {
    var text = sentence.text
    let verdict = text.withUTF8 { bytes -> (screened: DebrisScreen.Verdict, words: Int) in
      let screened = screen.screen(bytes)
      // (Words are counted only where they decide.)
      guard screened != .undecided, sentence.standalone, !sentence.terminated else { return (screened, 0) }
      return (screened, DebrisDetector.wordCount(bytes, upTo: 5))
    }
    guard case .clear(let hyphens) = verdict.screened else { return fullDebris(sentence) }
    if hyphens >= 3, DebrisDetector.opensWithSlug(text) { return "URL slug" }
    if sentence.standalone, !sentence.terminated {
      return verdict.words <= 4 ? "section label" : "heading"
    }
    return nil
  }

  /// Why `sentence` is debris, or `nil`: every rule in turn, on the sentence lowercased.
  func fullDebris(_ sentence: Sentence) -> String? {
    let text = sentence.text
    let bytes = text.lowercasedLatinUTF8
    var trimmedCache: [UInt8]?
    func trimmed() -> [UInt8] {
      if let trimmedCache { return trimmedCache }
      var end = bytes.count
      // Final punctuation and spaces (`…` is three bytes ending in 0xA6).
      while end > 0 {
        let byte = bytes[end - 1]
        if ".!?:;, ".utf8.contains(byte) {
          end -= 1
        } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, byte == 0xA6 {
          end -= 3
        } else {
          break
        }
      }
      trimmedCache = Array(bytes[..<end])
      return trimmedCache ?? []
    }
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{A0}" || $0 == "\n" }
    // An address's last part opens the line (`autosuffisance-en-intelligence-artificielle …`);
    // inside a sentence, the same shape is a compound (`once-in-a-generation`).
    // (A slug has three hyphens: most sentences have fewer, and their first word is not read.)
    if DebrisDetector.hasThreeHyphens(bytes), DebrisDetector.opensWithSlug(text) { return "URL slug" }
    for (rule, needle) in zip(rules, needles) {
      switch rule.match {
      case .prefix where bytes.starts(with: needle): return rule.label
      case .contains where ByteSearch.contains(bytes, needle): return rule.label
      case .line where trimmed() == needle: return rule.label
      default: continue
      }
    }
    if ByteSearch.contains(bytes, Array("http".utf8)), DebrisDetector.wordCount(text, upTo: 4) <= 3 {
      let words = text.split(whereSeparator: isSpace)
      if words.contains(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) {
        return "link"
      }
    }
    if ByteSearch.contains(bytes, [0xC2, 0xA9]) { return "photo credit" }  // ©
    if DebrisDetector.looksLikeScript(text) { return "script fragment" }
    if sentence.standalone, !sentence.terminated {
      return DebrisDetector.wordCount(text, upTo: 5) <= 4 ? "section label" : "heading"
    }
    return nil
  }

  /// Whether the first word of `text` (after spaces, no-break spaces and line breaks) is an
  /// address's last part (`isSlug`).
  static func opensWithSlug(_ text: String) -> Bool {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{A0}" || $0 == "\n" }
    let firstWord = text.drop(while: isSpace).prefix(while: { !isSpace($0) })
    return !firstWord.isEmpty && DebrisDetector.isSlug(Substring(firstWord))
  }

  /// `wordCount(_:upTo:)` over UTF-8 bytes: a word starts at a scalar that is not a space
  /// (0x20), a line break (0x0A) or a no-break space (0xC2 0xA0) and follows one.
  static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
    var count = 0
    var inWord = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || (byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0)
      {
        inWord = false
      } else if byte & 0xC0 != 0x80, !inWord {
        inWord = true
        count += 1
        if count >= limit { break }
      }
      index += 1
    }
    return count
  }

  /// The number of words in `text` (separated by spaces, no-break spaces or line breaks),
  /// counting no further than `limit`: a line may be megabytes long.
  static func wordCount(_ text: String, upTo limit: Int) -> Int {
    var count = 0
    var inWord = false
    for scalar in text.unicodeScalars {
      if scalar == " " || scalar == "\u{A0}" || scalar == "\n" {
        inWord = false
      } else if !inWord {
        inWord = true
        count += 1
        if count >= limit { break }
      }
    }
    return count
  }

  /// Whether `bytes` hold at least three hyphens.
  static func hasThreeHyphens(_ bytes: [UInt8]) -> Bool {
    var count = 0
    for byte in bytes where byte == 0x2D {
      count += 1
      if count == 3 { return true }
    }
    return false
  }

  /// `autosuffisance-en-intelligence-artificielle`: lowercase words joined by three or more
  /// hyphens, as in the last part of an article's address.
  static func isSlug(_ word: Substring) -> Bool {
    // (At least 20 characters take 20 bytes; three hyphens, three bytes.)
    guard word.utf8.count >= 20, word.utf8.lazy.filter({ $0 == 0x2D }).count >= 3 else { return false }
    let parts = word.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count >= 4, word.count >= 20 else { return false }
    return parts.allSatisfy { part in
      !part.isEmpty && part.allSatisfy { $0.isLowercase || $0.isNumber }
    }
  }

  /// Code left in scraped text: `window.pv = …;`, `function(`, `document.write`, braces with
  /// semicolons.
  static func looksLikeScript(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    if scriptMarkers.contains(where: { ByteSearch.contains(bytes, $0) }) { return true }
    var semicolons = 0
    var braces = 0
    for byte in bytes {
      if byte == UInt8(ascii: ";") { semicolons += 1 }
      if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") { braces += 1 }
    }
    return braces >= 2 && semicolons >= 1
  }

  /// What code leaves in text.
  static let scriptMarkers: [[UInt8]] = [
    "window.", "function(", "document.getElement", "document.write", "=>", "();",
  ]
  .map { Array($0.utf8) }
}

/// Substring search on UTF-8 bytes.
enum ByteSearch {
  /// Whether `needle` occurs in `haystack`: the C library's `memchr` finds each place where its
  /// first byte is (scanning by words), `memcmp` checks the rest.
  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard needle.count <= haystack.count else { return false }
    return haystack.withUnsafeBytes { hay in
      needle.withUnsafeBytes { pin in
        guard let start = hay.baseAddress, let pattern = pin.baseAddress else { return false }
        let first = Int32(needle[0])
        var offset = 0
        let last = hay.count - pin.count
        while offset <= last {
          guard let hit = memchr(start + offset, first, last - offset + 1) else { return false }
          let position = start.distance(to: UnsafeRawPointer(hit))
          if memcmp(start + position, pattern, pin.count) == 0 { return true }
          offset = position + 1
        }
        return false
      }
    }
  }
}
