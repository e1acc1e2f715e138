import PrecisCore

/// The terms a glossary is missing: runs of one to four content words (bounded by stopwords,
/// punctuation, numbers and glossary matches) that recur in a document, longest and most
/// frequent first. A run contained in a longer one is left out unless it recurs enough on its
/// own, and a single lowercase word needs one more occurrence than a name or a multiword run.
public struct TermCandidates: Sendable {
  /// Lowercase stopwords (function words and very common words).
  let stopwords: Set<String>
  /// How many times a run must occur to be proposed.
  let minimumCount: Int
  /// The longest run proposed, in words.
  static let longest = 4
  /// How many of the most frequent runs are weighed against each other.
  static let frequentRuns = 300

  /// Creates an extractor.
  public init(stopwords: Set<String>, minimumCount: Int) {
    self.stopwords = stopwords
    self.minimumCount = minimumCount
  }

  /// The candidates of sentences given as tokens, with the token ranges glossary terms cover.
  ///
  /// A long document is read on the cores: its sentences in contiguous parts, then its runs
  /// counted in shards (a run belongs to one shard, chosen by its words), so no count is ever
  /// merged. The result is the same for any number of cores.
  ///
  /// - Complexity: O(*n*) in the number of tokens (runs are at most `longest` words).
  public func candidates(
    in sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])],
    threshold: Int = Parallel.threshold, cores: Int = Parallel.cores
  ) -> [TermCandidate] {
    // Content words, numbered per part of the sentences.
    let parts =
      (try? Parallel.parts(sentences.count, threshold: threshold, cores: cores) { range in
        self.contentWords(of: sentences, range)
      }) ?? []
    // Numbers for the whole document, in order of first occurrence: each part's words are
    // renumbered through a table.
    var numbers: [String: Int32] = [:]
    let renumbering = parts.map { part in
      part.words.map { word -> Int32 in
        let next = Int32(truncatingIfNeeded: numbers.count)
        let number = numbers[word, default: next]
        if number == next { numbers[word] = next }
        return number
      }
    }
    // Runs are counted in shards, each shard reading every run and counting its own.
    let shards = parts.count
    let counted =
      (try? Parallel.parts(shards, threshold: 2, cores: shards) { range in
        range.map { shard in
          self.count(parts, renumbering: renumbering, shard: shard, of: shards, sentences: sentences)
        }
      }) ?? []
    let frequent = counted.joined().joined().sorted(by: Tally.moreFrequent).prefix(
      TermCandidates.frequentRuns)
    // Leave out a run inside a longer frequent run unless it recurs enough outside it
    // (`intelligence` in `intelligence artificielle`, `Jinping` seen 7 times of which 6 in
    // `Xi Jinping`): each shorter run inside a frequent run gets the highest count of a run
    // that holds it, and is kept when the rest of its occurrences reach the minimum count.
    var holders: [Run: Int] = [:]
    for tally in frequent where tally.run.count > 1 {
      for inner in tally.run.innerRuns { holders[inner] = max(holders[inner] ?? 0, tally.count) }
    }
    return frequent.filter { $0.count - (holders[$0.run] ?? 0) >= minimumCount }
      .sorted {
        let left = $0.count * (2 + $0.run.count)
        let right = $1.count * (2 + $1.run.count)
        return left != right ? left > right : $0.order < $1.order
      }
      .map { tally in
        let tokens = sentences[tally.sentence].tokens
        let form = (tally.token..<(tally.token + tally.run.count)).map(tokens.text(at:)).joined(
          separator: " ")
        return TermCandidate(form: form, count: tally.count, firstSentence: sentences[tally.sentence].index)
      }
  }

  /// The content words of some sentences: runs of them, numbered in order of first occurrence.
  struct ContentWords: Sendable {
    /// The words, by number.
    var words: [String] = []
    /// Each run's words as numbers, runs one after the other.
    var sequence: [Int32] = []
    /// Where each run starts in `sequence`, with `sequence.count` last.
    var runStarts: [Int] = [0]
    /// Each run's sentence (a position in the sentences given) and first token.
    var origins: [(sentence: Int, token: Int)] = []
  }

  func contentWords(
    of sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])], _ range: Range<Int>
  ) -> ContentWords {
    var part = ContentWords()
    var numbers: [String: Int32] = [:]
    for position in range {
      let sentence = sentences[position]
      var covered = Set<Int>()
      for range in sentence.covered { covered.formUnion(range) }
      var runStart: Int?
      func flush() {
        if runStart != nil, part.sequence.count > part.runStarts[part.runStarts.count - 1] {
          part.runStarts.append(part.sequence.count)
        }
        runStart = nil
      }
      let tokens = sentence.tokens
      for (index, token) in tokens.enumerated() {
        guard token.kind == .word, !token.isElision, !covered.contains(index) else {
          flush()
          continue
        }
        let normalized = tokens.normalized(at: index)
        let capitalized = tokens.text(at: index).unicodeScalars.first?.isUppercaseLetter == true
        guard !stopwords.contains(normalized), normalized.unicodeScalars.count >= (capitalized ? 2 : 3) else {
          flush()
          continue
        }
        if runStart == nil {
          runStart = index
          part.origins.append((position, index))
        }
        let next = Int32(truncatingIfNeeded: part.words.count)
        let number = numbers[normalized, default: next]
        if number == next {
          numbers[normalized] = next
          part.words.append(normalized)
        }
        part.sequence.append(number)
      }
      flush()
    }
    return part
  }

  /// A run's count and first occurrence.
  struct Tally: Sendable {
    /// The run's words, as numbers.
    var run: Run
    var count: Int
    /// The rank of its first occurrence among all runs of the document.
    var order: Int
    /// Where it first occurs: a position in the sentences given, and a token.
    var sentence: Int
    var token: Int

    static func moreFrequent(_ left: Tally, _ right: Tally) -> Bool {
      left.count != right.count ? left.count > right.count : left.order < right.order
    }
  }

  /// The kept runs of one shard: those that occur often enough, the most frequent first and at
  /// most `frequentRuns` of them.
  func count(
    _ parts: [ContentWords], renumbering: [[Int32]], shard: Int, of shards: Int,
    sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])]
  ) -> [Tally] {
    var tallies: [Run: Tally] = [:]
    // Runs are ranked as one pass over the document would meet them: by content run, then
    // length, then start.
    var order = 0
    for (part, content) in parts.enumerated() {
      let numbers = renumbering[part]
      var words: [Int32] = []
      for run in 0..<(content.runStarts.count - 1) {
        let start = content.runStarts[run]
        let end = content.runStarts[run + 1]
        words.removeAll(keepingCapacity: true)
        for index in start..<end { words.append(numbers[Int(content.sequence[index])]) }
        let origin = content.origins[run]
        for length in 1...min(TermCandidates.longest, words.count) {
          for offset in 0...(words.count - length) {
            defer { order += 1 }
            let key = Run(words[offset..<(offset + length)])
            guard shards == 1 || key.shard(of: shards) == shard else { continue }
            if let index = tallies.index(forKey: key) {
              tallies.values[index].count += 1
            } else {
              tallies[key] = Tally(
                run: key, count: 1, order: order, sentence: origin.sentence, token: origin.token + offset)
            }
          }
        }
      }
    }
    // A lone lowercase word (often a verb or an adjective) needs one more occurrence.
    return tallies.values.filter { tally in
      guard tally.count >= minimumCount else { return false }
      guard tally.run.count == 1, tally.count == minimumCount else { return true }
      let first = sentences[tally.sentence].tokens.text(at: tally.token).unicodeScalars.first
      return first?.properties.isLowercase != true
    }
    .sorted(by: Tally.moreFrequent).prefix(TermCandidates.frequentRuns).map { $0 }
  }
}

/// One to four word numbers, hashed as one value.
struct Run: Hashable, Sendable {
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

  /// The words packed in two 64-bit halves.
  private var halves: (UInt64, UInt64) {
    (
      UInt64(UInt32(bitPattern: words.0)) << 32 | UInt64(UInt32(bitPattern: words.1)),
      UInt64(UInt32(bitPattern: words.2)) << 32 | UInt64(UInt32(bitPattern: words.3))
    )
  }

  /// The shard that counts this run: a fixed mix of its words, the same in every process.
  func shard(of shards: Int) -> Int {
    let (high, low) = halves
    let mixed = (high &* 0x9E37_79B9_7F4A_7C15 ^ low) &* 0xBF58_476D_1CE4_E5B9
    return Int((mixed >> 32) % UInt64(shards))
  }

  static func == (left: Run, right: Run) -> Bool {
    left.count == right.count && left.words == right.words
  }

  func hash(into hasher: inout Hasher) {
    let (high, low) = halves
    hasher.combine(high)
    hasher.combine(low)
  }
}
