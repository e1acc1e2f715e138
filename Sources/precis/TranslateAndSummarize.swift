import ArgumentParser
import PrecisCore
import PrecisRendering

/// `precis translate-and-summarize`: the brief of one article.
struct TranslateAndSummarize: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "translate-and-summarize",
    abstract: "Print the English-facing brief of a French article.",
    discussion: """
      Runs every stage of the pipeline and prints the brief: the title (if one is detected), \
      the summary with key terms rendered in English, and the key-terms table.

      Example: precis translate-and-summarize seeds/000_57ec98a38cfd9253.txt --sentences 3
      """)

  @OptionGroup var options: PipelineOptions
  @OptionGroup var article: ArticleInput

  @Option(help: "Output format: text, markdown, html or json (overrides the render stage).")
  var format: String?

  @Option(parsing: .unconditional, help: "Number of summary sentences (overrides the summarize stage).")
  var sentences: Int?

  @Option(help: "How terms are shown: annotate, replace or bilingual (overrides translate-terms).")
  var mode: String?

  func run() throws {
    let overrides =
      OptionOverride.given(format, stage: "render", option: "format", origin: "--format")
      + OptionOverride.given(sentences, stage: "summarize", option: "sentences", origin: "--sentences")
      + OptionOverride.given(mode, stage: "translate-terms", option: "mode", origin: "--mode")
    // A brief has no place for the uncovered terms (only the document JSON lists them): not
    // looking for them saves a quarter of the term stage on a long article.
    let noCandidates = OptionOverride(
      stageType: "translate-terms", option: "candidates", value: "false", origin: "translate-and-summarize")
    // (The article first: a wrong path is told before a large glossary is built.)
    var document = try article.readDocument(command: "translate-and-summarize")
    var pipeline = try options.loadPipeline(overrides: overrides + [noCandidates], report: false)
    if (pipeline.entries.last?.stage as? RenderStage)?.writesBrief != true {
      pipeline = try options.loadPipeline(overrides: overrides, report: false)
    }
    Console.report(pipeline.warnings)
    try pipeline.run(&document)
    try options.finish(document, writing: try Output.text(of: document))
  }
}

/// What a run prints.
enum Output {
  /// The rendered output if the pipeline rendered one, else the document as JSON.
  static func text(of document: Document) throws -> String {
    if let output = document.output { return output.content }
    return try DocumentJSON.encode(document)
  }
}
