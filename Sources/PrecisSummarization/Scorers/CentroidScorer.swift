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
    let vectors = Self.tfidfVectors(input)
    var centroid: [String: Double] = [:]
    for index in input.candidates {
      let vector = vectors[index] ?? [:]
      for stem in vector.keys.sorted() { centroid[stem, default: 0] += vector[stem] ?? 0 }
    }
    var result: [Int: ScoredSentence] = [:]
    for index in input.candidates {
      result[index] = ScoredSentence(score: cosine(vectors[index] ?? [:], centroid))
    }
    return result
  }

  /// Each candidate's TF-IDF vector: count × (log(*N* / df) + 1), with *N* the number of
  /// candidates and df the number of candidates holding the stem. Empty for a sentence without
  /// stems.
  ///
  /// - Complexity: O(*w*) in the number of stems of the candidates.
  static func tfidfVectors(_ input: ScoringInput) -> [Int: [String: Double]] {
    func stems(_ index: Int) -> [String] {
      input.stems(of: index)
    }
    var documentFrequency: [String: Int] = [:]
    for index in input.candidates {
      for stem in Set(stems(index)) { documentFrequency[stem, default: 0] += 1 }
    }
    let count = Double(input.candidates.count)
    var vectors: [Int: [String: Double]] = [:]
    for index in input.candidates {
      var vector = termFrequencies(stems(index))
      for (stem, frequency) in vector {
        vector[stem] = frequency * (log(count / Double(documentFrequency[stem] ?? 1)) + 1)
      }
      vectors[index] = vector
    }
    return vectors
  }
}
