import PrecisCore

/// Finds glossary terms in every sentence and records how each is rendered in English: case
/// carried over (`IA` → `AI`, `Intelligence artificielle` → `Artificial intelligence`) and number
/// agreed with the French (`des puces` → `chips`).
public struct TranslateTermsStage: Stage {
  public static let typeName = "translate-terms"
  public static let summary = "match glossary terms (elision, plurals, case) and render them"
  public static let options: [OptionSpec] = [
    OptionSpec(
      "glossary",
      .sources(keys: ["format", "columns", "delimiter", "render"], extensions: ["tsv", "csv", "tbx"]),
      default: "lexicons/glossary/{source}-{target}",
      help:
        "glossaries in priority order: TSV, CSV or TBX files or folders; "
        + "'- {path: F, columns: {source: fr, target: en}}' maps a CSV's columns; "
        + "'delimiter: \";\"' reads a CSV written with semicolons (found from its header otherwise); "
        + "'render: false' beside a path reports its terms without rendering them"),
    OptionSpec(
      "domains", .words,
      help: "domains that choose between an entry's targets, in order (economy, justice, …)"),
    OptionSpec(
      "mode", .choice(TermMode.allCases.map(\.rawValue)), default: "annotate",
      help: "annotate: 'puces [chips]'; replace: 'chips'; bilingual: 'chips (puces)'"),
    OptionSpec(
      "stopwords", .paths, default: "lexicons/{source}/stopwords.txt",
      help: "words that bound the candidate terms no glossary covers (see 'precis terms')"),
    OptionSpec(
      "candidate-min-count", .integer(1...1000), default: "2",
      help: "how often an uncovered run of content words must occur to be proposed"),
    OptionSpec(
      "candidates", .boolean, default: "true",
      help: "propose the uncovered terms (terms.candidates); 'precis batch', whose output has no "
        + "place for them, turns this off"),
  ]
  public static let requires: [Layer] = [.sentences]
  public static let produces: [Layer] = [.terms]
  public static let translates = true

  let tokenizer: WordTokenizer
  let matcher: TermMatcher
  let mode: TermMode

  public init(options: StageOptions) throws {
    let tokenizer = try WordTokenizer(language: options.sourceLanguage)
    self.tokenizer = tokenizer
    let stopwords = try LexiconFile.wordSet(at: options.paths("stopwords"))
    let files = options.sources("glossary")
    glossaryFiles = files
    let (language, target, domains) = (
      options.sourceLanguage, options.targetLanguage, options.words("domains")
    )
    // The matcher of a large glossary is kept compiled between runs (`GlossaryCache`).
    let compiled = try GlossaryCache.compiled(
      files: files, stopwords: options.paths("stopwords"), sourceLanguage: language, targetLanguage: target,
      domains: domains, folder: GlossaryCache.folder()
    ) {
      try CompiledGlossary(
        files: files, stopwords: stopwords, sourceLanguage: language, targetLanguage: target,
        domains: domains, tokenizer: tokenizer)
    }
    matcher = compiled.matcher
    cues = try ContextCues(matcher: compiled.matcher, worker: tokenizer.makeWorker())
    mode = TermMode(rawValue: options.string("mode") ?? "") ?? .annotate
    warnings = compiled.warnings
    candidates = TermCandidates(
      stopwords: stopwords, minimumCount: options.integer("candidate-min-count") ?? 2,
      language: options.sourceLanguage)
    proposesCandidates = options.boolean("candidates") ?? true
  }

  /// The glossary files, in priority order (a folder's files one by one).
  public let glossaryFiles: [SourceFile]
  /// Duplicate entries with different targets, found while reading the glossaries.
  public let warnings: [Diagnostic]
  /// The context words that choose between a term's entries.
  let cues: ContextCues
  let candidates: TermCandidates
  /// Whether the uncovered terms are looked for.
  let proposesCandidates: Bool

  public func run(_ document: inout Document, context: StageContext) throws {
    let sentences = document.sentences ?? []
    let cached = document.tokens.tokens(language: tokenizer.language, count: sentences.count)
    // Sentences are independent: a long document's are spread over the cores. Each part's
    // matches go into one list (joining a list per sentence copied every match).
    let parts = try Parallel.parts(sentences.count) { range in
      let worker = try tokenizer.makeWorker()
      var found = FoundTerms()
      let nearby = Nearby(sentences: sentences, cached: cached, worker: worker, range: range)
      found.covered.reserveCapacity(range.count)
      for position in range {
        let sentence = sentences[position]
        let tokens = try cached?[position] ?? worker.tokens(in: sentence.text)
        nearby.tokens.append(tokens)
        nearby.position = position
        found.covered.append(
          terms(
            of: sentence, tokens: tokens, matches: &found.matches, unresolved: &found.unresolved,
            nearby: nearby))
      }
      found.tokens = nearby.tokens
      found.cued = nearby.cued
      found.uncued = nearby.uncued
      return found
    }
    var found = parts.count == 1 ? parts[0] : FoundTerms(joining: parts)
    // The sentences where a term found no context word near it, when one chose its entry
    // elsewhere in the document, are read again (a few in a hundred articles).
    if !found.cued.isEmpty {
      let again = Set(found.uncued.lazy.filter { found.cued[$0.term] != nil }.map(\.position)).sorted()
      if !again.isEmpty { try found.reread(again, of: sentences, by: self) }
    }
    document.tokens = SentenceTokens(language: tokenizer.language, sentences: found.tokens)
    let keyTerms = KeyTerm.table(from: found.matches) { !found.matches[$0].kept }
    document.terms = TermLayer(
      mode: mode, matches: found.matches, keyTerms: keyTerms,
      unresolved: found.unresolved,
      candidates: proposesCandidates
        ? candidates.candidates(
          in: sentences.indices.map { (sentences[$0].index, found.tokens[$0], found.covered[$0]) }) : [])
  }

  /// The terms of consecutive sentences.
  struct FoundTerms {
    /// Each sentence's word tokens.
    var tokens: [TokenList] = []
    /// Each sentence's token ranges that glossary terms cover.
    var covered: [[Range<Int>]] = []
    /// Terms rendered, in text order.
    var matches: [TermMatch] = []
    /// Terms left unrendered, in text order.
    var unresolved: [UnresolvedTerm] = []
    /// The entry a context word chose for each term, the first in the text.
    var cued: [Int: DocumentSense] = [:]
    /// The sentences where a term with context words found none near it, and the term.
    var uncued: [(position: Int, term: Int)] = []

    init() {}

    /// The terms of consecutive parts, joined in order.
    init(joining parts: [FoundTerms]) {
      for part in parts {
        tokens += part.tokens
        covered += part.covered
        matches += part.matches
        unresolved += part.unresolved
        cued.merge(part.cued) { first, _ in first }
        uncued += part.uncued
      }
    }

    /// The sentences at `positions` of `sentences` read again, with the document's senses
    /// (`cued`), by `stage`: their covered ranges, matches and unresolved terms replaced.
    mutating func reread(
      _ positions: [Int], of sentences: [Sentence], by stage: TranslateTermsStage
    ) throws {
      let nearby = Nearby(
        sentences: sentences, cached: tokens, worker: try stage.tokenizer.makeWorker(), range: 0..<0)
      nearby.senses = cued
      var newMatches: [TermMatch] = []
      var newUnresolved: [UnresolvedTerm] = []
      for position in positions {
        nearby.position = position
        covered[position] = stage.terms(
          of: sentences[position], tokens: tokens[position], matches: &newMatches, unresolved: &newUnresolved,
          nearby: nearby)
      }
      let read = Set(positions.map { sentences[$0].index })
      matches = FoundTerms.merged(matches.filter { !read.contains($0.sentence) }, newMatches, by: \.sentence)
      unresolved = FoundTerms.merged(
        unresolved.filter { !read.contains($0.sentence) }, newUnresolved, by: \.sentence)
    }

    /// Two lists in the order of their sentences, merged in that order (`first`'s before
    /// `second`'s of the same sentence: none share one).
    static func merged<Item>(_ first: [Item], _ second: [Item], by sentence: (Item) -> Int) -> [Item] {
      guard !second.isEmpty else { return first }
      var result: [Item] = []
      result.reserveCapacity(first.count + second.count)
      var (i, j) = (0, 0)
      while i < first.count || j < second.count {
        if j == second.count || (i < first.count && sentence(first[i]) <= sentence(second[j])) {
          result.append(first[i])
          i += 1
        } else {
          result.append(second[j])
          j += 1
        }
      }
      return result
    }
  }

  /// The entry a context word chose for a term, and the cue that chose it.
  struct DocumentSense {
    var entry: Int
    var cue: ContextCue
  }

  /// The terms of one sentence.
  struct SentenceTerms {
    /// The sentence's index.
    var sentence: Int
    /// Its word tokens.
    var tokens: TokenList
    /// The token ranges glossary terms cover.
    var covered: [Range<Int>]
    /// Terms rendered.
    var matches: [TermMatch] = []
    /// Terms left unrendered: no domain chooses their target, or their English varies.
    var unresolved: [UnresolvedTerm] = []
  }

  /// The glossary terms of `sentence`, tokenized as `tokens`.
  func terms(of sentence: Sentence, tokens: TokenList) -> SentenceTerms {
    var result = SentenceTerms(sentence: sentence.index, tokens: tokens, covered: [])
    result.covered = terms(
      of: sentence, tokens: tokens, matches: &result.matches, unresolved: &result.unresolved)
    return result
  }

  /// Appends the glossary terms of `sentence`, tokenized as `tokens`, to `matches` (those
  /// rendered) and `unresolved` (those left unrendered), and returns the token ranges they
  /// cover. Context words (`ContextCues`) are looked for in the sentences around it that
  /// `nearby` gives, or else in the sentence alone.
  func terms(
    of sentence: Sentence, tokens: TokenList, matches: inout [TermMatch], unresolved: inout [UnresolvedTerm],
    nearby: Nearby? = nil
  ) -> [Range<Int>] {
    // Most sentences hold no term: nothing else to look at.
    let occurrences = matcher.occurrences(in: tokens)
    guard !occurrences.isEmpty else { return [] }
    // Words of a link, an address or a slug are not terms: rendering them would break them.
    let opaque = TranslateTermsStage.opaqueRanges(in: sentence.text)
    let found =
      opaque.isEmpty
      ? occurrences
      : occurrences.filter { found in !opaque.contains { $0.contains(tokens[found.firstToken].start) } }
    var text = sentence.text
    var covered: [Range<Int>] = []
    covered.reserveCapacity(found.count)
    // (The matcher's tables the loop reads, taken once: reading them from the matcher in the
    // loop copied it, counting a reference to each of its dozen tables at every match.)
    let (choices, entries, renderTraits) = (matcher.choices, matcher.entries, matcher.renderTraits)
    text.withUTF8 { bytes in
      // The matches come in order: one cursor finds their bytes in the text.
      var cursor = ScalarCursor(bytes)
      func slice(_ start: Int, _ end: Int) -> String {
        let from = cursor.byteOffset(start) ?? bytes.count
        let to = cursor.byteOffset(end) ?? bytes.count
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[min(from, to)..<to]), as: UTF8.self)
      }
      for found in found {
        let start = tokens[found.firstToken].start
        let end = tokens[found.endToken - 1].end
        let termStart = tokens[found.termToken].start
        let form = slice(start, end)
        let span = Span(start: sentence.span.start + start, end: sentence.span.start + end)
        let choice = choices[found.term]
        var chosenEntryIndex = choice.chosen
        var cue: ContextCue?
        if choice.cued {
          guard let hit = cuedEntry(found.term, sentence: sentence.index, tokens: tokens, nearby: nearby)
          else {
            continue
          }
          (chosenEntryIndex, cue) = hit
        }
        covered.append(found.firstToken..<found.endToken)
        // Right after a determiner, an adjective that has a noun entry is that noun
        // (`les démocrates` → `Democrats`, `le candidat démocrate` → `Democratic candidate`);
        // capitalized, one that has a people's noun is that noun (`deux Espagnols` →
        // `Spaniards`, `l'espagnol` → `Spanish`).
        if choice.nouns, let adjective = chosenEntryIndex {
          chosenEntryIndex = nounEntry(
            of: adjective, term: found.term, at: found.termToken, after: found.firstToken - 1, in: tokens)
        }
        guard let chosen = chosenEntryIndex else {
          // (The alternatives a domain chooses between: not the entries chosen by context
          // words, nor the nouns of adjectives.)
          let term = matcher.terms[found.term]
          let entries = term.entries.filter { !term.cued.contains($0) && !term.nouns.contains($0) }.map {
            entries[$0]
          }
          unresolved.append(
            UnresolvedTerm(
              sentence: sentence.index, span: span, form: form, source: entries[0].source,
              candidates: entries.map { "\($0.target) (\($0.domain ?? "no domain"))" },
              entries: entries.map(\.location)))
          continue
        }
        // (Asked once, and read where it is: an entry read back from a compiled glossary is
        // looked up under a lock, and a copy of an entry counted a reference to each of its
        // nine strings and arrays.)
        let chosenEntry = entries.reference(chosen)
        let traits = renderTraits[chosen]
        // An entry of a glossary loaded with `render: false` is only suggested; a word
        // capitalized after a capitalized word inside the sentence is part of a longer name
        // (`Bruno Le Maire`, `le journal Le Républicain Lorrain`, `sur Public Sénat`), unless
        // the entry is a person's name, which follows a first name (`Vladimir Poutine`).
        var withheld: UnresolvedTerm.Reason?
        if !chosenEntry.entry.render {
          withheld = .variable
        } else if !traits.nationality, !traits.person, !chosenEntry.entry.keep,
          TranslateTermsStage.isInName(found, source: chosenEntry.entry.source, in: tokens)
        {
          withheld = .name
        }
        if let withheld {
          unresolved.append(
            UnresolvedTerm(
              sentence: sentence.index, span: span, form: form, source: chosenEntry.entry.source,
              candidates: [chosenEntry.entry.target], entries: [chosenEntry.entry.location],
              reason: withheld))
          continue
        }
        let keep = chosenEntry.entry.keep
        let target = chosenEntry.entry.target
        let previous = found.firstToken > 0 ? tokens.normalized(at: found.firstToken - 1) : ""
        // `3 milliards` is `3 billion`: an English number word after a number stays singular.
        let counted =
          found.firstToken > 0 && TranslateTermsStage.englishNumberWords.contains(target)
          && (tokens[found.firstToken - 1].kind == .number
            || TranslateTermsStage.frenchCardinals.contains(previous))
        // An invariable head (`taux`, `prix`, an acronym: `les PME`) takes its number from the
        // determiner before it. A proper name (`États-Unis` → `United States`) has no plural.
        let plural =
          !traits.properName && !counted
          && (found.plural
            || ((TranslateTermsStage.pluralDeterminers.contains(previous)
              || (found.firstToken > 0
                && TranslateTermsStage.countsMany(previous, kind: tokens[found.firstToken - 1].kind)))
              && TranslateTermsStage.isInvariable(
                TranslateTermsStage.compoundEnd(from: found.termToken, in: tokens), in: tokens)))
        let english: String
        if keep {
          english = form
        } else {
          // (A prefixed term starts behind the cursor, which then starts over: prefixes are rare.)
          let termForm = termStart == start ? form : slice(termStart, end)
          english =
            (found.prefix ?? "")
            + TranslateTermsStage.english(
              target: target, pluralTarget: chosenEntry.entry.pluralTarget,
              nationality: traits.nationality || traits.adjectiveNoun, form: termForm, plural: plural,
              afterDeterminer: found.firstToken > 0
                && TranslateTermsStage.isDeterminer(tokens.normalized(at: found.firstToken - 1))
            )
        }
        let source = chosenEntry.entry.source
        matches.append(
          TermMatch(
            sentence: sentence.index, span: span, form: form, source: source,
            target: keep
              ? form
              : TranslateTermsStage.carryCase(
                from: form, entry: source, to: english,
                // (Most terms follow a word: only punctuation before one is read as text.)
                midSentence: found.firstToken > 0
                  && (tokens[found.firstToken - 1].kind != .punctuation
                    || TranslateTermsStage.followsWord(found.firstToken, in: tokens)),
                properName: traits.properName
              ),
            entryTarget: target, entryPlural: chosenEntry.entry.pluralTarget, plural: plural,
            kept: keep, domain: chosenEntry.entry.domain, entry: chosenEntry.entry.location, cue: cue))
      }
    }
    return covered
  }

  /// The entry of term `number` (which has context words) rendered in sentence `sentence`,
  /// tokenized as `tokens`: the first whose context words are near (with the word that chose
  /// it), else the term's choice among its entries without context words, else the one a
  /// context word chose elsewhere in the document (on a second reading); `nil` when it has
  /// none, where the term is not matched. (Apart from the matching loop, which most terms leave: inlined
  /// there, it made the loop's other calls cost more.)
  @inline(never)
  func cuedEntry(_ number: Int, sentence: Int, tokens: TokenList, nearby: Nearby?) -> (Int?, ContextCue?)? {
    let term = matcher.terms[number]
    // (The window is of positions in the document's sentences; the cue names the sentence by
    // its index, as matches do.)
    let own = nearby?.position ?? 0
    let window = nearby.map { ContextCues.window(around: $0.position, in: $0.sentences) } ?? [own]
    let hit = cues.firstCued(term.cued, in: window) { other in
      other == own ? tokens : nearby?.tokens(of: other)
    }
    if var hit {
      hit.cue.sentence = nearby?.sentences[hit.cue.sentence].index ?? sentence
      if let nearby, nearby.senses == nil, nearby.cued[number] == nil {
        nearby.cued[number] = DocumentSense(entry: hit.entry, cue: hit.cue)
      }
      return (hit.entry, hit.cue)
    }
    // (The nouns of cued adjectives are never chosen alone.)
    let lone = term.cued.count + term.nouns.count == term.entries.count
    // One sense a document: an occurrence with no context word near it, of a term that has no
    // entry of its own without context words (`démocrate`), or several a domain does not
    // choose between (`sommet`), takes the entry a context word chose for the same term
    // elsewhere in the document (`les conventions démocrate et républicaine`, ten sentences
    // before `Milwaukee`), found on a second reading of its sentence (see `run`). A term with
    // such an entry keeps it (`Intel vend des puces` is about chips, whatever flea market the
    // article visits).
    if let nearby, lone || term.chosen == nil {
      if let senses = nearby.senses {
        if let sense = senses[number] { return (sense.entry, sense.cue) }
      } else {
        nearby.uncued.append((own, number))
      }
    }
    return lone ? nil : (term.chosen, nil)
  }

  /// The entry rendered for `adjective`, an entry of term `term` whose word is token `position`
  /// of `tokens`, after token `previous` (-1 for none): its people's noun (`demonym`) of the
  /// same domain and context words when the word is capitalized but not in capitals (the one
  /// for women, flagged `feminine`, for a feminine form: `une Française` → `Frenchwoman`), its
  /// common noun when `previous` is a determiner, else itself.
  @inline(never)
  func nounEntry(of adjective: Int, term: Int, at position: Int, after previous: Int, in tokens: TokenList)
    -> Int
  {
    // (Most such words are adjectives in lowercase after a noun, `le gouvernement français`:
    // told so before any entry is looked at.)
    let capitalized = tokens.withBuffer { TranslateTermsStage.isCapitalizedWord($0.text(position)) }
    let afterDeterminer =
      previous >= 0 && TranslateTermsStage.nounDeterminers.contains(tokens.normalized(at: previous))
    guard capitalized || afterDeterminer else { return adjective }
    // (Each entry read once, through its reference: a copy counted a reference to each of its
    // strings.)
    let entries = matcher.entries
    let entry = entries.reference(adjective)
    let nouns = matcher.terms[term].nouns.map { ($0, entries.reference($0)) }.filter {
      $0.1.entry.isOtherWordClass(of: entry.entry)
    }
    if capitalized {
      let demonyms = nouns.filter { $0.1.entry.isDemonym }
      if !demonyms.isEmpty {
        // A feminine form without a noun for women takes the people's noun (`une Espagnole` →
        // `Spaniard`); a masculine one never takes the noun for women.
        let word = tokens.normalized(at: position)
        let feminine = TranslateTermsStage.isFeminine(word, of: entry.entry.source)
        if let (noun, chosen) = demonyms.first(where: { $0.1.entry.feminine == feminine })
          ?? demonyms.first(where: { !$0.1.entry.feminine })
        {
          // A noun for one man whose plural is the people, the adjective's English (`Frenchman`,
          // the French), of a word the same in both numbers (`Français`): one man only after a
          // singular determiner (`un Français`); elsewhere the people, as the adjective says
          // (`les Français`, `beaucoup de Français` → `French`).
          if chosen.entry.feminine || chosen.entry.pluralTarget != entry.entry.target
            || !(word.hasSuffix("s") || word.hasSuffix("x"))
            || (previous >= 0
              && TranslateTermsStage.singularDeterminers.contains(tokens.normalized(at: previous)))
          {
            return noun
          }
          return adjective
        }
      }
    }
    guard afterDeterminer else { return adjective }
    return nouns.first { $0.1.entry.isCommonNoun }?.0 ?? adjective
  }

  /// Whether `word`, a form of the adjective `source` (lowercase), is one of its feminine forms:
  /// it ends in `e` or `es` where `source` does not end in `e` (`française`, `anglaises`; not
  /// the forms of `belge`).
  static func isFeminine(_ word: String, of source: String) -> Bool {
    guard source.utf8.last != UInt8(ascii: "e") else { return false }
    let bytes = word.utf8
    return bytes.last == UInt8(ascii: "e")
      || (bytes.count > 2 && bytes.last == UInt8(ascii: "s") && bytes.dropLast().last == UInt8(ascii: "e"))
  }

  /// The words after which an adjective is read as a noun where the glossary gives the noun an
  /// entry of its own: the plural determiners (`frenchDeterminers`), and the singular articles,
  /// demonstratives and possessives.
  static let nounDeterminers = ASCIIWordSet(
    frenchDeterminers.words.union([
      "le", "la", "l'", "un", "une", "du", "au", "ce", "cet", "cette", "son", "sa", "leur", "notre", "votre",
      "mon", "ma", "ton", "ta",
    ]))

  /// The determiners that make a people's noun the same in both numbers one person: `un
  /// Français` is `a Frenchman`, `des Français` the French.
  static let singularDeterminers: Set<String> = [
    "le", "l'", "un", "du", "au", "ce", "cet", "chaque", "son", "mon", "ton", "notre", "votre", "leur",
  ]

  /// The sentences of a document around the ones a worker matches terms in, for the context
  /// words of a rare term: the worker's own tokens of the sentences before, the others
  /// tokenized again when asked for.
  final class Nearby {
    let sentences: [Sentence]
    let cached: [TokenList]?
    let worker: WordTokenizer.Worker
    /// The sentences the worker matches terms in.
    let range: Range<Int>
    /// The tokens of the worker's sentences so far.
    var tokens: [TokenList] = []
    /// The position of the sentence being matched.
    var position = 0
    /// The entry a context word chose for each term, the first in the worker's sentences, with
    /// its cue.
    var cued: [Int: DocumentSense] = [:]
    /// The positions of the sentences where a term with context words found none near it, and
    /// the term.
    var uncued: [(position: Int, term: Int)] = []
    /// The document's senses, on a second reading: the entry a term was given by a context word
    /// elsewhere in the document, for an occurrence that has none near it.
    var senses: [Int: DocumentSense]?

    init(sentences: [Sentence], cached: [TokenList]?, worker: WordTokenizer.Worker, range: Range<Int>) {
      self.sentences = sentences
      self.cached = cached
      self.worker = worker
      self.range = range
      tokens.reserveCapacity(range.count)
    }

    /// The tokens of sentence `position`.
    func tokens(of position: Int) -> TokenList? {
      if let cached { return cached[position] }
      if range.contains(position), position - range.lowerBound < tokens.count {
        return tokens[position - range.lowerBound]
      }
      return sentences.indices.contains(position) ? try? worker.tokens(in: sentences[position].text) : nil
    }
  }

  /// Whether the match `found` of an entry whose source is `source` is written as part of a
  /// name: its first word is capitalized but not in capitals, and the word before it is
  /// capitalized and is not the sentence's first (`Bruno Le Maire`, `selon Le Républicain
  /// Lorrain`, `à SOS Racisme`, `sur Public Sénat`, `SOS Méditerranée`; a term of several words
  /// when its entry is in lowercase, `Alliance Police nationale`). A name of the
  /// glossary's own (`Sénat`) after a capitalized article is itself (`quitter Le Caire`). A
  /// sentence's first words (`La République est…`) and a capitalized word after a lowercase one
  /// (`le président de la République`) are read as usual.
  static func isInName(_ found: TermMatcher.Occurrence, source: String, in tokens: TokenList) -> Bool {
    // (Read from bytes, cheapest first: most matches are lowercase words, and a scalar's
    // properties cost a table lookup each.)
    // (A term of several words, when its entry is written in lowercase: `police nationale` in
    // `Alliance Police nationale`, the union.)
    guard found.firstToken >= 2,
      found.endToken - found.firstToken == 1 ? !source.utf8.contains(0x20) : isLowercaseLatin(source.utf8)
    else {
      return false
    }
    let before = found.firstToken - 1
    let written = tokens.withBuffer { buffer in
      isCapitalizedWord(buffer.text(found.firstToken)) && isCapitalizedLatin(buffer.text(before))
    }
    guard written, tokens[before].kind == .word, followsWord(before, in: tokens) else { return false }
    return isLowercaseLatin(source.utf8) || !articles.contains(tokens.normalized(at: before))
  }

  /// French articles, which a place's name may open (`Le Caire`, `La Haye`).
  static let articles: Set<String> = ["le", "la", "les", "l'"]

  /// Whether UTF-8 `word` is capitalized but not in capitals: its first letter a capital of
  /// ASCII or Latin-1, and an ASCII lowercase letter in it (`Espagnols`, not `ESPAGNOLS`).
  static func isCapitalizedWord<Bytes: Collection>(_ word: Bytes) -> Bool where Bytes.Element == UInt8 {
    isCapitalizedLatin(word) && word.contains(where: { $0 &- 0x61 < 26 })
  }

  /// Whether UTF-8 `bytes` start with a capital of ASCII or Latin-1 (`À` to `Þ` but `×`).
  static func isCapitalizedLatin<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
    guard let first = bytes.first else { return false }
    if first < 0x80 { return first &- 0x41 < 26 }
    guard first == 0xC3, let second = bytes.dropFirst().first else { return false }
    return second &- 0x80 < 0x1F && second != 0x97
  }

  /// Whether UTF-8 `bytes` start with a lowercase letter of ASCII or Latin-1 (`ß` to `ÿ` but `÷`).
  static func isLowercaseLatin<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
    guard let first = bytes.first else { return false }
    if first < 0x80 { return first &- 0x61 < 26 }
    guard first == 0xC3, let second = bytes.dropFirst().first else { return false }
    return second >= 0x9F && second != 0xB7
  }

  /// Whether a token, `word` normalized, counts more than one: a number in figures but `1`,
  /// or in words (`deux`, `50`, `plusieurs`: `50 Polonais` are `50 Poles`).
  static func countsMany(_ word: String, kind: Token.Kind) -> Bool {
    kind == .number ? word != "1" : frenchCardinals.contains(word)
  }

  /// The last token of the word that starts at `position` in `tokens`: the last piece of a
  /// compound written with hyphens (`Néo-Zélandais`, `porte-avions`), whose number is the
  /// word's, else `position`.
  static func compoundEnd(from position: Int, in tokens: TokenList) -> Int {
    var end = position
    while end + 2 < tokens.count, tokens.normalized(at: end + 1) == "-",
      tokens[end].end == tokens[end + 1].start,
      tokens[end + 1].end == tokens[end + 2].start, tokens[end + 2].kind == .word
    {
      end += 2
    }
    return end
  }

  /// Whether the head at `position` in `tokens` takes the number of the determiner before it:
  /// it ends in `s`, `x` or `z`, or is an acronym (`PME`).
  static func isInvariable(_ position: Int, in tokens: TokenList) -> Bool {
    let head = tokens.normalized(at: position)
    return head.hasSuffix("s") || head.hasSuffix("x") || head.hasSuffix("z")
      || tokens.text(at: position).allSatisfy { $0.isUppercase || $0.isNumber }
  }

  /// Whether `entry` is a proper name (`États-Unis` → `United States`), which has no plural; an
  /// acronym (`PME`) and a capitalized common noun (`État membre`) have.
  static func isProperName(_ entry: GlossaryEntry) -> Bool {
    // (A target that ends in `s` ends in the byte `s`: that is asked first, of the bytes, and
    // most targets stop there before a `Character` is made.)
    isProperNoun(entry.pos)
      || (entry.target.utf8.last == 0x73 && entry.target.hasSuffix("s") && entry.pluralTarget.hasSuffix("ses")
        && entry.source.first?.isUppercase == true)
  }

  /// `English.numberWords`, asked from the bytes of ASCII targets.
  static let englishNumberWords = ASCIIWordSet(English.numberWords)

  /// `proper`, in UTF-8.
  private static let proper: [UInt8] = Array("proper".utf8)

  /// Whether a part of speech says a person's name (`person`, `Person`, `person name`, the
  /// word `person` itself, not `personal pronoun`): a proper name whose English is rendered
  /// after a first name too (`Vladimir Poutine`).
  static func isPersonName(_ pos: String?) -> Bool {
    guard let pos else { return false }
    // Read in the bytes, as `isProperNoun` reads its word (a large glossary asks it of every
    // entry): `person` in any case, with no letter, ASCII or not, on either side.
    return pos.withUTF8Bytes { bytes in
      let word = TranslateTermsStage.person
      guard bytes.count >= word.count else { return false }
      func isLetter(_ byte: UInt8) -> Bool { byte >= 0x80 || (byte | 0x20) &- 0x61 < 26 }
      return (0...(bytes.count - word.count)).contains { start in
        word.indices.allSatisfy { bytes[start + $0] | 0x20 == word[$0] }
          && (start == 0 || !isLetter(bytes[start - 1]))
          && (start + word.count == bytes.count || !isLetter(bytes[start + word.count]))
      }
    }
  }

  /// `person`, in UTF-8.
  private static let person: [UInt8] = Array("person".utf8)

  /// Whether a part of speech says proper noun (`proper noun`, `Proper`), without the cost of a
  /// general substring search.
  static func isProperNoun(_ pos: String?) -> Bool {
    guard let pos else { return false }
    // An ASCII part of speech (all of them, in practice) lowercases byte by byte: it is searched
    // in place. (Only `A`–`Z` lowercase to the letters of `proper` by setting 0x20.)
    let ascii: Bool? = pos.withUTF8Bytes { bytes in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      let word = TranslateTermsStage.proper
      guard bytes.count >= word.count else { return false }
      return (0...(bytes.count - word.count)).contains { start in
        word.indices.allSatisfy { bytes[start + $0] | 0x20 == word[$0] }
      }
    }
    if let ascii { return ascii }
    let lower = Array(pos.lowercased().utf8)
    let word = Array("proper".utf8)
    guard lower.count >= word.count else { return false }
    return (0...(lower.count - word.count)).contains { lower[$0..<($0 + word.count)].elementsEqual(word) }
  }

  /// The English for a match of an entry whose targets are `target` and `pluralTarget`: the
  /// plural when the French is plural. A one-word entry whose English never takes a plural and
  /// is capitalized (`européen → European`: `nationality`, as `isNationality` tells) is an
  /// adjective of nationality or belief; its French plural is a noun when capitalized (`les
  /// Australiens`) or right after a determiner (`les musulmans`), and English pluralizes that
  /// noun (`Australians`, `Muslims`) although the adjective never is.
  static func english(
    target: String, pluralTarget: String, nationality: Bool, form: String, plural: Bool,
    afterDeterminer: @autoclosure () -> Bool
  ) -> String {
    guard plural else { return target }
    guard nationality else { return pluralTarget }
    let noun = form.first?.isUppercase == true && !form.dropFirst().contains(where: \.isUppercase)
    if noun || afterDeterminer() {
      return English.plural(of: target)
    }
    return pluralTarget
  }

  /// Whether `entry` is a one-word adjective, by its part of speech or its note, whose English
  /// never takes a plural but names a person too (`raciste → racist`, `terroriste →
  /// terrorist|terrorist`, noun and adjective): after a determiner its French plural is a noun,
  /// and English pluralizes it (`les racistes` → `racists`) as it does a nationality's.
  static func isAdjectiveNoun(_ entry: GlossaryEntry) -> Bool {
    guard entry.tokens.count == 1, entry.pluralTarget == entry.target, !entry.target.contains(" ") else {
      return false
    }
    return (entry.pos?.lowercased().contains("adj") ?? false)
      || (entry.note?.lowercased().contains("adjective") ?? false)
  }

  /// Whether `entry` is a one-word adjective of nationality or belief whose English never
  /// takes a plural (`européen → European`).
  static func isNationality(_ entry: GlossaryEntry) -> Bool {
    entry.tokens.count == 1 && entry.pluralTarget == entry.target && entry.target.first?.isUppercase == true
      && entry.source.first?.isLowercase == true && !entry.target.contains(" ")
  }

  /// The scalar ranges of the whitespace-separated chunks of `text` that are links, e-mail
  /// addresses or URL slugs (`https://…`, `www.…`, `x@y.fr`, `grippe-aviaire-le-point-sur`).
  static func opaqueRanges(in text: String) -> [Range<Int>] {
    // Most sentences have no `/`, `@`, `www.` or word with three hyphens: nothing to look at.
    // (Hyphens are counted per run between ASCII spaces, runs at least as long as the words
    // below, so no word that has three is missed.)
    var text = text
    let possible = text.withUTF8(mayHoldLinks)
    guard possible else { return [] }
    var ranges: [Range<Int>] = []
    var start = 0
    var chunk: [Unicode.Scalar] = []
    func flush(_ end: Int) {
      defer { chunk.removeAll(keepingCapacity: true) }
      // Only a chunk with `/`, `@` or three hyphens, or that opens with `www.`, can be a link,
      // an address or a slug (a full stop alone is the end of a sentence).
      var hyphens = 0
      var marked = chunk.count > 4 && chunk[..<4].map { $0 == "W" ? "w" : $0 } == ["w", "w", "w", "."]
      for scalar in chunk {
        if scalar == "-" { hyphens += 1 }
        if scalar == "/" || scalar == "@" { marked = true }
      }
      guard hyphens >= 3 || marked else { return }
      var word = String(String.UnicodeScalarView(chunk)).lowercasedLatin
      while let last = word.last, ".,;:!?)»\"'".contains(last) { word.removeLast() }
      let parts = word.split(separator: "-", omittingEmptySubsequences: false)
      let slug =
        parts.count >= 4 && word.count >= 20
        && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0.isNumber } }
      if word.contains("://") || word.hasPrefix("www.") || word.contains("@") || slug {
        ranges.append(start..<end)
      }
    }
    var offset = 0
    for scalar in text.unicodeScalars {
      if scalar.isWhiteSpace {
        flush(offset)
        start = offset + 1
      } else {
        chunk.append(scalar)
      }
      offset += 1
    }
    flush(offset)
    return ranges
  }

  /// Whether UTF-8 text may hold a link, an address or a slug: it has a `/` or an `@`, three
  /// hyphens between two ASCII spaces, or `www.` (in any case).
  ///
  /// Eight bytes at a time are skipped when none is `-`, `/`, `@`, `w` or `W` and no hyphen or
  /// `w` is pending (most of a sentence); the others are read one by one. (Iterating the UTF-8
  /// view cost 55 instructions a byte, reading the bytes one by one about 10.)
  static func mayHoldLinks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    var marks = LinkMarks()
    var index = 0
    while index < bytes.count {
      if marks.isIdle, bytes.count - index >= 8,
        !hasLinkMark(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      {
        index += 8
        continue
      }
      if marks.read(bytes[index]) { return true }
      index += 1
    }
    return false
  }

  /// The byte-by-byte reading of `mayHoldLinks(_:)`: a `/` or `@`, three hyphens within a word,
  /// or a `.` after three `w`.
  struct LinkMarks {
    /// Hyphens since the last space.
    var hyphens = 0
    /// `w` or `W` in a row just before.
    var wes = 0

    /// Whether no hyphen or `w` is pending: eight bytes without a mark may then be skipped.
    var isIdle: Bool { hyphens == 0 && wes == 0 }

    /// Reads the next byte; whether the text read so far may hold a link.
    @inline(__always)
    mutating func read(_ byte: UInt8) -> Bool {
      switch byte {
      case 0x2F, 0x40: return true
      case 0x2D:
        hyphens += 1
        if hyphens >= 3 { return true }
      case 0x77, 0x57:
        wes += 1
        return false
      case 0x2E where wes >= 3: return true
      case 0x20, 0x09...0x0D: hyphens = 0
      default: break
      }
      wes = 0
      return false
    }
  }

  /// Whether one of the eight bytes of `word` is `-`, `/`, `@`, `w` or `W`.
  static func hasLinkMark(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    // Whether a byte of `value` is zero (exact for the question whether any is).
    func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & high != 0 }
    // `-` (0x2D) and `/` (0x2F) differ by 0x02, `W` and `w` by 0x20: those bits set, each pair
    // is one byte, and no other byte becomes it.
    return hasZero((word | 0x0202_0202_0202_0202) ^ (0x2F &* ones)) || hasZero(word ^ (0x40 &* ones))
      || hasZero((word | 0x2020_2020_2020_2020) ^ (0x77 &* ones))
  }

  /// French cardinal numbers written as words, before which a number word counts
  /// (`deux milliards`).
  static let frenchCardinals = ASCIIWordSet([
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante",
    "soixante", "cent", "cents", "mille", "quelques", "plusieurs",
  ])

  /// Determiners that mark a plural (`ses taux d'intérêt`).
  static let pluralDeterminers = ASCIIWordSet([
    "les", "des", "ces", "ses", "mes", "tes", "nos", "vos", "leurs", "aux", "plusieurs", "certains",
    "certaines", "quelques", "nombreux", "nombreuses", "différents", "divers",
  ])

  /// Determiners after which a French plural adjective is a noun (`les musulmans`).
  static let frenchDeterminers = ASCIIWordSet([
    "les", "des", "ces", "ses", "mes", "tes", "aux", "nos", "vos", "leurs", "plusieurs", "certains",
    "certaines", "de", "d'", "quelques", "nombreux", "nombreuses",
  ])

  /// Whether `word` makes the French plural adjective after it a noun: a determiner (`les
  /// musulmans`), a number in words or in figures (`deux jihadistes`, `12 terroristes`).
  static func isDeterminer(_ word: String) -> Bool {
    frenchDeterminers.contains(word) || frenchCardinals.contains(word)
      || (!word.isEmpty && word.utf8.allSatisfy { $0 &- 0x30 < 10 })
  }

  /// The target with the case of the text: unchanged when the text is written as the entry;
  /// in capitals when the text is (and the entry is not); capitalized when the text is;
  /// lowercased when the entry is a capitalized one-word name but the text uses the common noun
  /// (`Parlement` → `Parliament`, but `parlements` → `parliaments`), unless the entry is a
  /// `properName`, whose English keeps its capital (`Atlantique` → `Atlantic`, and `la façade
  /// atlantique` → `Atlantic`, not `atlantic`). A name of several capitalized
  /// English words keeps them (`parti républicain` → `Republican Party`). A term of several
  /// words capitalized `midSentence` is a name (`le Parc national de Niokolo-Koba`, `le Premier
  /// ministre`), whose every English word but the short ones is capitalized (`National Park`,
  /// `Prime Minister`); at the start of a sentence only the first is.
  static func carryCase(
    from form: String, entry: String, to target: String, midSentence: Bool = false, properName: Bool = false
  ) -> String {
    // Without a capital in the text or the entry (most matches), no rule below applies.
    if form == entry || (!form.hasUppercaseLetter && !entry.hasUppercaseLetter) { return target }
    // The form's and the entry's letters and first characters, read from their bytes when both
    // are Latin-1 (every scalar a character of its own); else by `Character`.
    let cases = LatinCases(form, entry) ?? LatinCases(characters: form, entry)
    if cases.formIsCaps {
      return cases.entryIsCaps ? target : target.uppercased()
    }
    if cases.formFirstIsUpper, !cases.entryFirstIsUpper, let targetFirst = target.first {
      if midSentence, form.utf8.contains(0x20), target.utf8.contains(0x20) { return titleCased(target) }
      return targetFirst.uppercased() + target.dropFirst()
    }
    if !properName, cases.formFirstIsLower, cases.entryFirstIsUpper,
      let targetFirst = target.first, targetFirst.isUppercase,
      let firstWord = target.split(separator: " ").first,
      !firstWord.dropFirst().contains(where: \.isUppercase),
      !target.split(separator: " ").dropFirst().contains(where: { $0.first?.isUppercase == true })
    {
      return targetFirst.lowercased() + target.dropFirst()
    }
    return target
  }
}

extension TranslateTermsStage {
  /// Whether the token at `position` continues a clause: the token before it (past opening
  /// quotes and brackets) is a word, a number or a comma, not the start of the sentence, a
  /// colon (`Lire aussi : Eau potable, …`: a headline) or a dash.
  static func followsWord(_ position: Int, in tokens: TokenList) -> Bool {
    var before = position - 1
    while before >= 0, tokens[before].kind == .punctuation, openers.contains(tokens.normalized(at: before)) {
      before -= 1
    }
    guard before >= 0 else { return false }
    return tokens[before].kind != .punctuation || tokens.normalized(at: before) == ","
  }

  /// Opening quotes and brackets, passed over by `followsWord`.
  static let openers: Set<String> = ["«", "\"", "“", "‘", "'", "(", "[", "‹", "„"]

  /// English words a title leaves in lowercase unless first (`Court of Justice`).
  static let titleMinorWords: Set<Substring> = [
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "nor", "of", "on", "or", "per",
    "the", "to", "via", "with",
  ]

  /// `text` with the first letter of each of its words capitalized, but the short words of
  /// `titleMinorWords` after the first.
  static func titleCased(_ text: String) -> String {
    var words: [String] = []
    for (index, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
      if let first = word.first, first.isLowercase, index == 0 || !titleMinorWords.contains(word) {
        words.append(first.uppercased() + word.dropFirst())
      } else {
        words.append(String(word))
      }
    }
    return words.joined(separator: " ")
  }
}

/// What `carryCase` asks of a form and its entry: whether each is written in capitals (more
/// than one letter for the form, all of them uppercase) and whether each one's first character
/// is uppercase (or, for the form, lowercase).
struct LatinCases: Equatable {
  var formIsCaps: Bool
  var entryIsCaps: Bool
  var formFirstIsUpper: Bool
  var formFirstIsLower: Bool
  var entryFirstIsUpper: Bool

  /// Asked by `Character`, for any text.
  init(characters form: String, _ entry: String) {
    let letters = form.filter(\.isLetter)
    formIsCaps = letters.count > 1 && letters.allSatisfy(\.isUppercase)
    entryIsCaps = entry.filter(\.isLetter).allSatisfy(\.isUppercase)
    formFirstIsUpper = form.first?.isUppercase == true
    formFirstIsLower = form.first?.isLowercase == true
    entryFirstIsUpper = entry.first?.isUppercase == true
  }

  /// Asked of the bytes, or `nil` unless both texts are ASCII and Latin-1 without a carriage
  /// return: then every scalar is a character of its own, and a table made once from
  /// `Character` tells its letters and cases.
  init?(_ form: String, _ entry: String) {
    guard let form = form.withUTF8Bytes(LatinCases.read), let entry = entry.withUTF8Bytes(LatinCases.read)
    else { return nil }
    formIsCaps = form.letters > 1 && form.upperLetters == form.letters
    entryIsCaps = entry.upperLetters == entry.letters
    formFirstIsUpper = form.first & LatinCases.upper != 0
    formFirstIsLower = form.first & LatinCases.lower != 0
    entryFirstIsUpper = entry.first & LatinCases.upper != 0
  }

  /// How many letters, how many of them uppercase, and the first character's flags (none for
  /// an empty text); `nil` for a text that is not all ASCII and Latin-1 or holds a carriage
  /// return.
  private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> (
    letters: Int, upperLetters: Int, first: UInt8
  )? {
    var letters = 0
    var upperLetters = 0
    var first: UInt8 = 0
    var index = 0
    while index < bytes.count {
      var scalar = UInt32(bytes[index])
      let start = index
      if scalar >= 0x80 {
        guard scalar == 0xC2 || scalar == 0xC3, index + 1 < bytes.count else { return nil }
        scalar = (scalar & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        index += 2
      } else {
        guard scalar != 0x0D else { return nil }
        index += 1
      }
      let flags = table[Int(scalar)]
      if start == 0 { first = flags }
      if flags & letter != 0 {
        letters += 1
        if flags & upper != 0 { upperLetters += 1 }
      }
    }
    return (letters, upperLetters, first)
  }

  private static let letter: UInt8 = 1
  private static let upper: UInt8 = 2
  private static let lower: UInt8 = 4

  /// `Character.isLetter`, `isUppercase` and `isLowercase` of each scalar below U+0100, asked
  /// once.
  private static let table: [UInt8] = (0..<256).map { value in
    let character = Character(Unicode.Scalar(UInt8(value)))
    return (character.isLetter ? letter : 0) | (character.isUppercase ? upper : 0)
      | (character.isLowercase ? lower : 0)
  }
}

extension TranslateTermsStage {
  /// The last translate-terms stage of `pipeline`: the one whose terms a worklist counts. A
  /// pipeline without one is an error that says what then cannot be done (`missing`) and the
  /// other way out than adding the stage (`otherwise`).
  public static func last(
    in pipeline: Pipeline, missing: String = "there are no terms to count",
    otherwise: String = "use the default pipeline"
  ) throws -> TranslateTermsStage {
    guard let stage = pipeline.entries.lazy.compactMap({ $0.stage as? TranslateTermsStage }).last else {
      throw PipelineError([
        Diagnostic(
          .error, "the pipeline has no translate-terms stage: \(missing)",
          at: SourceLocation(file: pipeline.file),
          notes: ["add a stage of type translate-terms, or \(otherwise)"])
      ])
    }
    return stage
  }

  /// An empty corpus whose runs are found and counted as this stage's candidates are, proposed
  /// when they occur in at least `minimumArticles` articles; with `keepingFirstExamples`, one
  /// whose counts are to be saved and added to others' (`TermCounts`).
  public func corpus(minimumArticles: Int, keepingFirstExamples: Bool = false) -> CorpusTerms {
    CorpusTerms(
      finder: candidates, minimumArticles: minimumArticles, keepingFirstExamples: keepingFirstExamples)
  }

  /// What `document`, which this stage has run on, adds to the uncovered terms of a corpus
  /// (`CorpusTerms`): its runs of content words that no glossary term covers, counted. The
  /// stage's own search for candidates may be off: the covered words are read back from the
  /// terms it found, each of which starts and ends on a token.
  public func corpusArticle(of document: Document) -> CorpusTerms.Article {
    let sentences = document.sentences ?? []
    let tokens = document.tokens.tokens(language: tokenizer.language, count: sentences.count) ?? []
    guard tokens.count == sentences.count else {
      return CorpusTerms.Article(finder: candidates, sentences: [])
    }
    var positions: [Int: Int] = [:]
    for (position, sentence) in sentences.enumerated() { positions[sentence.index] = position }
    var covered = [[Range<Int>]](repeating: [], count: sentences.count)
    func cover(_ sentence: Int, _ span: Span) {
      guard let position = positions[sentence] else { return }
      let list = tokens[position]
      let start = span.start - sentences[position].span.start
      let end = span.end - sentences[position].span.start
      guard let first = list.firstIndex(where: { $0.start >= start }) else { return }
      var past = first
      while past < list.count, list[past].end <= end { past += 1 }
      if past > first { covered[position].append(first..<past) }
    }
    for match in document.terms?.matches ?? [] { cover(match.sentence, match.span) }
    for term in document.terms?.unresolved ?? [] { cover(term.sentence, term.span) }
    return CorpusTerms.Article(
      finder: candidates, sentences: sentences.indices.map { (sentences[$0].index, tokens[$0], covered[$0]) },
      texts: sentences.map(\.text))
  }
}
