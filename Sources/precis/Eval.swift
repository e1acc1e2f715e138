import ArgumentParser
import Foundation
import PrecisCore
import PrecisEvaluation

/// `precis eval`: quality measures over gold data.
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Measure quality against gold data.",
    subcommands: [
      EvalSegmentation.self, EvalTerms.self, EvalSenses.self, EvalRouge.self, EvalLanguage.self,
      EvalWorklist.self,
    ])
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

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Show the first N records that differ, gold against produced.", valueName: "n"))
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

      With --by-glossary, the renderings are also counted per glossary file, so a weak list \
      stands out.
      """)

  @Option(help: ArgumentHelp("Parallel sentences (JSON Lines with fr and en).", valueName: "file"))
  var parallel: String

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(parsing: .unconditional, help: ArgumentHelp("Show the first N wrong renderings.", valueName: "n"))
  var errors: Int = 10

  @Flag(help: "Show precision per glossary file.")
  var byGlossary = false

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
    if byGlossary {
      for (file, tally) in score.byGlossary.sorted(by: { $0.key < $1.key }) {
        Console.write(
          "  \(String(format: "%.4f", tally.precision)) (\(tally.right)/\(tally.rendered))  \(file)\n")
      }
    }
  }
}

/// `precis eval senses`: the senses given to words of several senses, against annotations.
struct EvalSenses: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "senses",
    abstract: "Check the senses given to words of several senses against annotated occurrences.",
    discussion: """
      Each line of the gold file names an occurrence of a word in a record of the evaluation \
      data and the English its rendering must hold, tab-separated: the data file (from the \
      data folder), the record's id, the word's dictionary form, the word as written, which \
      occurrence of it (from 1), and the English (its case counts; '-' where the word must not be rendered), then a \
      note. The pipeline runs through translate-terms on each record's "text" (or "fr"); \
      prints, by word, how many occurrences it got right, its renderings' precision, the \
      share of the occurrences to render that it rendered rightly, and each one it got \
      wrong with its context. The bundled file annotates texts that no context word was \
      chosen on. Without the data folder, it says so and exits with 0.

      Example: precis eval senses eval/senses-fr-en.tsv --data ../shared/data
      """)

  @Argument(help: ArgumentHelp("The annotated occurrences (TSV).", valueName: "gold.tsv"))
  var gold: String

  @Option(help: ArgumentHelp("The evaluation data folder.", valueName: "dir"))
  var data = "../shared/data"

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  func run() throws {
    let annotations = try SenseGold.load(path: gold)
    guard FilePath.isDirectory(data) else {
      Console.error("no data folder '\(data)': the evaluation is skipped (give it with --data)")
      return
    }
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    let loaded = try pipelineOptions.loadPipeline(through: .terms)
    let score = try SenseEvaluation.evaluate(annotations, data: data, with: loaded)
    var output = "== \(gold): \(score.rows.count) occurrences (\(data))\n"
    for row in score.rows where !row.right {
      let rendered =
        row.rendered.map { "rendered '\($0)'" + (row.cue.map { " (context word '\($0)')" } ?? "") }
        ?? "not rendered" + (row.left.map { " (\($0))" } ?? "")
      let expected = row.gold.expected.map { "'\($0)'" } ?? "no rendering"
      output +=
        "  WRONG \(row.gold.location): \(row.gold.form) #\(row.gold.occurrence) \(rendered), expected \(expected)\n"
        + "        \(row.context)\n"
    }
    var words: [String] = []
    var byWord: [String: SenseScore] = [:]
    for row in score.rows {
      if byWord[row.gold.word] == nil { words.append(row.gold.word) }
      byWord[row.gold.word, default: SenseScore()].rows.append(row)
    }
    for word in words {
      output += "  \(word.padding(toLength: 12, withPad: " ", startingAt: 0))"
      output += summary(of: byWord[word] ?? SenseScore()) + "\n"
    }
    output += "  all         " + summary(of: score) + "\n"
    Console.write(output)
  }

  func summary(of score: SenseScore) -> String {
    func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
    return "right=\(score.right)/\(score.rows.count) precision=\(fixed(score.precision))"
      + " (\(score.renderedRight)/\(score.rendered)) coverage=\(fixed(score.coverage))"
      + " (\(score.renderedRight)/\(score.expectingRendering))"
  }
}

/// `precis eval rouge`: ROUGE of the summaries against human references, with Lead-N beside.
struct EvalRouge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rouge",
    abstract: "Score summaries against reference summaries with ROUGE-1, ROUGE-2 and ROUGE-L.",
    discussion: """
      Each line of the reference file is {"text": ARTICLE, "summary": REFERENCE, "title"?: …}. \
      The pipeline runs through summarize on every article; the summary is its chosen sentences \
      joined by spaces. Words are lowercase Unicode \\w+ runs, without stemming (the tokenizer \
      of ../shared/eval/rouge_eval.py); figures are averages × 100. Lead-N, the first N \
      candidate sentences, is scored beside.

      Example: precis eval rouge --refs ../shared/data/summ/orangesum-abstract-valid.jsonl --sentences 2
      """)

  @Option(help: ArgumentHelp("Articles with their reference summaries (JSON Lines).", valueName: "file"))
  var refs: String

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(parsing: .unconditional, help: "Summary length in sentences (overrides the summarize stage).")
  var sentences: Int?

  @Option(parsing: .unconditional, help: "Summary length in words instead.")
  var words: Int?

  @Flag(help: "Put each record's \"title\" on the first line of its article, as a headline.")
  var title = false

  @Option(parsing: .unconditional, help: ArgumentHelp("Score only the first N records.", valueName: "n"))
  var limit: Int?

  @Option(
    help: ArgumentHelp(
      "Also write every summary to FILE as JSON Lines {id, system, summary}, for rouge_eval.py.",
      valueName: "file"))
  var write: String?

  func validate() throws {
    if sentences != nil && words != nil { throw ValidationError("give --sentences or --words, not both") }
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    let overrides =
      OptionOverride.given(sentences, stage: "summarize", option: "sentences", origin: "--sentences")
      + OptionOverride.given(words, stage: "summarize", option: "words", origin: "--words")
    let systems = [
      ("precis", try pipelineOptions.loadPipeline(overrides: overrides, through: .summary)),
      (
        "lead",
        try pipelineOptions.loadPipeline(
          overrides: overrides
            + [
              OptionOverride(stageType: "summarize", option: "scorer", value: "lead", origin: "lead"),
              // (Lead-N is the first N candidates, whatever they open with.)
              OptionOverride(
                stageType: "summarize", option: "back-reference-factor", value: "1", origin: "lead"),
            ],
          through: .summary)
      ),
    ]
    var records = try SegmentationGold.objects(path: refs)
    if let limit { records = Array(records.prefix(limit)) }
    var tables = systems.map { _ in Rouge.Table() }
    var written = ""
    for (object, location) in records {
      guard let text = object["text"] as? String, let reference = object["summary"] as? String else {
        throw InputError("a record needs \"text\" and \"summary\" (strings)", at: location)
      }
      let headline = title ? object["title"] as? String : nil
      for (position, system) in systems.enumerated() {
        var document = Document(source: "\(location)", input: Array(text.utf8), headline: headline)
        try system.1.run(&document)
        let summary = Rouge.summary(of: document)
        tables[position].add(summary: summary, reference: reference)
        if write != nil {
          let id = object["id"].map { "\($0)" } ?? "\(location.line ?? 0)"
          let row = ["id": id, "system": system.0, "summary": summary]
          let data = try JSONSerialization.data(
            withJSONObject: row, options: [.sortedKeys, .withoutEscapingSlashes])
          written += String(decoding: data, as: UTF8.self) + "\n"
        }
      }
    }
    var output = "== \(refs): \(records.count) articles\n"
    output += "  system       R1 P/R/F            R2 P/R/F            RL P/R/F\n"
    for (position, system) in systems.enumerated() {
      var cells: [String] = []
      for average in tables[position].averages {
        cells.append(String(format: "%5.2f %5.2f %5.2f", average.precision, average.recall, average.f1))
      }
      let name = system.0.padding(toLength: 10, withPad: " ", startingAt: 0)
      output += "  " + name + cells.joined(separator: "   ") + "\n"
    }
    Console.write(output)
    if let write { try AtomicFile.write(written, to: write) }
  }
}

/// `precis eval language`: how often `--language auto` reads a text as its own language.
struct EvalLanguage: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "language",
    abstract: "Check the languages --language auto guesses against texts of known language.",
    discussion: """
      In each JSON Lines file, a string field named as one of the languages the pipeline's \
      'detect' lists exist for ("fr", "en") is a text in that language, as in a parallel \
      file; with --expect CODE, each "text" field is one in CODE. With --group FIELD, \
      consecutive records with the same FIELD (a parallel file's "doc") are one text per \
      language, their texts joined. Prints the share read right by language and by length, \
      and the first N texts read wrong.

      Examples:
        precis eval language ../shared/data/parallel/pud-fr-en-dev.jsonl --group doc
        precis eval language ../shared/data/summ/orangesum-abstract-valid.jsonl --expect fr
      """)

  @Argument(help: ArgumentHelp("Texts of known language (JSON Lines).", valueName: "file.jsonl"))
  var files: [String]

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(help: ArgumentHelp("The language of every record's \"text\".", valueName: "code"))
  var expect: String?

  @Option(
    help: ArgumentHelp(
      "Join consecutive records with the same value of FIELD into one text.", valueName: "field"))
  var group: String?

  @Option(parsing: .unconditional, help: ArgumentHelp("Show the first N texts read wrong.", valueName: "n"))
  var errors: Int = 10

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one JSON Lines file") }
    guard errors >= 0 else { throw ValidationError("--errors must be 0 or more") }
    if let expect, !expect.isLanguageCode {
      throw ValidationError("--expect takes a language code such as 'fr'")
    }
  }

  func run() throws {
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    pipelineOptions.language = PipelineLoader.autoLanguage
    let loaded = try pipelineOptions.loadPipeline(through: .text)
    let languages = loaded.routing?.languages ?? [loaded.sourceLanguage]
    for path in files {
      let objects = try SegmentationGold.objects(path: path)
      let samples = LanguageEvaluation.samples(objects, languages: languages, expected: expect, group: group)
      guard !samples.isEmpty else {
        throw InputError(
          "no text of known language in '\(path)'", at: SourceLocation(file: path),
          notes: [
            "name the language of its \"text\" fields with --expect, or give a file with "
              + languages.map { "\"\($0)\"" }.joined(separator: " or ") + " fields"
          ])
      }
      let score = try LanguageEvaluation.evaluate(samples, with: loaded)
      var output =
        "== \(path): \(score.texts) texts" + (group.map { " (records joined by \"\($0)\")" } ?? "") + "\n"
      for miss in score.misses.prefix(errors) {
        let text = miss.sample.text.prefix(100).replacingOccurrences(of: "\n", with: " ")
        output +=
          "  WRONG \(miss.sample.location): \(miss.sample.language) read as \(miss.guessed) (\(miss.words) words): "
          + text + (miss.sample.text.count > 100 ? "…" : "") + "\n"
      }
      for language in score.byLanguage.keys.sorted() {
        let tally = score.byLanguage[language] ?? (0, 0)
        output += "  \(language)  " + share(tally) + "\n"
      }
      for (band, tally) in score.byLength.enumerated() where tally.texts > 0 {
        let bands = LanguageEvaluation.lengthBands
        let label =
          band + 1 < bands.count ? "\(bands[band])-\(bands[band + 1] - 1) words" : "\(bands[band])+ words"
        output += "  \(label.padding(toLength: 12, withPad: " ", startingAt: 0))" + share(tally) + "\n"
      }
      output += "  all  " + share((score.texts, score.right)) + "\n"
      Console.write(output)
    }
  }

  func share(_ tally: (texts: Int, right: Int)) -> String {
    let value = tally.texts == 0 ? 0 : Double(tally.right) / Double(tally.texts)
    return "accuracy=\(String(format: "%.4f", value)) (\(tally.right)/\(tally.texts))"
  }
}
