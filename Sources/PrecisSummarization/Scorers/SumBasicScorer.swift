/// SumBasic (Nenkova & Vanderwende 2005): pick sentences holding the most probable word, then
/// square the probabilities of the words picked so that the next picks say something new.
public struct SumBasicScorer: SentenceScorer {
  public static let name = "sumbasic"
  public static let summary = "SumBasic (2005): greedy picks by word probability, squared once used"

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by its pick order: the first pick gets the number of candidates, the
  /// next one less, and so on. Sentences without stems are never picked and get 0.
  ///
  /// - Complexity: O(*n* (*v* + *w*)), *n* candidates, *v* distinct stems, *w* stems in all.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    let stems = input.stems(of:)
    var result = input.zeroVerdicts
    var remaining = input.candidates.filter { !stems($0).isEmpty }
    var counts: [String: Int] = [:]
    for index in remaining {
      for stem in stems(index) { counts[stem, default: 0] += 1 }
    }
    let total = Double(counts.values.reduce(0, +))
    var probability = counts.mapValues { Double($0) / total }
    let vocabulary = counts.keys.sorted()

    /// The mean probability of the stems of sentence `index`.
    func average(_ index: Int) -> Double {
      let words = stems(index)
      return words.reduce(0.0) { $0 + (probability[$1] ?? 0) } / Double(words.count)
    }

    var position = 0
    while !remaining.isEmpty {
      // The most probable word; on a tie the first in sorted order.
      var top = ""
      var topProbability = -1.0
      for word in vocabulary where (probability[word] ?? 0) > topProbability {
        top = word
        topProbability = probability[word] ?? 0
      }
      let holders = remaining.filter { stems($0).contains(top) }
      let pool = holders.isEmpty ? remaining : holders
      var pick = pool[0]
      var best = average(pick)
      for index in pool.dropFirst() {
        let value = average(index)
        if value > best || (value == best && index < pick) {
          pick = index
          best = value
        }
      }
      result[pick] = ScoredSentence(score: Double(input.candidates.count - position))
      position += 1
      remaining.removeAll { $0 == pick }
      for stem in Set(stems(pick)).sorted() {
        let value = probability[stem] ?? 0
        probability[stem] = value * value
      }
    }
    return result
  }
}
