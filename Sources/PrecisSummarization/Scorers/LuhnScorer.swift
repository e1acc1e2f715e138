/// Luhn's auto-abstract (1958), as in sumy: the significant words are the article's frequent
/// stems, and a sentence is worth its densest cluster of them.
public struct LuhnScorer: SentenceScorer {
  public static let name = "luhn"
  public static let summary = "Luhn (1958): the densest cluster of frequent stems in the sentence"

  /// The most insignificant words allowed between two consecutive significant words of a cluster.
  let maximumGap = 4
  /// The share of the distinct stems, most frequent first, that may be significant (sumy's
  /// `significant_percentage`); stems occurring once are never significant.
  let significantShare = 1.0

  /// Creates a scorer.
  public init() {}

  /// Scores each candidate by the value of its best cluster of significant stems.
  ///
  /// - Complexity: O(*w* log *w*), *w* the number of stems of the candidates.
  public func score(_ input: ScoringInput) -> [Int: ScoredSentence] {
    let significant = significantStems(input)
    var result: [Int: ScoredSentence] = [:]
    for index in input.candidates {
      let stems = input.stems(of: index)
      result[index] = ScoredSentence(score: bestCluster(stems, significant: significant))
    }
    return result
  }

  /// The stems occurring at least twice over the candidates and among the most frequent
  /// `significantShare` of the distinct stems (ties broken by stem).
  ///
  /// - Complexity: O(*w* + *v* log *v*), *v* the number of distinct stems.
  func significantStems(_ input: ScoringInput) -> Set<String> {
    var counts: [String: Int] = [:]
    for index in input.candidates where input.stems.indices.contains(index) {
      for stem in input.stems[index] { counts[stem, default: 0] += 1 }
    }
    let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    let kept = ranked.prefix(Int(Double(ranked.count) * significantShare))
    return Set(kept.filter { $0.value >= 2 }.map(\.key))
  }

  /// The value of the best cluster in `stems`: (significant words)² / (cluster length). A cluster
  /// runs from a significant word to a significant word, with at most `maximumGap`
  /// insignificant words between consecutive significant ones; as in sumy, a lone significant
  /// word is no cluster. 0 when there is none.
  ///
  /// - Complexity: O(*n*) in the number of stems.
  func bestCluster(_ stems: [String], significant: Set<String>) -> Double {
    let positions = stems.indices.filter { significant.contains(stems[$0]) }
    var best = 0.0
    var start = 0
    for end in positions.indices {
      let closes = end == positions.count - 1 || positions[end + 1] - positions[end] - 1 > maximumGap
      guard closes else { continue }
      let count = end - start + 1
      if count >= 2 {
        let length = positions[end] - positions[start] + 1
        best = max(best, Double(count * count) / Double(length))
      }
      start = end + 1
    }
    return best
  }
}
