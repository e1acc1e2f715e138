import ArgumentParser
import Foundation
import PrecisCore
import PrecisEvaluation

/// `precis segment`: the pipeline through segmentation, one sentence per line or as JSON.
struct Segment: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "segment",
    abstract: "Split an article into sentences (the pipeline through its segment stage).",
    discussion: """
      'lines' prints one sentence per line, with any line break inside a sentence shown as a \
      space; 'json' prints the sentences with their spans (Unicode scalar offsets into the \
      normalized text), paragraphs and the ICU version that split them.

      Example: precis segment article.txt --language en --format json
      """)

  /// The output formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case lines, json
  }

  @OptionGroup var options: PipelineOptions
  @OptionGroup var article: ArticleInput

  @Option(help: "Output format: lines or json.")
  var format: Format = .lines

  func run() throws {
    var document = try article.readDocument(command: "segment")
    let pipeline = try options.loadPipeline(through: .sentences)
    try pipeline.run(&document)
    let sentences = document.sentences ?? []
    switch format {
    case .lines:
      try options.finish(document, writing: SentenceLines.text(of: sentences))
    case .json:
      let result = SegmentOutput(
        source: document.source, language: document.language ?? pipeline.sourceLanguage,
        icu: ICUError.libraryVersion, title: document.title, sentences: sentences)
      try options.finish(document, writing: try SortedJSON.encode(result))
    }
  }
}

/// What `precis segment --format json` prints.
struct SegmentOutput: Encodable {
  var source: String
  var language: String
  var icu: String
  var title: Int?
  var sentences: [Sentence]
}
