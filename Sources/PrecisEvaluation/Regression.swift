import Foundation
import PrecisCore

/// Golden-file regression over fixture articles: each fixture folder holds `input.txt`, an
/// optional `pipeline.yaml`, and `expected/` with the outputs a run must reproduce byte for byte.
public enum Regression {
  /// The golden files of a fixture.
  public static let goldens = ["brief.txt", "document.json", "sentences.txt", "versions.txt"]

  /// The fixture folders under `directory` (those with an `input.txt`), by name.
  public static func fixtures(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { FileManager.default.fileExists(atPath: "\(directory)/\($0)/input.txt") }.sorted()
  }

  /// What a run of one fixture produces, by golden file name. `load` loads the pipeline file it
  /// is given (with render-format overrides and an optional last layer); paths are relative to
  /// the current folder, which must be the fixture's.
  public static func outputs(
    pipeline: String, versions: String,
    load: (_ path: String, _ overrides: [OptionOverride], _ through: Layer?) throws -> Pipeline
  ) throws -> [String: String] {
    guard let data = FileManager.default.contents(atPath: "input.txt") else {
      throw InputError("cannot read input.txt", at: SourceLocation(file: "input.txt"))
    }
    var result: [String: String] = ["versions.txt": versions]
    for (format, golden) in [("text", "brief.txt"), ("json", "document.json")] {
      let override = OptionOverride(stageType: "render", option: "format", value: format, origin: "--format")
      var document = Document(source: "input.txt", input: [UInt8](data))
      try load(pipeline, [override], nil).run(&document)
      if let output = document.output?.content {
        result[golden] = output
      } else {
        result[golden] = try DocumentJSON.encode(document)
      }
    }
    var document = Document(source: "input.txt", input: [UInt8](data))
    try load(pipeline, [], .sentences).run(&document)
    result["sentences.txt"] = SentenceLines.text(of: document.sentences ?? [])
    return result
  }

  /// The versions line a golden set records: `precis X` and `icu Y`.
  public static func versions(precis: String, icu: String) -> String {
    "precis \(precis)\nicu \(icu)\n"
  }

  /// The ICU version recorded in a `versions.txt`, if any.
  public static func icuVersion(in versions: String) -> String? {
    versions.split(separator: "\n").first { $0.hasPrefix("icu ") }.map { String($0.dropFirst(4)) }
  }
}

/// Sentences one per line, line breaks inside a sentence shown as spaces (`precis segment`).
public enum SentenceLines {
  /// The lines, each ending with a newline.
  public static func text(of sentences: [Sentence]) -> String {
    var output = ""
    for sentence in sentences {
      output += sentence.text.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n"
    }
    return output
  }
}
