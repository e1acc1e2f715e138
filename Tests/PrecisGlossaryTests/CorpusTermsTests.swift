import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisGlossary

@Suite("CorpusTerms")
struct CorpusTermsTests {
  /// A translate-terms stage with the small glossary, a few stopwords, and its own search for
  /// candidates off.
  static func stage() throws -> TranslateTermsStage {
    let stopwords = try Fixture.file(
      "le\nla\nles\nun\nune\nde\ndes\net\nil\nà\npour\nselon\nsont\nest\ndeux\ntrois\ndepuis\n",
      named: "stopwords.txt")
    return try TranslateTermsStage(
      options: StageOptions(
        stageID: "terms",
        values: [
          "glossary": .sources([SourceFile(path: Fixture.file(Fixture.glossary))]),
          "stopwords": .paths([stopwords]), "candidates": .boolean(false),
        ],
        stageLocation: SourceLocation(file: "pipeline.yaml", line: 1, column: 1),
        sourceLanguage: "fr", targetLanguage: "en"))
  }

  /// The candidates of articles (each a list of sentences) counted together, through a
  /// translate-terms stage with the small glossary and its search for candidates off.
  static func candidates(_ articles: [[String]], minimumArticles: Int = 2) throws -> [CorpusTermCandidate] {
    let stage = try CorpusTermsTests.stage()
    var corpus = stage.corpus(minimumArticles: minimumArticles)
    for (number, lines) in articles.enumerated() {
      var document = Fixture.document(lines)
      try stage.run(&document, context: StageContext(stageID: "terms"))
      #expect(document.terms?.candidates.isEmpty == true)
      corpus.add(stage.corpusArticle(of: document), source: "\(number).txt")
    }
    return corpus.candidates()
  }

  @Test("a run seen once in each of two articles is counted over both; glossary terms are not")
  func countsAcrossArticles() throws {
    let found = try CorpusTermsTests.candidates([
      ["Le bouclier tarifaire coûte cher.", "La puce électronique manque."],
      ["Selon Bercy, le bouclier tarifaire durera.", "La puce électronique manque encore."],
      ["Rien à voir."],
    ])
    let shield = try #require(found.first { $0.form == "bouclier tarifaire" })
    #expect(shield.count == 2)
    #expect(shield.articles == 2)
    #expect(shield.firstSource == "0.txt")
    #expect(shield.firstSentence == 0)
    // Covered by the glossary in both articles: never proposed, nor its words.
    #expect(!found.contains { $0.form.contains("puce") || $0.form.contains("électronique") }, "\(found)")
    // Each article alone proposes nothing (a run must occur twice in it).
    #expect(
      try CorpusTermsTests.candidates([["Le bouclier tarifaire coûte cher."]], minimumArticles: 1).isEmpty)
  }

  @Test(
    "a word that reports quotations in a quarter of its uses or more is a verb; a noun that does now and then is kept"
  )
  func reportingVerbsOverACorpus() throws {
    // `explique` reports 2 quotations and is met 2 times otherwise; `note` reports once and is
    // met 4 times otherwise.
    let found = try CorpusTermsTests.candidates([
      [
        "\"Rien\", explique le maire.", "Il explique tout.", "La note arrive.", "Une note part.",
        "« Rien », note le maire.",
      ],
      ["« Tout », explique un élu.", "Il explique encore.", "La note arrive.", "Une note part."],
    ])
    #expect(found.first { $0.form == "explique" } == nil, "\(found)")
    #expect(found.first { $0.form == "note" }?.count == 4, "\(found)")
    // Met once in a report, a word is not taken for a verb.
    let once = try CorpusTermsTests.candidates([
      ["\"Rien\", explique le maire.", "Il explique tout."], ["Il explique encore.", "Il explique aussi."],
    ])
    #expect(once.first { $0.form == "explique" }?.count == 3, "\(once)")
  }

  @Test("a run met again in a later article keeps its words in context there, within the sentence")
  func examples() throws {
    let found = try CorpusTermsTests.candidates(
      [
        ["Le bouclier tarifaire coûte cher.", "Un éléphant traverse.", "Un éléphant dort."],
        [
          "Rien.",
          "Hier encore, devant les députés réunis, le ministre a défendu le bouclier tarifaire, "
            + "qui coûte cher aux finances publiques depuis deux ans.",
          "Des éléphants boivent.",
        ],
        ["Le bouclier tarifaire\tdure."],
      ], minimumArticles: 1)
    let shield = try #require(found.first { $0.form == "bouclier tarifaire" })
    // The first later article's, six tokens a side at most, cut where the sentence goes on.
    #expect(
      shield.example
        == TermExample(
          text: "…, le ministre a défendu le bouclier tarifaire, qui coûte cher aux finances…",
          source: "1.txt",
          sentence: 1))
    // A plural met in a later article than its singular keeps one too.
    let elephant = try #require(found.first { $0.form == "éléphant" })
    #expect(elephant.example == TermExample(text: "Des éléphants boivent.", source: "1.txt", sentence: 2))
    #expect(elephant.firstSource == "0.txt")
    // A run met in one article only keeps none.
    #expect(found.first { $0.form == "rien" }?.example == nil)
    // A run of the chain counted apart (`Paris`, no plural of `pari`) gives none: the example
    // is in a later article than the term's first.
    let bets = try CorpusTermsTests.candidates(
      [["Paris vote.", "Paris rit."], ["Un pari risqué, un pari perdu."], ["Le pari tient."]],
      minimumArticles: 1)
    let bet = try #require(bets.first { $0.form == "pari" }, "\(bets)")
    #expect(bet.firstSource == "1.txt" && bet.example?.source == "2.txt", "\(bet)")
    let first = try CorpusTermsTests.candidates(
      [["Paris vote.", "Paris rit."], ["Un pari risqué, un pari perdu."]], minimumArticles: 1)
    #expect(first.first { $0.form == "pari" }?.example == nil, "\(first)")
    // A tab (or a line break) in the sentence is a space: the example stays in its column.
    let again = try CorpusTermsTests.candidates([
      ["Le bouclier tarifaire dure."], ["Le bouclier tarifaire\tdure."],
    ])
    #expect(again.map(\.example?.text) == ["Le bouclier tarifaire dure."], "\(again)")
  }

  @Test("--min-articles: a run frequent in one article only is left out until it is 1")
  func minimumArticles() throws {
    let articles = [
      ["Le bouclier tarifaire coûte.", "Le bouclier tarifaire dure.", "Le bouclier tarifaire plaît."],
      ["Rien à voir ici."],
    ]
    #expect(try !CorpusTermsTests.candidates(articles).contains { $0.form == "bouclier tarifaire" })
    let one = try CorpusTermsTests.candidates(articles, minimumArticles: 1)
    #expect(one.first { $0.form == "bouclier tarifaire" }?.count == 3)
    #expect(one.first { $0.form == "bouclier tarifaire" }?.articles == 1)
  }

  @Test("plurals are counted with singulars across articles; an article with both counts once")
  func pluralsAcrossArticles() throws {
    let found = try CorpusTermsTests.candidates([
      ["Un éléphant traverse le parc.", "Les éléphants boivent."],
      ["Deux éléphants sont morts."],
      ["Trois éléphants dorment."],
    ])
    let elephant = try #require(found.first { $0.form == "éléphant" }, "\(found.map(\.form))")
    #expect(elephant.count == 4)
    #expect(elephant.articles == 3)
    #expect(elephant.variants == ["éléphants"])
    #expect(!found.contains { $0.form == "éléphants" })
  }

  @Test("a word mostly capitalized inside sentences is a name, and no plural of a common word")
  func namesByMajority() throws {
    let found = try CorpusTermsTests.candidates([
      ["Le maire de Paris parle.", "Un pari risqué."],
      ["Il vit à Paris depuis un an.", "Le pari est perdu."],
      ["Voir www.paris.fr pour Paris et les paris sportifs.", "Un autre pari."],
    ])
    // Capitalized inside a sentence three times, in lowercase once (`paris sportifs`).
    let paris = try #require(found.first { $0.form == "Paris" }, "\(found.map(\.form))")
    #expect(paris.isName)
    #expect(paris.variants.isEmpty)
    #expect(paris.count == 4)
    // So `Paris` is no plural of `pari`.
    let bet = try #require(found.first { $0.form == "pari" })
    #expect(bet.count == 3)
    #expect(bet.variants.isEmpty)
    #expect(!bet.isName)
  }

  @Test("a common word is shown in lowercase, whatever its first occurrence")
  func shownInLowercase() throws {
    let found = try CorpusTermsTests.candidates([
      ["Dimanche soir, la foule.", "Un concert dimanche soir."],
      ["Il pleuvait dimanche soir."],
    ])
    let evening = try #require(
      found.first { $0.form.lowercased() == "dimanche soir" }, "\(found.map(\.form))")
    #expect(evening.form == "dimanche soir")
    #expect(!evening.isName)
    #expect(evening.firstSentence == 0)
  }

  @Test("the candidates do not depend on how the articles were split among workers")
  func sameForAnyOrderOfWork() throws {
    let stage = try CorpusTermsTests.stage()
    let texts = [
      ["Le bouclier tarifaire coûte cher.", "Xi Jinping parle."],
      ["Le bouclier tarifaire durera.", "Xi Jinping répond."],
      ["Les boucliers tarifaires."],
    ]
    // Articles counted in reverse (as a worker may finish them), then added in order.
    let counted = try texts.reversed().map { lines in
      var document = Fixture.document(lines)
      try stage.run(&document, context: StageContext(stageID: "terms"))
      return stage.corpusArticle(of: document)
    }
    var corpus = stage.corpus(minimumArticles: 2)
    for (number, article) in counted.reversed().enumerated() { corpus.add(article, source: "\(number)") }
    let direct = try CorpusTermsTests.candidates(texts)
    #expect(corpus.candidates().map(\.form) == direct.map(\.form))
    let shield = try #require(direct.first { $0.form == "bouclier tarifaire" })
    #expect(shield.count == 3)
    #expect(shield.variants == ["boucliers tarifaires"])
  }

  @Test("a run and its plural count each article once, exactly, whenever each first came")
  func articlesOfPluralsExactly() throws {
    let found = try CorpusTermsTests.candidates([
      ["Le bouclier tarifaire coûte.", "Le bouclier tarifaire dure."],
      ["Rien ici."],
      ["Le bouclier tarifaire et les boucliers tarifaires."],
      ["Les boucliers tarifaires."],
      ["Un bouclier tarifaire."],
      ["Les boucliers tarifaires encore.", "Deux boucliers tarifaires."],
    ])
    let shield = try #require(found.first { $0.form == "bouclier tarifaire" }, "\(found.map(\.form))")
    #expect(shield.count == 8)
    // Articles 0, 2, 3, 4 and 5: the singular's first article counted before the plural came,
    // the one with both once.
    #expect(shield.articles == 5)
    #expect(shield.variants == ["boucliers tarifaires"])
  }

  @Test("runs kept together by their roots are counted apart when the corpus does not merge them")
  func rootsKeptApart() throws {
    let found = try CorpusTermsTests.candidates([
      ["Le maire de Paris parle.", "Un pari risqué."],
      ["Il vit à Paris depuis un an.", "Le pari est perdu."],
      ["Voir www.paris.fr pour Paris et les paris sportifs.", "Un autre pari."],
      ["Paris brille.", "Paris dort."],
    ])
    // `Paris` and `pari` share a chain (their roots are the same) but not their articles.
    #expect(found.first { $0.form == "Paris" }?.articles == 4)
    #expect(found.first { $0.form == "pari" }?.articles == 3)
  }

  @Test("a word and each plural the corpus may count it with have the same root")
  func pluralRoots() throws {
    let finder = try CorpusTermsTests.stage().candidates
    // The singulars: the fixtures' words and the glossary's, and words of the irregular kinds.
    var words: Set<String> = [
      "journal", "travail", "réseau", "bateau", "bijou", "feu", "landau", "bal", "œil", "pneu", "festival",
    ]
    let root = Golden.packageRoot
    let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/fixtures")
    var texts = try folders.map {
      try String(contentsOfFile: root + "/fixtures/\($0)/input.txt", encoding: .utf8)
    }
    let glossary = root + "/lexicons/glossary/fr-en"
    for file in try FileManager.default.contentsOfDirectory(atPath: glossary) where file.hasSuffix(".tsv") {
      texts.append(try String(contentsOfFile: glossary + "/" + file, encoding: .utf8))
    }
    for text in texts {
      for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) { words.insert(String(word)) }
    }
    var pairs = 0
    for singular in words.sorted() {
      for (plural, isPlural) in Inflection.forms(of: singular, role: .noun, language: "fr")
      where isPlural && plural != singular && finder.singularCandidates(of: plural).contains(singular) {
        pairs += 1
        #expect(finder.pluralRoot(of: plural) == finder.pluralRoot(of: singular), "\(singular), \(plural)")
      }
    }
    #expect(pairs > 1_000, "\(pairs) pairs checked")
  }

  @Test("a corpus keeps a run in 64 bytes")
  func entrySize() {
    #expect(MemoryLayout<Run>.size == 16)
    #expect(MemoryLayout<CorpusTerms.Entry>.stride == 64)
  }

  @Test("over a corpus, a term that gathers in some articles comes before a word all of them have")
  func rankedByDispersion() throws {
    // `réunion` is in every article once; `bouclier tarifaire` three times in two of them.
    var articles = (0..<6).map { _ in ["Une réunion."] }
    articles[0] += ["Le bouclier tarifaire coûte.", "Le bouclier tarifaire dure."]
    articles[1] += ["Le bouclier tarifaire plaît."]
    let found = try CorpusTermsTests.candidates(articles)
    let forms = found.map { $0.form }
    #expect(Array(forms.prefix(2)) == ["bouclier tarifaire", "réunion"], "\(forms)")
    // By count weighed by length, as before (6 × 3 against 3 × 4).
    let stage = try CorpusTermsTests.stage()
    var corpus = stage.corpus(minimumArticles: 2)
    for (number, lines) in articles.enumerated() {
      var document = Fixture.document(lines)
      try stage.run(&document, context: StageContext(stageID: "terms"))
      corpus.add(stage.corpusArticle(of: document), source: "\(number)")
    }
    let byCount = corpus.candidates(ranking: .count).map { $0.form }
    #expect(Array(byCount.prefix(2)) == ["réunion", "bouclier tarifaire"], "\(byCount)")
    #expect(corpus.articleCount == 6)
  }

  @Test("the dispersion weight: chance's spread near 0, a gathered term past 1, none for one article")
  func dispersionWeight() {
    // `ans` over the 1,500 OrangeSum articles, and `gilet jaune`.
    let everyday = CorpusTerms.dispersionWeight(count: 1_099, held: 587, articles: 1_500)
    let term = CorpusTerms.dispersionWeight(count: 159, held: 65, articles: 1_500)
    #expect(everyday > 0 && everyday < 3)
    #expect(term > 5)
    // As gathered, the more frequent first.
    #expect(
      CorpusTerms.dispersionWeight(count: 40, held: 4, articles: 1_500)
        > CorpusTerms.dispersionWeight(count: 10, held: 1, articles: 1_500) * 0.9)
    // Spread evenly, one occurrence an article: at most 0.
    #expect(CorpusTerms.dispersionWeight(count: 30, held: 30, articles: 100) <= 0)
    // Degenerate counts give a number, never a NaN or an infinity.
    for (count, held, articles) in [(0, 0, 0), (1, 1, 1), (5, 9, 3), (1_000_000, 1, 2)] {
      #expect(CorpusTerms.dispersionWeight(count: count, held: held, articles: articles).isFinite)
    }
  }

  @Test("runs no more gathered than chance are ranked as one article's, by count weighed by length")
  func spreadRunsByCountAndLength() throws {
    // Once in each of three articles: `réunion` comes first in the text, but the two words of
    // `bouclier tarifaire` weigh more.
    let articles = (0..<3).map { _ in ["Une réunion.", "Le bouclier tarifaire."] } + [["Il est à deux."]]
    let found = try CorpusTermsTests.candidates(articles).map { $0.form }
    #expect(found == ["bouclier tarifaire", "réunion"], "\(found)")
  }

  @Test("in a few articles, a term comes before the longer runs that hold it, as in one article")
  func smallCorpusKeepsTheTermFirst() throws {
    let articles =
      (0..<3).map { _ in ["Le bouclier tarifaire protège les ménages.", "Le bouclier tarifaire coûte cher."] }
      + [["Il est à deux."]]
    let found = try CorpusTermsTests.candidates(articles).map { $0.form }
    #expect(found.first == "bouclier tarifaire", "\(found)")
  }

  @Test("over a corpus too, an article capitalized inside a sentence belongs to its name")
  func namesWithArticles() throws {
    let found = try CorpusTermsTests.candidates([
      ["Selon Marine Le Pen, rien.", "Il vit à La Rochelle."],
      ["Pour Marine Le Pen, non.", "À La Rochelle."],
    ]).map { $0.form }
    #expect(found.contains("Marine Le Pen") && found.contains("La Rochelle"), "\(found)")
    #expect(
      !found.contains { $0 == "Pen" || $0 == "Rochelle" || $0.hasSuffix(" Le") || $0 == "La" }, "\(found)")
  }

  @Test("a run inside a longer one is weighed by its occurrences outside it")
  func nestedRunWeighedAlone() throws {
    // `gilet` and `réunion` 10 times each in 4 articles of 16; but `gilet` 8 times inside
    // `gilet jaune`, so it comes after `réunion`, though it comes first in the text.
    var articles = (0..<4).map { _ in ["Un gilet jaune.", "Un gilet jaune."] }
    for number in 0..<2 { articles[number] += ["Un gilet."] }
    for times in [3, 3, 2, 2] { articles.append(Array(repeating: "Une réunion.", count: times)) }
    articles += (0..<8).map { _ in ["Il est à deux."] }
    let found = try CorpusTermsTests.candidates(articles).map { $0.form }
    let alone = try #require(found.firstIndex(of: "gilet"), "\(found)")
    let meeting = try #require(found.firstIndex(of: "réunion"), "\(found)")
    #expect(meeting < alone, "\(found)")
  }

  @Test("runs spread as chance spreads them come after the others, the more frequent first")
  func spreadRunsByCount() throws {
    // `réunion` once in each of 6 articles, `vote` once in each of 3; `bouclier` gathered.
    var articles = (0..<6).map { _ in ["Une réunion."] }
    for number in 0..<3 { articles[number] += ["Un vote."] }
    articles[4] += ["Un bouclier.", "Un bouclier.", "Un bouclier."]
    articles[5] += ["Un bouclier."]
    let found = try CorpusTermsTests.candidates(articles).map { $0.form }
    #expect(found == ["bouclier", "réunion", "vote"], "\(found)")
  }
}
