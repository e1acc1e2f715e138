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
      document order:

        #           the sentence's number, from 1
        rank        its rank among the candidates by total score (blank if not a candidate)
        total       the weighted total score
        position, centrality, title, key terms, length
                    the parts of the score, each in 0...1 before weighting (blank if not a \
      candidate)
        chosen      ✓ if the sentence is in the summary
        reason      chosen, over budget, near-duplicate of sentence N, title, no content \
      words, debris: … (sentence numbers from 1)
        terms       the glossary terms in the sentence, as source→target
        text        the beginning of the sentence, cut with … to fit the line

      'table' aligns the columns and shows numbers with three decimals; on a terminal the \
      chosen rows are bold (unless NO_COLOR is set) and the text fits the terminal's width. \
      'json' prints an array of objects with sorted keys: sentence, rank, total, position, \
      centrality, title, keyTerms, length, chosen, reason, terms (an array) and the whole text; \
      rank and the parts are null where the table is blank.

      Example: precis explain article.txt --format json
      """)

  /// The output formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json
  }

  @OptionGroup var options: PipelineOptions

  @Option(help: "Output format: table or json.")
  var format: Format = .table

  func run() throws {
    let pipeline = try options.loadPipeline(through: .summary)
    var document = try options.readDocument()
    try pipeline.run(&document)
    let rows = ExplainTable.rows(of: document)
    switch format {
    case .table:
      let terminal = isatty(1) == 1
      let bold = terminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
      Console.write(
        ExplainTable.text(rows, lineWidth: terminal ? Explain.terminalWidth() : nil, bold: bold))
    case .json:
      Console.write(try ExplainTable.json(rows))
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
