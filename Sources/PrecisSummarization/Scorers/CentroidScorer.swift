import Foundation

/// Centroid-based scoring (Radev et al. 2000, simplified as in sumy): a sentence is as good as
/// the cosine of its TF-IDF vector with the sum of all candidates' vectors.
public struct CentroidScorer: SentenceScorer {
  public static let name = "centroid"
  public static let summary = "TF-IDF cosine with the centroid of the candidate sentences"

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its cosine with the centroid.
  ///
  /// - Complexity: O(*n* *v* log *v*), *n* candidates and *v* distinct stems.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    TFIDFVectors(input).centroidCosines.mapValues { ScoredSentence(score: $0) }
  }
}

/// Each candidate's TF-IDF vector, count × (log(*N* / df) + 1) with *N* the number of candidates
/// and df the number of candidates holding the stem, and their sum, the centroid. Centroid,
/// LexRank and the features scorer's centrality share them.
struct TFIDFVectors {
  /// The vectors of the candidates (empty for a sentence without stems).
  let vectors: [Int: StemVector]
  /// The sum of the vectors, by stem number, added in candidate order.
  let centroid: [Double]
  /// The candidates, in order.
  let candidates: [Int]

  /// - Complexity: O(*w* log *w*) in the number of stems of the candidates.
  init(_ input: ScoringInput) {
    let numbers =
      input.numbers?.renumbered(input.candidates) ?? StemNumbers(input.candidates.map { input.stems(of: $0) })
    let counted = numbers.sentences.map(StemVector.counted)
    var documentFrequency = [Int](repeating: 0, count: numbers.count)
    for sentence in counted {
      for number in sentence.numbers { documentFrequency[number] += 1 }
    }
    let count = Double(input.candidates.count)
    // Each stem's inverse document frequency, once (the same value at every use).
    let idf = documentFrequency.map { log(count / Double(max(1, $0))) + 1 }
    var centroid = [Double](repeating: 0, count: numbers.count)
    var vectors: [Int: StemVector] = [:]
    vectors.reserveCapacity(input.candidates.count)
    for (index, sentence) in zip(input.candidates, counted) {
      let weights = zip(sentence.numbers, sentence.counts).map { number, frequency in
        let weight = Double(frequency) * idf[number]
        centroid[number] += weight
        return weight
      }
      vectors[index] = StemVector(numbers: sentence.numbers, weights: weights)
    }
    self.vectors = vectors
    self.centroid = centroid
    candidates = input.candidates
  }

  /// Each candidate's cosine with the centroid. Sums run in stem number order (stems of no
  /// candidate add zeros), so totals are the same in every process.
  var centroidCosines: [Int: Double] {
    let centroidNorm = centroid.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    var result: [Int: Double] = [:]
    result.reserveCapacity(candidates.count)
    for index in candidates {
      guard let vector = vectors[index], vector.norm > 0, centroidNorm > 0 else {
        result[index] = 0
        continue
      }
      let dot = zip(vector.numbers, vector.weights).reduce(0.0) { $0 + $1.1 * centroid[$1.0] }
      result[index] = dot / (vector.norm * centroidNorm)
    }
    return result
  }
}
