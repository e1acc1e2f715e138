/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
  /// The candidate closest to `word`, if it is close enough to be a likely typo.
  ///
  /// - Complexity: O(*n* × *m* × *k*) for *k* candidates of length *m* and a word of length *n*.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates.sorted() {
      let distance = editDistance(lowered, candidate.lowercased())
      let limit = max(2, candidate.count / 3)
      if distance <= limit, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// The note to print for a misspelled `word`: a suggestion, or the list of valid names.
  public static func note(for word: String, in candidates: [String], kind: String) -> String {
    if let match = closest(to: word, in: candidates) {
      return "did you mean '\(match)'?"
    }
    return "valid \(kind)s: " + candidates.sorted().map { "'\($0)'" }.joined(separator: ", ")
  }

  /// The Levenshtein distance between two strings, by Unicode scalars.
  ///
  /// - Complexity: O(*n* × *m*).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
