import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisSegmentation

/// Sentence splitting on the cases scraped French news throws at it.
struct SentenceSplitterTests {
  static let splitter: SentenceSplitter = {
    var rules = SegmentationRules.builtIn(for: "fr")
    // swift-format-ignore: NeverUseForceTry
    rules.abbreviations = try! AbbreviationList(path: Golden.packageRoot + "/lexicons/fr/abbreviations.txt")
    // swift-format-ignore: NeverUseForceTry
    rules.functionWords = try! LexiconFile.wordSet(at: Golden.packageRoot + "/lexicons/fr/function-words.txt")
    // swift-format-ignore: NeverUseForceTry
    return try! SentenceSplitter(locale: "fr", rules: rules)
  }()

  func split(_ text: String) throws -> [String] {
    try SentenceSplitterTests.splitter.sentences(in: text).map(\.text)
  }

  @Test(arguments: [
    ("M. Dupont est arrivé. Mme Durand aussi.", ["M. Dupont est arrivé.", "Mme Durand aussi."]),
    ("MM. Martin et Durand sont là. Ils parlent.", ["MM. Martin et Durand sont là.", "Ils parlent."]),
    (
      "Il cite J.-P. Moreau et A. Lefèvre. Puis il part.",
      ["Il cite J.-P. Moreau et A. Lefèvre.", "Puis il part."]
    ),
    (
      "Des puces, des logiciels, etc. sont achetés. La demande croît.",
      ["Des puces, des logiciels, etc. sont achetés.", "La demande croît."]
    ),
    (
      "Il y a des logiciels, des puces, etc. La demande croît.",
      ["Il y a des logiciels, des puces, etc.", "La demande croît."]
    ),
    (
      "Voir la note (cf. p. 12) du rapport. Elle est claire.",
      ["Voir la note (cf. p. 12) du rapport.", "Elle est claire."]
    ),
    ("Le bulletin n° 3 paraît. Il est attendu.", ["Le bulletin n° 3 paraît.", "Il est attendu."]),
    (
      "Fondée en 52 av. J.-C. par les Romains, la ville prospère.",
      ["Fondée en 52 av. J.-C. par les Romains, la ville prospère."]
    ),
  ])
  func abbreviationsAndInitials(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  @Test(arguments: [
    (
      "Il a dit : « Nous ne céderons pas. » Puis il est parti.",
      ["Il a dit : « Nous ne céderons pas. »", "Puis il est parti."]
    ),
    (
      "« C'est inacceptable », a-t-il déclaré. La séance a repris.",
      ["« C'est inacceptable », a-t-il déclaré.", "La séance a repris."]
    ),
    (
      "« Pourquoi attendre ? » s'interroge-t-elle. Personne ne répond.",
      ["« Pourquoi attendre ? » s'interroge-t-elle.", "Personne ne répond."]
    ),
    ("Il a dit \"Non.\" Puis il est parti.", ["Il a dit \"Non.\"", "Puis il est parti."]),
    (
      "La réforme (votée hier.) Elle entre en vigueur.",
      ["La réforme (votée hier.)", "Elle entre en vigueur."]
    ),
  ])
  func quotesStayWithTheirSentence(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  @Test(arguments: [
    (
      "selon le Progrès.Après le Lyonnais, tout change.",
      ["selon le Progrès.", "Après le Lyonnais, tout change."]
    ),
    (
      "Les plaquettes de silicium.La concurrence rend tout plus dur.",
      ["Les plaquettes de silicium.", "La concurrence rend tout plus dur."]
    ),
    ("Le modèle GPT.Le reste suit.", ["Le modèle GPT.", "Le reste suit."]),
    ("Les U.S.A. et le Canada discutent.", ["Les U.S.A. et le Canada discutent."]),
    ("La croissance atteint 3.5 points selon eux.", ["La croissance atteint 3.5 points selon eux."]),
    (
      "Voir www.site.fr ou écrire à x@y.fr pour en savoir plus.",
      ["Voir www.site.fr ou écrire à x@y.fr pour en savoir plus."]
    ),
    (
      "Des réseaux. En France, les projets attendent.", ["Des réseaux.", "En France, les projets attendent."]
    ),
  ])
  func gluedSentencesAndDottedForms(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  /// A heading that opens with a figure, glued after a period (found on OrangeSum: 25 of the
  /// 1,500 articles), starts a sentence; a decimal, a section or a domain before a figure does
  /// not.
  @Test(arguments: [
    (
      "avait alors promis Emmanuel Macron.40% des débats organisés par des citoyens",
      ["avait alors promis Emmanuel Macron.", "40% des débats organisés par des citoyens"]
    ),
    ("a-t-il ajouté.7.700 Canadiens victimes", ["a-t-il ajouté.", "7.700 Canadiens victimes"]),
    ("déclare-t-il au Parisien.100 000 EUROS VERSÉS", ["déclare-t-il au Parisien.", "100 000 EUROS VERSÉS"]),
    ("en \"urgence absolue\".27 condamnations", ["en \"urgence absolue\".", "27 condamnations"]),
    ("selon Harris Interactive.17h : Le taux", ["selon Harris Interactive.", "17h : Le taux"]),
    ("Le prix est de 1.5 euro.", ["Le prix est de 1.5 euro."]),
    ("Voir art.3 du code et L.313-14 ici.", ["Voir art.3 du code et L.313-14 ici."]),
    ("Il est N.1 du syndicat.", ["Il est N.1 du syndicat."]),
    ("Le site lemonde.fr.20 ans après.", ["Le site lemonde.fr.20 ans après."]),
    ("La version.2b sort.", ["La version.2b sort."]),
  ])
  func aFigureGluedAfterAPeriodStartsASentence(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  /// A domain's name ends a sentence glued to the next one (`la Vieimmo.com.Par ailleurs`, once in
  /// the 1,500 OrangeSum articles); initials, a chain of them and a link do not.
  @Test(arguments: [
    ("Cité par la Vieimmo.com.Par ailleurs, rien.", ["Cité par la Vieimmo.com.", "Par ailleurs, rien."]),
    ("Lu sur lemonde.fr.Le reste suit.", ["Lu sur lemonde.fr.", "Le reste suit."]),
    ("Lu sur bbc.co.uk.Le reste suit.", ["Lu sur bbc.co.uk.", "Le reste suit."]),
    ("Les stylos S.T.Dupont.Le Parisien le dit.", ["Les stylos S.T.Dupont.Le Parisien le dit."]),
    ("La U.S.Army arrive.", ["La U.S.Army arrive."]),
    ("Voir www.lemonde.fr.Le reste.", ["Voir www.lemonde.fr.Le reste."]),
    ("Le fichier rapport.pdf.Le texte suit.", ["Le fichier rapport.pdf.Le texte suit."]),
  ])
  func aDomainEndsASentence(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  /// Long runs read once for all their marks give what reading them for each gave: a word
  /// without spaces glued at each period, punctuation alone, e-mail addresses and links in a
  /// line of glued sentences.
  @Test func longRunsOfOneToken() throws {
    let glued = try split(String(repeating: "ab.Cd", count: 2_000))
    #expect(glued.count == 2_001)
    #expect(
      glued.first == "ab." && glued.dropFirst().dropLast().allSatisfy { $0 == "Cdab." } && glued.last == "Cd")
    let punctuation = String(repeating: "..... !!! ??? ", count: 2_000).trimmingCharacters(in: .whitespaces)
    #expect(try split(punctuation) == [punctuation])
    #expect(
      try split("Il part.Le x@y.Fr.Le www.a.fr.Le http://a.fr/b.Le fin.Un") == [
        "Il part.", "Le x@y.Fr.Le www.a.fr.Le http://a.fr/b.Le fin.", "Un",
      ])
  }

  /// A paragraph that opens with a title of the abbreviation list (`M.`, `MM.`), glued after a
  /// period (found on OrangeSum: 39 times in 37 of the 1,500 articles), starts a sentence at the
  /// title, not after it; initials stay whole.
  @Test(arguments: [
    (
      "un record dans l'histoire du pays.M. Loukachenko, 66 ans, fait face.",
      ["un record dans l'histoire du pays.", "M. Loukachenko, 66 ans, fait face."]
    ),
    ("de la majorité.M. Taché a estimé.", ["de la majorité.", "M. Taché a estimé."]),
    (
      "sont arrivés hier.MM. Martin et Durand parlent.",
      ["sont arrivés hier.", "MM. Martin et Durand parlent."]
    ),
    ("Il a vu J.M. Dupont hier.", ["Il a vu J.M. Dupont hier."]),
  ])
  func misterGluedAfterAPeriodStartsASentence(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  /// Found on OrangeSum: a quote closed and a sentence glued after it used to trap
  /// (`Range requires lowerBound <= upperBound`).
  @Test(arguments: [
    "Il a salué la décision des Sages.\"Je ne peux pas l'accepter\", a-t-il dit.",
    "« Non. »» Oui.»Le reste.",
    "Fin.)» »\"Début. \" » Suite.",
    ".\".\".\"A",
    "»»»...???!!!«««",
  ])
  func gluedQuotesDoNotTrap(_ text: String) throws {
    let sentences = try SentenceSplitterTests.splitter.sentences(in: text)
    let scalars = Array(text.unicodeScalars)
    var end = 0
    for sentence in sentences {
      #expect(sentence.span.start >= end)
      #expect(sentence.span.end <= scalars.count)
      end = sentence.span.end
    }
  }

  @Test func quoteGluedAfterAQuotedSentence() throws {
    #expect(
      try split("Il a salué la décision des Sages.\"Je ne peux pas\", a-t-il dit.")
        == ["Il a salué la décision des Sages.", "\"Je ne peux pas\", a-t-il dit."])
  }

  /// Found on OrangeSum (8 of the 1,500 articles): a paragraph glued after a period that opens
  /// with a guillemet left the `«` at the end of the sentence before, where ICU counts it among
  /// the closing marks.
  @Test(arguments: [
    (
      "Il a tout dit ce mercredi matin.« Dès qu'on parle de ses déplacements, il se fâche », dit-il.",
      ["Il a tout dit ce mercredi matin.", "« Dès qu'on parle de ses déplacements, il se fâche », dit-il."]
    ),
    (
      "Il est parti.« Que mon client parte », dit-il.",
      ["Il est parti.", "« Que mon client parte », dit-il."]
    ),
    ("He said this.“We leave”, he said.", ["He said this.", "“We leave”, he said."]),
    // A guillemet that closes stays where it is.
    ("Il a dit « ceci.» Puis il est parti.", ["Il a dit « ceci.»", "Puis il est parti."]),
  ])
  func openingMarkGluedAfterAPeriod(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  /// Found on OrangeSum (7 of the 1,500 articles): a paragraph glued after a quotation closed
  /// the French way, with a space before its guillemet (`rembourse. »Emmanuel…`); the period is
  /// the mark, as it is without the space.
  @Test(arguments: [
    (
      "Il dit « ça touche le larynx. »Lien ADN établi avec le suspect.",
      ["Il dit « ça touche le larynx. »", "Lien ADN établi avec le suspect."]
    ),
    (
      "« Il faudra qu'on rembourse. »En revanche, il part.",
      ["« Il faudra qu'on rembourse. »", "En revanche, il part."]
    ),
    // A sentence that goes on after the quotation, or a title before a name, stays whole.
    (
      "Il a dit « ça touche le larynx. » a-t-il ajouté.", ["Il a dit « ça touche le larynx. » a-t-il ajouté."]
    ),
    ("Il a dit « ça touche M. » Dupont.", ["Il a dit « ça touche M. » Dupont."]),
  ])
  func gluedAfterAGuillemetSetApart(_ text: String, _ expected: [String]) throws {
    #expect(try split(text) == expected)
  }

  @Test func ellipsis() throws {
    #expect(try split("Il hésite… puis il signe. Enfin.") == ["Il hésite… puis il signe.", "Enfin."])
    #expect(try split("Il hésite... Puis il signe.") == ["Il hésite...", "Puis il signe."])
  }

  /// A period a scrape left before a sentence is no part of it; a comma is kept, as it shows
  /// the sentence's start is lost.
  @Test func aStrayPeriodBeforeASentence() throws {
    #expect(try split(". L'homme a vu un ours. Il a fui.") == ["L'homme a vu un ours.", "Il a fui."])
    #expect(try split("Il dit . Bonjour à tous.") == ["Il dit .", "Bonjour à tous."])
    #expect(try split(", diffusé ce vendredi. Voilà.") == [", diffusé ce vendredi.", "Voilà."])
    #expect(try split(". et puis. Voilà.") == [". et puis.", "Voilà."])
    let sentences = try SentenceSplitterTests.splitter.sentences(in: "Titre\n\n. Un texte.")
    #expect(sentences.last?.span == Span(start: 9, end: 18))
    #expect(sentences.last?.standalone == true)
  }

  @Test func linesAndParagraphsAreBoundaries() throws {
    let sentences = try SentenceSplitterTests.splitter.sentences(
      in: "Le titre de l'article\n\nPARIS — Un texte. Un autre.\nHigh tech\n\nFin.")
    #expect(
      sentences.map(\.text) == [
        "Le titre de l'article", "PARIS — Un texte.", "Un autre.", "High tech", "Fin.",
      ])
    #expect(sentences.map(\.paragraph) == [0, 1, 1, 1, 2])
    #expect(sentences.map(\.terminated) == [false, true, true, false, true])
    #expect(sentences.map(\.standalone) == [true, false, false, true, true])
    #expect(SegmentStage.title(in: sentences) == 0)
  }

  /// A headline ending with `?` is the title when it is its paragraph alone, or when the caller
  /// gives it as the headline (a record's "title" under `batch --title`); a lone sentence is
  /// never a title.
  @Test func aGivenHeadlineIsTheTitleWhateverItsPunctuation() throws {
    let sentences = try SentenceSplitterTests.splitter.sentences(
      in: "Charlotte Casiraghi enceinte ?\n\nPlusieurs journaux le pensent. Le palais se tait.")
    #expect(SegmentStage.title(in: sentences) == 0)
    #expect(SegmentStage.title(in: sentences, given: true) == 0)
    // Alone in its paragraph: a question that goes on in its paragraph is a sentence.
    for text in [
      "Enceinte ? Plusieurs journaux le pensent.\n\nLe palais se tait.",
      "Pourquoi partir ?\nIl part.\n\nFin.",
    ] {
      #expect(
        SegmentStage.title(in: try SentenceSplitterTests.splitter.sentences(in: text)) == nil, "\(text)")
    }
    let exclaimed = try SentenceSplitterTests.splitter.sentences(in: "« Quelle semaine ! »\n\nLe texte suit.")
    #expect(SegmentStage.title(in: exclaimed) == 0)
    let alone = try SentenceSplitterTests.splitter.sentences(in: "Charlotte Casiraghi enceinte ?")
    #expect(SegmentStage.title(in: alone, given: true) == nil)
    // A given headline of several sentences is one, the title.
    let text = "VIDÉO. Hollande a refusé ? Non\n\nLe texte. Suite."
    var joined = try SentenceSplitterTests.splitter.sentences(in: text)
    #expect(joined.count == 5)
    SegmentStage.joinHeadline(&joined, text: text)
    #expect(joined.map(\.text) == ["VIDÉO. Hollande a refusé ? Non", "Le texte.", "Suite."])
    #expect(joined.map(\.index) == [0, 1, 2])
    #expect(joined[0].span == Span(start: 0, end: 30) && joined[0].standalone && !joined[0].terminated)
    #expect(SegmentStage.title(in: joined, given: true) == 0)
    var document = Document(source: "t", input: Array("Le palais se tait.".utf8), headline: "Enceinte ?")
    #expect(document.headlineGiven)
    #expect(String(decoding: document.input ?? [], as: UTF8.self) == "Enceinte ?\n\nLe palais se tait.")
    document = Document(source: "t", input: Array("Le palais se tait.".utf8), headline: " \n ")
    #expect(!document.headlineGiven && document.input == Array("Le palais se tait.".utf8))
  }

  /// `headline-first`: the first paragraph is one title whatever its punctuation, unless it is
  /// the whole text; with `detect-title: false` it is still one sentence, never chosen.
  @Test(arguments: [true, false])
  func headlineFirstJoinsTheFirstParagraph(detectTitle: Bool) throws {
    let stage = try SegmentStage(
      options: StageOptions(
        stageID: "segment",
        values: ["headline-first": .boolean(true), "detect-title": .boolean(detectTitle)],
        stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en"))
    var document = Document(source: "t", text: "VIDÉO. Hollande refuse !\n\nLe texte. Suite.")
    try stage.run(&document, context: StageContext(stageID: "segment"))
    #expect(document.sentences?.map(\.text) == ["VIDÉO. Hollande refuse !", "Le texte.", "Suite."])
    #expect(document.sentences?.first?.standalone == true)
    #expect(document.title == (detectTitle ? 0 : nil))
    var single = Document(source: "t", text: "VIDÉO. Hollande refuse. Le texte.")
    try stage.run(&single, context: StageContext(stageID: "segment"))
    #expect(single.sentences?.count == 3)
    #expect(single.title == nil)
  }

  @Test func spansAreScalarOffsets() throws {
    let text = "🙂 Été chaud. Puis l’hiver."
    let sentences = try SentenceSplitterTests.splitter.sentences(in: text)
    let scalars = Array(text.unicodeScalars)
    for sentence in sentences {
      let slice = String(String.UnicodeScalarView(scalars[sentence.span.start..<sentence.span.end]))
      #expect(slice == sentence.text)
    }
    #expect(sentences.first?.span == Span(start: 0, end: 12))
  }

  /// An abbreviation is found as written, or lowercased when only its first letter is a capital
  /// (`Cf.`, `Éd.`); a word in capitals is not an abbreviation of the list (`CF.`).
  @Test(arguments: [
    ("M.", AbbreviationList.Verdict.fixed), ("cf.", .fixed), ("Cf.", .fixed), ("CF.", .unknown),
    ("éd.", .fixed), ("Éd.", .fixed), ("Etc.", .final), ("etc.", .final), ("Paris.", .unknown),
    ("m.", .unknown), ("", .unknown),
  ])
  func abbreviationsAreLookedUpAsWrittenThenLowercased(token: String, verdict: AbbreviationList.Verdict) {
    #expect(SentenceSplitterTests.splitter.rules.abbreviations.verdict(for: token) == verdict)
  }

  /// Rules changed after they are made are the ones the splitter looks up.
  @Test func rulesChangedAfterTheyAreMadeAreLookedUp() {
    var rules = SegmentationRules.builtIn(for: "fr")
    #expect(!rules.functionWordSet.contains("le"))
    rules.functionWords = ["le", "l'"]
    rules.clauseStarters.insert("celui")
    #expect(rules.functionWordSet.contains("le") && rules.functionWordSet.contains("l'"))
    #expect(rules.clauseStarterSet.contains("celui") && rules.clauseStarterSet.contains("il"))
  }

  /// The second column says what kind of abbreviation a line holds.
  @Test func abbreviationFlagsAreRead() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("abbr-\(UUID()).txt").path
    try "M.\netc.\tfinal\nvol.\tword\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let list = try AbbreviationList(path: path)
    #expect(list.fixed == ["M."] && list.final == ["etc."] && list.words == ["vol."])
    #expect(list.verdict(for: "Vol.") == .word && list.verdict(for: "vol") == .unknown)
    var merged = AbbreviationList()
    merged.merge(list)
    #expect(merged.words == ["vol."] && merged.longest == 4)
  }

  /// An error names the line and the field at fault, and shows the line.
  @Test(arguments: [
    ("# comment\nM.\netc\n", 3, 1, "etc"),
    ("M.\n  av. J.-C.\n", 2, 3, "  av. J.-C."),
    ("M.\nMme.\tfinale\n", 2, 6, "Mme.\tfinale"),
  ])
  func abbreviationFileErrorsHaveTheirLineAndColumn(
    _ contents: String, _ line: Int, _ column: Int, _ shown: String
  )
    throws
  {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("abbr-\(UUID()).txt").path
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let error = try #require(throws: LexiconError.self) { try AbbreviationList(path: path) }
    #expect(error.diagnostic.location == SourceLocation(file: path, line: line, column: column))
    #expect(error.diagnostic.sourceLine == shown)
  }
}
