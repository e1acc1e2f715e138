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
      at least 'candidate-min-count' times: TSV with the header \
      'source<TAB>target<TAB>pos<TAB>note' and an empty target. A run in the plural is counted \
      with its singular when the article has both, and listed in the singular (the note names \
      the other forms): one glossary row matches both. Names (capitalized wherever they occur) \
      come after the other terms, with the part of speech 'proper noun': most are kept as \
      written. Fill in the targets and add the file to 'glossary:'.

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
    // (The article first: a wrong path is told before a large glossary is built.)
    var document = try article.readDocument(command: "terms")
    let pipeline = try options.loadPipeline(through: .terms)
    try pipeline.run(&document)
    var output = "source\ttarget\tpos\tnote\n"
    // Names after the other terms, each group in its order.
    let candidates = document.terms?.candidates ?? []
    for candidate in (candidates.filter { !$0.isName } + candidates.filter(\.isName)).prefix(limit) {
      let forms = candidate.variants.isEmpty ? "" : " (also \(candidate.variants.joined(separator: ", ")))"
      output +=
        "\(candidate.form)\t\t\(candidate.isName ? "proper noun" : "")\tseen \(candidate.count) times\(forms), "
        + "first in sentence \(candidate.firstSentence + 1)\n"
    }
    try options.finish(document, writing: output)
  }
}
