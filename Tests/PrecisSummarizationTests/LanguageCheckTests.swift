import Foundation
import PrecisCore
import Testing

@testable import PrecisSummarization

/// The warning that an article does not read as the source language: an English article read
/// with French stopwords (and, in a whole run, French rules and a French glossary).
@Suite("summarize: the language check")
struct LanguageCheckTests {
  /// An English article of about 90 words.
  static let english = """
    Harbor Foods to buy rival Greenfield in $3.5 billion deal

    Harbor Foods Corp. said Tuesday it had agreed to acquire Greenfield Inc. for $3.5 billion in cash, creating \
    the third-largest packaged food company in the country. The deal values Greenfield at $42 a share, a premium \
    of 28% to its closing price on Monday. The combined company will have annual sales of about $11 billion and \
    will be headquartered in St. Louis. Its chief executive told analysts on a call that the company expects \
    savings of $300 million a year by the third year, and that the boards of both companies had approved it.
    """

  /// The warnings of `text` summarized with `values` on top of the French defaults.
  func warnings(_ text: String, _ values: [String: OptionValue] = [:]) throws -> [Diagnostic] {
    try Fixture.summarized(text, Fixture.options(values)).warnings
  }

  @Test("an English article under French stopwords is warned about, with its share and the fix")
  func englishUnderFrench() throws {
    let warnings = try warnings(LanguageCheckTests.english)
    let warning = try #require(warnings.first)
    #expect(warnings.count == 1)
    #expect(warning.severity == .warning)
    #expect(warning.location?.file == "t.txt")
    #expect(warning.message.hasPrefix("the article may not be in the source language 'fr': only "))
    #expect(warning.message.contains("(the check warns under 15%)"))
    // The stopwords of English, beside the French ones, are a third of its words or more.
    #expect(warning.message.contains("are 'en' ones"))
    #expect(
      warning.notes.joined().contains(
        "run it with --language en (this pipeline's lexicons have 'en'), a corpus in several languages with "
          + "--language auto, or with a pipeline for 'en' (--pipeline)"
      ))
    // The share is the function words' among the words: here under one in ten.
    let share = try #require(warning.message.split(separator: " ").first { $0.hasSuffix("%") })
    #expect(try #require(Int(share.dropLast())) < 10)
  }

  @Test("without another language's stopwords beside its own, the warning names none")
  func noGuess() throws {
    let stopwords = try Fixture.file(
      try String(contentsOfFile: Fixture.root + "/lexicons/fr/stopwords.txt", encoding: .utf8),
      named: "stop.txt")
    let warning = try #require(
      try warnings(LanguageCheckTests.english, ["stopwords": .paths([stopwords])]).first)
    #expect(warning.message.hasSuffix("(the check warns under 15%)"))
    #expect(warning.notes.joined().contains("run it with a pipeline for its language (--pipeline)"))
  }

  /// A Spanish article (written for this test): a quarter of its words are French stopwords,
  /// past the check's 15%.
  static let spanish = """
    El Gobierno aprueba nuevas ayudas contra la subida de los precios

    El Gobierno de España aprobó este martes un nuevo paquete de medidas para hacer frente a la subida de \
    los precios de la energía. Según el presidente del Gobierno, las ayudas llegarán a más de cuatro millones \
    de hogares. La oposición criticó que las medidas llegan tarde y son insuficientes. El Banco de España \
    prevé que la inflación se mantenga por encima del cinco por ciento durante los próximos meses.
    """

  /// The word lists of the default pipeline, as it hands them to its stages.
  static let lists = LanguageLists(
    own: "fr",
    detect: Pipeline.DetectList(
      template: Fixture.root + "/lexicons/{source}/stopwords.txt", location: SourceLocation(file: "p.yaml")),
    recognize: Pipeline.DetectList(
      template: Fixture.root + "/lexicons/languages/{source}.txt", location: SourceLocation(file: "p.yaml")))

  /// The warnings of `text` summarized with the French defaults and the pipeline's word lists.
  func warningsWithLists(_ text: String) throws -> [Diagnostic] {
    var document = try Fixture.segmented(text)
    try SummarizeStage(options: Fixture.options())
      .run(&document, context: StageContext(stageID: "x", languages: LanguageCheckTests.lists))
    return document.warnings
  }

  @Test("with the pipeline's word lists, an article past the check that reads as another language is named")
  func readAsAnotherLanguage() throws {
    // Without the lists, the Spanish article passes.
    #expect(try warnings(LanguageCheckTests.spanish).isEmpty)
    let warning = try #require(try warningsWithLists(LanguageCheckTests.spanish).first)
    #expect(
      warning.message.hasPrefix(
        "the article may not be in the source language 'fr': it reads as Spanish ('es'), and "))
    #expect(warning.notes.joined().hasPrefix("this pipeline has no lexicons for 'es'"))
    // Under the check, the language is named when no stopwords beside the French ones hold it.
    let english = try #require(try warningsWithLists(LanguageCheckTests.english).first)
    #expect(english.message.contains("are 'en' ones") && !english.message.contains("reads as"))
    // French articles are read as French, or not read at all.
    #expect(try warningsWithLists(Fixture.article).isEmpty)
  }

  @Test("French articles are not warned about, nor short texts, nor any text when the check is 0")
  func noWarning() throws {
    #expect(try warnings(Fixture.article).isEmpty)
    // The first two sentences: under 40 words.
    let short = LanguageCheckTests.english.split(separator: ".").prefix(2).joined(separator: ".") + "."
    #expect(try Fixture.wordCount(short) < SummarizeStage.languageCheckMinimumWords)
    #expect(try warnings(short).isEmpty)
    #expect(try warnings(LanguageCheckTests.english, ["language-check": .number(0)]).isEmpty)
    // A higher bar warns about the French article too.
    #expect(try warnings(Fixture.article, ["language-check": .number(0.9)]).count == 1)
  }
}
