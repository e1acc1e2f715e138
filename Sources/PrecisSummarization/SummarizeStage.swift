import Foundation
import PrecisCore

/// Extractive summarization by sentence scoring. Every sentence gets a row: debris, headings
/// and the title are set aside with the reason; the others are scored on position,
/// centrality (TF-IDF cosine with the article), overlap with the title and glossary key terms,
/// times a length factor. The best are chosen within the budget, never two near-duplicates,
/// and shown in document order. A chosen sentence of a short quotation over several sentences
/// brings the rest of it when the budget has room; a quotation left cut is marked as such.
public struct SummarizeStage: Stage {
  public static let typeName = "summarize"
  public static let summary = "score every sentence and choose the summary within a budget"
  public static let options: [OptionSpec] = [
    OptionSpec("sentences", .integer(1...1000), default: "3", help: "how many sentences to choose"),
    OptionSpec(
      "ratio", .number(0.01...1.0), help: "choose this share of the candidate sentences instead"),
    OptionSpec("words", .integer(1...100_000), help: "choose sentences up to this many words instead"),
    OptionSpec(
      "characters", .integer(1...1_000_000), help: "choose sentences up to this many characters instead"),
    OptionSpec(
      "scorer", .choice(SentenceScorers.names), default: "features",
      help: "how sentences are scored: features (the weights below), lead, luhn, centroid, textrank, "
        + "lexrank, sumbasic, klsum (the last four take at most \(pairwiseCandidateLimit) candidate sentences)"
    ),
    OptionSpec(
      "mmr-lambda", .number(0...1), default: "1",
      help: "maximal marginal relevance: 1 picks by score alone, lower values penalize redundancy"),
    OptionSpec(
      "order", .choice(["document", "score"]), default: "document",
      help: "order of the chosen sentences in the summary"),
    OptionSpec(
      "stopwords", .paths, default: "lexicons/{source}/stopwords.txt",
      help: "words left out of content-word statistics"),
    OptionSpec(
      "debris", .paths, default: "lexicons/{source}/debris.txt",
      help: "phrases of page debris (bylines, share lines, credits) never chosen"),
    OptionSpec(
      "back-references", .paths,
      help: "sentence openings that refer back to the sentence before (Il, Ce dernier, Mais, La veille), "
        + "as in lexicons/{source}/back-references.txt"),
    OptionSpec(
      "back-reference-factor", .number(0...1), default: "0.5",
      help: "factor on the score of a sentence that opens by referring back, while the sentence before it "
        + "is not chosen (1: no effect)"),
    OptionSpec(
      "weight-position", .number(0...10), default: "\(FeaturesScorer.defaultWeights.position)",
      help: "weight of the lead bias (the four weights tuned together on the OrangeSum validation split)"),
    OptionSpec(
      "weight-centrality", .number(0...10), default: "\(FeaturesScorer.defaultWeights.centrality)",
      help: "weight of similarity to the whole article"),
    OptionSpec(
      "weight-title", .number(0...10), default: "\(FeaturesScorer.defaultWeights.title)",
      help: "weight of overlap with the title (or first paragraph)"),
    OptionSpec(
      "weight-key-terms", .number(0...10), default: "\(FeaturesScorer.defaultWeights.keyTerms)",
      help: "weight of glossary key terms"),
    OptionSpec(
      "duplicate-threshold", .number(0.1...1.0), default: "0.7",
      help: "share of shared content words above which two sentences are near-duplicates"),
    OptionSpec(
      "complete-quotations", .integer(0...50), default: "3",
      help: "also choose the rest of a chosen sentence's quotation when it runs over at most this many "
        + "sentences and fits the budget (0: never); a quotation left cut is marked […] in the brief"),
    OptionSpec(
      "language-check", .number(0...1), default: "0.15",
      help: "warn that an article of \(languageCheckMinimumWords) words or more may not be in the source "
        + "language when fewer than this share of its words are stopwords or one letter long (French news: "
        + "0.34 or more; English under French lists: 0.08 or less); with the pipeline's 'language: detect:' "
        + "lists, an article under twice this share that reads as another language is warned about too; "
        + "0 never warns"),
  ]
  public static let requires: [Layer] = [.sentences]
  public static let produces: [Layer] = [.summary]

  /// How much to choose.
  enum Budget: Sendable {
    case sentences(Int), ratio(Double), words(Int), characters(Int)

    var description: String {
      switch self {
      case .sentences(let count): return count == 1 ? "1 sentence" : "\(count) sentences"
      case .ratio(let ratio): return "\(Int((ratio * 100).rounded()))% of candidate sentences"
      case .words(let count): return "\(count) words"
      case .characters(let count): return "\(count) characters"
      }
    }
  }

  let budget: Budget
  let stopwords: WordSet
  let debris: DebrisDetector
  let tokenizer: WordTokenizer
  let stemmers: StemmerPool
  let scorer: any SentenceScorer
  let duplicateThreshold: Double
  let lambda: Double
  let scoreOrder: Bool
  /// The longest quotation, in sentences, chosen whole with one of its sentences.
  let completeQuotations: Int
  let backReferences: BackReferences
  /// The factor on the score of a sentence that refers back while the sentence before it is
  /// not chosen.
  let backReferenceFactor: Double
  /// The share of function words (stopwords and one-letter words) under which an article is
  /// said not to read as the source language; 0 never says so.
  let languageCheck: Double
  /// The source language, named in that warning.
  let language: String
  /// The stopword files, where the warning looks for the same file of another language.
  let stopwordPaths: [String]

  /// The fewest words an article is checked for its language with: a headline or a caption
  /// may hold no function word in any language.
  static let languageCheckMinimumWords = 40

  public init(options: StageOptions) throws {
    var explicit = ["sentences", "ratio", "words", "characters"].filter { options.locations[$0] != nil }
    // A budget set on the command line (`--words 40`) replaces the pipeline file's.
    let overridden = explicit.filter(options.overridden.contains)
    if overridden.count == 1 { explicit = overridden }
    if explicit.count > 1 {
      throw LexiconError(
        "set only one budget: \(explicit.map { "'\($0)'" }.joined(separator: ", ")) are all set",
        at: options.location(of: explicit[1]),
        notes: ["keep one of sentences, ratio, words or characters"])
    }
    if let characters = options.integer("characters"), explicit.contains("characters") || explicit.isEmpty {
      budget = .characters(characters)
    } else if let words = options.integer("words"), explicit.contains("words") || explicit.isEmpty {
      budget = .words(words)
    } else if let ratio = options.number("ratio"), explicit.contains("ratio") || explicit.isEmpty {
      budget = .ratio(ratio)
    } else {
      budget = .sentences(options.integer("sentences") ?? 3)
    }
    let contentWords = WordSet(try LexiconFile.wordSet(at: options.paths("stopwords")))
    self.stopwords = contentWords
    var debris = DebrisDetector()
    for path in options.paths("debris") { debris.append(try DebrisDetector(path: path)) }
    self.debris = debris
    tokenizer = try WordTokenizer(language: options.sourceLanguage)
    // Content words have two characters or more and are not stopwords; the stemmers remember
    // the verdict with the stem.
    stemmers = try StemmerPool(
      language: options.sourceLanguage, location: options.stageLocation,
      isContent: { SummarizeStage.hasTwoCharacters($0) && !contentWords.contains($0) })
    scorer = SentenceScorers.make(
      options.string("scorer") ?? "features",
      features: FeaturesScorer(
        position: options.number("weight-position") ?? FeaturesScorer.defaultWeights.position,
        centrality: options.number("weight-centrality") ?? FeaturesScorer.defaultWeights.centrality,
        title: options.number("weight-title") ?? FeaturesScorer.defaultWeights.title,
        keyTerms: options.number("weight-key-terms") ?? FeaturesScorer.defaultWeights.keyTerms))
    duplicateThreshold = options.number("duplicate-threshold") ?? 0.7
    lambda = options.number("mmr-lambda") ?? 1
    scoreOrder = options.string("order") == "score"
    completeQuotations = options.integer("complete-quotations") ?? 3
    backReferences = try BackReferences(paths: options.paths("back-references"))
    backReferenceFactor = options.number("back-reference-factor") ?? 0.5
    languageCheck = options.number("language-check") ?? 0.15
    language = options.sourceLanguage
    stopwordPaths = options.paths("stopwords")
  }

  /// What summarize reads of a part of the sentences.
  struct PartAnalysis: Sendable {
    /// Each sentence's word count, and why it is no candidate (`nil` when it is one).
    var rows: [(words: Int, reason: String?)]
    /// The sentences' stems as numbers.
    var numbering: StemNumbers.Part
    /// The sentences' stems, kept when `numbering` is not exact.
    var stems: [[String]]?
    /// How many words the part has (numbers, elisions and punctuation aside), and how many of
    /// them are function words (no content word: stopwords, one letter).
    var words = 0
    var functionWords = 0
  }

  /// Every sentence's stems, in order: a part's own when it kept them, else read back from its
  /// numbers (its distinct stems, by number).
  static func stems(of parts: [PartAnalysis]) -> [[String]] {
    parts.flatMap { part in
      if let stems = part.stems { return stems }
      precondition(part.numbering.hasStems, "a scorer that reads stems as strings must say so")
      return part.numbering.sentences.map { numbers in numbers.map { part.numbering.stems[$0] } }
    }
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    let sentences = document.sentences ?? []
    let cached = document.tokens.tokens(language: tokenizer.language, count: sentences.count)
    let title = document.title
    let needsStemText = !type(of: scorer).readsStemNumbers
    // Content words (stems, and their numbers in each part), word counts and debris of every
    // sentence. Sentences are independent: a long document's are spread over the cores.
    let parts = try Parallel.parts(sentences.count) { range in
      // Tokens come from `translate-terms` in a whole run: an ICU iterator is cloned only for
      // a run resumed without them.
      var worker: WordTokenizer.Worker?
      func tokenize(_ sentence: Sentence) throws -> TokenList {
        if let worker { return try worker.tokens(in: sentence.text) }
        let made = try tokenizer.makeWorker()
        worker = made
        return try made.tokens(in: sentence.text)
      }
      // The part's rows (word count and why a sentence is no candidate), its stems as
      // numbers, and, when `keepingStems`, every sentence's stems.
      func analyze(_ stemmer: Stemmer, keepingStems: Bool) throws -> PartAnalysis {
        let epoch = stemmer.stemNumberEpoch
        var numbering = StemNumbers.Part(range)
        // A sentence's stems are gathered here, then kept in arrays of their own size: arrays
        // made room for every token held two to three times what the stems need.
        var numbers: [Int] = []
        numbers.reserveCapacity(64)
        var stems: [String] = []
        var sentenceStems: [[String]] = []
        var partWords = 0
        var functionWords = 0
        numbering.sentences.reserveCapacity(range.count)
        let rows = try range.map { position -> (words: Int, reason: String?) in
          let sentence = sentences[position]
          let tokens = try cached?[position] ?? tokenize(sentence)
          // Words are counted and stemmed field by field: copying whole tokens cost more.
          var words = 0
          numbers.removeAll(keepingCapacity: true)
          stems.removeAll(keepingCapacity: true)
          tokens.withBuffer { tokens in
            // The memo's records of the sentence's words are fetched together, then read; each
            // word's hash, taken for the fetch, is kept for the lookup.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: tokens.count) { hashes in
              for index in 0..<tokens.count where tokens[index].kind == .word && !tokens[index].isElision {
                hashes[index] = stemmer.prefetch(utf8: tokens.normalized(index))
              }
              for index in 0..<tokens.count {
                let kind = tokens[index].kind
                guard kind != .punctuation, !tokens[index].isElision else { continue }
                words += 1
                guard kind == .word else { continue }
                partWords += 1
                guard
                  let stemNumber = stemmer.contentStemNumber(
                    utf8: tokens.normalized(index), hash: hashes[index])
                else {
                  functionWords += 1
                  continue
                }
                // (Whether the stem may hold a combining accent is asked only of a new one.)
                let number = numbering.number(
                  stemNumber: stemNumber, mayCombine: stemmer.stemMayCombine(numbered: stemNumber))
                numbers.append(number)
                if keepingStems { stems.append(stemmer.stem(numbered: stemNumber)) }
              }
            }
          }
          numbering.sentences.append(numbers.copyOfItsSize())
          if keepingStems { sentenceStems.append(stems.copyOfItsSize()) }
          let reason =
            sentence.index == title ? "title" : debris.debris(sentence).map { "debris: \($0)" }
          return (words, reason)
        }
        if stemmer.stemNumberEpoch != epoch { numbering.isExact = false }
        // The stems' text is read back only where it is needed: to join the parts of a long
        // document, or for a scorer that reads stems as strings.
        if numbering.isExact, needsStemText || range.count < sentences.count {
          numbering.resolveStems(stemmer.stem(numbered:))
        }
        return PartAnalysis(
          rows: rows, numbering: numbering, stems: keepingStems ? sentenceStems : nil, words: partWords,
          functionWords: functionWords)
      }
      return try stemmers.withStemmer { stemmer in
        // A part is read once with its stems as the stemmer's numbers alone. Where those do
        // not number it exactly (the stemmer started its numbers over, or a stem may hold a
        // combining accent) it is read again keeping every stem: then its stems are numbered
        // from their text, as they always were.
        let numbered = try analyze(stemmer, keepingStems: false)
        guard !numbered.numbering.isExact else { return numbered }
        var kept = try analyze(stemmer, keepingStems: true)
        kept.numbering.isExact = false
        return kept
      }
    }
    let analyzed = parts.count == 1 ? parts[0].rows : Array(parts.map(\.rows).joined())
    if let warning = try languageWarning(
      words: parts.reduce(0) { $0 + $1.words }, functionWords: parts.reduce(0) { $0 + $1.functionWords },
      document: document, languages: context.languages)
    {
      document.warnings.append(warning)
    }
    let wordCounts = analyzed.map(\.words)
    let keyTermCounts = SummarizeStage.distinctSources(document.terms?.matches ?? [])

    // Who is a candidate.
    var reasons = analyzed.map(\.reason)
    markLineContinuations(sentences, text: document.text ?? "", reasons: &reasons)
    // The body's first sentence, cut by a scrape that started mid-sentence.
    let bodyStart = title == 0 ? 1 : 0
    var fragment = false
    if bodyStart < sentences.count, reasons[bodyStart] == nil,
      SummarizeStage.startsMidSentence(sentences[bodyStart].text)
    {
      reasons[bodyStart] = "fragment: the text starts mid-sentence"
      fragment = true
    }
    // Stems as numbers (each part's, joined): each sentence's distinct ones, ascending, are
    // compared by merging.
    let numbers = StemNumbers(parts.map(\.numbering)) { parts[$0].stems ?? [] }
    let sets = try Parallel.map(numbers.sentences.count) { range in
      range.map { position -> [Int] in
        var sorted = numbers.sentences[position].sorted()
        var last = -1
        sorted.removeAll { number in
          defer { last = number }
          return number == last
        }
        return sorted
      }
    }
    markPullQuotes(sentences, sets: sets, reasons: &reasons)
    var candidates = sentences.indices.filter { reasons[$0] == nil && !sets[$0].isEmpty }
    // A text whose only sentence worth a summary starts in lowercase (`pendant la guerre, il a
    // fui.` given alone) is summarized by it, not left without a summary.
    if candidates.isEmpty, fragment, !sets[bodyStart].isEmpty {
      reasons[bodyStart] = nil
      candidates = [bodyStart]
    }
    for index in sentences.indices where reasons[index] == nil && sets[index].isEmpty {
      reasons[index] = "no content words"
    }

    // Scores.
    // The title's stems, or the first paragraph's, given as sentences: the scorer counts their
    // numbers.
    let titleSentences =
      document.title.map { [$0] }
      ?? candidates.filter { sentences[$0].paragraph == sentences[candidates[0]].paragraph }
    // Each sentence's stems, made only if the scorer asks for them: a part's own when it kept
    // them, else read back from its numbers.
    let stems: @Sendable () -> [[String]] = { SummarizeStage.stems(of: parts) }
    var input = ScoringInput(
      candidates: candidates, stems: stems, wordCounts: wordCounts, keyTermCounts: keyTermCounts)
    input.numbers = numbers
    input.titleSentences = titleSentences
    try Self.checkLimit(of: scorer, candidates: candidates.count, stage: context.stageID)
    let verdicts = scorer.score(input)
    var rows: [SentenceScore] = sentences.indices.map {
      SentenceScore(
        sentence: $0, total: 0, components: nil, rank: nil, chosen: false, reason: reasons[$0] ?? "")
    }
    for index in candidates {
      rows[index].components = verdicts[index]?.components
      rows[index].total = round4(verdicts[index]?.score ?? 0)
    }
    // (Sorted as pairs: comparing in place beats reaching into the rows.)
    let ranked = candidates.map { (total: rows[$0].total, index: $0) }
      .sorted { $0.total != $1.total ? $0.total > $1.total : $0.index < $1.index }.map(\.index)
    for (rank, index) in ranked.enumerated() { rows[index].rank = rank + 1 }

    // Choice within the budget, by maximal marginal relevance, never two near-duplicates.
    let limit: Int
    switch budget {
    case .sentences(let count): limit = count
    case .ratio(let ratio): limit = max(1, Int((ratio * Double(candidates.count)).rounded()))
    case .words, .characters: limit = Int.max
    }
    let best = ranked.first.map { rows[$0].total } ?? 0
    // With λ = 1, redundancy weighs nothing ((1 - λ) · similarity is 0): no vectors needed.
    var similarities =
      lambda == 1
      ? nil
      : ChosenSimilarity(
        vectors: numbers.sentences.map(StemVector.init(frequenciesOf:)), candidates: candidates,
        stems: numbers.count)
    // (Every sentence added to `chosen` is told to `similarities`.)
    var chosen: [Int] = []
    /// The highest cosine of `index` with a chosen sentence.
    func similarity(_ index: Int) -> Double { similarities?.highest[index] ?? 0 }
    let quotations = QuotationContext(sentences)
    /// The size of `index` in the budget's unit (0 when it counts sentences), with a separator
    /// unless it comes first.
    func budgetSize(of index: Int, first: Bool) -> Int {
      switch budget {
      case .words: return wordCounts[index]
      case .characters: return sentences[index].text.count + (first ? 0 : 1)
      default: return 0
      }
    }
    // A sentence that opens by referring back (`Il`, `Mais`, `La veille`) counts its score
    // times `backReferenceFactor` while the sentence before it is not chosen. Openings are read
    // only of the sentences the choice reaches.
    // (Each sentence's marks are kept by position, `openingRead` and `waits`: hashing each one
    // asked cost more than reading the openings.)
    let openingRead: UInt8 = 1
    let waits: UInt8 = 2
    var marks: [UInt8] = []
    var openings: [Int: BackReferences.Opening] = [:]
    func opening(_ index: Int) -> BackReferences.Opening? {
      guard index > 0, backReferenceFactor < 1, !backReferences.isEmpty else { return nil }
      if marks.isEmpty { marks = [UInt8](repeating: 0, count: sentences.count) }
      if marks[index] & openingRead == 0 {
        marks[index] |= openingRead
        guard let found = backReferences.opening(of: sentences[index].text) else { return nil }
        openings[index] = found
        return found
      }
      return openings.isEmpty ? nil : openings[index]
    }
    // (The title is shown above the summary: a sentence after it may refer to it.)
    func factor(_ index: Int) -> Double {
      opening(index) == nil || rows[index - 1].chosen || index - 1 == title ? 1 : backReferenceFactor
    }
    /// Notes in the row of `index` how it opens, and the factor its score was weighed by.
    func noteOpening(_ index: Int) {
      guard let opening = opening(index) else { return }
      let factor = factor(index)
      rows[index].backReference = SummaryBackReference(
        opening: opening.text, kind: opening.kind, sentence: index - 1, factor: factor)
      guard factor < 1 else { return }
      rows[index].reason +=
        " (\u{201C}\(opening.text)\u{201D} refers back to sentence \(index - 1), not chosen: "
        + "score × \(backReferenceFactor))"
    }
    // With λ = 1, the sentences the ranking reached whose score is weighed down, in rank order
    // (so their weighed scores too): each waits until its weighed score is the best left. One
    // whose sentence before is chosen meanwhile is released: it ranked above all that is left.
    var waiting: [Int] = []
    var waitingHead = 0
    var released: [Int] = []
    func release(after chosen: Int) {
      guard !marks.isEmpty, chosen + 1 < marks.count, marks[chosen + 1] & waits != 0 else { return }
      marks[chosen + 1] &= ~waits
      released.append(chosen + 1)
      released.sort { rows[$0].total != rows[$1].total ? rows[$0].total > rows[$1].total : $0 < $1 }
    }
    // Whether a sentence nearly repeats a chosen one is asked of each chosen sentence in turn,
    // up to 64 of them; past that, of an inverted index of their stems (a long document's
    // summary by ratio chose thousands, and each check read them all).
    var chosenStems: SentenceStemIndex?
    func syncChosenStems() {
      guard chosen.count > PickedSets.limit else { return }
      if chosenStems == nil {
        chosenStems = SentenceStemIndex(stems: numbers.count, sentences: sentences.count)
      }
      chosenStems?.add(chosen, sets: sets)
    }
    func firstChosenTwin(of index: Int) -> Int? {
      syncChosenStems()
      guard let chosenStems else { return chosen.first(where: { nearDuplicate(sets[$0], sets[index]) }) }
      return firstTwin(of: sets[index], in: chosenStems, sets: sets) { _ in true }
    }
    // With λ < 1, the sentences not picked yet, by the value they had when last looked at (a
    // sentence's value only falls as sentences are chosen, but for its back-reference factor:
    // the sentence after a chosen one is queued again).
    var queue: RelevanceQueue?
    var picked = lambda < 1 ? [Bool](repeating: false, count: sentences.count) : []
    func mmrValue(_ index: Int) -> Double {
      let relevance = best > 0 ? rows[index].total * factor(index) / best : 0
      return lambda * relevance - (1 - lambda) * similarity(index)
    }
    func requeue(after chosen: Int) {
      guard lambda < 1, chosen + 1 < sentences.count, !picked[chosen + 1],
        let rank = rows[chosen + 1].rank.map({ $0 - 1 })
      else { return }
      queue?.push(mmrValue(chosen + 1), rank)
    }
    var used = 0
    var cursor = 0  // the next in the ranking with λ = 1; with λ < 1, how many were picked
    while cursor < ranked.count || waitingHead < waiting.count || !released.isEmpty {
      if chosen.count >= limit {
        // The budget is full: what is left is a near-duplicate or over budget, in rank order
        // (a long document's rest is weighed on the cores).
        // (Sentences chosen with their quotation keep their row.)
        var left =
          lambda < 1
          ? ranked.filter { !picked[$0] && !rows[$0].chosen } : ranked[cursor...].filter { !rows[$0].chosen }
        // (A waiting sentence may have been chosen since, with a quotation.)
        if !waiting.isEmpty {
          left += (waiting[waitingHead...].filter { marks[$0] & waits != 0 } + released).filter {
            !rows[$0].chosen
          }
        }
        let rest = left
        let picked = chosen
        let twins = PickedSets(picked, sets: sets, numbers: numbers.count)
        // (Past 64 chosen sentences, the inverted index of their stems.)
        if twins == nil { syncChosenStems() }
        let many = chosenStems
        let highest = similarities?.highest
        let verdicts = try Parallel.map(rest.count) { range in
          range.map { position -> (redundancy: Double, reason: String) in
            let index = rest[position]
            let redundancy = round4((1 - lambda) * (highest?[index] ?? 0))
            let twin =
              twins.map { twins in
                twins.first(of: sets[index]) { nearDuplicate(shared: $1, sets[$0].count, sets[index].count) }
              }
              ?? many.flatMap { many in firstTwin(of: sets[index], in: many, sets: sets) { _ in true } }
            if let twin { return (redundancy, "near-duplicate of sentence \(twin)") }
            return (redundancy, "over budget")
          }
        }
        for (index, verdict) in zip(rest, verdicts) {
          rows[index].redundancy = verdict.redundancy
          rows[index].reason = verdict.reason
        }
        // (The openings read: those weighed in the ranking, and all with λ < 1.)
        if !openings.isEmpty {
          for index in rest where openings[index] != nil { noteOpening(index) }
        }
        break
      }
      let index: Int
      if lambda < 1 {
        // The best value left: relevance (weighed by the back-reference factor) against the
        // highest similarity with a chosen sentence; on a tie the better ranked.
        if queue == nil { queue = RelevanceQueue(ranked.indices.map { (mmrValue(ranked[$0]), $0) }) }
        guard let rank = queue?.popBest(value: { mmrValue(ranked[$0]) }, isLeft: { !picked[ranked[$0]] })
        else { break }
        picked[ranked[rank]] = true
        cursor += 1
        index = ranked[rank]
      } else {
        let next = cursor < ranked.count ? ranked[cursor] : nil
        if let next, !rows[next].chosen, factor(next) < 1 {
          marks[next] |= waits
          waiting.append(next)
          cursor += 1
          continue
        }
        while waitingHead < waiting.count, marks[waiting[waitingHead]] & waits == 0 { waitingHead += 1 }
        // The first waiting sentence goes before the ranking's next when its weighed score is as
        // high: it ranked above it.
        if !released.isEmpty {
          index = released.removeFirst()
        } else if waitingHead < waiting.count,
          next.map({ rows[waiting[waitingHead]].total * backReferenceFactor >= rows[$0].total }) ?? true
        {
          index = waiting[waitingHead]
          marks[index] &= ~waits
          waitingHead += 1
        } else if let next {
          index = next
          cursor += 1
        } else {
          break
        }
      }
      if rows[index].chosen { continue }  // chosen with its quotation
      rows[index].redundancy = round4((1 - lambda) * similarity(index))
      if let twin = firstChosenTwin(of: index) {
        rows[index].reason = "near-duplicate of sentence \(twin)"
        noteOpening(index)
        continue
      }
      let size = budgetSize(of: index, first: chosen.isEmpty)
      var fits = chosen.count < limit
      switch budget {
      case .words(let maximum), .characters(let maximum): fits = chosen.isEmpty || used + size <= maximum
      default: break
      }
      guard fits else {
        rows[index].reason = "over budget"
        noteOpening(index)
        continue
      }
      chosen.append(index)
      similarities?.choose(index)
      used += size
      rows[index].chosen = true
      rows[index].reason = "chosen"
      requeue(after: index)
      noteOpening(index)
      release(after: index)
      // The rest of its quotation, when it fits too.
      let others = quotationToComplete(of: index, quotations: quotations, rows: rows, reasons: reasons)
      guard !others.isEmpty else { continue }
      let extra = others.reduce(0) { $0 + budgetSize(of: $1, first: false) }
      switch budget {
      case .words(let maximum), .characters(let maximum): guard used + extra <= maximum else { continue }
      default: guard chosen.count + others.count <= limit else { continue }
      }
      // (In score order, the quotation is shown whole where its chosen sentence is.)
      chosen.removeLast()
      chosen += ([index] + others).sorted()
      for member in others { similarities?.choose(member) }
      used += extra
      for member in others {
        rows[member].chosen = true
        rows[member].reason = "chosen with sentence \(index), for its quotation"
        requeue(after: member)
        release(after: member)
      }
    }
    let shown = scoreOrder ? chosen : chosen.sorted()
    markQuotations(shown, quotations: quotations, rows: &rows)
    document.summary = SummaryLayer(budget: budget.description, scores: rows, chosen: shown)
  }

  /// The other sentences of the quotation `index` is part of, in document order, to choose
  /// with it: none when the quotation runs over more than `completeQuotations` sentences or
  /// one of them is no candidate (debris, the title, a heading; a sentence without content
  /// words may be one).
  func quotationToComplete(
    of index: Int, quotations: QuotationContext, rows: [SentenceScore], reasons: [String?]
  )
    -> [Int]
  {
    guard completeQuotations > 1, let around = quotations.sentences(around: index),
      around.count <= completeQuotations,
      around.allSatisfy({ reasons[$0] == nil || reasons[$0] == "no content words" })
    else { return [] }
    return around.filter { $0 != index && !rows[$0].chosen }
  }

  /// Says of each chosen sentence shown (in the order `shown`) that is part of a quotation
  /// over several sentences whether it follows on from the sentence shown before it, and where
  /// it cuts its quotation: the brief joins the one and marks the other.
  func markQuotations(_ shown: [Int], quotations: QuotationContext, rows: inout [SentenceScore]) {
    for (position, index) in shown.enumerated() {
      let start = quotations.openAtStart(index)
      let end = quotations.openAtEnd(index)
      guard start != nil || end != nil else { continue }
      let followsOn = start != nil && position > 0 && shown[position - 1] == index - 1
      let followed = end != nil && position + 1 < shown.count && shown[position + 1] == index + 1
      let cutBefore = followsOn ? nil : start?.mark
      let cutAfter = followed ? nil : end.map { Quotation.closingMark(of: $0.mark) }
      guard followsOn || cutBefore != nil || cutAfter != nil else { continue }
      rows[index].quotation = SummaryQuotation(cutBefore: cutBefore, cutAfter: cutAfter, followsOn: followsOn)
      if cutBefore != nil || cutAfter != nil { rows[index].reason += " (quotation cut: marked […])" }
    }
  }

  /// Whether `word` has more than one character. Two scalars below U+0300 (no combining mark
  /// among them) are two characters; only other words need a grapheme count, which cost more
  /// than the rest of a word's reading.
  static func hasTwoCharacters(_ word: String) -> Bool {
    // (The bytes are read from the string's storage: iterating its UTF-8 view costs several
    // times more.)
    var word = word
    return word.withUTF8(hasTwoScalars) ?? (word.count > 1)
  }

  /// Whether `bytes` hold more than one scalar, or `nil` at a lead byte from 0xCC, which starts
  /// a scalar from U+0300, perhaps a combining mark.
  private static func hasTwoScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    var scalars = 0
    for byte in bytes where byte & 0xC0 != 0x80 {
      if byte >= 0xCC { return nil }
      scalars += 1
    }
    return scalars > 1
  }

  /// How many distinct glossary terms each sentence with terms has. Matches come in sentence
  /// order, so each sentence's run is counted with a short scan instead of a set.
  static func distinctSources(_ matches: [TermMatch]) -> [Int: Int] {
    // (By index: pairs of matches would copy every string of both.)
    guard matches.indices.dropFirst().allSatisfy({ matches[$0 - 1].sentence <= matches[$0].sentence }) else {
      return Dictionary(grouping: matches, by: \.sentence).mapValues { Set($0.map(\.source)).count }
    }
    var counts = [Int: Int](minimumCapacity: matches.count)
    var start = 0
    var sources: [String] = []
    while start < matches.count {
      var end = start
      sources.removeAll(keepingCapacity: true)
      while end < matches.count, matches[end].sentence == matches[start].sentence {
        if !sources.contains(matches[end].source) { sources.append(matches[end].source) }
        end += 1
      }
      counts[matches[start].sentence] = sources.count
      start = end
    }
    return counts
  }

  /// Whether `text` opens as no sentence does: with a comma, a semicolon, a colon, a closing
  /// bracket or guillemet (`, diffusé ce vendredi 10 février à 21h.`), or with a word in
  /// lowercase that has no capital (`une défense de narval.`, but not `iPhone`). A scrape that
  /// started mid-sentence leaves such an opening (4 of the 1,500 OrangeSum articles).
  static func startsMidSentence(_ text: String) -> Bool {
    // (A capital, a digit or an opening mark in ASCII settles it without Unicode's tables.)
    if let byte = text.utf8.first, byte < 0x80, !(0x61...0x7A).contains(byte),
      !",;:)] \t\n".utf8.contains(byte)
    {
      return false
    }
    let scalars = text.unicodeScalars.drop { $0.properties.isWhitespace }
    guard let first = scalars.first else { return false }
    if ",;:)]»".unicodeScalars.contains(first) { return true }
    guard first.properties.isLowercase else { return false }
    return !scalars.prefix { $0.properties.isAlphabetic }.contains { $0.properties.isUppercase }
  }

  /// The rest of a line that debris opens is debris too: `Read more: What a shutdown means`,
  /// a cookie notice's second sentence, the text after `Lire aussi :`.
  func markLineContinuations(_ sentences: [Sentence], text: String, reasons: inout [String?]) {
    guard sentences.count > 1 else { return }
    var text = text
    text.withUTF8 { bytes in
      // Sentences come in order: a forward cursor finds their bytes without decoding the text.
      var cursor = ScalarCursor(bytes)
      for index in 1..<sentences.count where reasons[index] == nil {
        let previous = sentences[index - 1]
        guard let reason = reasons[index - 1], reason.hasPrefix("debris: "),
          !reason.contains("pull quote"), !reason.hasSuffix("heading"), !reason.hasSuffix("section label")
        else { continue }
        guard previous.span.end <= sentences[index].span.start,
          let from = cursor.byteOffset(previous.span.end),
          let to = cursor.byteOffset(sentences[index].span.start)
        else { continue }
        guard !bytes[from..<to].contains(0x0A) else { continue }
        reasons[index] = reason.hasSuffix("(rest of the line)") ? reason : reason + " (rest of the line)"
      }
    }
  }

  func markPullQuotes(
    _ sentences: [Sentence], sets: [[Int]], reasons: inout [String?], indexPast threshold: Int = 1 << 16
  ) {
    // (Counted in place: grouping copied every sentence into an array per paragraph.)
    var perParagraph = [Int: Int](minimumCapacity: 16)
    for sentence in sentences { perParagraph[sentence.paragraph, default: 0] += 1 }
    func standsAlone(_ sentence: Sentence) -> Bool {
      sentence.standalone && perParagraph[sentence.paragraph] == 1
    }
    let lonely = sentences.indices.filter { reasons[$0] == nil && standsAlone(sentences[$0]) }
    guard !lonely.isEmpty else { return }
    // Past some 65,000 comparisons (a long text of one-sentence paragraphs took 24 s for 3 MB),
    // the candidates' stems are looked up in an inverted index instead of compared one by one.
    var index: SentenceStemIndex?
    if lonely.count * sentences.count > threshold {
      var built = SentenceStemIndex(
        stems: (sets.compactMap(\.last).max() ?? -1) + 1, sentences: sentences.count)
      built.add(sentences.indices.filter { reasons[$0] == nil }, sets: sets)
      index = built
    }
    for position in lonely {
      let sentence = sentences[position]
      let twin: Int?
      if let index {
        twin = firstTwin(of: sets[position], in: index, sets: sets) { other in
          other != position && sentences[other].paragraph != sentence.paragraph && reasons[other] == nil
        }
      } else {
        twin =
          sentences.first {
            $0.index != position && $0.paragraph != sentence.paragraph && reasons[$0.index] == nil
              && nearDuplicate(sets[$0.index], sets[position])
          }?.index
      }
      guard let twin, !(standsAlone(sentences[twin]) && twin > position) else { continue }
      reasons[position] = "debris: pull quote (repeats sentence \(twin))"
    }
  }

  /// Whether most content words of the shorter sentence are in the longer one.
  func nearDuplicate(_ a: Set<String>, _ b: Set<String>) -> Bool {
    nearDuplicate(shared: a.intersection(b).count, a.count, b.count)
  }

  /// The same rule over distinct stem numbers in ascending order, counted by merging.
  func nearDuplicate(_ a: [Int], _ b: [Int]) -> Bool {
    nearDuplicate(shared: SentenceStemIndex.sharedCount(a, b), a.count, b.count)
  }

  /// Under three words, only the same words; else the shared share of the smaller.
  func nearDuplicate(shared: Int, _ countA: Int, _ countB: Int) -> Bool {
    let smaller = min(countA, countB)
    guard smaller >= 3 else { return shared == countA && countA == countB && countA > 0 }
    return Double(shared) / Double(smaller) >= duplicateThreshold
  }

  /// The sentence of `index` first in its order that nearly repeats the sentence of `set` and
  /// that `accepts`. A twin shares all of a set of one or two numbers; of three or more, at
  /// least as many as the threshold asks of three (3 at 0.7, 1 at 0.1): so the index reads only
  /// the sentences that hold one of the set's rarest numbers (see
  /// `SentenceStemIndex.firstInOrder`), at most 512 of them.
  func firstTwin(
    of set: [Int], in index: SentenceStemIndex, sets: [[Int]], where accepts: (Int) -> Bool
  ) -> Int? {
    let leastShared = (1...3).first { Double($0) / 3 >= duplicateThreshold } ?? 4
    return index.firstInOrder(
      of: set, sharing: set.count < 3 ? set.count : leastShared, sets: sets, limit: 512
    ) {
      accepts($0) && nearDuplicate(shared: $1, sets[$0].count, set.count)
    }
  }
}

extension SummarizeStage {
  /// Throws when `scorer` takes fewer candidate sentences than `candidates`, naming the
  /// scorers that take any number.
  static func checkLimit(of scorer: any SentenceScorer, candidates: Int, stage: String) throws {
    guard let maximum = type(of: scorer).maximumCandidates, candidates > maximum else { return }
    throw StageError(
      stage: stage,
      "the \(type(of: scorer).name) scorer takes at most \(maximum) candidate sentences, "
        + "and this text has \(candidates)",
      notes: [
        "its time or memory grows with the square of their number: for a text this long use the "
          + "features, centroid, luhn or lead scorer, or split the text"
      ])
  }
}

func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

/// The chosen sentences' stem numbers as bits, one bit a chosen sentence (up to 64), so that
/// how many numbers a sentence shares with each chosen one is counted in one pass over its own
/// numbers instead of one merge a chosen sentence.
struct PickedSets: Sendable {
  /// The most chosen sentences it holds.
  static let limit = 64
  /// The chosen sentences, in order.
  let picked: [Int]
  /// For each stem number, a bit for each chosen sentence that holds it.
  private let bits: [UInt64]

  /// The bits of the distinct numbers of `picked` (indices into `sets`), numbers below
  /// `numbers`; `nil` when more than 64 sentences are chosen.
  init?(_ picked: [Int], sets: [[Int]], numbers: Int) {
    guard picked.count <= PickedSets.limit else { return nil }
    var bits = [UInt64](filling: 0, count: numbers)
    for (position, sentence) in picked.enumerated() {
      for number in sets[sentence] { bits[number] |= 1 << UInt64(position) }
    }
    self.picked = picked
    self.bits = bits
  }

  /// The first chosen sentence, in order, for which `isTwin(chosen, shared)` holds, where
  /// `shared` is how many of the distinct numbers `set` it holds.
  func first(of set: [Int], where isTwin: (Int, Int) -> Bool) -> Int? {
    // (On the stack: at most 64 counts, for each sentence left out.)
    withUnsafeTemporaryAllocation(of: Int.self, capacity: picked.count) { shared in
      shared.initialize(repeating: 0)
      for number in set {
        var mask = bits[number]
        while mask != 0 {
          shared[mask.trailingZeroBitCount] += 1
          mask &= mask - 1
        }
      }
      for (position, sentence) in picked.enumerated() where isTwin(sentence, shared[position]) {
        return sentence
      }
      return nil
    }
  }
}

/// Sentences' distinct stem numbers, inverted: for each stem number, the sentences added that
/// hold it, so that a sentence's twin is looked for among those that share its rarest numbers,
/// not among all. (The chosen sentences of a long summary; the candidates a long text's
/// one-sentence paragraphs are compared with.)
struct SentenceStemIndex: Sendable {
  /// For each stem number, the sentences added that hold it.
  private var postings: [[Int32]]
  /// Each sentence's place in the order the chosen sentences were given (-1: not chosen).
  private var order: [Int32]
  /// How many of the chosen sentences given are in the index.
  private var indexed = 0

  /// An empty index for stem numbers below `stems` and sentences below `sentences`.
  init(stems: Int, sentences: Int) {
    postings = Array(repeating: [], count: stems)
    order = Array(repeating: -1, count: sentences)
  }

  /// Adds the sentences of `chosen` past those already added (`chosen` only grows at its end),
  /// whose distinct stem numbers, ascending, are `sets`.
  mutating func add(_ chosen: [Int], sets: [[Int]]) {
    while indexed < chosen.count {
      let sentence = chosen[indexed]
      order[sentence] = Int32(indexed)
      for number in sets[sentence] { postings[number].append(Int32(sentence)) }
      indexed += 1
    }
  }

  /// The sentence first in order for which `isTwin(sentence, shared)` holds, where `shared` is
  /// how many of the distinct numbers `set` it holds, and which holds only of a sentence that
  /// shares at least `required` of them (and at least one). Any such sentence holds one of the
  /// `set.count - required + 1` numbers held by the fewest sentences, so only those numbers'
  /// sentences are read, in order, each compared whole with `set` (`sets`), until one is a
  /// twin. Past `limit` sentences read, there is taken to be none. (Counting every sentence
  /// that shares a number with `set` took quadratic time on a text whose sentences share a
  /// word or two: 36 s for 2 MB of one line repeated, 13 s for the summary of half of 80,000
  /// sentences.)
  func firstInOrder(
    of set: [Int], sharing required: Int, sets: [[Int]], limit: Int, where isTwin: (Int, Int) -> Bool
  ) -> Int? {
    let required = max(1, required)
    guard set.count >= required else { return nil }
    let probes = set.sorted { postings[$0].count < postings[$1].count }.prefix(set.count - required + 1)
    var cursors = [Int](repeating: 0, count: probes.count)
    var read = 0
    while read < limit {
      // The next sentence in order among the probes' lists.
      var next: Int32?
      for (slot, number) in probes.enumerated() where cursors[slot] < postings[number].count {
        let sentence = postings[number][cursors[slot]]
        if next.map({ order[Int(sentence)] < order[Int($0)] }) ?? true { next = sentence }
      }
      guard let next else { return nil }
      for (slot, number) in probes.enumerated()
      where cursors[slot] < postings[number].count && postings[number][cursors[slot]] == next {
        cursors[slot] += 1
      }
      read += 1
      let sentence = Int(next)
      if isTwin(sentence, SentenceStemIndex.sharedCount(set, sets[sentence])) { return sentence }
    }
    return nil
  }

  /// How many numbers two ascending lists of distinct numbers share.
  static func sharedCount(_ a: [Int], _ b: [Int]) -> Int {
    var shared = 0
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      if a[i] == b[j] {
        shared += 1
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return shared
  }
}

/// Sentences by rank (their place in the ranking), each with a value that may only have fallen
/// since it was queued: the best left is found by taking the best queued, working its value out
/// again, and queueing it again when it fell (maximal marginal relevance, whose redundancy only
/// grows as sentences are chosen). A value that rose is queued again by the caller.
struct RelevanceQueue {
  /// A binary heap, the best first: the higher value, then the better (lower) rank.
  private var heap: [(value: Double, rank: Int)]

  /// The queue of `entries`.
  init(_ entries: [(value: Double, rank: Int)]) {
    heap = entries
    for position in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(position) }
  }

  /// Queues `rank` with `value` (again).
  mutating func push(_ value: Double, _ rank: Int) {
    heap.append((value, rank))
    var position = heap.count - 1
    while position > 0 {
      let parent = (position - 1) / 2
      guard Self.precedes(heap[position], heap[parent]) else { break }
      heap.swapAt(position, parent)
      position = parent
    }
  }

  /// Takes the rank whose value, worked out now by `value`, is the best of those `isLeft` keeps;
  /// `nil` when none is left.
  mutating func popBest(value: (Int) -> Double, isLeft: (Int) -> Bool) -> Int? {
    while let top = heap.first {
      removeFirst()
      guard isLeft(top.rank) else { continue }
      let now = value(top.rank)
      // Worked out as when queued: the best. (Higher than queued: the caller queued it
      // again with that value, which is still in the queue.)
      if now == top.value { return top.rank }
      if now < top.value { push(now, top.rank) }
    }
    return nil
  }

  private static func precedes(_ a: (value: Double, rank: Int), _ b: (value: Double, rank: Int)) -> Bool {
    a.value != b.value ? a.value > b.value : a.rank < b.rank
  }

  private mutating func removeFirst() {
    let last = heap.removeLast()
    guard !heap.isEmpty else { return }
    heap[0] = last
    siftDown(0)
  }

  private mutating func siftDown(_ start: Int) {
    var position = start
    while true {
      var best = position
      for child in [2 * position + 1, 2 * position + 2]
      where child < heap.count && Self.precedes(heap[child], heap[best]) {
        best = child
      }
      if best == position { return }
      heap.swapAt(position, best)
      position = best
    }
  }
}

/// Each candidate's highest cosine with the chosen sentences (the redundancy of maximal
/// marginal relevance), kept as sentences are chosen: a chosen sentence's cosines are worked out
/// with the candidates that share a stem with it, found through the candidates of each stem,
/// once. (Asking each candidate's cosine with every chosen sentence at every pick took 17.6 s
/// for a summary of 396 of the 4,115 sentences of 600 KB of news.)
struct ChosenSimilarity {
  /// Every sentence's term frequencies.
  private let vectors: [StemVector]
  /// For each stem number, the candidates that hold it and the stem's weight in their vectors
  /// (kept here: reading it from each vector was a cache miss a candidate).
  private var postings: [[(sentence: Int32, weight: Double)]]
  /// By sentence, the highest cosine with a chosen sentence (0 before any).
  private(set) var highest: [Double]
  /// By sentence, a dot product being summed, and the sentences summed.
  private var dots: [Double]
  private var touched: [Int] = []

  /// No sentence chosen yet, among `vectors` (every sentence's, by stem numbers below
  /// `stems`), of which `candidates` may be asked about.
  init(vectors: [StemVector], candidates: [Int], stems: Int) {
    self.vectors = vectors
    postings = Array(repeating: [], count: stems)
    for sentence in candidates {
      for (number, weight) in zip(vectors[sentence].numbers, vectors[sentence].weights) {
        postings[number].append((Int32(sentence), weight))
      }
    }
    highest = Array(repeating: 0, count: vectors.count)
    dots = Array(repeating: 0, count: vectors.count)
  }

  /// Notes that `chosen` is chosen. Cosines are those of `StemVector.cosine`, the products
  /// summed in ascending stem order.
  mutating func choose(_ chosen: Int) {
    let vector = vectors[chosen]
    guard vector.norm > 0 else { return }
    for (position, number) in vector.numbers.enumerated() {
      let weight = vector.weights[position]
      for holder in postings[number] {
        let sentence = Int(holder.sentence)
        if dots[sentence] == 0 { touched.append(sentence) }
        dots[sentence] += holder.weight * weight
      }
    }
    for sentence in touched {
      let cosine = dots[sentence] / (vectors[sentence].norm * vector.norm)
      if cosine > highest[sentence] { highest[sentence] = cosine }
      dots[sentence] = 0
    }
    touched.removeAll(keepingCapacity: true)
  }
}

extension Array {
  /// A copy in storage of its own size. (`Array(self[...])` would share this array's storage
  /// when the slice spans it all, and so keep its spare room.)
  fileprivate func copyOfItsSize() -> [Element] {
    var copy: [Element] = []
    copy.reserveCapacity(count)
    copy.append(contentsOf: self)
    return copy
  }
}

extension SummarizeStage {
  /// The warning that `document`, of `words` words, `functionWords` of them stopwords or one
  /// letter long, may not be in the source language (an English article read with French
  /// rules and a French glossary, where `billion` is rendered *trillion*), or `nil`. It names
  /// the language whose stopwords the article reads as, when the lexicons have one.
  ///
  /// With the pipeline's word lists (`languages`, `language: detect:` and `recognize:`), an
  /// article past the check but short of twice its share is also read as they tell languages
  /// apart, and one that reads as another language is warned of: a Spanish article has a
  /// quarter of its words among the French stopwords, French news two fifths or more.
  func languageWarning(
    words: Int, functionWords: Int, document: Document, languages: LanguageLists? = nil
  ) throws -> Diagnostic? {
    guard languageCheck > 0, words >= SummarizeStage.languageCheckMinimumWords else { return nil }
    let share = Double(functionWords) / Double(words)
    guard share < languageCheck * 2 else { return nil }
    // (Read only for an article the check doubts: most are past twice its share.)
    let read = try languages.flatMap { lists in
      try document.text.map { (lists, try lists.guesser().guess($0, fallback: language)) }
    }
    let percent = { (value: Double) in "\(Int((value * 100).rounded()))%" }
    guard share < languageCheck else {
      guard let (lists, read) = read, read != language else { return nil }
      return Diagnostic(
        .warning,
        "the article may not be in the source language '\(language)': it reads as "
          + "\(LanguageGuesser.name(of: read)), and \(percent(share)) of its \(words) words are '\(language)' "
          + "stopwords or one letter long",
        at: SourceLocation(file: document.source),
        notes: [languageFix(read, briefed: lists.detected.contains(read))])
    }
    var message =
      "the article may not be in the source language '\(language)': only \(percent(share)) of its \(words) "
      + "words are '\(language)' stopwords or one letter long (the check warns under \(percent(languageCheck)))"
    var fix =
      "run it with a pipeline for its language (--pipeline), or with --language when this pipeline's "
      + "lexicons have that language; set summarize's 'language-check' to 0 to stop this warning"
    if let guess = try likelyLanguage(of: document), guess.share >= languageCheck * 2 {
      message += "; \(percent(guess.share)) are '\(guess.language)' ones"
      fix = languageFix(guess.language, briefed: true)
    } else if let (lists, read) = read, read != language {
      message += "; it reads as \(LanguageGuesser.name(of: read))"
      fix = languageFix(read, briefed: lists.detected.contains(read))
    }
    return Diagnostic(.warning, message, at: SourceLocation(file: document.source), notes: [fix])
  }

  /// How to brief an article in `other`, whose lexicons the pipeline has when `briefed`.
  func languageFix(_ other: String, briefed: Bool) -> String {
    (briefed
      ? "run it with --language \(other) (this pipeline's lexicons have '\(other)'), a corpus in several "
        + "languages with --language auto, or with a pipeline for '\(other)' (--pipeline)"
      : "this pipeline has no lexicons for '\(other)': run it with a pipeline for '\(other)' (--pipeline), "
        + "or a corpus in several languages with --language auto, which reports such an article")
      + "; set summarize's 'language-check' to 0 to stop this warning"
  }

  /// The other language whose stopwords are the largest share of `document`'s words (stopwords
  /// and one-letter words), with that share: among the languages whose folder beside the
  /// source language's holds a stopword file of the same name (`lexicons/en/stopwords.txt`
  /// beside `lexicons/fr/stopwords.txt`). Read only for the warning.
  func likelyLanguage(of document: Document) throws -> (language: String, share: Double)? {
    var others: [(language: String, path: String)] = []
    for path in stopwordPaths {
      let file = URL(fileURLWithPath: path)
      let folder = file.deletingLastPathComponent()
      guard folder.lastPathComponent == language else { continue }
      let root = folder.deletingLastPathComponent()
      let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
      for name in names.sorted() where name != language && !name.hasPrefix(".") {
        let other = root.appendingPathComponent(name).appendingPathComponent(file.lastPathComponent).path
        if FileManager.default.isReadableFile(atPath: other) { others.append((name, other)) }
      }
    }
    guard !others.isEmpty else { return nil }
    let sentences = document.sentences ?? []
    let worker = try tokenizer.makeWorker()
    let tokens =
      try document.tokens.tokens(language: tokenizer.language, count: sentences.count)
      ?? sentences.map { try worker.tokens(in: $0.text) }
    var best: (language: String, share: Double)?
    for (other, path) in others {
      guard let stopwords = try? LexiconFile.wordSet(at: path) else { continue }
      var words = 0
      var functionWords = 0
      for list in tokens {
        for index in list.indices where list[index].kind == .word && !list[index].isElision {
          words += 1
          let word = list.normalized(at: index)
          if !SummarizeStage.hasTwoCharacters(word) || stopwords.contains(word) { functionWords += 1 }
        }
      }
      let share = words == 0 ? 0 : Double(functionWords) / Double(words)
      if share > (best?.share ?? 0) { best = (other, share) }
    }
    return best
  }
}
