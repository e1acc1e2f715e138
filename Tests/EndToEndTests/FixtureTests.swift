import Foundation
import PrecisCore
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
    #expect(FixtureTests.fixtures.count >= 15)
  }

  /// The ICU version this build links, as `precis --version` names it.
  static let icuVersion = ICUError.libraryVersion
  /// The Precis version, as `precis --version` prints it (`precis 0.1.0 (ICU 72.1)`).
  static let precisVersion: String = {
    let printed = (try? PrecisProcess.run(["--version"]).stdout) ?? ""
    return printed.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
  }()

  @Test(arguments: FixtureTests.fixtures)
  func fixtureMatchesGoldens(_ name: String) throws {
    let folder = Golden.packageRoot + "/fixtures/" + name
    let pipeline =
      FileManager.default.fileExists(atPath: folder + "/pipeline.yaml")
      ? "pipeline.yaml" : "../../pipeline.yaml"
    // The ICU that produced the goldens: another one may split a few sentences differently.
    let recorded = Golden.compare(
      "precis \(FixtureTests.precisVersion)\nicu \(FixtureTests.icuVersion)\n",
      with: "\(folder)/expected/versions.txt")
    let icuNote =
      recorded == nil
      ? ""
      : "\nnote: these goldens were recorded with another ICU than this build's \(FixtureTests.icuVersion); "
        + "if only sentence boundaries differ, ICU alone may explain it: check, then re-record"
    let runs = [
      (["translate-and-summarize", "input.txt", "--format", "text"], "brief.txt"),
      (["translate-and-summarize", "input.txt", "--format", "json"], "document.json"),
      (["segment", "input.txt", "--format", "lines"], "sentences.txt"),
    ]
    for (arguments, golden) in runs {
      let result = try PrecisProcess.run(arguments + ["--pipeline", pipeline], in: folder)
      #expect(result.status == 0, "\(name): \(result.stderr)")
      #expect(result.stderr.isEmpty)
      let mismatch = Golden.compare(result.stdout, with: "\(folder)/expected/\(golden)")
      #expect(mismatch == nil, "\(name): \(mismatch ?? "")\(icuNote)")
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
