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
  public static let readsStemNumbers = true

  /// The weights of position, centrality, title overlap and key terms.
  public var weights: (position: Double, centrality: Double, title: Double, keyTerms: Double)

  /// The default weights, tuned together on the OrangeSum validation split (the stage's options
  /// show them as their defaults): the middle of the region where the 1- and 2-sentence
  /// summaries both reach their targets (see the README's *Summaries: ROUGE on OrangeSum*).
  public static let defaultWeights = (position: 0.42, centrality: 0.4, title: 0.05, keyTerms: 0.1)

  /// Creates the scorer with its weights.
  public init(
    position: Double = defaultWeights.position, centrality: Double = defaultWeights.centrality,
    title: Double = defaultWeights.title, keyTerms: Double = defaultWeights.keyTerms
  ) {
    weights = (position, centrality, title, keyTerms)
  }

  /// - Complexity: O(*n*) in the number of stems of the candidates.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    // TF-IDF centrality: each candidate's cosine with the whole article, scaled so the best is 1.
    var centrality = TFIDFVectors.cosines(of: input)
    let best = centrality.max() ?? 0
    if best > 0 { centrality = centrality.map { $0 / best } }
    var result = [Int: ScoredSentence](minimumCapacity: input.candidates.count)
    var titleOverlap = TitleOverlap(input)
    for (ordinal, index) in input.candidates.enumerated() {
      let words = input.wordCounts[index]
      let components = ScoreComponents(
        position: round4(1 / Double(ordinal + 1).squareRoot()),
        centrality: round4(centrality[ordinal]),
        title: round4(titleOverlap.share(of: index)),
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

/// The share of the title's distinct stems a sentence holds: over stem numbers when the input
/// has them (flags in arrays, no hashing), else over the stems.
private struct TitleOverlap {
  let input: ScoringInput
  /// Whether each stem number is in the title, and how many are.
  var inTitle: [Bool] = []
  var titleCount = 0
  /// The last sentence that counted each number (a sentence counts a stem once).
  var countedBy: [Int] = []
  /// The title's stems, when there are no numbers.
  var titleStems: Set<String> = []

  init(_ input: ScoringInput) {
    self.input = input
    if let numbers = input.numbers, let titleSentences = input.titleSentences {
      inTitle = Array(filling: false, count: numbers.count)
      countedBy = Array(filling: -1, count: numbers.count)
      for sentence in titleSentences where numbers.sentences.indices.contains(sentence) {
        for number in numbers.sentences[sentence] where !inTitle[number] {
          inTitle[number] = true
          titleCount += 1
        }
      }
    } else {
      titleStems = input.titleStems
      titleCount = titleStems.count
    }
  }

  mutating func share(of index: Int) -> Double {
    guard titleCount > 0 else { return 0 }
    var shared = 0
    if let numbers = input.numbers, !inTitle.isEmpty {
      guard numbers.sentences.indices.contains(index) else { return 0 }
      for number in numbers.sentences[index] where inTitle[number] && countedBy[number] != index {
        countedBy[number] = index
        shared += 1
      }
    } else {
      shared = Set(input.stems(of: index)).intersection(titleStems).count
    }
    return Double(shared) / Double(titleCount)
  }
}

/// Lead: the first candidates first (the baseline every news summarizer is measured against).
public struct LeadScorer: SentenceScorer {
  public static let name = "lead"
  public static let summary = "the first sentences of the article"
  public static let readsStemNumbers = true

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
