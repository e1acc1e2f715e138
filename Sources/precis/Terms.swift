import ArgumentParser
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
      """)

  @OptionGroup var options: PipelineOptions

  @OptionGroup var articles: ArticleList

  @Option(parsing: .unconditional, help: "Print at most this many rows.")
  var limit: Int = 50

  @Option(
    name: .customLong("min-articles"), parsing: .unconditional,
    help: "Over several articles, list only terms seen in at least this many of them.")
  var minArticles: Int = 2

  func validate() throws {
    guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    guard minArticles >= 1 else { throw ValidationError("--min-articles must be at least 1") }
  }

  /// The header of the rows.
  static let header = "source\ttarget\tpos\tflags\tnote\n"

  func run() throws {
    guard articles.areSeveral else {
      // (The article first: a wrong path is told before a large glossary is built.)
      var document = try ArticleInput.readDocument(
        articles.inputs.first, command: "terms", takesSeveral: true)
      let pipeline = try options.loadPipeline(through: .terms)
      if let stage = try? TranslateTermsStage.last(in: pipeline) {
        try Terms.refuseOverwritingGlossary(options.output, of: stage, option: "--output")
      }
      try pipeline.run(&document)
      var output = Terms.header
      // Names after the other terms, each group in its order.
      let candidates = document.terms?.candidates ?? []
      for candidate in (candidates.filter { !$0.isName } + candidates.filter(\.isName)).prefix(limit) {
        output += Terms.row(
          candidate.form, isName: candidate.isName,
          note: "seen \(candidate.count) times\(Terms.also(candidate.variants)), "
            + "first in sentence \(candidate.firstSentence + 1)")
      }
      try options.finish(document, writing: output)
      Terms.tellCut(shown: min(limit, candidates.count), of: candidates.count)
      return
    }
    try listCorpus(try articles.several(command: "terms", nothing: "read"))
  }

  /// Refuses to write the rows to `path` (given with `option`) when it is a glossary `stage`
  /// reads: a worklist added to `glossary:` and filled in would be replaced by the next one,
  /// and the targets written in it lost.
  static func refuseOverwritingGlossary(_ path: String?, of stage: TranslateTermsStage, option: String) throws
  {
    guard let path, path != "-", let written = FilePath.identity(path) else { return }
    for file in stage.glossaryFiles {
      // (The same device and inode: the same file, under whatever path or link.)
      guard let read = FilePath.identity(file.path), read.prefix(2) == written.prefix(2) else { continue }
      throw PipelineError([
        Diagnostic(
          .error, "\(option) would write over '\(path)', a glossary this pipeline reads",
          at: file.location ?? SourceLocation(file: file.path),
          notes: [
            "write the new rows to another file and keep this one: its filled-in targets would be lost"
          ])
      ])
    }
  }

  /// Tells on standard error that `--limit` left out terms, when it did: the rows are the
  /// first `shown` of `total`.
  static func tellCut(shown: Int, of total: Int) {
    guard shown < total else { return }
    Console.error("precis terms: the first \(shown) of \(total) terms (--limit N lists more)")
  }

  /// A row to fill in: the term, an empty target, `proper noun` and the flag `keep` for a name
  /// (kept as written until a translator gives it an English form), the flag `todo` for the
  /// other terms (left out of a glossary until their target is filled in), and the note.
  static func row(_ form: String, isName: Bool, note: String) -> String {
    "\(form)\t\t\(isName ? "proper noun\tkeep" : "\ttodo")\t\(note)\n"
  }

  /// The other forms counted with a term, for its note.
  static func also(_ variants: [String]) -> String {
    variants.isEmpty ? "" : " (also \(variants.joined(separator: ", ")))"
  }

  /// The terms of several articles, counted together (`CorpusTerms`): each article is read and
  /// counted on a worker, and added in order, so the rows are the same for any `--jobs`.
  private func listCorpus(_ articles: SeveralArticles) throws {
    // The stage's own search for each article's candidates is not needed: the corpus counts.
    let noCandidates = OptionOverride(
      stageType: "translate-terms", option: "candidates", value: "false", origin: "terms")
    let pipeline = try options.loadPipeline(overrides: [noCandidates], through: .terms)
    let stage = try TranslateTermsStage.last(in: pipeline)
    try Terms.refuseOverwritingGlossary(options.output, of: stage, option: "--output")
    var corpus = stage.corpus(minimumArticles: minArticles)
    let failed = try articles.run(workers: self.articles.workers) { document in
      try pipeline.run(&document)
      return stage.corpusArticle(of: document)
    } deliver: { source, article in
      corpus.add(article, source: source)
    }
    let candidates = corpus.candidates()
    var sink = try OutputSink(path: options.output)
    try Terms.write(candidates, limit: limit, to: &sink)
    try sink.finish()
    Terms.tellCut(shown: min(limit, candidates.count), of: candidates.count)
    try articles.finish(failed: failed, what: "the list holds the terms of the others")
  }

  /// Writes the rows of the terms of several articles (`CorpusTerms.candidates()`) to `sink`:
  /// names after the other terms, at most `limit`, under the header, a chunk at a time (with
  /// their examples, the rows of a corpus run to megabytes).
  static func write(_ candidates: [CorpusTermCandidate], limit: Int = .max, to sink: inout OutputSink) throws
  {
    var output = Terms.header
    for candidate in (candidates.filter { !$0.isName } + candidates.filter(\.isName)).prefix(limit) {
      if output.utf8.count >= 1 << 16 {
        try sink.write(output)
        output = ""
      }
      output += Terms.row(
        candidate.form, isName: candidate.isName,
        note:
          "seen \(candidate.count) times in \(candidate.articles) articles\(Terms.also(candidate.variants)), "
          + "first in \(Terms.inNote(candidate.firstSource)), sentence \(candidate.firstSentence + 1)"
          + (candidate.example.map {
            "; in \(Terms.inNote($0.source)), sentence \($0.sentence + 1): \($0.text)"
          } ?? ""))
    }
    try sink.write(output)
  }

  /// A path as the note of a row shows it: on one line, with no tab to start a new column.
  static func inNote(_ path: String) -> String {
    String(path.map { $0 == "\t" || $0.isNewline ? " " : $0 })
  }
}
