import PrecisCore
import PrecisEvaluation
import PrecisStages
import PrecisTestSupport
import Testing

/// What the segmentation benchmark counts (never how fast: speed is measured in release builds
/// by `precis bench segmentation` and `scripts/bench-batch`).
struct SegmentationBenchmarkTests {
  let texts = [
    "Le gouvernement a présenté son budget. « C'est un tournant », dit-il.\n\nLa suite demain.",
    "Une phrase seule, sans point final",
  ]

  @Test func theICUFloorRunsBothIteratorsOverTheNormalizedText() throws {
    let pipeline = try PrecisStages.loader.load(
      file: Golden.packageRoot + "/pipeline.yaml", through: .sentences)
    let benchmark = try SegmentationBenchmark(texts: texts, pipeline: pipeline)
    #expect(benchmark.documents.count == 2)
    let sentencesAlone = try benchmark.timeICU(locale: "fr", utf16: true, passes: 1)
    let floor = try benchmark.timeICUSentencesAndWords(locale: "fr", passes: 3)
    // Its count is that of the sentence iterator; the word iterator's work is timed with it.
    #expect(floor.sentences == sentencesAlone.sentences)
    #expect(floor.sentences >= 3)
    #expect(floor.seconds.count == 3)
    #expect(floor.seconds == floor.seconds.sorted())
    #expect(floor.bytes == benchmark.bytes)
    #expect(floor.name == "ICU sentences + words")
  }
}
