import PrecisCore
import Testing

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
