import Foundation
import PrecisCore

/// What a scorer sees of an article: the candidate sentences (debris, headings, pull quotes and
/// the title already set aside) and the words of every sentence.
public struct ScoringInput: Sendable {
  /// The candidate sentences, as indices into `stems`, in document order.
  public var candidates: [Int]
  /// Each sentence's content words (stopwords removed), Snowball-stemmed, in order. (Made
  /// when first asked when the caller gave `numbers`: the default scorer reads only those.)
  public var stems: [[String]] {
    get { stemSource.stems }
    set { stemSource = LazyStems(newValue) }
  }
  private var stemSource: LazyStems
  /// Each sentence's number of words (stopwords included).
  public var wordCounts: [Int]
  /// The stems of the title, or of the first paragraph when there is no title.
  public var titleStems: Set<String> {
    get { givenTitleStems ?? Set((titleSentences ?? []).flatMap { stems(of: $0) }) }
    set {
      givenTitleStems = newValue
      titleSentences = nil
    }
  }
  private var givenTitleStems: Set<String>?
  /// The sentences whose stems are the title's, when the caller named them (with `numbers`)
  /// instead of giving the stems: the features scorer then counts numbers, hashing no stem.
  var titleSentences: [Int]? {
    didSet { if titleSentences != nil { givenTitleStems = nil } }
  }
  /// How many distinct glossary terms each sentence holds.
  public var keyTermCounts: [Int: Int]
  /// Every sentence's stems as numbers, when the caller has numbered them (`StemNumbers` over
  /// all of `stems`): scorers then renumber the candidates' without hashing a stem again.
  var numbers: StemNumbers?

  /// Creates an input.
  public init(
    candidates: [Int], stems: [[String]], wordCounts: [Int], titleStems: Set<String> = [],
    keyTermCounts: [Int: Int] = [:]
  ) {
    self.candidates = candidates
    stemSource = LazyStems(stems)
    self.wordCounts = wordCounts
    self.keyTermCounts = keyTermCounts
    givenTitleStems = titleStems
  }

  /// An input whose stems are made by `stems` when a scorer first asks for them.
  init(
    candidates: [Int], stems: @escaping @Sendable () -> [[String]], wordCounts: [Int],
    keyTermCounts: [Int: Int] = [:]
  ) {
    self.candidates = candidates
    stemSource = LazyStems(stems)
    self.wordCounts = wordCounts
    self.keyTermCounts = keyTermCounts
    givenTitleStems = []
  }
}

/// Stems given, or made once when first asked.
private final class LazyStems: @unchecked Sendable {
  private let lock = NSLock()
  private var made: [[String]]?
  private let make: (@Sendable () -> [[String]])?

  init(_ stems: [[String]]) {
    made = stems
    make = nil
  }

  init(_ make: @escaping @Sendable () -> [[String]]) {
    made = nil
    self.make = make
  }

  var stems: [[String]] {
    lock.lock()
    defer { lock.unlock() }
    if let made { return made }
    let stems = make?() ?? []
    made = stems
    return stems
  }
}

extension ScoringInput {
  /// The stems of sentence `index`, or none when it is out of range.
  func stems(of index: Int) -> [String] {
    stems.indices.contains(index) ? stems[index] : []
  }

  /// Whether sentence `index` has stems, told from its numbers when the caller gave them.
  func hasStems(_ index: Int) -> Bool {
    guard let numbers else { return !stems(of: index).isEmpty }
    return numbers.sentences.indices.contains(index) && !numbers.sentences[index].isEmpty
  }

  /// The stems of the sentences `chosen` as numbers in their order of first appearance: from
  /// the caller's numbers when it gave them, else from the stems.
  func numbers(of chosen: [Int]) -> StemNumbers {
    numbers?.renumbered(chosen) ?? StemNumbers(chosen.map { stems(of: $0) })
  }

  /// A verdict of 0 for every candidate (once, if one is named twice): what a scorer starts
  /// from.
  var zeroVerdicts: [Int: ScoredSentence] {
    Dictionary(candidates.map { ($0, ScoredSentence(score: 0)) }, uniquingKeysWith: { first, _ in first })
  }
}

/// A scorer's verdict on one candidate: its score (higher is better) and, for the default
/// scorer, the parts of it.
public struct ScoredSentence: Sendable, Equatable {
  /// The score; only the order between candidates matters.
  public var score: Double
  /// The parts of the score, for scorers that combine features.
  public var components: ScoreComponents?

  /// Creates a verdict.
  public init(score: Double, components: ScoreComponents? = nil) {
    self.score = score
    self.components = components
  }
}

/// One way of scoring sentences for extraction. Greedy methods (SumBasic, KL-Sum) score by the
/// order in which they pick: the first pick scores highest.
public protocol SentenceScorer: Sendable {
  /// The name `scorer:` takes in `pipeline.yaml` (`textrank`).
  static var name: String { get }
  /// One line for `precis stages`.
  static var summary: String { get }
  /// A verdict for every candidate of `input`.
  func score(_ input: ScoringInput) -> [Int: ScoredSentence]
  /// Whether the scorer reads a document's stems only as `ScoringInput.numbers` when it is
  /// given, never as strings: summarize then makes no string for a stem.
  static var readsStemNumbers: Bool { get }
  /// The most candidate sentences the scorer takes, for one whose time or memory grows with
  /// the square of their number; `nil` for no limit.
  static var maximumCandidates: Int? { get }
}

extension SentenceScorer {
  /// Most scorers read the stems as strings.
  public static var readsStemNumbers: Bool { false }
  /// Most scorers take a text of any length.
  public static var maximumCandidates: Int? { nil }
}

/// The most candidate sentences the scorers that compare every sentence with the others, or
/// pick greedily among all of them, take: about 1.5 MB of news (10,270 sentences), which each
/// of them scores in under 3 s and 140 MB; 3 MB took up to 10 s or 430 MB.
let pairwiseCandidateLimit = 10_000

/// The scorers `summarize` can use, by name.
public enum SentenceScorers {
  /// Every scorer's name, the default first.
  public static var names: [String] { types.map { $0.name } }

  /// The scorer named `name`, with `features` configured by the stage's weights.
  public static func make(_ name: String, features: FeaturesScorer) -> any SentenceScorer {
    switch name {
    case LeadScorer.name: return LeadScorer()
    case LuhnScorer.name: return LuhnScorer()
    case CentroidScorer.name: return CentroidScorer()
    case TextRankScorer.name: return TextRankScorer()
    case LexRankScorer.name: return LexRankScorer()
    case SumBasicScorer.name: return SumBasicScorer()
    case KLSumScorer.name: return KLSumScorer()
    default: return features
    }
  }

  static var types: [any SentenceScorer.Type] {
    [
      FeaturesScorer.self, LeadScorer.self, LuhnScorer.self, CentroidScorer.self, TextRankScorer.self,
      LexRankScorer.self, SumBasicScorer.self, KLSumScorer.self,
    ]
  }
}

/// A document's stems numbered in the order they first appear. Sums over numbers then run in
/// an order fixed by the text alone (never by a hash table's order, which changes from one
/// process to the next), so totals are the same in every process, and the vectors below hash
/// each stem once instead of at every lookup.
struct StemNumbers: Sendable {
  /// Each sentence's stems as numbers, in order.
  let sentences: [[Int]]
  /// How many distinct stems the document has.
  let count: Int

  /// The numbers of the sentences `chosen` (indices into `sentences`), renumbered in their
  /// order of first appearance: the same as numbering their stems anew, without hashing them.
  func renumbered(_ chosen: [Int]) -> StemNumbers {
    var map = [Int](filling: -1, count: count)
    var next = 0
    let renumbered = chosen.map { index -> [Int] in
      guard sentences.indices.contains(index) else { return [] }
      return sentences[index].map { number in
        if map[number] < 0 {
          map[number] = next
          next += 1
        }
        return map[number]
      }
    }
    return StemNumbers(sentences: renumbered, count: next)
  }

  private init(sentences: [[Int]], count: Int) {
    self.sentences = sentences
    self.count = count
  }

  /// Numbers the stems in their order of first appearance. A long document's parts are
  /// numbered on the cores, each on its own; the parts' new stems are then numbered in part
  /// order, which is the order of first appearance again, and the parts renumbered.
  init(_ stems: [[String]], threshold: Int = Parallel.threshold) {
    // (Hashing cannot throw.)
    let parts =
      (try? Parallel.parts(stems.count, threshold: threshold) { range in
        StemNumbers.numbered(stems, range)
      }) ?? []
    self.init(joining: parts.map { ($0.numbers, $0.stems, $0.stems.count) })
  }

  /// The stems of `parts`, numbered as `init(_:threshold:)` numbers `stems` (whose sentences
  /// they are, in the same ranges): from each part's own numbers when it has them
  /// (`Part.isExact`), else from its stems.
  init(_ parts: [Part], of stems: [[String]]) {
    self.init(parts) { part in Array(stems[parts[part].range]) }
  }

  /// The stems of `parts`, numbered as `init(_:of:)` numbers them, where `stems(part)` gives
  /// the stems of the sentences of part number `part` (asked only of a part that is not exact).
  init(_ parts: [Part], stems: (Int) -> [[String]]) {
    self.init(
      joining: parts.indices.map { index in
        let part = parts[index]
        if part.isExact {
          // One part's stems are counted; those of several are matched by their text.
          precondition(parts.count == 1 || part.hasStems, "a part of several must have its stems")
          return (part.sentences, part.stems, part.count)
        }
        let own = stems(index)
        let numbered = StemNumbers.numbered(own, own.indices)
        return (numbered.numbers, numbered.stems, numbered.stems.count)
      })
  }

  /// The stems of `range` numbered in their order of first appearance, and the distinct stems.
  private static func numbered(_ stems: [[String]], _ range: Range<Int>) -> (
    numbers: [[Int]], stems: [String]
  ) {
    var number = WordTable<Int>()
    var distinct: [String] = []
    let numbers = range.map { position in
      stems[position].map { stem -> Int in
        if let known = number[stem] { return known }
        number[stem] = distinct.count
        distinct.append(stem)
        return distinct.count - 1
      }
    }
    return (numbers, distinct)
  }

  /// Joins parts numbered each on its own, in order: each with its numbers, its distinct stems
  /// (read only when there are several parts) and how many those are.
  private init(joining parts: [(numbers: [[Int]], stems: [String], count: Int)]) {
    guard parts.count > 1 else {
      sentences = parts.first?.numbers ?? []
      count = parts.first?.count ?? 0
      return
    }
    var number = WordTable<Int>()
    let global = parts.map { part in
      part.stems.map { stem -> Int in
        if let known = number[stem] { return known }
        number[stem] = number.count
        return number.count - 1
      }
    }
    // Each part is renumbered on its own core.
    let renumbered =
      (try? Parallel.parts(parts.count, threshold: 2, cores: parts.count) { range -> [[Int]] in
        range.flatMap { part in parts[part].numbers.map { sentence in sentence.map { global[part][$0] } } }
      }) ?? []
    sentences = Array(renumbered.joined())
    count = number.count
  }

  /// The stems of consecutive sentences numbered in order of first appearance from the numbers
  /// a stemmer gave them (`Stemmer.numberedContentStem(_:)`), which stand for their bytes: no
  /// stem is hashed. The numbers are those `init(_:threshold:)` gives the part, unless the part
  /// holds a stem with a combining accent (a word table keys those in NFC, which may join two)
  /// or the stemmer renumbered its stems meanwhile: the part is then not exact, and its stems
  /// are numbered from their text.
  struct Part: Sendable {
    /// The sentences, as indices into the document's.
    let range: Range<Int>
    /// Each sentence's stems as numbers, in order (appended by the caller).
    var sentences: [[Int]] = []
    /// The stemmer's numbers of the distinct stems, in order of first appearance (the part's
    /// number of each is its index).
    private(set) var stemmerNumbers: [Int] = []
    /// The distinct stems, in the same order, when the part has them: given with each stem
    /// (`number(of:stemNumber:)`) or read back from the stemmer (`resolveStems(_:)`).
    private(set) var stems: [String] = []
    /// Open addressing from the stemmer's numbers (`-1` for an empty slot) to the part's, in
    /// `slots` and `values`; the count is a power of two, at least twice the stems'. (A table,
    /// not an array indexed by the stemmer's number: in a batch those grow with the corpus,
    /// while an article has a few hundred stems.)
    private var slots: [Int] = []
    private var values: [Int] = []
    /// Whether `sentences` may be used as they are.
    var isExact = true

    /// An empty part for the sentences `range`.
    init(_ range: Range<Int>) { self.range = range }

    /// How many distinct stems the part has.
    var count: Int { stemmerNumbers.count }

    /// Whether `stems` holds every distinct stem.
    var hasStems: Bool { stems.count == stemmerNumbers.count }

    /// The number of `stem`, whose number for the stemmer is `stemNumber`.
    mutating func number(of stem: String, stemNumber: Int) -> Int {
      let (number, isNew) = find(stemNumber)
      if isNew {
        var probe = stem
        if probe.withUTF8(WordTable<Int>.mayCombine) { isExact = false }
        stems.append(stem)
      }
      return number
    }

    /// The number of the stem whose number for the stemmer is `stemNumber`, without its text:
    /// `mayCombine` (asked only of a stem the part has not met) tells whether it may hold a
    /// combining accent.
    mutating func number(stemNumber: Int, mayCombine: @autoclosure () -> Bool) -> Int {
      let (number, isNew) = find(stemNumber)
      if isNew, mayCombine() { isExact = false }
      return number
    }

    /// Reads the distinct stems back by their numbers for the stemmer (which must not have
    /// numbered its stems anew since).
    mutating func resolveStems(_ stem: (Int) -> String) {
      stems = stemmerNumbers.map(stem)
    }

    /// The part's number for `stemNumber`, and whether the part met it just now.
    private mutating func find(_ stemNumber: Int) -> (number: Int, isNew: Bool) {
      if slots.isEmpty {
        // (An article has a few hundred stems: room for 256 at once, then doubling.)
        slots = Array(filling: -1, count: 512)
        values = Array(filling: 0, count: 512)
        stemmerNumbers.reserveCapacity(256)
      }
      // Looked up without writing (most stems were met before), then written only when new:
      // a lookup that might write asked whether the tables were shared at every word.
      let (found, slot) = lookUp(stemNumber)
      if let found { return (found, false) }
      let number = stemmerNumbers.count
      stemmerNumbers.append(stemNumber)
      slots[slot] = stemNumber
      values[slot] = number
      if stemmerNumbers.count * 2 > slots.count { grow() }
      return (number, true)
    }

    /// The part's number for `stemNumber`, or `nil` and the empty slot where it goes.
    private func lookUp(_ stemNumber: Int) -> (number: Int?, slot: Int) {
      let mask = slots.count - 1
      var slot = Part.slot(of: stemNumber, mask: mask)
      while slots[slot] >= 0 {
        if slots[slot] == stemNumber { return (values[slot], slot) }
        slot = (slot + 1) & mask
      }
      return (nil, slot)
    }

    /// Where `stemNumber` is looked for first.
    private static func slot(of stemNumber: Int, mask: Int) -> Int {
      Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: stemNumber) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Doubles the table.
    private mutating func grow() {
      let oldSlots = slots
      let oldValues = values
      slots = Array(filling: -1, count: oldSlots.count * 2)
      values = Array(filling: 0, count: slots.count)
      let mask = slots.count - 1
      for index in oldSlots.indices where oldSlots[index] >= 0 {
        var slot = Part.slot(of: oldSlots[index], mask: mask)
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = oldSlots[index]
        values[slot] = oldValues[index]
      }
    }
  }
}

/// A sparse vector over stem numbers, sorted by number, with its Euclidean norm.
struct StemVector {
  /// The stem numbers with a weight, ascending.
  let numbers: [Int]
  /// The weight of each of `numbers`.
  let weights: [Double]
  /// The Euclidean norm, summed in ascending number order.
  let norm: Double

  /// A vector of `weights` for `numbers`, which ascend.
  init(numbers: [Int], weights: [Double]) {
    self.numbers = numbers
    self.weights = weights
    norm = weights.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
  }

  /// The term frequencies of a sentence's stem numbers.
  init(frequenciesOf sentence: [Int]) {
    let counted = StemVector.counted(sentence)
    self.init(numbers: counted.numbers, weights: counted.counts.map(Double.init))
  }

  /// The distinct numbers of `sentence`, ascending, and how often each occurs (sorting a
  /// sentence's few numbers is cheaper than hashing them).
  static func counted(_ sentence: [Int]) -> (numbers: [Int], counts: [Int]) {
    var numbers: [Int] = []
    var counts: [Int] = []
    numbers.reserveCapacity(sentence.count)
    counts.reserveCapacity(sentence.count)
    for number in sentence.sorted() {
      if numbers.last == number {
        counts[counts.count - 1] += 1
      } else {
        numbers.append(number)
        counts.append(1)
      }
    }
    return (numbers, counts)
  }

  /// Cosine similarity. Products are summed in ascending number order, that is in order of
  /// first appearance (stems missing from `other` would only add zeros).
  func cosine(_ other: StemVector) -> Double {
    guard norm > 0, other.norm > 0 else { return 0 }
    var dot = 0.0
    var mine = 0
    var theirs = 0
    while mine < numbers.count, theirs < other.numbers.count {
      if numbers[mine] == other.numbers[theirs] {
        dot += weights[mine] * other.weights[theirs]
        mine += 1
        theirs += 1
      } else if numbers[mine] < other.numbers[theirs] {
        mine += 1
      } else {
        theirs += 1
      }
    }
    return dot / (norm * other.norm)
  }
}
