import ArgumentParser
import PrecisCore

/// `precis run`: any prefix of the pipeline, with per-stage traces.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the pipeline stage by stage, stopping where you like, tracing each stage.",
    discussion: """
      Prints the rendered output when the render stage ran, otherwise the document as JSON \
      (spans are Unicode scalar offsets into the normalized text).

      Example: precis run article.txt --until segment --trace trace/
      """)

  @OptionGroup var options: PipelineOptions

  @Option(help: ArgumentHelp("Stop after the stage with this id.", valueName: "stage"))
  var until: String?

  @Option(help: ArgumentHelp("Write the document after each stage to DIR/NN-<id>.json.", valueName: "dir"))
  var trace: String?

  func run() throws {
    let pipeline = try options.loadPipeline()
    var last = pipeline.entries.count - 1
    if let until { last = try pipeline.index(of: until) }
    var document = try options.readDocument()
    let writer = trace.map(TraceWriter.init(directory:))
    try pipeline.run(&document, stages: 0..<(last + 1)) { entry, index, document in
      try writer?.write(document, index: index, id: entry.id)
    }
    Console.write(try Output.text(of: document))
  }
}
