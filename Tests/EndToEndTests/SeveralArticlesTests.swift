import Foundation
import PrecisTestSupport
import Testing

/// `translate-and-summarize` given several articles: one pipeline, their briefs in order in one
/// output, and an article that fails passed over.
struct SeveralArticlesTests {
  static let articles = [
    "fixtures/15-social-greve-chantier-naval/input.txt",
    "fixtures/17-page-html-greve-chantier-naval/input.txt",
    CommandTests.seed,
  ]

  @Test func briefsComeInOrderEachAsItsOwnRunGivesIt() throws {
    var expected = ""
    var warnings = ""
    for (index, article) in SeveralArticlesTests.articles.enumerated() {
      let alone = try PrecisProcess.run(["translate-and-summarize", article])
      #expect(alone.status == 0, "\(alone.stderr)")
      expected += (index == 0 ? "" : "\n") + "==> \(article) <==\n" + alone.stdout
      warnings += alone.stderr
    }
    for jobs in ["1", "2", "5"] {
      let together = try PrecisProcess.run(
        ["translate-and-summarize", "--jobs", jobs] + SeveralArticlesTests.articles)
      #expect(together.status == 0, "\(together.stderr)")
      #expect(together.stdout == expected)
      #expect(together.stderr == warnings)
    }
  }

  @Test func anArticleThatFailsIsToldAndTheOthersGoOn() throws {
    let articles = [
      SeveralArticlesTests.articles[0], "no-such-article.txt", SeveralArticlesTests.articles[2],
    ]
    let result = try PrecisProcess.run(["translate-and-summarize"] + articles)
    #expect(result.status == 1)
    #expect(result.stderr.contains("no-such-article.txt: error: cannot read 'no-such-article.txt'"))
    #expect(result.stderr.contains("1 of 3 articles failed"))
    let headers = result.stdout.split(separator: "\n").filter { $0.hasPrefix("==> ") }
    #expect(headers == ["==> \(articles[0]) <==", "==> \(articles[2]) <=="])
    // A folder: the note says how to brief its files.
    let folder = try PrecisProcess.run(["translate-and-summarize", "fixtures/00-seed/", articles[0]])
    #expect(folder.status == 1)
    #expect(folder.stderr.contains("cannot read 'fixtures/00-seed/': it is a directory"))
    #expect(
      folder.stderr.contains(
        "note: to read every article in it: precis translate-and-summarize fixtures/00-seed/*"))
    // The output file too holds the others' briefs.
    let output = try TemporaryFile.folder("several") + "/briefs.txt"
    let written = try PrecisProcess.run(["translate-and-summarize", "-o", output] + articles)
    #expect(written.status == 1)
    #expect(try String(contentsOfFile: output, encoding: .utf8) == result.stdout)
  }

  @Test func jsonIsAnArrayAndHTMLOnePage() throws {
    let json = try PrecisProcess.run(
      ["translate-and-summarize", "--format", "json"] + SeveralArticlesTests.articles)
    #expect(json.status == 0, "\(json.stderr)")
    let documents = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(documents.map { $0["source"] as? String } == SeveralArticlesTests.articles)
    let html = try PrecisProcess.run(
      ["translate-and-summarize", "--format", "html"] + SeveralArticlesTests.articles)
    #expect(html.status == 0, "\(html.stderr)")
    #expect(html.stdout.components(separatedBy: "<!DOCTYPE html>").count == 2)
    #expect(html.stdout.components(separatedBy: "<article>\n<p class=\"source\">").count == 4)
    #expect(html.stdout.hasSuffix("</article>\n</body>\n</html>\n"))
  }

  /// `--files-from`: the paths of a list (from a file or standard input) after the arguments',
  /// and a path that fails is told with its line in the list.
  @Test func aListGivesTheArticlesAfterTheArguments() throws {
    let articles = SeveralArticlesTests.articles
    let all = try PrecisProcess.run(["translate-and-summarize"] + articles)
    #expect(all.status == 0, "\(all.stderr)")
    let list = try TemporaryFile.write("\(articles[1])\r\n\n\(articles[2])\n", named: "list.txt")
    let fromFile = try PrecisProcess.run(["translate-and-summarize", articles[0], "--files-from", list])
    #expect(fromFile.status == 0, "\(fromFile.stderr)")
    #expect(fromFile.stdout == all.stdout)
    let fromInput = try PrecisProcess.run(
      ["translate-and-summarize", "--files-from", "-"], stdin: Data(articles.joined(separator: "\n").utf8))
    #expect(fromInput.stdout == all.stdout)
    // One path in a list: still named, as the output of a list always is.
    let one = try PrecisProcess.run(
      ["translate-and-summarize", "--files-from", "-"], stdin: Data("\(articles[2])\n".utf8))
    #expect(one.stdout.hasPrefix("==> \(articles[2]) <==\n"))
    let wrong = try TemporaryFile.write("\(articles[0])\nmissing.txt\n", named: "wrong.txt")
    let failed = try PrecisProcess.run(["translate-and-summarize", "--files-from", wrong])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("note: listed on line 2 of \(wrong)"))
    let empty = try TemporaryFile.write("", named: "empty.txt")
    let none = try PrecisProcess.run(["translate-and-summarize", "--files-from", empty, "--format", "json"])
    #expect(none.status == 0)
    #expect(none.stdout == "[]\n")
    #expect(none.stderr.contains("the list of articles is empty"))
    let twice = try PrecisProcess.run(["translate-and-summarize", "--files-from", "-", "-"])
    #expect(twice.status == 2)
  }

  @Test func standardInputIsOneOfTheArticlesOnce() throws {
    let seed = try Data(contentsOf: URL(fileURLWithPath: Golden.packageRoot + "/" + CommandTests.seed))
    let result = try PrecisProcess.run(
      ["translate-and-summarize", SeveralArticlesTests.articles[0], "-"], stdin: seed)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\n==> - <==\nAutosuffisance [Self-sufficiency]"))
    let twice = try PrecisProcess.run(["translate-and-summarize", "-", "-"], stdin: seed)
    #expect(twice.status == 2)
    #expect(twice.stderr.contains("standard input ('-') can be given once only"))
  }

  /// `batch --files-from`: a result line a file, as the same articles give as records.
  @Test func batchOverFilesGivesTheResultsOfTheirRecords() throws {
    let articles = SeveralArticlesTests.articles
    var corpus = ""
    for article in articles {
      let text = try String(contentsOfFile: Golden.packageRoot + "/" + article, encoding: .utf8)
      let record = try JSONSerialization.data(
        withJSONObject: ["id": article, "text": text], options: [.sortedKeys, .withoutEscapingSlashes])
      corpus += String(decoding: record, as: UTF8.self) + "\n"
    }
    let records = try PrecisProcess.run(["batch", "-"], stdin: Data(corpus.utf8))
    #expect(records.status == 0, "\(records.stderr)")
    let list = articles.joined(separator: "\n") + "\n"
    for jobs in ["1", "2"] {
      let files = try PrecisProcess.run(
        ["batch", "--jobs", jobs, "--files-from", "-"], stdin: Data(list.utf8))
      #expect(files.status == 0, "\(files.stderr)")
      #expect(files.stdout == records.stdout)
      #expect(files.stderr.contains("precis batch: 3 records, 0 failed"))
    }
    // A file that cannot be read gives an error result with its line in the list.
    let gzip = try TemporaryFile.folder("gzip") + "/article.txt.gz"
    try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: URL(fileURLWithPath: gzip))
    let wrong = "\(articles[0])\nmissing.txt\n\nfixtures\n\(gzip)\n"
    let failed = try PrecisProcess.run(["batch", "--files-from", "-"], stdin: Data(wrong.utf8))
    #expect(failed.status == 1)
    let lines = failed.stdout.split(separator: "\n").map { String($0) }
    #expect(lines.count == 4)
    #expect(lines[0] == records.stdout.split(separator: "\n").first.map(String.init))
    #expect(
      lines[1].hasPrefix(
        #"{"error":{"kind":"input","line":2,"message":"cannot read 'missing.txt': no such file""#))
    #expect(lines[2].contains(#""line":4,"message":"cannot read 'fixtures': it is a directory""#))
    #expect(lines[3].contains("gunzip -c \(gzip) > FILE.txt"))
    #expect(failed.stderr.contains("4 records, 3 failed"))
    // A file past --max-record-bytes is refused unread, in its place.
    let bounded = try PrecisProcess.run(
      ["batch", "--files-from", "-", "--max-record-bytes", "1K"], stdin: Data(list.utf8))
    #expect(bounded.status == 1)
    #expect(
      bounded.stdout.contains(
        #""line":1,"message":"the file is 1304 bytes long, more than the 1024 of --max-record-bytes""#))
    let both = try PrecisProcess.run(["batch", "corpus.jsonl", "--files-from", "-"])
    #expect(both.status == 2)
    #expect(both.stderr.contains("give a JSON Lines corpus or --files-from, not both"))
    let titled = try PrecisProcess.run(["batch", "--files-from", "-", "--title"], stdin: Data(list.utf8))
    #expect(titled.status == 2)
    #expect(titled.stderr.contains("--title reads a record's \"title\""))
    #expect(titled.stderr.contains("files that open with a headline: --headline"))
    // --headline: a file that opens with a headline of two sentences has it as its title.
    let headlined = try TemporaryFile.folder("headline") + "/article.txt"
    try Data(
      "VIDÉO. Hollande refuse\n\nFrançois Hollande a refusé de nommer Emmanuel Macron. Il l'a dit jeudi.\n"
        .utf8
    ).write(to: URL(fileURLWithPath: headlined))
    let headline = try PrecisProcess.run(
      ["batch", "--files-from", "-", "--headline"], stdin: Data((headlined + "\n").utf8))
    #expect(headline.status == 0, "\(headline.stderr)")
    #expect(
      headline.stdout.contains(#""brief":"VIDÉO. Hollande refuse\n\nSummary (2 of 3 sentences)"#),
      "\(headline.stdout)")
  }

  /// `terms` over several articles: the terms counted over all of them, each row saying in how
  /// many it was seen; the same rows for any `--jobs`.
  @Test func termsOfSeveralArticlesAreCountedTogether() throws {
    let articles = SeveralArticlesTests.articles
    let together = try PrecisProcess.run(["terms", "--jobs", "1"] + articles)
    #expect(together.status == 0, "\(together.stderr)")
    let rows = together.stdout.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false)
    }
    #expect(rows.first == ["source", "target", "pos", "flags", "note"])
    #expect(rows.count > 2, "\(together.stdout)")
    // Fixtures 15 and 17 tell the same story (a text and a page): their terms recur in both.
    for row in rows.dropFirst() {
      #expect(row.count == 5 && row[1].isEmpty)
      // A name is kept as written, the other terms are still to do.
      #expect(row[3] == (row[2] == "proper noun" ? "keep" : "todo"))
      let note = String(row[4])
      let articlesSeen = note.firstMatch(of: /in (\d+) articles/).map { Int($0.1) ?? 0 } ?? 0
      #expect((2...3).contains(articlesSeen), "\(note)")
      #expect(articles.contains { note.contains("first in \($0), sentence ") }, "\(note)")
    }
    for jobs in ["2", "5"] {
      let again = try PrecisProcess.run(["terms", "--jobs", jobs] + articles)
      #expect(again.stdout == together.stdout)
    }
    // With --min-articles 1, the terms of one article are listed too.
    let any = try PrecisProcess.run(["terms", "--min-articles", "1", "--limit", "1000"] + articles)
    #expect(any.status == 0)
    #expect(any.stdout.split(separator: "\n").count > rows.count)
    // Rows left out by --limit are told on standard error; none are when all fit.
    #expect(!any.stderr.contains("--limit N lists more"), "\(any.stderr)")
    let one = try PrecisProcess.run(["terms", "--min-articles", "1", "--limit", "1"] + articles)
    #expect(one.stdout.split(separator: "\n").count == 2)
    let total = any.stdout.split(separator: "\n").count - 1
    #expect(
      one.stderr.contains("precis terms: the first 1 of \(total) terms (--limit N lists more)"),
      "\(one.stderr)")
    // One article alone: its own terms, as before.
    let alone = try PrecisProcess.run(["terms", articles[0]])
    #expect(alone.status == 0)
    #expect(alone.stdout.contains("first in sentence "))
    #expect(!alone.stdout.contains(" articles"))
    // An article that cannot be read is told; the others' terms are listed.
    let list = try TemporaryFile.write("\(articles[1])\nmissing.txt\n", named: "list.txt")
    let failed = try PrecisProcess.run(["terms", articles[0], "--files-from", list])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("cannot read 'missing.txt'"))
    #expect(failed.stderr.contains("listed on line 2 of \(list)"))
    #expect(
      failed.stderr.contains("precis terms: 1 of 3 articles failed; the list holds the terms of the others"))
    #expect(failed.stdout.hasPrefix("source\ttarget\tpos\tflags\tnote\n"))
    #expect(failed.stdout.split(separator: "\n").count > 1)
    let folder = try PrecisProcess.run(["terms", "fixtures/00-seed", articles[0]])
    #expect(folder.status == 1)
    #expect(folder.stderr.contains("note: to read every article in it: precis terms fixtures/00-seed/*"))
    let zero = try PrecisProcess.run(["terms", "--min-articles", "0"] + articles)
    #expect(zero.status == 2)
    #expect(zero.stderr.contains("--min-articles must be at least 1"))
  }

  /// `batch --terms`: the corpus's uncovered terms, written beside the results (which do not
  /// change), as `terms` lists them over the same articles.
  @Test func batchWritesTheTermsOfTheCorpus() throws {
    let articles = SeveralArticlesTests.articles
    let folder = try TemporaryFile.folder("batch-terms")
    let list = articles.joined(separator: "\n") + "\n"
    let plain = try PrecisProcess.run(["batch", "--files-from", "-"], stdin: Data(list.utf8))
    let listed = try PrecisProcess.run(
      ["batch", "--files-from", "-", "--terms", folder + "/files.tsv", "--jobs", "2"], stdin: Data(list.utf8))
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout == plain.stdout)
    let terms = try PrecisProcess.run(["terms", "--limit", "100000"] + articles)
    let fromFiles = try String(contentsOfFile: folder + "/files.tsv", encoding: .utf8)
    #expect(fromFiles == terms.stdout)
    #expect(fromFiles.split(separator: "\n").count > 2)
    // From JSON Lines, each term's first record is named by its line.
    var corpus = ""
    for article in articles {
      let text = try String(contentsOfFile: Golden.packageRoot + "/" + article, encoding: .utf8)
      let record = try JSONSerialization.data(
        withJSONObject: ["id": article, "text": text], options: [.sortedKeys])
      corpus += String(decoding: record, as: UTF8.self) + "\n"
    }
    let records = try PrecisProcess.run(
      ["batch", "-", "--terms", folder + "/records.tsv", "--terms-min-articles", "2"],
      stdin: Data(corpus.utf8))
    #expect(records.status == 0, "\(records.stderr)")
    // The closing summary says how many rows the file holds.
    let rows = fromFiles.split(separator: "\n").count - 1
    #expect(records.stderr.contains("; \(rows) terms written to \(folder)/records.tsv"), "\(records.stderr)")
    var expected = fromFiles
    for (index, article) in articles.enumerated() {
      expected = expected.replacingOccurrences(
        of: "first in \(article),", with: "first in line \(index + 1),"
      )
      .replacingOccurrences(of: "; in \(article),", with: "; in line \(index + 1),")
    }
    #expect(expected.contains("; in line "), "\(expected)")
    #expect(try String(contentsOfFile: folder + "/records.tsv", encoding: .utf8) == expected)
    let stdout = try PrecisProcess.run(["batch", "-", "--terms", "-"], stdin: Data(corpus.utf8))
    #expect(stdout.status == 2)
    #expect(stdout.stderr.contains("--terms writes a file"))
    let noStage = try TemporaryFile.write(
      "version: 1\nstages:\n  - type: normalize\n", named: "normalize.yaml")
    let partial = try PrecisProcess.run(
      ["batch", "-", "--pipeline", noStage, "--terms", folder + "/none.tsv"], stdin: Data(corpus.utf8))
    #expect(partial.status == 2)
    #expect(
      partial.stderr.contains("the pipeline has no translate-terms stage: --terms has no terms to count"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/none.tsv"))
  }
}
