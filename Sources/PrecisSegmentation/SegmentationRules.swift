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
  /// Lowercase words after which a capitalized function word opens a title, not a paragraph
  /// (`l'émission On n'est pas couché`, `le film J'accuse`). Where there are some, a heading
  /// that a scrape joined to the next paragraph with a space is cut before that paragraph's
  /// capitalized function word (see `SentenceSplitter.spacedHeadingEnds`); English, whose
  /// headlines and titles capitalize their function words, has none.
  public var titleWords: Set<String> { didSet { titleWordSet = WordSet(titleWords) } }

  // The same words keyed by their bytes, as the splitter looks them up: a `Set<String>` lookup
  // (SipHash after an NFC check) cost several times a `WordSet` one, at every candidate break.
  private(set) var functionWordSet: WordSet
  private(set) var alwaysCapitalizedSet: WordSet
  private(set) var clauseStarterSet: WordSet
  private(set) var titleWordSet: WordSet

  /// Creates rules from their parts.
  public init(
    abbreviations: AbbreviationList = AbbreviationList(), functionWords: Set<String> = [],
    alwaysCapitalized: Set<String> = [], clauseStarters: Set<String> = [],
    shortWordsGluedToNames: Bool = true,
    titleWords: Set<String> = []
  ) {
    self.abbreviations = abbreviations
    self.functionWords = functionWords
    self.alwaysCapitalized = alwaysCapitalized
    self.clauseStarters = clauseStarters
    self.shortWordsGluedToNames = shortWordsGluedToNames
    self.titleWords = titleWords
    functionWordSet = WordSet(functionWords)
    alwaysCapitalizedSet = WordSet(alwaysCapitalized)
    clauseStarterSet = WordSet(clauseStarters)
    titleWordSet = WordSet(titleWords)
  }

  /// The rules of `language` built in (the lexicons add abbreviations and function words).
  public static func builtIn(for language: String) -> SegmentationRules {
    SegmentationRules(
      alwaysCapitalized: alwaysCapitalized(in: language), clauseStarters: clauseStarters(in: language),
      shortWordsGluedToNames: language != "en", titleWords: titleWords(in: language))
  }

  /// The words after which a capitalized function word opens a title in `language` (see
  /// `titleWords`): works and media (`émission`, `film`, `chanson`, `média`), the verbs and
  /// participles that name one (`interpréter`, `intitulé`, `baptisé`), and the nouns a letter
  /// or number labels (`plan A`, `catégorie A`, `ligne A`).
  public static func titleWords(in language: String) -> Set<String> {
    switch language {
    case "fr":
      let works = [
        "émission", "film", "série", "livre", "roman", "album", "chanson", "titre", "spectacle", "pièce",
        "magazine", "journal", "quotidien", "hebdomadaire", "média", "festival", "programme", "jeu",
        "feuilleton", "tube", "single", "ouvrage", "essai", "documentaire", "opéra", "rubrique",
        "chronique", "podcast", "saga", "comédie", "drame", "téléfilm", "clip", "vidéo", "slogan",
        "hashtag", "opération", "association", "collectif", "mouvement", "parti", "site", "application",
        "compte", "page", "groupe", "mot", "expression", "formule", "phrase", "candidat", "plan",
        "catégorie", "classe", "type", "niveau", "note", "vitamine", "étoile", "poule", "division",
        "ligue", "zone", "équipe", "lettre", "route", "autoroute", "ligne", "porte", "terminal",
        "bâtiment", "hall", "salle",
      ]
      let naming = [
        "interpréter", "interprète", "interprété", "interprétera", "chanter", "chante", "chanté", "chantait",
        "intitulé", "intitulée", "intitulés", "intitulées", "baptisé", "baptisée", "baptisés", "baptisées",
        "nommé", "nommée", "appelé", "appelée", "jeux",
      ]
      var words = Set(naming)
      for word in works {
        words.formUnion([word, word + "s"])  // `festivals`, and `journaux` below
        if word.hasSuffix("al") { words.insert(String(word.dropLast(2)) + "aux") }
      }
      return words
    default: return []
    }
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
