import Foundation
import PrecisTestSupport
import Testing

@testable import PrecisCore
@testable import PrecisSegmentation

/// An article in Markdown, as scrapers and readers give pages: told from plain text, and read
/// for its words.
struct MarkdownTextTests {
  func detect(_ text: String) -> Bool {
    Array(text.utf8).withUnsafeBufferPointer(MarkdownText.detect)
  }

  func text(_ markdown: String) -> String {
    String(decoding: MarkdownText.text(of: Array(markdown.utf8)), as: UTF8.self)
  }

  @Test(
    "a heading, a link or bold text twice is Markdown; a hashtag, a star or a bracket alone is not",
    arguments: [
      ("# Titre\n\nLe texte.", true),
      ("Le chapeau.\n### Un intertitre\nLa suite.", true),
      ("Voir [le rapport](https://www.example.fr/rapport.pdf).", true),
      ("![photo](/images/a.jpg)\nLe texte.", true),
      ("**Paris** — Le **maire** a parlé.", true),
      ("#Paris : le maire a parlé.", false),
      ("####### sept dièses", false),
      ("Le prix* est de 3 euros.\n* hors taxes", false),
      ("Le **maire** a parlé.", false),
      ("Voir la note [1] (page 3).", false),
      ("Il a dit ](http sans crochet.", false),
      ("Title: Grève\r\n\r\nURL Source: https://x.fr/a\r\n\r\nMarkdown Content:\r\nLe texte.", true),
      ("Title: Grève\n\nLe texte, sans en-tête de lecteur.", false),
      ("", false),
    ])
  func detection(_ text: String, _ isMarkdown: Bool) {
    #expect(detect(text) == isMarkdown)
  }

  @Test("headings, emphasis, links and images, code and escapes are read for their words")
  func inlineMarks() {
    #expect(text("## Le titre ##\nUn paragraphe.") == "Le titre\n\nUn paragraphe.\n")
    #expect(text("Le **maire** a _bien_ dit *non* et ~~oui~~.") == "Le maire a bien dit non et oui.\n")
    #expect(
      text("Le fichier snake_case_ok et 3 * 4 restent.") == "Le fichier snake_case_ok et 3 * 4 restent.\n")
    #expect(
      text(
        "Selon [le rapport de la Cour](https://www.ccomptes.fr/fr/publications/rapport-(2024)) publié hier.")
        == "Selon le rapport de la Cour publié hier.\n")
    #expect(
      text("Un ![photo](https://x.fr/a.jpg \"titre\") lien [réf][1].\n\n[1]: https://x.fr")
        == "Un  lien réf.\n")
    #expect(
      text("Écrire `code` et \\*étoile\\* ou <https://x.fr>.") == "Écrire code et *étoile* ou https://x.fr.\n"
    )
    // (CommonMark keeps the inner brackets.)
    #expect(text("Un [lien [imbriqué]](/a) ici.") == "Un lien [imbriqué] ici.\n")
  }

  /// A reader's header (Jina Reader's): its title is the article's, the other fields go.
  @Test("a reader's header gives the title, and its fields go")
  func readerHeader() {
    #expect(
      text(
        "Title: Grève au chantier\n\nURL Source: https://x.fr/a\n\nPublished Time: 2025-11-14\n\n"
          + "Markdown Content:\nLe **maire** a parlé.\n") == "Grève au chantier\n\nLe maire a parlé.\n")
    // Without its `Markdown Content:` line, a `Title:` line is text.
    #expect(text("Title: Grève\n\n# Le texte") == "Title: Grève\n\nLe texte\n")
  }

  @Test("paragraphs join their lines; headings, list items and rules stand apart; code goes")
  func blocks() {
    let markdown = """
      Titre souligné
      ==============

      Une phrase coupée
      sur deux lignes.
      > Une citation
      > sur deux lignes.

      * premier point
      + deuxième point
      1. numéroté

      ---
      ```swift
      let code = 1
      ```
      <!-- un commentaire
      sur deux lignes -->
      | a | b |
      |---|:-:|
      Fin.
      """
    #expect(
      text(markdown)
        == """
        Titre souligné

        Une phrase coupée sur deux lignes.

        Une citation sur deux lignes.

        - premier point

        - deuxième point

        1. numéroté

        a | b

        Fin.

        """)
  }

  /// A text of bytes that are not UTF-8 is left to the normalizer, whose error names its own
  /// byte; `markdown: text` reads Markdown as it is; `always` reads any text as Markdown.
  @Test("the normalize stage's 'markdown' option")
  func option() throws {
    func stage(_ value: String?) throws -> NormalizeStage {
      try NormalizeStage(
        options: StageOptions(
          stageID: "normalize", values: value.map { ["markdown": .string($0)] } ?? [:],
          stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en"))
    }
    let markdown = Array("# Titre\n\nLe **maire** a parlé.\n".utf8)
    #expect(
      try stage(nil).markdownText(of: markdown).map { String(decoding: $0, as: UTF8.self) }
        == "Titre\n\nLe maire a parlé.\n")
    #expect(try stage("text").markdownText(of: markdown) == nil)
    let plain = Array("Le *maire* a parlé.\n".utf8)
    #expect(try stage(nil).markdownText(of: plain) == nil)
    #expect(
      try stage("always").markdownText(of: plain).map { String(decoding: $0, as: UTF8.self) }
        == "Le maire a parlé.\n")
    #expect(try stage(nil).markdownText(of: Array("# Titre\n\nLe \u{E9}t\u{E9}".utf8) + [0xFF]) == nil)
  }

  /// Fixture 18 is fixture 15's article as a reader gives it in Markdown: its text is fixture
  /// 15's, word for word.
  @Test("the Markdown fixture reads as the plain one")
  func fixture() throws {
    let fixtures = Golden.packageRoot + "/fixtures/"
    let markdown = try #require(
      FileManager.default.contents(atPath: fixtures + "18-markdown-greve-chantier-naval/input.txt"))
    let plain = try #require(
      FileManager.default.contents(atPath: fixtures + "15-social-greve-chantier-naval/input.txt"))
    #expect(MarkdownText.text(of: Array(markdown)) == Array(plain))
  }
}
