import Foundation
import PrecisCore

/// Extractive summarization by sentence scoring. Every sentence gets a row: debris, headings
/// and the title are set aside with the reason; the others are scored on position,
/// centrality (TF-IDF cosine with the article), overlap with the title and glossary key terms,
/// times a length factor. The best are chosen within the budget, never two near-duplicates,
/// and shown in document order.
public struct SummarizeStage: Stage {
  public static let typeName = "summarize"
  public static let summary = "score every sentence and choose the summary within a budget"
  public static let options: [OptionSpec] = [
    OptionSpec("sentences", .integer(1...1000), default: "3", help: "how many sentences to choose"),
    OptionSpec(
      "ratio", .number(0.01...1.0), help: "choose this share of the candidate sentences instead"),
    OptionSpec("words", .integer(1...100_000), help: "choose sentences up to this many words instead"),
    OptionSpec(
      "stopwords", .paths, default: "lexicons/{source}/stopwords.txt",
      help: "words left out of content-word statistics"),
    OptionSpec(
      "debris", .paths, default: "lexicons/{source}/debris.txt",
      help: "phrases of page debris (bylines, share lines, credits) never chosen"),
    OptionSpec("weight-position", .number(0...10), default: "0.35", help: "weight of the lead bias"),
    OptionSpec(
      "weight-centrality", .number(0...10), default: "0.35",
      help: "weight of similarity to the whole article"),
    OptionSpec("weight-title", .number(0...10), default: "0.15", help: "weight of overlap with the title"),
    OptionSpec(
      "weight-key-terms", .number(0...10), default: "0.15", help: "weight of glossary key terms"),
    OptionSpec(
      "duplicate-threshold", .number(0.1...1.0), default: "0.7",
      help: "share of shared content words above which two sentences are near-duplicates"),
  ]
  public static let requires: [Layer] = [.sentences]
  public static let produces: [Layer] = [.summary]

  /// How much to choose.
  enum Budget: Sendable {
    case sentences(Int), ratio(Double), words(Int)

    var description: String {
      switch self {
      case .sentences(let count): return count == 1 ? "1 sentence" : "\(count) sentences"
      case .ratio(let ratio): return "\(Int((ratio * 100).rounded()))% of candidate sentences"
      case .words(let count): return "\(count) words"
      }
    }
  }

  let budget: Budget
  let stopwords: Set<String>
  let debris: DebrisDetector
  let tokenizer: WordTokenizer
  let stemmers: StemmerPool
  let weights: (position: Double, centrality: Double, title: Double, keyTerms: Double)
  let duplicateThreshold: Double

  public init(options: StageOptions) throws {
    let explicit = ["sentences", "ratio", "words"].filter { options.locations[$0] != nil }
    if explicit.count > 1 {
      throw LexiconError(
        "set only one budget: \(explicit.map { "'\($0)'" }.joined(separator: ", ")) are all set",
        at: options.location(of: explicit[1]),
        notes: ["keep one of sentences, ratio or words"])
    }
    if let words = options.integer("words"), explicit.contains("words") || explicit.isEmpty {
      budget = .words(words)
    } else if let ratio = options.number("ratio"), explicit.contains("ratio") || explicit.isEmpty {
      budget = .ratio(ratio)
    } else {
      budget = .sentences(options.integer("sentences") ?? 3)
    }
    var stopwords: Set<String> = []
    for path in options.paths("stopwords") { stopwords.formUnion(try LexiconFile.wordSet(at: path)) }
    self.stopwords = stopwords
    var debris = DebrisDetector()
    for path in options.paths("debris") { debris.append(try DebrisDetector(path: path)) }
    self.debris = debris
    tokenizer = try WordTokenizer(language: options.sourceLanguage)
    stemmers = try StemmerPool(
      language: options.sourceLanguage, location: options.stageLocation)
    weights = (
      options.number("weight-position") ?? 0.35, options.number("weight-centrality") ?? 0.35,
      options.number("weight-title") ?? 0.15, options.number("weight-key-terms") ?? 0.15
    )
    duplicateThreshold = options.number("duplicate-threshold") ?? 0.7
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    let sentences = document.sentences ?? []
    let worker = try tokenizer.makeWorker()
    // Content words (stems) and word counts of every sentence.
    var stems: [[String]] = []
    var wordCounts: [Int] = []
    try stemmers.withStemmer { stemmer in
      for sentence in sentences {
        let tokens = try worker.tokens(in: sentence.text)
        let words = tokens.filter { $0.kind != .punctuation && !$0.isElision }
        wordCounts.append(words.count)
        stems.append(
          words.compactMap { token in
            guard token.kind == .word, token.normalized.count > 1,
              !stopwords.contains(token.normalized)
            else { return nil }
            return stemmer.stem(token.normalized)
          })
      }
    }
    let keyTermCounts = Dictionary(
      grouping: document.terms?.matches ?? [], by: \.sentence
    ).mapValues { Set($0.map(\.source)).count }

    // Who is a candidate.
    var reasons: [String?] = sentences.map { sentence in
      if sentence.index == document.title { return "title" }
      return debris.debris(sentence).map { "debris: \($0)" }
    }
    let sets = stems.map(Set.init)
    markPullQuotes(sentences, sets: sets, reasons: &reasons)
    let candidates = sentences.indices.filter { reasons[$0] == nil && !sets[$0].isEmpty }
    for index in sentences.indices where reasons[index] == nil && sets[index].isEmpty {
      reasons[index] = "no content words"
    }

    // Scores.
    let centrality = SummarizeStage.centrality(of: candidates, stems: stems)
    let titleStems = document.title.map { sets[$0] } ?? []
    var rows: [SentenceScore] = sentences.indices.map {
      SentenceScore(
        sentence: $0, total: 0, components: nil, rank: nil, chosen: false, reason: reasons[$0] ?? "")
    }
    for (ordinal, index) in candidates.enumerated() {
      let words = wordCounts[index]
      let components = ScoreComponents(
        position: round4(1 / Double(ordinal + 1).squareRoot()),
        centrality: round4(centrality[index] ?? 0),
        title: round4(
          titleStems.isEmpty
            ? 0 : Double(sets[index].intersection(titleStems).count) / Double(titleStems.count)),
        keyTerms: round4(min(1, Double(keyTermCounts[index] ?? 0) / 3)),
        length: round4(words < 8 ? Double(words) / 8 : words > 50 ? 50 / Double(words) : 1))
      let total =
        (weights.position * components.position + weights.centrality * components.centrality
          + weights.title * components.title + weights.keyTerms * components.keyTerms)
        * components.length
      rows[index].components = components
      rows[index].total = round4(total)
    }
    let ranked = candidates.sorted {
      rows[$0].total != rows[$1].total ? rows[$0].total > rows[$1].total : $0 < $1
    }
    for (rank, index) in ranked.enumerated() { rows[index].rank = rank + 1 }

    // Choice within the budget, never two near-duplicates.
    var chosen: [Int] = []
    var wordsChosen = 0
    let limit: Int
    switch budget {
    case .sentences(let count): limit = count
    case .ratio(let ratio): limit = max(1, Int((ratio * Double(candidates.count)).rounded()))
    case .words: limit = Int.max
    }
    for index in ranked {
      if let twin = chosen.first(where: { nearDuplicate(sets[$0], sets[index]) }) {
        rows[index].reason = "near-duplicate of sentence \(twin)"
        continue
      }
      var fits = chosen.count < limit
      if case .words(let maximum) = budget {
        fits = chosen.isEmpty || wordsChosen + wordCounts[index] <= maximum
      }
      guard fits else {
        rows[index].reason = "over budget"
        continue
      }
      chosen.append(index)
      wordsChosen += wordCounts[index]
      rows[index].chosen = true
      rows[index].reason = "chosen"
    }
    document.summary = SummaryLayer(
      budget: budget.description, scores: rows, chosen: chosen.sorted())
  }

  /// A sentence that stands alone as a paragraph and repeats another sentence is a pull quote.
  /// When both stand alone, the later one is the repeat.
  func markPullQuotes(_ sentences: [Sentence], sets: [Set<String>], reasons: inout [String?]) {
    let perParagraph = Dictionary(grouping: sentences, by: \.paragraph).mapValues(\.count)
    func standsAlone(_ sentence: Sentence) -> Bool {
      sentence.standalone && perParagraph[sentence.paragraph] == 1
    }
    for sentence in sentences where reasons[sentence.index] == nil && standsAlone(sentence) {
      let twin = sentences.first {
        $0.index != sentence.index && $0.paragraph != sentence.paragraph && reasons[$0.index] == nil
          && nearDuplicate(sets[$0.index], sets[sentence.index])
      }
      guard let twin, !(standsAlone(twin) && twin.index > sentence.index) else { continue }
      reasons[sentence.index] = "debris: pull quote (repeats sentence \(twin.index))"
    }
  }

  /// Whether most content words of the shorter sentence are in the longer one.
  func nearDuplicate(_ a: Set<String>, _ b: Set<String>) -> Bool {
    let smaller = min(a.count, b.count)
    guard smaller >= 3 else { return a == b && !a.isEmpty }
    return Double(a.intersection(b).count) / Double(smaller) >= duplicateThreshold
  }

  /// Cosine similarity of each candidate's TF-IDF vector with the article's, scaled so the
  /// most central candidate has 1.
  ///
  /// - Complexity: O(*w*) in the number of content words.
  static func centrality(of candidates: [Int], stems: [[String]]) -> [Int: Double] {
    var documentFrequency: [String: Int] = [:]
    for index in candidates {
      for stem in Set(stems[index]) { documentFrequency[stem, default: 0] += 1 }
    }
    let count = Double(candidates.count)
    func idf(_ stem: String) -> Double {
      1 + log(count / Double(documentFrequency[stem] ?? 1))
    }
    var article: [String: Double] = [:]
    var vectors: [Int: [String: Double]] = [:]
    for index in candidates {
      var vector: [String: Double] = [:]
      for stem in stems[index] { vector[stem, default: 0] += 1 }
      for (stem, tf) in vector {
        vector[stem] = tf * idf(stem)
        article[stem, default: 0] += tf * idf(stem)
      }
      vectors[index] = vector
    }
    // Sums run over sorted stems: dictionary order changes between processes, and floating-point
    // addition in another order could move a total across a rounding boundary.
    let articleNorm = article.keys.sorted().reduce(0) { $0 + (article[$1] ?? 0) * (article[$1] ?? 0) }
      .squareRoot()
    var result: [Int: Double] = [:]
    for (index, vector) in vectors {
      let stems = vector.keys.sorted()
      let norm = stems.reduce(0) { $0 + (vector[$1] ?? 0) * (vector[$1] ?? 0) }.squareRoot()
      let dot = stems.reduce(0) { $0 + (vector[$1] ?? 0) * (article[$1] ?? 0) }
      result[index] = norm > 0 && articleNorm > 0 ? dot / (norm * articleNorm) : 0
    }
    let best = result.values.max() ?? 0
    if best > 0 { result = result.mapValues { $0 / best } }
    return result
  }
}

/// `value` rounded to 4 decimals, so JSON output stays short and stable.
func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

extension DebrisDetector {
  /// Adds the rules of `other` after this detector's.
  mutating func append(_ other: DebrisDetector) {
    for rule in other.rules { appendRule(rule) }
  }
}
