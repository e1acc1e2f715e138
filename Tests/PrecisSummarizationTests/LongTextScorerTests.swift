import Foundation
import PrecisCore
import Testing

@testable import PrecisSummarization

/// The scorers that compare sentences with each other, and maximal marginal relevance, give
/// the figures of their first, quadratic forms (kept here as references) on random articles,
/// to the last bit but for KL-Sum, whose sums are added in another order.
struct LongTextScorerTests {
  /// `count` sentences of 1 to 14 stems drawn from `vocabulary`, a few without stems, with
  /// the frequent stems of news (a draw favours the low numbers).
  static func sentences(_ count: Int, vocabulary: Int, seed: UInt64) -> [[String]] {
    var state = seed
    func draw() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    return (0..<count).map { _ in
      let length = draw() % 15
      return (0..<length).map { _ in
        let a = draw() % vocabulary
        let b = draw() % vocabulary
        return "s\(min(a, b))"
      }
    }
  }

  static func input(_ sentences: [[String]]) -> ScoringInput {
    var input = ScoringInput(
      candidates: Array(sentences.indices), stems: sentences, wordCounts: sentences.map(\.count))
    input.numbers = StemNumbers(sentences)
    return input
  }

  static let cases: [(count: Int, vocabulary: Int, seed: UInt64)] = [
    (1, 5, 1), (2, 3, 2), (40, 30, 3), (300, 200, 4), (600, 80, 5),
  ]

  // MARK: References: the scorers as they were, over every pair.

  /// PageRank over a full matrix of weights, as TextRank and LexRank ran it.
  static func densePageRank(_ weights: [[Double]], damping: Double) -> [Double] {
    let count = weights.count
    guard count > 0 else { return [] }
    let outgoing = weights.map { $0.reduce(0, +) }
    var ranks = Array(repeating: 1 / Double(count), count: count)
    for _ in 0..<200 {
      var next = Array(repeating: (1 - damping) / Double(count), count: count)
      for j in 0..<count where outgoing[j] > 0 {
        let share = damping * ranks[j] / outgoing[j]
        for i in 0..<count where weights[j][i] > 0 { next[i] += share * weights[j][i] }
      }
      let change = zip(ranks, next).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
      ranks = next
      if change < 1e-6 { break }
    }
    return ranks
  }

  static func referenceTextRank(_ sentences: [[String]]) -> [Int: Double] {
    let nodes = sentences.indices.filter { !sentences[$0].isEmpty }
    let sets = nodes.map { Set(sentences[$0]) }
    var weights = Array(repeating: Array(repeating: 0.0, count: nodes.count), count: nodes.count)
    for i in sets.indices {
      for j in sets.indices where j > i {
        weights[i][j] = TextRankScorer.similarity(sets[i], sets[j])
        weights[j][i] = weights[i][j]
      }
    }
    let ranks = densePageRank(weights, damping: 0.85)
    return Dictionary(uniqueKeysWithValues: zip(nodes, ranks))
  }

  static func referenceLexRank(_ input: ScoringInput) -> [Int: Double] {
    let tfidf = TFIDFVectors(input)
    let positions = tfidf.vectors.indices.filter { !tfidf.vectors[$0].numbers.isEmpty }
    let vectors = positions.map { tfidf.vectors[$0] }
    var weights = Array(repeating: Array(repeating: 0.0, count: vectors.count), count: vectors.count)
    for i in vectors.indices {
      weights[i][i] = 1
      for j in vectors.indices where j > i {
        weights[i][j] = vectors[i].cosine(vectors[j])
        weights[j][i] = weights[i][j]
      }
    }
    let ranks = densePageRank(weights, damping: 0.85)
    return Dictionary(uniqueKeysWithValues: zip(positions.map { tfidf.candidates[$0] }, ranks))
  }

  static func referenceSumBasic(_ sentences: [[String]]) -> [Int: Double] {
    var result: [Int: Double] = [:]
    var remaining = sentences.indices.filter { !sentences[$0].isEmpty }
    var counts: [String: Int] = [:]
    for index in remaining {
      for stem in sentences[index] { counts[stem, default: 0] += 1 }
    }
    let total = Double(counts.values.reduce(0, +))
    var probability = counts.mapValues { Double($0) / total }
    let vocabulary = counts.keys.sorted()
    func average(_ index: Int) -> Double {
      sentences[index].reduce(0.0) { $0 + (probability[$1] ?? 0) } / Double(sentences[index].count)
    }
    var position = 0
    while !remaining.isEmpty {
      var top = ""
      var topProbability = -1.0
      for word in vocabulary where (probability[word] ?? 0) > topProbability {
        top = word
        topProbability = probability[word] ?? 0
      }
      let holders = remaining.filter { sentences[$0].contains(top) }
      let pool = holders.isEmpty ? remaining : holders
      var pick = pool[0]
      var best = average(pick)
      for index in pool.dropFirst() where average(index) > best {
        pick = index
        best = average(index)
      }
      result[pick] = Double(sentences.count - position)
      position += 1
      remaining.removeAll { $0 == pick }
      for stem in Set(sentences[pick]) {
        probability[stem] = (probability[stem] ?? 0) * (probability[stem] ?? 0)
      }
    }
    return result
  }

  static func scores(_ verdicts: [Int: ScoredSentence]) -> [Int: Double] {
    verdicts.filter { $0.value.score != 0 }.mapValues(\.score)
  }

  // MARK: Tests

  @Test(arguments: cases)
  func textRankIsTheFullMatrixOne(count: Int, vocabulary: Int, seed: UInt64) {
    let sentences = Self.sentences(count, vocabulary: vocabulary, seed: seed)
    let sparse = TextRankScorer().score(Self.input(sentences))
    let reference = Self.referenceTextRank(sentences)
    #expect(Set(Self.scores(sparse).keys).isSubset(of: Set(reference.keys)))
    for (index, score) in reference {
      #expect(sparse[index]?.score.bitPattern == score.bitPattern, "sentence \(index)")
    }
  }

  @Test(arguments: cases)
  func lexRankIsTheFullMatrixOne(count: Int, vocabulary: Int, seed: UInt64) {
    let sentences = Self.sentences(count, vocabulary: vocabulary, seed: seed)
    let input = Self.input(sentences)
    let sparse = LexRankScorer().score(input)
    for (index, score) in Self.referenceLexRank(input) {
      #expect(sparse[index]?.score.bitPattern == score.bitPattern, "sentence \(index)")
    }
  }

  @Test(arguments: cases)
  func sumBasicIsTheDictionaryOne(count: Int, vocabulary: Int, seed: UInt64) {
    let sentences = Self.sentences(count, vocabulary: vocabulary, seed: seed)
    let scores = SumBasicScorer().score(Self.input(sentences))
    let reference = Self.referenceSumBasic(sentences)
    #expect(Self.scores(scores) == reference)
  }

  @Test("KL-Sum's divergence by parts is sumy's over the summary's words", arguments: cases)
  func klSumDivergenceByParts(count: Int, vocabulary: Int, seed: UInt64) {
    let sentences = Self.sentences(count, vocabulary: vocabulary, seed: seed).filter { !$0.isEmpty }
    guard !sentences.isEmpty else { return }
    let numbers = StemNumbers(sentences)
    var documentCounts = [Int](repeating: 0, count: numbers.count)
    for sentence in numbers.sentences {
      for number in sentence { documentCounts[number] += 1 }
    }
    let total = documentCounts.reduce(0, +)
    let article = documentCounts.map { Double($0) / Double(total) }
    var summary = KLSumScorer.Summary(article: article, words: total)
    var counts = [Int](repeating: 0, count: numbers.count)
    var summaryTotal = 0
    // Sentences added one after another, each checked against the divergence summed anew.
    for sentence in numbers.sentences.prefix(50) {
      let counted = StemVector.counted(sentence)
      var after = counts
      for number in sentence { after[number] += 1 }
      let expected = KLSumScorer().divergence(article, after, total: summaryTotal + sentence.count)
      #expect(abs(summary.divergence(adding: counted) - expected) <= 1e-12 * max(1, abs(expected)))
      summary.add(counted)
      counts = after
      summaryTotal += sentence.count
    }
  }

  @Test("KL-Sum breaks a tie between sentences of the same words by their order")
  func klSumTies() {
    // Sentences 1 and 3 weigh the same words the same way (each stem of each once).
    let input = ScorerFixture.input(["a b c", "d e", "a b c f", "e d", "g"])
    let ranking = ScorerFixture.ranking(KLSumScorer().score(input))
    #expect(ranking.firstIndex(of: 1)! < ranking.firstIndex(of: 3)!)
  }

  @Test("the highest cosine with the chosen sentences is the maximum over them", arguments: cases)
  func chosenSimilarity(count: Int, vocabulary: Int, seed: UInt64) {
    let sentences = Self.sentences(count, vocabulary: vocabulary, seed: seed)
    let numbers = StemNumbers(sentences)
    let vectors = numbers.sentences.map(StemVector.init(frequenciesOf:))
    let candidates = sentences.indices.filter { !sentences[$0].isEmpty }
    var similarity = ChosenSimilarity(vectors: vectors, candidates: candidates, stems: numbers.count)
    var chosen: [Int] = []
    for pick in stride(from: 0, to: sentences.count, by: 7) {
      similarity.choose(pick)
      chosen.append(pick)
      for index in candidates {
        let expected = chosen.map { vectors[index].cosine(vectors[$0]) }.max() ?? 0
        #expect(similarity.highest[index].bitPattern == expected.bitPattern)
      }
    }
  }

  @Test("the relevance queue gives the best value left, ties to the better rank, values worked out anew")
  func relevanceQueue() {
    var values: [Double] = [0.5, 0.9, 0.9, 0.2, 0.7]
    var queue = RelevanceQueue(values.indices.map { (values[$0], $0) })
    var left = Set(values.indices)
    func pop() -> Int? {
      let rank = queue.popBest(value: { values[$0] }, isLeft: { left.contains($0) })
      if let rank { left.remove(rank) }
      return rank
    }
    #expect(pop() == 1)
    // Rank 2's value falls below rank 4's: it is queued again with its new value.
    values[2] = 0.6
    #expect(pop() == 4)
    // Rank 3's value rises: the caller queues it again.
    values[3] = 0.8
    queue.push(0.8, 3)
    #expect(pop() == 3)
    #expect(pop() == 2)
    #expect(pop() == 0)
    #expect(pop() == nil)
  }

  @Test("the scorers over every pair refuse a text past their limit, and say what to use")
  func pairwiseLimit() throws {
    for scorer in ["textrank", "lexrank", "sumbasic", "klsum"] {
      #expect(
        SentenceScorers.make(scorer, features: FeaturesScorer()).limitOfCandidates == pairwiseCandidateLimit)
    }
    for scorer in ["features", "lead", "luhn", "centroid"] {
      #expect(SentenceScorers.make(scorer, features: FeaturesScorer()).limitOfCandidates == nil)
    }
    let klsum = SentenceScorers.make("klsum", features: FeaturesScorer())
    #expect(throws: Never.self) {
      try SummarizeStage.checkLimit(of: klsum, candidates: pairwiseCandidateLimit, stage: "summarize")
    }
    let error = #expect(throws: StageError.self) {
      try SummarizeStage.checkLimit(of: klsum, candidates: pairwiseCandidateLimit + 1, stage: "summarize")
    }
    #expect(
      error?.diagnostic.message
        == "stage 'summarize': the klsum scorer takes at most 10000 candidate sentences, and this text has 10001"
    )
    #expect(error?.diagnostic.notes.first?.contains("features, centroid, luhn or lead scorer") == true)
    #expect(throws: Never.self) {
      try SummarizeStage.checkLimit(
        of: SentenceScorers.make("features", features: FeaturesScorer()), candidates: 1 << 40, stage: "s")
    }
  }
}

extension SentenceScorer {
  /// The scorer's `maximumCandidates`, asked of a value.
  var limitOfCandidates: Int? { Self.maximumCandidates }
}
