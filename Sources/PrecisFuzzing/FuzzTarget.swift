import Foundation
import PrecisCore
import PrecisGlossary
import PrecisSegmentation
import PrecisStages
import PrecisSummarization

/// The code the fuzzers drive (`scripts/fuzz TARGET SECONDS`), kept in the package so that the
/// tests replay every input a fuzzer once crashed on. Each target takes arbitrary bytes: a thrown
/// error is a correct answer; a trap, a hang or a sanitizer report is a finding.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// The pipeline-file loader on the bytes as YAML (relative lexicon paths resolve against the
  /// small tree in `Fuzz/tree`, so valid pipelines build their stages quickly).
  case pipelineFile = "pipeline-file"
  /// The TSV glossary reader.
  case glossaryTSV = "glossary-tsv"
  /// The CSV glossary reader, with the default column names.
  case glossaryCSV = "glossary-csv"
  /// The TBX glossary reader.
  case glossaryTBX = "glossary-tbx"
  /// The whole default pipeline on the bytes as an article; the first byte picks the output
  /// format (text, Markdown, HTML or the document's JSON), another scorer, or `--language auto`.
  case pipeline
  /// One line of a batch corpus (the bytes after the first, up to a line feed, as the batch's
  /// reader hands a line over; the first byte's low bit asks for `--lossy`, the next for
  /// `--title`): the line's two
  /// readers must agree (`Batch.readersDisagree(on:)`), and its result must be one line of JSON,
  /// an object with the result's fields or an error at the line (and, for a line that is not
  /// JSON, at its column).
  case batchRecord = "batch-record"
  /// A whole corpus (the bytes after the first, whose low bits pick 1 to 4 workers and a
  /// window of 2 to 16 records, bit 5 a window of 16 bytes, bit 7 a record limit of 64 bytes)
  /// through `Batch.run`, with a pipeline of `normalize` alone: each
  /// line but a blank one gives exactly one result, in input order (a failed one names its
  /// line), the counts agree, and the output is byte for byte that of one worker and the
  /// smallest window.
  case batchCorpus = "batch-corpus"
  /// An HTML page (`<!DOCTYPE html>` and the bytes): the text `HTMLPage` takes from it must be
  /// UTF-8 with no space or line break at its ends or a line's end, and paragraphs apart by one
  /// blank line; then the whole default pipeline runs on the page.
  case htmlPage = "html-page"
  /// Several articles (the bytes after the first, apart at each form feed; at most 16) through
  /// the default pipeline up to translate-terms, counted together as `precis terms` counts
  /// them, with 1 to 4 articles asked of a term (the first byte's low bits): each term must
  /// reach the counts asked, be seen in no more articles than it has occurrences or than
  /// there are articles, be written on one line with no tab (its example too, which must be in
  /// an article after its first), and come out the same when the articles are counted in the
  /// other order (as workers may) and added in order.
  case corpusTerms = "corpus-terms"
  /// A worklist (the bytes up to the first form feed) updated with rows (after it, one a line:
  /// source, note and the other forms apart at tabs; a name when the source is capitalized):
  /// every line of the file must stay as it was but for the notes `refreshed` counts, the rows
  /// added come after them with the header's columns, and updating the result with the same
  /// rows must change nothing.
  case worklistUpdate = "worklist-update"
  /// A file of term counts (`TermCounts`), read and added to the counts of an article: refused
  /// with an error, or read into counts that add up (and, saved again, give the same bytes).
  case termCounts = "term-counts"

  /// Runs the target once on `bytes`. Errors are swallowed: they are the expected answer to bad
  /// input.
  public func run(_ bytes: [UInt8]) {
    switch self {
    case .pipelineFile:
      guard let yaml = String(validating: bytes, as: UTF8.self) else { return }
      _ = try? PrecisStages.loader.load(
        yaml: yaml, file: "fuzz.yaml", baseDirectory: FuzzTarget.sourceTree + "/Fuzz/tree")
    case .glossaryTSV: FuzzTarget.readGlossary(bytes, named: "fuzz.tsv")
    case .glossaryCSV: FuzzTarget.readGlossary(bytes, named: "fuzz.csv")
    case .glossaryTBX: FuzzTarget.readGlossary(bytes, named: "fuzz.tbx")
    case .pipeline:
      guard let first = bytes.first, let pipelines = try? FuzzTarget.resources.get().pipelines else { return }
      var document = Document(source: "fuzz", input: Array(bytes.dropFirst()))
      let format = Int(first) % (pipelines.count + 1)
      guard (try? (format < pipelines.count ? pipelines[format] : pipelines[0]).run(&document)) != nil
      else { return }
      if format == pipelines.count { _ = try? DocumentJSON.encode(document) }
    case .batchRecord:
      guard let first = bytes.first, let pipeline = try? FuzzTarget.resources.get().pipelines[0] else {
        return
      }
      let line = Data(bytes.dropFirst().prefix { $0 != 0x0A })
      let lossy = first & 1 == 1
      // (With --lossy the readers read the line with U+FFFD for what is not UTF-8.)
      let read = lossy ? Data(String(decoding: line, as: UTF8.self).utf8) : line
      if let disagreement = Batch.readersDisagree(on: read) {
        fatalError("the batch's readers disagree on \(Array(read)): \(disagreement)")
      }
      let result = Batch.process(
        line, number: 3, pipeline: pipeline, replacingInvalidUTF8: lossy, titles: first & 2 == 2)
      if let problem = FuzzTarget.problem(with: result, line: 3, input: read, lossy: lossy) {
        fatalError("the result of \(Array(line)) (lossy: \(lossy)) \(problem): \(result.line)")
      }
    case .batchCorpus:
      guard let pipeline = try? FuzzTarget.resources.get().normalizeOnly else { return }
      if let problem = FuzzTarget.corpusProblem(bytes, pipeline: pipeline) {
        fatalError("the batch of \(bytes) \(problem)")
      }
    case .htmlPage:
      let page = Array("<!DOCTYPE html>".utf8) + bytes
      if let problem = FuzzTarget.pageProblem(page) { fatalError("the text of the page \(page) \(problem)") }
      guard let pipeline = try? FuzzTarget.resources.get().pipelines[0] else { return }
      var document = Document(source: "fuzz.html", input: page)
      _ = try? pipeline.run(&document)
    case .corpusTerms:
      if let problem = FuzzTarget.corpusTermsProblem(bytes) { fatalError("the terms of \(bytes) \(problem)") }
    case .worklistUpdate:
      if let problem = FuzzTarget.worklistProblem(bytes) { fatalError("the update of \(bytes) \(problem)") }
    case .termCounts:
      if let problem = FuzzTarget.termCountsProblem(bytes) { fatalError("the counts \(bytes) \(problem)") }
    }
  }

  /// What is wrong with the file of term counts `bytes`, or `nil` (see `termCounts`).
  public static func termCountsProblem(_ bytes: [UInt8]) -> String? {
    guard let (pipeline, stage) = try? resources.get().terms,
      let counts = try? TermCounts(decoding: bytes, path: "fuzz.counts")
    else { return nil }
    guard counts.encoded() == bytes else { return "are saved again otherwise" }
    var document = Document(
      source: "a", input: Array("Le bouclier tarifaire coûte. Le bouclier tarifaire dure.".utf8))
    guard (try? pipeline.run(&document)) != nil else { return "stop the pipeline" }
    var corpus = stage.corpus(minimumArticles: 1, keepingFirstExamples: true)
    corpus.add(stage.corpusArticle(of: document), source: "a")
    guard (try? corpus.add(counts, from: "fuzz.counts")) != nil else { return nil }
    guard corpus.articleCount == 1 + counts.articleCount else {
      return "add \(corpus.articleCount - 1) articles"
    }
    for term in corpus.candidates() where term.count < 1 || term.articles < 1 || term.form.isEmpty {
      return "give the row \(term)"
    }
    // Added up and saved, then read back: the same rows.
    guard let again = try? TermCounts(decoding: TermCounts(corpus).encoded(), path: "again.counts") else {
      return "added up, cannot be read back"
    }
    var reread = stage.corpus(minimumArticles: 1)
    guard (try? reread.add(again, from: "again.counts")) != nil, reread.candidates() == corpus.candidates()
    else {
      return "added up, saved and read back, give other rows"
    }
    return nil
  }

  /// What is wrong with the update of the worklist in `bytes`, or `nil` (see `worklistUpdate`).
  public static func worklistProblem(_ bytes: [UInt8]) -> String? {
    let file = Array(bytes.prefix { $0 != 0x0C })
    // Rows as the commands make them: one line each, no space at a field's ends, each source
    // once.
    var sources: Set<String> = []
    let rows = bytes.dropFirst(file.count + 1).split(separator: 0x0A).compactMap { line -> WorklistRow? in
      let fields = String(decoding: line, as: UTF8.self).split(separator: "\t").map {
        String($0).trimmingSpaces()
      }
      guard let source = fields.first, !source.isEmpty,
        // (A word never opens with `#`, which opens a comment.)
        source.utf8.first != UInt8(ascii: "#"), !source.contains(where: { $0.isNewline || $0 == "\u{FEFF}" }),
        sources.insert(source).inserted
      else { return nil }
      return WorklistRow(
        source: source, isName: source.first?.isUppercase == true,
        seen: fields.dropFirst().first?.filter { !$0.isNewline }.trimmingSpaces() ?? "",
        variants: fields.dropFirst(2).filter { !$0.contains(where: \.isNewline) })
    }
    guard let merged = try? WorklistUpdate(updating: file, path: "fuzz.tsv", with: rows) else { return nil }
    // The file's lines, and the result's (without their carriage returns: a last line that had
    // no end gets the file's).
    func lines(_ bytes: [UInt8]) -> [String] {
      var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      if lines.last?.isEmpty == true { lines.removeLast() }
      return lines.map { String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self) }
    }
    let before = lines(file)
    let after = lines(Array(merged.text.utf8))
    guard after.count >= before.count else { return "loses lines: \(merged.text)" }
    let changed = zip(before, after).filter { $0 != $1 }.count
    guard changed == merged.refreshed else {
      return "changes \(changed) lines, not the \(merged.refreshed) refreshed: \(merged.text)"
    }
    let hadHeader = after.count - before.count == merged.added
    guard hadHeader || after.count - before.count == merged.added + 1 else {
      return "adds \(after.count - before.count) lines for \(merged.added) rows: \(merged.text)"
    }
    guard let again = try? WorklistUpdate(updating: Array(merged.text.utf8), path: "fuzz.tsv", with: rows),
      again.text == merged.text, again.added == 0, again.refreshed == 0
    else { return "changes when updated again with the same rows: \(merged.text)" }
    return nil
  }

  /// What is wrong with the terms of the articles in `bytes`, or `nil` (see `corpusTerms`).
  public static func corpusTermsProblem(_ bytes: [UInt8]) -> String? {
    guard let first = bytes.first, let (pipeline, stage) = try? resources.get().terms else { return nil }
    let minimumArticles = Int(first & 3) + 1
    let texts = bytes.dropFirst().split(separator: 0x0C, omittingEmptySubsequences: false).prefix(16)
    // Each article counted alone (in reverse, as a worker may finish them); those that fail
    // are passed over, as the command reports and passes them over.
    let counted = texts.indices.reversed().compactMap { index -> (String, CorpusTerms.Article)? in
      var document = Document(source: "a\(index)", input: Array(texts[index]))
      guard (try? pipeline.run(&document)) != nil else { return nil }
      return (document.source, stage.corpusArticle(of: document))
    }
    .reversed()
    var corpus = stage.corpus(minimumArticles: minimumArticles)
    for (source, article) in counted { corpus.add(article, source: source) }
    let terms = corpus.candidates()
    for term in terms {
      if term.articles < minimumArticles || term.articles > counted.count || term.articles > term.count {
        return "counts \(term.form) in \(term.articles) of \(counted.count) articles, \(term.count) times"
      }
      if term.count < 2 { return "lists \(term.form), seen \(term.count) times" }
      if term.form.isEmpty || term.form.contains(where: { $0 == "\t" || $0.isNewline }) {
        return "lists a form that breaks a row: \(Array(term.form.utf8))"
      }
      if !counted.contains(where: { $0.0 == term.firstSource }) {
        return "says \(term.form) is first in \(term.firstSource), which was not counted"
      }
      // An example is on one line, in an article counted after the first.
      if let example = term.example {
        if example.text.isEmpty || example.text.contains(where: { $0 == "\t" || $0.isNewline }) {
          return "gives \(term.form) an example that breaks a row: \(Array(example.text.utf8))"
        }
        guard let at = counted.firstIndex(where: { $0.0 == example.source }),
          let first = counted.firstIndex(where: { $0.0 == term.firstSource }), at > first
        else { return "gives \(term.form) an example in \(example.source), not after \(term.firstSource)" }
      }
    }
    // Ranked by count, the same rows in another order.
    let byCount = corpus.candidates(ranking: .count)
    if byCount.count != terms.count || Set(byCount.map(\.form)) != Set(terms.map(\.form)) {
      return "lists other rows ranked by count"
    }
    // Counted in order this time: the same terms.
    var again = stage.corpus(minimumArticles: minimumArticles)
    for index in texts.indices {
      var document = Document(source: "a\(index)", input: Array(texts[index]))
      guard (try? pipeline.run(&document)) != nil else { continue }
      again.add(stage.corpusArticle(of: document), source: document.source)
    }
    guard again.candidates() == terms else { return "change with the order the articles were counted in" }
    // Counted in two parts (cut where the first byte says), saved, read back and added up: the
    // same terms, examples and places included.
    let cut = Int(first >> 2) % (counted.count + 1)
    var added = stage.corpus(minimumArticles: minimumArticles)
    for part in [counted.prefix(cut), counted.dropFirst(cut)] {
      var counts = stage.corpus(minimumArticles: 1, keepingFirstExamples: true)
      for (source, article) in part { counts.add(article, source: source) }
      guard let saved = try? TermCounts(decoding: TermCounts(counts).encoded(), path: "part.counts"),
        (try? added.add(saved, from: "part.counts")) != nil
      else { return "counted in a part, cannot be saved and read back" }
    }
    return added.candidates() == terms ? nil : "change when counted in two parts cut at \(cut) and added up"
  }

  /// What is wrong with the text `HTMLPage` takes from `page`, or `nil` (see `htmlPage`).
  public static func pageProblem(_ page: [UInt8]) -> String? {
    guard let extracted = page.withUnsafeBufferPointer(HTMLPage.extract) else { return "is missing" }
    let text = extracted.text
    guard String(validating: text, as: UTF8.self) != nil else { return "is not UTF-8: \(text)" }
    let blank: Set<UInt8> = [0x20, 0x0A]
    if let first = text.first, blank.contains(first) { return "starts with a space or line break: \(text)" }
    if let last = text.last, blank.contains(last) { return "ends with a space or line break: \(text)" }
    for index in text.indices.dropFirst() where text[index] == 0x0A {
      if text[index - 1] == 0x20 { return "has a space at the end of a line: \(text)" }
      if index >= 2, text[index - 1] == 0x0A, text[index - 2] == 0x0A {
        return "has two blank lines: \(text)"
      }
    }
    return nil
  }

  /// What a corpus gave through `Batch.run`: the results in order and the closing counts, or
  /// `nil` when it was refused as a whole (compressed or UTF-16).
  public static func runBatch(
    _ corpus: [UInt8], pipeline: Pipeline, jobs: Int, chunk: Int, windowBytes: Int = Batch.windowBytes,
    recordLimit: Int = DescriptorReader.articleLimit
  ) -> (results: [Batch.Result], records: Int, failed: Int, blank: Int)? {
    // A file of its own for every call: tests run in parallel in one process, and a name made
    // from the process id alone had two runs read (and remove) each other's corpus.
    var template = Array((NSTemporaryDirectory() + "/precis-fuzz-corpus-XXXXXX").utf8CString)
    let descriptor = mkstemp(&template)
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard descriptor >= 0 else { fatalError("cannot make a file for the corpus at \(path)") }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    defer {
      try? handle.close()
      unlink(path)
    }
    let written = corpus.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == corpus.count, lseek(descriptor, 0, SEEK_SET) == 0 else {
      fatalError("cannot write the corpus to \(path)")
    }
    var results: [Batch.Result] = []
    let totals = try? Batch.run(
      input: handle, pipeline: pipeline, jobs: jobs, chunk: chunk, windowBytes: windowBytes,
      recordLimit: recordLimit, write: { results.append($0) })
    guard let totals else { return nil }
    return (results, totals.records, totals.failed, totals.blank)
  }

  /// What is wrong with a corpus's run, or `nil` (see `batchCorpus`).
  public static func corpusProblem(_ bytes: [UInt8], pipeline: Pipeline) -> String? {
    guard let first = bytes.first else { return nil }
    let corpus = Array(bytes.dropFirst())
    // (With the first byte's high bit, lines past 64 bytes are too long: `--max-record-bytes`.)
    let limit = first & 0x80 != 0 ? 64 : DescriptorReader.articleLimit
    // (With bit 5, the window holds 16 bytes of lines: one line at a time, or a few short ones.)
    let run = runBatch(
      corpus, pipeline: pipeline, jobs: Int(first & 3) + 1, chunk: Int(first >> 2 & 7) + 1,
      windowBytes: first & 0x20 != 0 ? 16 : Batch.windowBytes, recordLimit: limit)
    let alone = runBatch(corpus, pipeline: pipeline, jobs: 1, chunk: 1, recordLimit: limit)
    guard let run, let alone else { return run == nil && alone == nil ? nil : "is refused by one run only" }
    if run.results.map(\.bytes) != alone.results.map(\.bytes) { return "differs with one worker" }
    // The lines as the reader gives them: after a UTF-8 byte order mark, cut at line feeds, a
    // last line feed ending the last line.
    var body = corpus[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    var lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    let numbers = lines.indices.filter { !lines[$0].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
    guard run.results.count == numbers.count, run.records == numbers.count,
      run.blank == lines.count - numbers.count, run.failed == run.results.filter(\.failed).count
    else {
      return
        "gives \(run.results.count) results (\(run.records) records, \(run.blank) blank, \(run.failed) failed) "
        + "for \(numbers.count) records among \(lines.count) lines"
    }
    for (result, index) in zip(run.results, numbers) {
      if let problem = problem(with: result, line: index + 1) {
        return "line \(index + 1): result \(problem)"
      }
    }
    return nil
  }

  /// What is wrong with a batch result for line `line`, or `nil`: it must be one line of JSON
  /// ending with a line feed, an object that holds an error at that line when the record failed
  /// (and then no brief), and the brief, key terms and summary otherwise. Given the line's
  /// `input` (as read: with U+FFFD for what is not UTF-8 when `lossy`), an error's column must
  /// fall on it, and with `lossy` no record fails for not being UTF-8.
  public static func problem(
    with result: Batch.Result, line: Int, input: Data? = nil, lossy: Bool = false
  ) -> String? {
    guard result.bytes.last == 0x0A, result.bytes.dropLast().allSatisfy({ $0 != 0x0A }) else {
      return "is not one line ending with a line feed"
    }
    guard
      let object = (try? JSONSerialization.jsonObject(with: Data(result.bytes.dropLast()))) as? [String: Any]
    else { return "is not a JSON object" }
    if result.failed {
      guard let error = object["error"] as? [String: Any], (error["line"] as? Int) == line,
        let message = error["message"] as? String, object["brief"] == nil
      else { return "failed without an error at its line" }
      // (Outside what the message quotes of the line: a key of the input may say UTF-8 itself,
      // `expected ':' after the key "sourcUTF-8…"`.)
      let own = message.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
        .filter { $0.offset % 2 == 0 }.map(\.element).joined()
      if lossy, own.contains("UTF-8") { return "failed for UTF-8 with --lossy" }
      // (Every line JSONSerialization refuses breaks JSON's grammar somewhere `JSONSyntax` finds.)
      if message.hasPrefix("invalid JSON"), error["column"] == nil {
        return "says its JSON is invalid, not where"
      }
      if let column = error["column"] {
        // Columns count Unicode scalars from 1; one past the last is the end of the line.
        let scalars = input.map { String(decoding: $0, as: UTF8.self).unicodeScalars.count }
        guard let column = column as? Int, column >= 1, column <= (scalars ?? Int.max - 1) + 1 else {
          return "gives a column off its line"
        }
      }
      return nil
    }
    guard object["error"] == nil, object["brief"] is String, object["keyTerms"] is [Any],
      object["summary"] is [Any]
    else { return "lacks the brief, key terms or summary" }
    return (object["warnings"] != nil) == result.warned
      ? nil : "says it warned and does not, or the other way"
  }

  /// The folder that holds `pipeline.yaml` and `lexicons/`.
  public static let sourceTree = FilePath.normalize(FilePath.directory(of: #filePath) + "/../..")

  /// Loads what the targets share (the tokenizer, the default pipelines); the driver calls it
  /// once, so that a broken setup stops the run instead of making every input look fine.
  public static func prepare() throws { _ = try resources.get() }

  /// What the targets share, built once.
  private struct Resources {
    let tokenizer: WordTokenizer.Worker
    /// The default pipeline rendering text, Markdown and HTML, then with each other scorer,
    /// `mmr-lambda: 0.7` and segment's `headline-first`, then with `--language auto`.
    let pipelines: [Pipeline]
    /// A pipeline of `normalize` alone (quick: a corpus has many records).
    let normalizeOnly: Pipeline
    /// The default pipeline up to translate-terms, its own search for candidates off, and that
    /// stage (as `precis terms` runs over several articles).
    let terms: (pipeline: Pipeline, stage: TranslateTermsStage)

    init() throws {
      tokenizer = try WordTokenizer(language: "fr").makeWorker()
      func pipeline(
        _ overrides: [(type: String, option: String, value: String)], language: String? = nil
      ) throws -> Pipeline {
        try PrecisStages.loader.load(
          file: FuzzTarget.sourceTree + "/pipeline.yaml",
          overrides: overrides.map {
            OptionOverride(stageType: $0.type, option: $0.option, value: $0.value, origin: "fuzz")
          }, sourceLanguage: language)
      }
      // Then every other scorer, with maximal marginal relevance, each text's first paragraph
      // its headline.
      pipelines =
        try ["text", "markdown", "html"].map { try pipeline([("render", "format", $0)]) }
        + SentenceScorers.names.dropFirst().map { scorer in
          try pipeline([
            ("summarize", "scorer", scorer), ("summarize", "mmr-lambda", "0.7"),
            ("segment", "headline-first", "true"),
          ])
        } + [try pipeline([], language: PipelineLoader.autoLanguage)]
      let termsPipeline = try PrecisStages.loader.load(
        file: FuzzTarget.sourceTree + "/pipeline.yaml",
        overrides: [
          OptionOverride(stageType: "translate-terms", option: "candidates", value: "false", origin: "fuzz")
        ], through: .terms)
      guard let stage = termsPipeline.entries.lazy.compactMap({ $0.stage as? TranslateTermsStage }).last
      else {
        throw PipelineError([Diagnostic(.error, "the default pipeline has no translate-terms stage")])
      }
      terms = (termsPipeline, stage)
      normalizeOnly = try PrecisStages.loader.load(
        yaml: "version: 1\nstages:\n  - type: normalize\n", file: "normalize.yaml",
        baseDirectory: FuzzTarget.sourceTree)
    }
  }

  nonisolated(unsafe) private static let resources = Result { try Resources() }

  private static func readGlossary(_ bytes: [UInt8], named name: String) {
    guard let tokenizer = try? resources.get().tokenizer else { return }
    _ = try? Glossary(
      file: SourceFile(path: name), contents: bytes, sourceLanguage: "fr", targetLanguage: "en",
      tokenizer: tokenizer)
  }
}
