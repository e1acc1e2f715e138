import PrecisCore
import Testing

@testable import PrecisSummarization

@Suite("summarize stage")
struct SummarizeStageTests {
  /// The article summarized with `sentences: 2`, set in the pipeline file.
  func twoSentences() throws -> (document: Document, summary: SummaryLayer) {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["sentences": .integer(2)], explicit: ["sentences"]))
    return (document, try #require(document.summary))
  }

  @Test("a word has two characters exactly when its grapheme count says so")
  func twoCharacters() {
    let pieces = ["a", "é", "e\u{301}", "\u{301}", "ß", "ÿ", "ā", "ʼ", "中", "🙂", "👨‍👩‍👧", "\u{200D}", "'", "1"]
    var words = pieces
    for first in pieces {
      for second in pieces { words.append(first + second) }
    }
    words += ["", "l'été", "ça", "à"]
    for word in words {
      #expect(
        SummarizeStage.hasTwoCharacters(word) == (word.count > 1), "\(word.unicodeScalars.map(\.value))")
    }
  }

  @Test("the fixture article segments as the tests expect")
  func fixtureShape() throws {
    let document = try Fixture.segmented(Fixture.article)
    let sentences = try #require(document.sentences)
    #expect(sentences.count == 10)
    #expect(document.title == 0)
    #expect(sentences[1].text == "Publié le 12/03/2025")
    #expect(sentences[6].text == sentences[3].text)
    #expect(sentences[6].standalone && sentences[6].paragraph != sentences[3].paragraph)
    #expect(sentences[9].text == "Partager sur Facebook")
  }

  @Test(
    "two budgets in the pipeline file are refused at the second; one on the command line replaces the file's")
  func budgetConflicts() throws {
    let both = Fixture.options(
      ["sentences": .integer(2), "words": .integer(30)], explicit: ["sentences", "words"])
    let error = try #require(throws: LexiconError.self) { try SummarizeStage(options: both) }
    #expect(error.diagnostic.message == "set only one budget: 'sentences', 'words' are all set")
    #expect(error.diagnostic.location == PrecisCore.SourceLocation(file: "p.yaml", line: 4, column: 5))
    var overridden = both
    overridden.overridden = ["words"]
    let document = try Fixture.summarized(Fixture.article, overridden)
    #expect(document.summary?.budget == "30 words")
  }

  @Test("sentences: 2 chooses exactly two sentences, in document order")
  func sentencesBudget() throws {
    let (_, summary) = try twoSentences()
    #expect(summary.budget == "2 sentences")
    #expect(summary.chosen.count == 2)
    #expect(summary.chosen == summary.chosen.sorted())
    #expect(summary.scores.filter(\.chosen).map(\.sentence) == summary.chosen)
    #expect(summary.scores.filter { $0.reason == "chosen" }.map(\.sentence) == summary.chosen)
    // The chosen are the two best ranked.
    #expect(Set(summary.chosen.compactMap { summary.scores[$0].rank }) == [1, 2])
  }

  @Test(
    "title, debris and pull quote are never chosen, and say why",
    arguments: [2, 50])
  func setAside(budget: Int) throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["sentences": .integer(budget)], explicit: ["sentences"]))
    let scores = try #require(document.summary?.scores)
    let expected = [
      0: "title", 1: "debris: publication date", 6: "debris: pull quote (repeats sentence 3)",
      9: "debris: share line",
    ]
    for (index, reason) in expected {
      #expect(scores[index].reason == reason)
      #expect(!scores[index].chosen)
      #expect(scores[index].rank == nil)
      #expect(scores[index].components == nil)
      #expect(scores[index].total == 0)
    }
    #expect(document.summary?.chosen.contains { expected[$0] != nil } == false)
    if budget == 50 {
      #expect(document.summary?.chosen == [2, 3, 4, 5, 7, 8])
    }
  }

  /// A scrape that started mid-sentence leaves a fragment first, which is never chosen; the
  /// same opening later, or a first word such as `iPhone`, is no fragment.
  @Test(arguments: [
    (", diffusé ce vendredi à 21h. La série revient ce soir sur la chaîne.", true),
    ("une défense de narval.Sous pression, l'homme se raccroche à tout.", true),
    ("; puis il est parti. Le maire a parlé ce matin.", true),
    ("iPhone 12 : Apple présente son nouveau téléphone. Il arrive en octobre.", false),
    ("Le maire a parlé. , diffusé ce vendredi à 21h.", false),
  ])
  func fragmentFirst(_ text: String, _ isFragment: Bool) throws {
    let document = try Fixture.summarized(
      text, Fixture.options(["sentences": .integer(1)], explicit: ["sentences"]))
    let scores = try #require(document.summary?.scores)
    #expect((scores[0].reason == "fragment: the text starts mid-sentence") == isFragment)
    #expect(scores[0].chosen == false || !isFragment)
    #expect(SummarizeStage.startsMidSentence(" une suite") && !SummarizeStage.startsMidSentence("eBay vend"))
  }

  /// A text whose only sentence starts in lowercase is summarized by it: left out, the brief
  /// had no summary at all.
  @Test("a fragment that is the only sentence is the summary")
  func fragmentAlone() throws {
    let document = try Fixture.summarized(
      "pendant la guerre, il a fui vers le sud avec sa famille.",
      Fixture.options(["sentences": .integer(1)], explicit: ["sentences"]))
    let scores = try #require(document.summary?.scores)
    #expect(document.summary?.chosen == [0])
    #expect(scores[0].reason != "fragment: the text starts mid-sentence")
  }

  @Test("every sentence has a score row, in document order")
  func everySentenceScored() throws {
    let (document, summary) = try twoSentences()
    let sentences = try #require(document.sentences)
    #expect(summary.scores.map(\.sentence) == Array(sentences.indices))
    #expect(summary.scores.allSatisfy { !$0.reason.isEmpty })
    for row in summary.scores where !row.chosen && row.components != nil {
      #expect(row.reason == "over budget")
    }
  }

  @Test("ranks are 1...n over the candidates, by total then document order")
  func ranks() throws {
    let (_, summary) = try twoSentences()
    let candidates = summary.scores.filter { $0.components != nil }
    #expect(candidates.map(\.sentence) == [2, 3, 4, 5, 7, 8])
    #expect(candidates.compactMap(\.rank).sorted() == Array(1...candidates.count))
    let byRank = candidates.sorted { ($0.rank ?? 0) < ($1.rank ?? 0) }
    for (better, worse) in zip(byRank, byRank.dropFirst()) {
      #expect(
        better.total > worse.total || (better.total == worse.total && better.sentence < worse.sentence))
    }
    // Components are in 0...1 and the first candidate has the full position score.
    #expect(candidates.first?.components?.position == 1)
    for row in candidates {
      let parts = try #require(row.components)
      for part in [parts.position, parts.centrality, parts.title, parts.keyTerms, parts.length] {
        #expect((0...1).contains(part))
      }
    }
    #expect(candidates.contains { $0.components?.centrality == 1 })
  }

  @Test("two near-duplicates are never both chosen")
  func nearDuplicates() throws {
    let text = """
      Le plan européen pour les puces
      Bruxelles veut doubler sa production de puces électroniques avant la fin de la décennie.

      Les usines de Dresde et de Crolles recevront les premières aides publiques dès cette année. Bruxelles veut doubler sa production de puces électroniques avant la fin de cette décennie.

      Les syndicats réclament des garanties sur les emplois créés dans les nouvelles usines.
      """
    let document = try Fixture.summarized(
      text, Fixture.options(["sentences": .integer(10)], explicit: ["sentences"]))
    let summary = try #require(document.summary)
    let sentences = try #require(document.sentences)
    #expect(sentences.count == 5)
    // Sentence 3 repeats sentence 1 inside a paragraph: not a pull quote, but a near-duplicate.
    #expect(summary.chosen.contains(1) != summary.chosen.contains(3))
    let dropped = summary.chosen.contains(1) ? 3 : 1
    let kept = 4 - dropped
    #expect(summary.scores[dropped].reason == "near-duplicate of sentence \(kept)")
    #expect(summary.scores[dropped].rank != nil)
    #expect(summary.chosen == [1, 2, 3, 4].filter { $0 != dropped })
  }

  @Test("near-duplicates share most content words of the shorter sentence")
  func nearDuplicateRule() throws {
    let stage = try SummarizeStage(options: Fixture.options())
    #expect(stage.nearDuplicate(["plan", "puc", "europ"], ["plan", "puc", "europ", "usin"]))
    #expect(!stage.nearDuplicate(["plan", "puc", "europ"], ["plan", "usin", "emploi", "syndicat"]))
    #expect(stage.nearDuplicate(["plan", "puc"], ["puc", "plan"]))
    #expect(!stage.nearDuplicate(["plan", "puc"], ["plan", "puc", "usin"]))
    #expect(!stage.nearDuplicate([], []))
    let strict = try SummarizeStage(
      options: Fixture.options(["duplicate-threshold": .number(1.0)]))
    #expect(!strict.nearDuplicate(["a1", "b2", "c3", "d4"], ["a1", "b2", "c3", "e5"]))
    #expect(stage.nearDuplicate(["a1", "b2", "c3", "d4"], ["a1", "b2", "c3", "e5"]))
  }

  @Test("a words budget is respected (after the first sentence)", arguments: [5, 30, 45, 80])
  func wordsBudget(words: Int) throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["words": .integer(words)], explicit: ["words"]))
    let summary = try #require(document.summary)
    let sentences = try #require(document.sentences)
    #expect(summary.budget == "\(words) words")
    let counts = try summary.chosen.map { try Fixture.wordCount(sentences[$0].text) }
    #expect(!summary.chosen.isEmpty)
    if summary.chosen.count > 1 {
      #expect(counts.reduce(0, +) <= words)
    }
    // The best sentence is always chosen; anything left out that would have fit is a duplicate.
    let best = try #require(summary.scores.first { $0.rank == 1 })
    #expect(best.chosen)
    let used = counts.reduce(0, +)
    for row in summary.scores where row.reason == "over budget" {
      #expect(try used + Fixture.wordCount(sentences[row.sentence].text) > words)
    }
  }

  @Test("a budget smaller than any sentence still gives the best sentence")
  func tinyWordsBudget() throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["words": .integer(1)], explicit: ["words"]))
    let summary = try #require(document.summary)
    #expect(summary.chosen.count == 1)
    #expect(summary.chosen.first.map { summary.scores[$0].rank } == 1)
  }

  @Test(
    "a ratio budget takes that share of the candidates, at least one",
    arguments: [(0.5, 3, "50%"), (0.34, 2, "34%"), (0.01, 1, "1%"), (1.0, 6, "100%")])
  func ratioBudget(ratio: Double, count: Int, percent: String) throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["ratio": .number(ratio)], explicit: ["ratio"]))
    let summary = try #require(document.summary)
    #expect(summary.budget == "\(percent) of candidate sentences")
    #expect(summary.chosen.count == count)
  }

  @Test("the budget written in the pipeline file wins over a default one")
  func explicitBudgetWins() throws {
    let document = try Fixture.summarized(
      Fixture.article,
      Fixture.options(["sentences": .integer(1), "words": .integer(500)], explicit: ["sentences"]))
    #expect(document.summary?.budget == "1 sentence")
    #expect(document.summary?.chosen.count == 1)
    let defaults = try Fixture.summarized(Fixture.article, Fixture.options())
    #expect(defaults.summary?.budget == "3 sentences")
    #expect(defaults.summary?.chosen.count == 3)
  }

  @Test(
    "two budgets set explicitly are an error at the second one",
    arguments: [
      (["sentences", "words"], "words"), (["sentences", "ratio"], "ratio"),
      (["ratio", "words"], "words"), (["sentences", "ratio", "words"], "ratio"),
    ])
  func twoBudgets(explicit: [String], reported: String) throws {
    let options = Fixture.options(
      ["sentences": .integer(2), "ratio": .number(0.5), "words": .integer(40)], explicit: explicit)
    let error = try #require(throws: LexiconError.self) { try SummarizeStage(options: options) }
    #expect(error.diagnostic.location == options.locations[reported])
    #expect(error.diagnostic.location?.file == "p.yaml")
    for name in explicit {
      #expect(error.diagnostic.message.contains("'\(name)'"))
    }
    #expect(error.kind == .configuration)
  }

  @Test("with only the position weight, the lead sentences are chosen")
  func positionWeight() throws {
    let document = try Fixture.summarized(
      Fixture.article,
      Fixture.options(
        [
          "sentences": .integer(2), "weight-position": .number(1), "weight-centrality": .number(0),
          "weight-title": .number(0), "weight-key-terms": .number(0),
        ], explicit: ["sentences"]))
    let summary = try #require(document.summary)
    #expect(summary.chosen == [2, 3])
    #expect(summary.scores.filter { $0.rank != nil }.map(\.rank) == [1, 2, 3, 4, 5, 6])
  }

  @Test("the rest of a line that debris opens is debris, after text of any script")
  func restOfTheLineAfterWideCharacters() throws {
    var document = try Fixture.segmented(
      "Le café « été » 🙂 ouvre ses portes à Paris ce matin.\n"
        + "Lire aussi : la rentrée des classes. Le gouvernement prépare un plan pour les écoles.\n"
        + "Les syndicats réagissent à l'annonce du ministre. Le débat continue au Parlement.")
    try SummarizeStage(options: Fixture.options()).run(&document, context: StageContext(stageID: "x"))
    let reasons = try #require(document.summary?.scores.map(\.reason))
    #expect(reasons[1] == "debris: related link")
    #expect(reasons[2] == "debris: related link (rest of the line)")
    #expect(!reasons[3].hasPrefix("debris"))
  }

  @Test("distinct terms per sentence, matches in order or not")
  func distinctSourcesPerSentence() {
    let match = { (sentence: Int, source: String) in
      TermMatch(
        sentence: sentence, span: Span(start: 0, end: 1), form: source, source: source,
        target: source, entryTarget: source, plural: false,
        entry: PrecisCore.SourceLocation(file: "g.tsv", line: 2))
    }
    let ordered = [
      match(1, "usine"), match(1, "emploi"), match(1, "usine"), match(4, "usine"), match(9, "a"),
      match(9, "b"), match(9, "a"), match(9, "c"),
    ]
    #expect(SummarizeStage.distinctSources(ordered) == [1: 2, 4: 1, 9: 3])
    #expect(SummarizeStage.distinctSources(ordered.reversed()) == [1: 2, 4: 1, 9: 3])
    #expect(SummarizeStage.distinctSources([]).isEmpty)
  }

  @Test("title overlap and glossary key terms feed their components")
  func titleAndKeyTerms() throws {
    var document = try Fixture.segmented(Fixture.article)
    let match = { (sentence: Int, source: String) in
      TermMatch(
        sentence: sentence, span: Span(start: 0, end: 1), form: source, source: source,
        target: source, entryTarget: source, plural: false,
        entry: PrecisCore.SourceLocation(file: "g.tsv", line: 2))
    }
    document.terms = TermLayer(
      mode: .annotate,
      matches: [
        match(7, "usine"), match(7, "emploi"), match(7, "syndicat"), match(7, "usine"),
        match(5, "usine"),
      ],
      keyTerms: [])
    try SummarizeStage(options: Fixture.options())
      .run(&document, context: StageContext(stageID: "x"))
    let scores = try #require(document.summary?.scores)
    #expect(scores[7].components?.keyTerms == 1)
    #expect(scores[5].components?.keyTerms == 0.3333)
    #expect(scores[2].components?.keyTerms == 0)
    // Sentence 2 shares `semi-conducteurs` with the title; sentence 4 shares nothing.
    #expect((scores[2].components?.title ?? 0) > 0)
    #expect(scores[4].components?.title == 0)
  }

  @Test("short sentences get a length factor below 1; stopword-only sentences are set aside")
  func lengthAndContent() throws {
    let text = """
      Le plan européen pour les puces
      Bruxelles veut doubler sa production de puces électroniques avant la fin de la décennie. Les usines ferment. Et nous aussi.
      """
    let document = try Fixture.summarized(text, Fixture.options())
    let scores = try #require(document.summary?.scores)
    #expect(scores.count == 4)
    #expect(scores[1].components?.length == 1)
    #expect(scores[2].components?.length == 0.375)
    #expect(scores[3].reason == "no content words")
    #expect(scores[3].rank == nil)
  }

  @Test("a document without sentences gets an empty summary")
  func emptyDocument() throws {
    var document = Document(source: "t.txt", text: "")
    document.sentences = []
    try SummarizeStage(options: Fixture.options()).run(&document, context: StageContext(stageID: "x"))
    #expect(document.summary == SummaryLayer(budget: "3 sentences", scores: [], chosen: []))
  }

  @Test("running twice gives equal documents")
  func deterministic() throws {
    let options = Fixture.options(["sentences": .integer(2)], explicit: ["sentences"])
    let stage = try SummarizeStage(options: options)
    var first = try Fixture.segmented(Fixture.article)
    var second = first
    try stage.run(&first, context: StageContext(stageID: "x"))
    try stage.run(&second, context: StageContext(stageID: "x"))
    #expect(first == second)
    #expect(try Fixture.summarized(Fixture.article, options) == first)
  }

  @Test("a one-sentence paragraph that another one repeats is not lost with its pull quote")
  func pullQuoteOfOneSentenceParagraph() throws {
    let text = """
      Le plan européen pour les puces

      Bruxelles veut doubler sa production de puces électroniques avant la fin de la décennie.

      Les usines de Dresde et de Crolles recevront les premières aides publiques dès cette année.

      Bruxelles veut doubler sa production de puces électroniques avant la fin de la décennie.

      Les syndicats réclament des garanties sur les emplois créés dans les nouvelles usines.
      """
    let document = try Fixture.summarized(text, Fixture.options())
    let scores = try #require(document.summary?.scores)
    #expect(scores[3].reason == "debris: pull quote (repeats sentence 1)")
    #expect(scores[1].components != nil)
    #expect(scores[1].chosen)
  }
}

/// The scorer, budget, redundancy and order options of `summarize`.
struct SummarizeOptionsTests {
  @Test(arguments: ["features", "lead", "luhn", "centroid", "textrank", "lexrank", "sumbasic", "klsum"])
  func everyScorerChoosesCandidatesOnly(_ scorer: String) throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["scorer": .string(scorer), "sentences": .integer(2)]))
    let summary = try #require(document.summary)
    #expect(summary.chosen.count == 2)
    let sentences = try #require(document.sentences)
    for index in summary.chosen {
      #expect(!sentences[index].text.hasPrefix("Publié"))
      #expect(!sentences[index].text.hasPrefix("Partager"))
      #expect(index != document.title)
    }
  }

  /// A document long enough to be analyzed in parts on the cores: the parts are joined by
  /// their stems' text, which summarize reads back only then (or for a scorer that reads text).
  @Test(arguments: ["features", "luhn"])
  func aLongDocumentIsSummarizedInParts(_ scorer: String) throws {
    let text = (0..<220).map { "Partie \($0 + 1).\n\n" + Fixture.article }.joined(separator: "\n\n")
    let document = try Fixture.summarized(
      text, Fixture.options(["scorer": .string(scorer), "sentences": .integer(3)]))
    let sentences = try #require(document.sentences)
    #expect(sentences.count >= Parallel.threshold)
    let summary = try #require(document.summary)
    #expect(summary.chosen.count == 3)
    #expect(summary.scores.count == sentences.count)
  }

  @Test func leadChoosesTheFirstCandidates() throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["scorer": .string("lead"), "sentences": .integer(2)]))
    let chosen = try #require(document.summary?.chosen)
    #expect(chosen.map { document.sentences?[$0].text.prefix(12) } == ["La Commissio", "Ce plan vise"])
  }

  @Test func charactersBudgetIsRespectedAfterTheFirstSentence() throws {
    let document = try Fixture.summarized(
      Fixture.article, Fixture.options(["characters": .integer(200)], explicit: ["characters"]))
    let chosen = try #require(document.summary?.chosen)
    let lengths = chosen.compactMap { document.sentences?[$0].text.count }
    #expect(!chosen.isEmpty)
    #expect(lengths.dropFirst().isEmpty || lengths.reduce(0, +) + lengths.count - 1 <= 200)
    #expect(document.summary?.budget == "200 characters")
  }

  @Test func twoBudgetsAreAnErrorAtTheSecond() {
    #expect(throws: LexiconError.self) {
      try SummarizeStage(
        options: Fixture.options(
          ["words": .integer(40), "characters": .integer(200)], explicit: ["words", "characters"]))
    }
  }

  @Test func mmrTradesScoreForNovelty() throws {
    let text = """
      Le plan européen pour les puces vise quarante milliards d'euros. Le plan européen pour les \
      semi-conducteurs vise quarante milliards d'ici 2030 selon Bruxelles.

      Les syndicats réclament des garanties pour les salariés des usines.

      Les usines devraient ouvrir en Allemagne et en France.
      """
    // Lead ranks the sentences in order; the second nearly repeats the first.
    let options: [String: OptionValue] = [
      "scorer": .string("lead"), "sentences": .integer(2), "duplicate-threshold": .number(1),
    ]
    let plain = try Fixture.summarized(text, Fixture.options(options))
    let mmr = try Fixture.summarized(
      text, Fixture.options(options.merging(["mmr-lambda": .number(0.3)]) { $1 }))
    #expect(plain.summary?.chosen == [0, 1])
    #expect(mmr.summary?.chosen == [0, 2])
  }

  @Test func scoreOrderKeepsThePickOrder() throws {
    let byScore = try Fixture.summarized(
      Fixture.article, Fixture.options(["order": .string("score"), "sentences": .integer(3)]))
    let summary = try #require(byScore.summary)
    let ranks = summary.chosen.compactMap { summary.scores[$0].rank }
    #expect(ranks == ranks.sorted())
  }
}
