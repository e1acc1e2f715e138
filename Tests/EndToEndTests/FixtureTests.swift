import Foundation
import PrecisTestSupport
import Testing

/// Every fixture article through the real `precis` binary, compared with its golden outputs:
/// the text brief and the whole JSON document.
struct FixtureTests {
  static let fixtures: [String] = {
    let folder = Golden.packageRoot + "/fixtures"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/input.txt") }.sorted()
  }()

  @Test func thereAreEnoughFixtures() {
    #expect(FixtureTests.fixtures.count >= 7)
  }

  @Test(arguments: FixtureTests.fixtures)
  func fixtureMatchesGoldens(_ name: String) throws {
    let folder = Golden.packageRoot + "/fixtures/" + name
    let pipeline =
      FileManager.default.fileExists(atPath: folder + "/pipeline.yaml")
      ? "pipeline.yaml" : "../../pipeline.yaml"
    for (format, golden) in [("text", "brief.txt"), ("json", "document.json")] {
      let result = try PrecisProcess.run(
        ["translate-and-summarize", "input.txt", "--pipeline", pipeline, "--format", format],
        in: folder)
      #expect(result.status == 0, "\(name): \(result.stderr)")
      #expect(result.stderr.isEmpty)
      let mismatch = Golden.compare(result.stdout, with: "\(folder)/expected/\(golden)")
      #expect(mismatch == nil, "\(name): \(mismatch ?? "")")
    }
  }

  @Test func outputIsDeterministic() throws {
    let folder = Golden.packageRoot + "/fixtures/00-seed"
    let arguments = [
      "translate-and-summarize", "input.txt", "--pipeline", "../../pipeline.yaml", "--format", "json",
    ]
    let first = try PrecisProcess.run(arguments, in: folder)
    let second = try PrecisProcess.run(arguments, in: folder)
    #expect(first.stdout == second.stdout)
    #expect(!first.stdout.isEmpty)
  }
}
