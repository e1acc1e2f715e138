import ArgumentParser
import PrecisCore
import PrecisRendering

/// `precis translate-and-summarize`: the brief of an article, or of several one after another.
struct TranslateAndSummarize: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "translate-and-summarize",
    abstract: "Print the English-facing brief of a French article, or of several.",
    discussion: """
      Runs every stage of the pipeline and prints the brief: the title (if one is detected), \
      the summary with key terms rendered in English, and the key-terms table.

      Given several articles, it loads the pipeline once and prints their briefs in the order \
      given, in one output: in text, each under a '==> FILE <==' line; in Markdown, under a \
      'Source:' line, with a rule between them; in HTML, one page with an <article> each; in \
      JSON, an array of the documents. An article that cannot be read is reported on standard \
      error and the others go on; the exit status is then 1. Memory holds a few articles per \
      worker at a time. For more articles than a command line holds, list their paths in a \
      file, one per line, and give it with --files-from ('-' reads the list from standard \
      input).

      Examples:
        precis translate-and-summarize seeds/000_57ec98a38cfd9253.txt --sentences 3
        precis translate-and-summarize pages/*.html --format markdown -o briefs.md
        find pages -name '*.html' | precis translate-and-summarize --files-from - -o briefs.txt
      """)

  @OptionGroup var options: PipelineOptions

  @OptionGroup var articles: ArticleList

  @Option(help: "Output format: text, markdown, html or json (overrides the render stage).")
  var format: String?

  @Option(parsing: .unconditional, help: "Number of summary sentences (overrides the summarize stage).")
  var sentences: Int?

  @Option(help: "How terms are shown: annotate, replace or bilingual (overrides translate-terms).")
  var mode: String?

  @Flag(
    help: ArgumentHelp(
      "Each article's first paragraph is its headline (sets segment's headline-first).",
      discussion: """
        The brief then opens with it as the title whatever its punctuation, such as a headline \
        of several sentences ('VIDÉO. Hollande a refusé…'), and the summary never chooses it. \
        Without it, a first line is the title when it has no final punctuation, or ends with ? \
        or ! alone in its paragraph. An article of one paragraph has no headline to take.
        """))
  var headline = false

  func run() throws {
    guard articles.areSeveral else {
      // (The article first: a wrong path is told before a large glossary is built.)
      var document = try ArticleInput.readDocument(
        articles.inputs.first, command: "translate-and-summarize", takesSeveral: true)
      let pipeline = try loadPipeline()
      try pipeline.run(&document)
      try options.finish(document, writing: try Output.text(of: document))
      return
    }
    try brief(
      try articles.several(command: "translate-and-summarize", nothing: "brief"), with: try loadPipeline())
  }

  /// The pipeline, with the command line's overrides, and its warnings printed.
  private func loadPipeline() throws -> Pipeline {
    let overrides =
      OptionOverride.given(format, stage: "render", option: "format", origin: "--format")
      + OptionOverride.given(sentences, stage: "summarize", option: "sentences", origin: "--sentences")
      + OptionOverride.given(mode, stage: "translate-terms", option: "mode", origin: "--mode")
      + OptionOverride.given(
        headline ? true : nil, stage: "segment", option: "headline-first", origin: "--headline")
    // A brief has no place for the uncovered terms (only the document JSON lists them): not
    // looking for them saves a quarter of the term stage on a long article.
    let noCandidates = OptionOverride(
      stageType: "translate-terms", option: "candidates", value: "false", origin: "translate-and-summarize")
    var pipeline = try options.loadPipeline(overrides: overrides + [noCandidates], report: false)
    if (pipeline.entries.last?.stage as? RenderStage)?.writesBrief != true {
      pipeline = try options.loadPipeline(overrides: overrides, report: false)
    }
    Console.report(pipeline.warnings)
    return pipeline
  }

  /// Briefs `articles` into one output, in their order, on the workers; an article that fails
  /// is reported and passed over, and a failure of the configuration stops the run.
  private func brief(_ articles: SeveralArticles, with pipeline: Pipeline) throws {
    var collection = BriefCollection(
      kind: .init(format: (pipeline.entries.last?.stage as? RenderStage)?.format))
    var sink = try OutputSink(path: options.output)
    var finished = false
    defer { if !finished { sink.discard() } }
    try sink.write(collection.opening(count: articles.articles.count))
    let failed = try articles.run(workers: self.articles.workers) { document in
      try pipeline.run(&document)
      return try Output.text(of: document)
    } deliver: { source, output in
      try sink.write(collection.part(source: source, output: output))
    }
    try sink.write(collection.closing())
    try sink.finish()
    finished = true
    try articles.finish(failed: failed, what: "the output holds the briefs of the others")
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
