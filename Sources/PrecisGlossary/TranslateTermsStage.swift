import PrecisCore

/// Finds glossary terms in every sentence and records how each is rendered in English: case
/// carried over (`IA` → `AI`, `Intelligence artificielle` → `Artificial intelligence`) and number
/// agreed with the French (`des puces` → `chips`).
public struct TranslateTermsStage: Stage {
  public static let typeName = "translate-terms"
  public static let summary = "match glossary terms (elision, plurals, case) and render them"
  public static let options: [OptionSpec] = [
    OptionSpec(
      "glossary", .sources(keys: ["format", "columns", "render"], extensions: ["tsv", "csv", "tbx"]),
      default: "lexicons/glossary/{source}-{target}",
      help:
        "glossaries in priority order: TSV, CSV or TBX files or folders; "
        + "'- {path: F, columns: {source: fr, target: en}}' maps a CSV's columns; "
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

  let tokenizer: WordTokenizer
  let matcher: TermMatcher
  let mode: TermMode

  public init(options: StageOptions) throws {
    tokenizer = try WordTokenizer(language: options.sourceLanguage)
    let glossary = try Glossary.load(
      options.sources("glossary"), sourceLanguage: options.sourceLanguage,
      targetLanguage: options.targetLanguage, tokenizer: tokenizer)
    var stopwords: Set<String> = []
    for path in options.paths("stopwords") { stopwords.formUnion(try LexiconFile.wordSet(at: path)) }
    let french = options.sourceLanguage == "fr"
    matcher = TermMatcher(
      glossary: glossary, language: options.sourceLanguage, domains: options.words("domains"),
      verbCues: french ? TermMatcher.frenchVerbCues : [],
      headBreakers: french ? TermMatcher.frenchHeadBreakers : [],
      prefixes: french ? TermMatcher.frenchPrefixes : [:], stopwords: stopwords)
    mode = TermMode(rawValue: options.string("mode") ?? "") ?? .annotate
    warnings = glossary.warnings
    candidates = TermCandidates(
      stopwords: stopwords, minimumCount: options.integer("candidate-min-count") ?? 2)
    proposesCandidates = options.boolean("candidates") ?? true
  }

  /// Duplicate entries with different targets, found while reading the glossaries.
  public let warnings: [Diagnostic]
  let candidates: TermCandidates
  /// Whether the uncovered terms are looked for.
  let proposesCandidates: Bool

  public func run(_ document: inout Document, context: StageContext) throws {
    let sentences = document.sentences ?? []
    let cached = document.tokens.tokens(language: tokenizer.language, count: sentences.count)
    // Sentences are independent: a long document's are spread over the cores.
    let found = try Parallel.map(sentences.count) { range in
      let worker = try tokenizer.makeWorker()
      return try range.map { position in
        let sentence = sentences[position]
        return terms(of: sentence, tokens: try cached?[position] ?? worker.tokens(in: sentence.text))
      }
    }
    let matches = found.flatMap(\.matches)
    document.tokens = SentenceTokens(language: tokenizer.language, sentences: found.map(\.tokens))
    document.terms = TermLayer(
      mode: mode, matches: matches, keyTerms: TranslateTermsStage.keyTerms(matches.filter { !$0.kept }),
      unresolved: found.flatMap(\.unresolved),
      candidates: proposesCandidates
        ? candidates.candidates(in: found.map { ($0.sentence, $0.tokens, $0.covered) }) : [])
  }

  /// The terms of one sentence.
  struct SentenceTerms {
    /// The sentence's index.
    var sentence: Int
    /// Its word tokens.
    var tokens: [Token]
    /// The token ranges glossary terms cover.
    var covered: [Range<Int>]
    /// Terms rendered.
    var matches: [TermMatch] = []
    /// Terms left unrendered: no domain chooses their target, or their English varies.
    var unresolved: [UnresolvedTerm] = []
  }

  /// The glossary terms of `sentence`, tokenized as `tokens`.
  func terms(of sentence: Sentence, tokens: [Token]) -> SentenceTerms {
    // Words of a link, an address or a slug are not terms: rendering them would break them.
    let opaque = TranslateTermsStage.opaqueRanges(in: sentence.text)
    let found = matcher.matches(in: tokens).filter { found in
      !opaque.contains { $0.contains(tokens[found.firstToken].start) }
    }
    var result = SentenceTerms(
      sentence: sentence.index, tokens: tokens, covered: found.map { $0.firstToken..<$0.endToken })
    for found in found {
      let start = tokens[found.firstToken].start
      let end = tokens[found.endToken - 1].end
      let form = sentence.text.scalarSlice(start..<end)
      let span = Span(start: sentence.span.start + start, end: sentence.span.start + end)
      guard let entry = found.entry else {
        result.unresolved.append(
          UnresolvedTerm(
            sentence: sentence.index, span: span, form: form, source: found.entries[0].source,
            candidates: found.entries.map { "\($0.target) (\($0.domain ?? "no domain"))" },
            entries: found.entries.map(\.location)))
        continue
      }
      guard entry.render else {
        result.unresolved.append(
          UnresolvedTerm(
            sentence: sentence.index, span: span, form: form, source: entry.source,
            candidates: [entry.target], entries: [entry.location], reason: .variable))
        continue
      }
      // An invariable head (`taux`, `prix`, an acronym: `les PME`) takes its number from the
      // determiner before it.
      let previous = found.firstToken > 0 ? tokens[found.firstToken - 1].normalized : ""
      let head = tokens[found.termToken].normalized
      // A proper name (`États-Unis` → `United States`) has no plural; an acronym (`PME`) and a
      // capitalized common noun (`État membre`) have.
      let properName =
        TranslateTermsStage.isProperNoun(entry.pos)
        || (entry.source.first?.isUppercase == true && entry.target.hasSuffix("s")
          && entry.pluralTarget.hasSuffix("ses"))
      // `3 milliards` is `3 billion`: an English number word after a number stays singular.
      let counted =
        found.firstToken > 0 && English.numberWords.contains(entry.target)
        && (tokens[found.firstToken - 1].kind == .number
          || TranslateTermsStage.frenchCardinals.contains(previous))
      let plural =
        !properName && !counted
        && (found.plural
          || (TranslateTermsStage.pluralDeterminers.contains(previous)
            && (head.hasSuffix("s") || head.hasSuffix("x") || head.hasSuffix("z")
              || tokens[found.termToken].text.allSatisfy { $0.isUppercase || $0.isNumber })))
      let termForm = sentence.text.scalarSlice(tokens[found.termToken].start..<end)
      let english =
        entry.keep
        ? form
        : (found.prefix ?? "")
          + TranslateTermsStage.english(
            for: entry, form: termForm, plural: plural,
            afterDeterminer: found.firstToken > 0
              && TranslateTermsStage.frenchDeterminers.contains(tokens[found.firstToken - 1].normalized))
      result.matches.append(
        TermMatch(
          sentence: sentence.index, span: span, form: form, source: entry.source,
          target: entry.keep
            ? form : TranslateTermsStage.carryCase(from: form, entry: entry.source, to: english),
          entryTarget: entry.target, entryPlural: entry.pluralTarget, plural: plural,
          kept: entry.keep, domain: entry.domain, entry: entry.location))
    }
    return result
  }

  /// Whether a part of speech says proper noun (`proper noun`, `Proper`), without the cost of a
  /// general substring search.
  static func isProperNoun(_ pos: String?) -> Bool {
    guard let pos else { return false }
    let lower = Array(pos.lowercased().utf8)
    let word = Array("proper".utf8)
    guard lower.count >= word.count else { return false }
    return (0...(lower.count - word.count)).contains { lower[$0..<($0 + word.count)].elementsEqual(word) }
  }

  /// The English for a match: the plural when the French is plural. A one-word entry whose
  /// English never takes a plural and is capitalized (`européen → European`) is an adjective of
  /// nationality or belief; its French plural is a noun when capitalized (`les Australiens`) or
  /// right after a determiner (`les musulmans`), and English pluralizes that noun
  /// (`Australians`, `Muslims`) although the adjective never is.
  static func english(for entry: GlossaryEntry, form: String, plural: Bool, afterDeterminer: Bool) -> String {
    guard plural else { return entry.target }
    let nationality =
      entry.tokens.count == 1 && entry.pluralTarget == entry.target && entry.target.first?.isUppercase == true
      && entry.source.first?.isLowercase == true && !entry.target.contains(" ")
    let noun = form.first?.isUppercase == true && !form.dropFirst().contains(where: \.isUppercase)
    if nationality, noun || afterDeterminer {
      return English.plural(of: entry.target)
    }
    return entry.pluralTarget
  }

  /// The scalar ranges of the whitespace-separated chunks of `text` that are links, e-mail
  /// addresses or URL slugs (`https://…`, `www.…`, `x@y.fr`, `grippe-aviaire-le-point-sur`).
  static func opaqueRanges(in text: String) -> [Range<Int>] {
    // Most sentences have no `/`, `@`, `www.` or word with three hyphens: nothing to look at.
    // (Hyphens are counted per run between ASCII spaces, runs at least as long as the words
    // below, so no word that has three is missed.)
    // (The bytes are read from contiguous storage: iterating the UTF-8 view cost 55
    // instructions a byte.)
    var text = text
    let possible = text.withUTF8 { bytes -> Bool in
      var hyphens = 0
      var wes = 0
      for byte in bytes {
        switch byte {
        case 0x2F, 0x40: return true
        case 0x2D:
          hyphens += 1
          if hyphens >= 3 { return true }
        case 0x77, 0x57:
          wes += 1
          continue
        case 0x2E where wes >= 3: return true
        case 0x20, 0x09...0x0D: hyphens = 0
        default: break
        }
        wes = 0
      }
      return false
    }
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

  /// French cardinal numbers written as words, before which a number word counts
  /// (`deux milliards`).
  static let frenchCardinals: Set<String> = [
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante",
    "soixante", "cent", "cents", "mille", "quelques", "plusieurs",
  ]

  /// Determiners that mark a plural (`ses taux d'intérêt`).
  static let pluralDeterminers: Set<String> = [
    "les", "des", "ces", "ses", "mes", "tes", "nos", "vos", "leurs", "aux", "plusieurs", "certains",
    "certaines", "quelques", "nombreux", "nombreuses", "différents", "divers",
  ]

  /// Determiners after which a French plural adjective is a noun (`les musulmans`).
  static let frenchDeterminers: Set<String> = [
    "les", "des", "ces", "aux", "nos", "vos", "leurs", "plusieurs", "certains", "de", "d'", "quelques",
  ]

  /// The target with the case of the text: unchanged when the text is written as the entry;
  /// in capitals when the text is (and the entry is not); capitalized when the text is;
  /// lowercased when the entry is a capitalized one-word name but the text uses the common noun
  /// (`Parlement` → `Parliament`, but `parlements` → `parliaments`). A name of several capitalized
  /// English words keeps them (`parti républicain` → `Republican Party`).
  static func carryCase(from form: String, entry: String, to target: String) -> String {
    // Without a capital in the text or the entry (most matches), no rule below applies.
    if form == entry || (!form.hasUppercaseLetter && !entry.hasUppercaseLetter) { return target }
    let letters = form.filter(\.isLetter)
    let entryLetters = entry.filter(\.isLetter)
    let formIsCaps = letters.count > 1 && letters.allSatisfy(\.isUppercase)
    if formIsCaps {
      return entryLetters.allSatisfy(\.isUppercase) ? target : target.uppercased()
    }
    if let first = form.first, first.isUppercase, entry.first?.isUppercase != true,
      let targetFirst = target.first
    {
      return targetFirst.uppercased() + target.dropFirst()
    }
    if let first = form.first, first.isLowercase, entry.first?.isUppercase == true,
      let targetFirst = target.first, targetFirst.isUppercase,
      let firstWord = target.split(separator: " ").first,
      !firstWord.dropFirst().contains(where: \.isUppercase),
      !target.split(separator: " ").dropFirst().contains(where: { $0.first?.isUppercase == true })
    {
      return targetFirst.lowercased() + target.dropFirst()
    }
    return target
  }

  /// One row per entry: count and first sentence, most frequent first.
  static func keyTerms(_ matches: [TermMatch]) -> [KeyTerm] { KeyTerm.table(from: matches) }
}
