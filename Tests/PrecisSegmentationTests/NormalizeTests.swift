import Testing

@testable import PrecisCore
@testable import PrecisSegmentation

/// The normalize stage: decoding, line endings, NFC, spaces, wrapped lines, paragraphs.
struct NormalizeTests {
  let stage: NormalizeStage = {
    let options = StageOptions(
      stageID: "normalize", values: ["join-wrapped": .boolean(true), "wrap-ratio": .number(0.6)],
      stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en")
    // swift-format-ignore: NeverUseForceTry
    return try! NormalizeStage(options: options)
  }()

  func normalize(_ bytes: [UInt8]) throws -> String {
    try stage.normalize(bytes: bytes, source: "t.txt").text
  }

  func normalize(_ text: String) throws -> String { try normalize(Array(text.utf8)) }

  /// A normalize stage with `html: text`: a page is read as text.
  let textStage: NormalizeStage = {
    let options = StageOptions(
      stageID: "normalize", values: ["html": .string("text")],
      stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en")
    // swift-format-ignore: NeverUseForceTry
    return try! NormalizeStage(options: options)
  }()

  /// An HTML page given as an article has its text taken, without a warning (with `html:
  /// text`, it is read as text, with a warning saying so); an article with tags inside, or one
  /// that starts with another tag, gets the warning for HTML markup instead, and one with
  /// neither gets none.
  @Test(
    arguments: [
      ("<!DOCTYPE html>\n<html><body><p>Le chat.</p></body></html>", "<!DOCTYPE html", nil),
      ("\u{FEFF}  \n<HTML lang=\"fr\"><p>Le chat.</p></HTML>", "<HTML", nil),
      ("<!doctype html><p>Le chat.</p>", "<!doctype html", nil),
      (
        "Le <b>chat</b> dort.", nil,
        "the input holds HTML markup ('<b>' and 1 more tag or character reference): they are read as text"
      ),
      (
        "<p>Le chat.</p>", nil,
        "the input holds HTML markup ('<p>' and 1 more tag or character reference): they are read as text"
      ),
      ("Il a dit&nbsp;: non.", nil, "the input holds HTML markup ('&nbsp;'): it is read as text"),
      ("<htm", nil, nil),
    ] as [(String, String?, String?)])
  func htmlPagesAreReadAndMarkupWarnedOf(_ text: String, _ start: String?, _ markup: String?) throws {
    var document = Document(source: "page.html", input: Array(text.utf8))
    try stage.run(&document, context: StageContext(stageID: "normalize"))
    #expect(NormalizeStage.htmlStart(of: Array(text.utf8)) == start)
    var asText = Document(source: "page.html", input: Array(text.utf8))
    try textStage.run(&asText, context: StageContext(stageID: "normalize"))
    if let start {
      #expect(document.warnings.isEmpty)
      #expect(document.text == "Le chat.")
      #expect(
        asText.warnings.map(\.message) == [
          "the input looks like an HTML page (it starts with '\(start)'): its tags and scripts are read as text"
        ])
      #expect(asText.text?.contains("<p>") == true)
    } else {
      #expect(document.warnings.map(\.message) == (markup.map { [$0] } ?? []))
      #expect(asText.warnings.map(\.message) == document.warnings.map(\.message))
      #expect(asText.text == document.text)
    }
  }

  /// With `html: always`, every input is read as HTML: an article's HTML body without a page
  /// around it has its paragraphs and character references read, and a compressed input is
  /// still refused with the command that reads it.
  @Test func htmlAlways() throws {
    let options = StageOptions(
      stageID: "normalize", values: ["html": .string("always")],
      stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en")
    let always = try NormalizeStage(options: options)
    var body = Document(source: "body.html", input: Array("<p>Un.</p><p>Deux&nbsp;trois.</p>".utf8))
    try always.run(&body, context: StageContext(stageID: "normalize"))
    #expect(body.text == "Un.\n\nDeux\u{A0}trois.")
    #expect(body.warnings.isEmpty)
    var plain = Document(source: "body.html", input: Array("<p>Un.</p><p>Deux&nbsp;trois.</p>".utf8))
    try stage.run(&plain, context: StageContext(stageID: "normalize"))
    #expect(plain.text == "<p>Un.</p><p>Deux&nbsp;trois.</p>" && plain.warnings.count == 1)
    var compressed = Document(source: "body.html.gz", input: [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00])
    #expect(throws: InputError.self) {
      try always.run(&compressed, context: StageContext(stageID: "normalize"))
    }
  }

  /// A page without text, or one that is not UTF-8 and does not say what it is, is warned of.
  @Test func htmlPagesWarnings() throws {
    var empty = Document(source: "page.html", input: Array("<!DOCTYPE html><script>x()</script>".utf8))
    try stage.run(&empty, context: StageContext(stageID: "normalize"))
    #expect(empty.text == "")
    #expect(
      empty.warnings.map(\.message) == [
        "the HTML page has no text outside its scripts, styles, forms and menus"
      ])
    var latin = Document(source: "page.html", input: Array("<html><p>L".utf8) + [0xE9, 0x61])
    try stage.run(&latin, context: StageContext(stageID: "normalize"))
    #expect(latin.text == "Léa")
    #expect(
      latin.warnings.map(\.message) == [
        "the HTML page is not UTF-8 and declares no encoding: it was read as windows-1252"
      ])
    #expect(latin.warnings.first?.location == SourceLocation(file: "page.html", line: 1))
    var declared = Document(
      source: "page.html", input: Array("<html><meta charset=\"latin1\"><p>L".utf8) + [0xE9, 0x61])
    try stage.run(&declared, context: StageContext(stageID: "normalize"))
    #expect(declared.text == "Léa" && declared.warnings.isEmpty)
    var unknown = Document(
      source: "page.html", input: Array("<html><meta charset=\"x-nonesuch\"><p>L".utf8) + [0xE9, 0x61])
    try stage.run(&unknown, context: StageContext(stageID: "normalize"))
    #expect(
      unknown.warnings.map(\.message) == [
        "the HTML page declares the encoding 'x-nonesuch', which ICU does not know: it was read as windows-1252"
      ])
    var notUTF8 = Document(
      source: "page.html", input: Array("<html><meta charset=\"UTF-8\"><p>L".utf8) + [0xE9, 0x61])
    try stage.run(&notUTF8, context: StageContext(stageID: "normalize"))
    #expect(notUTF8.text == "L\u{FFFD}a")
    #expect(
      notUTF8.warnings.map(\.message) == [
        "the HTML page declares UTF-8 but holds bytes that are not: each was replaced with U+FFFD"
      ])
  }

  /// HTML's tags, comments and character references are found; prose that merely holds a `<`
  /// or an `&` is not taken for them.
  @Test(
    arguments: [
      ("<p>Un.</p><p>Deux.</p>", "<p>", 4),
      (
        "Voir <a href=\"https://example.org/?a=1&b=2\">le site</a>.",
        "<a href=\"https://example.org/?a=1&b=2\">", 2
      ),
      ("Un.<br/>Deux.<BR>Trois.<br />", "<br/>", 3),
      ("Un.<!-- pub -->Deux.", "<!--", 1),
      ("l&#39;économie et l&#x2019;État &amp; la &Eacute;cole, &oelig;uvre", "&#39;", 5),
      ("Le &laquo;&nbsp;oui&nbsp;&raquo;", "&laquo;", 4),
      (
        "Un texte qui ouvre une balise <div class=\"" + String(repeating: "x", count: 60) + "\">.",
        "<div class=\"" + String(repeating: "x", count: 28) + "…", 1
      ),
      ("AT&T et R&D; a < b, <3, <Nom>, x<y et z>w, Procter&Gamble; &c. &#; &#12345678;", nil, 0),
      ("<a href sans fin <p", nil, 0),
      ("<", nil, 0),
      ("&", nil, 0),
      ("&nbsp", nil, 0),
      ("", nil, 0),
    ] as [(String, String?, Int)])
  func htmlMarkupIsFound(_ text: String, _ first: String?, _ count: Int) {
    let found = Array(text.utf8).withUnsafeBufferPointer(HTMLMarkup.find)
    #expect(found?.text == first)
    #expect(found?.count ?? 0 == count)
  }

  /// The markup warning names the first piece's line and its column in Unicode scalars (a
  /// byte order mark aside, accents counted once).
  @Test func htmlMarkupWarningIsLocated() throws {
    for (bytes, line, column) in [
      (Array("Un été.\nLes syndicats ont réagi&nbsp;: non.".utf8), 2, 24),
      ([0xEF, 0xBB, 0xBF] + Array("é<p>".utf8), 1, 2),
      (Array("<p>".utf8), 1, 1),
    ] {
      var document = Document(source: "a.txt", input: bytes)
      try stage.run(&document, context: StageContext(stageID: "normalize"))
      #expect(
        document.warnings.map(\.location) == [SourceLocation(file: "a.txt", line: line, column: column)])
    }
  }

  @Test func bomAndLineEndings() throws {
    #expect(try normalize([0xEF, 0xBB, 0xBF] + Array("Un.\r\nDeux.\rTrois.".utf8)) == "Un.\nDeux.\nTrois.")
  }

  @Test func nfcAndSpaces() throws {
    #expect(try normalize("  Le  cafe\u{301}\t est   là.  ") == "Le café est là.")
    #expect(try normalize("« Oui »") == "« Oui »")
    #expect(try normalize("a\u{00AD}b\u{200B}c\u{0007}d") == "abc d")
  }

  @Test func paragraphsKeptAndCounted() throws {
    let result = try stage.normalize(bytes: Array("Un.\n\n\n\nDeux.\n \nTrois.".utf8), source: "t")
    #expect(result.text == "Un.\n\nDeux.\n\nTrois.")
    #expect(result.paragraphs == [Span(start: 0, end: 3), Span(start: 5, end: 10), Span(start: 12, end: 18)])
  }

  @Test func wrappedLinesAreJoined() throws {
    let text = """
      La Commission européenne a présenté mardi un projet de règlement
      destiné à renforcer le contrôle des systèmes d'intelligence
      artificielle les plus puissants. Le texte doit être examiné par M.
      Dupont et les vingt-sept États membres, selon le porte-parole.
      """
    #expect(
      try normalize(text)
        == "La Commission européenne a présenté mardi un projet de règlement destiné à renforcer le contrôle des systèmes d'intelligence artificielle les plus puissants. Le texte doit être examiné par M. Dupont et les vingt-sept États membres, selon le porte-parole."
    )
  }

  @Test func hyphenAtLineEndJoinsWithoutASpace() throws {
    let text =
      "Les fabricants européens de composants électroniques et de semi-\nconducteurs ont salué la décision."
    #expect(try normalize(text).contains(" semi-conducteurs ont"))
  }

  @Test func shortLinesStayLines() throws {
    let text = "Publié le\nautosuffisance-en-intelligence-artificielle-voici-la-politique (PH:DR)\nHigh tech"
    #expect(try normalize(text).split(separator: "\n").count == 3)
  }

  @Test func invalidUTF8NamesTheByteAndLine() {
    do {
      _ = try normalize([0x61, 0x0A, 0x62, 0xC3, 0x28])
      Issue.record("expected an error")
    } catch let error as InputError {
      #expect(error.diagnostic.location == SourceLocation(file: "t.txt", line: 2))
      #expect(error.diagnostic.message == "invalid UTF-8 at byte 3 (0xC3)")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func emptyAndBlankInputs() throws {
    #expect(try normalize("") == "")
    #expect(try normalize(" \n\t\n ") == "")
  }
}

/// Line breaks in the middle of a sentence (text copied from a PDF) against lists of labels.
struct BrokenLineTests {
  let stage = NormalizeTests().stage

  @Test func aSentenceBrokenInTwoIsJoined() throws {
    #expect(
      try stage.normalize(bytes: Array("It was a cold \nnight in the city.".utf8), source: "t").text
        == "It was a cold night in the city.")
  }

  @Test func aListOfLabelsKeepsItsLines() throws {
    #expect(
      try stage.normalize(bytes: Array("features\ncontact manager\nevents, activities".utf8), source: "t")
        .text
        == "features\ncontact manager\nevents, activities")
  }
}

/// A long text is normalized and split in parts on the cores; the result is one pass's.
struct LongTextPartsTests {
  /// Over 256 KiB of varied paragraphs: wrapped lines, headings, blank and white-space lines,
  /// CRLF, decomposed accents, characters beyond the BMP, glued sentences.
  static let text: String = {
    let pieces = [
      "Titre sans point\n",
      "  La Commission européenne a présenté mardi un projet de règlement sur les puces\n"
        + "électroniques, qui doit encore être adopté par le Parlement. M. Dupont l'a dit.\n",
      "\n",
      "   \n",
      "\r\n\r\n",
      "Le cafe\u{301} est fermé.Il rouvre lundi (à 9 h). « Oui », dit-elle 🙂.\n",
      "PARIS (AFP) -\n",
      "\n\n\n",
      "- un point\n- un autre point\n",
      "\t\u{00A0}Fin du paragraphe… Vraiment ? Oui !\n",
    ]
    var text = ""
    var state: UInt64 = 42
    while text.utf8.count < 600_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      text += pieces[Int(state >> 33) % pieces.count]
    }
    return text
  }()

  @Test func thePartsAreRealAndCutAfterABlankLine() {
    var text = LongTextPartsTests.text
    let ranges = text.withUTF8 { Parallel.paragraphRanges($0, parts: 4) }
    #expect(ranges.count == 4)
    #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == text.utf8.count)
    let bytes = Array(text.utf8)
    for range in ranges.dropFirst() {
      #expect(Array(bytes[(range.lowerBound - 2)..<range.lowerBound]) == [0x0A, 0x0A])
      #expect((0x21...0x7E).contains(bytes[range.lowerBound]))
    }
    #expect(text.withUTF8 { Parallel.paragraphRanges($0, parts: 4, threshold: 1 << 30) }.count == 1)
  }

  @Test func normalizingInPartsGivesOnePass() throws {
    let stage = NormalizeTests().stage
    let bytes = Array(LongTextPartsTests.text.utf8)
    let one = try stage.normalize(bytes: bytes, source: "t", parts: 1)
    for parts in [2, 3, 8] {
      let split = try stage.normalize(bytes: bytes, source: "t", parts: parts)
      #expect(split.text == one.text, "\(parts) parts")
      #expect(split.paragraphs == one.paragraphs, "\(parts) parts")
    }
  }

  @Test func splittingInPartsGivesOnePass() throws {
    let normalized = try NormalizeTests().stage.normalize(
      bytes: Array(LongTextPartsTests.text.utf8), source: "t", parts: 1
    ).text
    let splitter = SentenceSplitterTests.splitter
    let one = try splitter.sentences(in: normalized, parts: 1)
    #expect(one.count > 5_000)
    for parts in [2, 3, 8] {
      #expect(try splitter.sentences(in: normalized, parts: parts) == one, "\(parts) parts")
    }
    // Raw text (white-space lines, several blank lines) splits the same way too.
    let raw = LongTextPartsTests.text
    #expect(try splitter.sentences(in: raw, parts: 3) == splitter.sentences(in: raw, parts: 1))
  }
}

// MARK: - The byte-level pass against the scalar-level one it replaced

/// The line pass as it was written on arrays of scalars (paragraphs of lines of scalars), kept
/// as the reference the byte-level pass must match exactly.
/// Whether a line is wrapped is asked of the stage itself (`isWrapped` is generic over the
/// line's scalars).
struct ScalarLinePass {
  let joinWrapped: Bool
  let stage: NormalizeStage

  init(joinWrapped: Bool, wrapRatio: Double) throws {
    self.joinWrapped = joinWrapped
    stage = try BytePassTests.stage(joinWrapped: joinWrapped, wrapRatio: wrapRatio)
  }

  /// What `NormalizeStage.normalize(bytes:source:)` gave: decoded (invalid sequences
  /// replaced), the whole text through ICU's NFC, then the line pass.
  func normalize(bytes: [UInt8]) throws -> (text: String, paragraphs: [Span]) {
    var output: [UInt8] = []
    try Array(String(decoding: bytes, as: UTF8.self).utf8).withUnsafeBufferPointer {
      try ICUNormalizer.normalize($0, into: &output)
    }
    return normalize(text: String(decoding: output, as: UTF8.self))
  }

  func normalize(text: String) -> (text: String, paragraphs: [Span]) {
    var paragraphs: [[[Unicode.Scalar]]] = []
    var current: [[Unicode.Scalar]] = []
    var line: [Unicode.Scalar] = []
    var run = 0
    var runScalar: Unicode.Scalar = " "
    func endLine() {
      if line.isEmpty {
        if !current.isEmpty { paragraphs.append(current) }
        current = []
      } else {
        current.append(line)
        line = []
      }
      run = 0
    }
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\r":
        endLine()
        previousWasCR = true
        continue
      case "\n", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}":
        if !(scalar == "\n" && previousWasCR) { endLine() }
      case "\u{FEFF}", "\u{00AD}", "\u{200B}":
        break
      default:
        let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        let kept = isControl ? " " : scalar
        if kept.isSpaceSeparator {
          if run == 0 { runScalar = kept }
          run += 1
        } else {
          if run > 0, !line.isEmpty { line.append(run == 1 ? runScalar : " ") }
          run = 0
          line.append(kept)
        }
      }
      previousWasCR = false
    }
    endLine()
    if !current.isEmpty { paragraphs.append(current) }
    var output = String.UnicodeScalarView()
    var spans: [Span] = []
    var offset = 0
    for (index, paragraph) in paragraphs.enumerated() {
      if index > 0 {
        output.append(contentsOf: "\n\n".unicodeScalars)
        offset += 2
      }
      let joined = join(paragraph)
      output.append(contentsOf: joined)
      spans.append(Span(start: offset, end: offset + joined.count))
      offset += joined.count
    }
    return (String(output), spans)
  }

  func join(_ lines: [[Unicode.Scalar]]) -> [Unicode.Scalar] {
    var result = lines[0]
    guard lines.count > 1 else { return result }
    let longest = lines.map(\.count).max() ?? 0
    let endsSentence = lines.last.map { SentenceSplitter.isTerminated($0[...]) } ?? false
    for index in 1..<lines.count {
      let previous = lines[index - 1]
      let next = lines[index]
      if joinWrapped
        && stage.isWrapped(previous, before: next, longest: longest, paragraphEndsSentence: endsSentence)
      {
        if let last = previous.last, last == "-", previous.count >= 2,
          previous[previous.count - 2].properties.isLowercase,
          next.first?.properties.isLowercase == true
        {
          result.append(contentsOf: next)
        } else {
          result.append(" ")
          result.append(contentsOf: next)
        }
      } else {
        result.append("\n")
        result.append(contentsOf: next)
      }
    }
    return result
  }
}

/// The byte-level line pass gives exactly what the scalar-level pass gave.
struct BytePassTests {
  static func stage(joinWrapped: Bool, wrapRatio: Double) throws -> NormalizeStage {
    let options = StageOptions(
      stageID: "normalize",
      values: ["join-wrapped": .boolean(joinWrapped), "wrap-ratio": .number(wrapRatio)],
      stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en")
    return try NormalizeStage(options: options)
  }

  static let settings: [(Bool, Double)] = [(true, 0.6), (true, 0.3), (true, 1.0), (false, 0.6)]

  /// Pieces of text that each rule of the line pass looks at.
  static let pieces = [
    "\n", "\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}",
    "\t", " ", " ", " ", "  ", "\u{A0}", "\u{A0}\u{A0}", " \u{A0}", "\u{202F}", "\u{202F} ", "\u{2009}",
    "\u{3000}", "\u{1680}", "\u{205F}", "\u{2000}\u{200A}", "\u{AD}", "\u{200B}", "\u{FEFF}", "\u{0}",
    "\u{7}", "\u{1B}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}:", "\r\u{FEFF}\n", "\r\u{AD}\n",
    "La Commission européenne a présenté mardi un projet de règlement", "destiné à renforcer le",
    "contrôle des systèmes d'intelligence artificielle les plus puissants.", "semi-", "conducteurs",
    "Semi-", "É-", "-", "- un point", "• une puce", "* étoile", "— tiret", "–", "1. premier",
    "TITRE EN CAPITALES", "Publié le", "PARIS (AFP) -", "« Oui »", "(entre parenthèses)",
    "fin de phrase.", "fin ?", "vraiment !", "suite…", "il dit : « non. »", "« fin. »)", "»”\")",
    "mot,", "mot;", "mot(", "3,5 %", "2024", "²", "Ⅻ", "ǅ", "ß", "ﬁ", "Ελληνικά λέξη", "Русский текст",
    "中文句子。", "日本語", "한국어 문장", "עברית", "العربية", "🙂", "𝐀𝐁", "e\u{301}", "\u{301}",
    "ά", "й", "a", "b", "x", "Z", ".", ",", "\"", "'", "’", "[",
  ]

  static func generated(seed: UInt64, pieces count: Int) -> String {
    var state = seed
    var text = ""
    for _ in 0..<count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      text += pieces[Int(state >> 33) % pieces.count]
    }
    return text
  }

  static let texts: [String] = {
    var texts = [
      "", " ", "\n", "\r", "\r\n", "\n\n\n", "a", "é", "\u{301}", "sans retour à la ligne du tout",
      "  espaces\u{A0}\u{A0}au début\t\tet à la fin  ", "\u{FEFF}\u{FEFF}", "a\rb\r\nc\nd\u{2028}e\u{85}f",
      "Les fabricants européens de composants électroniques et de semi-\nconducteurs ont salué la décision.",
      "features\ncontact manager\nevents, activities", "It was a cold \nnight in the city.",
      "Titre\n\nUn paragraphe assez long pour être enroulé sur plusieurs lignes, comme\n"
        + "dans un courriel ; il continue ici et s'arrête là.\n- un\n- deux\n\nFin.",
      "中文没有换行但是很长的一段文字，用来测试不含空格的句子。",
    ]
    for seed in 0..<300 {
      texts.append(generated(seed: UInt64(seed), pieces: [1, 3, 10, 40, 150][seed % 5]))
    }
    return texts
  }()

  @Test func linePassMatchesTheScalarPass() throws {
    for (joinWrapped, wrapRatio) in BytePassTests.settings {
      let stage = try BytePassTests.stage(joinWrapped: joinWrapped, wrapRatio: wrapRatio)
      let reference = try ScalarLinePass(joinWrapped: joinWrapped, wrapRatio: wrapRatio)
      for text in BytePassTests.texts {
        let new = stage.normalize(text: text)
        let old = reference.normalize(text: text)
        #expect(
          Array(new.text.utf8) == Array(old.text.utf8), "\(joinWrapped) \(wrapRatio) \(text.debugDescription)"
        )
        #expect(new.paragraphs == old.paragraphs, "\(joinWrapped) \(wrapRatio) \(text.debugDescription)")
      }
    }
  }

  @Test func wholeStageMatchesTheScalarPass() throws {
    let stage = try BytePassTests.stage(joinWrapped: true, wrapRatio: 0.6)
    let reference = try ScalarLinePass(joinWrapped: true, wrapRatio: 0.6)
    for text in BytePassTests.texts + TextTestsPieces.nfc {
      let bytes = Array(text.utf8)
      let old = try reference.normalize(bytes: bytes)
      for parts in [1, 3] {
        let new = try stage.normalize(bytes: bytes, source: "t", parts: parts)
        #expect(Array(new.text.utf8) == Array(old.text.utf8), "\(text.debugDescription)")
        #expect(new.paragraphs == old.paragraphs, "\(text.debugDescription)")
      }
    }
  }

  /// With `invalid-utf8: replace`, each invalid sequence is replaced before the rest.
  @Test func replacedBytesMatchTheScalarPass() throws {
    let options = StageOptions(
      stageID: "normalize", values: ["invalid-utf8": .string("replace")],
      stageLocation: SourceLocation(file: "p.yaml"), sourceLanguage: "fr", targetLanguage: "en")
    let stage = try NormalizeStage(options: options)
    let reference = try ScalarLinePass(joinWrapped: true, wrapRatio: 0.6)
    let invalid: [[UInt8]] = [
      [0xC3], [0xE9], [0xFF], [0xE2, 0x80], [0xF0, 0x9F, 0x99], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
    ]
    for (index, text) in BytePassTests.texts.enumerated() {
      var bytes = Array(text.utf8)
      // An invalid sequence put between two scalars.
      var cut = bytes.count * (index % 7) / 7
      while cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut += 1 }
      bytes.insert(contentsOf: invalid[index % invalid.count], at: cut)
      let new = try stage.normalize(bytes: bytes, source: "t", parts: 1)
      let old = try reference.normalize(bytes: bytes)
      #expect(Array(new.text.utf8) == Array(old.text.utf8), "\(bytes)")
      #expect(new.paragraphs == old.paragraphs && new.replaced > 0, "\(bytes)")
    }
  }

  /// Every scalar, alone and doubled between two letters: the byte pass knows the space
  /// separators (general category Zs), the breaks and the invisibles as the scalar pass does.
  @Test func everyScalarIsTreatedAsBefore() throws {
    let stage = NormalizeTests().stage
    let reference = try ScalarLinePass(joinWrapped: true, wrapRatio: 0.6)
    var text = ""
    for value in UInt32(0)...0x10FFFF
    where value < 0x3400 || (0xA000...0xAC00).contains(value)
      || (0xD7B0..<0xF900).contains(value) || (value >= 0xF900 && value % 61 == 0)
    {
      guard let scalar = Unicode.Scalar(value) else { continue }
      text.unicodeScalars.append(contentsOf: ["a", scalar, "b", scalar, scalar, "c", " ", scalar, " ", "\n"])
    }
    let new = stage.normalize(text: text)
    let old = reference.normalize(text: text)
    #expect(Array(new.text.utf8) == Array(old.text.utf8))
    #expect(new.paragraphs == old.paragraphs)
  }

  /// The scalars of a line, read forwards and backwards from its bytes.
  @Test func lineScalarsDecodeBothWays() {
    let text = "a\u{E9}\u{2019}\u{1F642}\u{301}z"
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { buffer in
      let line = UTF8Scalars(
        buffer, TidiedLine(start: 0, end: buffer.count, count: text.unicodeScalars.count))
      #expect(Array(line) == Array(text.unicodeScalars))
      #expect(Array(line.reversed()) == Array(text.unicodeScalars.reversed()))
      #expect(line.count == 6 && line.first == "a" && line.last == "z")
    }
  }
}

/// NFC pieces for the whole-stage comparison (combining marks, Hangul jamo, beyond the BMP).
enum TextTestsPieces {
  static let nfc = [
    "\u{301}début combinant", "cafe\u{301}\nfin\u{301}", "\u{1100}\u{1161}\u{11A8} \u{D55C}",
    "𝐀\u{301} \u{1D15E}", "\u{3B1}\u{301}\u{A0}\u{2000}x", "и\u{306}\r\n\u{2000}\u{2000}y",
    "e\u{200B}\u{301}", "x\u{AD}\u{308}", "\u{212B}ngstr\u{F6}m \u{2001} fin\u{327}",
  ]
}
