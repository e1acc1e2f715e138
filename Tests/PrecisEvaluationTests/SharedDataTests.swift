import Foundation
import PrecisCore
import PrecisEvaluation
import PrecisStages
import PrecisTestSupport
import Testing

/// The segmentation targets of issue 3 on the shared evaluation data, when it is there
/// (`../shared/data/seg`, beside the repository); skipped otherwise. `precis eval segmentation`
/// prints the same figures.
struct SharedDataTests {
  static let folder = FilePath.normalize(Golden.packageRoot + "/../shared/data/seg")
  static let available = FileManager.default.fileExists(atPath: folder + "/golden-fr.jsonl")

  /// Each gold set, its language and the F1 it must reach.
  static let targets: [(String, String, Double)] = [
    ("golden-fr", "fr", 0.98), ("golden-en", "en", 0.97), ("fr_gsd-dev", "fr", 0.99),
    ("fr_sequoia-dev", "fr", 0.997), ("fr_sequoia-train", "fr", 0.99),
  ]

  @Test(.enabled(if: available, "../shared/data/seg is absent: the evaluation is skipped"))
  func segmentationReachesItsTargets() throws {
    for (name, language, target) in SharedDataTests.targets {
      let pipeline = try PrecisStages.loader.load(
        file: Golden.packageRoot + "/pipeline.yaml", sourceLanguage: language, through: .sentences)
      let records = try SegmentationGold.load(path: "\(SharedDataTests.folder)/\(name).jsonl")
        .filter(\.boundariesPunctuated)
      let score = try SegmentationEvaluation.evaluate(records, with: pipeline)
      #expect(score.f1 >= target, "\(name): F1 \(score.f1) is below \(target)")
    }
  }
}
