import Foundation

/// TextRank (Mihalcea & Tarau 2004): weighted PageRank over a graph of sentences joined by the
/// stems they share, normalized by their lengths.
public struct TextRankScorer: SentenceScorer {
  public static let name = "textrank"
  public static let summary = "TextRank (2004): PageRank over sentences linked by shared stems"
  public static var maximumCandidates: Int? { pairwiseCandidateLimit }
  public static let readsStemNumbers = true

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its rank. Sentences without stems stay out of the graph and get 0.
  ///
  /// - Complexity: O(Σ *p*² + *k* (*n* + *e*)), *p* the candidates holding each stem, *k*
  ///   iterations over the *e* edges between the *n* candidates (pairs sharing a stem).
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result = input.zeroVerdicts
    let nodes = input.candidates.filter { input.hasStems($0) }
    let numbers = input.numbers(of: nodes)
    let sets = numbers.sentences.map { StemVector.counted($0).numbers }
    let graph = SentenceGraph(sets: sets, stems: numbers.count) { i, j, _, shared in
      Self.similarity(shared: shared, sets[i].count, sets[j].count)
    }
    let ranks = graph.pageRank(damping: 0.85)
    for (node, index) in nodes.enumerated() { result[index] = ScoredSentence(score: ranks[node]) }
    return result
  }

  /// TextRank's edge weight: |Sᵢ ∩ Sⱼ| / (log |Sᵢ| + log |Sⱼ|), 0 when nothing is shared or the
  /// denominator is 0.
  ///
  /// - Complexity: O(min(|*a*|, |*b*|)).
  static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
    similarity(shared: a.intersection(b).count, a.count, b.count)
  }

  /// TextRank's edge weight for sentences of `first` and `second` distinct stems sharing
  /// `shared` of them.
  static func similarity(shared: Int, _ first: Int, _ second: Int) -> Double {
    let denominator = log(Double(first)) + log(Double(second))
    return shared > 0 && denominator > 0 ? Double(shared) / denominator : 0
  }
}
