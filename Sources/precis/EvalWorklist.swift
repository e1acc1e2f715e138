import ArgumentParser
import Foundation
import PrecisCore
import PrecisEvaluation
import PrecisGlossary

/// `precis eval worklist`: how high the worklist of `precis terms` over a corpus puts the terms
/// a glossary holds.
struct EvalWorklist: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worklist",
    abstract: "Check how the worklist of 'precis terms' ranks the terms a glossary holds.",
    discussion: """
      Runs every article of the corpus (JSON Lines with "text") through translate-terms with \
      the pipeline's glossaries left out, so that the terms they hold are proposed like any \
      other, counts the runs as 'precis terms' does over several articles, and scores each \
      ranking of the terms proposed against the glossaries' entries (those reported and not \
      rendered too): how many of the first 25, 50, 100, 200 and 500 are entries (P@K), and the \
      average precision over the first 500 (AP@500). 'dispersion' is the ranking 'precis \
      terms' uses; 'count' ranks by the count weighed by the length. Terms and names (listed \
      last) are scored apart.

      An entry is a term somebody chose to render; a term no glossary holds counts as wrong, \
      though many are worth a row, so the figures compare rankings rather than measure one.

      Example: precis eval worklist ../shared/data/summ/orangesum-abstract-valid.jsonl --show 20
      """)

  @Argument(help: ArgumentHelp("The articles (JSON Lines, each with \"text\").", valueName: "corpus.jsonl"))
  var corpus: String

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(
    name: .customLong("min-articles"), parsing: .unconditional,
    help: "Propose only terms seen in at least this many articles.")
  var minArticles: Int = 2

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Also show the first N terms of each ranking with their weights, '+' before an entry.", valueName: "n"))
  var show: Int = 0

  func validate() throws {
    guard minArticles >= 1 else { throw ValidationError("--min-articles must be at least 1") }
    guard show >= 0 else { throw ValidationError("--show must be 0 or more") }
  }

  func run() throws {
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    let texts = try SegmentationGold.objects(path: corpus).map { object, location in
      guard let text = object["text"] as? String else {
        throw InputError(
          "a record needs \"text\" (a string)", at: location,
          notes: [#"write {"id": "a1", "text": "Le chômage baisse…"}"#])
      }
      return (source: "\(location)", text: text)
    }
    let score = try WorklistEvaluation.evaluate(texts, minimumArticles: minArticles) {
      try pipelineOptions.loadPipeline(overrides: $0, through: .terms)
    }
    var output =
      "== \(corpus): \(score.articles) articles, the glossaries left out "
      + "(\(score.entries) terms in \(score.files) files)\n"
    for names in [false, true] {
      let scores = score.rankings.map { names ? $0.nameScore : $0.termScore }
      let first = scores.first
      output +=
        "  \(names ? "names" : "terms"): \(first?.items ?? 0) proposed, \(first?.relevant ?? 0) of them entries\n"
      output +=
        "    ranking     " + (first?.depths ?? []).map { pad("P@\($0)", 7) }.joined()
        + pad("AP@\(first?.depth ?? 0)", 8) + "\n"
      for (ranked, rankedScore) in zip(score.rankings, scores) {
        output +=
          "    " + ranked.ranking.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
          + rankedScore.precision.map { pad(String(format: "%.3f", $0), 7) }.joined()
          + pad(String(format: "%.3f", rankedScore.averagePrecision), 8) + "\n"
      }
      for ranked in score.rankings where show > 0 {
        let list = names ? ranked.names : ranked.terms
        output += "    first \(min(show, list.count)) by \(ranked.ranking.rawValue):\n"
        for (term, isEntry) in list.prefix(show) {
          output +=
            "      \(isEntry ? "+" : " ") \(term.form)   (weight \(String(format: "%.2f", term.weight)): "
            + "\(term.count) times in \(term.articles) articles)\n"
        }
      }
    }
    Console.write(output)
  }

  /// `text` right-aligned in `width` columns.
  private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
