import PrecisEvaluation
import Testing

@Suite("RankingScore")
struct RankingScoreTests {
  @Test("precision at each depth, and the average precision over the first items")
  func precisionAndAverage() {
    let score = RankingScore(relevance: [true, false, true, false, false], depths: [1, 2, 4, 10], depth: 4)
    #expect(score.items == 5)
    #expect(score.relevant == 2)
    #expect(score.precision == [1, 0.5, 0.5, 0.2])
    // (1/1 + 2/3) / 2
    #expect(abs(score.averagePrecision - 5.0 / 6.0) < 1e-12)
  }

  @Test("a gold item past the depth does not count; an empty list scores 0")
  func beyondTheDepth() {
    let score = RankingScore(relevance: [false, false, true], depths: [2], depth: 2)
    #expect(score.precision == [0])
    #expect(score.averagePrecision == 0)
    let empty = RankingScore(relevance: [])
    #expect(empty.precision.allSatisfy { $0 == 0 })
    #expect(empty.averagePrecision == 0)
  }
}
