import PrecisCore
import Testing

@testable import PrecisSummarization

/// A sentence as the segmenter would give it, with its line flags.
func sentence(_ text: String, terminated: Bool, standalone: Bool = true) -> Sentence {
  Sentence(
    index: 0, span: Span(start: 0, end: text.unicodeScalars.count), text: text, paragraph: 0,
    terminated: terminated, standalone: standalone)
}

@Suite("Debris detector")
struct DebrisDetectorTests {
  static let french = Fixture.root + "/lexicons/fr/debris.txt"

  /// A line, whether it ends a sentence, whether it fills its line, and what it is.
  struct Case: Sendable, CustomTestStringConvertible {
    var text: String
    var terminated: Bool
    var standalone: Bool = true
    var label: String?
    var testDescription: String { text }
  }

  @Test(
    "the French lexicon and the built-in rules find page debris",
    arguments: [
      Case(text: "Publié le 12/03/2025", terminated: false, label: "publication date"),
      Case(text: "PUBLIÉ LE 12 MARS 2025 À 08H15", terminated: false, label: "publication date"),
      Case(text: "Mis à jour le 13/03/2025 à 10h02", terminated: false, label: "update date"),
      Case(
        text: "autosuffisance-en-intelligence-artificielle-la-france-accelere", terminated: false,
        label: "URL slug"),
      Case(
        text: "https://www.exemple.fr/economie/article/2025/03/12/europe_123.html", terminated: false,
        label: "link"),
      Case(text: "(Photo : AFP)", terminated: false, label: "photo credit"),
      Case(text: "Une usine de puces à Dresde. © Reuters", terminated: false, label: "photo credit"),
      Case(text: "Partager sur Facebook", terminated: false, label: "share line"),
      Case(text: "Partager.", terminated: true, label: "share line"),
      Case(text: "Partager cet article !", terminated: true, label: "share line"),
      Case(text: "Lire aussi : la France mise sur les puces", terminated: false, label: "related link"),
      Case(
        text: "Ce site utilise des cookies pour mesurer l'audience.", terminated: true,
        label: "cookie notice"),
      Case(text: "window.pv = {a: 1};", terminated: false, label: "script fragment"),
      Case(text: "var x = {y: 2}; run();", terminated: false, label: "script fragment"),
      Case(text: "Économie", terminated: false, label: "section label"),
      Case(text: "Vidéo", terminated: false, label: "media label"),
      Case(text: "Ce que prévoit le plan européen pour les usines", terminated: false, label: "heading"),
      Case(
        text: "La Commission européenne a présenté mardi un plan pour les semi-conducteurs.",
        terminated: true, standalone: false, label: nil),
      Case(
        text: "Les industriels saluent une initiative attendue depuis longtemps.", terminated: true,
        label: nil),
      Case(
        text: "Selon Bruxelles, le plan coûtera 40 milliards d'euros", terminated: false,
        standalone: false, label: nil),
      Case(
        text: "« Nous devons produire nos propres puces », a-t-elle déclaré.", terminated: true,
        label: nil),
    ])
  func frenchLexicon(_ line: Case) throws {
    let detector = try DebrisDetector(path: DebrisDetectorTests.french)
    let found = detector.debris(
      sentence(line.text, terminated: line.terminated, standalone: line.standalone))
    #expect(found == line.label)
  }

  @Test("the real lexicon loads its rules in file order")
  func realLexicon() throws {
    let detector = try DebrisDetector(path: DebrisDetectorTests.french)
    let first = try #require(detector.rules.first)
    #expect(first.match == .prefix)
    #expect(first.text == "publié le")
    #expect(first.label == "publication date")
    #expect(detector.rules.count > 20)
  }

  @Test("without a lexicon only the structural rules apply")
  func builtInOnly() {
    let detector = DebrisDetector()
    #expect(detector.rules.isEmpty)
    #expect(detector.debris(sentence("Publié le 12/03/2025", terminated: false)) == "section label")
    #expect(
      detector.debris(sentence("Partager sur Facebook maintenant", terminated: true)) == nil)
    #expect(detector.debris(sentence("window.pv = {a: 1};", terminated: false)) == "script fragment")
  }

  @Test("the first rule that applies names the debris; a missing label is 'page debris'")
  func ruleOrderAndLabel() throws {
    let path = try Fixture.file(
      "contains\tabonnez\tsubscription\nprefix\tAbonnez-vous\tother\nline\tFin\n")
    let detector = try DebrisDetector(path: path)
    #expect(detector.rules.map(\.label) == ["subscription", "other", "page debris"])
    #expect(detector.rules.map(\.match) == [.contains, .prefix, .line])
    #expect(detector.debris(sentence("Abonnez-vous à 1 €.", terminated: true)) == "subscription")
    #expect(detector.debris(sentence("FIN !", terminated: true)) == "page debris")
    #expect(detector.debris(sentence("Fin de partie pour les usines.", terminated: true)) == nil)
  }

  @Test(
    "a malformed lexicon line is reported at its line, comments and blanks counted, and its field",
    arguments: [
      // An unknown kind of match; a missing text, after a TAB or without one (the caret goes
      // where the TAB is likely missing); an empty text.
      ("# rules\nprefix\tPublié le\tdate\n\nsuffix\tle\tdate\n", 4, 1),
      ("prefix\tPublié le\n# comment\nprefix\n", 3, 7),
      ("prefix\tPublié le\nline\t\tlabel\n", 2, 6),
      ("Publié le\n", 1, 7),
      ("contains  Publié le\n", 1, 9),
    ])
  func formatError(contents: String, line: Int, column: Int) throws {
    let path = try Fixture.file(contents)
    let error = try #require(throws: LexiconError.self) { try DebrisDetector(path: path) }
    #expect(error.diagnostic.location == PrecisCore.SourceLocation(file: path, line: line, column: column))
    #expect(
      error.diagnostic.sourceLine
        == String(contents.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]))
    #expect(error.diagnostic.message.contains("'prefix', 'contains' or 'line'"))
  }

  @Test("URL slugs need four lowercase parts and twenty characters")
  func slugs() {
    #expect(DebrisDetector.isSlug("autosuffisance-en-intelligence-artificielle"))
    #expect(DebrisDetector.isSlug("plan-europeen-puces-2030-bruxelles"))
    #expect(!DebrisDetector.isSlug("va-t-en-guerre"))
    #expect(!DebrisDetector.isSlug("Autosuffisance-en-intelligence-artificielle"))
    #expect(!DebrisDetector.isSlug("intelligence-artificielle-générale"))
    #expect(!DebrisDetector.isSlug("plan--europeen-puces-2030-bruxelles"))
  }

  @Test("a sentence that mentions a document is not a script fragment")
  func documentIsNotScript() {
    let line = sentence("Le ministre a signé le document.", terminated: true, standalone: false)
    #expect(DebrisDetector().debris(line) == nil)
  }

  @Test(
    "byte search finds a needle anywhere, after false starts, and nothing that is not there",
    arguments: [
      ("abc", "abc", true), ("xxabc", "abc", true), ("aababc", "abc", true), ("ab", "abc", false),
      ("abd abe", "abc", false), ("", "a", false), ("abc", "", true), ("© Photo", "©", true),
      ("a\u{0}b", "\u{0}b", true),
    ])
  func byteSearch(haystack: String, needle: String, found: Bool) {
    #expect(ByteSearch.contains(Array(haystack.utf8), Array(needle.utf8)) == found)
  }
}
