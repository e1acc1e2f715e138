import PrecisCore

/// Finds glossary terms in tokenized sentences, leftmost-longest. A term matches in its
/// inflected forms (`Inflection`: plurals, and feminines for the adjectives of multiword terms),
/// with or without hyphens between its words (`semi-conducteur`, `semi conducteur`,
/// `semiconducteur`), with either apostrophe, in any case, and without accents when written in
/// capitals (`ETATS-UNIS`). Entries flagged `case` match only as written.
public struct TermMatcher: Sendable {
  /// One term: the entries that share a key (domain alternatives) and the forms of its words.
  struct Term: Sendable {
    /// Indices into `entries`.
    var entries: [Int]
    /// The forms each word may take, lowercased, with whether the form is plural.
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
    /// `nil` when no domain chooses between several targets.
    var chosen: Int? = nil
  }

  let entries: [GlossaryEntry]
  let terms: [Term]
  /// The terms each first-word form starts, longest first.
  let index: WordTable<[Int]>
  /// The same for first-word forms without accents.
  let foldedIndex: WordTable<[Int]>
  let verbCues: Set<String>
  let headBreakers: Set<String>
  let prefixes: [String: Prefix]
  let language: String
  let domains: [String]

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
  static let frenchHyphenParticles: Set<String> = ["ci", "là"]

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
  /// Articles that open a direct object (`juge le rapport`).
  static let frenchArticles: Set<String> = ["le", "la", "les", "l'"]
  /// Determiners before a noun (`le juge`).
  static let frenchDeterminers: Set<String> = [
    "le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa",
    "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "de", "d'", "chaque",
  ]

  /// Words inside French terms that never inflect.
  static let frenchFixed: Set<String> = [
    "de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "sur", "par", "contre", "avec", "sans",
    "le", "la", "les", "l'", "et", "ou", "un", "une", "sous", "entre", "dans", "chez", "vers",
  ]

  /// Builds the matcher; `domains` chooses between the targets of a term, in order.
  ///
  /// An inflected form that is a stopword (`fois`, made from `foi`) is left out: the common word
  /// is far likelier than the inflection.
  public init(
    glossary: Glossary, language: String = "fr", domains: [String] = [], verbCues: Set<String> = [],
    headBreakers: Set<String> = [], prefixes: [String: Prefix] = [:], stopwords: Set<String> = []
  ) {
    self.entries = glossary.entries
    self.verbCues = verbCues
    self.headBreakers = headBreakers
    self.prefixes = prefixes
    self.language = language
    self.domains = domains.map { $0.lowercased() }
    var groups: [String: [Int]] = [:]
    var order: [String] = []
    for (position, entry) in glossary.entries.enumerated() {
      if groups[entry.key] == nil { order.append(entry.key) }
      groups[entry.key, default: []].append(position)
    }
    // The forms of a large glossary's terms are made on the cores, in key order.
    let keys = order
    let entries = glossary.entries
    let keyed = groups
    var terms: [Term] =
      (try? Parallel.map(keys.count) { range in
        range.flatMap { position -> [Term] in
          guard let members = keyed[keys[position]], let first = members.first else { return [] }
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
    var index = WordTable<[Int]>()
    var foldedIndex = WordTable<[Int]>()
    for (position, term) in terms.enumerated() {
      for form in term.slots[0].forms { index[form, default: []].append(position) }
      for form in term.foldedSlots[0].forms { foldedIndex[form, default: []].append(position) }
    }
    let domains = self.domains
    for position in terms.indices {
      let members = terms[position].entries
      terms[position].chosen =
        TermMatcher.choose(members.map { glossary.entries[$0] }, domains: domains).map { members[$0] }
    }
    let byLength = { (a: Int, b: Int) in terms[a].slots.count > terms[b].slots.count }
    index.updateValues { $0.sort(by: byLength) }
    foldedIndex.updateValues { $0.sort(by: byLength) }
    self.terms = terms
    self.index = index
    self.foldedIndex = foldedIndex
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
      entry.pos?.lowercased().contains("adj") == true
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
      for (form, plural) in Inflection.forms(of: word, role: role, language: language) {
        if form != word, stopwords.contains(form) { continue }
        forms.add(form, plural: plural)
        folded.add(Fold.fold(form), plural: plural)
      }
      slots.append(forms)
      foldedSlots.append(folded)
    }
    // A kept name (`Le Monde`) looks like words: only its capitals tell it apart.
    return Term(
      entries: members, slots: slots, foldedSlots: foldedSlots,
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

  /// Every term in `tokens`, leftmost-longest, without overlaps.
  ///
  /// - Complexity: O(*n* · *k*) for *n* tokens and *k* terms sharing a first word.
  public func matches(in tokens: [Token]) -> [Found] {
    var found: [Found] = []
    var position = 0
    while position < tokens.count {
      if let match = longestMatch(at: position, in: tokens),
        match.firstToken >= (found.last?.endToken ?? 0)
      {
        found.append(match)
        position = match.endToken
      } else {
        position += 1
      }
    }
    return found
  }

  /// Whether `token` is a hyphen between two words (`États-Unis`).
  static func isHyphen(_ token: Token) -> Bool {
    guard token.kind == .punctuation else { return false }
    switch token.text {
    case "-", "‐", "‑": return true
    default: return false
    }
  }

  /// Whether the word at `position` is joined by a hyphen to the word before it.
  static func joinedBefore(_ position: Int, in tokens: [Token]) -> Bool {
    position >= 2 && isHyphen(tokens[position - 1]) && tokens[position - 1].end == tokens[position].start
      && tokens[position - 2].end == tokens[position - 1].start && tokens[position - 2].kind == .word
  }

  /// Whether the word before `end` is joined by a hyphen to a word after it, other than a
  /// particle (`ce pays-là`).
  func joinedAfter(_ end: Int, in tokens: [Token]) -> Bool {
    end >= 1 && end + 1 < tokens.count && TermMatcher.isHyphen(tokens[end])
      && tokens[end - 1].end == tokens[end].start && tokens[end].end == tokens[end + 1].start
      && tokens[end + 1].kind == .word
      && !(language == "fr" && TermMatcher.frenchHyphenParticles.contains(tokens[end + 1].normalized))
  }

  func longestMatch(at position: Int, in tokens: [Token]) -> Found? {
    guard tokens[position].kind != .punctuation, !tokens[position].isElision else { return nil }
    // Most words start no term and are not followed by a hyphen (only a hyphenated compound
    // could still match): they are dismissed before anything is copied.
    let normalized = tokens[position].normalized
    let text = tokens[position].text
    // A token written as its lowercase form has no capitals (most words): no scan needed.
    let capitals = !text.hasSameBytes(as: normalized) && text.hasUppercaseLetter
    var candidates = index[normalized] ?? []
    if capitals { candidates += foldedIndex[Fold.fold(normalized)] ?? [] }
    if candidates.isEmpty, !(position + 1 < tokens.count && TermMatcher.isHyphen(tokens[position + 1])) {
      return nil
    }
    let first = tokens[position]
    // `qui président`, and `Le ministère juge le rapport`: a one-word term after a subject
    // pronoun, or between a word that is no determiner and an article, is likely a verb.
    // Asked only when a one-word term matched (most candidates do not).
    var verbCue: Bool?
    func afterVerbCue() -> Bool {
      if let verbCue { return verbCue }
      let previous = position > 0 ? tokens[position - 1].normalized : ""
      let nextWord = position + 1 < tokens.count ? tokens[position + 1].normalized : ""
      let afterNext = position + 2 < tokens.count ? tokens[position + 2].normalized : ""
      // (`les puces les plus chères`: a superlative, not an object.)
      let objectArticle =
        TermMatcher.frenchArticles.contains(nextWord) && !["plus", "moins", "mieux"].contains(afterNext)
      let cue =
        verbCues.contains(previous)
        || (!verbCues.isEmpty && position > 0 && !TermMatcher.frenchDeterminers.contains(previous)
          && objectArticle && tokens[position - 1].kind == .word)
      verbCue = cue
      return cue
    }
    // `semi-conducteur` written with a hyphen, for a term written as one word.
    var compound: (form: String, end: Int)?
    if position + 2 < tokens.count, TermMatcher.isHyphen(tokens[position + 1]),
      tokens[position + 1].start == first.end, tokens[position + 2].start == tokens[position + 1].end,
      tokens[position + 2].kind == .word
    {
      let joined = first.normalized + tokens[position + 2].normalized
      compound = (joined, position + 3)
      candidates += (index[joined] ?? []).filter { terms[$0].slots.count == 1 }
    }
    // A term joined to the word before it matches only after a prefix that translates apart
    // (`ex-ministre`), itself not inside a longer compound.
    var prefix: (english: Prefix, first: Int)?
    let joined = TermMatcher.joinedBefore(position, in: tokens)
    if joined, let known = prefixes[tokens[position - 2].normalized],
      !TermMatcher.joinedBefore(position - 2, in: tokens)
    {
      prefix = (known, position - 2)
    }
    if joined, prefix == nil { return nil }
    var best: Found?
    var seen: [Int] = []  // a handful: a scan beats hashing
    seen.reserveCapacity(candidates.count)
    for termIndex in candidates where !seen.contains(termIndex) {
      seen.append(termIndex)
      let term = terms[termIndex]
      if let best, best.endToken - best.firstToken >= term.slots.count, term.slots.count > 1 { continue }
      var cursor = position
      var plural = false
      var matched = true
      for slot in 0..<term.slots.count {
        // Skip a hyphen joining two words of the term (`États-Unis`, not `Paris - Lyon`).
        if slot > 0, cursor + 1 < tokens.count, TermMatcher.isHyphen(tokens[cursor]),
          tokens[cursor].start == tokens[cursor - 1].end, tokens[cursor + 1].start == tokens[cursor].end
        {
          cursor += 1
        }
        guard cursor < tokens.count else {
          matched = false
          break
        }
        let token = tokens[cursor]
        if slot > 0, token.kind == .punctuation {
          matched = false
          break
        }
        var reading: Bool?
        if slot == 0, let compound, term.slots.count == 1, let plural = term.slots[0][compound.form] {
          reading = plural
          cursor = compound.end - 1
        } else if term.caseSensitive {
          reading = token.text == term.written[slot] ? false : nil
        } else {
          reading = term.slots[slot][token.normalized]
          if reading == nil, token.text != token.normalized, token.text.hasUppercaseLetter {
            reading = term.foldedSlots[slot][Fold.fold(token.normalized)]
          }
        }
        guard let isPlural = reading else {
          matched = false
          break
        }
        if slot < term.headCount, isPlural { plural = true }
        cursor += 1
      }
      guard matched else { continue }
      if term.slots.count == 1, afterVerbCue() { continue }
      if let best, best.endToken >= cursor { continue }
      if joinedAfter(cursor, in: tokens) { continue }
      let members = term.entries.map { entries[$0] }
      let entry = term.chosen.map { entries[$0] }
      if let prefix, prefix.english.namesOnly, (entry ?? members[0]).target.first?.isUppercase != true {
        continue
      }
      best = Found(
        prefix: prefix?.english.english, termToken: position, entries: members, entry: entry,
        firstToken: prefix?.first ?? position, endToken: cursor, plural: plural)
    }
    return best
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
/// comparing bytes beats hashing (the text and the forms are both in NFC).
struct Forms: Sendable {
  /// The forms, in the order first given.
  private(set) var forms: [String] = []
  private var plural: [Bool] = []

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
    if text.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return text }
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
}
