/// SumBasic (Nenkova & Vanderwende 2005): pick sentences holding the most probable word, then
/// square the probabilities of the words picked so that the next picks say something new.
public struct SumBasicScorer: SentenceScorer {
  public static let name = "sumbasic"
  public static let summary = "SumBasic (2005): greedy picks by word probability, squared once used"
  public static var maximumCandidates: Int? { pairwiseCandidateLimit }

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its pick order: the first pick gets the number of candidates, the
  /// next one less, and so on. Sentences without stems are never picked and get 0.
  ///
  /// - Complexity: O(*n* (*v* + *w*)), *n* candidates, *v* distinct stems, *w* stems in all
  ///   (the sentences holding the most probable word are found from a list of them).
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    var result = input.zeroVerdicts
    let candidates = input.candidates.filter { input.hasStems($0) }
    guard !candidates.isEmpty else { return result }
    let numbers = input.numbers(of: candidates)
    var counts = [Int](repeating: 0, count: numbers.count)
    var names = [String](repeating: "", count: numbers.count)
    // The candidates holding each stem, in order.
    var holders = [[Int]](repeating: [], count: numbers.count)
    for (position, sentence) in numbers.sentences.enumerated() {
      for (stem, number) in zip(input.stems(of: candidates[position]), sentence) {
        counts[number] += 1
        names[number] = stem
        if holders[number].last != position { holders[number].append(position) }
      }
    }
    let total = Double(counts.reduce(0, +))
    var probability = counts.map { Double($0) / total }
    // Ties between words go to the first in sorted order.
    let vocabulary = names.indices.sorted { names[$0] < names[$1] }

    /// The mean probability of the stems of candidate `position`.
    func average(_ position: Int) -> Double {
      let words = numbers.sentences[position]
      return words.reduce(0.0) { $0 + probability[$1] } / Double(words.count)
    }

    var picked = [Bool](repeating: false, count: candidates.count)
    for order in candidates.indices {
      // The most probable word; on a tie the first in sorted order.
      var top = vocabulary[0]
      var topProbability = -1.0
      for word in vocabulary where probability[word] > topProbability {
        top = word
        topProbability = probability[word]
      }
      let pool = holders[top].filter { !picked[$0] }
      var pick = -1
      var best = 0.0
      for position in pool.isEmpty ? Array(candidates.indices) : pool where !picked[position] {
        let value = average(position)
        if pick < 0 || value > best {
          pick = position
          best = value
        }
      }
      result[candidates[pick]] = ScoredSentence(score: Double(input.candidates.count - order))
      picked[pick] = true
      for number in Set(numbers.sentences[pick]) {
        probability[number] = probability[number] * probability[number]
      }
    }
    return result
  }
}
