import Foundation
import PrecisCore
import PrecisFuzzing
import PrecisGlossary
import PrecisSegmentation
import PrecisStages
import PrecisTestSupport
import Testing

/// Every input a fuzzer once crashed on (`findings/TARGET/`), replayed for ever, and what each
/// must now answer.
struct FindingsTests {
  static let folder = FilePath.directory(of: #filePath) + "/findings"

  static func findings() -> [(FuzzTarget, String)] {
    FuzzTarget.allCases.flatMap { target in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + target.rawValue)) ?? []
      return names.sorted().map { (target, folder + "/" + target.rawValue + "/" + $0) }
    }
  }

  @Test func thereAreFindingsToReplay() {
    #expect(FindingsTests.findings().count >= 3)
  }

  /// The target returns (a trap would end the test process).
  @Test(
    arguments: FindingsTests.findings().map { "\($0.0.rawValue)/\(($0.1 as NSString).lastPathComponent)" })
  func replays(_ name: String) throws {
    let target = try #require(FuzzTarget(rawValue: String(name.prefix { $0 != "/" })))
    let bytes = try #require(FileManager.default.contents(atPath: FindingsTests.folder + "/" + name))
    target.run([UInt8](bytes))
  }

  /// A page that declares UTF-8 but holds bytes that are not (fixture 17's, mutated): libxml2,
  /// left to read it, switched to ISO-8859-1 in the middle and wrote bytes that were not UTF-8
  /// (and the rest as mojibake, `rÃ©unir`). ICU now converts the page first, what is not UTF-8
  /// becoming U+FFFD.
  @Test func aPageDeclaringUTF8ThatIsNot() throws {
    let bytes = try #require(
      FileManager.default.contents(
        atPath: FindingsTests.folder + "/html-page/utf8-declared-page-with-invalid-bytes.html"))
    let page = Array("<!DOCTYPE html>".utf8) + [UInt8](bytes)
    #expect(FuzzTarget.pageProblem(page) == nil)
    let extracted = try #require(page.withUnsafeBufferPointer(HTMLPage.extract))
    #expect(extracted.declared == "utf-8")
    let text = String(decoding: extracted.text, as: UTF8.self)
    #expect(text.contains("J'appelle l'État à réunir toutes les parties"))
    #expect(text.contains("\u{FFFD}") && !text.contains("Ã"))
  }

  static func tbxError(_ file: String) throws -> String {
    let bytes = try #require(FileManager.default.contents(atPath: folder + "/glossary-tbx/" + file))
    do {
      _ = try Glossary(
        file: SourceFile(path: file), contents: [UInt8](bytes), sourceLanguage: "fr", targetLanguage: "en",
        tokenizer: try WordTokenizer(language: "fr").makeWorker())
    } catch let error as LexiconError {
      return error.description
    }
    Issue.record("no error")
    return ""
  }

  @Test func aTBXElementNameThatIsNotUTF8IsAnError() throws {
    let message = try FindingsTests.tbxError("invalid-utf8-element-name.tbx")
    // The line is shown, the invalid byte as U+FFFD and the caret under it.
    #expect(message.contains("invalid-utf8-element-name.tbx:6:10: error: invalid TBX: the file is not UTF-8"))
    #expect(message.contains("\n    <descri\u{FFFD} type=\"subjectField\">economy</descrip>\n           ^"))
  }

  @Test func aTBXProcessingInstructionIsAnError() throws {
    let message = try FindingsTests.tbxError("processing-instruction-without-data.tbx")
    #expect(
      message.contains(
        "processing-instruction-without-data.tbx:1:1: error: invalid TBX: a processing instruction"))
  }

  @Test func aDuplicateKeyAfterCarriageReturnsIsReportedAtItsLine() throws {
    let path = FindingsTests.folder + "/pipeline-file/duplicate-key-after-cr-line-breaks.yaml"
    let yaml = try String(contentsOfFile: path, encoding: .utf8)
    #expect(throws: PipelineError.self) {
      try PrecisStages.loader.load(yaml: yaml, file: "p.yaml", baseDirectory: ".")
    }
    do {
      _ = try PrecisStages.loader.load(
        yaml: "version: 1\rstages: []\r\nversion: 1\r", file: "p.yaml", baseDirectory: ".")
    } catch let error as PipelineError {
      #expect(error.description.contains("p.yaml:3:1: error: duplicate key 'version'"), "\(error)")
    }
  }
}

struct FuzzTargetTests {
  @Test func theSharedResourcesLoad() throws {
    try FuzzTarget.prepare()
  }

  /// The `batch-record` target's seeds pass its checks (a failed check would end the process).
  @Test func theBatchRecordSeedsPass() throws {
    let folder = FuzzTarget.sourceTree + "/Fuzz/seeds/batch-record"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names.count >= 8)
    for name in names {
      FuzzTarget.batchRecord.run(
        [UInt8](try #require(FileManager.default.contents(atPath: folder + "/" + name))))
    }
  }

  /// The `batch-corpus` target's seeds pass its checks, and its check finds a result missing.
  @Test func theBatchCorpusSeedsPass() throws {
    let folder = FuzzTarget.sourceTree + "/Fuzz/seeds/batch-corpus"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names.count >= 5)
    let pipeline = try PrecisStages.loader.load(
      yaml: "version: 1\nstages:\n  - type: normalize\n", file: "n.yaml", baseDirectory: FuzzTarget.sourceTree
    )
    for name in names {
      let bytes = [UInt8](try #require(FileManager.default.contents(atPath: folder + "/" + name)))
      #expect(FuzzTarget.corpusProblem(bytes, pipeline: pipeline) == nil, "\(name)")
      FuzzTarget.batchCorpus.run(bytes)
    }
    let corpus = Array("{\"text\": \"a\"}\n\n{\"text\": \"b\"}\n".utf8)
    let run = try #require(FuzzTarget.runBatch(corpus, pipeline: pipeline, jobs: 2, chunk: 1))
    #expect(run.results.count == 2 && run.records == 2 && run.blank == 1)
    #expect(FuzzTarget.runBatch([0x1F, 0x8B, 0x08], pipeline: pipeline, jobs: 1, chunk: 1) == nil)
    // Past a limit, a line fails in its place.
    let text = String(repeating: "a", count: 80)
    let long = Array(#"{"id": 1, "text": "\#(text)"}"#.utf8) + Array("\n{\"text\": \"b\"}\n".utf8)
    let limited = try #require(
      FuzzTarget.runBatch(long, pipeline: pipeline, jobs: 2, chunk: 1, recordLimit: 64))
    #expect(limited.results.map(\.failed) == [true, false] && limited.failed == 1)
  }

  /// The `corpus-terms` target's check passes on articles apart at form feeds, the same story
  /// twice (whose terms it then checks), and on bytes that are no articles.
  @Test func theCorpusTermsCheckPasses() throws {
    let story = try String(
      contentsOfFile: FuzzTarget.sourceTree + "/fixtures/15-social-greve-chantier-naval/input.txt",
      encoding: .utf8)
    let seed = try String(
      contentsOfFile: FuzzTarget.sourceTree + "/seeds/000_57ec98a38cfd9253.txt", encoding: .utf8)
    // (The first byte's low bits ask for 1 to 4 articles, the others where to cut the corpus
    // in two parts added up: after 0, 1, 2 or 3 articles.)
    for first: UInt8 in [0, 1, 3, 4, 9, 15] {
      let bytes = [first] + Array((story + "\u{0C}" + seed + "\u{0C}" + story).utf8)
      #expect(FuzzTarget.corpusTermsProblem(bytes) == nil)
    }
    #expect(FuzzTarget.corpusTermsProblem([2, 0x0C, 0x0C, 0xFF, 0x0C]) == nil)
    #expect(FuzzTarget.corpusTermsProblem([]) == nil)
  }

  /// The `term-counts` target's check passes on its seeds (counts `precis terms --counts`
  /// saved) and on bytes that are no counts.
  @Test func theTermCountsCheckPasses() throws {
    let folder = FuzzTarget.sourceTree + "/Fuzz/seeds/term-counts"
    let seeds = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(seeds.count >= 3)
    for seed in seeds {
      let bytes = try #require(FileManager.default.contents(atPath: folder + "/" + seed))
      #expect(try TermCounts(decoding: [UInt8](bytes), path: seed).articleCount >= 1)
      #expect(FuzzTarget.termCountsProblem([UInt8](bytes)) == nil, "\(seed)")
    }
    #expect(FuzzTarget.termCountsProblem(Array("precis term counts\n".utf8)) == nil)
    #expect(FuzzTarget.termCountsProblem([]) == nil)
  }

  /// The target's check of a result finds what a broken one would write.
  @Test func aBrokenBatchResultIsFound() throws {
    let pipeline = try PrecisStages.loader.load(file: FuzzTarget.sourceTree + "/pipeline.yaml")
    let good = Batch.process(Data(#"{"id": 1, "text": "Le chat dort."}"#.utf8), number: 3, pipeline: pipeline)
    #expect(FuzzTarget.problem(with: good, line: 3) == nil)
    let failed = Batch.process(Data("nope".utf8), number: 3, pipeline: pipeline)
    #expect(failed.failed && FuzzTarget.problem(with: failed, line: 3) == nil)
    #expect(FuzzTarget.problem(with: failed, line: 4) == "failed without an error at its line")
    var split = good
    split.bytes.insert(0x0A, at: 1)
    #expect(FuzzTarget.problem(with: split, line: 3) == "is not one line ending with a line feed")
    var cut = good
    cut.bytes.removeFirst()
    #expect(FuzzTarget.problem(with: cut, line: 3) == "is not a JSON object")
    var mislabelled = good
    mislabelled.failed = true
    #expect(FuzzTarget.problem(with: mislabelled, line: 3) == "failed without an error at its line")
    let placed = Batch.process(Data(#"{"text": NaN}"#.utf8), number: 3, pipeline: pipeline)
    #expect(FuzzTarget.problem(with: placed, line: 3, input: Data(#"{"text": NaN}"#.utf8)) == nil)
    #expect(
      FuzzTarget.problem(with: placed, line: 3, input: Data("{}".utf8)) == "gives a column off its line")
    let notUTF8 = Data([0x7B, 0x22, 0xE9, 0x22, 0x7D])
    let refused = Batch.process(notUTF8, number: 3, pipeline: pipeline)
    #expect(FuzzTarget.problem(with: refused, line: 3, input: notUTF8) == nil)
    #expect(FuzzTarget.problem(with: refused, line: 3, lossy: true) == "failed for UTF-8 with --lossy")
    var unwarned = good
    unwarned.warned = true
    #expect(FuzzTarget.problem(with: unwarned, line: 3) == "says it warned and does not, or the other way")
  }
}

extension FindingsTests {
  @Test func aMalformedXMLDeclarationIsAnError() throws {
    let message = try FindingsTests.tbxError("malformed-declaration-leak.tbx")
    #expect(
      message.contains("malformed-declaration-leak.tbx:1:1: error: invalid TBX: a malformed XML declaration"))
  }
}
