import Foundation
import PrecisCore

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
    let vectors = TFIDFVectors(input)
    // (A candidate given twice has the same vector twice: either verdict will do.)
    return Dictionary(
      zip(vectors.candidates, vectors.cosines()).map { ($0, ScoredSentence(score: $1)) },
      uniquingKeysWith: { _, last in last })
  }
}

/// Each candidate's TF-IDF vector, count × (log(*N* / df) + 1) with *N* the number of candidates
/// and df the number of candidates holding the stem, and their sum, the centroid. Centroid,
/// LexRank and the features scorer's centrality share them. A long document's vectors and
/// cosines are made on the cores; the centroid is summed in candidate order, as in one pass.
struct TFIDFVectors {
  /// The vectors of the candidates, in candidate order (empty for a sentence without stems).
  let vectors: [StemVector]
  /// The sum of the vectors, by stem number, added in candidate order.
  let centroid: [Double]
  /// The candidates, in order.
  let candidates: [Int]

  /// - Complexity: O(*w* log *w*) in the number of stems of the candidates.
  init(_ input: ScoringInput, threshold: Int = Parallel.threshold) {
    let numbers =
      input.numbers?.renumbered(input.candidates) ?? StemNumbers(input.candidates.map { input.stems(of: $0) })
    // (Counting and weighing cannot throw.)
    let counted =
      (try? Parallel.map(numbers.sentences.count, threshold: threshold) {
        range -> [(numbers: [Int], counts: [Int])] in
        range.map { StemVector.counted(numbers.sentences[$0]) }
      }) ?? []
    var documentFrequency = [Int](repeating: 0, count: numbers.count)
    for sentence in counted {
      for number in sentence.numbers { documentFrequency[number] += 1 }
    }
    let count = Double(input.candidates.count)
    // Each stem's inverse document frequency, once (the same value at every use).
    let idf = documentFrequency.map { log(count / Double(max(1, $0))) + 1 }
    let vectors =
      (try? Parallel.map(counted.count, threshold: threshold) { range -> [StemVector] in
        range.map { position in
          let sentence = counted[position]
          return StemVector(
            numbers: sentence.numbers,
            weights: zip(sentence.numbers, sentence.counts).map { Double($1) * idf[$0] })
        }
      }) ?? []
    var centroid = [Double](repeating: 0, count: numbers.count)
    for vector in vectors {
      for (number, weight) in zip(vector.numbers, vector.weights) { centroid[number] += weight }
    }
    self.vectors = vectors
    self.centroid = centroid
    candidates = input.candidates
  }

  /// Each candidate's cosine with the centroid, in candidate order. Sums run in stem number
  /// order (stems of no candidate add zeros), so totals are the same in every process.
  func cosines(threshold: Int = Parallel.threshold) -> [Double] {
    let centroidNorm = centroid.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    guard centroidNorm > 0 else { return Array(repeating: 0, count: vectors.count) }
    return
      (try? Parallel.map(vectors.count, threshold: threshold) { range -> [Double] in
        range.map { position in
          let vector = vectors[position]
          guard vector.norm > 0 else { return 0.0 }
          let dot = zip(vector.numbers, vector.weights).reduce(0.0) { $0 + $1.1 * centroid[$1.0] }
          return dot / (vector.norm * centroidNorm)
        }
      }) ?? []
  }
}
