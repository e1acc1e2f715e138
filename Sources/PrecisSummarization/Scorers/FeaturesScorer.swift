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
    let centrality = CentralityMeasure.centrality(of: input.candidates, stems: input.stems)
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

/// TF-IDF centrality: each candidate's cosine with the whole article, scaled so the best is 1.
enum CentralityMeasure {
  /// - Complexity: O(*n* log *n*) in the number of stems of the candidates.
  static func centrality(of candidates: [Int], stems: [[String]]) -> [Int: Double] {
    let numbers = StemNumbers(stems)
    var documentFrequency = [Int](repeating: 0, count: numbers.count)
    for index in candidates {
      for number in Set(numbers.sentences[index]) { documentFrequency[number] += 1 }
    }
    let count = Double(candidates.count)
    func idf(_ number: Int) -> Double {
      1 + log(count / Double(max(1, documentFrequency[number])))
    }
    // The article's weights are summed in candidate order; stems of no candidate stay zero,
    // and adding their zero squares leaves the norm as it was.
    var article = [Double](repeating: 0, count: numbers.count)
    var vectors: [(index: Int, vector: StemVector)] = []
    for index in candidates {
      var frequencies: [Int: Double] = [:]
      for number in numbers.sentences[index] { frequencies[number, default: 0] += 1 }
      for (number, tf) in frequencies {
        frequencies[number] = tf * idf(number)
        article[number] += tf * idf(number)
      }
      vectors.append((index, StemVector(frequencies)))
    }
    // Sums run in sorted stem order: dictionary order changes between processes, and
    // floating-point addition in another order could move a total across a rounding boundary.
    let articleNorm = article.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    var result: [Int: Double] = [:]
    for (index, vector) in vectors {
      let dot = zip(vector.numbers, vector.weights).reduce(0.0) { $0 + $1.1 * article[$1.0] }
      result[index] = vector.norm > 0 && articleNorm > 0 ? dot / (vector.norm * articleNorm) : 0
    }
    let best = result.values.max() ?? 0
    if best > 0 { result = result.mapValues { $0 / best } }
    return result
  }
}
