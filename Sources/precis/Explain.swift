import ArgumentParser
import Foundation
import PrecisCore
import PrecisRendering

/// `precis explain`: why each sentence was or was not chosen for the summary.
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Show, sentence by sentence, why the summary chose what it chose.",
    discussion: """
      Runs the pipeline through its summarize stage and prints one row per sentence, in \
      document order, with these columns:

        #            the sentence's number, from 1
        rank         its rank among the candidates (blank if not a candidate)
        total        the weighted total score
        position     score part: earlier sentences score higher
        centrality   score part: likeness to the whole article's words
        title        score part: content words shared with the title
        key terms    score part: glossary key terms in the sentence
        length       score part: below 1 for very short or long sentences
                     (parts in 0...1 before weighting; blank if not a candidate)
        redundancy   the penalty for likeness to the sentences chosen before
                     it, weighed against its total (0 with mmr-lambda 1;
                     blank if it was never considered)
        chosen       ✓ if the sentence is in the summary
        reason       chosen, over budget, near-duplicate of sentence N,
                     title, no content words, debris: …, fragment: the text
                     starts mid-sentence; with (“Il” refers
                     back to sentence N, not chosen: score × 0.5) when its
                     opening leans on a sentence the summary left out
        terms        the glossary terms in the sentence, as source→target
        text         the beginning of the sentence, cut with … to fit

      Sentence numbers in reasons count from 1, like the first column. 'table' aligns the \
      columns and prints numbers with three decimals; on a terminal the chosen rows are bold \
      (unless NO_COLOR is set or TERM is dumb) and the text fits the terminal's width. 'json' prints an array \
      of objects with sorted keys (sentence, rank, total, position, centrality, title, \
      keyTerms, length, redundancy, chosen, reason, terms as an array, and the whole text), \
      with null where the table is blank.

      Example: precis explain article.txt --format json
      """)

  /// The output formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json
  }

  @OptionGroup var options: PipelineOptions
  @OptionGroup var article: ArticleInput

  @Option(help: "Output format: table or json.")
  var format: Format = .table

  func run() throws {
    // The table has no place for the uncovered terms (only the document JSON lists them), as
    // a brief has none: not looking for them saves a quarter of the term stage on a long text.
    let noCandidates = OptionOverride(
      stageType: "translate-terms", option: "candidates", value: "false", origin: "explain")
    // (The article first: a wrong path is told before a large glossary is built.)
    var document = try article.readDocument(command: "explain")
    let pipeline = try options.loadPipeline(overrides: [noCandidates], through: .summary)
    try pipeline.run(&document)
    let rows = ExplainTable.rows(of: document)
    switch format {
    case .table:
      let terminal = isatty(1) == 1 && options.output == nil
      let bold = terminal && Console.allowsEscapes
      try options.finish(
        document,
        writing: ExplainTable.text(rows, lineWidth: terminal ? Explain.terminalWidth() : nil, bold: bold))
    case .json:
      try options.finish(document, writing: try ExplainTable.json(rows))
    }
  }

  /// The width of the terminal on standard output, from the terminal itself or else `COLUMNS`;
  /// `nil` when neither tells.
  static func terminalWidth() -> Int? {
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
  }
}
