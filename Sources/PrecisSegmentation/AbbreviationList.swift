import PrecisCore

/// Abbreviations that end with a period but do not end a sentence (`M.`, `etc.`, `cf.`), read
/// from a lexicon file: one per line, an optional second column `final` for those that may also
/// end a sentence (they only hold a break when the next word is not capitalized), or `word` for
/// those that are common words too (`vol.`, `art.`, `sept.`: they end a sentence before any
/// capitalized word but a Roman numeral or an initial, `vol. II`, `art. L. 313`).
public struct AbbreviationList: Sendable {
  /// Abbreviations that never end a sentence.
  public private(set) var fixed: Set<String> = []
  /// Abbreviations that may end a sentence.
  public private(set) var final: Set<String> = []
  /// Abbreviations that are common words too.
  public private(set) var words: Set<String> = []
  /// The length in Unicode scalars of the longest entry: a longer word is not looked up.
  public private(set) var longest = 0
  // The two sets keyed by their bytes, as `verdict(for:)` looks them up (a `Set<String>`
  // lookup cost several times as much).
  private var fixedSet = WordSet()
  private var finalSet = WordSet()
  private var wordSet = WordSet()

  /// An empty list.
  public init() {}

  /// A list from explicit sets.
  public init(fixed: Set<String>, final: Set<String>, words: Set<String> = []) {
    self.fixed = fixed
    self.final = final
    self.words = words
    indexEntries()
  }

  static func longest(_ lists: Set<String>...) -> Int {
    lists.joined().map(\.unicodeScalars.count).max() ?? 0
  }

  /// Reads the list at `path`; throws a `LexiconError` at the first bad line.
  public init(path: String) throws {
    for line in try LexiconFile.lines(at: path) {
      let word = line.fields[0]
      guard word.hasSuffix("."), !word.contains(" ") else {
        throw LexiconError(
          "abbreviation '\(word)' must be one word ending with '.'", at: line.location, field: 0,
          notes: ["write the abbreviation as it appears in text, such as 'M.' or 'etc.'"])
      }
      let flag = line.fields.count > 1 ? line.fields[1] : ""
      switch flag {
      case "": fixed.insert(word)
      case "final": final.insert(word)
      case "word": words.insert(word)
      default:
        throw LexiconError(
          "unknown flag '\(flag)' after '\(word)'", at: line.location, field: 1,
          notes: ["the second column may only be 'final' or 'word'"])
      }
    }
    indexEntries()
  }

  /// Sets what the lookups read from the two sets: the longest entry and the byte-keyed sets.
  private mutating func indexEntries() {
    longest = Self.longest(fixed, final, words)
    fixedSet = WordSet(fixed)
    finalSet = WordSet(final)
    wordSet = WordSet(words)
  }

  /// What an abbreviation in the list says about a break after `token`.
  public enum Verdict: Sendable {
    /// Not in the list.
    case unknown
    /// Never ends a sentence.
    case fixed
    /// May end a sentence.
    case final
    /// A common word too: ends a sentence before a capitalized word but a numeral or an initial.
    case word
  }

  /// Looks `token` up as written, and lowercased when it is capitalized (`Cf.` → `cf.`).
  public func verdict(for token: String) -> Verdict {
    if fixedSet.contains(token) { return .fixed }
    if finalSet.contains(token) { return .final }
    if wordSet.contains(token) { return .word }
    // Lowercased only when that changes its first letter (most words start in lowercase).
    guard token.unicodeScalars.first?.properties.changesWhenLowercased == true else { return .unknown }
    let lowered = token.lowercased()
    if lowered != token, token.dropFirst().lowercased() == String(token.dropFirst()) {
      if fixedSet.contains(lowered) { return .fixed }
      if finalSet.contains(lowered) { return .final }
      if wordSet.contains(lowered) { return .word }
    }
    return .unknown
  }
}
