import ArgumentParser
import Foundation
import PrecisCore
import PrecisGlossary

/// `precis terms`: the terms no glossary covers, as rows to fill in.
struct Terms: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "terms",
    abstract: "List the recurring terms no glossary covers, as glossary rows to fill in.",
    discussion: """
      Runs the pipeline through translate-terms and prints, most useful first, the runs of one \
      to four content words (bounded by stopwords, punctuation and glossary terms) that occur \
      at least 'candidate-min-count' times: TSV with the header \
      'source<TAB>target<TAB>pos<TAB>flags<TAB>note' and an empty target. A run in the plural is \
      counted with its singular when the article has both, and listed in the singular (the note \
      names the other forms): one glossary row matches both. Names (capitalized wherever they \
      occur) come after the other terms, with the part of speech 'proper noun' and the flag \
      'keep', since most are kept as written; the other rows have the flag 'todo', which leaves \
      a row out of a glossary until its target is filled in. So the file can be added to \
      'glossary:' as it is: fill in the targets you want rendered (and give an exonym its \
      English, without 'keep'), and the next run lists only the terms still uncovered or to do.

      With --update FILE, the rows are merged into the worklist FILE instead, as gettext's \
      msgmerge merges a catalog: every line of the file stays where it is, as it was written \
      (targets filled in, names kept, comments, rows to do the run no longer saw), a row still \
      to do (empty target, flag 'todo') that the run lists again gets the run's note, and the \
      run's other rows are added at the end, in the columns the file's header names (one \
      article's notes then name it: 'first in article.txt, sentence 3'). FILE may \
      be a glossary the pipeline reads; it is created when missing. (Without --update, \
      --output refuses to write over a glossary the pipeline reads: its targets would be lost.)

      Given several articles, it counts the runs over all of them before any threshold, and \
      lists those seen in at least --min-articles of them: the note says how many times and in \
      how many articles each was seen, where first, and ends with the term in context in a later \
      article (a few words on each side). They are ranked by how much they gather in some \
      articles (their residual IDF, times the logarithm of their count), so \
      that a week's subjects come before the words every kind of news has ('ans', 'lundi'); \
      'precis eval worklist' measures the ranking. Over a corpus, a run is counted with \
      its plural when both are mostly written in lowercase, and a name is capitalized inside \
      sentences more often than not (an address or a headline does not undo it). An article \
      that cannot be read is reported and the others go on (exit status 1). Memory holds each \
      distinct run of words and its counts (about 5 KB more for each distinct article, less as \
      the corpus grows) and one example for each run that recurs, not the texts or lists of \
      articles.

      Examples:
        precis terms article.txt > new-terms.tsv
        precis terms week/*.html --min-articles 3 > worklist.tsv
        find week -name '*.html' | precis terms --files-from - > worklist.tsv
        precis terms next-week/*.html --update worklist.tsv
        precis terms --merge monday.counts tuesday.counts > week.tsv
      """)

  @OptionGroup var options: PipelineOptions

  @OptionGroup var articles: ArticleList

  // (No default value: --update and --merge list every row unless --limit is given.)
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "List at most this many rows (default: 50; with --update or --merge, every row).", valueName: "limit"))
  var limit: Int?

  @Option(
    help: ArgumentHelp(
      "Merge the rows into the worklist FILE, keeping what was filled in (created when missing).",
      valueName: "file"))
  var update: String?

  @Option(
    name: .customLong("min-articles"), parsing: .unconditional,
    help: "Over several articles, list only terms seen in at least this many of them.")
  var minArticles: Int = 2

  @Option(
    help: ArgumentHelp(
      "Also save the articles' term counts to FILE, which --merge adds to other counts.", valueName: "file"))
  var counts: String?

  @Flag(
    help: ArgumentHelp(
      "The files given are term counts, added up in their order, not articles.",
      discussion: """
        Counts saved by 'precis batch --terms-counts' or 'precis terms --counts' (a day's, or a \
        part of a corpus's) are added up as if their articles had been counted in one run, and \
        the rows listed (or merged with --update, or saved again with --counts) as that run \
        lists them: the same rows, counts, places and examples. They must have been counted in \
        the pipeline's language, with its stopwords. A file whose articles were all added \
        already, under the same names, is added with a warning: its terms are counted twice.
        """))
  var merge = false

  func validate() throws {
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    if update == "-" { throw ValidationError("--update names the worklist file to merge the rows into") }
    if update != nil, options.output != nil {
      throw ValidationError(
        "give --update or --output, not both: --update writes the merged worklist to its file")
    }
    guard minArticles >= 1 else { throw ValidationError("--min-articles must be at least 1") }
    if counts == "-" { throw ValidationError("--counts names the file to save the counts to") }
    if merge, articles.inputs.isEmpty, articles.filesFrom == nil {
      throw ValidationError("--merge adds up the files of term counts given: name them")
    }
  }

  /// How many rows to list: `--limit`, or 50 (every row with `--update` or `--merge`).
  var rowLimit: Int { limit ?? (update == nil && !merge ? 50 : .max) }

  func run() throws {
    guard articles.areSeveral || merge || counts != nil else {
      // (The article first: a wrong path is told before a large glossary is built.)
      var document = try ArticleInput.readDocument(
        articles.inputs.first, command: "terms", takesSeveral: true)
      let pipeline = try options.loadPipeline(through: .terms)
      let stage = try? TranslateTermsStage.last(in: pipeline)
      if let stage {
        try Terms.refuseOverwritingGlossary(options.output, of: stage, option: "--output")
      }
      try pipeline.run(&document)
      // Names after the other terms, each group in its order.
      let candidates = document.terms?.candidates ?? []
      // In a worklist that gathers several runs' rows, a note names the article it was seen in.
      let article = update != nil && document.source != "-" ? "\(Terms.inNote(document.source)), " : ""
      let rows = (candidates.filter { !$0.isName } + candidates.filter(\.isName)).prefix(rowLimit).map {
        WorklistRow(
          source: $0.form, isName: $0.isName,
          seen: "seen \($0.count) times", place: ", first in \(article)sentence \($0.firstSentence + 1)",
          variants: $0.variants)
      }
      if let update {
        Console.report(document.warnings)
        ProcessExit.keep(document)
        Terms.tell(try Terms.update(update, with: rows, glossaryOf: stage), path: update, command: "terms")
      } else {
        try options.finish(document, writing: WorklistRow.header + rows.map(\.line).joined())
      }
      Terms.tellCut(shown: rows.count, of: candidates.count)
      return
    }
    try listCorpus(try articles.several(command: "terms", nothing: merge ? "add up" : "read"))
  }

  /// Refuses to write the rows to `path` (given with `option`) when it is a glossary `stage`
  /// reads: a worklist added to `glossary:` and filled in would be replaced by the next one,
  /// and the targets written in it lost.
  static func refuseOverwritingGlossary(_ path: String?, of stage: TranslateTermsStage, option: String) throws
  {
    if let path, let file = glossary(at: path, of: stage) {
      let counts = option.hasSuffix("counts")
      throw PipelineError([
        Diagnostic(
          .error, "\(option) would write over '\(path)', a glossary this pipeline reads",
          at: file.location ?? SourceLocation(file: file.path),
          notes: counts
            ? ["save the counts to a file of their own ('week.counts'): this one's targets would be lost"]
            : [
              "write the new rows to another file and keep this one: its filled-in targets would be lost",
              "or merge them into it: \(option == "--terms" ? "--update-terms" : "--update") '\(path)'",
            ])
      ])
    }
  }

  /// Saves the counts of `corpus` to `path`, replacing the file only once it is whole.
  static func save(_ corpus: CorpusTerms, to path: String) throws {
    var sink = try OutputSink(path: path)
    var finished = false
    defer { if !finished { sink.discard() } }
    var failure: (any Error)?
    _ = TermCounts(corpus).write { bytes in
      do {
        try sink.write(bytes)
        return true
      } catch {
        failure = error
        return false
      }
    }
    if let failure { throw failure }
    try sink.finish()
    finished = true
  }

  /// Adds the term counts saved in the file at `path` (`-` for standard input) to `corpus`.
  ///
  /// A file whose articles were all counted already, under the same names, is added all the
  /// same, with a warning: the same part given twice (`monday.counts` and a copy of it) counts
  /// its terms twice. (Articles named by their line on standard input, `line 12`, are not
  /// compared: every part has a line 12.) `seen` holds the names of the articles added so far.
  static func add(
    countsAt path: String, listed: SourceLocation? = nil, to corpus: inout CorpusTerms,
    seen: inout Set<String>
  ) throws {
    let data: Data?
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      data = exists && !isDirectory.boolValue ? FileManager.default.contents(atPath: path) : nil
      if data == nil {
        throw InputError(
          "cannot read '\(path)': "
            + (!exists
              ? "no such file"
              : isDirectory.boolValue ? "it is a directory" : String(cString: strerror(errno))),
          at: listed ?? SourceLocation(file: path),
          notes: ["give the files 'precis batch --terms-counts' or 'precis terms --counts' saved"])
      }
    }
    let counts = try TermCounts(decoding: [UInt8](data ?? Data()), path: path)
    let names = counts.articleNames.filter { !$0.hasPrefix("line ") }
    if let first = names.first, names.allSatisfy(seen.contains) {
      Console.report([
        Diagnostic(
          .warning,
          "the \(names.count) article\(names.count == 1 ? " it counts was" : "s it counts were") counted already, "
            + "under the same names ('\(first)' first): their terms are counted twice",
          at: listed ?? SourceLocation(file: path),
          notes: ["give each part's counts once"])
      ])
    }
    seen.formUnion(names)
    try corpus.add(counts, from: path)
  }

  /// The glossary file `stage` reads at `path`, under whatever path or link, if it reads one.
  static func glossary(at path: String, of stage: TranslateTermsStage) -> SourceFile? {
    guard path != "-", let written = FilePath.identity(path) else { return nil }
    // (The same device and inode: the same file.)
    return stage.glossaryFiles.first { file in
      FilePath.identity(file.path).map { $0.prefix(2) == written.prefix(2) } ?? false
    }
  }

  /// Merges `rows` into the worklist at `path` (`WorklistUpdate`) and writes it back, replacing
  /// the file only once it is whole. With a note when `stage` does not read the worklist as a
  /// glossary: its targets are then not rendered, and the terms it has filled in come back.
  static func update(_ path: String, with rows: [WorklistRow], glossaryOf stage: TranslateTermsStage?) throws
    -> WorklistUpdate
  {
    // (The sink first: it tells a folder that is missing, or a directory given as the file.)
    var sink = try OutputSink(path: path)
    var finished = false
    defer { if !finished { sink.discard() } }
    let merged = try WorklistUpdate(updating: try worklist(at: path), path: path, with: rows)
    try sink.write(merged.text)
    try sink.finish()
    finished = true
    if merged.previous > 0, let stage, glossary(at: path, of: stage) == nil {
      Console.report([
        Diagnostic(
          .note,
          "'\(path)' is no glossary of this pipeline: the terms it has filled in are counted again "
            + "(their rows stay as they are), and its targets are not rendered",
          at: SourceLocation(file: path),
          notes: ["add it to the translate-terms stage's 'glossary:' in the pipeline file"])
      ])
    }
    return merged
  }

  /// The worklist at `path`, or `nil` when there is none yet.
  static func worklist(at path: String) throws -> [UInt8]? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
    guard !isDirectory.boolValue, let contents = FileManager.default.contents(atPath: path) else {
      throw InputError(
        "cannot read '\(path)': "
          + (isDirectory.boolValue ? "it is a directory" : String(cString: strerror(errno))),
        at: SourceLocation(file: path),
        notes: ["name the worklist file to update, or write the rows to a new file"])
    }
    return [UInt8](contents)
  }

  /// Checks, before a long run, that the worklist at `path` can be updated: that it can be
  /// read and written, is UTF-8, and names the columns a worklist has.
  static func checkUpdate(_ path: String) throws {
    try OutputSink(path: path).discard()
    _ = try WorklistUpdate(updating: try worklist(at: path), path: path, with: [])
  }

  /// What an update did, for the closing line on standard error.
  static func summary(of merged: WorklistUpdate, path: String) -> String {
    "\(path) updated: \(merged.added) row\(merged.added == 1 ? "" : "s") added, "
      + "\(merged.refreshed) note\(merged.refreshed == 1 ? "" : "s") of rows to do brought up to date "
      + "(it had \(merged.previous) row\(merged.previous == 1 ? "" : "s"))"
  }

  /// Tells on standard error what an update did.
  static func tell(_ merged: WorklistUpdate, path: String, command: String) {
    Console.error("precis \(command): " + summary(of: merged, path: path))
  }

  /// Tells on standard error that `--limit` left out terms, when it did: the rows are the
  /// first `shown` of `total`.
  static func tellCut(shown: Int, of total: Int) {
    guard shown < total else { return }
    Console.error("precis terms: the first \(shown) of \(total) terms (--limit N lists more)")
  }

  /// The terms of several articles, counted together (`CorpusTerms`): each article is read and
  /// counted on a worker, and added in order, so the rows are the same for any `--jobs`.
  private func listCorpus(_ articles: SeveralArticles) throws {
    // The stage's own search for each article's candidates is not needed: the corpus counts.
    let noCandidates = OptionOverride(
      stageType: "translate-terms", option: "candidates", value: "false", origin: "terms")
    let pipeline = try options.loadPipeline(overrides: [noCandidates], through: .terms)
    let stage = try TranslateTermsStage.last(in: pipeline)
    if let update {
      try Terms.checkUpdate(update)
    } else {
      try Terms.refuseOverwritingGlossary(options.output, of: stage, option: "--output")
    }
    if let counts {
      try Terms.refuseOverwritingGlossary(counts, of: stage, option: "--counts")
      try OutputSink(path: counts).discard()
    }
    var corpus = stage.corpus(minimumArticles: minArticles, keepingFirstExamples: counts != nil)
    var failed = 0
    if merge {
      var seen: Set<String> = []
      for (path, listed) in articles.articles {
        try Terms.add(countsAt: path, listed: listed, to: &corpus, seen: &seen)
      }
    } else {
      failed = try articles.run(workers: self.articles.workers) { document in
        try pipeline.run(&document)
        return stage.corpusArticle(of: document)
      } deliver: { source, article in
        corpus.add(article, source: source)
      }
    }
    if let counts { try Terms.save(corpus, to: counts) }
    let candidates = corpus.candidates()
    if let update {
      let rows = Terms.ordered(candidates).prefix(rowLimit).map { Terms.row($0) }
      Terms.tell(try Terms.update(update, with: rows, glossaryOf: stage), path: update, command: "terms")
    } else {
      var sink = try OutputSink(path: options.output)
      try Terms.write(candidates, limit: rowLimit, to: &sink)
      try sink.finish()
    }
    Terms.tellCut(shown: min(rowLimit, candidates.count), of: candidates.count)
    try articles.finish(failed: failed, what: "the list holds the terms of the others")
  }

  /// Writes the rows of the terms of several articles (`CorpusTerms.candidates()`) to `sink`:
  /// names after the other terms, at most `limit`, under the header, a chunk at a time (with
  /// their examples, the rows of a corpus run to megabytes).
  static func write(_ candidates: [CorpusTermCandidate], limit: Int = .max, to sink: inout OutputSink) throws
  {
    var output = WorklistRow.header
    for candidate in ordered(candidates).prefix(limit) {
      if output.utf8.count >= 1 << 16 {
        try sink.write(output)
        output = ""
      }
      output += row(candidate).line
    }
    try sink.write(output)
  }

  /// The terms of several articles in the order of the rows: names after the other terms.
  static func ordered(_ candidates: [CorpusTermCandidate]) -> [CorpusTermCandidate] {
    candidates.filter { !$0.isName } + candidates.filter(\.isName)
  }

  /// The row of a term of several articles: its note says how often, in how many articles and
  /// where first it was seen, and shows it in a later article.
  static func row(_ candidate: CorpusTermCandidate) -> WorklistRow {
    let place = inNote
    return WorklistRow(
      source: candidate.form, isName: candidate.isName,
      seen: "seen \(candidate.count) times in \(candidate.articles) articles",
      place: ", first in \(place(candidate.firstSource)), sentence \(candidate.firstSentence + 1)"
        + (candidate.example.map { "; in \(place($0.source)), sentence \($0.sentence + 1): \($0.text)" } ?? ""),
      variants: candidate.variants)
  }

  /// A path as the note of a row shows it: on one line, with no tab to start a new column.
  static func inNote(_ path: String) -> String {
    String(path.map { $0 == "\t" || $0.isNewline ? " " : $0 })
  }
}
