import ArgumentParser
import PrecisCore

/// `precis terms`: the terms no glossary covers, as rows to fill in.
struct Terms: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "terms",
    abstract: "List the recurring terms no glossary covers, as glossary rows to fill in.",
    discussion: """
      Runs the pipeline through translate-terms and prints, most useful first, the runs of one \
      to four content words (bounded by stopwords, punctuation and glossary terms) that occur \
      at least 'candidate-min-count' times: TSV with the header 'source<TAB>target<TAB>note' \
      and an empty target. Fill in the targets and add the file to 'glossary:'.

      Example: precis terms article.txt > new-terms.tsv
      """)

  @OptionGroup var options: PipelineOptions
  @OptionGroup var article: ArticleInput

  @Option(parsing: .unconditional, help: "Print at most this many rows.")
  var limit: Int = 50

  func validate() throws {
    guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    let pipeline = try options.loadPipeline(through: .terms)
    var document = try article.readDocument(command: "terms")
    try pipeline.run(&document)
    var output = "source\ttarget\tnote\n"
    for candidate in (document.terms?.candidates ?? []).prefix(limit) {
      output +=
        "\(candidate.form)\t\tseen \(candidate.count) times, first in sentence \(candidate.firstSentence + 1)\n"
    }
    try options.finish(document, writing: output)
  }
}
