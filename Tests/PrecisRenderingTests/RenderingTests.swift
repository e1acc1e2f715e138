import Foundation
import PrecisCore
import Testing

@testable import PrecisRendering

/// Term rendering by mode and the layout of briefs.
struct RenderingTests {
  /// "Titre sur l'IA" then "Les puces coûtent 3 euros." with two glossary matches.
  static let document: Document = {
    let text = "Titre sur l'IA\n\nLes puces coûtent 3 euros."
    var document = Document(source: "t.txt", text: text)
    document.sentences = [
      Sentence(
        index: 0, span: Span(start: 0, end: 14), text: "Titre sur l'IA", paragraph: 0,
        terminated: false, standalone: true),
      Sentence(
        index: 1, span: Span(start: 16, end: 42), text: "Les puces coûtent 3 euros.", paragraph: 1,
        terminated: true, standalone: true),
    ]
    document.title = 0
    let glossary = SourceLocation(file: "fr-en.tsv", line: 2)
    document.terms = TermLayer(
      mode: .annotate,
      matches: [
        TermMatch(
          sentence: 0, span: Span(start: 12, end: 14), form: "IA", source: "IA", target: "AI",
          entryTarget: "AI", plural: false, entry: glossary),
        TermMatch(
          sentence: 1, span: Span(start: 20, end: 25), form: "puces", source: "puce", target: "chips",
          entryTarget: "chip", plural: true, entry: SourceLocation(file: "fr-en.tsv", line: 3)),
        TermMatch(
          sentence: 1, span: Span(start: 36, end: 41), form: "euros", source: "euro", target: "euros",
          entryTarget: "euro", plural: true, entry: SourceLocation(file: "fr-en.tsv", line: 4)),
      ],
      keyTerms: [
        KeyTerm(source: "IA", target: "AI", count: 1, firstSentence: 0, entry: glossary)
      ])
    document.summary = SummaryLayer(
      budget: "1 sentence",
      scores: [
        SentenceScore(sentence: 0, total: 0, components: nil, rank: nil, chosen: false, reason: "title"),
        SentenceScore(sentence: 1, total: 0.5, components: nil, rank: 1, chosen: true, reason: "chosen"),
      ], chosen: [1])
    return document
  }()

  /// The sample document after a render stage with `values`.
  static func rendered(_ values: [String: OptionValue]) throws -> Document {
    try rendered(RenderingTests.document, values)
  }

  /// `document` after a render stage with `values`.
  static func rendered(_ document: Document, _ values: [String: OptionValue]) throws -> Document {
    var document = document
    let stage = try RenderStage(
      options: StageOptions(
        stageID: "render", values: values, stageLocation: SourceLocation(file: "p.yaml"),
        sourceLanguage: "fr", targetLanguage: "en"))
    try stage.run(&document, context: StageContext(stageID: "render"))
    return document
  }

  @Test("a sentence's matches are found by binary search when in order, and by a scan when not")
  func matchesOfASentence() throws {
    let writer = BriefWriter(document: RenderingTests.document, style: .text)
    #expect(writer.matchesInOrder)
    let sentences = try #require(RenderingTests.document.sentences)
    let matches = try #require(RenderingTests.document.terms?.matches)
    #expect(writer.matches(of: sentences[0], in: matches).map(\.form) == ["IA"])
    #expect(writer.matches(of: sentences[1], in: matches).map(\.form) == ["puces", "euros"])
    // Out of order, every match is passed, and the sentence renders the same.
    var shuffled = RenderingTests.document
    shuffled.terms?.matches = [matches[1], matches[0], matches[2]]
    let unordered = BriefWriter(document: shuffled, style: .text)
    #expect(!unordered.matchesInOrder)
    #expect(unordered.matches(of: sentences[1], in: shuffled.terms?.matches ?? []).count == 3)
    #expect(unordered.sentence(sentences[1]) == writer.sentence(sentences[1]))
    #expect(writer.sentence(sentences[1]) == "Les puces [chips] coûtent 3 euros.")
  }

  @Test(arguments: [
    (TermMode.annotate, "Les puces [chips] coûtent 3 euros."),
    (TermMode.replace, "Les chips coûtent 3 euros."),
    (TermMode.bilingual, "Les chips (puces) coûtent 3 euros."),
  ])
  func modes(_ mode: TermMode, _ expected: String) throws {
    let document = RenderingTests.document
    let sentence = try #require(document.sentences?[1])
    let matches = document.terms?.matches ?? []
    #expect(TermRendering.render(sentence, matches: matches, mode: mode) == expected)
  }

  /// A match whose span runs past its sentence (a document edited by hand, a stale layer) is
  /// left out; the matches before it are rendered.
  @Test func aSpanPastTheSentenceIsLeftOut() throws {
    let sentence = try #require(RenderingTests.document.sentences?[1])
    var matches = RenderingTests.document.terms?.matches ?? []
    matches[2].span = Span(start: 36, end: 43)
    #expect(
      TermRendering.render(sentence, matches: matches, mode: .annotate)
        == "Les puces [chips] coûtent 3 euros.")
    matches[1].span = Span(start: 43, end: 44)
    #expect(TermRendering.render(sentence, matches: matches, mode: .annotate) == "Les puces coûtent 3 euros.")
  }

  @Test func markdownMarksTheEnglish() throws {
    let sentence = try #require(RenderingTests.document.sentences?[1])
    let rendered = TermRendering.render(
      sentence, matches: RenderingTests.document.terms?.matches ?? [], mode: .annotate,
      mark: { "**\($0)**" })
    #expect(rendered == "Les puces [**chips**] coûtent 3 euros.")
  }

  @Test func textBrief() throws {
    let document = try RenderingTests.rendered(["format": .string("text"), "key-terms": .boolean(true)])
    #expect(
      document.output?.content == """
        Titre sur l'IA [AI]

        Summary (1 of 2 sentences)
          • Les puces [chips] coûtent 3 euros.

        Key terms (French → English, count, first sentence)
          IA  →  AI  1  #1

        """)
  }

  /// A scraped sentence's own list marker is not shown after the brief's bullet; a minus is.
  @Test(arguments: [
    (
      "• Météo France a placé deux départements en vigilance.",
      "Météo France a placé deux départements en vigilance."
    ),
    ("-Celui qui sera candidat l'a dit.", "Celui qui sera candidat l'a dit."),
    ("-► Pour pouvoir voter, il faut s'être inscrit.", "Pour pouvoir voter, il faut s'être inscrit."),
    ("- \"Moitié de fils\" - Il était né en 1932.", "\"Moitié de fils\" - Il était né en 1932."),
    ("-5 % sur un an : la baisse continue.", "-5 % sur un an : la baisse continue."),
    ("Il a dit - sans attendre - oui.", "Il a dit - sans attendre - oui."),
    ("•", "•"),
  ])
  func listMarkersAreNotShown(_ sentence: String, _ shown: String) {
    #expect(BriefWriter.withoutListMarker(sentence) == shown)
  }

  @Test("terms left unrendered are listed once each, with their suggestion and why, in every format")
  func notRendered() throws {
    var document = RenderingTests.document
    let costs = Span(start: 26, end: 33)
    document.terms?.unresolved = [
      UnresolvedTerm(
        sentence: 1, span: costs, form: "coûtent", source: "coûter", candidates: ["cost"],
        entries: [SourceLocation(file: "v.tsv", line: 2)], reason: .variable),
      UnresolvedTerm(
        sentence: 0, span: Span(start: 0, end: 5), form: "Titre", source: "titre",
        candidates: ["title (culture)", "security (economy)"],
        entries: [SourceLocation(file: "a.tsv", line: 2), SourceLocation(file: "b.tsv", line: 2)]),
      UnresolvedTerm(
        sentence: 1, span: costs, form: "coûtent", source: "coûter", candidates: ["cost"],
        entries: [SourceLocation(file: "v.tsv", line: 2)], reason: .variable),
      UnresolvedTerm(
        sentence: 1, span: Span(start: 20, end: 25), form: "Puces", source: "puce", candidates: ["chip"],
        entries: [SourceLocation(file: "a.tsv", line: 3)], reason: .name),
    ]
    func render(_ format: String) throws -> String {
      try #require(
        try RenderingTests.rendered(document, ["format": .string(format), "key-terms": .boolean(true)])
          .output?
          .content)
    }
    #expect(
      try render("text").hasSuffix(
        """
        Not rendered (French → suggested English, count, first sentence, why)
          coûter  →  cost                                  2  #2  English varies: a suggestion
          titre   →  title (culture) / security (economy)  1  #1  several senses: choose with 'domains:'
          puce    →  chip                                  1  #2  part of a name: left as written

        """))
    #expect(
      try render("markdown").contains(
        "| coûter | cost | 2 | 2 | English varies: a suggestion |\n"
          + "| titre | title (culture) / security (economy) | 1 | 1 | several senses: choose with 'domains:' |"
      ))
    #expect(
      try render("html").contains(
        "<tr><td>coûter</td><td>cost</td><td class=\"count\">2</td><td class=\"count\">2</td>"
          + "<td>English varies: a suggestion</td></tr>"))
    // Nothing left unrendered: no section at all.
    #expect(
      try !RenderingTests.rendered(["key-terms": .boolean(true)]).output!.content.contains("Not rendered"))
  }

  @Test func markdownBrief() throws {
    let document = try RenderingTests.rendered(["format": .string("markdown"), "key-terms": .boolean(true)])
    let content = try #require(document.output?.content)
    #expect(
      content.hasPrefix(
        "# Titre sur l'IA [**AI**]\n\n## Summary (1 of 2 sentences)\n\n- Les puces [**chips**]"))
    #expect(
      content.contains(
        "| French | English | Count | First sentence |\n|---|---|---:|---:|\n| IA | AI | 1 | 1 |"))
  }

  @Test func htmlMarksTermsAndEscapesText() throws {
    let document = try RenderingTests.rendered(["format": .string("html"), "key-terms": .boolean(true)])
    let content = try #require(document.output?.content)
    #expect(content.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(content.contains("<h1>Titre sur l'IA [<mark class=\"term\">AI</mark>]</h1>"))
    #expect(content.contains("<li>Les puces [<mark class=\"term\">chips</mark>] coûtent 3 euros.</li>"))
    #expect(
      content.contains("<tr><td>IA</td><td>AI</td><td class=\"count\">1</td><td class=\"count\">1</td></tr>"))
    #expect(content.hasSuffix("</body>\n</html>\n"))
  }

  /// HTML's special characters are escaped by bytes: a quotation mark that a combining mark
  /// follows (one character, not `"`) is escaped too. Other formats keep the text as it is.
  @Test func htmlEscapesMarkupEvenBeforeACombiningMark() {
    let html = BriefWriter(document: RenderingTests.document, style: .html)
    #expect(html.escape("a < b & \"c\" > d") == "a &lt; b &amp; &quot;c&quot; &gt; d")
    #expect(html.escape("\"\u{301}x<é>") == "&quot;\u{301}x&lt;é&gt;")
    #expect(html.escape("rien à échapper") == "rien à échapper")
    #expect(BriefWriter(document: RenderingTests.document, style: .markdown).escape("<b>") == "<b>")
  }

  @Test func jsonIsTheDocumentWithSortedKeys() throws {
    let document = try RenderingTests.rendered(["format": .string("json")])
    let content = try #require(document.output?.content)
    #expect(content == (try DocumentJSON.encode(RenderingTests.document)))
    #expect(content.contains("\"end\" : 14,\n"))
    let keys = ["\"paragraphs\"", "\"sentences\"", "\"source\"", "\"stages\"", "\"summary\"", "\"terms\""]
    let positions = keys.compactMap { content.range(of: $0)?.lowerBound }
    #expect(positions == positions.sorted())
  }

  /// The tables pad to characters: the count read from the bytes must be Swift's own.
  @Test(arguments: [
    "", "puce", "coûtent", "États-Unis", "Œuvre ß ÿ", "e\u{301}conomie", "A\u{30A}", "a\r\nb", "a\rb",
    "\u{1F1EB}\u{1F1F7} Paris", "😀", "한국어", "\u{CB}\u{304}", "tab\there", "ʼ ˆ ˿ \u{2FF}",
  ])
  func characterCountIsSwiftsCount(_ text: String) {
    #expect(text.characterCount == text.count)
    #expect(text.padded(to: 12).count == max(12, text.count))
    #expect(text.padded(left: 12).hasSuffix(text))
  }
}
