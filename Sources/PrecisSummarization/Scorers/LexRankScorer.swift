/// Continuous LexRank (Erkan & Radev 2004): the stationary distribution of a random walk over
/// sentences, moving by the cosine similarity of their TF-IDF vectors.
public struct LexRankScorer: SentenceScorer {
  public static let name = "lexrank"
  public static let summary = "LexRank (2004): random walk over TF-IDF cosine similarities"
  public static var maximumCandidates: Int? { pairwiseCandidateLimit }
  public static let readsStemNumbers = true

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its stationary value. Sentences without stems stay out of the graph
  /// and get 0.
  ///
  /// - Complexity: O(*w* log *w* + Σ *p*² + *k* (*n* + *e*)), *w* stems in all, *p* the
  ///   candidates holding each stem, *k* iterations over the *e* edges between the *n*
  ///   candidates (pairs sharing a stem).
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result = input.zeroVerdicts
    let tfidf = TFIDFVectors(input)
    let positions = tfidf.vectors.indices.filter { !tfidf.vectors[$0].numbers.isEmpty }
    let nodes = positions.map { tfidf.candidates[$0] }
    let vectors = positions.map { tfidf.vectors[$0] }
    // Cosine similarities, each sentence's with itself 1; products summed in ascending stem
    // order, as `StemVector.cosine` sums them.
    let graph = SentenceGraph(
      sets: vectors.map(\.numbers), stems: tfidf.centroid.count, selfWeight: 1,
      product: { i, iPosition, j, jPosition in vectors[i].weights[iPosition] * vectors[j].weights[jPosition]
      },
      weight: { i, j, dot, _ in
        vectors[i].norm > 0 && vectors[j].norm > 0 ? dot / (vectors[i].norm * vectors[j].norm) : 0
      })
    // Each row sums to at least 1 (the sentence itself); PageRank divides by the row sums.
    let ranks = graph.pageRank(damping: 0.85)
    for (node, index) in nodes.enumerated() { result[index] = ScoredSentence(score: ranks[node]) }
    return result
  }
}
