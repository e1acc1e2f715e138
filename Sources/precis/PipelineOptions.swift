import ArgumentParser
import Foundation
import PrecisCore
import PrecisStages

/// Options shared by the commands that run a pipeline.
struct PipelineOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The pipeline file.",
      discussion:
        "Default: $PRECIS_PIPELINE, else ./pipeline.yaml, else the pipeline.yaml of the Precis source tree.",
      valueName: "file"))
  var pipeline: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The language of the input, replacing the pipeline's source language.",
      discussion:
        "It picks the segmentation rules and every lexicon path written with {source}. Set to the "
        + "pipeline's target language (--language en), it leaves out the translate-terms stage, "
        + "which has nothing to translate. 'auto' reads each article as the language whose "
        + "word list (the pipeline's 'language: detect:', its stopwords) holds most of its words, "
        + "among the languages the list exists for, and runs the pipeline for that language; "
        + "JSON output then says which ('language'). An article that reads as a language only "
        + "'language: recognize:' has a list for (German, Spanish, Italian, Dutch, Portuguese) is "
        + "reported, not briefed.",
      valueName: "code"))
  var language: String?

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Write the output to FILE instead of standard output.",
      discussion:
        "The file is written beside its target and renamed, so a failed run never leaves half a file.",
      valueName: "file"))
  var output: String?

  @Flag(
    help: ArgumentHelp(
      "Replace bytes that are not UTF-8 with U+FFFD and warn how many, instead of stopping at the first."))
  var lossy = false

  /// The pipeline file to use.
  func pipelinePath() throws -> String {
    if let pipeline { return pipeline }
    if let fromEnvironment = ProcessInfo.processInfo.environment["PRECIS_PIPELINE"],
      !fromEnvironment.isEmpty
    {
      return fromEnvironment
    }
    if FilePath.isFile("pipeline.yaml") { return "pipeline.yaml" }
    let sourceTree = FilePath.normalize(FilePath.directory(of: #filePath) + "/../../pipeline.yaml")
    if FilePath.isFile(sourceTree) { return sourceTree }
    throw PipelineError([
      Diagnostic(
        .error, "no pipeline file: there is no pipeline.yaml here",
        notes: ["pass --pipeline FILE, or run from the folder that holds pipeline.yaml"])
    ])
  }

  /// Loads the pipeline, with `overrides` from the command line; `through` keeps the stages up
  /// to the first that produces that layer. Its warnings are printed unless `report` is false.
  func loadPipeline(overrides: [OptionOverride] = [], through: Layer? = nil, report: Bool = true) throws
    -> Pipeline
  {
    let lossyOverride = OptionOverride.given(
      lossy ? "replace" : nil, stage: "normalize", option: "invalid-utf8", origin: "--lossy")
    let pipeline = try PrecisStages.loader.load(
      file: try pipelinePath(), overrides: lossyOverride + overrides, sourceLanguage: language,
      through: through)
    if report { Console.report(pipeline.warnings) }
    ProcessExit.keep(pipeline)
    return pipeline
  }

  /// Prints the warnings a run raised on `document`, then writes `text` to `--output` or
  /// standard output.
  func finish(_ document: Document, writing text: String) throws {
    Console.report(document.warnings)
    try OutputSink.write(text, to: output)
    ProcessExit.keep(document)
  }
}

extension OptionOverride {
  /// The override a command-line option asks for, or none when it was not given
  /// (`--sentences 2` sets `sentences` on `summarize`).
  static func given(
    _ value: (any CustomStringConvertible)?, stage: String, option: String, origin: String
  ) -> [OptionOverride] {
    value.map { [OptionOverride(stageType: stage, option: option, value: $0.description, origin: origin)] }
      ?? []
  }
}

/// What a one-shot command leaves to the end of the process. A long document is millions of
/// small objects (tokens, sentences, stems); releasing them one by one when the command returns
/// took 0.75 s of a 50 MB article's run, for memory the exit hands back at once anyway (a
/// compiler's `-disable-free` does the same). The loaded pipeline is kept too: tearing down
/// its glossary and matcher cost 14 M instructions (about 3 ms) at the end of every command.
enum ProcessExit {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var kept: [Any] = []

  /// Keeps `value` alive until the process exits.
  static func keep(_ value: Any) {
    lock.lock()
    kept.append(value)
    lock.unlock()
  }
}

/// The article a command reads: a file, or standard input.
struct ArticleInput: ParsableArguments {
  /// Refuses standard input when it is a terminal, where a command given no file would wait
  /// for typed text; `fix` says how to give the input instead.
  static func refuseTerminal(fix: String) throws {
    guard isatty(0) == 1 else { return }
    throw InputError("no input: standard input is a terminal", at: SourceLocation(file: "-"), notes: [fix])
  }

  @Argument(
    help: ArgumentHelp(
      "The article to read: its text, or its HTML page ('-' or nothing for standard input).",
      valueName: "file"))
  var input: String?

  /// Reads the input file or standard input into a new document.
  func readDocument(command: String) throws -> Document {
    try ArticleInput.readDocument(input, command: command)
  }

  /// Reads the file `input` (standard input for `-` or `nil`) into a new document. A command
  /// that takes several articles (`takesSeveral`) says, for a folder, how to give its files.
  static func readDocument(_ input: String?, command: String, takesSeveral: Bool = false) throws -> Document {
    let name = input ?? "-"
    if name == "-" {
      if input == nil {
        try ArticleInput.refuseTerminal(fix: "give a file, or pipe text in: precis \(command) < article.txt")
      }
      return try checked(
        Document(source: "-", input: try DescriptorReader.readAll(0, name: "-")), command: command)
    }
    let bytes = try DescriptorReader.readFile(
      name, notes: ["check the path, or pass '-' to read standard input"],
      folderNotes: takesSeveral
        ? ["to read every article in it: precis \(command) \(FilePath.normalize(name + "/*"))"] : nil)
    return try checked(Document(source: name, input: bytes), command: command)
  }

  /// The paths a `--files-from` list holds, each with its line: one a line (a line's final
  /// carriage return is no part of it), blank lines passed over. `-` reads the list from
  /// standard input, which must not be a terminal.
  static func paths(listedIn list: String, command: String) throws -> [(String, SourceLocation?)] {
    if list == "-" {
      try ArticleInput.refuseTerminal(
        fix: "pipe the list in: find pages -name '*.html' | precis \(command) --files-from -")
    }
    let bytes =
      list == "-"
      ? try DescriptorReader.readAll(0, name: "-")
      : try DescriptorReader.readFile(list, notes: ["check the path of the list given to --files-from"])
    return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().compactMap {
      number, line in
      let path = line.last == 0x0D ? line.dropLast() : line
      return path.isEmpty
        ? nil : (String(decoding: path, as: UTF8.self), SourceLocation(file: list, line: number + 1))
    }
  }

  /// `document`, unless its input is compressed or UTF-16: then the error says how to pipe it
  /// to `command` (normalize, which refuses it too, does not know the command).
  private static func checked(_ document: Document, command: String) throws -> Document {
    if let input = document.input, let foreign = ForeignInput.detect(input) {
      throw foreign.error(name: document.source, command: "precis \(command)")
    }
    return document
  }
}
