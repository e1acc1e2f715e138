import Foundation

/// KL-Sum (Haghighi & Vanderwende 2009): greedily add the sentence that brings the summary's
/// word distribution closest to the article's.
public struct KLSumScorer: SentenceScorer {
  public static let name = "klsum"
  public static let summary = "KL-Sum (2009): greedy picks minimizing the divergence from the article"

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its pick order: the first pick gets the number of candidates, the
  /// next one less, and so on. Sentences without stems are never picked and get 0.
  ///
  /// - Complexity: O(*n*² (*v* + *s*)), *n* candidates, *v* distinct stems, *s* stems per
  ///   sentence.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    let stems = input.stems(of:)
    var result = input.zeroVerdicts
    var remaining = input.candidates.filter { !stems($0).isEmpty }
    guard !remaining.isEmpty else { return result }

    // Stems as positions in the sorted vocabulary, so that every sum runs in one order.
    let vocabulary = Array(Set(remaining.flatMap(stems))).sorted()
    let position = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
    var words: [Int: [Int]] = [:]
    var documentCounts = Array(repeating: 0, count: vocabulary.count)
    for index in remaining {
      let ids = stems(index).compactMap { position[$0] }
      words[index] = ids
      for id in ids { documentCounts[id] += 1 }
    }
    let documentTotal = Double(documentCounts.reduce(0, +))
    let article = documentCounts.map { Double($0) / documentTotal }

    var summaryCounts = Array(repeating: 0, count: vocabulary.count)
    var summaryTotal = 0
    var picks = 0
    while !remaining.isEmpty {
      var pick = remaining[0]
      var best = Double.infinity
      for index in remaining {
        var counts = summaryCounts
        let ids = words[index] ?? []
        for id in ids { counts[id] += 1 }
        let value = divergence(article, counts, total: summaryTotal + ids.count)
        if value < best || (value == best && index < pick) {
          pick = index
          best = value
        }
      }
      result[pick] = ScoredSentence(score: Double(input.candidates.count - picks))
      picks += 1
      remaining.removeAll { $0 == pick }
      for id in words[pick] ?? [] { summaryCounts[id] += 1 }
      summaryTotal += words[pick]?.count ?? 0
    }
    return result
  }

  /// The divergence as sumy computes it: over the summary's words only, Σ P(w) · log(P(w) /
  /// Q(w)) with P the article's distribution and Q the summary's (`counts` / `total`), both
  /// indexed by vocabulary position, without smoothing (smoothing the whole vocabulary favours
  /// very short sentences).
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
