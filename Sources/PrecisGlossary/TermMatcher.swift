import PrecisCore

/// Finds glossary terms in tokenized sentences, leftmost-longest. A term matches in its
/// inflected forms (`Inflection`: plurals, and feminines for the adjectives of multiword terms),
/// with or without hyphens between its words (`semi-conducteur`, `semi conducteur`,
/// `semiconducteur`), with either apostrophe, in any case, and without accents when written in
/// capitals (`ETATS-UNIS`). Entries flagged `case` match only as written.
public struct TermMatcher: Sendable {
  /// One term: the entries that share a key (domain alternatives) and the forms of its words.
  struct Term: Sendable {
    /// Indices into `entries`. (A slice: the terms read from a compiled glossary share one
    /// array, where an array each was an allocation each.)
    var entries: ArraySlice<Int>
    /// The forms each word may take, lowercased, with whether the form is plural. (Kept while
    /// the matcher is built, then left to its `TermTable`, unless it is built `keepingForms`; a
    /// term read from a compiled glossary has none either: the matcher's `withForms(_:)` gives
    /// them.)
    var slots: [Forms]
    /// The same forms without accents, for words written in capitals.
    var foldedSlots: [Forms]
    /// Whether the term matches only as written.
    var caseSensitive: Bool
    /// The words as written, for case-sensitive terms.
    var written: [String]
    /// How many of the leading words take the plural that decides the English number.
    var headCount: Int
    /// The entry rendered (an index into `entries`), chosen once by the pipeline's domains;
    /// `nil` when no domain chooses between several targets. Where a `cued` entry's context
    /// word is written near the term, that entry is rendered instead.
    var chosen: Int? = nil
    /// The entries with context words (`GlossaryEntry.context`), in glossary order: the first
    /// whose words are near a match is rendered there (`ContextCues`). `chosen` is chosen
    /// among the others: `nil` when every entry has context words, where the term is then
    /// not rendered without one.
    var cued: ArraySlice<Int> = []
    /// The noun entries beside an adjective entry of the same domain and context words
    /// (`GlossaryEntry.isOtherWordClass(of:)`), in glossary order: rendered instead of their
    /// adjective right after a determiner (a people's, `demonym`, where the word is
    /// capitalized), never chosen otherwise.
    var nouns: ArraySlice<Int> = []
  }

  let entries: GlossaryEntries
  /// What rendering asks of each entry, told once (`TranslateTermsStage.isProperName` and
  /// `isNationality`): asking it of an entry at each match copied the entry, counting a
  /// reference to each of its nine strings and arrays.
  let renderTraits: [RenderTraits]
  let terms: [Term]
  /// Each term's chosen entry and whether it has entries with context words, apart from the
  /// terms for the matching loop: reading them from a term copied it, counting a reference
  /// to each of its arrays.
  let choices: [Choice]

  /// A term's chosen entry (`Term.chosen`, -1 for none) and whether it has `cued` entries and
  /// `nouns`.
  struct Choice: Sendable, Equatable {
    var entry: Int32
    var cued: Bool
    /// Whether the term has `nouns`.
    var nouns: Bool

    init(_ term: Term) {
      entry = Int32(term.chosen ?? -1)
      cued = !term.cued.isEmpty
      nouns = !term.nouns.isEmpty
    }

    /// The chosen entry, if any.
    var chosen: Int? { entry >= 0 ? Int(entry) : nil }
  }
  /// The terms' words and forms, laid out for the matching loop.
  let table: TermTable
  /// The terms each first-word form starts, as written and without accents, longest first.
  let index: FirstWordIndex
  let verbCues: ASCIIWordSet
  let headBreakers: Set<String>
  let prefixes: [String: Prefix]
  let language: String
  let domains: [String]

  /// Whether an entry is a proper name, and an adjective of nationality or belief.
  struct RenderTraits: Sendable {
    var properName: Bool
    var nationality: Bool
    /// An adjective of another kind that is a noun too (`raciste` → `racist`, `les racistes`).
    var adjectiveNoun: Bool
    /// A noun that is also a past participle (the entry's flag `participle`).
    var participle: Bool
    /// A person's name (part of speech `person`: `Poutine` → `Putin`), rendered after a
    /// first name or initial too (`Vladimir Poutine`), where the name rule leaves other
    /// one-word entries as written.
    var person: Bool

    init(_ entry: GlossaryEntry) {
      person = TranslateTermsStage.isPersonName(entry.pos)
      properName = person || TranslateTermsStage.isProperName(entry)
      nationality = TranslateTermsStage.isNationality(entry)
      adjectiveNoun = !nationality && TranslateTermsStage.isAdjectiveNoun(entry)
      participle = entry.participle
    }

    /// The traits as one byte, as the compiled-glossary cache keeps them.
    var byte: UInt8 {
      (properName ? 1 : 0) | (nationality ? 2 : 0) | (adjectiveNoun ? 4 : 0) | (participle ? 8 : 0)
        | (person ? 16 : 0)
    }

    /// The traits a byte holds, or `nil` for a byte no traits make.
    init?(byte: UInt8) {
      guard byte < 32 else { return nil }
      properName = byte & 1 != 0
      nationality = byte & 2 != 0
      adjectiveNoun = byte & 4 != 0
      participle = byte & 8 != 0
      person = byte & 16 != 0
    }
  }

  /// A prefix that joins a term with a hyphen and keeps its meaning whole, rendered before the
  /// term's English (`ex-ministre` → `former minister`, `anti-guerre` → `anti-war`).
  public struct Prefix: Sendable, Equatable {
    /// The English put before the target, with its space or hyphen (`former `, `anti-`).
    public var english: String
    /// Whether the prefix only joins names and adjectives of nationality, whose English is
    /// capitalized (`nord-coréen` → `North Korean`, but not `nord-ouest`).
    public var namesOnly: Bool

    /// Creates a prefix.
    public init(_ english: String, namesOnly: Bool = false) {
      self.english = english
      self.namesOnly = namesOnly
    }
  }

  /// French prefixes whose compounds translate part by part. Any other word joined to a term
  /// by a hyphen makes a compound whose meaning is not the sum of its parts: the term does not
  /// match inside it (`hongrois` in `austro-hongrois`, `guerre` in `après-guerre`).
  public static let frenchPrefixes: [String: Prefix] = [
    "ex": Prefix("former "), "anti": Prefix("anti-"), "pro": Prefix("pro-"), "non": Prefix("non-"),
    "post": Prefix("post-"), "pré": Prefix("pre-"), "néo": Prefix("neo-"), "co": Prefix("co-"),
    "nord": Prefix("North ", namesOnly: true), "sud": Prefix("South ", namesOnly: true),
    "est": Prefix("East ", namesOnly: true), "ouest": Prefix("West ", namesOnly: true),
  ]
  /// Words after a hyphen that leave the word before it whole (`ce pays-là`, `cet accord-ci`).
  static let frenchHyphenParticles = ASCIIWordSet(["ci", "là"])

  /// Subject pronouns and particles after which a one-word term is likely a verb
  /// (`qui président`, `elles marchent`).
  public static let frenchVerbCues: Set<String> = [
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "qui", "ne", "n'", "se",
    "s'",
  ]
  /// Words that end the head of a French term: the words after them keep their own number
  /// (`fabricant de puces` is singular).
  public static let frenchHeadBreakers: Set<String> = [
    "de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "sur", "par", "contre", "avec", "sans",
  ]
  /// The forms of `avoir` that make a compound tense (`Matignon a communiqué`): a one-word term
  /// written in lowercase after one is a past participle, since a noun after `avoir` takes a
  /// determiner. (Not `eu`, `a eu lieu`; nor the forms that are also nouns: `as`, `aura`, and
  /// `avions`, as in `des avions russes`.)
  static let frenchAvoirForms = ASCIIWordSet([
    "ai", "a", "avons", "avez", "ont", "avais", "avait", "aviez", "avaient", "aurai", "auras", "aurons",
    "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient", "aie", "aies", "ait", "ayons",
    "ayez", "aient", "eut", "eût", "eurent", "avoir", "ayant",
  ])
  /// The forms of `être` that make a pronominal verb's compound tense after a reflexive
  /// pronoun (`s'était réfugié`). (Alone they are often followed by a noun: `il est ministre`.)
  static let frenchEtreForms = ASCIIWordSet([
    "suis", "es", "est", "sommes", "êtes", "sont", "étais", "était", "étions", "étiez", "étaient", "serai",
    "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez", "seraient", "sois",
    "soit", "soyons", "soyez", "soient", "fut", "fût", "furent", "être", "étant",
  ])
  /// Reflexive pronouns of the third and the first two persons singular (`nous`, `vous` are
  /// subjects as often).
  static let frenchReflexives = ASCIIWordSet(["se", "s'", "me", "m'", "te", "t'"])
  /// Negations and adverbs that come between an auxiliary and its participle (`n'a pas encore
  /// communiqué`).
  static let frenchInnerAdverbs = ASCIIWordSet([
    "pas", "plus", "jamais", "rien", "guère", "point", "encore", "déjà", "bien", "mal", "toujours", "aussi",
    "également", "même", "souvent", "enfin", "finalement", "alors", "ainsi", "notamment", "vite", "beaucoup",
    "peu", "trop", "tant", "longtemps", "récemment", "officiellement", "publiquement", "immédiatement",
    "rapidement", "aujourd'hui", "hier", "tout",
  ])
  /// Words after which a noun stands (besides `frenchDeterminers`): prepositions, quantifiers,
  /// numbers written out, conjunctions, the adjectives that come before their noun, and the
  /// participles that take a noun as attribute (`reconnu réfugié`, `en tant que réfugié`).
  static let frenchNounOpeners = ASCIIWordSet([
    "à", "dans", "par", "pour", "sur", "selon", "avec", "sans", "en", "entre", "contre", "chez", "vers",
    "via", "après", "avant", "depuis", "pendant", "sous", "parmi", "malgré", "quel", "quelle", "quels",
    "quelles", "plusieurs", "quelques", "aucun", "aucune", "certains", "certaines", "tout", "toute",
    "tous", "toutes", "divers", "diverses", "différents", "différentes", "deux", "trois", "quatre",
    "cinq", "six", "sept", "huit", "neuf", "dix", "vingt", "cent", "mille", "et", "ou", "ni", "autre",
    "autres", "second", "seconde", "seconds", "secondes", "premier", "première", "premiers",
    "premières", "dernier", "dernière", "derniers", "dernières", "nouveau", "nouvel", "nouvelle",
    "nouveaux", "nouvelles", "bref", "brève", "brefs", "brèves", "long", "longue", "longs", "longues",
    "court", "courte", "courts", "courtes", "même", "mêmes", "seul", "seule", "seuls", "seules",
    "simple", "simples", "nombreux", "nombreuses", "grand", "grande", "grands", "grandes", "petit",
    "petite", "petits", "petites", "jeune", "jeunes", "vieux", "vieil", "vieille", "vieilles", "ancien",
    "ancienne", "anciens", "anciennes", "futur", "future", "futurs", "futures", "prochain",
    "prochaine", "prochains", "prochaines", "récent", "récente", "récents", "récentes", "précédent",
    "précédente", "deuxième", "troisième", "énième", "double", "faux", "fausse", "vrai", "vraie",
    "vrais", "vraies", "véritable", "véritables", "tel", "telle", "tels", "telles", "comme", "que", "qu'",
    "déclaré", "déclarée", "déclarés", "déclarées", "reconnu", "reconnue", "reconnus", "reconnues",
    "devenu", "devenue", "devenus", "devenues", "considéré", "considérée", "considérés", "considérées",
  ])
  /// Articles that open a direct object (`juge le rapport`).
  static let frenchArticles = ASCIIWordSet(["le", "la", "les", "l'"])
  /// Words after an article that make a superlative, not an object (`les plus chères`).
  static let frenchComparatives = ASCIIWordSet(["plus", "moins", "mieux"])
  /// Determiners before a noun (`le juge`).
  static let frenchDeterminers = ASCIIWordSet([
    "le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa",
    "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "de", "d'", "chaque",
  ])

  /// Words inside French terms that never inflect.
  static let frenchFixed: Set<String> = [
    "de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "sur", "par", "contre", "avec", "sans",
    "le", "la", "les", "l'", "et", "ou", "un", "une", "sous", "entre", "dans", "chez", "vers",
  ]

  /// The contractions of the French definite articles with `à` and `de`: a term that starts
  /// with the article matches them too (`aux européennes`, `des européennes`).
  static let frenchContractions: [String: [String]] = ["les": ["aux", "des"], "le": ["au", "du"]]

  /// Builds the matcher; `domains` chooses between the targets of a term, in order.
  ///
  /// An inflected form of a one-word term that is a stopword (`fois`, made from `foi`) is left
  /// out: the common word is far likelier than the inflection. Within a multiword term the other
  /// words decide (`premiers ministres`, `premières dames`). Once the term table holds the forms,
  /// the terms keep none (an eighth of a million-row glossary's peak memory), unless
  /// `keepingForms` (for tests that compare the two).
  public init(
    glossary: Glossary, language: String = "fr", domains: [String] = [], verbCues: Set<String> = [],
    headBreakers: Set<String> = [], prefixes: [String: Prefix] = [:], stopwords: Set<String> = [],
    keepingForms: Bool = false
  ) {
    self.entries = GlossaryEntries(glossary.entries)
    renderTraits = glossary.entries.map(RenderTraits.init)
    self.verbCues = ASCIIWordSet(verbCues)
    self.headBreakers = headBreakers
    self.prefixes = prefixes
    self.language = language
    self.domains = domains.map { $0.lowercased() }
    // The entries of each key, in the order of the keys' first entries. (A key maps to the
    // number of its group: each key is hashed once.)
    var groupOf: [String: Int] = [:]
    groupOf.reserveCapacity(glossary.entries.count)
    var groups: [[Int]] = []
    for (position, entry) in glossary.entries.enumerated() {
      let key = entry.key
      if let group = groupOf[key] {
        groups[group].append(position)
      } else {
        groupOf[key] = groups.count
        groups.append([position])
      }
    }
    // The forms of a large glossary's terms are made on the cores, in key order.
    let entries = glossary.entries
    let keyed = groups
    var terms: [Term] =
      (try? Parallel.map(keyed.count) { range in
        range.flatMap { position -> [Term] in
          let members = keyed[position]
          guard let first = members.first else { return [] }
          let entry = entries[first]
          var made = [
            TermMatcher.term(
              for: entry, members: members, language: language, headBreakers: headBreakers,
              stopwords: stopwords)
          ]
          // `semi-conducteur` also as one word: `semiconducteur`.
          if entry.tokens.count > 1, entry.source.contains("-"), !entry.source.contains(" ") {
            let joined = entry.tokens.joined()
            let joinedEntry = GlossaryEntry(
              source: joined, target: entry.target, location: entry.location, tokens: [joined],
              written: [joined])
            var term = TermMatcher.term(
              for: joinedEntry, members: members, language: language, headBreakers: headBreakers,
              stopwords: stopwords)
            term.caseSensitive = entry.caseSensitive
            made.append(term)
          }
          return made
        }
      }) ?? []
    // The lists of each first-word form, in term order, each term with how its first word
    // reads in that form, then longest first; forms are told apart by their bytes.
    // (A term led by a function word is listed under its second word: `leads`.)
    let formCount = terms.reduce(0) { $0 + $1.slots[0].forms.count + $1.foldedSlots[0].forms.count }
    var numbers = ByteKeys(capacity: formCount)
    typealias Listed = (term: Int, plural: Bool, led: Bool)
    var lists: [(form: String, plain: [Listed], folded: [Listed])] = []
    func list(_ form: String) -> Int {
      let (number, inserted) = form.withUTF8Bytes { numbers.insert($0) }
      if inserted { lists.append((form, [], [])) }
      return number
    }
    for (position, term) in terms.enumerated() {
      let entry = glossary.entries[term.entries[term.entries.startIndex]]
      let led = TermMatcher.leads(term, entry: entry, language: language)
      let word = led ? 1 : 0
      for (form, plural) in zip(term.slots[word].forms, term.slots[word].plural) {
        lists[list(form)].plain.append((position, plural, led))
      }
      for (form, plural) in zip(term.foldedSlots[word].forms, term.foldedSlots[word].plural) {
        lists[list(form)].folded.append((position, plural, led))
      }
    }
    let domains = self.domains
    for position in terms.indices {
      let members = terms[position].entries
      let nouns =
        members.count > 1
        ? members.filter { noun in
          entries[noun].isNoun && members.contains { entries[$0].isOtherWordClass(of: entries[noun]) }
        } : []
      terms[position].nouns = nouns[...]
      func hasContext(_ entry: Int) -> Bool { !entries[entry].context.isEmpty && !nouns.contains(entry) }
      let cued = members.contains(where: hasContext) ? members.filter(hasContext) : []
      terms[position].cued = cued[...]
      // (One entry is its own choice: asking `choose` copied it and hashed its target.)
      guard members.count > 1 || !cued.isEmpty else {
        terms[position].chosen = members[members.startIndex]
        continue
      }
      // Entries with context words are chosen only near them (an entry with none elsewhere).
      let plain = members.filter { !cued.contains($0) && !nouns.contains($0) }
      terms[position].chosen = TermMatcher.choose(plain.map { glossary.entries[$0] }, domains: domains).map {
        plain[$0]
      }
    }
    let byLength = { (a: Int, b: Int) in terms[a].slots.count > terms[b].slots.count }
    for number in lists.indices {
      lists[number].plain.sort { byLength($0.term, $1.term) }
      lists[number].folded.sort { byLength($0.term, $1.term) }
    }
    let table = TermTable(terms)
    self.table = table
    for position in terms.indices {
      if !keepingForms {
        terms[position].slots = []
        terms[position].foldedSlots = []
      }
      // Only a term matched as written needs its words as written, where the table's bytes
      // do not answer.
      if !terms[position].caseSensitive { terms[position].written = [] }
    }
    self.terms = terms
    choices = terms.map(Choice.init)
    // With each term, how it is written when it matches only as written.
    func start(_ term: Listed) -> FirstWordIndex.Start {
      FirstWordIndex.Start(
        term: term.term, plural: term.plural, led: term.led,
        written: table.isCaseSensitive(term.term) ? table.writtenNumber(term: term.term, word: 0) : nil)
    }
    self.index = FirstWordIndex(lists.map { ($0.form, $0.plain.map(start), $0.folded.map(start)) })
  }

  /// Whether `term`, made from `entry`, is led by a function word of `language` that the term
  /// keeps as it is (`les européennes`, `la présidentielle`; `frenchFixed`), and is listed
  /// under its second word: such words are among an article's most frequent, and a term
  /// listed under one was tried at each of them. Not a term matched only as written (`Les
  /// Échos`: its capital tells it apart at once), nor one whose first word a hyphen joins
  /// (`sans-abri`: the word before its second is the hyphen).
  static func leads(_ term: Term, entry: GlossaryEntry, language: String) -> Bool {
    guard language == "fr", !term.caseSensitive, term.slots.count > 1, let first = entry.tokens.first,
      frenchFixed.contains(first)
    else { return false }
    return entry.source.utf8.dropFirst(first.utf8.count).first == UInt8(ascii: " ")
  }

  /// Term `term` with the forms of its words, from its table when it was read without them.
  func withForms(_ term: Int) -> Term {
    var made = terms[term]
    guard made.slots.isEmpty else { return made }
    made.slots = (0..<table.wordCount(term)).map { table.forms(term: term, word: $0, folded: false) }
    made.foldedSlots = (0..<table.wordCount(term)).map { table.forms(term: term, word: $0, folded: true) }
    return made
  }

  /// The verb cues, head breakers and hyphen prefixes of `language`: French has them, other
  /// languages none yet.
  static func rules(for language: String) -> (
    verbCues: Set<String>, headBreakers: Set<String>, prefixes: [String: Prefix]
  ) {
    language == "fr" ? (frenchVerbCues, frenchHeadBreakers, frenchPrefixes) : ([], [], [:])
  }

  /// A matcher from its parts, as the compiled-glossary cache gives them back, with the rules
  /// of `language`.
  init(
    entries: GlossaryEntries, renderTraits: [RenderTraits]? = nil, terms: [Term], table: TermTable,
    index: FirstWordIndex, language: String, domains: [String]
  ) {
    let rules = TermMatcher.rules(for: language)
    self.entries = entries
    self.renderTraits = renderTraits ?? entries.map(RenderTraits.init)
    self.terms = terms
    choices = terms.map(Choice.init)
    self.table = table
    self.index = index
    verbCues = ASCIIWordSet(rules.verbCues)
    headBreakers = rules.headBreakers
    prefixes = rules.prefixes
    self.language = language
    self.domains = domains.map { $0.lowercased() }
  }

  /// Whether a part of speech names an adjective: `adj` anywhere in it, in any case (`adj`,
  /// `Adjective`, `noun/ADJ`). Read from the bytes: the string search of the standard library
  /// cost about 5,000 instructions a call, a tenth of making the term.
  static func namesAdjective(_ pos: String) -> Bool {
    var previous: (UInt8, UInt8) = (0, 0)
    for byte in pos.utf8 {
      let lower = byte | 0x20  // ASCII letters lowercased; no other byte becomes a, d or j
      if previous == (UInt8(ascii: "a"), UInt8(ascii: "d")), lower == UInt8(ascii: "j") { return true }
      previous = (previous.1, lower)
    }
    return false
  }

  static func term(
    for entry: GlossaryEntry, members: [Int], language: String, headBreakers: Set<String>,
    stopwords: Set<String>
  ) -> Term {
    var slots: [Forms] = []
    var foldedSlots: [Forms] = []
    var inHead = true
    var headCount = 0
    // Without a part of speech, a lowercase word rendered with a capital is an adjective of
    // nationality or belief (`chinois → Chinese`): it takes the feminine too.
    let adjective =
      entry.pos.map(TermMatcher.namesAdjective) == true
      || (entry.pos == nil && entry.source.first?.isLowercase == true
        && entry.target.first?.isUppercase == true)
    for (position, word) in entry.tokens.enumerated() {
      if position > 0, headBreakers.contains(word) { inHead = false }
      if inHead { headCount += 1 }
      let role: Inflection.Role
      if entry.caseSensitive || entry.keep
        || (language == "fr" && frenchFixed.contains(word) && entry.tokens.count > 1)
      {
        role = .fixed
      } else if entry.tokens.count == 1 {
        role = adjective ? .adjective : .noun
      } else {
        role = inHead ? .adjective : .noun
      }
      var forms = Forms()
      var folded = Forms()
      var inflected = Inflection.forms(of: word, role: role, language: language)
      // `les européennes` is also `aux européennes` and `des européennes` (`à les`, `de les`),
      // and `le Pirée`, `au Pirée`: a term led by an article takes the article's contractions.
      if language == "fr", position == 0, entry.tokens.count > 1, !(entry.caseSensitive || entry.keep),
        let contractions = frenchContractions[word]
      {
        inflected += contractions.map { ($0, false) }
      }
      for (form, plural) in inflected {
        if form != word, entry.tokens.count == 1, stopwords.contains(form) { continue }
        forms.add(form, plural: plural)
        folded.add(Fold.fold(form), plural: plural)
      }
      slots.append(forms)
      foldedSlots.append(folded)
    }
    // A kept name (`Le Monde`) looks like words: only its capitals tell it apart.
    return Term(
      entries: members[...], slots: slots, foldedSlots: foldedSlots,
      caseSensitive: entry.caseSensitive || entry.keep,
      written: entry.written, headCount: headCount)
  }

  /// A term found: the term, the tokens it covers and whether its head is plural.
  public struct Found: Sendable, Equatable {
    /// The English of a prefix joined to the term (`former ` for `ex-ministre`), or `nil`.
    public var prefix: String? = nil
    /// The term's first token, after its prefix and hyphen when it has one.
    public var termToken: Int
    /// The entries the term has (several when they differ by domain).
    public var entries: [GlossaryEntry]
    /// The entry chosen, or `nil` when no domain chooses between several targets.
    public var entry: GlossaryEntry?
    /// The first token of the match, its prefix's when it has one.
    public var firstToken: Int
    /// The token after the match.
    public var endToken: Int
    /// Whether the French head is plural.
    public var plural: Bool

    /// The entry chosen, or else the first alternative.
    public var chosen: GlossaryEntry { entry ?? entries[0] }
  }

  /// A term found, before its entries are looked up: what `longestMatch` makes of every
  /// candidate, turned into a `Found` only for the matches `matches(in:)` keeps.
  struct Occurrence: Sendable, Equatable {
    /// The term, an index into `terms`.
    var term: Int
    /// The English of a prefix joined to the term (`former ` for `ex-ministre`), or `nil`.
    var prefix: String?
    /// The term's first token, after its prefix and hyphen when it has one.
    var termToken: Int
    /// The first token of the match, its prefix's when it has one.
    var firstToken: Int
    /// The token after the match.
    var endToken: Int
    /// Whether the French head is plural.
    var plural: Bool
  }

  /// Every term in `tokens`, leftmost-longest, without overlaps.
  ///
  /// - Complexity: O(*n* · *k*) for *n* tokens and *k* terms sharing a first word.
  public func matches(in tokens: TokenList) -> [Found] {
    occurrences(in: tokens).map(found)
  }

  /// The `Found` of `occurrence`, with its term's entries.
  func found(_ occurrence: Occurrence) -> Found {
    let term = terms[occurrence.term]
    return Found(
      prefix: occurrence.prefix, termToken: occurrence.termToken, entries: term.entries.map { entries[$0] },
      entry: term.chosen.map { entries[$0] }, firstToken: occurrence.firstToken,
      endToken: occurrence.endToken, plural: occurrence.plural)
  }

  /// Every term in `tokens`, leftmost-longest, without overlaps, before its entries are
  /// looked up (`matches(in:)` without the cost of the entries).
  ///
  /// - Complexity: O(*n* · *k*) for *n* tokens and *k* terms sharing a first word.
  @inline(never)
  func occurrences(in tokens: TokenList) -> [Occurrence] {
    tokens.withBuffer { tokens in
      var found: [Occurrence] = []
      var position = 0
      while position < tokens.count {
        if let (plain, folded) = startingLists(at: position, in: tokens),
          let match = longestMatch(
            at: position, in: tokens, plain: plain, folded: folded, earliest: found.last?.endToken ?? 0),
          match.firstToken >= (found.last?.endToken ?? 0),
          match.endToken - match.termToken < 2 || !runsIntoName(match, in: tokens)
        {
          found.append(match)
          position = match.endToken
        } else {
          position += 1
        }
      }
      return found
    }
  }

  /// Whether `match`, a term of words matched whatever their case, has a capitalized word
  /// inside it where a name of the glossary (a case-sensitive or kept term) starts and runs on
  /// past it: `les données de Santé publique France` holds the agency, not *health data*. The
  /// match then yields, and the name is matched where it starts.
  func runsIntoName(_ match: Occurrence, in tokens: TokenBuffer) -> Bool {
    guard !table.isCaseSensitive(match.term) else { return false }
    for inner in (match.termToken + 1)..<match.endToken
    where tokens[inner].kind == .word && TermMatcher.hasCapitals(at: inner, in: tokens) {
      guard let (plain, folded) = startingLists(at: inner, in: tokens),
        let name = longestMatch(at: inner, in: tokens, plain: plain, folded: folded, earliest: inner)
      else { continue }
      if name.endToken > match.endToken, table.isCaseSensitive(name.term) { return true }
    }
    return false
  }

  /// Whether the token at `position` is a hyphen between two words (`États-Unis`): `-`, `‐` or
  /// `‑`. Its text is read only for punctuation (the kind is checked in line: most tokens are
  /// words).
  @inline(__always)
  static func isHyphen(at position: Int, in tokens: TokenBuffer) -> Bool {
    tokens[position].kind == .punctuation && isHyphen(tokens.text(position))
  }

  /// Whether `text` is `-`, `‐` or `‑`. Compared by bytes: no other text is canonically
  /// equivalent to these three scalars, which neither decompose nor compose.
  private static func isHyphen(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch bytes.count {
    case 1: return bytes[0] == 0x2D
    case 3: return bytes[0] == 0xE2 && bytes[1] == 0x80 && (bytes[2] == 0x90 || bytes[2] == 0x91)
    default: return false
    }
  }

  /// Whether the word at `position` is joined by a hyphen to the word before it.
  static func joinedBefore(_ position: Int, in tokens: TokenBuffer) -> Bool {
    position >= 2 && isHyphen(at: position - 1, in: tokens)
      && tokens[position - 1].end == tokens[position].start
      && tokens[position - 2].end == tokens[position - 1].start && tokens[position - 2].kind == .word
  }

  /// Whether the word before `end` is joined by a hyphen to a word after it, other than a
  /// particle (`ce pays-là`).
  func joinedAfter(_ end: Int, in tokens: TokenBuffer) -> Bool {
    end >= 1 && end + 1 < tokens.count && TermMatcher.isHyphen(at: end, in: tokens)
      && tokens[end - 1].end == tokens[end].start && tokens[end].end == tokens[end + 1].start
      && tokens[end + 1].kind == .word
      && !(language == "fr" && TermMatcher.frenchHyphenParticles.contains(utf8: tokens.normalized(end + 1)))
  }

  /// The positions in `index.starts` of the terms the word at `position` starts: as written,
  /// and without accents when the word is written with capitals (empty otherwise). For a
  /// lowercase ASCII word, a term in both lists is left out of the second (`longestMatch` tries
  /// a term once, where it comes first, either way).
  func firstWordLists(at position: Int, in tokens: TokenBuffer)
    -> (plain: Range<Int>, folded: Range<Int>)
  {
    let lists = index.lists(of: tokens.normalized(position))
    // A word that folds to itself (lowercase ASCII) has its folded lists beside its own;
    // whether it has capitals is asked only when they could add a term.
    if lists.lowercaseASCII {
      guard !lists.foldedBeyondPlain.isEmpty, TermMatcher.hasCapitals(at: position, in: tokens) else {
        return (lists.plain, 0..<0)
      }
      return (lists.plain, lists.foldedBeyondPlain)
    }
    guard TermMatcher.hasCapitals(at: position, in: tokens) else { return (lists.plain, 0..<0) }
    let folded = Fold.fold(tokens.normalizedString(position)).withUTF8Bytes { index.lists(of: $0).folded }
    return (lists.plain, folded)
  }

  /// Whether the token at `position` has capitals and is not written as its lowercase form
  /// (compared by bytes). Told from the text's bytes when it is ASCII or Latin-1 (most words):
  /// without a capital there, the rest need not be asked.
  static func hasCapitals(at position: Int, in tokens: TokenBuffer) -> Bool {
    differsFromLowercase(at: position, in: tokens, comparingBytes: true)
  }

  /// Whether the token at `position` has capitals and is not the same text as its lowercase
  /// form (compared by `==`): when its word is read without accents. Told from the text's
  /// bytes when it is ASCII or Latin-1 (most words).
  static func readsFolded(at position: Int, in tokens: TokenBuffer) -> Bool {
    differsFromLowercase(at: position, in: tokens, comparingBytes: false)
  }

  /// Whether the token at `position` has capitals and its text differs from its lowercase
  /// form, by bytes or as text; without a capital among ASCII or Latin-1 bytes, the two are not
  /// compared.
  @inline(__always)
  private static func differsFromLowercase(
    at position: Int, in tokens: TokenBuffer, comparingBytes: Bool
  ) -> Bool {
    func differs() -> Bool {
      comparingBytes
        ? !tokens.text(position).elementsEqual(tokens.normalized(position))
        : !tokens.textString(position).isSameText(as: tokens.normalizedString(position))
    }
    switch Fold.latinCapitals(tokens.text(position)) {
    case false?: return false
    case true?: return differs()
    case nil: return differs() && tokens.textString(position).hasUppercaseLetter
    }
  }

  /// The lists of the terms the word at `position` may start (`firstWordLists`), or `nil` when
  /// it can start none. Most words start no term and are not followed by a hyphen (only a
  /// hyphenated compound could still match): they are dismissed here, after one look-up of
  /// their bytes, without the cost of `longestMatch`.
  @inline(__always)
  func startingLists(at position: Int, in tokens: TokenBuffer)
    -> (plain: Range<Int>, folded: Range<Int>)?
  {
    guard tokens[position].kind != .punctuation, !tokens[position].isElision else { return nil }
    let lists = firstWordLists(at: position, in: tokens)
    if lists.plain.isEmpty, lists.folded.isEmpty,
      !(position + 1 < tokens.count && TermMatcher.isHyphen(at: position + 1, in: tokens))
    {
      return nil
    }
    return lists
  }

  /// The longest term that starts at `position` (after a prefix that translates apart, when
  /// one is joined to it), among the lists `plain` and `folded` (from `startingLists`), or `nil`.
  /// A term the lists have for the word at `position` as its second word (`FirstWordIndex.Start.led`)
  /// starts at the word before, if that is at `earliest` or after, and comes first: it is the
  /// leftmost.
  func longestMatch(
    at position: Int, in tokens: TokenBuffer, plain: Range<Int>, folded: Range<Int>, earliest: Int
  ) -> Occurrence? {
    let hyphenNext = position + 1 < tokens.count && TermMatcher.isHyphen(at: position + 1, in: tokens)
    // `semi-conducteur` written with a hyphen, for a term written as one word.
    var compound: (form: String, end: Int)?
    var compoundList = 0..<0
    if hyphenNext, position + 2 < tokens.count, tokens[position + 1].start == tokens[position].end,
      tokens[position + 2].start == tokens[position + 1].end, tokens[position + 2].kind == .word
    {
      let joined = tokens.normalizedString(position) + tokens.normalizedString(position + 2)
      compound = (joined, position + 3)
      compoundList = joined.withUTF8Bytes { index.lists(of: $0).plain }
    }
    // A term joined to the word before it matches only after a prefix that translates apart
    // (`ex-ministre`), itself not inside a longer compound.
    var prefix: (english: Prefix, first: Int)?
    let joined = TermMatcher.joinedBefore(position, in: tokens)
    if joined, let known = prefixes[tokens.normalizedString(position - 2)],
      !TermMatcher.joinedBefore(position - 2, in: tokens)
    {
      prefix = (known, position - 2)
    }
    if joined, prefix == nil { return nil }
    // `qui président`, and `Le ministère juge le rapport`: a one-word term after a subject
    // pronoun, or between a word that is no determiner and an article, is likely a verb.
    // Asked only when a one-word term matched (most candidates do not).
    var verbCue: Bool?
    // Whether the first word reads without accents (as `span` reads it), asked once, when a
    // term in the folded lists is tried (the lists say the word has capitals).
    var foldedWords = FoldedWords()
    // Whether the first word is written as the first word of the terms matched only as
    // written, the last asked.
    var firstWritten = (number: -1, matches: false)
    var best: Occurrence?
    // The longest term led by the word before, which wins over any term that starts here.
    var led: Occurrence?
    // The candidates in order: as written, without accents, then as one word; a term in two
    // lists is tried once, where it comes first. (Loops, not a closure: a closure would copy
    // the matcher.)
    let starts = index.starts
    for pass in 0..<3 {
      let offsets = pass == 0 ? plain : pass == 1 ? folded : compoundList
      var offset = offsets.lowerBound
      while offset < offsets.upperBound {
        var next = offset + 1
        defer { offset = next }
        let term = starts[offset].term
        if pass > 0, starts[plain].contains(where: { $0.term == term }) { continue }
        if pass > 1, table.wordCount(term) != 1 || starts[folded].contains(where: { $0.term == term }) {
          continue
        }
        if starts[offset].led {
          let first = position - 1
          guard first >= earliest, tokens[first].kind == .word, !TermMatcher.joinedBefore(first, in: tokens),
            let (end, plural) = span(
              of: term, at: first, in: tokens, compound: nil, first: nil, foldedWords: &foldedWords),
            end > (led?.endToken ?? 0), !joinedAfter(end, in: tokens)
          else { continue }
          led = Occurrence(
            term: term, prefix: nil, termToken: first, firstToken: first, endToken: end, plural: plural)
          continue
        }
        let length = table.wordCount(term)
        if let best, best.endToken - best.firstToken >= length, length > 1 { continue }
        // The list says how the first word reads, unless the term matches only as written or
        // may match as a compound.
        var first: Bool?
        if compound != nil, length == 1 {
          first = nil
        } else if let number = starts[offset].written {
          // Several such terms often share their first word (`Le Monde`, `Le Figaro`): it is
          // compared once, and when the word is not written so, the run of them is passed
          // over (each would be passed over here; but a compound may match one-word terms).
          let written =
            number == firstWritten.number
            ? firstWritten.matches
            : table.isWritten(at: position, in: tokens, as: term, word: 0, written: terms[term].written)
          firstWritten = (number, written)
          guard written else {
            if compound == nil { next = starts[offset].runEnd }
            continue
          }
          first = false
        } else if pass == 0 {
          first = starts[offset].plural
        } else {
          guard foldedWords.readsFolded(at: position, in: tokens) else { continue }
          first = starts[offset].plural
        }
        // Most terms of several words are told apart by the length of their second word (when
        // the next token is no hyphen and reads as written, and the term is matched by forms).
        if length > 1, first != nil, position + 1 < tokens.count, !hyphenNext, !table.isCaseSensitive(term),
          !table.hasForm(ofLength: tokens.normalized(position + 1).count, term: term, word: 1),
          !foldedWords.readsFolded(at: position + 1, in: tokens)
        {
          continue
        }
        guard
          let (end, plural) = span(
            of: term, at: position, in: tokens, compound: compound, first: first, foldedWords: &foldedWords)
        else { continue }
        if length == 1 {
          let cue = verbCue ?? isAfterVerbCue(position, in: tokens)
          verbCue = cue
          if cue { continue }
          if isParticiple(term), !isNounPlace(position, in: tokens) { continue }
        }
        if let best, best.endToken >= end { continue }
        if joinedAfter(end, in: tokens) { continue }
        if let prefix, prefix.english.namesOnly, !hasCapitalizedTarget(term) { continue }
        best = Occurrence(
          term: term, prefix: prefix?.english.english, termToken: position,
          firstToken: prefix?.first ?? position, endToken: end, plural: plural)
      }
    }
    return led ?? best
  }

  /// Whether the word at `position` follows a subject pronoun, or a word that is no
  /// determiner and comes before an article (`juge le rapport`; not a superlative,
  /// `les puces les plus chères`).
  func isAfterVerbCue(_ position: Int, in tokens: TokenBuffer) -> Bool {
    // (The words are looked up by their bytes: no string is made for them.)
    func word(_ position: Int) -> UnsafeBufferPointer<UInt8> {
      position >= 0 && position < tokens.count
        ? tokens.normalized(position) : UnsafeBufferPointer(start: nil, count: 0)
    }
    let previous = word(position - 1)
    if verbCues.contains(utf8: previous) { return true }
    guard !verbCues.words.isEmpty, position > 0 else { return false }
    if tokens[position - 1].kind == .punctuation { return isAfterQuotationComma(position, in: tokens) }
    guard tokens[position - 1].kind == .word else { return false }
    if isAfterAuxiliary(position, in: tokens) { return true }
    guard !TermMatcher.frenchDeterminers.contains(utf8: previous) else { return false }
    return TermMatcher.frenchArticles.contains(utf8: word(position + 1))
      && !TermMatcher.frenchComparatives.contains(utf8: word(position + 2))
  }

  /// Whether the token at `position` is written with a lowercase first letter, read from its
  /// first byte when that is ASCII.
  static func startsLowercase(_ position: Int, in tokens: TokenBuffer) -> Bool {
    guard let first = tokens.text(position).first else { return false }
    if first < 0x80 { return first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") }
    return tokens.textString(position).first?.isLowercase == true
  }

  /// Whether the word at `position`, written in lowercase, comes after a closing quotation mark
  /// and a comma: there the verb of saying comes, before its subject (`"…", juge Arnaud
  /// Montebourg`, `"…", juge l'ONG`).
  func isAfterQuotationComma(_ position: Int, in tokens: TokenBuffer) -> Bool {
    guard position >= 2, tokens[position - 2].kind == .punctuation,
      tokens.text(position - 1).elementsEqual(",".utf8)
    else { return false }
    let quote = tokens.text(position - 2)
    let isClosing = ["\"", "»", "\u{201D}"].contains { quote.elementsEqual($0.utf8) }
    return isClosing && TermMatcher.startsLowercase(position, in: tokens)
  }

  /// Whether the word at `position`, written in lowercase, follows a form of `avoir`
  /// (`Matignon a communiqué`), or a form of `être` after a reflexive pronoun (`il s'était
  /// réfugié`), with negations and adverbs between (`n'a pas encore communiqué`): the tense is
  /// compound, and the word its past participle. (`À Pékin` written `A Pékin` is no such case:
  /// the word has a capital.)
  func isAfterAuxiliary(_ position: Int, in tokens: TokenBuffer) -> Bool {
    // The word before `position`, past the adverbs.
    func wordBefore(_ position: Int) -> Int? {
      var at = position - 1
      while at >= 0, tokens[at].kind == .word,
        TermMatcher.frenchInnerAdverbs.contains(utf8: tokens.normalized(at))
      {
        at -= 1
      }
      return at >= 0 && tokens[at].kind == .word ? at : nil
    }
    guard let auxiliary = wordBefore(position) else { return false }
    let form = tokens.normalized(auxiliary)
    let isCompound =
      TermMatcher.frenchAvoirForms.contains(utf8: form)
      || (TermMatcher.frenchEtreForms.contains(utf8: form) && auxiliary > 0
        && tokens[auxiliary - 1].kind == .word
        && TermMatcher.frenchReflexives.contains(utf8: tokens.normalized(auxiliary - 1)))
    return isCompound && TermMatcher.startsLowercase(position, in: tokens)
  }

  /// Whether an entry of term `term` says the term is also a past participle.
  func isParticiple(_ term: Int) -> Bool {
    terms[term].entries.contains { renderTraits[$0].participle }
  }

  /// Whether the word at `position` stands where a noun does, for a term that is also a past
  /// participle: written with a capital, first in its sentence, after punctuation or a number,
  /// or after a determiner, a preposition, a conjunction or an adjective that comes before its
  /// noun (`dans un bref communiqué`, `camp de réfugiés`, `réfugiés et immigrés`). After any other
  /// word the participle is meant (`un bilan communiqué mardi`, `n'a pas été communiqué`, `les
  /// clients réfugiés au sous-sol`). In languages without verb cues every place is a noun's.
  func isNounPlace(_ position: Int, in tokens: TokenBuffer) -> Bool {
    guard !verbCues.words.isEmpty, position > 0, tokens[position - 1].kind == .word,
      tokens.textString(position).first?.isUppercase != true
    else { return true }
    let previous = tokens.normalized(position - 1)
    return TermMatcher.frenchDeterminers.contains(utf8: previous)
      || TermMatcher.frenchNounOpeners.contains(utf8: previous)
  }

  /// Whether the English of term `term` (its chosen entry's, or else its first's) starts with
  /// a capital. (Kept out of line: it is rarely asked, and its character properties would
  /// weigh on every call of `longestMatch`.)
  @inline(never)
  func hasCapitalizedTarget(_ term: Int) -> Bool {
    guard let entry = terms[term].chosen ?? terms[term].entries.first else { return false }
    return entries.reference(entry).entry.target.first?.isUppercase == true
  }

  /// Whether the tokens read without accents (`readsFolded`), remembered for the last few
  /// asked: the terms tried at one place ask about the same words.
  struct FoldedWords {
    private var positions: (Int, Int) = (-1, -1)
    private var answers: (Bool, Bool) = (false, false)

    /// `TermMatcher.readsFolded(at:in:)`, remembered.
    mutating func readsFolded(at position: Int, in tokens: TokenBuffer) -> Bool {
      if positions.0 == position { return answers.0 }
      if positions.1 == position { return answers.1 }
      let answer = TermMatcher.readsFolded(at: position, in: tokens)
      positions = (position, positions.0)
      answers = (answer, answers.0)
      return answer
    }
  }

  /// Where term `term` ends when it starts at `position` (a `compound` being its first word
  /// written with a hyphen), and whether its head is plural; `nil` when it does not match there.
  /// `first` is the reading of the first word when it is known already (from the index);
  /// whether words read without accents is asked through `foldedWords`.
  func span(
    of term: Int, at position: Int, in tokens: TokenBuffer,
    compound: (form: String, end: Int)?,
    first: Bool?, foldedWords: inout FoldedWords
  ) -> (end: Int, plural: Bool)? {
    let words = table.wordCount(term)
    let headCount = table.headCount(term)
    var cursor = position
    var plural = false
    var word = 0
    if let first {
      if headCount > 0, first { plural = true }
      cursor += 1
      word = 1
    }
    while word < words {
      defer { word += 1 }
      // Skip a hyphen joining two words of the term (`États-Unis`, not `Paris - Lyon`).
      if word > 0, cursor + 1 < tokens.count, TermMatcher.isHyphen(at: cursor, in: tokens),
        tokens[cursor].start == tokens[cursor - 1].end, tokens[cursor + 1].start == tokens[cursor].end
      {
        cursor += 1
      }
      guard cursor < tokens.count else { return nil }
      if word > 0, tokens[cursor].kind == .punctuation { return nil }
      var reading: Bool?
      if word == 0, let compound, words == 1,
        let plural = table.reading(of: compound.form, term: term, word: 0, folded: false)
      {
        reading = plural
        cursor = compound.end - 1
      } else if table.isCaseSensitive(term) {
        reading =
          table.isWritten(at: cursor, in: tokens, as: term, word: word, written: terms[term].written)
          ? false : nil
      } else {
        reading =
          table.hasForm(ofLength: tokens.normalized(cursor).count, term: term, word: word)
          ? table.reading(of: tokens.normalized(cursor), term: term, word: word, folded: false) : nil
        if reading == nil, foldedWords.readsFolded(at: cursor, in: tokens) {
          reading = table.reading(
            of: Fold.fold(tokens.normalizedString(cursor)), term: term, word: word, folded: true)
        }
      }
      guard let isPlural = reading else { return nil }
      if word < headCount, isPlural { plural = true }
      cursor += 1
    }
    return (cursor, plural)
  }

  /// The position of the entry to render among a term's alternatives: the only one, or the
  /// first whose domain is among `domains` (in their order), or one without a domain; else `nil`.
  static func choose(_ members: [GlossaryEntry], domains: [String]) -> Int? {
    let targets = Set(members.map { $0.target + "\u{0}" + String($0.keep) })
    if targets.count == 1 { return members.isEmpty ? nil : 0 }
    for domain in domains {
      if let position = members.firstIndex(where: { $0.domain == domain }) { return position }
    }
    let general = members.indices.filter { members[$0].domain == nil }
    return general.count == 1 ? general[0] : nil
  }
}

/// The forms a word of a term may take, each with whether it is plural: a handful, so a scan
/// comparing bytes beats hashing (the text and the forms are both in NFC). (The matching loop
/// reads them from `TermTable`.)
struct Forms: Sendable {
  /// The forms, in the order first given.
  private(set) var forms: [String] = []
  /// Whether each form is plural.
  private(set) var plural: [Bool] = []

  init() {}

  /// Forms as the compiled-glossary cache gives them back.
  init(forms: [String], plural: [Bool]) {
    self.forms = forms
    self.plural = plural
  }

  /// Adds `form` unless it is there already (its first reading is kept).
  mutating func add(_ form: String, plural isPlural: Bool) {
    let form = WordTable<Bool>.composed(form)
    guard self[form] == nil else { return }
    forms.append(form)
    plural.append(isPlural)
  }

  /// Whether `form` is plural, or `nil` when it is not one of the forms.
  subscript(form: String) -> Bool? {
    for index in forms.indices where forms[index].hasSameBytes(as: form) { return plural[index] }
    return nil
  }
}

/// Accent folding for words written in capitals (`ETATS` for `ÉTATS`).
public enum Fold {
  /// `text` lowercased, its Latin letters without diacritics, `œ` and `æ` spelled out.
  public static func fold(_ text: String) -> String {
    // Lowercase ASCII has nothing to fold (most words).
    if text.withUTF8Bytes(isFolded) { return text }
    // ASCII and Latin-1 (most words with capitals) are folded byte by byte.
    if let folded = foldedLatin(text) { return folded }
    return foldedScalars(text)
  }

  /// `fold` scalar by scalar, for any text: the general path, which the byte paths above must
  /// agree with (the tests compare them).
  static func foldedScalars(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.lowercasedLatin.unicodeScalars {
      switch scalar {
      case "à", "â", "ä", "á", "ã", "å": result.append("a")
      case "ç": result.append("c")
      case "é", "è", "ê", "ë": result.append("e")
      case "î", "ï", "í", "ì": result.append("i")
      case "ô", "ö", "ó", "ò", "õ": result.append("o")
      case "ù", "û", "ü", "ú": result.append("u")
      case "ÿ", "ý": result.append("y")
      case "ñ": result.append("n")
      case "œ":
        result.append("o")
        result.append("e")
      case "æ":
        result.append("a")
        result.append("e")
      default: result.append(scalar)
      }
    }
    return String(result)
  }

  /// Whether `fold` leaves the text of these UTF-8 bytes as it is: lowercase ASCII.
  static func isFolded(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) }
  }

  /// Whether text in ASCII and Latin-1 (UTF-8 bytes) has an uppercase letter
  /// (`hasUppercaseLetter`): `A` to `Z`, `À` to `Þ` but `×`. `nil` for any other text.
  static func latinCapitals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    var capitals = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x80 {
        if byte &- 0x41 < 26 { capitals = true }
        index += 1
        continue
      }
      guard byte == 0xC2 || byte == 0xC3, index + 1 < bytes.count else { return nil }
      let next = bytes[index + 1]
      if byte == 0xC3, next <= 0x9E, next != 0x97 { capitals = true }
      index += 2
    }
    return capitals
  }

  /// `fold(text)` for text in ASCII and Latin-1, with `Œ` and `œ`, folded byte by byte
  /// (`foldLatin`); `nil` for any other text.
  static func foldedLatin(_ text: String) -> String? {
    var latin = true
    let folded = text.withUTF8Bytes { source in
      String(unsafeUninitializedCapacity: source.count) { output in
        guard let count = foldLatin(source, into: output) else {
          latin = false
          return 0
        }
        return count
      }
    }
    return latin ? folded : nil
  }

  /// Folds `source` (UTF-8) into `output` (at least as long) as `fold` would, and returns the
  /// count written; `nil` when a scalar is not ASCII, Latin-1, `Œ` or `œ`.
  static func foldLatin(_ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
    -> Int?
  {
    var index = 0
    var count = 0
    while index < source.count {
      let byte = source[index]
      if byte < 0x80 {
        output[count] = byte &- 0x41 < 26 ? byte | 0x20 : byte
        count += 1
        index += 1
        continue
      }
      guard index + 1 < source.count else { return nil }
      let next = source[index + 1]
      index += 2
      switch byte {
      case 0xC2:
        // U+0080 to U+00BF: no case, nothing to fold.
        output[count] = byte
        output[count + 1] = next
        count += 2
      case 0xC3:
        // U+00C0 to U+00FF: the capitals (not ×) lowercased, then the accents dropped.
        let lower = (0x80...0x9E).contains(next) && next != 0x97 ? next + 0x20 : next
        let plain: UInt8
        switch lower {
        case 0xA0...0xA5: plain = 0x61  // à á â ã ä å
        case 0xA6:  // æ
          output[count] = 0x61
          output[count + 1] = 0x65
          count += 2
          continue
        case 0xA7: plain = 0x63  // ç
        case 0xA8...0xAB: plain = 0x65  // è é ê ë
        case 0xAC...0xAF: plain = 0x69  // ì í î ï
        case 0xB1: plain = 0x6E  // ñ
        case 0xB2...0xB6: plain = 0x6F  // ò ó ô õ ö
        case 0xB9...0xBC: plain = 0x75  // ù ú û ü
        case 0xBD, 0xBF: plain = 0x79  // ý ÿ
        default:
          // ß, ×, ð, ÷, ø, þ stay.
          output[count] = byte
          output[count + 1] = lower
          count += 2
          continue
        }
        output[count] = plain
        count += 1
      case 0xC5 where next == 0x92 || next == 0x93:
        // Œ, œ
        output[count] = 0x6F
        output[count + 1] = 0x65
        count += 2
      default:
        return nil
      }
    }
    return count
  }
}
