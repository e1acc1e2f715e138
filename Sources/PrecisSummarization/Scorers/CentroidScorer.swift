import Foundation
import PrecisCore

/// Centroid-based scoring (Radev et al. 2000, simplified as in sumy): a sentence is as good as
/// the cosine of its TF-IDF vector with the sum of all candidates' vectors.
public struct CentroidScorer: SentenceScorer {
  public static let name = "centroid"
  public static let summary = "TF-IDF cosine with the centroid of the candidate sentences"
  public static let readsStemNumbers = true

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
    var documentFrequency = [Int](filling: 0, count: numbers.count)
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
    var centroid = [Double](filling: 0, count: numbers.count)
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
    guard centroidNorm > 0 else { return Array(filling: 0, count: vectors.count) }
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

extension TFIDFVectors {
  /// `TFIDFVectors(input).cosines()`, the same numbers bit for bit, made without a vector: the
  /// candidates' stem numbers, counts and weights are kept in flat arrays, one after another,
  /// so that a sentence costs no allocation. Every sum runs in the same order as there (stem
  /// numbers renumbered among the candidates, ascending within a sentence; the centroid in
  /// candidate order).
  ///
  /// - Complexity: O(*w* log *w*) in the number of stems of the candidates.
  static func cosines(of input: ScoringInput) -> [Double] {
    guard let numbers = input.numbers else { return TFIDFVectors(input).cosines() }
    // The candidates' numbers, renumbered in order of first appearance (`renumbered(_:)`).
    var renumber = [Int](filling: -1, count: numbers.count)
    var next = 0
    var flat: [Int] = []
    flat.reserveCapacity(
      input.candidates.reduce(0) { total, index in
        total + (numbers.sentences.indices.contains(index) ? numbers.sentences[index].count : 0)
      })
    var ends: [Int] = []
    ends.reserveCapacity(input.candidates.count)
    for index in input.candidates {
      if numbers.sentences.indices.contains(index) {
        for number in numbers.sentences[index] {
          if renumber[number] < 0 {
            renumber[number] = next
            next += 1
          }
          flat.append(renumber[number])
        }
      }
      ends.append(flat.count)
    }
    // Each candidate's distinct numbers, ascending, and their counts (`StemVector.counted`).
    var distinct: [Int] = []
    var counts: [Int] = []
    var distinctEnds: [Int] = []
    distinct.reserveCapacity(flat.count)
    counts.reserveCapacity(flat.count)
    distinctEnds.reserveCapacity(ends.count)
    var documentFrequency = [Int](filling: 0, count: next)
    // (Sorted in place: sorting a slice of the array copied it.)
    flat.withUnsafeMutableBufferPointer { flat in
      var start = 0
      for end in ends {
        TFIDFVectors.sortNumbers(UnsafeMutableBufferPointer(rebasing: flat[start..<end]))
        start = end
      }
    }
    var start = 0
    for end in ends {
      let first = distinct.count
      for position in start..<end {
        let number = flat[position]
        if distinct.count > first, distinct[distinct.count - 1] == number {
          counts[counts.count - 1] += 1
        } else {
          distinct.append(number)
          counts.append(1)
          documentFrequency[number] += 1
        }
      }
      distinctEnds.append(distinct.count)
      start = end
    }
    let count = Double(input.candidates.count)
    let idf = documentFrequency.map { log(count / Double(max(1, $0))) + 1 }
    // Weights, each candidate's norm, and the centroid, summed as the vectors are.
    var weights = [Double](filling: 0, count: distinct.count)
    var norms = [Double](filling: 0, count: distinctEnds.count)
    var centroid = [Double](filling: 0, count: next)
    start = 0
    for (candidate, end) in distinctEnds.enumerated() {
      var squares = 0.0
      for position in start..<end {
        let weight = Double(counts[position]) * idf[distinct[position]]
        weights[position] = weight
        squares = squares + weight * weight
      }
      norms[candidate] = squares.squareRoot()
      for position in start..<end { centroid[distinct[position]] += weights[position] }
      start = end
    }
    let centroidNorm = centroid.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    guard centroidNorm > 0 else { return Array(filling: 0, count: distinctEnds.count) }
    var cosines = [Double](filling: 0, count: distinctEnds.count)
    start = 0
    for (candidate, end) in distinctEnds.enumerated() {
      defer { start = end }
      guard norms[candidate] > 0 else { continue }
      var dot = 0.0
      for position in start..<end { dot = dot + weights[position] * centroid[distinct[position]] }
      cosines[candidate] = dot / (norms[candidate] * centroidNorm)
    }
    return cosines
  }

  /// Sorts a sentence's numbers in ascending order, in place: by insertion for the dozen
  /// numbers of most sentences, by the standard library's sort beyond 32.
  ///
  /// - Complexity: O(*n* log *n*).
  static func sortNumbers(_ numbers: UnsafeMutableBufferPointer<Int>) {
    guard numbers.count > 1 else { return }
    guard numbers.count <= 32 else {
      var numbers = numbers
      numbers.sort()
      return
    }
    for position in 1..<numbers.count {
      let number = numbers[position]
      var slot = position
      while slot > 0, numbers[slot - 1] > number {
        numbers[slot] = numbers[slot - 1]
        slot -= 1
      }
      numbers[slot] = number
    }
  }
}
