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
