import Foundation

/// TextRank (Mihalcea & Tarau 2004): weighted PageRank over a graph of sentences joined by the
/// stems they share, normalized by their lengths.
public struct TextRankScorer: SentenceScorer {
  public static let name = "textrank"
  public static let summary = "TextRank (2004): PageRank over sentences linked by shared stems"

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its rank. Sentences without stems stay out of the graph and get 0.
  ///
  /// - Complexity: O(*n*² *s* + *k* *n*²), *n* candidates of at most *s* distinct stems, *k*
  ///   iterations.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result = input.zeroVerdicts
    let nodes = input.candidates.filter { !input.stems(of: $0).isEmpty }
    let sets = nodes.map { Set(input.stems[$0]) }
    var weights = Array(repeating: Array(repeating: 0.0, count: nodes.count), count: nodes.count)
    for i in sets.indices {
      for j in sets.indices where j > i {
        let weight = Self.similarity(sets[i], sets[j])
        weights[i][j] = weight
        weights[j][i] = weight
      }
    }
    let ranks = Self.weightedPageRank(
      weights, damping: 0.85)
    for (node, index) in nodes.enumerated() { result[index] = ScoredSentence(score: ranks[node]) }
    return result
  }

  /// TextRank's edge weight: |Sᵢ ∩ Sⱼ| / (log |Sᵢ| + log |Sⱼ|), 0 when nothing is shared or the
  /// denominator is 0.
  ///
  /// - Complexity: O(min(|*a*|, |*b*|)).
  static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
    let common = a.intersection(b).count
    let denominator = log(Double(a.count)) + log(Double(b.count))
    return common > 0 && denominator > 0 ? Double(common) / denominator : 0
  }

  /// Weighted PageRank over the graph `weights` (`weights[j][i]` the weight of the edge from
  /// *j* to *i*): pᵢ = (1 − d) / *N* + d Σⱼ pⱼ wⱼᵢ / Σₖ wⱼₖ, from pᵢ = 1 / *N*, updated all at
  /// once until no value moves by `tolerance` or `maximumIterations` rounds have run. A node
  /// without outgoing weight passes nothing on. Dividing by Σₖ wⱼₖ normalizes each row to sum
  /// 1, so a row-stochastic matrix gives the power iteration p = (1 − d) / *N* + d Mᵀ p.
  ///
  /// - Complexity: O(*k* *N*²) for *k* iterations.
  static func weightedPageRank(
    _ weights: [[Double]], damping: Double, tolerance: Double = 1e-6, maximumIterations: Int = 200
  ) -> [Double] {
    let count = weights.count
    guard count > 0 else { return [] }
    let outgoing = weights.map { $0.reduce(0, +) }
    var ranks = Array(repeating: 1 / Double(count), count: count)
    for _ in 0..<maximumIterations {
      var next = Array(repeating: (1 - damping) / Double(count), count: count)
      for j in 0..<count where outgoing[j] > 0 {
        let share = damping * ranks[j] / outgoing[j]
        for i in 0..<count where weights[j][i] > 0 { next[i] += share * weights[j][i] }
      }
      let change = zip(ranks, next).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
      ranks = next
      if change < tolerance { break }
    }
    return ranks
  }
}
