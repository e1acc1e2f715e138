import PrecisCore
import Testing

@testable import PrecisSummarization

/// The summarize stage's shortcuts answer as the slower ways they replace.
@Suite("Summarize shortcuts")
struct SummarizeHelpersTests {
  /// Numbers below a bound, drawn the same way in every run.
  struct Draw {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }

    /// `count` sentences of 0 to 9 distinct numbers below `bound`, ascending.
    mutating func sets(_ count: Int, below bound: Int) -> [[Int]] {
      (0..<count).map { _ in Array(Set((0..<next(10)).map { _ in next(bound) })).sorted() }
    }
  }

  @Test("counting shared numbers by bits finds the twin that merging finds")
  func pickedSets() throws {
    let stage = try SummarizeStage(options: Fixture.options())
    var draw = Draw(state: 17)
    let sets = draw.sets(400, below: 40)
    for picked in [[0, 1, 2], [5], [], Array(0..<64), [7, 7, 3]] {
      let twins = try #require(PickedSets(picked, sets: sets, numbers: 40))
      for set in sets {
        let byBits = twins.first(of: set) { stage.nearDuplicate(shared: $1, sets[$0].count, set.count) }
        let byMerging = picked.first { stage.nearDuplicate(sets[$0], set) }
        #expect(byBits == byMerging, "\(picked) \(set)")
      }
    }
    #expect(PickedSets(Array(0..<65), sets: sets, numbers: 40) == nil)
  }

  @Test(
    "pull quotes found through the index are those the scan finds",
    arguments: [(0.7, 12), (0.7, 40), (0.3, 12), (0.5, 20), (1.0, 12), (0.1, 12)])
  func pullQuotesByIndex(threshold: Double, bound: Int) throws {
    let stage = try SummarizeStage(options: Fixture.options(["duplicate-threshold": .number(threshold)]))
    var draw = Draw(state: 41)
    // 300 sentences of few numbers (many twins), most alone in their paragraph, some not
    // candidates.
    let sets = draw.sets(300, below: bound)
    var paragraph = 0
    let sentences = sets.indices.map { index -> Sentence in
      if draw.next(4) != 0 { paragraph += 1 }
      return Sentence(
        index: index, span: Span(start: index, end: index), text: "", paragraph: paragraph, terminated: true,
        standalone: draw.next(3) != 0)
    }
    let start = sets.indices.map { _ -> String? in draw.next(10) == 0 ? "debris: heading" : nil }
    var scanned = start
    stage.markPullQuotes(sentences, sets: sets, reasons: &scanned, indexPast: .max)
    var indexed = start
    stage.markPullQuotes(sentences, sets: sets, reasons: &indexed, indexPast: 0)
    #expect(scanned.filter { $0?.contains("pull quote") == true }.count > (bound == 12 ? 20 : 0))
    #expect(indexed == scanned)
  }

  /// Thousands of the same one-sentence paragraph: each repeats the first, found at once
  /// rather than after counting every other (which took quadratic time: 36 s for 2 MB).
  @Test func pullQuotesOfOneLineRepeated() throws {
    let stage = try SummarizeStage(options: Fixture.options())
    let count = 3_000
    let sets = Array(repeating: [2, 5, 9], count: count)
    let sentences = (0..<count).map {
      Sentence(
        index: $0, span: Span(start: $0, end: $0), text: "", paragraph: $0, terminated: true, standalone: true
      )
    }
    var reasons = [String?](repeating: nil, count: count)
    stage.markPullQuotes(sentences, sets: sets, reasons: &reasons)
    #expect(reasons[0] == nil)
    #expect(reasons.dropFirst().allSatisfy { $0 == "debris: pull quote (repeats sentence 0)" })
  }

  @Test(
    "the inverted index of many chosen sentences finds the twin that merging finds, first in order",
    arguments: [0.7, 0.3, 1.0])
  func chosenStems(threshold: Double) throws {
    let stage = try SummarizeStage(options: Fixture.options(["duplicate-threshold": .number(threshold)]))
    // 600 sentences of numbers below 30 (many twins), chosen in a shuffled order.
    var draw = Draw(state: 29)
    let sets = draw.sets(600, below: 30)
    var order = Array(0..<600)
    for index in order.indices.reversed() { order.swapAt(index, draw.next(index + 1)) }
    var index = SentenceStemIndex(stems: 30, sentences: 600)
    var chosen: [Int] = []
    // Grown in steps, as the summary's choice grows it, and asked about every sentence at each.
    for count in [1, 70, 300, 500] {
      chosen = Array(order.prefix(count))
      index.add(chosen, sets: sets)
      for set in sets {
        let byIndex = stage.firstTwin(of: set, in: index, sets: sets) { _ in true }
        let byMerging = chosen.first { stage.nearDuplicate(sets[$0], set) }
        #expect(byIndex == byMerging, "\(count) \(set)")
      }
    }
  }
}
