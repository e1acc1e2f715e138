import Foundation
import PrecisCore

/// The default scorer: a weighted sum of features, times a length factor. Position favours the
/// lead (1/√rank among candidates), centrality is the TF-IDF cosine with the whole article,
/// title is the share of the title's (or first paragraph's) stems the sentence holds, key terms
/// count distinct glossary terms (three or more score 1), and sentences under 8 or over 50 words
/// are scaled down.
public struct FeaturesScorer: SentenceScorer {
  public static let name = "features"
  public static let summary = "position, centrality, title overlap, key terms and length, weighted"

  /// The weights of position, centrality, title overlap and key terms.
  public var weights: (position: Double, centrality: Double, title: Double, keyTerms: Double)

  /// Creates the scorer with its weights.
  public init(
    position: Double = 0.45, centrality: Double = 0.35, title: Double = 0.15, keyTerms: Double = 0.15
  ) {
    weights = (position, centrality, title, keyTerms)
  }

  /// - Complexity: O(*n*) in the number of stems of the candidates.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    // TF-IDF centrality: each candidate's cosine with the whole article, scaled so the best is 1.
    var centrality = TFIDFVectors(input).centroidCosines
    let best = centrality.values.max() ?? 0
    if best > 0 { centrality = centrality.mapValues { $0 / best } }
    var result: [Int: ScoredSentence] = [:]
    for (ordinal, index) in input.candidates.enumerated() {
      let words = input.wordCounts[index]
      let stems = Set(input.stems[index])
      let components = ScoreComponents(
        position: round4(1 / Double(ordinal + 1).squareRoot()),
        centrality: round4(centrality[index] ?? 0),
        title: round4(
          input.titleStems.isEmpty
            ? 0 : Double(stems.intersection(input.titleStems).count) / Double(input.titleStems.count)),
        keyTerms: round4(min(1, Double(input.keyTermCounts[index] ?? 0) / 3)),
        length: round4(words < 8 ? Double(words) / 8 : words > 50 ? 50 / Double(words) : 1))
      let total =
        (weights.position * components.position + weights.centrality * components.centrality
          + weights.title * components.title + weights.keyTerms * components.keyTerms)
        * components.length
      result[index] = ScoredSentence(score: round4(total), components: components)
    }
    return result
  }
}

/// Lead: the first candidates first (the baseline every news summarizer is measured against).
public struct LeadScorer: SentenceScorer {
  public static let name = "lead"
  public static let summary = "the first sentences of the article"

  /// Creates the scorer.
  public init() {}

  /// - Complexity: O(*n*) in the number of candidates.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result: [Int: ScoredSentence] = [:]
    for (ordinal, index) in input.candidates.enumerated() {
      result[index] = ScoredSentence(score: Double(input.candidates.count - ordinal))
    }
    return result
  }
}
