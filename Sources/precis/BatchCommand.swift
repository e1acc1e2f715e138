import ArgumentParser
import Foundation
import PrecisCore
import PrecisGlossary

/// `precis batch`: a corpus in JSON Lines, one result line per input line.
struct BatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "batch",
    abstract: "Brief every article of a JSON Lines corpus, streaming, on several cores.",
    discussion: """
      Each input line is {"id": …, "text": ARTICLE, …}; each output line, in input order, \
      holds the id and the other fields passed through, the brief, the key terms and the \
      chosen sentences with their scores (and, for a sentence of a quotation over several \
      sentences, "quotation": {"cutBefore", "cutAfter", "followsOn"}, how the brief shows it; \
      a field of the record's own named "brief", \
      "keyTerms", "summary", "warnings" or "error" is passed through as "input_summary" and \
      so on, with a warning). A line that fails (invalid JSON, read strictly: no trailing \
      comma, no tab unescaped in a string, no key given twice; no "text"; bad input) gives {"id", "error": {"line", "column", "message", "notes", "kind"}} (for JSON \
      that is not, the column where it breaks and what was found there; notes that say how to \
      fix it; the id when the line still tells it) and the run goes on; a record with \
      warnings (HTML in the text; an article that may not be in the source language; with \
      --lossy, bytes that were not UTF-8) carries them in \
      "warnings"; a blank line gives nothing. A summary on standard error counts the records, \
      the failures, the records with warnings and the blank lines skipped, with the time and \
      the records per second (and, with --terms, the rows written), and the exit status \
      is 1 when any record failed. A compressed or UTF-16 corpus is \
      refused whole, with the command that reads it. The output is the same for any --jobs. \
      Memory holds a window of 512 records.

      With --terms FILE, the same run also counts the terms no glossary covers over the whole \
      corpus and writes them to FILE, as 'precis terms' lists them over several articles: TSV \
      rows to fill in, each run of words seen in at least --terms-min-articles records, with \
      how many times, in how many records, where first and in context in a later record \
      (the corpus and the record's line, as in week.jsonl:12, or the file). \
      Memory then also holds the corpus's distinct runs of words and their counts (no list of \
      records): about 5 KB more for each distinct article, less as the corpus grows. With \
      --update-terms FILE instead, the rows are merged into the worklist FILE, as 'precis terms \
      --update' merges them: what was filled in stays, rows still to do get the run's notes, \
      new rows are added at the end. FILE may be a glossary the pipeline reads (which --terms \
      refuses to write over). With --terms-counts FILE, the counts themselves are saved, for \
      'precis terms --merge' to add up with other days' or other parts' (each run then also \
      keeps an example of its first occurrence, for the parts that come before).

      With --language auto, each article is read as the language whose 'detect' word list \
      (the pipeline's stopwords) holds most of its words, and briefed with the pipeline for \
      that language: an English article of a French corpus is summarized, its terms left \
      alone. Each result then has "language", a record's own "language" field is passed \
      through as "input_language", and the summary counts the records read as each language. \
      A record that reads as a language the pipeline only recognizes ('language: recognize:': \
      German, Spanish, Italian, Dutch, Portuguese) fails, its error naming the language, and \
      its result has "language" too.

      With --files-from LIST, the articles are files instead (texts, or the HTML pages a \
      scraper saved), their paths listed one a line in LIST ('-' for standard input): each \
      gives a result line, in the list's order, whose "id" is its path; a file that cannot be \
      read gives an error result whose "line" is its line in the list.

      Examples:
        precis batch articles.jsonl --jobs 2 --output briefs.jsonl
        precis batch week.jsonl -o briefs.jsonl --terms worklist.tsv
        precis batch next-week.jsonl -o briefs.jsonl --update-terms worklist.tsv
        precis batch monday.jsonl -o briefs.jsonl --terms-counts monday.counts
        precis batch scraped.jsonl --title -o briefs.jsonl
        find pages -name '*.html' | precis batch --files-from - > briefs.jsonl
      """)

  @OptionGroup var options: PipelineOptions

  @Argument(
    help: ArgumentHelp(
      "The JSON Lines corpus to read ('-' or nothing for standard input).", valueName: "file"))
  var input: String?

  @Option(
    name: .customLong("files-from"),
    help: ArgumentHelp(
      "Brief the files listed in FILE, one path per line ('-' for standard input), instead of a corpus.",
      valueName: "file"))
  var filesFrom: String?

  // (No default value: argument-parser evaluates a property's default each time it reflects
  // the command, five times a run, and the number of cores is read from cgroup files. The
  // value is taken unconditionally so that `--jobs -1` is refused as a number below 1, not
  // read as an option.)
  @Option(parsing: .unconditional, help: "Worker threads (default: the number of cores).")
  var jobs: Int?

  // (Read as text and checked in `validate()`, so that `-1` is refused as a size, not read as
  // an option.)
  @Option(
    name: .customLong("max-record-bytes"), parsing: .unconditional,
    help: ArgumentHelp(
      "Refuse a line (or a listed file) longer than this (bytes, or with K, M or G: 4M), with an error result (default: 1G).",
      discussion: """
        A run holds about 20 times an article's size in memory (up to 250 times for text of \
        one-character lines), on each worker: a bound keeps a process under a container's \
        memory limit. A longer line is read past, not held, and its result names its id when \
        the id comes before the text.
        """,
      valueName: "size"))
  var maxRecordBytes: String?

  @Option(
    name: .customLong("terms"),
    help: ArgumentHelp(
      "Also write the terms no glossary covers, counted over the whole corpus, to FILE (TSV).",
      discussion: "The results are the same; counting the terms about doubles the run's time.",
      valueName: "file"))
  var termsFile: String?

  @Option(
    name: .customLong("update-terms"),
    help: ArgumentHelp(
      "Like --terms, but merge the rows into the worklist FILE, keeping what was filled in.",
      valueName: "file"))
  var updateTerms: String?

  @Option(
    name: .customLong("terms-counts"),
    help: ArgumentHelp(
      "Also save the corpus's term counts to FILE, which 'precis terms --merge' adds to others.",
      discussion: """
        A week's worklist is then made from its days' counts, or a corpus's from the parts \
        several machines counted (scripts/spark-batch.py --terms): added up in order, they \
        give the rows one run over all the records gives.
        """,
      valueName: "file"))
  var termsCounts: String?

  @Option(
    name: .customLong("names-from"),
    help: ArgumentHelp(
      "Name each line's record in the terms' notes and counts as the line of FILE with its number.",
      discussion: """
        For a program that feeds standard input a part of a larger corpus (scripts/spark-batch.py): \
        it writes the name of each line it sends ('week.jsonl:1200') to FILE, which is read once \
        the corpus ends. A record whose line FILE does not reach keeps its name ('line 12').
        """,
      valueName: "file"))
  var namesFrom: String?

  @Option(
    name: .customLong("terms-min-articles"), parsing: .unconditional,
    help: "With --terms or --update-terms, list only terms seen in at least this many records.")
  var termsMinArticles: Int = 2

  @Flag(
    help: ArgumentHelp(
      "Put each record's \"title\" on the first line of its article, as its headline.",
      discussion: """
        The brief then opens with the headline, its terms rendered, whatever its punctuation, \
        and the summary weighs each sentence's overlap with it and never chooses it. Sentence \
        numbers count the headline as the first. A record without a "title" string is read as \
        it is.
        """))
  var title = false

  @Flag(
    help: ArgumentHelp(
      "Each article's text (or file, with --files-from) opens with its headline paragraph.",
      discussion: """
        It sets segment's headline-first: the first paragraph is the title whatever its \
        punctuation, and is never chosen. With --title, a record that has a "title" opens with \
        it already.
        """))
  var headline = false

  func validate() throws {
    if termsFile == "-" || updateTerms == "-" {
      throw ValidationError(
        "--\(termsFile == "-" ? "terms" : "update-terms") writes a file: standard output holds the results")
    }
    if termsFile != nil, updateTerms != nil {
      throw ValidationError(
        "give --terms or --update-terms, not both: --update-terms merges the rows into its file")
    }
    if termsMinArticles < 1 { throw ValidationError("--terms-min-articles must be at least 1") }
    if termsCounts == "-" {
      throw ValidationError("--terms-counts writes a file: standard output holds the results")
    }
    if namesFrom != nil, termsFile == nil, updateTerms == nil, termsCounts == nil {
      throw ValidationError(
        "--names-from names the records in the terms' notes: give --terms, --update-terms or --terms-counts")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if filesFrom != nil, input != nil {
      throw ValidationError(
        "give a JSON Lines corpus or --files-from, not both: --files-from lists the articles' files")
    }
    if filesFrom != nil, title {
      throw ValidationError("--title reads a record's \"title\"; files that open with a headline: --headline")
    }
    _ = try recordLimit()
  }

  /// The longest line read whole, from `--max-record-bytes`.
  func recordLimit() throws -> Int {
    guard let maxRecordBytes else { return DescriptorReader.articleLimit }
    guard let size = ByteSize(maxRecordBytes) else {
      throw ValidationError(
        "--max-record-bytes expects a size from 1 byte to 1G (bytes, or a whole number followed by K, M or G: "
          + "4M), found '\(maxRecordBytes)'")
    }
    return size.bytes
  }

  func run() throws {
    // The corpus is opened first: a wrong path is told before a large glossary is built.
    let name = filesFrom ?? input ?? "-"
    var handle = FileHandle.standardInput
    // What the progress counts to: the corpus's bytes, or the files listed.
    var size = 0
    var files: [(path: String, line: Int)] = []
    if let filesFrom {
      files = try ArticleInput.paths(listedIn: filesFrom, command: "batch").map { ($0, $1?.line ?? 0) }
      size = files.count
    } else if name == "-" {
      if input == nil {
        try ArticleInput.refuseTerminal(
          fix: "give a JSON Lines file, or pipe one in: precis batch < articles.jsonl")
      }
    } else {
      guard let opened = FileHandle(forReadingAtPath: name) else {
        throw InputError(
          "cannot read '\(name)': no such file", at: SourceLocation(file: name),
          notes: ["pass a JSON Lines file, or '-' for standard input"])
      }
      handle = opened
      size = ((try? FileManager.default.attributesOfItem(atPath: name))?[.size] as? Int) ?? 0
    }
    // The output lines have no place for the uncovered terms: not looking for them saves a
    // tenth of the work.
    let noCandidates = OptionOverride(
      stageType: "translate-terms", option: "candidates", value: "false", origin: "batch")
    let headlineFirst = OptionOverride.given(
      headline ? true : nil, stage: "segment", option: "headline-first", origin: "--headline")
    let pipeline = try options.loadPipeline(overrides: [noCandidates] + headlineFirst)
    // With --terms, each record's uncovered runs are counted on its worker, and added to the
    // corpus's in order.
    var corpus: CorpusTerms?
    var inspect: Batch.Inspection?
    var termsSink = try termsFile.map { try OutputSink(path: $0) }
    defer { termsSink?.discard() }
    var termsStage: TranslateTermsStage?
    if let option = termsFile != nil
      ? "--terms" : updateTerms != nil ? "--update-terms" : termsCounts != nil ? "--terms-counts" : nil
    {
      let stage = try TranslateTermsStage.last(
        in: pipeline, missing: "\(option) has no terms to count", otherwise: "leave out \(option)")
      termsStage = stage
      try Terms.refuseOverwritingGlossary(termsFile, of: stage, option: "--terms")
      try Terms.refuseOverwritingGlossary(termsCounts, of: stage, option: "--terms-counts")
      if let updateTerms { try Terms.checkUpdate(updateTerms) }
      if let termsCounts { try OutputSink(path: termsCounts).discard() }
      corpus = stage.corpus(minimumArticles: termsMinArticles, keepingFirstExamples: termsCounts != nil)
      inspect = { document in
        CountedArticle(source: document.source, runs: stage.corpusArticle(of: document))
      }
    }
    // With --language auto, how many records were read as each language.
    var languages: [String: Int] = [:]
    func count(_ result: Batch.Result) {
      if let language = result.language { languages[language, default: 0] += 1 }
      if let counted = result.inspected as? CountedArticle {
        corpus?.add(counted.runs, source: counted.source)
      }
    }
    // A partial pipeline runs, but the fields it does not make are empty in every record. (A stage
    // the run leaves out has had its note.)
    let produced = Set(pipeline.entries.flatMap { type(of: $0.stage).produces })
    let leftOut = Set(pipeline.leftOut.map(\.typeName))
    let missing = [
      (Layer.terms, "keyTerms", "translate-terms"), (.summary, "summary", "summarize"),
      (.output, "brief", "render"),
    ]
    .filter { !produced.contains($0.0) && !leftOut.contains($0.2) }
    Console.report(
      missing.map { _, field, stage in
        Diagnostic(
          .warning, "the pipeline has no \(stage) stage: every record's \"\(field)\" is empty",
          at: SourceLocation(file: pipeline.file),
          notes: ["add a '\(stage)' stage, or use 'precis run' to see a partial pipeline's documents"])
      })
    var sink = try OutputSink(path: options.output)
    var finished = false
    defer { if !finished { sink.discard() } }
    // On a terminal, unless the results go to the same terminal (the lines written there broke
    // the progress line, and the results show the progress themselves) or it is a dumb one (the
    // line is rewritten with escape sequences).
    let showProgress =
      isatty(2) == 1 && !(options.output == nil && isatty(1) == 1)
      && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    let start = Date()
    var lastShown = Date.distantPast
    // How many records had a field of their own named as one of the result's.
    var renamed: [String: Int] = [:]
    // The records written, and how far through the input (bytes, or files) they are.
    func progress(records: Int, done: Int) {
      guard showProgress, Date().timeIntervalSince(lastShown) > 0.2 else { return }
      lastShown = Date()
      let elapsed = max(Date().timeIntervalSince(start), 1e-6)
      var line = "\r  \(records) records  \(Int(Double(records) / elapsed)) records/s"
      if size > 0 {
        let done = Double(done) / Double(size)
        let eta = done > 0 ? elapsed * (1 - done) / done : 0
        line += String(format: "  %3.0f%%  ETA %.0f s ", min(100, done * 100), eta)
      }
      FileHandle.standardError.write(Data(line.utf8))
    }
    let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
    let totals: (records: Int, failed: Int, blank: Int, warned: Int)
    if filesFrom != nil {
      let run = try Batch.run(
        files: files, pipeline: pipeline, jobs: workers, recordLimit: try recordLimit(), inspect: inspect,
        progress: { progress(records: $0, done: $0) },
        write: { result in
          count(result)
          try sink.write(bytes: result.bytes)
        })
      totals = (run.records, run.failed, 0, run.warned)
    } else {
      totals = try Batch.run(
        input: handle, named: name, pipeline: pipeline, jobs: workers, replacingInvalidUTF8: options.lossy,
        titles: title, recordLimit: try recordLimit(), inspect: inspect,
        progress: { progress(records: $0, done: $1) },
        write: { result in
          for key in result.renamed { renamed[key, default: 0] += 1 }
          count(result)
          try sink.write(bytes: result.bytes)
        })
    }
    try sink.finish()
    finished = true
    var termsWritten: String?
    // A row's note names a record by the corpus and its line (`week.jsonl:12`), when the corpus
    // is a file, or as --names-from names it.
    if let namesFrom {
      let names = try BatchCommand.names(from: namesFrom)
      corpus?.renameArticles { source in
        guard source.hasPrefix("line "), let line = Int(source.dropFirst("line ".count)),
          names.indices.contains(line - 1)
        else { return source }
        return names[line - 1]
      }
    } else if filesFrom == nil, name != "-" {
      corpus?.renameArticles { $0.hasPrefix("line ") ? name + ":" + $0.dropFirst("line ".count) : $0 }
    }
    var countsSaved: String?
    if let corpus, let termsCounts {
      try Terms.save(corpus, to: termsCounts)
      countsSaved =
        "term counts of \(corpus.articleCount) record\(corpus.articleCount == 1 ? "" : "s") saved to \(termsCounts)"
    }
    if let corpus, var terms = termsSink {
      let candidates = corpus.candidates()
      try Terms.write(candidates, to: &terms)
      try terms.finish()
      termsSink = nil
      termsWritten =
        "\(candidates.count) term\(candidates.count == 1 ? "" : "s") written to \(termsFile ?? "")"
    } else if let corpus, let updateTerms {
      let rows = Terms.ordered(corpus.candidates()).map { Terms.row($0) }
      termsWritten = Terms.summary(
        of: try Terms.update(updateTerms, with: rows, glossaryOf: termsStage), path: updateTerms)
    }
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    Console.report(
      (Batch.resultFields + ["language"]).sorted().compactMap { key in
        renamed[key].map { count in
          Diagnostic(
            .warning,
            "\(count) record\(count == 1 ? " has its" : "s have their") own \"\(key)\" field: it is passed "
              + "through as \"input_\(key)\", since "
              + (key == "error"
                ? "\"error\" marks a failed record's result" : "a result's \"\(key)\" is Precis's"),
            at: SourceLocation(file: name),
            notes: ["a record that also has an \"input_\(key)\" field gives that name one more \"input_\""])
        }
      })
    let seconds = Date().timeIntervalSince(start)
    let skipped =
      totals.blank == 0 ? "" : "\(totals.blank) blank line\(totals.blank == 1 ? "" : "s") skipped, "
    let warned =
      totals.warned == 0 ? "" : "\(totals.warned) with warnings (their \"warnings\" field), "
    // (The pace, as the progress bar shows it, for a run long enough to time.)
    let pace =
      totals.records > 0 && seconds >= 0.01
      ? ", \(Int((Double(totals.records) / seconds).rounded())) records/s" : ""
    Console.error(
      "precis batch: \(totals.records) record\(totals.records == 1 ? "" : "s")"
        + (languages.isEmpty
          ? ""
          : " ("
            + languages.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
            .joined(separator: ", ") + ")")
        + ", \(totals.failed) failed, "
        + warned + skipped + String(format: "%.1f s", seconds) + pace
        + (termsWritten.map { "; " + $0 } ?? "") + (countsSaved.map { "; " + $0 } ?? ""))
    if totals.failed > 0 { throw ExitCode(1) }
  }
}

extension BatchCommand {
  /// The names of `--names-from`: the lines of the file at `path`, in order.
  static func names(from path: String) throws -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(
        "cannot read '\(path)', the names of --names-from", at: SourceLocation(file: path),
        notes: ["give the file the names of the corpus's lines were written to, one a line"])
    }
    var names = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    if names.last == "" { names.removeLast() }
    return names
  }
}

/// A size in bytes as given on the command line: a whole number, or one followed by K, M or G
/// (powers of 1,024; `KB` or `KiB` alike), from 1 byte to 1 GiB, the most a record may have.
struct ByteSize {
  var bytes: Int

  init?(_ argument: String) {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    var digits = Substring(argument)
    // (`4MB` and `4MiB` are `4M`, as Spark's sizes are written.)
    for suffix in ["IB", "B"] where digits.count > suffix.count + 1 && digits.uppercased().hasSuffix(suffix) {
      let unit = digits.dropLast(suffix.count).last?.uppercased()
      if unit == "K" || unit == "M" || unit == "G" {
        digits = digits.dropLast(suffix.count)
        break
      }
    }
    var unit = 1
    if let last = digits.last?.uppercased().first, let scale = units[last] {
      unit = scale
      digits = digits.dropLast()
    }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let count = Int(digits), count >= 1,
      count <= DescriptorReader.articleLimit / unit
    else { return nil }
    bytes = count * unit
  }
}

/// A record's uncovered runs, counted on its worker, with the name the terms' notes give it
/// (`line 12`, or the file's path).
private struct CountedArticle: Sendable {
  var source: String
  var runs: CorpusTerms.Article
}
