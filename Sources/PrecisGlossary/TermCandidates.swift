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
      /// The run's words, as numbers.
      var run: Run
      var words: Int { run.count }
    }
    // Words are numbered once per token, and runs are counted by their numbers: joining and
    // hashing the strings of every run was a tenth of a long article's time.
    var numbers: [String: Int32] = [:]
    var tallies: [Run: Tally] = [:]
    var order = 0
    for sentence in sentences {
      var covered = Set<Int>()
      for range in sentence.covered { covered.formUnion(range) }
      var positions: [Int] = []
      var run: [Int32] = []
      func flush() {
        defer {
          positions = []
          run = []
        }
        guard !run.isEmpty else { return }
        for length in 1...min(TermCandidates.longest, run.count) {
          for start in 0...(run.count - length) {
            let key = Run(run[start..<(start + length)])
            if let index = tallies.index(forKey: key) {
              tallies.values[index].count += 1
            } else {
              let form = positions[start..<(start + length)].map { sentence.tokens[$0].text }
                .joined(separator: " ")
              tallies[key] = Tally(
                form: form, count: 1, firstSentence: sentence.index, order: order, run: key)
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
        if content {
          let next = Int32(truncatingIfNeeded: numbers.count)
          let number = numbers[token.normalized, default: next]
          if number == next { numbers[token.normalized] = next }
          positions.append(position)
          run.append(number)
        } else {
          flush()
        }
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
    var holders: [Run: Int] = [:]
    for tally in frequent.values where tally.words > 1 {
      for inner in tally.run.innerRuns { holders[inner] = max(holders[inner] ?? 0, tally.count) }
    }
    let result = frequent.filter { key, tally in (holders[key] ?? 0) < tally.count }
    return result.values.sorted {
      let left = $0.count * (2 + $0.words)
      let right = $1.count * (2 + $1.words)
      return left != right ? left > right : $0.order < $1.order
    }.map { TermCandidate(form: $0.form, count: $0.count, firstSentence: $0.firstSentence) }
  }
}

/// One to four word numbers, hashed as one value.
struct Run: Hashable {
  /// The numbers, with -1 past the run's end.
  private var words: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
  /// How many words the run has.
  let count: Int

  /// A run of the first four of `numbers` (runs are at most `TermCandidates.longest` long).
  init(_ numbers: ArraySlice<Int32>) {
    count = min(numbers.count, 4)
    func word(_ offset: Int) -> Int32 { offset < count ? numbers[numbers.startIndex + offset] : -1 }
    words = (word(0), word(1), word(2), word(3))
  }

  var numbers: [Int32] { Array([words.0, words.1, words.2, words.3].prefix(count)) }

  /// Every shorter run of consecutive words inside this one.
  var innerRuns: [Run] {
    let all = numbers
    guard count > 1 else { return [] }
    return (1..<count).flatMap { length in
      (0...(count - length)).map { Run(all[$0..<($0 + length)]) }
    }
  }

  static func == (left: Run, right: Run) -> Bool {
    left.count == right.count && left.words == right.words
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }
}
