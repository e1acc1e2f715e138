import Foundation
import PrecisTestSupport
import Testing

@testable import PrecisCore
@testable import PrecisSegmentation

/// An HTML page's article text, read with libxml2: which element it is taken from, what is
/// left out, how blocks, line breaks and spaces come out, and the page's encoding.
struct HTMLPageTests {
  func extract(_ html: String) throws -> HTMLPage.Extracted {
    try #require(Array(html.utf8).withUnsafeBufferPointer(HTMLPage.extract))
  }

  func text(_ html: String) throws -> String {
    String(decoding: try extract(html).text, as: UTF8.self)
  }

  /// The page of fixture 17 is fixture 15's article as a news site serves it; its text is the
  /// article's, but for the "Lire aussi" link (an `<aside>` on the page) and the no-break spaces
  /// the page's `&nbsp;` and `&#8239;` stand for.
  @Test func theFixturePageGivesItsArticle() throws {
    let fixtures = Golden.packageRoot + "/fixtures/"
    let page = try #require(
      FileManager.default.contents(atPath: fixtures + "17-page-html-greve-chantier-naval/input.txt"))
    let article = try #require(
      FileManager.default.contents(atPath: fixtures + "15-social-greve-chantier-naval/input.txt"))
    let extracted = try #require([UInt8](page).withUnsafeBufferPointer(HTMLPage.extract))
    #expect(extracted.root == "article")
    #expect(extracted.encoding == nil)
    let text = String(decoding: extracted.text, as: UTF8.self)
      .replacingOccurrences(of: "\u{A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    let expected = String(decoding: article, as: UTF8.self)
      .replacingOccurrences(
        of: "\n\nLire aussi : À Saint-Nazaire, le chantier mise sur l'éolien en mer\n", with: "")
    #expect(text == expected)
  }

  /// The article with the most text is chosen over teasers, else the main element, else the
  /// body; an article or main element with less than a fifth of the body's text is passed over.
  @Test(
    arguments: [
      (
        "<article><p>Court.</p></article><article><h2>Le vrai</h2><p>Un long texte ici.</p></article>",
        "article", "Le vrai\n\nUn long texte ici."
      ),
      ("<div>Menu</div><main><p>Le texte principal.</p></main>", "main", "Le texte principal."),
      ("<div role=\"main\"><p>Le texte.</p></div><p>x</p>", "main", "Le texte."),
      (
        "<p>Un article écrit sans balise article, assez long pour compter.</p><article>Lu</article>",
        "body", "Un article écrit sans balise article, assez long pour compter.\n\nLu"
      ),
      ("<p>Un.</p><p>Deux.</p>", "body", "Un.\n\nDeux."),
    ] as [(String, String, String)])
  func theArticleIsChosen(_ body: String, _ root: String, _ expected: String) throws {
    let page = try extract("<!DOCTYPE html><html><body>\(body)</body></html>")
    #expect(page.root == root)
    #expect(String(decoding: page.text, as: UTF8.self) == expected)
  }

  /// The page's first `<h1>` leads when it stands outside the article; without one, the
  /// `<title>` does.
  @Test func theTitleLeads() throws {
    #expect(
      try text("<html><body><h1>Le titre</h1><article><p>Le texte de l'article.</p></article></body></html>")
        == "Le titre\n\nLe texte de l'article.")
    #expect(
      try text("<html><body><article><h1>Le titre</h1><p>Le texte.</p></article></body></html>")
        == "Le titre\n\nLe texte.")
    #expect(
      try text("<html><head><title>Le titre | Site</title></head><body><p>Le texte.</p></body></html>")
        == "Le titre | Site\n\nLe texte.")
  }

  /// What a reader does not see, or does not read as the article, is left out.
  @Test(
    arguments: [
      "<script>var a = 1 < 2;</script>", "<style>p { color: red }</style>", "<noscript>Activez JS</noscript>",
      "<nav><a href=\"/\">Accueil</a></nav>", "<aside>Lire aussi</aside>", "<footer>© 2025</footer>",
      "<figure><img src=\"a.jpg\"><figcaption>Photo AFP</figcaption></figure>",
      "<form><button>S'inscrire</button></form>", "<div hidden>caché</div>",
      "<div aria-hidden=\"true\">icône</div>", "<div role=\"navigation\">menu</div>",
      "<div class=\"share-bar\">Partager</div>", "<ul id=\"related_links\"><li>Autre</li></ul>",
      "<div class=\"pub\">Publicité</div>", "<section class=\"comments\"><p>Bravo</p></section>",
      "<header><a href=\"/\">Le Site</a></header>", "<!-- commentaire -->", "<iframe src=\"x\"></iframe>",
      "<svg><text>logo</text></svg>",
      "<div class=\"menu\"><a href=\"/\">Accueil</a> | <a href=\"/politique\">Politique</a></div>",
      "<ul><li><a href=\"/a\">Un autre article</a></li><li><a href=\"/b\">Et un autre</a></li></ul>",
      "<p><a href=\"/x\">Lire aussi : le port en difficulté</a></p>",
      "<h2><a href=\"/y\">Le titre d'un autre article</a></h2>",
    ])
  func debrisIsLeftOut(_ debris: String) throws {
    #expect(
      try text("<!DOCTYPE html><html><body>\(debris)<p>Le texte.</p>\(debris)</body></html>") == "Le texte.")
  }

  /// A block whose text is mostly links goes; one with a link among its words stays, and so
  /// does a list of plain items.
  @Test func linksInProseAreKept() throws {
    #expect(
      try text(
        "<!DOCTYPE html><body><p>Le texte, avec <a href=\"/l\">un lien</a> dedans.</p>"
          + "<ul><li>Un point</li><li>Un autre, <a href=\"/m\">lié</a></li></ul></body>")
        == "Le texte, avec un lien dedans.\n\nUn point\n\nUn autre, lié")
  }

  /// The page's own `<header>` goes (a site's name in an `<h1>` with it), the main element's
  /// stays: its `<h1>` is the title.
  @Test func aMainElementsHeaderIsKept() throws {
    #expect(
      try text(
        "<!DOCTYPE html><head><title>Titre | Site</title></head><body><header><h1>Le Site</h1></header>"
          + "<main><header><h1>Le titre</h1></header><article><p>Le texte.</p></article></main></body>")
        == "Le titre\n\nLe texte.")
  }

  /// An article's own `<header>` (its title, its date) is kept, and so is an article whose
  /// class names its section.
  @Test func anArticlesHeaderIsKept() throws {
    #expect(
      try text(
        "<html><body><header>Le Site</header><article class=\"article--social\"><header><h1>Titre</h1>"
          + "<p>Publié le 3 mars</p></header><p>Texte.</p></article></body></html>")
        == "Titre\n\nPublié le 3 mars\n\nTexte.")
  }

  /// Blocks are paragraphs, `<br>` a line break, inline elements run on; spaces and line
  /// breaks of the markup collapse, but in `<pre>`; character references are decoded.
  @Test func blocksLinesAndSpaces() throws {
    #expect(
      try text(
        "<!DOCTYPE html><body><p>Un   texte\n   sur <b>deux</b> lignes<br>puis une autre.</p>"
          + "<ul><li>Premier</li><li>Second</li></ul><div>Fin&nbsp;: l&rsquo;été &amp; 2&#8239;000 &eacute;tés.</div>"
      )
        == "Un texte sur deux lignes\npuis une autre.\n\nPremier\n\nSecond\n\nFin\u{A0}: l\u{2019}été & 2\u{202F}000 étés."
    )
    #expect(try text("<html><body><pre>a  b  \nc\n\n\n\n  d\r\n</pre></body></html>") == "a  b\nc\n\n  d")
    #expect(
      try text("<html><body><p>mot<span>collé</span> <i>séparé</i></p></body></html>") == "motcollé séparé")
  }

  /// Markup that browsers accept is read as they read it: unclosed paragraphs, stray end tags,
  /// no `<html>` or `<body>`.
  @Test func brokenMarkupIsRecovered() throws {
    #expect(try text("<!DOCTYPE html><p>Un.<p>Deux.</div></span><p>Trois.") == "Un.\n\nDeux.\n\nTrois.")
    #expect(try text("<html><p>Seul.") == "Seul.")
  }

  /// A page that is not UTF-8 is read in the encoding it declares; one that declares none (or
  /// one ICU does not know) as windows-1252; a UTF-8 page that declares another encoding is
  /// read as UTF-8; one that declares UTF-8 but is not has U+FFFD for what is not. A byte the
  /// encoding does not define loses nothing after it (libxml2's own conversion stops there).
  @Test(
    arguments: [
      ("<meta charset=\"windows-1252\">", "windows-1252", "windows-1252"),
      (
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">", "iso-8859-1",
        "iso-8859-1"
      ),
      ("", "windows-1252", nil),
      ("<meta charset=\"x-nonesuch\">", "windows-1252", "x-nonesuch"),
    ] as [(String, String, String?)])
  func legacyEncodings(_ meta: String, _ encoding: String, _ declared: String?) throws {
    let page =
      Array("<!DOCTYPE html><html><head>\(meta)</head><body><p>Le caf".utf8) + [0xE9, 0x20, 0x93]
      + Array("oui".utf8) + [0x94, 0x2E, 0x20, 0x90] + Array(" Et la suite.</p>".utf8)
    let extracted = try #require(page.withUnsafeBufferPointer(HTMLPage.extract))
    #expect(extracted.encoding?.lowercased() == encoding && extracted.declared?.lowercased() == declared)
    let text = String(decoding: extracted.text, as: UTF8.self)
    let quotes = encoding == "iso-8859-1" ? ("\u{93}", "\u{94}") : ("\u{201C}", "\u{201D}")
    #expect(text.hasPrefix("Le café \(quotes.0)oui\(quotes.1). "), "\(Array(text.unicodeScalars))")
    #expect(text.hasSuffix(" Et la suite."), "\(Array(text.unicodeScalars))")
  }

  @Test func utf8Pages() throws {
    let misdeclared = try extract(
      "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Le café coûte 2 €.</p>")
    #expect(misdeclared.encoding == nil && misdeclared.declared == nil)
    #expect(String(decoding: misdeclared.text, as: UTF8.self) == "Le café coûte 2 €.")
    let broken =
      Array("<html><head><meta charset=\"utf-8\"></head><body><p>Le caf".utf8) + [0xE9]
      + Array(" coûte 2 €.</p>".utf8)
    let repaired = try #require(broken.withUnsafeBufferPointer(HTMLPage.extract))
    #expect(repaired.encoding == "utf-8" && repaired.declared == "utf-8")
    #expect(String(decoding: repaired.text, as: UTF8.self) == "Le caf\u{FFFD} coûte 2 €.")
  }

  /// Depth and size do not break the walk: 100,000 nested elements (deeper than a worker
  /// thread's stack would take a recursive walk), and 100,000 paragraphs.
  @Test func deepAndLongPages() throws {
    let depth = 100_000
    let nested = try text(
      "<!DOCTYPE html><html><body>" + String(repeating: "<div>", count: depth) + "Au fond."
        + String(repeating: "</div>", count: depth) + "</body></html>")
    #expect(nested == "Au fond.")
    let long = try text("<!DOCTYPE html><html><body>" + String(repeating: "<p>Un mot.</p>", count: depth))
    #expect(long.utf8.count == depth * "Un mot.\n\n".utf8.count - 2)
  }

  /// A page whose scripts write the article, or that shows a teaser, gives the `articleBody`
  /// of its structured data (JSON-LD, in an `@graph` or not) under its `headline`, a paragraph a
  /// line, character references decoded; a page whose own text is as long keeps its own, and
  /// structured data that is not an article's, or not JSON, is passed over.
  @Test func structuredData() throws {
    let graph =
      #"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Le Site"},"#
      + #"{"@type":["NewsArticle"],"headline":"Grève au chantier","articleBody":"#
      + #""La direction a cédé mardi.\nL&#039;accord sera signé jeudi."}]}"#
    let application = try extract(
      "<!DOCTYPE html><html><head><script type=\"application/ld+json\">\(graph)</script></head>"
        + "<body><div id=\"app\"></div><script src=\"app.js\"></script></body></html>")
    #expect(application.root == "application/ld+json")
    #expect(
      String(decoding: application.text, as: UTF8.self)
        == "Grève au chantier\n\nLa direction a cédé mardi.\n\nL'accord sera signé jeudi.")

    let body =
      "Le premier paragraphe, en entier cette fois.\n\nLe second, réservé aux abonnés, plus long encore."
    let article =
      #"{"@type":"NewsArticle","headline":"Le titre","articleBody":"\#(body.replacingOccurrences(of: "\n", with: "\\n"))"}"#
    let teaser = try extract(
      "<!DOCTYPE html><html><head><script type=\"application/ld+json\">\(article)</script></head><body>"
        + "<article><h1>Le titre</h1><p>Le premier paragraphe…</p></article></body></html>")
    #expect(teaser.root == "application/ld+json")
    #expect(String(decoding: teaser.text, as: UTF8.self) == "Le titre\n\n" + body)
    let whole = try extract(
      "<!DOCTYPE html><html><head><script type=\"application/ld+json\">\(article)</script></head><body>"
        + "<article><h1>Le titre</h1><p>Le premier paragraphe, en entier cette fois.</p>"
        + "<p>Le second, réservé aux abonnés, plus long encore.</p></article></body></html>")
    #expect(whole.root == "article")

    for data in [
      #"{"@type":"WebPage","articleBody":"Pas un article."}"#, #"{"@type":"NewsArticle","articleBody":"#,
      #"[[[[[[[[[{"@type":"NewsArticle","articleBody":"Trop profond."}]]]]]]]]]"#,
    ] {
      let page = try extract(
        "<!DOCTYPE html><html><head><script type=\"application/ld+json\">\(data)</script></head></html>")
      #expect(page.text.isEmpty, "\(data)")
    }
  }

  /// Nothing to build a document from gives `nil`; a page of scripts alone, no text.
  @Test func emptyPages() throws {
    #expect([UInt8]().withUnsafeBufferPointer(HTMLPage.extract) == nil)
    #expect(try text("<!DOCTYPE html><html><body><script>x()</script></body></html>") == "")
  }
}
