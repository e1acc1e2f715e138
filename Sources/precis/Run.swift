import ArgumentParser
import Foundation
import PrecisCore

/// `precis run`: any part of the pipeline, with per-stage traces and timings.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the pipeline stage by stage: stop, resume or run one stage, trace and time each.",
    discussion: """
      Prints the rendered output when the render stage ran, otherwise the document as JSON \
      (spans are Unicode scalar offsets into the normalized text). --trace writes the \
      document after each stage (NN-<id>.json, deterministic); --from resumes from such a \
      file at the stage after the last one it records; --only runs a single stage; --timings \
      prints each stage's wall time on standard error (never in traces or goldens).

      Examples:
        precis run article.txt --until segment --trace trace/
        precis run --from trace/02-segment.json --until summarize
        precis run --from trace/02-segment.json --only terms --timings
      """)

  @OptionGroup var options: PipelineOptions
  @OptionGroup var article: ArticleInput

  @Option(help: ArgumentHelp("Stop after the stage with this id.", valueName: "stage"))
  var until: String?

  @Option(help: ArgumentHelp("Run only the stage with this id.", valueName: "stage"))
  var only: String?

  @Option(
    help: ArgumentHelp(
      "Resume from a traced document (written by --trace) at the stage after it.", valueName: "file.json"))
  var from: String?

  @Option(help: ArgumentHelp("Write the document after each stage to DIR/NN-<id>.json.", valueName: "dir"))
  var trace: String?

  @Flag(help: "Print each stage's wall time on standard error.")
  var timings = false

  func validate() throws {
    if only != nil && until != nil { throw ValidationError("give --only or --until, not both") }
    if from != nil, let input = article.input, input != "-" {
      throw ValidationError("give an article or --from, not both")
    }
  }

  func run() throws {
    // The input first, the pipeline then: a wrong path is told before a large glossary is built.
    var document: Document
    if let from {
      let bytes = try DescriptorReader.readFile(
        from, notes: ["pass a file written by 'precis run --trace DIR'"])
      document = try DocumentJSON.decode(Data(bytes), file: from)
    } else {
      document = try article.readDocument(command: "run")
    }
    let pipeline = try options.loadPipeline()
    var first = 0
    if let from, let last = document.stages.last {
      guard let position = pipeline.stageIDs.firstIndex(of: last) else {
        throw InputError(
          "'\(from)' was traced after stage '\(last)', which \(pipeline.file) does not have",
          at: SourceLocation(file: from),
          notes: ["the stages of \(pipeline.file) are: \(pipeline.stageIDs.joined(separator: ", "))"])
      }
      first = position + 1
    }
    var last = pipeline.entries.count - 1
    if let until { last = try pipeline.index(of: until) }
    if let only {
      first = try pipeline.index(of: only)
      last = first
    }
    let writer = trace.map(TraceWriter.init(directory:))
    if first <= last {
      for index in first...last {
        let start = DispatchTime.now().uptimeNanoseconds
        try pipeline.run(&document, stages: index..<(index + 1)) { entry, index, document in
          try writer?.write(document, index: index, id: entry.id)
        }
        if timings {
          let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
          let id = pipeline.entries[index].id.padding(toLength: 12, withPad: " ", startingAt: 0)
          Console.error("\(id) \(String(format: "%8.2f", milliseconds)) ms")
        }
      }
    }
    try options.finish(document, writing: try Output.text(of: document))
  }
}
