import Foundation

/// KL-Sum (Haghighi & Vanderwende 2009): greedily add the sentence that brings the summary's
/// word distribution closest to the article's.
public struct KLSumScorer: SentenceScorer {
  public static let name = "klsum"
  public static let summary = "KL-Sum (2009): greedy picks minimizing the divergence from the article"
  public static var maximumCandidates: Int? { pairwiseCandidateLimit }
  public static let readsStemNumbers = true

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its pick order: the first pick gets the number of candidates, the
  /// next one less, and so on. Sentences without stems are never picked and get 0.
  ///
  /// The divergence of the summary with a candidate added is worked out from the summary's
  /// (`Summary`) and the candidate's own stems only, not over the whole vocabulary.
  ///
  /// - Complexity: O(*n* *w*), *n* candidates of *w* distinct stems in all.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result = input.zeroVerdicts
    let candidates = input.candidates.filter { input.hasStems($0) }
    guard !candidates.isEmpty else { return result }
    let numbers = input.numbers(of: candidates)
    let counted = numbers.sentences.map(StemVector.counted)
    var documentCounts = [Int](repeating: 0, count: numbers.count)
    for sentence in numbers.sentences {
      for number in sentence { documentCounts[number] += 1 }
    }
    let documentTotal = documentCounts.reduce(0, +)
    let article = documentCounts.map { Double($0) / Double(documentTotal) }
    var summary = Summary(article: article, words: documentTotal)
    var picked = [Bool](repeating: false, count: candidates.count)
    for order in candidates.indices {
      var pick = -1
      var best = Double.infinity
      for position in candidates.indices where !picked[position] {
        let value = summary.divergence(adding: counted[position])
        // (Divergences equal but for rounding, as those of two sentences of like stems, are a
        // tie: the sums are not added in one order for every candidate.)
        let margin = 1e-12 * max(1, abs(best))
        if pick < 0 || value < best - margin
          || (value <= best + margin && candidates[position] < candidates[pick])
        {
          pick = position
          best = value
        }
      }
      result[candidates[pick]] = ScoredSentence(score: Double(input.candidates.count - order))
      picked[pick] = true
      summary.add(counted[pick])
    }
    return result
  }

  /// A summary's stems against the article's distribution P, with the three sums its
  /// divergence Σ P(w) · log(P(w) / Q(w)) over its words is made of: with Q(w) = c(w) / T, it is
  /// Σ P log P + (Σ P) log T − Σ P log c. A candidate then changes only the terms of its own
  /// stems.
  struct Summary {
    /// P, by stem number.
    let article: [Double]
    /// P log P, by stem number.
    let articleLogs: [Double]
    /// log *k* for every whole *k* up to the article's number of stems (0 for 0).
    let logs: [Double]
    /// c, by stem number.
    private(set) var counts: [Int]
    /// T.
    private(set) var total = 0
    /// Σ P log P, Σ P and Σ P log c over the summary's stems.
    private var pLogP = 0.0
    private var p = 0.0
    private var pLogC = 0.0

    /// An empty summary of an article whose distribution is `article`, of `words` stems.
    init(article: [Double], words: Int) {
      self.article = article
      articleLogs = article.map { $0 > 0 ? $0 * log($0) : 0 }
      logs = (0...max(words, 1)).map { $0 > 0 ? log(Double($0)) : 0 }
      counts = [Int](repeating: 0, count: article.count)
    }

    /// The divergence with a sentence added, of distinct stem `numbers` (ascending) occurring
    /// `counts` times each; infinite for a summary without stems.
    func divergence(adding sentence: (numbers: [Int], counts: [Int])) -> Double {
      let sums = self.sums(adding: sentence)
      guard sums.total > 0 else { return .infinity }
      return sums.pLogP + sums.p * logs[sums.total] - sums.pLogC
    }

    /// Adds a sentence (as `divergence(adding:)` takes it).
    mutating func add(_ sentence: (numbers: [Int], counts: [Int])) {
      (pLogP, p, pLogC, total) = sums(adding: sentence)
      for (number, count) in zip(sentence.numbers, sentence.counts) { counts[number] += count }
    }

    /// The sums and T with a sentence added.
    private func sums(adding sentence: (numbers: [Int], counts: [Int])) -> (
      pLogP: Double, p: Double, pLogC: Double, total: Int
    ) {
      var sums = (pLogP: pLogP, p: p, pLogC: pLogC, total: total)
      for (number, count) in zip(sentence.numbers, sentence.counts) {
        let had = counts[number]
        if had == 0 {
          sums.pLogP += articleLogs[number]
          sums.p += article[number]
          sums.pLogC += article[number] * logs[count]
        } else {
          sums.pLogC += article[number] * (logs[had + count] - logs[had])
        }
        sums.total += count
      }
      return sums
    }
  }

  /// The divergence as sumy computes it (what `Summary` works out by parts): over the summary's
  /// words only, Σ P(w) · log(P(w) / Q(w)) with P the article's distribution and Q the
  /// summary's (`counts` / `total`), both indexed by vocabulary position, without smoothing
  /// (smoothing the whole vocabulary favours very short sentences).
  ///
  /// - Complexity: O(*v*) in the size of the vocabulary.
  func divergence(_ article: [Double], _ counts: [Int], total: Int) -> Double {
    guard total > 0 else { return .infinity }
    var sum = 0.0
    for (id, count) in counts.enumerated() where count > 0 && article[id] > 0 {
      let q = Double(count) / Double(total)
      sum += article[id] * log(article[id] / q)
    }
    return sum
  }
}
