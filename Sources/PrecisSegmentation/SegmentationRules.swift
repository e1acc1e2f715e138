import PrecisCore

/// What the splitter knows about a language: abbreviations, function words and the words that are
/// always capitalized. The pipeline's source language picks them (`lexicons/{source}/…`).
public struct SegmentationRules: Sendable {
  /// Abbreviations that end with a period (`M.`, `etc.`).
  public var abbreviations: AbbreviationList
  /// Lowercase function words (articles, pronouns, prepositions, conjunctions). Capitalized,
  /// one of them starts a sentence after an initial, a `final` abbreviation, `:` or `;`.
  public var functionWords: Set<String> { didSet { functionWordSet = WordSet(functionWords) } }
  /// Words that are capitalized wherever they stand, so their capital says nothing about a
  /// sentence start (English `I`).
  public var alwaysCapitalized: Set<String> { didSet { alwaysCapitalizedSet = WordSet(alwaysCapitalized) } }
  /// Lowercase subject pronouns that, capitalized after a colon, start a new sentence
  /// (`Hémorragie : Il convient…`); a capitalized article there usually starts a list item.
  public var clauseStarters: Set<String> { didSet { clauseStarterSet = WordSet(clauseStarters) } }
  /// Whether a capitalized function word of two letters glued to a capitalized word starts a
  /// sentence (`des VosgesOn a appris`); in English such a pair is more often a name
  /// (`LinkedIn`, `AddOn`).
  public var shortWordsGluedToNames: Bool

  // The same words keyed by their bytes, as the splitter looks them up: a `Set<String>` lookup
  // (SipHash after an NFC check) cost several times a `WordSet` one, at every candidate break.
  private(set) var functionWordSet: WordSet
  private(set) var alwaysCapitalizedSet: WordSet
  private(set) var clauseStarterSet: WordSet

  /// Creates rules from their parts.
  public init(
    abbreviations: AbbreviationList = AbbreviationList(), functionWords: Set<String> = [],
    alwaysCapitalized: Set<String> = [], clauseStarters: Set<String> = [], shortWordsGluedToNames: Bool = true
  ) {
    self.abbreviations = abbreviations
    self.functionWords = functionWords
    self.alwaysCapitalized = alwaysCapitalized
    self.clauseStarters = clauseStarters
    self.shortWordsGluedToNames = shortWordsGluedToNames
    functionWordSet = WordSet(functionWords)
    alwaysCapitalizedSet = WordSet(alwaysCapitalized)
    clauseStarterSet = WordSet(clauseStarters)
  }

  /// The rules of `language` built in (the lexicons add abbreviations and function words).
  public static func builtIn(for language: String) -> SegmentationRules {
    SegmentationRules(
      alwaysCapitalized: alwaysCapitalized(in: language), clauseStarters: clauseStarters(in: language),
      shortWordsGluedToNames: language != "en")
  }

  /// The words that are always capitalized in `language`.
  public static func alwaysCapitalized(in language: String) -> Set<String> {
    switch language {
    case "en": return ["I"]
    default: return []
    }
  }

  /// The subject pronouns that start a clause after a colon in `language`.
  public static func clauseStarters(in language: String) -> Set<String> {
    switch language {
    case "fr": return ["il", "ils", "elle", "elles", "on", "ce", "c'", "cela", "ceci", "ça"]
    case "en": return ["it", "he", "she", "they", "we", "there", "this"]
    default: return []
    }
  }

  /// Surname particles (`Le Pen`, `De Gaulle`, `Van Gogh`): capitalized function words that
  /// may still follow an initial inside a name.
  static let particles: Set<String> = [
    "le", "la", "les", "l'", "de", "du", "des", "d'", "van", "von", "der", "den", "di", "da",
    "del", "della", "dos", "das", "mac", "mc", "st", "saint", "sainte", "el", "al", "ben", "ter",
    "ten", "o'",
  ]
}
