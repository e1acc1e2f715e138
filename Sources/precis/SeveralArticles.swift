import ArgumentParser
import PrecisCore

/// The arguments of a command that takes one article or several: paths, a `--files-from` list
/// of more, and the workers that read them.
struct ArticleList: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "The articles to read: text, Markdown or HTML pages ('-' or nothing for standard input).",
      valueName: "file"))
  var inputs: [String] = []

  @Option(
    name: .customLong("files-from"),
    help: ArgumentHelp(
      "Also read the articles listed in FILE, one path per line ('-' for standard input).",
      discussion: "They come after the articles given as arguments.",
      valueName: "file"))
  var filesFrom: String?

  // (No default value, as `batch`'s: the number of cores is read only when several articles
  // are given.)
  @Option(
    parsing: .unconditional,
    help: "Worker threads for several articles (default: the number of cores).")
  var jobs: Int?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    try SeveralArticles.validate(inputs: inputs, filesFrom: filesFrom)
  }

  /// Whether several articles are given (a list counts as several, even of one).
  var areSeveral: Bool { inputs.count > 1 || filesFrom != nil }

  /// The workers to run on.
  var workers: Int { jobs ?? Parallel.cores }

  /// The articles given, for `command`, which warns of an empty list that it has `nothing`
  /// to do.
  func several(command: String, nothing: String) throws -> SeveralArticles {
    try SeveralArticles(inputs: inputs, filesFrom: filesFrom, command: command, nothing: nothing)
  }
}

/// The articles a command takes several of: paths given as arguments, then those of a
/// `--files-from` list, worked on in parallel and handed back in their order.
struct SeveralArticles {
  /// Each path, with the line of the `--files-from` list that gave it.
  var articles: [(name: String, listed: SourceLocation?)]
  /// The command's name, for its messages.
  let command: String

  /// Refuses standard input given twice: as an article (`-`) and as the list, or as two articles.
  static func validate(inputs: [String], filesFrom: String?) throws {
    if inputs.filter({ $0 == "-" }).count + (filesFrom == "-" ? 1 : 0) > 1 {
      throw ValidationError(
        filesFrom == "-"
          ? "standard input holds the list of --files-from: it cannot be an article ('-') too"
          : "standard input ('-') can be given once only")
    }
  }

  /// The articles of `inputs` and of the list `filesFrom`; an empty list is warned of, saying
  /// what the command then has `nothing` to do.
  init(inputs: [String], filesFrom: String?, command: String, nothing: String) throws {
    self.command = command
    articles = inputs.map { ($0, nil) }
    guard let filesFrom else { return }
    let listed = try ArticleInput.paths(listedIn: filesFrom, command: command)
    if listed.isEmpty, inputs.isEmpty {
      Console.report([
        Diagnostic(
          .warning, "the list of articles is empty: there is nothing to \(nothing)",
          at: SourceLocation(file: filesFrom))
      ])
    }
    articles += listed
  }

  /// Reads each article and runs `work` on it on `workers` threads, and hands each result to
  /// `deliver` in the articles' order, with the warnings of its document reported first. An
  /// article that cannot be read is reported (with its line in the list) and passed over; a
  /// failure of the configuration, which every article would meet, is thrown.
  ///
  /// - Returns: How many articles failed.
  func run<T: Sendable>(
    workers: Int, _ work: @escaping @Sendable (inout Document) throws -> T,
    deliver: (String, T) throws -> Void
  ) throws -> Int {
    var failed = 0
    let (articles, command) = (self.articles, self.command)
    // (A worker hands over the result and the warnings, and frees the document itself: freed
    // by the writer, the documents had made it the slowest thread.)
    try Parallel.ordered(articles.count, workers: workers) { index in
      Result { () throws -> (source: String, result: T, warnings: [Diagnostic]) in
        var document = try ArticleInput.readDocument(
          articles[index].name, command: command, takesSeveral: true)
        let result = try work(&document)
        return (document.source, result, document.warnings)
      }
    } deliver: { index, result in
      switch result {
      case .success(let done):
        Console.report(done.warnings)
        try deliver(done.source, done.result)
      case .failure(let error as any PrecisError) where error.kind == .input:
        var diagnostics = error.diagnostics
        if let listed = articles[index].listed, !diagnostics.isEmpty {
          diagnostics[0].notes.append("listed on line \(listed.line ?? 0) of \(listed.file)")
        }
        Console.report(diagnostics)
        failed += 1
      case .failure(let error):
        throw error
      }
    }
    return failed
  }

  /// Ends a run in which `failed` articles failed: with exit status 1 and a line that says what
  /// the output holds (`what`), if any did.
  func finish(failed: Int, what: String) throws {
    guard failed > 0 else { return }
    Console.error("precis \(command): \(failed) of \(articles.count) articles failed; \(what)")
    throw ExitCode(1)
  }
}
