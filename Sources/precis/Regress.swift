import ArgumentParser
import Foundation
import PrecisCore
import PrecisEvaluation
import PrecisStages

/// `precis regress`: every fixture against its golden outputs.
struct Regress: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regress",
    abstract: "Run every fixture article and compare its outputs with the golden files.",
    discussion: """
      A fixture is a folder with input.txt, an optional pipeline.yaml (else the pipeline.yaml \
      beside the fixtures folder), and expected/ holding brief.txt, document.json, \
      sentences.txt and versions.txt (the Precis and ICU versions that recorded them). Each \
      mismatch is shown as a unified diff; the last line counts passes and failures; the exit \
      status is 1 when any fixture fails. With --update the goldens are rewritten and the \
      files that changed are listed: read them before committing.

      Example: precis regress fixtures
      """)

  @Argument(help: ArgumentHelp("The folder of fixtures.", valueName: "dir"))
  var directory: String = "fixtures"

  @Flag(help: "Rewrite the golden files with this build's outputs.")
  var update = false

  func run() throws {
    let manager = FileManager.default
    let root = FilePath.normalize(
      directory.hasPrefix("/") ? directory : manager.currentDirectoryPath + "/" + directory)
    let fixtures = Regression.fixtures(in: root)
    guard !fixtures.isEmpty else {
      throw InputError(
        "no fixtures in '\(directory)'", at: SourceLocation(file: directory),
        notes: ["a fixture is a folder with input.txt and expected/"])
    }
    let versions = Regression.versions(precis: PrecisVersion.number, icu: ICUError.libraryVersion)
    let shared = FilePath.directory(of: root) + "/pipeline.yaml"
    let start = manager.currentDirectoryPath
    defer { _ = manager.changeCurrentDirectoryPath(start) }
    var passed = 0
    var failed = 0
    var report = ""
    for name in fixtures {
      let folder = root + "/" + name
      guard manager.changeCurrentDirectoryPath(folder) else {
        throw InputError(
          "cannot enter the fixture folder '\(folder)'", at: SourceLocation(file: folder),
          notes: ["check that it is a folder you may read"])
      }
      guard FilePath.isFile("pipeline.yaml") || FilePath.isFile(shared) else {
        failed += 1
        let missing = Diagnostic(
          .error, "no pipeline.yaml in the fixture, nor beside the fixtures folder",
          at: SourceLocation(file: folder),
          notes: ["put the pipeline this fixture runs in its folder, or one for every fixture at \(shared)"])
        report += "FAIL \(name): the run failed\n" + missing.rendered(colored: false) + "\n"
        continue
      }
      let pipeline = FilePath.isFile("pipeline.yaml") ? "pipeline.yaml" : "../../pipeline.yaml"
      let outputs: [String: String]
      do {
        outputs = try Regression.outputs(pipeline: pipeline, versions: versions) { path, overrides, through in
          try PrecisStages.loader.load(file: path, overrides: overrides, through: through)
        }
      } catch let error as any PrecisError {
        failed += 1
        report += "FAIL \(name): the run failed\n"
        report += error.diagnostics.map { $0.rendered(colored: false) }.joined(separator: "\n") + "\n"
        continue
      }
      let recorded = (try? String(contentsOfFile: "expected/versions.txt", encoding: .utf8)) ?? ""
      let otherICU = Regression.icuVersion(in: recorded).map { $0 != ICUError.libraryVersion } ?? false
      var mismatches: [String] = []
      for golden in Regression.goldens {
        let path = "expected/" + golden
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let actual = outputs[golden] ?? ""
        guard existing != actual else { continue }
        if update {
          try AtomicFile.write(actual, to: path)
          mismatches.append("updated \(name)/expected/\(golden)")
        } else if otherICU && golden != "versions.txt" {
          let changed = LineDiff.unified(expected: existing, actual: actual, limit: 10_000)
            .split(separator: "\n").filter { $0.hasPrefix("+") || $0.hasPrefix("-") }.count
          mismatches.append("  \(golden): \(changed) changed lines")
        } else if golden != "versions.txt" {
          mismatches.append(
            "--- \(name)/expected/\(golden)\n+++ this run\n"
              + LineDiff.unified(expected: existing, actual: actual))
        }
      }
      if update {
        passed += 1
        report += mismatches.isEmpty ? "same \(name)\n" : mismatches.joined(separator: "\n") + "\n"
      } else if mismatches.isEmpty {
        passed += 1
        report += "PASS \(name)\n"
      } else {
        failed += 1
        report += "FAIL \(name)\n"
        if otherICU {
          report +=
            "note: these goldens were recorded with ICU \(Regression.icuVersion(in: recorded) ?? "?"); "
            + "this build links ICU \(ICUError.libraryVersion), which may split a few sentences differently; "
            + "check the outputs and re-record with --update\n"
        }
        report += mismatches.joined(separator: "\n") + "\n"
      }
    }
    report += update ? "\(passed) fixtures recorded\n" : "\(passed) passed, \(failed) failed\n"
    Console.write(report)
    if failed > 0 { throw ExitCode(1) }
  }
}

/// `precis validate`: every problem in a pipeline file, or nothing.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a pipeline file and report every problem with its line and column.",
    discussion: """
      Loads the pipeline as a run would (YAML, keys, stage types, options, lexicon files, stage \
      order) without reading any article. Exit status 0 when it is clean, 2 otherwise.

      Example: precis validate pipeline.yaml
      """)

  @Argument(
    help: ArgumentHelp("The pipeline file (default: as for the other commands).", valueName: "pipeline"))
  var pipeline: String?

  func run() throws {
    var options = try PipelineOptions.parse([])
    options.pipeline = pipeline
    let loaded = try options.loadPipeline()
    Console.write(
      "\(loaded.file): ok — \(loaded.entries.count) stage\(loaded.entries.count == 1 ? "" : "s") "
        + "(\(loaded.stageIDs.joined(separator: ", "))), "
        + "\(loaded.sourceLanguage) → \(loaded.targetLanguage)\n")
  }
}
