import ArgumentParser
import Foundation
import PrecisCore
import PrecisEvaluation

/// `precis eval`: quality measures over gold data.
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure quality against gold data.",
    subcommands: [EvalSegmentation.self, EvalTerms.self])
}

/// `precis eval segmentation`: sentence-boundary precision, recall and F1.
struct EvalSegmentation: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "segmentation",
    abstract: "Score sentence boundaries against gold JSON Lines files.",
    discussion: """
      Each line of a gold file is {"id", "text", "sentences": [...]}. Boundaries are compared \
      as the number of non-space characters before each sentence end, so spacing does not \
      count: the measure of ../shared/eval/seg_eval.py. Records marked \
      "boundaries_punctuated": false (an unpunctuated heading that joining by a space hides) \
      are skipped unless --all is given.

      Example: precis eval segmentation ../shared/data/seg/golden-fr.jsonl --errors 5
      """)

  @Argument(help: ArgumentHelp("Gold files (JSON Lines).", valueName: "gold.jsonl"))
  var gold: [String]

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(
    name: .long,
    help: ArgumentHelp("The language of the gold texts, replacing the pipeline's.", valueName: "code"))
  var language: String?

  @Option(help: ArgumentHelp("Show the first N records that differ, gold against produced.", valueName: "n"))
  var errors: Int = 0

  @Flag(help: "Keep records whose gold boundaries include unpunctuated headings.")
  var all = false

  @Flag(
    help: ArgumentHelp(
      "Glue each sentence to the one before it when that one ends with final punctuation.",
      discussion: "Scores text as scraped news often has it: 'Le Progrès.Après le…'."))
  var glued = false

  func validate() throws {
    guard !gold.isEmpty else { throw ValidationError("give at least one gold file") }
    guard errors >= 0 else { throw ValidationError("--errors must be 0 or more") }
  }

  func run() throws {
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    pipelineOptions.language = language
    let loaded = try pipelineOptions.loadPipeline(through: .sentences)
    for path in gold {
      var records = try SegmentationGold.load(path: path)
      let skipped = all ? 0 : records.filter { !$0.boundariesPunctuated }.count
      if !all { records.removeAll { !$0.boundariesPunctuated } }
      if glued { records = records.map(\.glued) }
      let goldSentences = records.reduce(0) { $0 + $1.sentences.count }
      Console.write(
        "== \(path): \(records.count) records, \(goldSentences) gold sentences"
          + (skipped > 0 ? " (\(skipped) with unpunctuated headings skipped)" : "") + "\n")
      let start = Date()
      let score = try SegmentationEvaluation.evaluate(records, with: loaded, showing: errors) {
        Console.write($0 + "\n")
      }
      let seconds = Date().timeIntervalSince(start)
      Console.write(
        "  precis   P=\(fixed(score.precision)) R=\(fixed(score.recall)) F1=\(fixed(score.f1))"
          + " exact_docs=\(score.exactRecords)/\(score.records)"
          + " time=\(String(format: "%.2f", seconds))s\n")
    }
  }

  func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
}

/// `precis eval terms`: are the rendered terms in the human translation?
struct EvalTerms: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "terms",
    abstract: "Check rendered key terms against human translations.",
    discussion: """
      Each line of the parallel file is {"fr": "…", "en": "…"}. The pipeline runs through \
      translate-terms on the French; a rendering is right when its English target, singular \
      or plural, occurs as whole words in the human English (any case). Terms kept as they \
      are (flag 'keep', or English identical to the French) are not counted.

      Example: precis eval terms --parallel ../shared/data/parallel/pud-fr-en-dev.jsonl --errors 20
      """)

  @Option(help: ArgumentHelp("Parallel sentences (JSON Lines with fr and en).", valueName: "file"))
  var parallel: String

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(help: ArgumentHelp("Show the first N wrong renderings.", valueName: "n"))
  var errors: Int = 10

  func validate() throws {
    guard errors >= 0 else { throw ValidationError("--errors must be 0 or more") }
  }

  func run() throws {
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    let loaded = try pipelineOptions.loadPipeline(through: .terms)
    let records = try ParallelRecord.load(path: parallel)
    let score = try TermEvaluation.evaluate(records, with: loaded)
    Console.write("== \(parallel): \(score.records) sentences\n")
    for miss in score.misses.prefix(errors) {
      Console.write("  WRONG \(miss.record): \(miss.form) → \(miss.target)   (\(miss.entry))\n")
      Console.write("        en: \(miss.english)\n")
    }
    Console.write(
      "  precision=\(String(format: "%.4f", score.precision)) (\(score.right)/\(score.rendered))"
        + " rendered_per_100=\(String(format: "%.1f", score.perHundred))"
        + " kept=\(score.kept) unresolved=\(score.unresolved)\n")
  }
}
