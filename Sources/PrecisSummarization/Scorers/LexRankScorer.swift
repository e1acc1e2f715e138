/// Continuous LexRank (Erkan & Radev 2004): the stationary distribution of a random walk over
/// sentences, moving by the cosine similarity of their TF-IDF vectors.
public struct LexRankScorer: SentenceScorer {
  public static let name = "lexrank"
  public static let summary = "LexRank (2004): random walk over TF-IDF cosine similarities"
  public static let readsStemNumbers = true

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its stationary value. Sentences without stems stay out of the graph
  /// and get 0.
  ///
  /// - Complexity: O(*n*² *s* log *s* + *k* *n*²), *n* candidates of at most *s* distinct stems,
  ///   *k* iterations.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result = input.zeroVerdicts
    let tfidf = TFIDFVectors(input)
    let positions = tfidf.vectors.indices.filter { !tfidf.vectors[$0].numbers.isEmpty }
    let nodes = positions.map { tfidf.candidates[$0] }
    let vectors = positions.map { tfidf.vectors[$0] }
    var similarities = Array(repeating: Array(repeating: 0.0, count: nodes.count), count: nodes.count)
    for i in vectors.indices {
      similarities[i][i] = 1
      for j in vectors.indices where j > i {
        let similarity = vectors[i].cosine(vectors[j])
        similarities[i][j] = similarity
        similarities[j][i] = similarity
      }
    }
    // Each row sums to at least 1 (the sentence itself); PageRank divides by the row sums.
    let ranks = TextRankScorer.weightedPageRank(
      similarities, damping: 0.85)
    for (node, index) in nodes.enumerated() { result[index] = ScoredSentence(score: ranks[node]) }
    return result
  }
}
