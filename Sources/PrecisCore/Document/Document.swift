/// The value that flows through a pipeline. Each stage adds a layer; no stage changes the text
/// after normalization, so every span stays valid.
public struct Document: Sendable, Equatable, Codable {
  /// The name of the input as the user gave it (`-` for standard input).
  public var source: String
  /// The raw bytes, before normalization. Not part of the JSON form.
  public var input: [UInt8]?
  /// The language the document was read as, when `--language auto` guessed it (after
  /// `normalize`); `nil` when the pipeline's source language was taken as given.
  public var language: String?
  /// The normalized text (set by `normalize`).
  public var text: String?
  /// Paragraph spans in the normalized text (set by `normalize`).
  public var paragraphs: [Span]?
  /// Sentences in document order (set by `segment`).
  public var sentences: [Sentence]?
  /// The index of the sentence detected as the article's title, if any (set by `segment`).
  public var title: Int?
  /// Glossary matches and the key-terms table (set by `translate-terms`).
  public var terms: TermLayer?
  /// Every sentence's score and the chosen summary (set by `summarize`).
  public var summary: SummaryLayer?
  /// The rendered output (set by `render`).
  public var output: RenderedOutput?
  /// The ids of the stages that have run, in order.
  public var stages: [String]
  /// Problems a stage met in this document and worked around (`--lossy` replacements). Not part
  /// of the JSON form; commands print them on standard error.
  public var warnings: [Diagnostic] = []
  /// Whether the input's first line is its headline, as the caller knows (a record's "title",
  /// see `init(source:input:headline:)`): `segment` then takes it as the title even when it
  /// ends with `?` or `!`. Not part of the JSON form.
  public var headlineGiven = false
  /// Each sentence's word tokens, kept by the first stage that tokenizes (`translate-terms`) so
  /// that later stages do not tokenize again. Not part of the JSON form, nor of equality.
  public var tokens = SentenceTokens(language: "", sentences: [])

  /// A document holding raw input bytes, ready for the first stage.
  public init(source: String, input: [UInt8]) {
    self.source = source
    self.input = input
    self.stages = []
  }

  /// A document whose input opens with `headline` (a record's "title"), on a line of its own
  /// and a blank line after it, when it holds more than spaces; else `input` alone.
  public init(source: String, input: [UInt8], headline: String?) {
    guard let headline, headline.contains(where: { !$0.isWhitespace }) else {
      self.init(source: source, input: input)
      return
    }
    self.init(source: source, input: Array(headline.utf8) + [0x0A, 0x0A] + input)
    headlineGiven = true
  }

  /// A document whose text is already normalized (for tests and resumed traces).
  public init(source: String, text: String) {
    self.source = source
    self.text = text
    self.paragraphs = [Span(start: 0, end: text.unicodeScalars.count)]
    self.stages = []
  }

  /// Whether the document carries `layer`.
  public func has(_ layer: Layer) -> Bool {
    switch layer {
    case .input: return input != nil
    case .text: return text != nil
    case .sentences: return sentences != nil
    case .terms: return terms != nil
    case .summary: return summary != nil
    case .output: return output != nil
    }
  }

  private enum CodingKeys: String, CodingKey {
    case source, language, text, paragraphs, sentences, title, terms, summary, output, stages
  }
}

/// The word tokens of every sentence of a document, for the language they were made with: a
/// cache, rebuilt by a stage that finds it missing (after `--from`, say) or made for another
/// language.
public struct SentenceTokens: Sendable, Equatable {
  /// The tokenizer's language.
  public var language: String
  /// The tokens of each sentence, in sentence order.
  public var sentences: [TokenList]

  /// Creates the cache.
  public init(language: String, sentences: [TokenList]) {
    self.language = language
    self.sentences = sentences
  }

  /// The tokens of `count` sentences made for `language`, if this cache holds them.
  public func tokens(language: String, count: Int) -> [TokenList]? {
    self.language == language && sentences.count == count ? sentences : nil
  }

  /// Always equal: two documents do not differ by what a stage kept to save time.
  public static func == (left: SentenceTokens, right: SentenceTokens) -> Bool { true }
}

/// One sentence (or a heading, dateline or other line that stands alone).
public struct Sentence: Sendable, Equatable, Codable {
  /// The position of the sentence in the document, from 0.
  public var index: Int
  /// Where the sentence is in the normalized text, without surrounding spaces.
  public var span: Span
  /// The sentence's text (internal line breaks kept as they are in the normalized text).
  public var text: String
  /// The paragraph the sentence belongs to, from 0.
  public var paragraph: Int
  /// Whether the sentence ends with sentence-final punctuation (`.`, `!`, `?`, `…`, possibly
  /// followed by a closing quote or parenthesis). Headings, datelines and slugs do not.
  public var terminated: Bool
  /// Whether the sentence stands alone as a heading does: it fills a whole line, or it is an
  /// intertitle that a scrape glued between two sentences (`…exemple.- "Tragédie" -Celles-ci…`).
  public var standalone: Bool

  /// Creates a sentence.
  public init(
    index: Int, span: Span, text: String, paragraph: Int, terminated: Bool, standalone: Bool
  ) {
    self.index = index
    self.span = span
    self.text = text
    self.paragraph = paragraph
    self.terminated = terminated
    self.standalone = standalone
  }
}

/// How a translated term is shown in rendered sentences.
public enum TermMode: String, Sendable, Equatable, Codable, CaseIterable {
  /// The French is kept and the English follows in brackets: `puces [chips]`.
  case annotate
  /// The English replaces the French: `chips`.
  case replace
  /// The English first, then the French in parentheses: `chips (puces)`.
  case bilingual
}

/// One glossary match in a sentence.
public struct TermMatch: Sendable, Equatable, Codable {
  /// The sentence that holds the match.
  public var sentence: Int
  /// Where the matched words are in the normalized text.
  public var span: Span
  /// The words as they appear in the text (`puces électroniques`).
  public var form: String
  /// The glossary's source term (`puce électronique`).
  public var source: String
  /// The English as rendered here: case carried over and number agreed (`microchips`).
  public var target: String
  /// The glossary's target as written (`microchip`).
  public var entryTarget: String
  /// The glossary's plural target (`microchips`, `software`).
  public var entryPlural: String
  /// Whether the French form is a plural of the glossary's term.
  public var plural: Bool
  /// Whether the entry says to keep the French as it is (a name that looks like a word).
  public var kept: Bool
  /// The domain of the target chosen, when the entry names one.
  public var domain: String?
  /// Where the entry is: the glossary file and its line.
  public var entry: SourceLocation
  /// The context word that chose the entry over its alternatives, when one did (the entry's
  /// `context` column: `républicain → Republican` near `Trump`).
  public var cue: ContextCue? = nil

  /// Creates a match.
  public init(
    sentence: Int, span: Span, form: String, source: String, target: String, entryTarget: String,
    entryPlural: String? = nil, plural: Bool, kept: Bool = false, domain: String? = nil,
    entry: SourceLocation, cue: ContextCue? = nil
  ) {
    self.sentence = sentence
    self.span = span
    self.form = form
    self.source = source
    self.target = target
    self.entryTarget = entryTarget
    self.entryPlural = entryPlural ?? entryTarget
    self.plural = plural
    self.kept = kept
    self.domain = domain
    self.entry = entry
    self.cue = cue
  }
}

/// A glossary entry's context word found near a term, which chose that entry.
public struct ContextCue: Sendable, Equatable, Codable {
  /// The word as the glossary lists it (`Trump`, `Maison Blanche`).
  public var word: String
  /// The sentence it is written in.
  public var sentence: Int

  /// The context word `word`, found in sentence `sentence`.
  public init(word: String, sentence: Int) {
    self.word = word
    self.sentence = sentence
  }
}

/// A glossary term found in the text but left unrendered: its entry has several targets by
/// domain and none of the pipeline's `domains` chooses one, it comes from a glossary loaded
/// with `render: false` (a list whose English varies in human translation), or it is written as
/// part of a name.
public struct UnresolvedTerm: Sendable, Equatable, Codable {
  /// Why a term is left unrendered.
  public enum Reason: String, Sendable, Equatable, Codable {
    /// Several targets by domain, and no domain of the pipeline's chooses one.
    case ambiguous
    /// The glossary that has it is loaded with `render: false`: its English varies.
    case variable
    /// A common word written as part of a name (`Bruno Le Maire`, `Le Républicain Lorrain`):
    /// left as written.
    case name
  }

  /// The sentence that holds it.
  public var sentence: Int
  /// Where the words are in the normalized text.
  public var span: Span
  /// The words as they appear in the text.
  public var form: String
  /// The glossary's source term.
  public var source: String
  /// Each possible target with its domain (`court (justice)`), or the one suggested target.
  public var candidates: [String]
  /// Where the entries are.
  public var entries: [SourceLocation]
  /// Why it is left unrendered.
  public var reason: Reason

  /// Creates an unresolved term.
  public init(
    sentence: Int, span: Span, form: String, source: String, candidates: [String],
    entries: [SourceLocation], reason: Reason = .ambiguous
  ) {
    self.sentence = sentence
    self.span = span
    self.form = form
    self.source = source
    self.candidates = candidates
    self.entries = entries
    self.reason = reason
  }

  enum CodingKeys: String, CodingKey {
    case sentence, span, form, source, candidates, entries, reason
  }

  /// Decodes a term; a document traced before `reason` existed holds only ambiguous terms.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    sentence = try container.decode(Int.self, forKey: .sentence)
    span = try container.decode(Span.self, forKey: .span)
    form = try container.decode(String.self, forKey: .form)
    source = try container.decode(String.self, forKey: .source)
    candidates = try container.decode([String].self, forKey: .candidates)
    entries = try container.decode([SourceLocation].self, forKey: .entries)
    reason = try container.decodeIfPresent(Reason.self, forKey: .reason) ?? .ambiguous
  }
}

/// A glossary term found in the document, with how often and where it first appears.
public struct KeyTerm: Sendable, Equatable, Codable {
  /// The glossary's source term.
  public var source: String
  /// The glossary's target.
  public var target: String
  /// How many times the term was matched.
  public var count: Int
  /// The first sentence that holds it.
  public var firstSentence: Int
  /// Where the entry is in its glossary.
  public var entry: SourceLocation

  /// Creates a key-term row.
  public init(source: String, target: String, count: Int, firstSentence: Int, entry: SourceLocation) {
    self.source = source
    self.target = target
    self.count = count
    self.firstSentence = firstSentence
    self.entry = entry
  }
}

/// A frequent run of content words that no glossary covers: a candidate for the glossary.
public struct TermCandidate: Sendable, Equatable, Codable {
  /// The words as first written in the text (`bouclier tarifaire`), in the form a glossary
  /// entry would be written in when the text has it (`éléphant` rather than `éléphants`).
  public var form: String
  /// How many times the words occur, in any case and in any of their forms.
  public var count: Int
  /// The first sentence that holds them.
  public var firstSentence: Int
  /// The other forms of the words counted with them, as first written (`éléphants`): those a
  /// glossary entry of `form` matches too.
  public var variants: [String]
  /// Whether the words are a name: capitalized wherever they occur, and not only at the start
  /// of a sentence (`Xi Jinping`, `Niokolo Koba`).
  public var isName: Bool

  /// Creates a candidate.
  public init(form: String, count: Int, firstSentence: Int, variants: [String] = [], isName: Bool = false) {
    self.form = form
    self.count = count
    self.firstSentence = firstSentence
    self.variants = variants
    self.isName = isName
  }

  // (Variants and the name flag are written only when there are some: most candidates have
  // neither.)
  private enum CodingKeys: String, CodingKey {
    case form, count, firstSentence, variants, isName = "name"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    form = try container.decode(String.self, forKey: .form)
    count = try container.decode(Int.self, forKey: .count)
    firstSentence = try container.decode(Int.self, forKey: .firstSentence)
    variants = try container.decodeIfPresent([String].self, forKey: .variants) ?? []
    isName = try container.decodeIfPresent(Bool.self, forKey: .isName) ?? false
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(form, forKey: .form)
    try container.encode(count, forKey: .count)
    try container.encode(firstSentence, forKey: .firstSentence)
    if !variants.isEmpty { try container.encode(variants, forKey: .variants) }
    if isName { try container.encode(true, forKey: .isName) }
  }
}

extension KeyTerm {
  /// One row per glossary entry of `matches`: how often it occurs and its first sentence, most
  /// frequent first (ties in order of first appearance).
  public static func table(from matches: [TermMatch]) -> [KeyTerm] {
    table(from: matches) { _ in true }
  }

  /// `table(from:)` of the matches whose index `including` accepts. (The matches are read
  /// where they are: a filtered copy of them, or one handed to a closure, counted a reference to
  /// each of their strings.)
  public static func table(from matches: [TermMatch], including: (_ index: Int) -> Bool) -> [KeyTerm] {
    var rows: [KeyTerm] = []
    // (At most 1,024 places: a long text repeats its terms.)
    var positions = [SourceLocation: Int](minimumCapacity: min(matches.count, 1_024))
    for index in matches.indices where including(index) {
      if let position = positions[matches[index].entry] {
        rows[position].count += 1
      } else {
        positions[matches[index].entry] = rows.count
        rows.append(
          KeyTerm(
            source: matches[index].source, target: matches[index].entryTarget, count: 1,
            firstSentence: matches[index].sentence, entry: matches[index].entry))
      }
    }
    // (The positions are sorted: sorting the rows with their offsets copied every row twice.)
    return rows.indices.sorted {
      rows[$0].count != rows[$1].count ? rows[$0].count > rows[$1].count : $0 < $1
    }.map { rows[$0] }
  }
}

/// What `translate-terms` found.
public struct TermLayer: Sendable, Equatable, Codable {
  /// How terms are shown in rendered sentences.
  public var mode: TermMode
  /// Every match, in text order.
  public var matches: [TermMatch]
  /// One row per distinct term, most frequent first (ties in order of first appearance).
  public var keyTerms: [KeyTerm]
  /// Terms found but not rendered, because no domain of the pipeline chooses their target.
  public var unresolved: [UnresolvedTerm]
  /// Frequent content-word runs no glossary covers, best first: what was not translated.
  public var candidates: [TermCandidate]

  /// Creates the layer.
  public init(
    mode: TermMode, matches: [TermMatch], keyTerms: [KeyTerm], unresolved: [UnresolvedTerm] = [],
    candidates: [TermCandidate] = []
  ) {
    self.mode = mode
    self.matches = matches
    self.keyTerms = keyTerms
    self.unresolved = unresolved
    self.candidates = candidates
  }
}

/// The parts of a sentence's score, each in 0...1 before weighting.
public struct ScoreComponents: Sendable, Equatable, Codable {
  /// Earlier sentences score higher.
  public var position: Double
  /// Similarity of the sentence's content words to the whole article's.
  public var centrality: Double
  /// Overlap of the sentence's content words with the title's.
  public var title: Double
  /// Glossary key terms in the sentence.
  public var keyTerms: Double
  /// A factor below 1 for very short or very long sentences.
  public var length: Double

  /// Creates the components.
  public init(position: Double, centrality: Double, title: Double, keyTerms: Double, length: Double) {
    self.position = position
    self.centrality = centrality
    self.title = title
    self.keyTerms = keyTerms
    self.length = length
  }
}

/// One sentence's score and what became of it.
public struct SentenceScore: Sendable, Equatable, Codable {
  /// The sentence.
  public var sentence: Int
  /// The weighted total (0 for sentences that are not candidates).
  public var total: Double
  /// The parts of the total; absent for sentences that are not candidates.
  public var components: ScoreComponents?
  /// The rank among candidates, from 1, by total.
  public var rank: Int?
  /// Whether the sentence is in the summary.
  public var chosen: Bool
  /// Why the sentence was or was not chosen (`chosen`, `debris: slug`, `duplicate of 7`, …).
  public var reason: String
  /// The redundancy penalty maximal marginal relevance weighed against the score when the
  /// sentence was considered: (1 − λ) × its greatest similarity to the sentences already
  /// chosen (0 when `mmr-lambda` is 1); absent for sentences that were never considered.
  public var redundancy: Double?
  /// For a chosen sentence that is part of a quotation over several sentences, how the brief
  /// shows it (absent otherwise).
  public var quotation: SummaryQuotation?
  /// For a sentence the choice reached that opens by referring back to the sentence before it
  /// (`Il`, `Mais`, `La veille`), the opening and the factor its score was weighed by (absent
  /// otherwise).
  public var backReference: SummaryBackReference?

  /// Creates a score row.
  public init(
    sentence: Int, total: Double, components: ScoreComponents?, rank: Int?, chosen: Bool,
    reason: String, redundancy: Double? = nil
  ) {
    self.sentence = sentence
    self.total = total
    self.components = components
    self.rank = rank
    self.chosen = chosen
    self.reason = reason
    self.redundancy = redundancy
  }
}

/// What `summarize` decided.
public struct SummaryLayer: Sendable, Equatable, Codable {
  /// The budget as configured (`3 sentences`, `20% of sentences`, `60 words`).
  public var budget: String
  /// One row per sentence, in document order.
  public var scores: [SentenceScore]
  /// The chosen sentences, in document order.
  public var chosen: [Int]

  /// Creates the layer.
  public init(budget: String, scores: [SentenceScore], chosen: [Int]) {
    self.budget = budget
    self.scores = scores
    self.chosen = chosen
  }
}

/// How a sentence opens by referring back to the sentence before it, and what that did to its
/// chance of being chosen: while the sentence before is not chosen, its score is weighed by a
/// factor (`back-reference-factor`), since the brief would show it without what it refers to.
public struct SummaryBackReference: Sendable, Equatable, Codable {
  /// The opening as the sentence writes it (`Il`, `En revanche`).
  public var opening: String
  /// What the opening is, as the lexicon says (`pronoun`, `connective`, `time`).
  public var kind: String
  /// The sentence it refers back to: the one before it.
  public var sentence: Int
  /// The factor its score was weighed by when it was chosen or left out: 1 when the sentence
  /// before it was chosen already.
  public var factor: Double

  /// Creates the description.
  public init(opening: String, kind: String, sentence: Int, factor: Double) {
    self.opening = opening
    self.kind = kind
    self.sentence = sentence
    self.factor = factor
  }
}

/// How a chosen sentence stands in a quotation that runs over several sentences, as the brief
/// shows it: after the sentence before it in the same quotation (one item of the brief), or
/// cutting the quotation, which the brief marks (`"[…] L'enfant sage parmi tous ses copains",
/// raconte…`).
public struct SummaryQuotation: Sendable, Equatable, Codable {
  /// The opening mark of a quotation the sentence continues, shown without the sentence before
  /// it (`«`, `“` or `"`).
  public var cutBefore: Unicode.Scalar?
  /// The closing mark of a quotation the sentence leaves open, shown without the sentence after
  /// it (`»`, `”` or `"`).
  public var cutAfter: Unicode.Scalar?
  /// Whether the sentence is shown right after the sentence before it, whose quotation it
  /// continues.
  public var followsOn: Bool

  /// Creates the description.
  public init(cutBefore: Unicode.Scalar? = nil, cutAfter: Unicode.Scalar? = nil, followsOn: Bool = false) {
    self.cutBefore = cutBefore
    self.cutAfter = cutAfter
    self.followsOn = followsOn
  }

  /// `text` with the cuts marked: `"[…] ` before it, ` […]"` after it. A sentence that opens
  /// with the quotation's own omission mark (`(...) Si votre but…`, 6 of the 1,500 OrangeSum
  /// briefs) gets the opening quote alone before it (`"(...) Si votre but…`), not a second mark;
  /// `opensWithOmission` says so of a text given in parts (HTML's), else `text` is looked at.
  public func marking(_ text: String, opensWithOmission: Bool? = nil) -> String {
    let omitted = opensWithOmission ?? SummaryQuotation.opensWithOmission(text)
    return (cutBefore.map { String($0) + ($0 == "«" ? " " : "") + (omitted ? "" : "[…] ") } ?? "") + text
      + (cutAfter.map { " […]" + ($0 == "»" ? " " : "") + String($0) } ?? "")
  }

  /// Whether `text` opens with an omission mark: `(...)`, `(…)`, `[...]`, `[…]`, `...` or `…`.
  public static func opensWithOmission(_ text: String) -> Bool {
    ["(...)", "(…)", "[...]", "[…]", "...", "…"].contains { text.hasPrefix($0) }
  }

  // (Marks are scalars, so that a score row stays plain data to copy; JSON gives them as strings.)
  private enum CodingKeys: String, CodingKey {
    case cutBefore, cutAfter, followsOn
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func mark(_ key: CodingKeys) throws -> Unicode.Scalar? {
      guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
      guard let scalar = text.unicodeScalars.first, text.unicodeScalars.count == 1 else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: container, debugDescription: "a quotation mark is one character, not '\(text)'")
      }
      return scalar
    }
    cutBefore = try mark(.cutBefore)
    cutAfter = try mark(.cutAfter)
    followsOn = try container.decodeIfPresent(Bool.self, forKey: .followsOn) ?? false
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(cutBefore.map { String($0) }, forKey: .cutBefore)
    try container.encodeIfPresent(cutAfter.map { String($0) }, forKey: .cutAfter)
    if followsOn { try container.encode(true, forKey: .followsOn) }
  }
}

/// The rendered form of a document.
public struct RenderedOutput: Sendable, Equatable, Codable {
  /// `text`, `markdown` or `json`.
  public var format: String
  /// The rendered text (not repeated when the format is `json`).
  public var content: String

  /// Creates the output.
  public init(format: String, content: String) {
    self.format = format
    self.content = content
  }
}
