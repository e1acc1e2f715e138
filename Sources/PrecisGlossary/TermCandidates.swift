import PrecisCore

/// The terms a glossary is missing: runs of one to four content words (bounded by stopwords,
/// punctuation, numbers and glossary matches) that recur in a document, longest and most
/// frequent first. A run contained in a longer one that occurs as often is left out, and a
/// single lowercase word needs one more occurrence than a name or a multiword run.
public struct TermCandidates: Sendable {
  /// Lowercase stopwords (function words and very common words).
  let stopwords: Set<String>
  /// How many times a run must occur to be proposed.
  let minimumCount: Int
  /// The longest run proposed, in words.
  static let longest = 4

  /// Creates an extractor.
  public init(stopwords: Set<String>, minimumCount: Int) {
    self.stopwords = stopwords
    self.minimumCount = minimumCount
  }

  /// The candidates of sentences given as tokens, with the token ranges glossary terms cover.
  ///
  /// - Complexity: O(*n*) in the number of tokens (runs are at most `longest` words).
  public func candidates(in sentences: [(index: Int, tokens: [Token], covered: [Range<Int>])])
    -> [TermCandidate]
  {
    struct Tally {
      var form: String
      var count: Int
      var firstSentence: Int
      var order: Int
      /// The run's normalized words.
      var parts: [String]
      var words: Int { parts.count }
    }
    var tallies: [String: Tally] = [:]
    var order = 0
    for sentence in sentences {
      var covered = Set<Int>()
      for range in sentence.covered { covered.formUnion(range) }
      var run: [Int] = []
      func flush() {
        defer { run = [] }
        guard !run.isEmpty else { return }
        for length in 1...min(TermCandidates.longest, run.count) {
          for start in 0...(run.count - length) {
            let words = run[start..<(start + length)].map { sentence.tokens[$0] }
            let parts = words.map(\.normalized)
            let key = parts.joined(separator: " ")
            if var tally = tallies[key] {
              tally.count += 1
              tallies[key] = tally
            } else {
              let form = words.map(\.text).joined(separator: " ")
              tallies[key] = Tally(
                form: form, count: 1, firstSentence: sentence.index, order: order, parts: parts)
              order += 1
            }
          }
        }
      }
      for (position, token) in sentence.tokens.enumerated() {
        let capitalized = token.text.unicodeScalars.first?.isUppercaseLetter == true
        let content =
          token.kind == .word && !token.isElision && !covered.contains(position)
          && !stopwords.contains(token.normalized)
          && token.normalized.unicodeScalars.count >= (capitalized ? 2 : 3)
        if content { run.append(position) } else { flush() }
      }
      flush()
    }
    // A lone lowercase word (often a verb or an adjective) needs one more occurrence.
    let kept = tallies.filter { _, tally in
      let lone = tally.words == 1 && tally.form.unicodeScalars.first?.properties.isLowercase == true
      return tally.count >= minimumCount + (lone ? 1 : 0)
    }
    // Leave out a run inside a longer kept run that occurs as often (`intelligence` in
    // `intelligence artificielle`), among the 300 most frequent runs.
    let frequent = Dictionary(
      uniqueKeysWithValues: kept.sorted {
        $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.order < $1.value.order
      }
      .prefix(300).map { ($0.key, $0.value) })
    // Each shorter run inside a frequent run, with the highest count of a run that holds it.
    var holders: [String: Int] = [:]
    for tally in frequent.values where tally.words > 1 {
      for length in 1..<tally.words {
        for start in 0...(tally.words - length) {
          let inner = tally.parts[start..<(start + length)].joined(separator: " ")
          holders[inner] = max(holders[inner] ?? 0, tally.count)
        }
      }
    }
    let result = frequent.filter { key, tally in (holders[key] ?? 0) < tally.count }
    return result.values.sorted {
      let left = $0.count * (2 + $0.words)
      let right = $1.count * (2 + $1.words)
      return left != right ? left > right : $0.order < $1.order
    }.map { TermCandidate(form: $0.form, count: $0.count, firstSentence: $0.firstSentence) }
  }
}
