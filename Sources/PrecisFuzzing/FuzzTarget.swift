import Foundation
import PrecisCore
import PrecisGlossary
import PrecisStages

/// The code the fuzzers drive (`scripts/fuzz TARGET SECONDS`), kept in the package so that the
/// tests replay every input a fuzzer once crashed on. Each target takes arbitrary bytes: a thrown
/// error is a correct answer; a trap, a hang or a sanitizer report is a finding.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// The pipeline-file loader on the bytes as YAML (relative lexicon paths resolve against the
  /// small tree in `Fuzz/tree`, so valid pipelines build their stages quickly).
  case pipelineFile = "pipeline-file"
  /// The TSV glossary reader.
  case glossaryTSV = "glossary-tsv"
  /// The CSV glossary reader, with the default column names.
  case glossaryCSV = "glossary-csv"
  /// The TBX glossary reader.
  case glossaryTBX = "glossary-tbx"
  /// The whole default pipeline on the bytes as an article; the first byte picks the output
  /// format (text, Markdown, HTML or the document's JSON).
  case pipeline
  /// One line of a batch corpus (the bytes after the first, up to a line feed, as the batch's
  /// reader hands a line over; the first byte's low bit asks for `--lossy`): the line's two
  /// readers must agree (`Batch.readersDisagree(on:)`), and its result must be one line of JSON,
  /// an object with the result's fields or an error at the line.
  case batchRecord = "batch-record"

  /// Runs the target once on `bytes`. Errors are swallowed: they are the expected answer to bad
  /// input.
  public func run(_ bytes: [UInt8]) {
    switch self {
    case .pipelineFile:
      guard let yaml = String(validating: bytes, as: UTF8.self) else { return }
      _ = try? PrecisStages.loader.load(
        yaml: yaml, file: "fuzz.yaml", baseDirectory: FuzzTarget.sourceTree + "/Fuzz/tree")
    case .glossaryTSV: FuzzTarget.readGlossary(bytes, named: "fuzz.tsv")
    case .glossaryCSV: FuzzTarget.readGlossary(bytes, named: "fuzz.csv")
    case .glossaryTBX: FuzzTarget.readGlossary(bytes, named: "fuzz.tbx")
    case .pipeline:
      guard let first = bytes.first, let pipelines = try? FuzzTarget.resources.get().pipelines else { return }
      var document = Document(source: "fuzz", input: Array(bytes.dropFirst()))
      let format = Int(first) % (pipelines.count + 1)
      guard (try? (format < pipelines.count ? pipelines[format] : pipelines[0]).run(&document)) != nil
      else { return }
      if format == pipelines.count { _ = try? DocumentJSON.encode(document) }
    case .batchRecord:
      guard let first = bytes.first, let pipeline = try? FuzzTarget.resources.get().pipelines[0] else {
        return
      }
      let line = Data(bytes.dropFirst().prefix { $0 != 0x0A })
      let lossy = first & 1 == 1
      // (With --lossy the readers read the line with U+FFFD for what is not UTF-8.)
      let read = lossy ? Data(String(decoding: line, as: UTF8.self).utf8) : line
      if let disagreement = Batch.readersDisagree(on: read) {
        fatalError("the batch's readers disagree on \(Array(read)): \(disagreement)")
      }
      let result = Batch.process(line, number: 3, pipeline: pipeline, replacingInvalidUTF8: lossy)
      if let problem = FuzzTarget.problem(with: result, line: 3, input: read, lossy: lossy) {
        fatalError("the result of \(Array(line)) (lossy: \(lossy)) \(problem): \(result.line)")
      }
    }
  }

  /// What is wrong with a batch result for line `line`, or `nil`: it must be one line of JSON
  /// ending with a line feed, an object that holds an error at that line when the record failed
  /// (and then no brief), and the brief, key terms and summary otherwise. Given the line's
  /// `input` (as read: with U+FFFD for what is not UTF-8 when `lossy`), an error's column must
  /// fall on it, and with `lossy` no record fails for not being UTF-8.
  public static func problem(
    with result: Batch.Result, line: Int, input: Data? = nil, lossy: Bool = false
  ) -> String? {
    guard result.bytes.last == 0x0A, result.bytes.dropLast().allSatisfy({ $0 != 0x0A }) else {
      return "is not one line ending with a line feed"
    }
    guard
      let object = (try? JSONSerialization.jsonObject(with: Data(result.bytes.dropLast()))) as? [String: Any]
    else { return "is not a JSON object" }
    if result.failed {
      guard let error = object["error"] as? [String: Any], (error["line"] as? Int) == line,
        let message = error["message"] as? String, object["brief"] == nil
      else { return "failed without an error at its line" }
      if lossy, message.contains("UTF-8") { return "failed for UTF-8 with --lossy" }
      if let column = error["column"] {
        // Columns count Unicode scalars from 1; one past the last is the end of the line.
        let scalars = input.map { String(decoding: $0, as: UTF8.self).unicodeScalars.count }
        guard let column = column as? Int, column >= 1, column <= (scalars ?? Int.max - 1) + 1 else {
          return "gives a column off its line"
        }
      }
      return nil
    }
    guard object["error"] == nil, object["brief"] is String, object["keyTerms"] is [Any],
      object["summary"] is [Any]
    else { return "lacks the brief, key terms or summary" }
    return (object["warnings"] != nil) == result.warned
      ? nil : "says it warned and does not, or the other way"
  }

  /// The folder that holds `pipeline.yaml` and `lexicons/`.
  public static let sourceTree = FilePath.normalize(FilePath.directory(of: #filePath) + "/../..")

  /// Loads what the targets share (the tokenizer, the default pipelines); the driver calls it
  /// once, so that a broken setup stops the run instead of making every input look fine.
  public static func prepare() throws { _ = try resources.get() }

  /// What the targets share, built once.
  private struct Resources {
    let tokenizer: WordTokenizer.Worker
    /// The default pipeline rendering text, Markdown and HTML.
    let pipelines: [Pipeline]

    init() throws {
      tokenizer = try WordTokenizer(language: "fr").makeWorker()
      pipelines = try ["text", "markdown", "html"].map { format in
        try PrecisStages.loader.load(
          file: FuzzTarget.sourceTree + "/pipeline.yaml",
          overrides: [OptionOverride(stageType: "render", option: "format", value: format, origin: "fuzz")])
      }
    }
  }

  nonisolated(unsafe) private static let resources = Result { try Resources() }

  private static func readGlossary(_ bytes: [UInt8], named name: String) {
    guard let tokenizer = try? resources.get().tokenizer else { return }
    _ = try? Glossary(
      file: SourceFile(path: name), contents: bytes, sourceLanguage: "fr", targetLanguage: "en",
      tokenizer: tokenizer)
  }
}
