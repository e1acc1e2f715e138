import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisGlossary

@Suite("TermCounts")
struct TermCountsTests {
  /// Articles whose runs make chains (a run and its plural, `Paris` and `pari`), examples in
  /// later articles, names, reporting verbs and forms written otherwise than normalized.
  static let articles: [[String]] = [
    ["Le bouclier tarifaire coûte cher.", "Un éléphant traverse.", "Un éléphant dort.", "Xi Jinping parle."],
    ["Le maire de Paris parle.", "Un pari risqué.", "\"Rien\", explique le maire."],
    [
      "Hier encore, le ministre a défendu le bouclier tarifaire, qui coûte cher aux finances publiques.",
      "Des éléphants boivent.", "Xi Jinping répond.",
    ],
    ["Il vit à Paris depuis un an.", "Le pari est perdu.", "« Tout », explique un élu."],
    ["Le bouclier tarifaire et les boucliers tarifaires.", "Le Covid-19 revient.", "Un autre pari."],
    [
      "Les boucliers tarifaires.", "Voir www.paris.fr pour Paris et les paris sportifs.",
      "Le Covid-19 recule.",
    ],
    ["Dimanche soir, la foule.", "Un concert dimanche soir.", "Il explique encore."],
    ["Trois éléphants dorment.", "Il pleuvait dimanche soir.", "Paris brille.", "Paris dort."],
  ]

  /// Each article counted by `stage`, with its name.
  static func counted(_ stage: TranslateTermsStage) throws -> [(String, CorpusTerms.Article)] {
    try articles.enumerated().map { number, lines in
      var document = Fixture.document(lines)
      try stage.run(&document, context: StageContext(stageID: "terms"))
      return ("\(number).txt", stage.corpusArticle(of: document))
    }
  }

  /// The counts of `articles`, as saved and read back.
  static func saved(
    _ articles: ArraySlice<(String, CorpusTerms.Article)>, stage: TranslateTermsStage
  ) throws -> TermCounts {
    var part = stage.corpus(minimumArticles: 1, keepingFirstExamples: true)
    for (source, article) in articles { part.add(article, source: source) }
    return try TermCounts(decoding: TermCounts(part).encoded(), path: "part.counts")
  }

  @Test("a corpus counted in parts, saved and added up in order, gives the whole corpus's rows exactly")
  func partsAddUp() throws {
    let stage = try CorpusTermsTests.stage()
    let counted = try TermCountsTests.counted(stage)
    for minimum in [1, 2] {
      var whole = stage.corpus(minimumArticles: minimum)
      for (source, article) in counted { whole.add(article, source: source) }
      let expected = whole.candidates()
      #expect(expected.contains { $0.example != nil } && expected.contains { !$0.variants.isEmpty })
      // Cut in two at every place, and in three.
      let cuts = (0...counted.count).map { [$0] } + [[2, 5], [1, 3], [3, 4], [0, 8]]
      for cut in cuts {
        let bounds = [0] + cut + [counted.count]
        var added = stage.corpus(minimumArticles: minimum)
        for (start, end) in zip(bounds, bounds.dropFirst()) {
          try added.add(TermCountsTests.saved(counted[start..<end], stage: stage), from: "part.counts")
        }
        #expect(added.candidates() == expected, "cut at \(cut)")
        #expect(added.candidates(ranking: .count) == whole.candidates(ranking: .count), "cut at \(cut)")
      }
      // Parts added up into a corpus that keeps first examples, saved again, add up the same.
      var first = stage.corpus(minimumArticles: 1, keepingFirstExamples: true)
      try first.add(TermCountsTests.saved(counted[0..<3], stage: stage), from: "a")
      try first.add(TermCountsTests.saved(counted[3..<5], stage: stage), from: "b")
      var again = stage.corpus(minimumArticles: minimum)
      try again.add(TermCounts(decoding: TermCounts(first).encoded(), path: "ab"), from: "ab")
      try again.add(TermCountsTests.saved(counted[5...], stage: stage), from: "c")
      #expect(again.candidates() == expected)
    }
  }

  @Test("the same corpus gives the same file, and articles can be renamed")
  func deterministic() throws {
    let stage = try CorpusTermsTests.stage()
    let counted = try TermCountsTests.counted(stage)
    let once = try TermCountsTests.saved(counted[...], stage: stage)
    let twice = try TermCountsTests.saved(counted[...], stage: stage)
    #expect(once.encoded() == twice.encoded())
    #expect(once.articleCount == counted.count)
    var corpus = stage.corpus(minimumArticles: 2)
    try corpus.add(once, from: "week.counts")
    corpus.renameArticles { "week.jsonl:" + $0.dropLast(".txt".count) }
    let shield = try #require(corpus.candidates().first { $0.form == "bouclier tarifaire" })
    #expect(shield.firstSource == "week.jsonl:0")
    #expect(shield.example?.source == "week.jsonl:2")
  }

  @Test("a file that is no counts, cut short, damaged or of another version is refused, never misread")
  func refused() throws {
    let stage = try CorpusTermsTests.stage()
    let bytes = try TermCountsTests.saved(try TermCountsTests.counted(stage)[...], stage: stage).encoded()
    func message(_ bytes: [UInt8]) -> String? {
      do {
        _ = try TermCounts(decoding: bytes, path: "week.counts")
        return nil
      } catch {
        return "\(error)"
      }
    }
    #expect(message(Array("source\ttarget\n".utf8))?.contains("is no file of term counts") == true)
    for length in stride(from: 0, to: bytes.count, by: 7) {
      #expect(message(Array(bytes.prefix(length))) != nil, "cut at \(length)")
    }
    #expect(message(bytes + [0])?.contains("goes on after its counts") == true)
    var version = bytes
    version[TermCounts.signature.count] = 9
    #expect(message(version)?.contains("of format 9; this Precis reads format 1") == true)
    // Any byte changed: refused, or read into counts that add up without a crash.
    for offset in stride(from: TermCounts.signature.count, to: bytes.count, by: 3) {
      var damaged = bytes
      damaged[offset] ^= 0x41
      guard let counts = try? TermCounts(decoding: damaged, path: "week.counts") else { continue }
      var corpus = stage.corpus(minimumArticles: 1)
      try? corpus.add(counts, from: "week.counts")
      _ = corpus.candidates()
    }
  }

  @Test("counts of another language or other stopwords are not added")
  func otherPipeline() throws {
    let stage = try CorpusTermsTests.stage()
    let counts = try TermCountsTests.saved(try TermCountsTests.counted(stage)[...], stage: stage)
    let english = CorpusTerms(
      finder: TermCandidates(stopwords: ["le", "la"], minimumCount: 2, language: "en"), minimumArticles: 1)
    var corpus = english
    #expect(throws: InputError.self) { try corpus.add(counts, from: "week.counts") }
    var other = CorpusTerms(
      finder: TermCandidates(stopwords: ["le", "la"], minimumCount: 2, language: "fr"), minimumArticles: 1)
    do {
      try other.add(counts, from: "week.counts")
      Issue.record("counts of other stopwords were added")
    } catch {
      #expect("\(error)".contains("bounded by other stopwords"))
    }
    #expect(other.articleCount == 0)
  }
}
