import Foundation
import PrecisCore
import Testing

@testable import PrecisSummarization

/// Hand-made inputs for the sentence scorers: each sentence is its stems, separated by spaces.
enum ScorerFixture {
  /// An input whose sentences are `sentences` split on spaces; every sentence is a candidate
  /// unless `candidates` says otherwise.
  static func input(_ sentences: [String], candidates: [Int]? = nil) -> ScoringInput {
    let stems = sentences.map { $0.split(separator: " ").map(String.init) }
    return ScoringInput(
      candidates: candidates ?? Array(sentences.indices), stems: stems, wordCounts: stems.map(\.count))
  }

  /// The candidates of `verdicts`, best first, ties by index.
  static func ranking(_ verdicts: [Int: ScoredSentence]) -> [Int] {
    verdicts.keys.sorted {
      let (a, b) = (verdicts[$0]?.score ?? 0, verdicts[$1]?.score ?? 0)
      return a != b ? a > b : $0 < $1
    }
  }

  /// Sentence 0 shares two stems with each of sentences 1–3; sentence 4 shares nothing.
  static let hub = input([
    "plan europ puce usin emploi",
    "plan europ financ",
    "puce usin allemagn",
    "emploi syndicat garant plan",
    "météo plui soleil",
  ])

  /// Every scorer, for the tests that hold for all of them.
  static let all: [any SentenceScorer] = [
    LuhnScorer(), CentroidScorer(), TextRankScorer(), LexRankScorer(), SumBasicScorer(), KLSumScorer(),
  ]
}

@Suite("sentence scorers")
struct ScorerTests {
  @Test("Luhn prefers the sentence with a dense cluster of frequent stems")
  func luhn() {
    let input = ScorerFixture.input([
      "plan europ puce usin",  // 4 significant in 4 words: 16 / 4
      "plan aa bb cc dd ee europ",  // 5 insignificant words apart: two lone words, no cluster
      "puce vache cheval usin",  // 2 significant in 4 words: 4 / 4
      "europ tortue plan",  // 2 significant in 3 words: 4 / 3
      "plan ff gg hh ii europ",  // 4 insignificant words apart: one cluster, 4 / 6
      "soleil lune",
    ])
    let verdicts = LuhnScorer().score(input)
    #expect(ScorerFixture.ranking(verdicts) == [0, 3, 2, 4, 1, 5])
    #expect(verdicts[0]?.score == 4)
    #expect(verdicts[1]?.score == 0)
    #expect(verdicts[4]?.score == 4.0 / 6)
    #expect(verdicts[5]?.score == 0)
  }

  @Test("Luhn ignores stems occurring once")
  func luhnSignificantWords() {
    let input = ScorerFixture.input(["plan europ puce", "plan europ", "puce seul"])
    #expect(LuhnScorer().significantStems(input) == ["plan", "europ", "puce"])
  }

  @Test("centroid, TextRank and LexRank put the hub sentence first")
  func centrality() {
    for scorer in [CentroidScorer(), TextRankScorer(), LexRankScorer()] as [any SentenceScorer] {
      let ranking = ScorerFixture.ranking(scorer.score(ScorerFixture.hub))
      #expect(ranking.first == 0, "\(type(of: scorer).name): \(ranking)")
    }
  }

  @Test("centroid and TextRank put the isolated sentence last")
  func isolated() {
    // Not LexRank: with self-similarity 1, an isolated sentence keeps its own mass (1 / N).
    for scorer in [CentroidScorer(), TextRankScorer()] as [any SentenceScorer] {
      let verdicts = scorer.score(ScorerFixture.hub)
      #expect(ScorerFixture.ranking(verdicts).last == 4, "\(type(of: scorer).name)")
    }
    #expect(abs((TextRankScorer().score(ScorerFixture.hub)[4]?.score ?? 0) - 0.15 / 5) < 1e-12)
  }

  @Test("TextRank's edge weight follows Mihalcea and Tarau")
  func textRankSimilarity() {
    #expect(abs(TextRankScorer.similarity(["a", "b"], ["b", "c"]) - 1 / (2 * log(2))) < 1e-12)
    #expect(TextRankScorer.similarity(["a"], ["a"]) == 0)
    #expect(TextRankScorer.similarity(["a", "b"], ["c", "d"]) == 0)
  }

  @Test("LexRank's stationary values sum to 1")
  func lexRankDistribution() {
    let verdicts = LexRankScorer().score(ScorerFixture.hub)
    let total = verdicts.keys.sorted().reduce(0.0) { $0 + (verdicts[$1]?.score ?? 0) }
    #expect(abs(total - 1) < 1e-4)
  }

  @Test("SumBasic picks by the most probable word, then squares what it used")
  func sumBasic() {
    // plan (3 of 11) leads: of its sentences 0 has the best mean. Then plan and europ drop
    // below the words seen once; the first of those in sorted order, chat, brings in 4, and so on.
    let input = ScorerFixture.input([
      "plan europ", "plan meteo plui soleil", "europ puce", "plan usin", "chat",
    ])
    let verdicts = SumBasicScorer().score(input)
    #expect(ScorerFixture.ranking(verdicts) == [0, 4, 1, 2, 3])
    #expect(verdicts[0]?.score == 5)
    #expect(verdicts[3]?.score == 1)
  }

  @Test("KL-Sum (sumy's divergence over the summary's words) first picks the frequent-word sentence")
  func klSum() {
    let input = ScorerFixture.input([
      "plan europ", "plan europ puce usin", "plan puce", "plan usin", "chat",
    ])
    let verdicts = KLSumScorer().score(input)
    // Σ p·log(p/q) over the summary's words: `plan europ` gives −0.30, `plan europ puce usin` −0.04.
    #expect(ScorerFixture.ranking(verdicts).first == 0)
    #expect(verdicts[0]?.score == 5)
    #expect(KLSumScorer().divergence([0.5, 0.5], [1, 1], total: 2) == 0)
  }

  @Test("every candidate gets a verdict, non-candidates none", arguments: ScorerFixture.all)
  func coverage(scorer: any SentenceScorer) {
    let input = ScorerFixture.input(
      [
        "titre europ", "plan europ puce", "hors candidat", "", "puce usin plan", "plan europ",
      ], candidates: [1, 3, 4, 5])
    let verdicts = scorer.score(input)
    #expect(verdicts.keys.sorted() == [1, 3, 4, 5])
    #expect(verdicts[3]?.score == 0)
    #expect(verdicts.values.allSatisfy { $0.score.isFinite && $0.components == nil })
  }

  @Test("an empty input gives no verdict", arguments: ScorerFixture.all)
  func empty(scorer: any SentenceScorer) {
    #expect(scorer.score(ScoringInput(candidates: [], stems: [], wordCounts: [])).isEmpty)
    #expect(scorer.score(ScorerFixture.input(["plan europ"], candidates: [])).isEmpty)
  }

  @Test("a single sentence or sentences without stems do not break a scorer", arguments: ScorerFixture.all)
  func degenerate(scorer: any SentenceScorer) {
    let single = scorer.score(ScorerFixture.input(["plan"]))
    #expect(single.keys.sorted() == [0])
    let blank = scorer.score(ScorerFixture.input(["", ""]))
    #expect(blank == [0: ScoredSentence(score: 0), 1: ScoredSentence(score: 0)])
  }

  @Test(
    "a candidate named twice is scored once, without a trap",
    arguments: ScorerFixture.all + [FeaturesScorer()])
  func duplicateCandidates(scorer: any SentenceScorer) {
    let verdicts = scorer.score(
      ScorerFixture.input(["plan europ budget", "plan hauss", "budget"], candidates: [0, 0, 1]))
    #expect(verdicts.keys.sorted() == [0, 1])
    #expect(verdicts.values.allSatisfy { $0.score.isFinite })
  }

  @Test("scoring twice gives identical results", arguments: ScorerFixture.all)
  func deterministic(scorer: any SentenceScorer) {
    #expect(scorer.score(ScorerFixture.hub) == scorer.score(ScorerFixture.hub))
  }

  @Test("every scorer has a distinct name and a one-line summary")
  func names() {
    let names = ScorerFixture.all.map { type(of: $0).name }
    let summaries = ScorerFixture.all.map { type(of: $0).summary }
    #expect(names == ["luhn", "centroid", "textrank", "lexrank", "sumbasic", "klsum"])
    #expect(summaries.allSatisfy { !$0.isEmpty && !$0.contains("\n") })
  }
}

/// Stem numbers and sparse vectors give the same figures, to the last bit, as the sums over
/// sorted stems they replace.
struct StemVectorTests {
  static let sentences: [[String]] = [
    ["gouvern", "annonc", "budget", "budget", "défens"],
    ["budget", "hauss", "milliard"],
    ["président", "élys", "annonc"],
    [],
    ["zèbr", "abeill", "éclair", "budget"],
  ]

  /// Cosine over dictionaries, summed in sorted stem order: the form the vectors replaced.
  static func cosine(_ a: [String: Double], _ b: [String: Double]) -> Double {
    let keys = a.keys.sorted()
    let dot = keys.reduce(0.0) { $0 + (a[$1] ?? 0) * (b[$1] ?? 0) }
    let normA = keys.reduce(0.0) { $0 + (a[$1] ?? 0) * (a[$1] ?? 0) }.squareRoot()
    let normB = b.keys.sorted().reduce(0.0) { $0 + (b[$1] ?? 0) * (b[$1] ?? 0) }.squareRoot()
    return normA > 0 && normB > 0 ? dot / (normA * normB) : 0
  }

  static func termFrequencies(_ stems: [String]) -> [String: Double] {
    stems.reduce(into: [:]) { $0[$1, default: 0] += 1 }
  }

  @Test func cosinesMatchTheDictionaryForm() {
    let numbers = StemNumbers(Self.sentences)
    #expect(numbers.count == Set(Self.sentences.joined()).count)
    let vectors = numbers.sentences.map(StemVector.init(frequenciesOf:))
    for a in Self.sentences.indices {
      for b in Self.sentences.indices {
        let expected = Self.cosine(
          Self.termFrequencies(Self.sentences[a]), Self.termFrequencies(Self.sentences[b]))
        #expect(vectors[a].cosine(vectors[b]).bitPattern == expected.bitPattern, "\(a), \(b)")
      }
    }
  }

  @Test func renumberingASubsetIsNumberingItAnew() {
    let numbers = StemNumbers(Self.sentences)
    for chosen in [[0, 2], [2, 0], [1], [], [0, 1, 2, 3], [3, 99]] {
      let renumbered = numbers.renumbered(chosen)
      let fresh = StemNumbers(chosen.map { Self.sentences.indices.contains($0) ? Self.sentences[$0] : [] })
      #expect(renumbered.sentences == fresh.sentences, "\(chosen)")
      #expect(renumbered.count == fresh.count, "\(chosen)")
    }
  }

  @Test func numberingInPartsIsNumberingInOnePass() {
    // 5,000 sentences of stems drawn from 300, so that parts share many and add a few.
    var state: UInt64 = 7
    let sentences = (0..<5_000).map { _ in
      (0..<12).map { _ -> String in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return "stem\(Int(state >> 33) % 300)"
      }
    }
    let one = StemNumbers(sentences, threshold: Int.max)
    let parts = StemNumbers(sentences, threshold: 10)
    #expect(parts.sentences == one.sentences)
    #expect(parts.count == one.count)
    #expect(StemNumbers([], threshold: 10).count == 0)
  }

  /// A stem written with a combining accent is the same stem as its precomposed form, every
  /// time it comes back (a byte-keyed lookup that missed it used to give it a new number each
  /// time: 402 numbers for 307 stems in a helper's property test).
  @Test func decomposedStemsKeepOneNumber() {
    let sentences = [["ét", "e\u{301}t", "noël"], ["e\u{301}t", "noe\u{308}l", "ét"], ["ét"]]
    for threshold in [1, Int.max] {
      let numbers = StemNumbers(sentences, threshold: threshold)
      #expect(numbers.count == 2)
      #expect(numbers.sentences == [[0, 0, 1], [0, 1, 0], [0]])
    }
  }

  /// Parts numbered from a stemmer's numbers join into the numbers of the stems themselves:
  /// each part with its own stemmer numbering, stems with a combining accent (whose part is
  /// then numbered from its stems), and a part whose stemmer renumbered meanwhile.
  @Test(arguments: [false, true])
  func partsNumberedByStemmerNumbers(accents: Bool) throws {
    var state: UInt64 = 5
    let pool = ["plan", "puc", "été", "e\u{301}te\u{301}", "cœur", "i\u{307}stanbul", "x\u{301}"]
    let sentences = (0..<3_000).map { index in
      (0..<(index % 7)).map { _ -> String in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let draw = Int(state >> 33)
        return accents && draw % 50 == 0 ? pool[draw % pool.count] : "stem\(draw % 250)"
      }
    }
    let ranges = try Parallel.parts(sentences.count, threshold: 10) { $0 }
    #expect(ranges.count > 1)
    let parts = ranges.enumerated().map { part, range in
      // Each part's stemmer numbers stems in its own order: the first seen, the highest.
      var stemmerNumbers: [String: Int] = [:]
      var numbering = StemNumbers.Part(range)
      for position in range {
        numbering.sentences.append(
          sentences[position].map { stem in
            let stemNumber = stemmerNumbers[stem] ?? 1_000_000 - stemmerNumbers.count
            stemmerNumbers[stem] = stemNumber
            return numbering.number(of: stem, stemNumber: stemNumber)
          })
      }
      if part == 1 { numbering.isExact = false }
      return numbering
    }
    let expected = StemNumbers(sentences, threshold: 10)
    let joined = StemNumbers(parts, of: sentences)
    #expect(joined.sentences == expected.sentences)
    #expect(joined.count == expected.count)
    // Summarize keeps the stems of a part only when it is not exact, and reads the others back
    // from their numbers: every sentence's stems come back as they were.
    let analyses = zip(parts, ranges).map { part, range in
      SummarizeStage.PartAnalysis(
        rows: range.map { _ in (0, nil) }, numbering: part,
        stems: part.isExact ? nil : Array(sentences[range]))
    }
    #expect(SummarizeStage.stems(of: analyses) == sentences)
    let fromKept = StemNumbers(parts) { analyses[$0].stems ?? [] }
    #expect(fromKept.sentences == expected.sentences && fromKept.count == expected.count)
    #expect(
      parts[0].isExact == !sentences[ranges[0]].joined().contains {
        pool.contains($0) && $0.utf8.contains(0xCC)
      })
  }

  @Test func tfidfInPartsIsTFIDFInOnePass() {
    // 3,000 sentences of stems drawn from 200, a few without stems, every other one a candidate.
    var state: UInt64 = 11
    let sentences = (0..<3_000).map { index in
      (0..<(index % 17 == 0 ? 0 : 3 + index % 9)).map { _ -> String in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return "stem\(Int(state >> 33) % 200)"
      }
    }
    var input = ScoringInput(
      candidates: Array(stride(from: 0, to: sentences.count, by: 2)), stems: sentences,
      wordCounts: sentences.map(\.count))
    input.numbers = StemNumbers(sentences)
    let one = TFIDFVectors(input, threshold: .max)
    let parts = TFIDFVectors(input, threshold: 10)
    #expect(parts.vectors.map(\.numbers) == one.vectors.map(\.numbers))
    #expect(
      parts.vectors.map { $0.weights.map(\.bitPattern) } == one.vectors.map { $0.weights.map(\.bitPattern) })
    #expect(parts.centroid.map(\.bitPattern) == one.centroid.map(\.bitPattern))
    #expect(parts.cosines(threshold: 10).map(\.bitPattern) == one.cosines(threshold: .max).map(\.bitPattern))
    #expect(one.cosines().contains { $0 > 0 })
  }

  /// The flat cosines are the vectors' cosines bit for bit: candidates out of order, given
  /// twice, out of range, without stems, and a set with no candidate.
  @Test func flatCosinesAreTheVectorsCosines() {
    var state: UInt64 = 13
    let sentences = (0..<2_000).map { index in
      // Some sentences without stems, a few with many (sorted otherwise than the short ones).
      (0..<(index % 13 == 0 ? 0 : index % 97 == 5 ? 70 : 1 + index % 11)).map { _ -> String in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return "stem\(Int(state >> 33) % 150)"
      }
    }
    let candidateSets: [[Int]] = [
      Array(stride(from: 0, to: sentences.count, by: 3)), Array(sentences.indices.reversed()),
      [5, 5, 7, 2_500, 0, 13], [0], [13, 26], [],
    ]
    for candidates in candidateSets {
      var input = ScoringInput(candidates: candidates, stems: sentences, wordCounts: sentences.map(\.count))
      input.numbers = StemNumbers(sentences)
      let expected = TFIDFVectors(input).cosines()
      #expect(TFIDFVectors.cosines(of: input).map(\.bitPattern) == expected.map(\.bitPattern))
      // Without numbers, the vectors answer.
      input.numbers = nil
      #expect(TFIDFVectors.cosines(of: input).map(\.bitPattern) == expected.map(\.bitPattern))
    }
  }

  @Test func numbersFollowFirstAppearance() {
    let numbers = StemNumbers(Self.sentences)
    var firstSeen: [String] = []
    for stem in Self.sentences.joined() where !firstSeen.contains(stem) { firstSeen.append(stem) }
    #expect(numbers.count == firstSeen.count)
    for (sentence, stems) in zip(numbers.sentences, Self.sentences) {
      #expect(sentence.map { firstSeen[$0] } == stems)
    }
  }

  /// The features scorer gives the same verdicts whether it is handed the title's stems or the
  /// title's sentences and the stem numbers (what the summarize stage does).
  @Test(arguments: [[0], [1, 2], [3], [], [0, 4, 99]])
  func titleOverlapOverNumbersIsOverlapOverStems(_ titleSentences: [Int]) {
    let candidates = [0, 1, 2, 4]
    let counts = Self.sentences.map(\.count)
    let titleStems = Set(
      titleSentences.flatMap { Self.sentences.indices.contains($0) ? Self.sentences[$0] : [] })
    let byStems = ScoringInput(
      candidates: candidates, stems: Self.sentences, wordCounts: counts, titleStems: titleStems)
    var byNumbers = ScoringInput(candidates: candidates, stems: Self.sentences, wordCounts: counts)
    byNumbers.numbers = StemNumbers(Self.sentences)
    byNumbers.titleSentences = titleSentences
    #expect(byNumbers.titleStems == titleStems)
    #expect(FeaturesScorer().score(byNumbers) == FeaturesScorer().score(byStems))
  }
}
