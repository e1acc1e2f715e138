import Foundation
import PrecisTestSupport
import Testing

/// The commands as a user runs them: output, exit codes and messages.
struct CommandTests {
  static let seed = "seeds/000_57ec98a38cfd9253.txt"

  @Test func seedBriefMeetsTheBar() throws {
    let result = try PrecisProcess.run(["translate-and-summarize", CommandTests.seed])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    let summary = lines.filter { $0.hasPrefix("  • ") }
    #expect(summary.count == 3)
    let brief = summary.joined(separator: "\n")
    #expect(!brief.contains("Publié le"))
    #expect(!brief.contains("autosuffisance-en-intelligence"))
    #expect(brief.components(separatedBy: "Pékin multiplie les investissements").count <= 2)
    #expect(result.stdout.contains("intelligence artificielle [artificial intelligence]"))
    #expect(result.stdout.contains("IA [AI]"))
    #expect(result.stdout.contains("chips]"))
    #expect(result.stdout.contains("Key terms"))
  }

  @Test func compiledGlossaryGivesTheSameBrief() throws {
    let folder = try TemporaryFile.folder("cache")
    let command = ["translate-and-summarize", CommandTests.seed]
    let off = try PrecisProcess.run(command, environment: ["PRECIS_CACHE": "off"])
    #expect(off.status == 0, "\(off.stderr)")
    let cold = try PrecisProcess.run(command, environment: ["PRECIS_CACHE_DIR": folder])
    let kept = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }
    #expect(kept.count == 1)
    let warm = try PrecisProcess.run(command, environment: ["PRECIS_CACHE_DIR": folder])
    // A folder that cannot be made (a file is in the way) only means no cache.
    let blocked = folder + "/" + kept[0] + "/sub"
    let unwritable = try PrecisProcess.run(command, environment: ["PRECIS_CACHE_DIR": blocked])
    for result in [cold, warm, unwritable] {
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout == off.stdout)
      #expect(result.stderr == off.stderr)
    }
  }

  /// Copies of one build (the binary each Spark container unpacks) share compiled glossaries:
  /// the key holds the build ID, not the file's inode and times.
  @Test func copiesOfOneBuildShareCompiledGlossaries() throws {
    let folder = try TemporaryFile.folder("cache")
    let original = try #require(PrecisProcess.executable)
    let copy = try TemporaryFile.folder("copy") + "/precis"
    try FileManager.default.copyItem(atPath: original, toPath: copy)
    let command = ["translate-and-summarize", CommandTests.seed]
    let first = try PrecisProcess.run(command, environment: ["PRECIS_CACHE_DIR": folder])
    let kept = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }
    let second = try PrecisProcess.run(command, environment: ["PRECIS_CACHE_DIR": folder], binary: copy)
    let after = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }
    #expect(kept.count == 1)
    #expect(after == kept)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout == first.stdout)
  }

  /// Yams's default encoding reads `YAMS_DEFAULT_ENCODING` and prints to standard output when
  /// it is set; the pipeline file is read as UTF-8, and the brief alone is printed.
  @Test func yamsEnvironmentLeavesTheOutputAlone() throws {
    let command = ["translate-and-summarize", CommandTests.seed]
    let plain = try PrecisProcess.run(command)
    let set = try PrecisProcess.run(command, environment: ["YAMS_DEFAULT_ENCODING": "utf16"])
    #expect(set.status == 0, "\(set.stderr)")
    #expect(set.stdout == plain.stdout)
  }

  @Test func readsStandardInput() throws {
    let text = "Titre de l'article\n\nLa Chine investit dans l'IA. Les puces sont rares."
    let result = try PrecisProcess.run(
      ["translate-and-summarize", "-", "--sentences", "1", "--mode", "replace"], stdin: Data(text.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("Titre de l'article\n"))
    #expect(result.stdout.contains("AI") || result.stdout.contains("chips"))
  }

  @Test func missingInputIsOneLineAndExitOne() throws {
    let result = try PrecisProcess.run(["translate-and-summarize", "no-such-article.txt"])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix("no-such-article.txt: error: cannot read 'no-such-article.txt': no such file"))
    #expect(result.stdout.isEmpty)
  }

  @Test(
    "a wrong input path is told before the pipeline is loaded (a large glossary took seconds to build first)",
    arguments: ["translate-and-summarize", "run", "segment", "terms", "explain", "batch"])
  func missingInputBeforeThePipeline(_ command: String) throws {
    // A pipeline whose glossary cannot be read: loaded first, its error came instead.
    let folder = try TemporaryFile.folder()
    let pipeline = folder + "/pipeline.yaml"
    let lexicons = Golden.packageRoot + "/lexicons/fr"
    try """
    version: 1
    stages:
      - type: normalize
      - type: segment
        abbreviations: \(lexicons)/abbreviations.txt
        function-words: \(lexicons)/function-words.txt
      - type: translate-terms
        glossary: \(folder)/no-such-glossary.tsv
        stopwords: \(lexicons)/stopwords.txt
      - type: summarize
        stopwords: \(lexicons)/stopwords.txt
        debris: \(lexicons)/debris.txt
        back-references: \(lexicons)/back-references.txt
      - type: render
    """.write(toFile: pipeline, atomically: true, encoding: .utf8)
    let result = try PrecisProcess.run([command, "no-such-input.txt", "--pipeline", pipeline])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix("no-such-input.txt: error: cannot read 'no-such-input.txt'"), "\(result.stderr)"
    )
    #expect(!result.stderr.contains("no-such-glossary"))
    // With the input there, the glossary's error is the one told.
    let article = folder + "/article.txt"
    try "Le ministre arrive.\n".write(toFile: article, atomically: true, encoding: .utf8)
    let input = command == "batch" ? folder + "/corpus.jsonl" : article
    if command == "batch" {
      try #"{"id":"a","text":"Le ministre arrive."}"#.write(toFile: input, atomically: true, encoding: .utf8)
    }
    let broken = try PrecisProcess.run([command, input, "--pipeline", pipeline])
    // (`segment` loads the pipeline through its segment stage only: it runs.)
    #expect(broken.status == (command == "segment" ? 0 : 2), "\(broken.stderr)")
    #expect(broken.stderr.contains("no-such-glossary") == (command != "segment"), "\(broken.stderr)")
  }

  @Test func invalidUTF8NamesTheByte() throws {
    let result = try PrecisProcess.run(
      ["translate-and-summarize", "-"], stdin: Data([0x4C, 0x65, 0x0A, 0xE9, 0x74, 0xE9]))
    #expect(result.status == 1)
    #expect(result.stderr.contains("-:2: error: invalid UTF-8 at byte 3 (0xE9)"))
  }

  @Test func misspelledOptionPointsAtItWithASuggestion() throws {
    let folder = try TemporaryFile.folder()
    let original = try String(contentsOfFile: Golden.packageRoot + "/pipeline.yaml", encoding: .utf8)
    let broken = original.replacingOccurrences(of: "    sentences: 3", with: "    sentense: 3")
      .replacingOccurrences(of: "lexicons/", with: Golden.packageRoot + "/lexicons/")
    try broken.write(toFile: folder + "/pipeline.yaml", atomically: true, encoding: .utf8)
    let line =
      broken.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.contains("sentense") }.map { $0 + 1 } ?? 0
    let result = try PrecisProcess.run(
      ["translate-and-summarize", Golden.packageRoot + "/" + CommandTests.seed], in: folder)
    #expect(result.status == 2)
    #expect(
      result.stderr.hasPrefix(
        "pipeline.yaml:\(line):5: error: unknown option 'sentense' for stage 'summarize'"))
    #expect(result.stderr.contains("note: did you mean 'sentences'?"))
    #expect(result.stdout.isEmpty)
  }

  @Test func runUntilAStageWritesTraces() throws {
    let folder = TemporaryFile.unusedPath("trace")
    let result = try PrecisProcess.run(["run", CommandTests.seed, "--until", "segment", "--trace", folder])
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(files == ["01-normalize.json", "02-segment.json"])
    let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(document?["sentences"] != nil)
    #expect(document?["summary"] == nil)
    #expect((document?["stages"] as? [String]) == ["normalize", "segment"])
  }

  @Test func unknownUntilStageIsAConfigurationError() throws {
    let result = try PrecisProcess.run(["run", CommandTests.seed, "--until", "segmnt"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("no stage with id 'segmnt'"))
    #expect(result.stderr.contains("did you mean 'segment'?"))
  }

  @Test func stagesListsEveryTypeWithOptions() throws {
    let result = try PrecisProcess.run(["stages"])
    #expect(result.status == 0)
    for name in ["normalize", "segment", "translate-terms", "summarize", "render"] {
      #expect(result.stdout.contains("\n\(name) — ") || result.stdout.hasPrefix("\(name) — "))
    }
    #expect(result.stdout.contains("sentences"))
  }

  /// Every command's help, with its discussion wrapped as prose: no line of it ends in a
  /// backslash (a doubled `\\` at a line's end in the source printed one, and broke the line).
  @Test(arguments: [
    ["--help"], ["translate-and-summarize", "--help"], ["batch", "--help"], ["segment", "--help"],
    ["terms", "--help"], ["explain", "--help"], ["run", "--help"], ["diff", "--help"],
    ["regress", "--help"], ["validate", "--help"], ["eval", "--help"], ["bench", "--help"],
    ["stages", "--help"],
  ])
  func helpExplainsAndExitsZero(_ arguments: [String]) throws {
    let result = try PrecisProcess.run(arguments)
    #expect(result.status == 0)
    #expect(result.stdout.contains("USAGE"))
    let broken = result.stdout.split(separator: "\n").filter { $0.hasSuffix("\\") }
    #expect(broken.isEmpty, "\(broken)")
  }

  /// A one-sentence article's summary heading says "1 sentence".
  @Test func aOneSentenceSummaryIsSingular() throws {
    let result = try PrecisProcess.run(["translate-and-summarize", "-"], stdin: Data("Bonjour.".utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("Summary (1 of 1 sentence)\n"), "\(result.stdout)")
  }

  /// `--headline` takes a text's first paragraph as its title whatever its punctuation: a
  /// headline of two sentences opens the brief and is never chosen; without it, it reads as two
  /// sentences, the first of which may be chosen.
  @Test func headlineTakesTheFirstParagraphAsTheTitle() throws {
    let article = Data(
      """
      VIDÉO. Hollande a refusé de nommer Macron Premier ministre

      François Hollande a refusé de nommer Emmanuel Macron à Matignon, selon un livre publié jeudi. \
      Le président voulait garder son ministre de l'Économie à Bercy.

      """.utf8)
    let titled = try PrecisProcess.run(
      ["translate-and-summarize", "-", "--headline", "--sentences", "1"], stdin: article)
    #expect(titled.status == 0, "\(titled.stderr)")
    #expect(
      titled.stdout.hasPrefix(
        "VIDÉO. Hollande a refusé de nommer Macron Premier ministre\n\nSummary (1 of 3 sentences)\n"
          + "  • François Hollande a refusé"), "\(titled.stdout)")
    let plain = try PrecisProcess.run(["translate-and-summarize", "-", "--sentences", "1"], stdin: article)
    #expect(plain.stdout.hasPrefix("Summary (1 of 4 sentences)\n"), "\(plain.stdout)")
    // An article of one paragraph has no headline to take.
    let single = try PrecisProcess.run(
      ["translate-and-summarize", "-", "--headline"], stdin: Data("Il pleut. Il vente fort.".utf8))
    #expect(single.stdout.hasPrefix("Summary (2 of 2 sentences)\n"), "\(single.stdout)")
  }

  /// A strike article whose second sentence ends a quotation the first opens (`"Jamais.`).
  static let quotedArticle = """
    Grève au chantier naval de Saint-Nazaire

    "Jamais. Nous resterons mobilisés jusqu'au retrait du plan de suppression de postes", a lancé mardi le délégué syndical devant les grévistes.

    La direction du chantier naval propose des départs volontaires et une prime de reclassement. Les négociations reprendront jeudi à la préfecture de Loire-Atlantique.
    """

  /// A summary sentence never starts inside a quotation unannounced: the quotation comes whole
  /// as one item when the budget has room, else the cut is marked.
  @Test func aQuotationIsShownWholeOrItsCutIsMarked() throws {
    let input = Data(CommandTests.quotedArticle.utf8)
    let whole = try PrecisProcess.run(["translate-and-summarize", "-", "--sentences", "2"], stdin: input)
    #expect(whole.status == 0, "\(whole.stderr)")
    #expect(whole.stdout.contains("\n  • \"Jamais. Nous resterons mobilisés"), "\(whole.stdout)")
    let cut = try PrecisProcess.run(["translate-and-summarize", "-", "--sentences", "1"], stdin: input)
    #expect(cut.stdout.contains("\n  • \"[…] Nous resterons mobilisés"), "\(cut.stdout)")
  }

  /// An intertitle glued between two sentences (`…années.- "Tragédie" -Celles-ci…`) is a
  /// heading: never chosen, and never glued to the summary sentence after it.
  @Test func anIntertitleIsNeverPartOfASummarySentence() throws {
    let article =
      "Le conseil municipal a voté la réforme de la police locale mardi soir.Les élus ont salué un texte "
      + "attendu depuis des années.- \"Tragédie\" -Celles-ci prévoient un meilleur encadrement des mandats "
      + "et des plaintes contre les agents.Le maire a promis une première évaluation de la réforme dans un an."
    let brief = try PrecisProcess.run(
      ["translate-and-summarize", "-", "--sentences", "5"], stdin: Data(article.utf8))
    #expect(brief.status == 0, "\(brief.stderr)")
    #expect(brief.stdout.contains("\n  • Celles-ci prévoient"), "\(brief.stdout)")
    #expect(!brief.stdout.contains("Tragédie"), "\(brief.stdout)")
    let explained = try PrecisProcess.run(["explain", "-"], stdin: Data(article.utf8))
    #expect(explained.stdout.contains("debris: section label"), "\(explained.stdout)")
  }

  /// `eval rouge --words` replaces the pipeline's `sentences: 3` (it was refused as a second
  /// budget).
  @Test func evalRougeTakesAWordBudgetOverThePipelines() throws {
    let records = [
      ["text": CommandTests.quotedArticle, "summary": "Les salariés du chantier naval sont en grève."],
      ["text": "Le chat dort. Le chien aboie. La pluie tombe sur la ville.", "summary": "Le chat dort."],
    ]
    let lines = try records.map {
      String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
    }
    let refs = try TemporaryFile.write(lines.joined(separator: "\n") + "\n", named: "refs.jsonl")
    let result = try PrecisProcess.run(["eval", "rouge", "--refs", refs, "--words", "12"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains(": 2 articles") && result.stdout.contains("  precis "), "\(result.stdout)")
  }

  /// Without the data folder, `eval senses` says so and exits with 0, as the tests over the
  /// shared data skip; a gold file it cannot read is an error all the same.
  @Test func evalSensesSkipsWithoutItsData() throws {
    let gold = Golden.packageRoot + "/eval/senses-fr-en.tsv"
    let missing = TemporaryFile.unusedPath("data")
    let skipped = try PrecisProcess.run(["eval", "senses", gold, "--data", missing])
    #expect(skipped.status == 0, "\(skipped.stderr)")
    #expect(
      skipped.stdout.isEmpty && skipped.stderr.contains("the evaluation is skipped"), "\(skipped.stderr)")
    let unread = try PrecisProcess.run(["eval", "senses", missing + ".tsv", "--data", missing])
    #expect(unread.status == 1)
    #expect(unread.stderr.contains("cannot read the gold file '\(missing).tsv'"), "\(unread.stderr)")
  }

  /// `eval worklist` counts a corpus's terms with the glossaries left out and scores both
  /// rankings against them; a record without "text" is an error at its line.
  @Test func evalWorklistScoresBothRankings() throws {
    var lines: [String] = []
    for number in 0..<6 {
      let text =
        number < 2
        ? "Les gilets jaunes manifestent. Un gilet jaune parle. Les gilets jaunes repartent."
        : "La réunion a eu lieu. Le maire est venu."
      lines.append(#"{"id": "\#(number)", "text": "\#(text)"}"#)
    }
    let corpus = try TemporaryFile.write(lines.joined(separator: "\n") + "\n", named: "corpus.jsonl")
    let result = try PrecisProcess.run(["eval", "worklist", corpus, "--show", "3"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("6 articles, the glossaries left out"), "\(result.stdout)")
    #expect(result.stdout.contains("    dispersion "), "\(result.stdout)")
    #expect(result.stdout.contains("    count "), "\(result.stdout)")
    // Gathered in two articles of six, and a glossary term: first, and marked.
    #expect(
      result.stdout.contains("first 3 by dispersion:\n      + gilet jaune   (weight "), "\(result.stdout)")
    #expect(result.stdout.contains(": 6 times in 2 articles)"), "\(result.stdout)")
    let broken = try TemporaryFile.write(lines[0] + "\n" + #"{"id": "x"}"# + "\n", named: "broken.jsonl")
    let failed = try PrecisProcess.run(["eval", "worklist", broken])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains(":2"), "\(failed.stderr)")
    #expect(failed.stderr.contains("a record needs \"text\""), "\(failed.stderr)")
  }

  @Test func badUsageExitsTwo() throws {
    let result = try PrecisProcess.run(["translate-and-summarize", "--sentences", "many"])
    #expect(result.status == 2)
    #expect(!result.stderr.isEmpty)
  }

  /// A number of workers below 1, negative ones included, is refused as such (a negative
  /// number had been read as an option, and reported as a missing value).
  @Test(arguments: ["0", "-1", "-8"]) func batchJobsBelowOneAreRefused(_ jobs: String) throws {
    let result = try PrecisProcess.run(["batch", "--jobs", jobs, "-"], stdin: Data())
    #expect(result.status == 2)
    #expect(result.stderr.contains("--jobs must be at least 1"), "\(result.stderr)")
  }

  /// A record size that is not a whole number of bytes from 1 to 1G, with K, M or G or none, is
  /// refused by name; a line longer than a good one gives an error in its place.
  @Test(arguments: ["0", "-1", "2G", "1.5M", "4B", "4XB", "MB", "x", ""]) func batchRecordSizesAreChecked(
    _ size: String
  )
    throws
  {
    let result = try PrecisProcess.run(["batch", "--max-record-bytes", size, "-"], stdin: Data())
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "--max-record-bytes expects a size from 1 byte to 1G (bytes, or a whole number followed by K, M or G: "
          + "4M), found '\(size)'"), "\(result.stderr)")
  }

  @Test func batchRecordsPastTheSizeGiveErrorsInTheirPlace() throws {
    let long = String(repeating: "Le chat dort. ", count: 100)
    let corpus = [
      #"{"id": "a", "text": "Le chat dort."}"#, #"{"id": "b", "text": "\#(long)"}"#,
      #"{"id": "c", "text": "Le chien aboie."}"#,
    ]
    for size in ["1K", "1024", "1kb", "1KiB"] {
      let result = try PrecisProcess.run(
        ["batch", "--max-record-bytes", size, "-"], stdin: Data(corpus.joined(separator: "\n").utf8))
      #expect(result.status == 1)
      let lines = result.stdout.split(separator: "\n")
      #expect(lines.count == 3)
      #expect(
        lines[1].hasPrefix(#"{"error":{"kind":"input","line":2,"message":"the record is 1423 bytes long"#))
      #expect(lines[1].hasSuffix(#""id":"b"}"#) && !lines[0].contains("error") && !lines[2].contains("error"))
      #expect(result.stderr.contains("precis batch: 3 records, 1 failed"))
    }
  }

  /// A negative or zero count is refused by name with exit status 2, whichever way it is written:
  /// `--limit -1` had been read as an option ("Missing value"), and `eval rouge --limit=-1`
  /// stopped the process (a prefix of negative length).
  @Test(arguments: [
    (
      ["translate-and-summarize", "--sentences", "-1"],
      "--sentences expects a whole number from 1 to 1000, found '-1'"
    ),
    (["terms", "--limit", "-5"], "--limit must be at least 1"),
    (["eval", "rouge", "--refs", "refs.jsonl", "--limit", "-1"], "--limit must be at least 1"),
    (["eval", "rouge", "--refs", "refs.jsonl", "--limit=-1"], "--limit must be at least 1"),
    (["eval", "rouge", "--refs", "refs.jsonl", "--limit", "0"], "--limit must be at least 1"),
    (["eval", "segmentation", "gold.jsonl", "--errors", "-1"], "--errors must be 0 or more"),
    (["bench", "segmentation", "text.txt", "--passes", "-2"], "--passes must be at least 1"),
  ])
  func countsBelowTheirMinimumAreRefused(_ arguments: [String], _ message: String) throws {
    let result = try PrecisProcess.run(arguments + [CommandTests.seed])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  /// A number of workers far beyond the records a batch holds at a time runs as the most it can
  /// use: it had queued that many tasks (a hundred billion took 20 GB and never started).
  @Test(arguments: ["99999999999", "9223372036854775807"]) func batchJobsBeyondTheWindowAreCapped(
    _ jobs: String
  )
    throws
  {
    let corpus = Data(BatchCommandTests.corpus.utf8)
    let result = try PrecisProcess.run(["batch", "--jobs", jobs, "-"], stdin: corpus)
    let reference = try PrecisProcess.run(["batch", "--jobs", "1", "-"], stdin: corpus)
    #expect(result.status == 1 && reference.status == 1, "\(result.stderr)")
    #expect(result.stdout == reference.stdout && !result.stdout.isEmpty)
  }

  @Test func outOfRangeOverrideIsAConfigurationError() throws {
    let result = try PrecisProcess.run(["translate-and-summarize", CommandTests.seed, "--format", "pdf"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--format expects one of 'text', 'markdown', 'html', 'json', found 'pdf'"))
  }
}

/// `precis segment` and `precis eval segmentation` as a user runs them.
struct SegmentCommandTests {
  @Test func linesArePrintedOnePerSentence() throws {
    let result = try PrecisProcess.run(
      ["segment", "-"], stdin: Data("Titre\n\nM. Dupont arrive.Il parle. « Oui ? » dit-il.".utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "Titre\nM. Dupont arrive.\nIl parle.\n« Oui ? » dit-il.\n")
  }

  @Test func jsonHasScalarSpansAndTheICUVersion() throws {
    let result = try PrecisProcess.run(["segment", "-", "--format", "json"], stdin: Data("Été 😀. Fin.".utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let sentences = object?["sentences"] as? [[String: Any]]
    let spans = sentences?.compactMap { $0["span"] as? [String: Int] }
    #expect(spans == [["start": 0, "end": 6], ["start": 7, "end": 11]])
    #expect((object?["icu"] as? String)?.isEmpty == false)
    #expect(object?["language"] as? String == "fr")
  }

  @Test func languagePicksTheEnglishRules() throws {
    let text = Data("I live in the U.S. How about you? At 5 a.m. Mr. Smith left.".utf8)
    let english = try PrecisProcess.run(["segment", "-", "--language", "en"], stdin: text)
    #expect(english.status == 0, "\(english.stderr)")
    #expect(english.stdout == "I live in the U.S.\nHow about you?\nAt 5 a.m. Mr. Smith left.\n")
  }

  /// An English article with `--language en` on the default pipeline: the brief the English
  /// fixture's own pipeline (the same stages, without `translate-terms`) gives, with a note on the
  /// stage left out and no warning that the article is not French.
  @Test func theTargetLanguageBriefsAnEnglishArticle() throws {
    let fixture = Golden.packageRoot + "/fixtures/12-en-politique-budget"
    let result = try PrecisProcess.run([
      "translate-and-summarize", fixture + "/input.txt", "--language", "en",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == (try String(contentsOfFile: fixture + "/expected/brief.txt", encoding: .utf8)))
    #expect(result.stderr.contains("note: stage 'terms' (translate-terms) is left out: --language en"))
    #expect(!result.stderr.contains("warning"), "\(result.stderr)")
    let record = Data(
      (try JSONSerialization.data(withJSONObject: [
        "id": "a", "text": try String(contentsOfFile: fixture + "/input.txt", encoding: .utf8),
      ]))
        + Data("\n".utf8))
    let batch = try PrecisProcess.run(["batch", "-", "--language", "en"], stdin: record)
    #expect(batch.status == 0, "\(batch.stderr)")
    #expect(!batch.stderr.contains("has no translate-terms stage"), "\(batch.stderr)")
    #expect(batch.stdout.contains("\"keyTerms\":[]"))
  }

  /// `--language auto`: each article briefed with the pipeline for the language it reads as,
  /// the one `--language` would name, and the result saying which.
  @Test func autoBriefsEachArticleInItsLanguage() throws {
    let english = Golden.packageRoot + "/fixtures/12-en-politique-budget/input.txt"
    let french = Golden.packageRoot + "/fixtures/01-tech-semiconducteurs/input.txt"
    let brief = try PrecisProcess.run(["translate-and-summarize", english, "--language", "auto"])
    #expect(brief.status == 0, "\(brief.stderr)")
    #expect(brief.stderr.isEmpty, "\(brief.stderr)")
    #expect(
      brief.stdout
        == (try PrecisProcess.run(["translate-and-summarize", english, "--language", "en"])).stdout)
    var records = Data()
    for (id, path) in [("en", english), ("fr", french)] {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      records += try JSONSerialization.data(withJSONObject: ["id": id, "text": text, "language": "xx"])
      records += Data("\n".utf8)
    }
    let batch = try PrecisProcess.run(["batch", "-", "--language", "auto", "--jobs", "2"], stdin: records)
    #expect(batch.status == 0, "\(batch.stderr)")
    #expect(batch.stderr.contains("2 records have their own \"language\" field"), "\(batch.stderr)")
    #expect(batch.stderr.contains("precis batch: 2 records (1 en, 1 fr), 0 failed"), "\(batch.stderr)")
    let results = batch.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(results.map { $0["language"] as? String } == ["en", "fr"])
    #expect(results.map { $0["input_language"] as? String } == ["xx", "xx"])
    #expect((results.first?["keyTerms"] as? [Any])?.isEmpty == true)
    #expect((results.last?["keyTerms"] as? [Any])?.isEmpty == false)
    let frenchBrief = try PrecisProcess.run(["translate-and-summarize", french])
    #expect(results.last?["brief"] as? String == frenchBrief.stdout)
    // The same with the pipeline named by a relative path, from another folder: its lists are
    // found where they are.
    let relative = try PrecisProcess.run(
      ["translate-and-summarize", "input.txt", "--language", "auto", "--pipeline", "../../pipeline.yaml"],
      in: Golden.packageRoot + "/fixtures/12-en-politique-budget")
    #expect(relative.stderr.isEmpty, "\(relative.stderr)")
    #expect(relative.stdout == brief.stdout)
    // Without `auto`, a record's "language" is passed through as it is, and no result has one.
    let plain = try PrecisProcess.run(["batch", "-"], stdin: records)
    #expect(plain.stdout.contains(#""language":"xx""#) && !plain.stdout.contains("input_language"))
  }

  /// A record in a language the pipeline recognizes but cannot brief fails, named, with the
  /// language it was read as; the others are briefed.
  @Test func autoReportsAnArticleInALanguageItOnlyRecognizes() throws {
    let french = Golden.packageRoot + "/fixtures/01-tech-semiconducteurs/input.txt"
    let spanish =
      "El Gobierno aprobó el martes un nuevo paquete de medidas para hacer frente a la subida de los "
      + "precios. Según el ministro, las ayudas llegarán a más de cuatro millones de hogares."
    var records = Data()
    for (id, text) in [("es", spanish), ("fr", try String(contentsOfFile: french, encoding: .utf8))] {
      records += try JSONSerialization.data(withJSONObject: ["id": id, "text": text])
      records += Data("\n".utf8)
    }
    let batch = try PrecisProcess.run(["batch", "-", "--language", "auto"], stdin: records)
    #expect(batch.status == 1, "\(batch.stderr)")
    #expect(batch.stderr.contains("precis batch: 2 records (1 es, 1 fr), 1 failed"), "\(batch.stderr)")
    let results = batch.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(results.map { $0["language"] as? String } == ["es", "fr"])
    let error = try #require(results.first?["error"] as? [String: Any])
    #expect(
      error["message"] as? String
        == "the article reads as Spanish ('es'), which pipeline.yaml has no lexicons to brief")
    #expect(error["line"] as? Int == 1)
    #expect(results.last?["brief"] is String)
    // Briefed with the French rules when asked to.
    let forced = try PrecisProcess.run(
      ["translate-and-summarize", "-", "--language", "fr"], stdin: Data(spanish.utf8))
    #expect(forced.status == 0, "\(forced.stderr)")
  }

  @Test func anUnknownLanguageNamesTheMissingLexicon() throws {
    let result = try PrecisProcess.run(["segment", "-", "--language", "xx"], stdin: Data("A.".utf8))
    #expect(result.status == 2)
    #expect(result.stderr.contains("lexicons/xx/abbreviations.txt"))
  }

  @Test func evalScoresAndShowsMisses() throws {
    let gold = try TemporaryFile.write(
      """
      {"id": "a", "text": "Il part. Elle reste.", "sentences": ["Il part.", "Elle reste."]}
      {"id": "b", "text": "Voir p. 3. Fin.", "sentences": ["Voir p.", "3.", "Fin."]}
      {"id": "c", "text": "Titre Il part.", "sentences": ["Titre", "Il part."], "boundaries_punctuated": false}
      """, named: "gold.jsonl")
    let result = try PrecisProcess.run(["eval", "segmentation", gold, "--errors", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("2 records, 5 gold sentences (1 with unpunctuated headings skipped)"))
    #expect(
      result.stdout.contains("MISS b\n  gold ✗ Voir p.\n  gold   3.\n  gold   Fin.\n   got   Voir p. 3.\n"))
    #expect(result.stdout.contains("P=1.0000 R=0.8000 F1=0.8889 exact_docs=1/2"))
  }

  /// `eval language` over a parallel file: each text read as its language, by language and by
  /// length, and the one read wrong shown (a line of names has no function word: the
  /// pipeline's own language is taken).
  @Test func evalLanguageCountsWhatAutoReadsRight() throws {
    let parallel = try TemporaryFile.write(
      """
      {"doc": "d1", "fr": "Le maire a fermé le pont pour des travaux.", "en": "The mayor closed the bridge for repairs."}
      {"doc": "d1", "fr": "Il rouvrira au printemps.", "en": "It will reopen in the spring."}
      {"doc": "d2", "fr": "Paris, Lyon, Marseille.", "en": "London, Leeds, Bristol."}
      """, named: "parallel.jsonl")
    let result = try PrecisProcess.run(["eval", "language", parallel])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("6 texts\n"), "\(result.stdout)")
    #expect(
      result.stdout.contains(":3:1: en read as fr (3 words): London, Leeds, Bristol."), "\(result.stdout)")
    #expect(result.stdout.contains("  en  accuracy=0.6667 (2/3)\n  fr  accuracy=1.0000 (3/3)\n"))
    #expect(result.stdout.contains("  all  accuracy=0.8333 (5/6)"))
    let grouped = try PrecisProcess.run(["eval", "language", parallel, "--group", "doc", "--errors", "0"])
    #expect(grouped.stdout.contains("4 texts (records joined by \"doc\")"), "\(grouped.stdout)")
    #expect(grouped.stdout.contains("  10-39 words accuracy=1.0000 (2/2)"), "\(grouped.stdout)")
    let none = try PrecisProcess.run(["eval", "language", parallel, "--expect", "fr", "--group", "x"])
    #expect(none.status == 0)
    let unknown = try TemporaryFile.write(#"{"text": "Bonjour."}"#, named: "t.jsonl")
    let refused = try PrecisProcess.run(["eval", "language", unknown])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("no text of known language"), "\(refused.stderr)")
  }

  @Test func evalNamesTheBadLineOfAGoldFile() throws {
    let gold = try TemporaryFile.write(
      "{\"text\": \"A.\", \"sentences\": [\"A.\"]}\nnot json\n", named: "bad.jsonl")
    let result = try PrecisProcess.run(["eval", "segmentation", gold])
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.jsonl:2:1: error: invalid JSON"))
  }
}

/// `precis terms` and `precis eval terms` as a user runs them.
struct TermCommandTests {
  @Test func termsListsUncoveredRunsAsRowsToFill() throws {
    let text = """
      Le bouclier tarifaire protège les ménages. Le bouclier tarifaire coûte cher.

      Selon Bercy, le bouclier tarifaire durera. Le bouclier tarifaire plaît.
      """
    let result = try PrecisProcess.run(["terms", "-"], stdin: Data(text.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first == "source\ttarget\tpos\tflags\tnote")
    #expect(lines.dropFirst().first == "bouclier tarifaire\t\t\ttodo\tseen 4 times, first in sentence 1")
  }

  @Test func termsCountsPluralsWithTheSingularAndListsNamesLast() throws {
    let text = """
      Selon Lucien Dupontel, le bouclier tarifaire durera. Les boucliers tarifaires coûtent cher.

      Lucien Dupontel confirme que le bouclier tarifaire plaît. Lucien Dupontel se tait.
      """
    let result = try PrecisProcess.run(["terms", "-"], stdin: Data(text.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(
      lines == [
        "source\ttarget\tpos\tflags\tnote",
        "bouclier tarifaire\t\t\ttodo\tseen 3 times (also boucliers tarifaires), first in sentence 1",
        "Lucien Dupontel\t\tproper noun\tkeep\tseen 3 times, first in sentence 1",
      ], "\(lines)")
  }

  /// The rows `terms` writes load as a glossary as they are: a name is kept as written, a term
  /// still to do is left out (a note names the file and line) until its target is filled in,
  /// and the next list leaves out what the glossary now holds.
  @Test func termsRowsLoadAsAGlossaryUntilFilledIn() throws {
    let text = Data(
      """
      Selon Lucien Dupontel, le bouclier tarifaire durera. Les boucliers tarifaires coûtent cher.

      Lucien Dupontel confirme que le bouclier tarifaire plaît. Lucien Dupontel se tait.
      """.utf8)
    let listed = try PrecisProcess.run(["terms", "-"], stdin: text)
    #expect(listed.status == 0, "\(listed.stderr)")
    let worklist = try TemporaryFile.write(listed.stdout, named: "worklist.tsv")
    let pipeline = try TermCommandTests.pipeline(glossaryFirst: worklist)

    let asWritten = try PrecisProcess.run(
      ["run", "-", "--pipeline", pipeline, "--until", "terms"], stdin: text)
    #expect(asWritten.status == 0, "\(asWritten.stderr)")
    #expect(
      asWritten.stderr.contains(
        "worklist.tsv:2: note: 1 row flagged 'todo' has no target yet and is left out, 'bouclier tarifaire' first"
      ),
      "\(asWritten.stderr)")
    let document = try JSONSerialization.jsonObject(with: Data(asWritten.stdout.utf8)) as? [String: Any]
    let terms = try #require(document?["terms"] as? [String: Any])
    let matches = try #require(terms["matches"] as? [[String: Any]])
    #expect(
      matches.map { $0["form"] as? String } == ["Lucien Dupontel", "Lucien Dupontel", "Lucien Dupontel"])
    #expect(matches.allSatisfy { $0["kept"] as? Bool == true })
    // Neither is a candidate now but the term still to do.
    let candidates = try #require(terms["candidates"] as? [[String: Any]])
    #expect(candidates.map { $0["form"] as? String } == ["bouclier tarifaire"])

    try Data(
      listed.stdout.replacingOccurrences(
        of: "bouclier tarifaire\t\t\ttodo", with: "bouclier tarifaire\tprice shield\tnoun\ttodo"
      ).utf8
    ).write(to: URL(fileURLWithPath: worklist))
    let filled = try PrecisProcess.run(["translate-and-summarize", "-", "--pipeline", pipeline], stdin: text)
    #expect(filled.status == 0 && filled.stderr.isEmpty, "\(filled.stderr)")
    #expect(
      filled.stdout.contains("Les boucliers tarifaires [price shields] coûtent cher."), "\(filled.stdout)")
    let again = try PrecisProcess.run(["terms", "-", "--pipeline", pipeline], stdin: text)
    #expect(again.stdout == "source\ttarget\tpos\tflags\tnote\n", "\(again.stdout)")
    // The next list is never written over the worklist the pipeline reads, filled in.
    let filledIn = try String(contentsOfFile: worklist, encoding: .utf8)
    let corpus = Data("{\"id\": \"a\", \"text\": \"Le bouclier tarifaire.\"}\n".utf8)
    for arguments in [
      ["terms", "-", "--pipeline", pipeline, "-o", worklist],
      ["batch", "-", "--pipeline", pipeline, "-o", "/dev/null", "--terms", worklist],
    ] {
      let refused = try PrecisProcess.run(arguments, stdin: arguments[0] == "batch" ? corpus : text)
      #expect(refused.status == 2, "\(refused.stderr)")
      #expect(refused.stderr.contains("would write over '\(worklist)', a glossary this pipeline reads"))
      #expect(refused.stderr.contains("or merge them into it: --update"), "\(refused.stderr)")
      #expect(try String(contentsOfFile: worklist, encoding: .utf8) == filledIn)
    }
  }

  /// `--update` (`terms`) and `--update-terms` (`batch`) merge a run's rows into the worklist
  /// the pipeline reads: the targets filled in stay, a row still to do gets the run's note, and
  /// what is new comes at the end; a worklist that cannot be merged is told before the run.
  @Test func updateMergesTheRowsIntoTheWorklist() throws {
    let first = Data(
      "Le bouclier tarifaire et le chèque énergie. Le bouclier tarifaire et le chèque énergie.".utf8)
    let listed = try PrecisProcess.run(["terms", "-"], stdin: first)
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout.contains("\nchèque énergie\t\t\ttodo\tseen 2 times"), "\(listed.stdout)")
    let filled = listed.stdout.replacingOccurrences(
      of: "bouclier tarifaire\t\t\ttodo", with: "bouclier tarifaire\tprice shield\tnoun\ttodo")
    let worklist = try TemporaryFile.write("# checked on Monday\n" + filled, named: "worklist.tsv")
    let pipeline = try TermCommandTests.pipeline(glossaryFirst: worklist)
    let next = Data(
      """
      Le bouclier tarifaire, le chèque énergie et la passoire thermique. Le chèque énergie et la
      passoire thermique reviennent. Le chèque énergie aussi.
      """.utf8)
    let updated = try PrecisProcess.run(
      ["terms", "-", "--pipeline", pipeline, "--update", worklist], stdin: next)
    #expect(updated.status == 0, "\(updated.stderr)")
    #expect(updated.stdout.isEmpty)
    #expect(
      updated.stderr.contains(
        "precis terms: \(worklist) updated: 1 row added, 1 note of rows to do brought up to date (it had 2 rows)"
      ),
      "\(updated.stderr)")
    let lines = try String(contentsOfFile: worklist, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(
      lines == [
        "# checked on Monday",
        "source\ttarget\tpos\tflags\tnote",
        "bouclier tarifaire\tprice shield\tnoun\ttodo\tseen 2 times, first in sentence 1",
        "chèque énergie\t\t\ttodo\tseen 3 times, first in sentence 1",
        "passoire thermique\t\t\ttodo\tseen 2 times, first in sentence 1",
      ], "\(lines)")
    // A corpus run merges the same way; its notes name the corpus and the record's line.
    let corpus = try TemporaryFile.write(
      """
      {"id": "a", "text": "La passoire thermique et le covoiturage quotidien."}
      {"id": "b", "text": "Le covoiturage quotidien et la passoire thermique."}

      """, named: "week.jsonl")
    let batch = try PrecisProcess.run(
      ["batch", corpus, "--pipeline", pipeline, "-o", "/dev/null", "--update-terms", worklist])
    #expect(batch.status == 0, "\(batch.stderr)")
    #expect(batch.stderr.contains("; \(worklist) updated: 1 row added, 1 note"), "\(batch.stderr)")
    let merged = try String(contentsOfFile: worklist, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(Array(merged.prefix(4)) == Array(lines.prefix(4)))
    #expect(
      merged.dropFirst(4).map { $0.split(separator: "\t", omittingEmptySubsequences: false).prefix(4) }
        == [["passoire thermique", "", "", "todo"], ["covoiturage quotidien", "", "", "todo"]], "\(merged)")
    #expect(merged.last?.contains("first in \(corpus):1, sentence 1; in \(corpus):2, sentence 1: ") == true)
    // Both ways of writing the rows, or a worklist without a flags column, are refused before
    // the run, and the file is left as it was.
    let before = try String(contentsOfFile: worklist, encoding: .utf8)
    let other = try TemporaryFile.write("source\ttarget\n", named: "two-columns.tsv")
    for (arguments, message) in [
      (["terms", "-", "--update", worklist, "-o", "x.tsv"], "give --update or --output, not both"),
      (
        ["batch", corpus, "--terms", "x.tsv", "--update-terms", worklist],
        "give --terms or --update-terms, not both"
      ),
      (["batch", corpus, "--update-terms", "-"], "--update-terms writes a file"),
      (
        ["batch", corpus, "-o", "/dev/null", "--update-terms", other],
        "\(other):1:1: error: the worklist's header has no column 'flags' (columns: source, target)"
      ),
    ] {
      let refused = try PrecisProcess.run(arguments, stdin: next)
      #expect(refused.status == 2, "\(arguments): \(refused.stderr)")
      #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
    }
    #expect(try String(contentsOfFile: worklist, encoding: .utf8) == before)
    #expect(try String(contentsOfFile: other, encoding: .utf8) == "source\ttarget\n")
    // A worklist the pipeline does not read is updated too, with a note that says so; an
    // article read from a file is named in the notes.
    let elsewhere = try TemporaryFile.write(filled, named: "elsewhere.tsv")
    let article = try TemporaryFile.write(String(decoding: next, as: UTF8.self), named: "article.txt")
    let unread = try PrecisProcess.run(["terms", article, "--update", elsewhere])
    #expect(unread.status == 0, "\(unread.stderr)")
    #expect(
      unread.stderr.contains("note: '\(elsewhere)' is no glossary of this pipeline"), "\(unread.stderr)")
    let updatedElsewhere = try String(contentsOfFile: elsewhere, encoding: .utf8)
    #expect(updatedElsewhere.contains("\tprice shield\t"))
    #expect(
      updatedElsewhere.contains(
        "passoire thermique\t\t\ttodo\tseen 2 times, first in \(article), sentence 1\n"),
      "\(updatedElsewhere)")
  }

  /// `batch --terms-counts` saves a corpus's term counts, and `terms --merge` adds parts up into
  /// the worklist one run over the whole corpus writes, byte for byte (the records named by
  /// --names-from as the whole corpus's lines); what is no counts file is refused.
  @Test func countsOfPartsAddUpToTheWholeCorpus() throws {
    let texts = [
      "Le covoiturage quotidien et la passoire thermique. Le covoiturage quotidien revient.",
      "La passoire thermique coûte cher. Les passoires thermiques aussi.",
      "Le covoiturage quotidien, la passoire thermique et le chèque énergie.",
      "Le chèque énergie et le covoiturage quotidien.",
    ]
    let lines = texts.enumerated().map { #"{"id": \#($0), "text": "\#($1)"}"# + "\n" }
    let corpus = try TemporaryFile.write(lines.joined(), named: "week.jsonl")
    let whole = TemporaryFile.unusedPath("whole.tsv")
    let single = try PrecisProcess.run(["batch", corpus, "-o", "/dev/null", "--terms", whole])
    #expect(single.status == 0, "\(single.stderr)")
    let expected = try String(contentsOfFile: whole, encoding: .utf8)
    #expect(
      expected.contains(
        "passoire thermique\t\t\ttodo\tseen 4 times in 3 articles (also passoires thermiques)"))
    #expect(
      expected.contains("first in \(corpus):1, sentence 1; in \(corpus):2, sentence 1: "), "\(expected)")
    // Two parts on standard input, each record named as the whole corpus's line.
    var parts: [String] = []
    for (number, range) in [0..<1, 1..<4].enumerated() {
      let names = try TemporaryFile.write(
        range.map { "\(corpus):\($0 + 1)\n" }.joined(), named: "names-\(number).txt")
      parts.append(TemporaryFile.unusedPath("part-\(number).counts"))
      let part = try PrecisProcess.run(
        ["batch", "-", "-o", "/dev/null", "--terms-counts", parts[number], "--names-from", names],
        stdin: Data(lines[range].joined().utf8))
      #expect(part.status == 0, "\(part.stderr)")
      #expect(
        part.stderr.contains(
          "; term counts of \(range.count) record\(range.count == 1 ? "" : "s") saved to \(parts[number])"),
        "\(part.stderr)")
    }
    let merged = try PrecisProcess.run(["terms", "--merge"] + parts)
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout == expected)
    // Parts added up and saved again add up the same.
    let both = TemporaryFile.unusedPath("both.counts")
    let saved = try PrecisProcess.run(["terms", "--merge", "--counts", both, "-o", "/dev/null"] + parts)
    #expect(saved.status == 0, "\(saved.stderr)")
    #expect(try PrecisProcess.run(["terms", "--merge", both]).stdout == expected)
    // A part given twice is added twice, with a warning.
    let twice = try PrecisProcess.run(["terms", "--merge", both, parts[1]])
    #expect(twice.status == 0, "\(twice.stderr)")
    #expect(
      twice.stderr.contains(
        "\(parts[1]): warning: the 3 articles it counts were counted already, under the same names "
          + "('\(corpus):2' first): their terms are counted twice"), "\(twice.stderr)")
    #expect(
      twice.stdout.contains("passoire thermique\t\t\ttodo\tseen 7 times in 5 articles"), "\(twice.stdout)")
    // A worklist given as counts, or counts cut short, is refused, naming the file.
    let cut = try TemporaryFile.write(
      String(decoding: try #require(FileManager.default.contents(atPath: both)).prefix(60), as: UTF8.self),
      named: "cut.counts")
    for (file, message) in [
      (whole, "'\(whole)' is no file of term counts"), (cut, "'\(cut)' is damaged"),
      ("missing.counts", "cannot read 'missing.counts': no such file"),
    ] {
      let refused = try PrecisProcess.run(["terms", "--merge", file])
      #expect(refused.status == 1, "\(refused.stderr)")
      #expect(refused.stderr.contains("\(file): error: \(message)"), "\(refused.stderr)")
    }
    let nothing = try PrecisProcess.run(["terms", "--merge"])
    #expect(nothing.status == 2 && nothing.stderr.contains("--merge adds up the files of term counts given"))
  }

  /// The bundled pipeline with `glossary` first among its glossaries, in a temporary folder.
  static func pipeline(glossaryFirst glossary: String) throws -> String {
    let bundled = try String(contentsOfFile: Golden.packageRoot + "/pipeline.yaml", encoding: .utf8)
    let rooted = bundled.replacingOccurrences(of: " lexicons/", with: " \(Golden.packageRoot)/lexicons/")
    let marker = "    glossary:\n"
    #expect(rooted.contains(marker))
    return try TemporaryFile.write(
      rooted.replacingOccurrences(of: marker, with: marker + "      - \(glossary)\n"), named: "pipeline.yaml")
  }

  @Test func evalTermsScoresRenderingsAgainstTheHumanEnglish() throws {
    let parallel = try TemporaryFile.write(
      """
      {"id": "a", "fr": "Les États-Unis et la Chine.", "en": "The United States and China."}
      {"id": "b", "fr": "Le gouvernement tombe en Allemagne, dit un médecin.", "en": "The cabinet falls in Germany, a doctor says."}
      """, named: "parallel.jsonl")
    let result = try PrecisProcess.run([
      "eval", "terms", "--parallel", parallel, "--errors", "5", "--by-glossary",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("WRONG b: gouvernement → government"))
    // `médecin` comes from the glossary loaded with `render: false`: reported, not counted.
    #expect(result.stdout.contains("precision=0.7500 (3/4) rendered_per_100=200.0 kept=0 unresolved=1"))
    // All four renderings come from one file of the bundled glossary.
    #expect(result.stdout.contains("  0.7500 (3/4)  ") && result.stdout.hasSuffix("fr-en/core.tsv\n"))
  }

  @Test func htmlBriefMarksTerms() throws {
    let result = try PrecisProcess.run(["translate-and-summarize", CommandTests.seed, "--format", "html"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(result.stdout.contains("<mark class=\"term\">AI</mark>"))
  }
}

/// `precis regress`, `validate`, `diff` and the debugging flags of `run`.
struct DebuggingCommandTests {
  /// A fixtures folder in a temporary place, with its own pipeline beside it.
  func fixtureFolder() throws -> String {
    let manager = FileManager.default
    let root = try TemporaryFile.folder("regress")
    try manager.createDirectory(atPath: root + "/fixtures/one", withIntermediateDirectories: true)
    let pipeline = try String(contentsOfFile: Golden.packageRoot + "/pipeline.yaml", encoding: .utf8)
      .replacingOccurrences(of: "lexicons/", with: Golden.packageRoot + "/lexicons/")
    try pipeline.write(toFile: root + "/pipeline.yaml", atomically: true, encoding: .utf8)
    try manager.copyItem(
      atPath: Golden.packageRoot + "/" + CommandTests.seed, toPath: root + "/fixtures/one/input.txt")
    return root
  }

  @Test func regressRecordsPassesAndShowsADiffOnFailure() throws {
    let root = try fixtureFolder()
    let recorded = try PrecisProcess.run(["regress", "fixtures", "--update"], in: root)
    #expect(recorded.status == 0, "\(recorded.stderr)")
    #expect(recorded.stdout.contains("updated one/expected/brief.txt"))
    let passing = try PrecisProcess.run(["regress", "fixtures"], in: root)
    #expect(passing.status == 0)
    #expect(passing.stdout.hasSuffix("PASS one\n1 passed, 0 failed\n"))
    let brief = root + "/fixtures/one/expected/brief.txt"
    let original = try String(contentsOfFile: brief, encoding: .utf8)
    try original.replacingOccurrences(of: "Summary", with: "Résumé").write(
      toFile: brief, atomically: true, encoding: .utf8)
    let failing = try PrecisProcess.run(["regress", "fixtures"], in: root)
    #expect(failing.status == 1)
    #expect(failing.stdout.contains("FAIL one\n--- one/expected/brief.txt\n+++ this run\n"))
    #expect(failing.stdout.contains("-Résumé (3 of"))
    #expect(failing.stdout.contains("+Summary (3 of"))
    #expect(failing.stdout.hasSuffix("0 passed, 1 failed\n"))
    // Recorded under another ICU: a note and a count instead of a wall of diff.
    try "precis 0.1.0\nicu 1.0\n".write(
      toFile: root + "/fixtures/one/expected/versions.txt", atomically: true, encoding: .utf8)
    let otherICU = try PrecisProcess.run(["regress", "fixtures"], in: root)
    #expect(otherICU.status == 1)
    #expect(otherICU.stdout.contains("note: these goldens were recorded with ICU 1.0"))
    #expect(otherICU.stdout.contains("  brief.txt: 2 changed lines"))
  }

  /// A fixture with no pipeline, in its folder or beside the fixtures folder, is said to lack
  /// one (the loader's note had told to pass --pipeline, which regress does not take).
  @Test func regressNamesAMissingPipeline() throws {
    let root = try fixtureFolder()
    try FileManager.default.removeItem(atPath: root + "/pipeline.yaml")
    let result = try PrecisProcess.run(["regress", "fixtures"], in: root)
    #expect(result.status == 1)
    #expect(result.stdout.contains("FAIL one: the run failed"))
    #expect(result.stdout.contains("error: no pipeline.yaml in the fixture, nor beside the fixtures folder"))
    #expect(!result.stdout.contains("--pipeline"), "\(result.stdout)")
  }

  @Test func validateReportsCleanAndBrokenPipelines() throws {
    let clean = try PrecisProcess.run(["validate", Golden.packageRoot + "/pipeline.yaml"])
    #expect(clean.status == 0)
    #expect(clean.stdout.contains(": ok — 5 stages (normalize, segment, terms, summarize, render), fr → en"))
    let one = try TemporaryFile.write("version: 1\nstages:\n  - type: normalize\n", named: "pipeline.yaml")
    #expect(
      try PrecisProcess.run(["validate", one]).stdout.hasSuffix(": ok — 1 stage (normalize), fr → en\n"))
    let broken = try TemporaryFile.write("version: 1\nstages:\n  - type: segmnt\n", named: "pipeline.yaml")
    let result = try PrecisProcess.run(["validate", broken])
    #expect(result.status == 2)
    #expect(result.stderr.contains("pipeline.yaml:3:11: error: unknown stage type 'segmnt'"))
  }

  @Test func runResumesFromATraceRunsOneStageAndTimesThem() throws {
    let trace = TemporaryFile.unusedPath("trace")
    let traced = try PrecisProcess.run(["run", CommandTests.seed, "--until", "segment", "--trace", trace])
    #expect(traced.status == 0, "\(traced.stderr)")
    let resumed = try PrecisProcess.run(["run", "--from", trace + "/02-segment.json", "--timings"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.hasPrefix("Autosuffisance [Self-sufficiency]"))
    #expect(
      resumed.stderr.split(separator: "\n").map { $0.prefix(9) } == ["terms    ", "summarize", "render   "])
    let only = try PrecisProcess.run(["run", "--from", trace + "/02-segment.json", "--only", "terms"])
    let document = try JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as? [String: Any]
    #expect(document?["stages"] as? [String] == ["normalize", "segment", "terms"])
    #expect(document?["summary"] == nil)
  }

  /// `translate-terms` keeps each sentence's tokens for `summarize`; a run resumed from a trace
  /// has no such cache and must tokenize again to the same summary.
  @Test func summaryResumedAfterTermsIsTheSummaryOfOneRun() throws {
    let trace = TemporaryFile.unusedPath("trace")
    let whole = try PrecisProcess.run(["run", CommandTests.seed, "--until", "summarize", "--trace", trace])
    #expect(whole.status == 0, "\(whole.stderr)")
    let resumed = try PrecisProcess.run(["run", "--from", trace + "/03-terms.json", "--until", "summarize"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout == whole.stdout)
    #expect(whole.stdout.contains("\"chosen\" : true,"))
  }

  @Test func diffShowsWhatMovedAndExitsOneWhenDocumentsDifferTwoOnTrouble() throws {
    let folder = try TemporaryFile.folder("diff")
    let one = try PrecisProcess.run(["run", CommandTests.seed, "--until", "summarize"])
    let pipeline = try String(contentsOfFile: Golden.packageRoot + "/pipeline.yaml", encoding: .utf8)
      .replacingOccurrences(of: "lexicons/", with: Golden.packageRoot + "/lexicons/")
      .replacingOccurrences(of: "    sentences: 3", with: "    sentences: 1")
    try pipeline.write(toFile: folder + "/pipeline.yaml", atomically: true, encoding: .utf8)
    let two = try PrecisProcess.run(
      ["run", CommandTests.seed, "--until", "summarize", "--pipeline", folder + "/pipeline.yaml"])
    try one.stdout.write(toFile: folder + "/a.json", atomically: true, encoding: .utf8)
    try two.stdout.write(toFile: folder + "/b.json", atomically: true, encoding: .utf8)
    let same = try PrecisProcess.run(["diff", folder + "/a.json", folder + "/a.json"])
    #expect(same.status == 0)
    #expect(same.stdout == "no difference\n")
    let different = try PrecisProcess.run(["diff", folder + "/a.json", folder + "/b.json"])
    #expect(different.status == 1)
    #expect(different.stdout.hasPrefix("summary: sentences 5, 6, 7 → 5"))
    // Trouble is 2, as diff(1) says it: a missing file, or one that is not JSON, where it breaks.
    let missing = try PrecisProcess.run(["diff", folder + "/a.json", folder + "/none.json"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read"), "\(missing.stderr)")
    try "{\n  \"source\": x\n}\n".write(toFile: folder + "/c.json", atomically: true, encoding: .utf8)
    let broken = try PrecisProcess.run(["diff", folder + "/c.json", folder + "/a.json"])
    #expect(broken.status == 2)
    #expect(
      broken.stderr.contains("c.json:2:13: error: not a Precis document: invalid JSON"), "\(broken.stderr)")
  }
}

/// `precis explain` as a user runs it.
struct ExplainCommandTests {
  @Test func tableHasOneRowPerSentenceAndJSONTheSameFields() throws {
    let table = try PrecisProcess.run(["explain", CommandTests.seed])
    #expect(table.status == 0, "\(table.stderr)")
    let lines = table.stdout.split(separator: "\n")
    #expect(lines.first?.contains("rank  total  position  centrality") == true)
    #expect(lines.count == 21)
    #expect(lines.filter { $0.contains("✓") }.count == 3)
    #expect(lines.contains { $0.contains("debris: publication date") })
    let json = try PrecisProcess.run(["explain", CommandTests.seed, "--format", "json"])
    #expect(json.status == 0)
    let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.count == 20)
    #expect(rows?.filter { $0["chosen"] as? Bool == true }.count == 3)
  }

  /// `explain` leaves out the search for uncovered terms, which its table does not show: every
  /// row's score, verdict and reason are still those of the whole document `run` writes (where
  /// the uncovered terms are listed).
  @Test func rowsAreTheWholeDocumentsScores() throws {
    for fixture in ["00-seed", "02-economie-inflation"] {
      let input = Golden.packageRoot + "/fixtures/\(fixture)/input.txt"
      let explained = try PrecisProcess.run(["explain", input, "--format", "json"])
      let rows = try #require(
        try JSONSerialization.jsonObject(with: Data(explained.stdout.utf8)) as? [[String: Any]])
      let run = try PrecisProcess.run(["run", input, "--until", "summarize"])
      let document = try #require(
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
      let candidates = (document["terms"] as? [String: Any])?["candidates"] as? [Any]
      #expect(candidates?.isEmpty == false, "the whole document lists uncovered terms")
      let scores = try #require((document["summary"] as? [String: Any])?["scores"] as? [[String: Any]])
      #expect(rows.count == scores.count)
      for (row, score) in zip(rows, scores) {
        #expect(row["sentence"] as? Int == (score["sentence"] as? Int).map { $0 + 1 })  // (numbered from 1)
        #expect(row["total"] as? Double == score["total"] as? Double)
        #expect(row["chosen"] as? Bool == score["chosen"] as? Bool)
        #expect(row["reason"] as? String == (score["reason"] as? String).map(Self.numberedFromOne))
      }
    }
  }

  /// A document's reason as `explain` writes it, its sentences numbered from 1 (`repeats
  /// sentence 18` → `repeats sentence 19`).
  static func numberedFromOne(_ reason: String) -> String {
    var words = reason.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    for index in words.indices.dropFirst() where words[index - 1] == "sentence" {
      let digits = words[index].prefix { $0.isNumber }
      if let number = Int(digits) { words[index] = String(number + 1) + words[index].dropFirst(digits.count) }
    }
    return words.joined(separator: " ")
  }

  /// The help explains every column the table prints and names every key of the JSON (the
  /// redundancy column had been left out of both lists).
  @Test func helpListsEveryColumnAndKey() throws {
    let help = try PrecisProcess.run(["explain", "--help"]).stdout
    let header = try #require(
      try PrecisProcess.run(["explain", CommandTests.seed]).stdout.split(separator: "\n").first)
    let columns = header.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      !$0.isEmpty
    }
    #expect(columns.count >= 13)
    for column in columns {
      #expect(help.contains("\n  \(column)  "), "column '\(column)' is not explained")
    }
    let json = try PrecisProcess.run(["explain", CommandTests.seed, "--format", "json"]).stdout
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    let flat = help.replacingOccurrences(of: "\n", with: " ")
    for key in rows[0].keys {
      #expect(flat.contains(" \(key),") || flat.contains(" \(key) "), "key '\(key)' is not named")
    }
  }
}

/// `precis batch` as a corpus run uses it.
struct BatchCommandTests {
  static let corpus = """
    {"id": "a", "text": "Titre sur l'IA\\n\\nLa Chine investit dans l'IA. Les puces sont rares. Le marché attend.", "source": "x"}
    not json
    {"id": 3, "title": "no text"}

    {"id": "d", "text": "Les États-Unis et la Chine négocient. Un accord est proche."}

    """

  @Test func outputLinesAreExactlyAsBefore() throws {
    // The line as the version that built it with JSONSerialization and strings wrote it (b00c721):
    // keys sorted, the others as given; the record's own "brief" is passed through as
    // "input_brief" (b00c721 replaced it with ours, and said nothing).
    let input =
      #"{"id": 7, "text": "La Chine investit. Les puces.", "brief": "x", "extra": [1, {"b": null}], "z": "é\"\n"}"#
    let result = try PrecisProcess.run(["batch", "-"], stdin: Data((input + "\n").utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let expected =
      #"{"brief":"Summary (2 of 2 sentences)\n  • La Chine [China] investit.\n  • Les puces [chips].\n\n"#
      + #"Key terms (French → English, count, first sentence)\n  Chine  →  China  1  #1\n  puce   →  chip   1  #2\n","#
      + #""extra":[1,{"b":null}],"id":7,"input_brief":"x","keyTerms":[{"count":1,"source":"Chine","target":"China"},"#
      + #"{"count":1,"source":"puce","target":"chip"}],"summary":[{"score":0.3325,"sentence":0,"#
      + #""text":"La Chine investit."},{"score":0.1575,"sentence":1,"text":"Les puces."}],"z":"é\"\n"}"#
    #expect(result.stdout == expected + "\n")
    #expect(
      result.stderr.hasPrefix(
        "-: warning: 1 record has its own \"brief\" field: it is passed through as \"input_brief\""),
      "\(result.stderr)")
    #expect(result.stderr.contains("precis batch: 1 record, 0 failed, "), "\(result.stderr)")
  }

  /// A record's own field named as one of the result's is passed through under another name, with
  /// one warning for the run: OrangeSum's reference "summary" was replaced by ours in silence, and
  /// a field "error" made a result look failed.
  @Test func aRecordsOwnResultFieldsArePassedThroughRenamed() throws {
    let lines = [
      #"{"id": 1, "text": "Le chat dort.", "summary": "Un chat.", "error": null}"#,
      #"{"id": 2, "text": "Le chien dort.", "summary": "Un chien.", "input_summary": 5}"#,
      #"{"id": 3, "text": "Le rat dort."}"#,
    ]
    let result = try PrecisProcess.run(["batch", "-"], stdin: Data(lines.joined(separator: "\n").utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let records = try result.stdout.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    try #require(records.count == 3)
    #expect(records[0]["input_summary"] as? String == "Un chat.")
    #expect(records[0]["input_error"] is NSNull && records[0]["error"] == nil)
    #expect(records[1]["input_input_summary"] as? String == "Un chien.")
    #expect(records[1]["input_summary"] as? Int == 5)
    #expect(records.allSatisfy { $0["summary"] is [Any] })
    #expect(records[2].keys.sorted() == ["brief", "id", "keyTerms", "summary"])
    #expect(
      result.stderr.contains(
        "-: warning: 2 records have their own \"summary\" field: it is passed through as \"input_summary\", "
          + "since a result's \"summary\" is Precis's"), "\(result.stderr)")
    #expect(
      result.stderr.contains(
        "-: warning: 1 record has its own \"error\" field: it is passed through as \"input_error\", "
          + "since \"error\" marks a failed record's result"), "\(result.stderr)")
    #expect(result.stderr.components(separatedBy: "warning:").count == 3, "\(result.stderr)")
  }

  /// A pipeline that stops before some stage runs, and the fields it does not make are empty:
  /// a warning names each, once, before the records.
  @Test func aPartialPipelineWarnsWhichFieldsAreEmpty() throws {
    let pipeline = try BadInputTests.pipeline(glossary: nil)
    let result = try PrecisProcess.run(
      ["batch", "-", "--pipeline", pipeline], stdin: Data(#"{"id": 1, "text": "Le chat dort."}"#.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == #"{"brief":"","id":1,"keyTerms":[],"summary":[]}"# + "\n")
    for (stage, field) in [("translate-terms", "keyTerms"), ("summarize", "summary"), ("render", "brief")] {
      #expect(
        result.stderr.contains(
          "warning: the pipeline has no \(stage) stage: every record's \"\(field)\" is empty"),
        "\(result.stderr)")
    }
    let full = try PrecisProcess.run(
      ["batch", "-"], stdin: Data(#"{"id": 1, "text": "Le chat dort."}"#.utf8))
    #expect(!full.stderr.contains("warning"), "\(full.stderr)")
  }

  /// On a terminal, the batch shows its progress on standard error (records, records/s) and
  /// clears the line at the end; not when its results go to the same terminal, where they broke
  /// the line (nor when standard error is no terminal: the other tests' runs show none).
  @Test func progressShowsOnATerminalUnlessTheResultsGoThere() throws {
    let executable = try #require(PrecisProcess.executable)
    let corpus = try TemporaryFile.write(
      (0..<300).map { #"{"id": \#($0), "text": "Le ministre a présenté le rapport \#($0)."}"# }.joined(
        separator: "\n"), named: "progress.jsonl")
    let output = TemporaryFile.unusedPath("progress-out.jsonl")
    guard
      let (status, shown) = try BadInputTests.onTerminal("'\(executable)' batch '\(corpus)' -o '\(output)'")
    else { return }
    #expect(status == 0, "\(shown)")
    // (The progress line: `\r  256 records  900 records/s  85%  ETA 0 s`.)
    #expect(shown.contains(" records  ") && shown.contains(" records/s"), "\(shown)")
    #expect(shown.contains("\r\u{1B}[K"))
    #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 300)
    let toTerminal = try #require(try BadInputTests.onTerminal("'\(executable)' batch '\(corpus)'"))
    #expect(toTerminal.status == 0)
    // (The closing summary gives the records per second too, on a line of its own.)
    #expect(!toTerminal.output.contains("\r\u{1B}[K"), "\(toTerminal.output)")
    #expect(!toTerminal.output.contains(" records  "), "\(toTerminal.output)")
    #expect(toTerminal.output.contains(#""id":299"#))
  }

  @Test func everyLineGivesOneResultInOrderAndFailuresAreCounted() throws {
    let result = try PrecisProcess.run(
      ["batch", "-", "--jobs", "2"], stdin: Data(BatchCommandTests.corpus.utf8))
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("precis batch: 4 records, 2 failed, 1 blank line skipped, "), "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(objects[0]?["id"] as? String == "a")
    #expect(objects[0]?["source"] as? String == "x")
    #expect((objects[0]?["brief"] as? String)?.contains("IA [AI]") == true)
    #expect((objects[0]?["summary"] as? [[String: Any]])?.isEmpty == false)
    let error = objects[1]?["error"] as? [String: Any]
    #expect(error?["line"] as? Int == 2)
    #expect(objects[2]?["id"] as? Int == 3)
    #expect((objects[2]?["error"] as? [String: Any])?["line"] as? Int == 3)
    #expect(objects[3]?["id"] as? String == "d")
  }

  /// The peak resident set of `precis batch` over `records` lines of about 4 KB, through a
  /// pipeline that only normalizes (each output line still carries the record's fields), as
  /// the kernel reports it to the parent (Python's `os.wait4`); `nil` without `python3`.
  static func peakResident(records: Int) throws -> Int? {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("precis-rss-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipeline = folder.appendingPathComponent("pipeline.yaml").path
    try "version: 1\nstages:\n  - id: normalize\n    type: normalize\n"
      .write(toFile: pipeline, atomically: true, encoding: .utf8)
    let padding = String(repeating: "mot ", count: 1_000)
    let corpus = folder.appendingPathComponent("corpus.jsonl").path
    try (1...records).map { #"{"id":"\#($0)","text":"Texte.","note":"\#(padding)"}"# }
      .joined(separator: "\n").write(toFile: corpus, atomically: true, encoding: .utf8)
    guard let precis = PrecisProcess.executable else { return nil }
    let script = """
      import os, subprocess, sys
      child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
      _, status, usage = os.wait4(child.pid, 0)
      print(usage.ru_maxrss if status == 0 else -1)
      """
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", "-c", script, precis, "batch", corpus, "--pipeline", pipeline]
    let output = Pipe()
    python.standardOutput = output
    python.standardError = FileHandle.nullDevice
    guard (try? python.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    python.waitUntilExit()
    guard python.terminationStatus == 0 else { return nil }
    let kilobytes = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).first
    return kilobytes.flatMap { Int($0) }.map { $0 * 1024 }
  }

  /// A batch holds a window of records, whatever the corpus size: every output line used to
  /// stay allocated (4 KB a record here, so 18 MB more for the longer run).
  @Test func memoryStaysFlatWhateverTheCorpusSize() throws {
    if let sanitizer = ProcessInfo.processInfo.environment["PRECIS_SANITIZER"] {
      print("skipped: the \(sanitizer) sanitizer keeps freed memory in quarantine")
      return
    }
    guard let short = try Self.peakResident(records: 500), let long = try Self.peakResident(records: 5_000)
    else {
      print("skipped: python3 is needed to read a child's peak resident set")
      return
    }
    #expect(short > 0 && long > 0)
    #expect(long - short < 8_000_000, "500 records: \(short) bytes, 5,000 records: \(long) bytes")
  }

  /// A summary item says how the brief shows its quotation: `{"cutBefore":"\""}` for a
  /// sentence shown without the start of its quotation.
  @Test func aSummaryItemSaysWhereItsQuotationIsCut() throws {
    let pipeline = try String(contentsOfFile: Golden.packageRoot + "/pipeline.yaml", encoding: .utf8)
      .replacingOccurrences(of: "sentences: 3", with: "sentences: 1")
      .replacingOccurrences(of: "lexicons/", with: Golden.packageRoot + "/lexicons/")
    let path = try TemporaryFile.write(pipeline, named: "pipeline.yaml")
    let record = try JSONSerialization.data(withJSONObject: ["id": 1, "text": CommandTests.quotedArticle])
    let result = try PrecisProcess.run(["batch", "-", "--pipeline", path], stdin: record)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(#""summary":[{"quotation":{"cutBefore":"\""},"score":"#), "\(result.stdout)")
    let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let summary = try #require(parsed?["summary"] as? [[String: Any]])
    #expect(summary.count == 1 && (summary[0]["quotation"] as? [String: String]) == ["cutBefore": "\""])
  }

  @Test func outputIsTheSameForAnyNumberOfJobsAndWrittenWhole() throws {
    let input = Data(BatchCommandTests.corpus.utf8)
    let one = try PrecisProcess.run(["batch", "-", "--jobs", "1"], stdin: input)
    let two = try PrecisProcess.run(["batch", "-", "--jobs", "2"], stdin: input)
    #expect(one.stdout == two.stdout)
    let path = TemporaryFile.unusedPath("batch.jsonl")
    let written = try PrecisProcess.run(["batch", "-", "--output", path], stdin: input)
    #expect(written.stdout.isEmpty)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == one.stdout)
    let missing = try PrecisProcess.run(
      ["batch", "-", "--output", "/no/such/folder/out.jsonl"], stdin: input)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("cannot write '/no/such/folder/out.jsonl'"))
  }
}
