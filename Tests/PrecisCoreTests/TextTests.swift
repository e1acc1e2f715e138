import CICUBridge
import Foundation
import PrecisTestSupport
import Testing

@testable import PrecisCore

/// The ICU bridge, the stemmer and the tokenizer.
struct TextTests {
  @Test func nfcComposesDecomposedLetters() throws {
    #expect(try ICUNormalizer.nfc("e\u{301}te\u{301}") == "été")
    #expect(try ICUNormalizer.nfc("été").unicodeScalars.count == 3)
    #expect(try ICUNormalizer.nfc("\u{212B}ngstr\u{F6}m \u{2000}") == "\u{C5}ngstr\u{F6}m \u{2002}")
  }

  /// The scan that skips ICU for plainly composed text (every scalar below U+0300, or from
  /// U+2002 to U+20BF) must never skip text ICU would change: each of those scalars, between
  /// two letters, comes out of ICU as the scan assumes.
  @Test func nfcSkipsICUOnlyForTextICULeavesAlone() throws {
    let scalars =
      (0x01..<0x300).compactMap(Unicode.Scalar.init) + (0x2002...0x20BF).compactMap(Unicode.Scalar.init)
    for scalar in scalars {
      let plain = "a" + String(scalar) + "b"
      #expect(
        try Array(TextTests.wholeNFC(plain).utf8) == Array(plain.utf8), "U+\(String(scalar.value, radix: 16))"
      )
      #expect(try ICUNormalizer.nfc(plain).unicodeScalars.elementsEqual(plain.unicodeScalars))
      #expect(try Array(plain.utf8).withUnsafeBufferPointer { try ICUNormalizer.nfc(utf8: $0) } == nil)
    }
  }

  /// `text` in NFC, the whole of it through ICU at once (what `nfc` did before it sent only
  /// the runs that need it).
  static func wholeNFC(_ text: String) throws -> String {
    var output: [UInt8] = []
    var text = text
    try text.withUTF8 { try ICUNormalizer.normalize($0, into: &output) }
    return String(decoding: output, as: UTF8.self)
  }

  /// Pieces that NFC changes or that change what is around them, for the segment test.
  static let nfcPieces = [
    "e\u{301}", "E\u{301}\u{327}", "c\u{327}", "o\u{308}\u{304}", "a\u{323}\u{302}", "q\u{307}\u{323}",
    "\u{301}", "\u{327}\u{301}", "\u{1100}\u{1161}\u{11A8}", "\u{1100}", "\u{1161}", "\u{11A8}",
    "\u{D55C}\u{AD6D}", "\u{AC00}\u{11A8}", "\u{1D15E}", "\u{1D157}\u{1D165}", "🙂", "𝐀", "中文字",
    "\u{3B1}\u{301}", "\u{3AC}", "\u{1F71}", "\u{3C9}\u{314}\u{342}\u{345}", "\u{438}\u{306}",
    "\u{439}", "\u{415}\u{308}", "\u{212B}", "\u{2126}", "\u{2000}", "\u{2001}", "\u{344}",
    "\u{F900}", "\u{FB1D}", "\u{0928}\u{093C}", "\u{0CC6}\u{0CD5}", "\u{0B47}\u{0B3E}", "é", "’", "«",
    "–", "€", "œ", " ", "\n", "\r\n", "\t", "a", "de", "l'", ".", "\u{FEFF}", "\u{AD}",
    String(repeating: "texte simple ", count: 6), String(repeating: "x", count: 70),
  ]

  /// NFC run by run (each widened to the ASCII bytes around it) is NFC of the whole text.
  @Test func nfcBySegmentsIsNFCOfTheWhole() throws {
    var cases = [
      "", "e\u{301}", "\u{301}", "\u{301}abc", "abc\u{301}", "cafe\u{301}", "a\u{1100}\u{1161}b",
      "Ελληνικά ά \u{3B1}\u{301}", "Й и\u{306} ё е\u{308}", "中文 and 日本語", "𝐀\u{301} 🙂\u{301}",
      "\u{1D15E}\u{1D165}", "naïve\u{308} x\u{323}\u{307}", "\u{AC00}\u{11A8}z\u{11A8}",
      "e" + String(repeating: "\u{301}", count: 40), String(repeating: "a\u{300}", count: 500),
    ]
    var state: UInt64 = 7
    for size in [1, 2, 3, 5, 8, 20, 60, 200, 1000] {
      for _ in 0..<30 {
        var text = ""
        for _ in 0..<size {
          state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          text += TextTests.nfcPieces[Int(state >> 33) % TextTests.nfcPieces.count]
        }
        cases.append(text)
      }
    }
    for text in cases {
      let whole = try TextTests.wholeNFC(text)
      let segments = try ICUNormalizer.nfc(text)
      #expect(Array(segments.utf8) == Array(whole.utf8), "\(text.unicodeScalars.map { $0.value })")
    }
  }

  @Test func wordTableLooksUpByBytesAndGrows() {
    var table = WordTable<Int>()
    for number in 0..<1000 { table["mot\(number)"] = number }
    table["été"] = -1
    table["mot7", default: 0] += 100
    #expect(table.count == 1001)
    #expect(table["mot999"] == 999 && table["mot7"] == 107 && table["mot1000"] == nil)
    #expect(table["e\u{301}te\u{301}"] == -1)  // keys are compared in NFC
    table["e\u{301}te\u{301}"] = -2
    #expect(table["été"] == -2 && table.count == 1001)
    // Reading a decomposed key and writing it back reaches one entry (a count, not a reset).
    for _ in 0..<3 { table["e\u{301}te\u{301}", default: 0] += 1 }
    #expect(table["été"] == 1 && table.count == 1001 && table.contains("e\u{301}te\u{301}"))
    "été".utf8.withContiguousStorageIfAvailable { #expect(table.index(of: $0) != nil) }
    table.removeAll(keepingCapacity: true)
    #expect(table.isEmpty && table["mot1"] == nil)
    table[""] = 5
    #expect(table[""] == 5)
    let set: WordSet = ["le", "la", "les"]
    #expect(set.contains("la") && !set.contains("l") && set.count == 3)
    #expect("été".hasSameBytes(as: "été") && !"été".hasSameBytes(as: "e\u{301}te\u{301}"))
  }

  @Test func tokenizerSplitsElisionsAndKeepsScalarOffsets() throws {
    let worker = try WordTokenizer(language: "fr").makeWorker()
    let tokens = try worker.tokens(in: "🙂 L’économie d'IA, 3,5 %.")
    #expect(tokens.texts == ["🙂", "L’", "économie", "d'", "IA", ",", "3,5", "%", "."])
    #expect(tokens.normalizedForms[1] == "l'")
    #expect(tokens[2].start == 4 && tokens[2].end == 12)
    #expect(tokens[6].kind == .number)
    #expect(tokens[1].isElision)
    #expect(!tokens[2].isElision)
  }

  @Test(arguments: [
    "économie", "Économie", "L’ÉCONOMIE", "aujourd’hui", "Aujourd'hui", "ÀÉÎÕÜ×Þ", "straße", "İstanbul",
    "Ωmega", "ÆSIR", "œuvre", "Œuvre", "’’", "a’", "’a", "Кремль", "日本", "𝐀bc", "e\u{301}TE", "l’Œuvre",
  ])
  func tokenNormalizedFromBytesIsTheSlowForm(_ text: String) {
    var copy = text
    let fast = copy.withUTF8 { WordTokenizer.Worker.normalized($0) }
    #expect(fast == WordTokenizer.Worker.normalize(text), "\(text)")
  }

  @Test(arguments: [
    "", " ", "Le chat dort.", "L’économie d'IA, 3,5 %.", "QU’IL jusqu'à Aujourd’hui lorsqu’Élise l' d’𝐀b",
    "l'l'l'l' d’d’ ’’ '' — « guillemets » 🙂\u{00A0}fin", "a\tb\nc\r\nd \u{2003} e",
    String(repeating: "aujourd'hui l'état qu''il ''''''''''x ", count: 9),
  ])
  func roomIsMadeForEveryTokenAndLittleMore(_ text: String) throws {
    let worker = try WordTokenizer(language: "fr").makeWorker()
    let tokens = try worker.tokens(in: text)
    var copy = text
    let counted = try copy.withUTF8 { bytes in
      try worker.iterator.withBoundaries(in: bytes, skippingSpaces: true) { boundaries, apostrophes in
        #expect(apostrophes == bytes.filter { $0 == 0x27 || $0 == 0xE2 }.count)
        return WordTokenizer.Worker.tokenCount(boundaries, apostrophes: apostrophes)
      }
    }
    #expect(counted >= tokens.count, "\(text)")
    // Only the apostrophe bytes and spaces other than ASCII ones may be counted in excess.
    let excess = text.unicodeScalars.filter { scalar in
      scalar == "'" || scalar == "\u{00A0}" || (0x2000..<0x3000).contains(scalar.value)
    }.count
    #expect(counted - tokens.count <= excess, "\(text)")
  }

  /// ICU finds the same word boundaries in the UTF-16 made from the bytes as in the UTF-8 it
  /// reads itself, mapped back to the same byte offsets with the same rule statuses.
  @Test(arguments: [
    "", "a", "L’économie d'IA, 3,5 % — « guillemets »\u{00A0}!", "🙂 𝐀bc 日本語のテキスト 中文 한국어",
    "e\u{301}te\u{301} Кремль ΣΑΣ\t\n\r\n x", String(repeating: "mot.Mot 12,5 km/h ", count: 200),
  ])
  func wordBoundariesFromUTF16AreThoseOfUTF8(_ text: String) throws {
    let iterator = try ICUBreakIteratorPrototype(.word, locale: "fr").makeIterator()
    var copy = text
    let fromUTF16 = try copy.withUTF8 { try iterator.boundaries(in: $0) }
    #expect(fromUTF16 == (try iterator.boundariesReadingUTF8(in: text)), "\(text)")
  }

  /// `skippingSpaces` leaves out exactly the pieces that start with an ASCII space, tab or line
  /// break; every boundary kept is as before, with the boundary before it as its start.
  @Test(arguments: [
    "", " ", "a", "  deux  espaces\t\ttab\n\nfin ", "L’économie d'IA, 3,5 % — « guillemets »\u{00A0}!",
    "🙂 𝐀bc 日本語 e\u{301}te\u{301}\r\n x", String(repeating: "mot.Mot 12,5 km/h ", count: 50),
  ])
  func skippingSpacesLeavesOutOnlyThePiecesOfSpaces(_ text: String) throws {
    let iterator = try ICUBreakIteratorPrototype(.word, locale: "fr").makeIterator()
    typealias Piece = (start: Int64, startScalar: Int64, offset: Int64, scalar: Int64, status: Int32)
    func pieces(_ found: UnsafeBufferPointer<PrecisBoundary>) -> [Piece] {
      found.map { ($0.start, $0.start_scalar, $0.offset, $0.scalar, $0.status) }
    }
    let bytes = Array(text.utf8)
    let (all, kept) = try bytes.withUnsafeBufferPointer { bytes in
      (
        try iterator.withBoundaries(in: bytes) { found, _ in pieces(found) },
        try iterator.withBoundaries(in: bytes, skippingSpaces: true) { found, _ in pieces(found) }
      )
    }
    var expected: [Piece] = []
    var start: (offset: Int64, scalar: Int64) = (0, 0)
    for piece in all {
      #expect(piece.start == start.offset && piece.startScalar == start.scalar)
      let first = bytes[Int(start.offset)]
      if !(first == 0x20 || (0x09...0x0D).contains(first)) { expected.append(piece) }
      start = (piece.offset, piece.scalar)
    }
    #expect(kept.count == expected.count, "\(text)")
    for (found, wanted) in zip(kept, expected) {
      #expect(found.start == wanted.start && found.startScalar == wanted.startScalar, "\(text)")
      #expect(
        found.offset == wanted.offset && found.scalar == wanted.scalar && found.status == wanted.status,
        "\(text)")
    }
  }

  @Test func bytesThatAreNotUTF8AreReadAsReplacements() throws {
    let iterator = try ICUBreakIteratorPrototype(.word, locale: "fr").makeIterator()
    for bytes: [UInt8] in [
      [0xC3], [0x61, 0xE2, 0x80], [0xC0, 0xAF, 0x61], [0xED, 0xA0, 0x80, 0x20, 0x62], [0xF5, 0x80],
      [0x80, 0x80],
      [0x61, 0xF0, 0x9F, 0x99],
    ] {
      let found = try bytes.withUnsafeBufferPointer { try iterator.boundaries(in: $0) }
      #expect(found.last?.offset == bytes.count, "\(bytes)")
      #expect(zip(found, found.dropFirst()).allSatisfy { $0.offset < $1.offset }, "\(bytes)")
    }
  }

  /// The normalized form read from the bytes is the one `normalize(_:)` gives, whether a word
  /// is taken as already normalized (lowercase ASCII and Latin-1) or made anew.
  @Test(arguments: [
    "économie", "à", "Économie", "ÉCONOMIE", "chat", "Chat", "×", "a×b", "ß", "ÿ", "Ÿ", "µ", "ª", "Þorn",
    "þorn", "œuvre", "Œuvre", "l’état", "L’État", "aujourd'hui", "ǅ", "İstanbul", "ΣΑΣ", "𝐀b", "\u{C3}",
    "e\u{301}", "É\u{301}", "prix¢", "À", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ", "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ",
  ])
  func normalizedFromTheBytesIsNormalize(_ word: String) {
    var copy = word
    let fromBytes = copy.withUTF8 { WordTokenizer.Worker.normalized($0) }
    #expect(fromBytes.hasSameBytes(as: WordTokenizer.Worker.normalize(word)), "\(word)")
    let unchanged = copy.withUTF8 { WordTokenizer.Worker.isNormalized($0) }
    if unchanged { #expect(word.hasSameBytes(as: WordTokenizer.Worker.normalize(word)), "\(word)") }
  }

  @Test func firstScalarIsDecodedAsStringsDecodeIt() throws {
    // Every scalar that starts a piece beyond ASCII, whitespace or not, and malformed starts.
    for text in ["é", "\u{A0}x", "\u{202F}»", "\u{2009}", "\u{3000}", "«", "😀a", "\u{85}", "中文", "\u{1680}"] {
      let bytes = Array(text.utf8)
      let expected = text.unicodeScalars.first
      #expect(bytes.withUnsafeBufferPointer { WordTokenizer.Worker.firstScalar(of: $0) } == expected)
    }
    for malformed: [UInt8] in [
      [0xC3], [0xE2, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80],
      [0x80],
    ] {
      #expect(malformed.withUnsafeBufferPointer { WordTokenizer.Worker.firstScalar(of: $0) } == nil)
    }
    // A piece that starts with a no-break or thin space is a space, not a token.
    let tokens = try WordTokenizer(language: "fr").makeWorker().tokens(in: "Il dit\u{A0}: « oui\u{2009}».")
    #expect(tokens.texts == ["Il", "dit", ":", "«", "oui", "»", "."])
  }

  @Test func elisionsSplitFromTheBytes() throws {
    let worker = try WordTokenizer(language: "fr").makeWorker()
    let tokens = try worker.tokens(in: "QU’IL jusqu'à Aujourd’hui lorsqu’Élise l' d’𝐀b presqu'île")
    #expect(
      tokens.texts == [
        "QU’", "IL", "jusqu'", "à", "Aujourd’hui", "lorsqu’", "Élise", "l", "'", "d’", "𝐀b", "presqu'", "île",
      ])
    #expect(
      tokens.normalizedForms == [
        "qu'", "il", "jusqu'", "à", "aujourd'hui", "lorsqu'", "élise", "l", "'", "d'", "𝐀b", "presqu'", "île",
      ])
    #expect(
      tokens.indices.filter { tokens[$0].isElision }.map(tokens.text(at:)) == [
        "QU’", "jusqu'", "lorsqu’", "d’", "presqu'",
      ])
    // Scalar offsets: `d’` is 2 scalars whichever apostrophe; `𝐀` is one scalar of 4 bytes.
    let d = try #require(tokens.texts.firstIndex(of: "d’"))
    #expect(tokens[d].end - tokens[d].start == 2 && tokens[d + 1].end - tokens[d + 1].start == 2)
    #expect(
      tokens.last?.end == "QU’IL jusqu'à Aujourd’hui lorsqu’Élise l' d’𝐀b presqu'île".unicodeScalars.count)
  }

  /// Locations hash by line and column only: two that differ only by file are still two keys.
  /// Lexicon lines are found in the bytes: the same lines, fields and line numbers as splitting
  /// the text's scalars and each line's string, as the reader did before, on the lines that
  /// could tell them apart (CRLF, Unicode spaces around a comment, empty and spaced fields).
  @Test func lexiconLinesAreTheLinesOfTheText() throws {
    let text =
      "\u{FEFF}un\r\n# comment\n\u{A0}# spaced comment\u{A0}\n\n   \n\u{2003}\n"
      + "a\tb\n\ta\t\n  deux  \t  two \r\n\u{A0}trois\u{202F}\tthree\nquatre#\t#four\n\r\ncinq\t\u{A0}\t"
    let path = try TemporaryFile.write(text, named: "lexicon.txt")
    // The former reading, on the text after its byte-order mark.
    var expected: [(fields: [String], line: Int)] = []
    var number = 0
    for rawLine in String(text.dropFirst()).unicodeScalars.split(
      separator: "\n", omittingEmptySubsequences: false)
    {
      number += 1
      var line = String(rawLine)
      if line.unicodeScalars.last == "\r" { line = String(line.unicodeScalars.dropLast()) }
      let trimmed = line.trimmingSpaces()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      expected.append(
        (
          line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() },
          number
        ))
    }
    let lines = try LexiconFile.lines(at: path)
    #expect(lines.map(\.fields) == expected.map(\.fields))
    #expect(lines.map { $0.location.line } == expected.map(\.line))
    #expect(lines.allSatisfy { $0.location.file == path })
    #expect(lines.map(\.fields).first == ["un"])
    #expect(lines.map(\.fields).contains(["trois", "three"]))
    #expect(lines.map(\.fields).last == ["cinq", "", ""])
  }

  /// A line read back for an error: the line numbers, line breaks and byte-order mark of the
  /// lexicon reader, and `nil` past the end.
  @Test func writtenLinesAreReadAsTheReaderNumbersThem() {
    let bytes = Array("\u{FEFF}un\r\ndeux\n\ntrois".utf8)
    #expect((1...5).map { WrittenLine.text(line: $0, in: bytes) } == ["un", "deux", "", "trois", nil])
    #expect(WrittenLine.text(line: 0, in: bytes) == nil)
    #expect(WrittenLine.text(line: 1, of: "/nonexistent/lexicon.txt") == nil)
  }

  /// A field's column: its first visible character, an empty field's start; a missing one
  /// where its TAB is likely missing.
  @Test(
    arguments: [
      ("chat\tcat", 0, 1),
      ("chat\t  cat ", 1, 8),
      ("chat\t  \tnote", 1, 6),
      ("né\tchat\tcas", 2, 9),
      ("chat cat", 1, 5),
      ("chat", 1, 5),
      ("\"x\"\t\"y\"", 1, 5),
    ])
  func fieldColumns(_ line: String, _ field: Int, _ column: Int) {
    #expect(WrittenLine.column(ofField: field, in: line) == column)
  }

  /// A short TSV row's caret: under the spaces that stand for a TAB, else at the end of the line.
  @Test(arguments: [
    ("chat cat", 5),
    ("  chat cat  ", 7),
    ("intelligence artificielle artificial intelligence", 50),
    ("chat", 5),
    ("né\tchat  cat", 8),
    ("", 1),
  ])
  func missingTabColumn(_ line: String, _ column: Int) {
    #expect(WrittenLine.missingTabColumn(in: line) == column)
  }

  @Test func textIsFoundByItsScalars() {
    #expect(WrittenLine.column(of: "...", in: "<term>...</term>") == 7)
    #expect(WrittenLine.column(of: "é", in: "e\u{301} é") == 4)
    #expect(WrittenLine.column(of: "&", in: "<term>&amp;</term>") == 7)
    #expect(WrittenLine.column(of: "x", in: "<term>y</term>") == nil)
    #expect(WrittenLine.column(of: "", in: "abc") == nil)
  }

  /// An invalid byte's place: its line, its column counting an earlier invalid sequence as
  /// one U+FFFD, and the line shown with replacements; a byte-order mark is not shown.
  @Test func invalidBytesArePlacedOnTheirLine() {
    let bytes = Array("\u{FEFF}un\nd".utf8) + [0xFF, 0x65, 0xC3] + Array("\r\ntrois".utf8)
    let place = UTF8Validation.place(ofByte: 9, in: bytes)
    #expect(place.line == 2)
    #expect(place.column == 4)
    #expect(place.text == "d\u{FFFD}e\u{FFFD}")
    let first = UTF8Validation.place(ofByte: 3, in: Array("\u{FEFF}".utf8) + [0xFF])
    #expect(first.line == 1 && first.column == 1 && first.text == "\u{FFFD}")
  }

  /// A pipeline file's lines, as YAML counts them for its errors: `\n`, `\r\n` and a lone `\r`
  /// each end one.
  @Test func pipelineFileLines() {
    #expect("a\nb\r\nc\rd\n".splitLines() == ["a", "b", "c", "d", ""])
    #expect("".splitLines() == [""])
    #expect("\r\n\r\r\n".splitLines() == ["", "", "", ""])
    #expect("é\r\n🇫🇷 x\ne\u{301}".splitLines() == ["é", "🇫🇷 x", "e\u{301}"])
    let text = "version: 1\r\nstages:\n  - type: normalize\r"
    #expect(text.splitLines().map(String.init) == ["version: 1", "stages:", "  - type: normalize", ""])
  }

  /// A word list is read once a process, and again when its file changes.
  @Test func wordListsAreReadAgainWhenTheirFileChanges() throws {
    let path = try TemporaryFile.write("Un\ndeux\n", named: "words.txt")
    #expect(try LexiconFile.wordSet(at: path) == ["un", "deux"])
    #expect(try LexiconFile.wordSet(at: path) == ["un", "deux"])
    try Data("un\ndeux\ntrois\n".utf8).write(to: URL(fileURLWithPath: path))
    #expect(try LexiconFile.wordSet(at: path) == ["un", "deux", "trois"])
    try FileManager.default.removeItem(atPath: path)
    #expect(throws: LexiconError.self) { try LexiconFile.wordSet(at: path) }
  }

  @Test func lexiconFileErrorsShowTheLine() throws {
    let path = try TemporaryFile.write("", named: "lexicon.txt")
    try Data(Array("un\nd".utf8) + [0xFF] + Array("eux\n".utf8)).write(to: URL(fileURLWithPath: path))
    let error = try #require(throws: LexiconError.self) { try LexiconFile.lines(at: path) }
    #expect(error.diagnostic.location == PrecisCore.SourceLocation(file: path, line: 2, column: 2))
    #expect(error.diagnostic.sourceLine == "d\u{FFFD}eux")
    #expect(error.diagnostic.message == "invalid UTF-8 at byte 4")
  }

  @Test func locationsThatDifferOnlyByFileAreDistinctKeys() {
    let core = PrecisCore.SourceLocation(file: "glossary/core.tsv", line: 12, column: 1)
    let sport = PrecisCore.SourceLocation(file: "glossary/sport.tsv", line: 12, column: 1)
    var counts: [PrecisCore.SourceLocation: Int] = [:]
    for location in [
      core, sport, core, PrecisCore.SourceLocation(file: "glossary/core.tsv", line: 12, column: 1),
    ] {
      counts[location, default: 0] += 1
    }
    #expect(counts == [core: 3, sport: 1])
    #expect(Set([core, sport, PrecisCore.SourceLocation(file: "glossary/core.tsv", line: 12)]).count == 3)
  }

  @Test func englishKeepsApostrophes() throws {
    let worker = try WordTokenizer(language: "en").makeWorker()
    #expect(try worker.tokens(in: "It's done").texts == ["It's", "done"])
  }

  @Test func frenchStemmer() throws {
    let pool = try StemmerPool(language: "fr", location: SourceLocation(file: "x"))
    let stems = pool.withStemmer { stemmer in ["technologiques", "technologie", "puces"].map(stemmer.stem) }
    #expect(stems == ["technolog", "technolog", "puc"])
  }

  /// Words beyond ASCII: accents precomposed and not, ligatures, other scripts, scalars beyond
  /// the BMP, an empty word, and spellings that differ only in NFC.
  static let stemmerWords = [
    "technologiques", "technologie", "puces", "été", "e\u{301}te\u{301}", "économiques",
    "e\u{301}conomiques", "cœurs", "œuvres", "ça", "français", "françaises", "i\u{307}stanbul", "",
    "中文", "🙂🙂", "naïves", "noël", "x\u{301}x\u{301}", "l'économie", "aujourd'hui", "électricité",
    "électricités", "a", "ÉTÉ", "mots", "mot",
    // Around the 16 bytes the memo keeps in a record (longer words are kept apart), and words
    // of the same length that differ past their eighth byte.
    "gouvernementales", "gouvernementale", "gouvernementaux", "internationalisés", "internationalisée",
    "anticonstitutionnellement", "anticonstitutionnelle", "réglementations", "réglementaTions",
  ]

  /// Snowball's ISO 8859-1 algorithm, taken for the words of Latin-1 letters, stems them as its
  /// UTF-8 algorithm does: the test's words, the stopwords and glossary terms' words, and random
  /// words of French and other Latin-1 letters (with `y`, `i` and `u` between vowels, which the
  /// algorithm marks, and the letters it matches by their accents); a word with a scalar beyond
  /// U+00FF (`œ`) is left to the UTF-8 algorithm.
  @Test func latin1StemsAreTheUTF8Stems() throws {
    guard let stemmer = Stemmer(language: "fr") else { throw TextTestsError.noStemmer }
    var words = Self.stemmerWords
    for path in ["lexicons/fr/stopwords.txt", "lexicons/fr/function-words.txt"] {
      let text = try String(contentsOfFile: Golden.packageRoot + "/" + path, encoding: .utf8)
      words += text.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
    }
    let letters = Array("aeiouyâàäéèêëïîôöûùüÿçbcdfghjklmnpqrstvwxz'-ßæñøåíóú×")
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      words.append(
        String(
          (0..<Int.random(in: 1...14, using: &generator)).map { _ in letters.randomElement(using: &generator)!
          }))
    }
    var compared = 0
    for word in words {
      var utf8 = word
      utf8.withUTF8 { bytes in
        guard let latin1 = stemmer.latin1Snowball(bytes) else {
          #expect(bytes.contains { $0 >= 0xC4 } || bytes.isEmpty, "\(word)")
          return
        }
        compared += 1
        #expect(latin1 == stemmer.utf8Snowball(bytes), "\(word)")
      }
    }
    #expect(compared > 20_000)
    // A word with `œ` goes to the UTF-8 algorithm whole.
    #expect(stemmer.stem("cœurs") == "cœur")
  }

  /// The memo answers as the word table it replaced, which stored each stem under the word in
  /// NFC and looked words up by their bytes.
  @Test func stemmerMemoAnswersAsTheWordTableDid() throws {
    guard let stemmer = Stemmer(language: "fr") else { throw TextTestsError.noStemmer }
    var reference = WordTable<String>()
    func referenceStem(_ word: String) -> String? {
      if let known = reference[word] { return known }
      // A new stemmer's first stem is Snowball's.
      guard let fresh = Stemmer(language: "fr") else { return nil }
      let stem = fresh.stem(word)
      reference[word] = stem
      return stem
    }
    let words = Self.stemmerWords + Self.stemmerWords.reversed() + Self.stemmerWords
    for word in words {
      #expect(stemmer.stem(word) == referenceStem(word), "\(word.unicodeScalars.map(\.value))")
    }
  }

  /// A pool's rule for content words is asked once a word, and its stemmers agree with a
  /// stemmer of no pool, each meeting the words the other met.
  @Test func contentStemsFollowThePoolsRule() throws {
    let stopwords: WordSet = ["été", "mot"]
    let pool = try StemmerPool(
      language: "fr", location: SourceLocation(file: "x"),
      isContent: { $0.count > 1 && !stopwords.contains($0) })
    guard let plain = Stemmer(language: "fr") else { throw TextTestsError.noStemmer }
    let words = Self.stemmerWords + Self.stemmerWords
    let expected = words.map { $0.count > 1 && !stopwords.contains($0) ? plain.stem($0) : nil }
    // Two stemmers at once: the pool opens a second one.
    let found = pool.withStemmer { first in
      pool.withStemmer { second in
        words.enumerated().map {
          $0.offset % 2 == 0 ? first.contentStem($0.element) : second.contentStem($0.element)
        }
      }
    }
    #expect(found == expected)
    #expect(plain.contentStem("été") == plain.stem("été"))
  }

  /// Within an epoch, two stems have one number exactly when they are the same bytes; the
  /// epoch changes when the memo is emptied.
  @Test func stemNumbersStandForStems() throws {
    let pool = try StemmerPool(
      language: "fr", location: SourceLocation(file: "x"), isContent: { $0.count > 1 })
    pool.withStemmer { stemmer in
      let words = Self.stemmerWords + ["technologie", "technologiques", "économie", "économiques"]
      // (Keyed by bytes: `String` equality would join `été` precomposed and not.)
      var numbers: [[UInt8]: Int] = [:]
      for word in words + words.reversed() {
        guard let numbered = stemmer.numberedContentStem(word) else {
          #expect(word.count <= 1)
          continue
        }
        #expect(numbered.stem == stemmer.contentStem(word))
        if let known = numbers[Array(numbered.stem.utf8)] {
          #expect(known == numbered.number, "\(word)")
        } else {
          #expect(!numbers.values.contains(numbered.number), "\(word)")
          numbers[Array(numbered.stem.utf8)] = numbered.number
        }
      }
      #expect(
        stemmer.numberedContentStem("technologie")?.number
          == stemmer.numberedContentStem("technologiques")?.number)
      // The stems that may hold a combining accent are told by their number alone.
      for word in words + ["de\u{301}cide\u{301}", "re\u{301}forme", "cafe\u{301}s"] {
        guard let numbered = stemmer.numberedContentStem(word) else { continue }
        var stem = numbered.stem
        let combines = stem.withUTF8(WordTable<Int>.mayCombine)
        #expect(stemmer.stemMayCombine(numbered: numbered.number) == combines, "\(word)")
      }
      #expect(
        stemmer.numberedContentStem("de\u{301}cide\u{301}").map {
          stemmer.stemMayCombine(numbered: $0.number)
        } == true)
      let epoch = stemmer.stemNumberEpoch
      for number in 0...50_000 { _ = stemmer.numberedContentStem("mot\(number)x") }
      #expect(stemmer.stemNumberEpoch != epoch)
      #expect(stemmer.numberedContentStem("technologie")?.stem == "technolog")
      // A new epoch forgets which numbers stood for such stems.
      #expect(
        stemmer.numberedContentStem("technologie").map { stemmer.stemMayCombine(numbered: $0.number) }
          == false)
    }
  }

  /// The memo's records: words numbered in the order they came through its growth, each found
  /// again whether its bytes are kept in its record (16 or fewer) or apart, and stems kept by
  /// number or each its own.
  @Test func stemMemoFindsEveryWordItHolds() {
    let memo = StemMemo()
    let words = (0..<20_000).map { number in
      String(repeating: "é", count: number % 13) + "mot\(number)" + String(repeating: "x", count: number % 7)
    }
    func number(_ word: String) -> Int {
      var copy = word
      return copy.withUTF8 { memo.entryNumber(of: $0) }
    }
    #expect(words.map(number) == Array(words.indices))
    #expect(words.reversed().map(number) == Array(words.indices.reversed()))
    #expect(memo.count == words.count)
    var word = "anticonstitutionnellement"
    word.withUTF8 { memo.setStem("anticonstitutionnel", number: 7, for: $0) }
    var other = "mot1"
    other.withUTF8 { memo.setStem("mot", for: $0) }
    #expect(
      word.withUTF8 { memo.find($0).entry.flatMap(memo.numberedStem(at:)) } ?? ("", 0) == (
        "anticonstitutionnel", 7
      ))
    #expect(other.withUTF8 { memo.find($0).entry.flatMap(memo.stem(at:)) } == "mot")
    #expect(memo.stemCount == 2)
    // Tokens of 64 KiB and more (lengths kept modulo 65,536) are found by their bytes.
    let long = String(repeating: "a", count: 70_000)
    let alsoLong = String(repeating: "a", count: 70_000 - 65_536)
    let next = memo.count
    #expect(number(long) == next && number(alsoLong) == next + 1)
    #expect(number(long) == next && number(alsoLong) == next + 1 && memo.count == next + 2)
    memo.removeAll()
    #expect(memo.count == 0 && memo.stemCount == 0)
    #expect(word.withUTF8 { memo.find($0).entry } == nil)
  }

  /// More words than the memo holds: it is emptied, and the stems stay Snowball's.
  @Test func stemmerMemoEmptiedWhenFull() throws {
    guard let stemmer = Stemmer(language: "fr"), let fresh = Stemmer(language: "fr") else {
      throw TextTestsError.noStemmer
    }
    let words = (0..<50_100).map { "nationalisation\($0)s" }
    for word in words { _ = stemmer.stem(word) }
    for word in words.suffix(200) + words.prefix(200) { #expect(stemmer.stem(word) == fresh.stem(word)) }
  }

  @Test func unknownStemmerLanguageIsAConfigurationError() {
    #expect(throws: LexiconError.self) {
      try StemmerPool(language: "xx", location: SourceLocation(file: "p.yaml"))
    }
  }

  @Test func invalidLocaleStillOpensOrFailsCleanly() {
    // ICU falls back to root rules for unknown locales rather than failing.
    #expect(throws: Never.self) { _ = try ICUBreakIteratorPrototype(.sentence, locale: "zz") }
  }

  @Test(
    arguments: [
      ([0x61, 0x62], nil), ([0x61, 0xC3], 1), ([0xE9, 0x61], 0), ([0x61, 0xF0, 0x9F, 0x99, 0x82, 0xFF], 5),
    ] as [([UInt8], Int?)])
  func utf8Validation(_ bytes: [UInt8], _ offset: Int?) {
    #expect(UTF8Validation.firstInvalidOffset(in: bytes) == offset)
  }

  /// The first offset the standard library's UTF-8 parser rejects: the validator's oracle.
  static func parserFirstInvalid(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): offset += encoded.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  @Test func utf8ValidationAgreesWithTheStandardParser() {
    // Every lead byte followed by every boundary of the continuation ranges, then 20,000
    // random strings mixing ASCII runs (the eight-byte path) with multibyte sequences, whole,
    // cut short, overlong, surrogates and beyond U+10FFFF.
    let edges: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xF5, 0xFF]
    for lead in UInt8.min...UInt8.max {
      for second in edges {
        for third in [0x80, 0xBF, 0x41] as [UInt8] {
          for bytes in [[lead], [lead, second], [lead, second, third], [lead, second, third, 0x80]] {
            #expect(
              UTF8Validation.firstInvalidOffset(in: bytes) == Self.parserFirstInvalid(bytes), "\(bytes)")
          }
        }
      }
    }
    let pieces: [[UInt8]] = [
      Array("abcdefghijklmnop".utf8), Array("é".utf8), Array("€".utf8), Array("🙂".utf8), [0xC3],
      [0xE2, 0x82],
      [0xF0, 0x9F, 0x99], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
      [0x80],
      [0xFF], Array("x".utf8),
    ]
    var state: UInt64 = 3
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<6 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let piece = Int(state >> 33) % (pieces.count + 6)
        bytes += piece < pieces.count ? pieces[piece] : pieces[0]
      }
      #expect(UTF8Validation.firstInvalidOffset(in: bytes) == Self.parserFirstInvalid(bytes), "\(bytes)")
    }
  }

  @Test func filePaths() {
    #expect(FilePath.resolve("lexicons/fr/a.txt", against: "fixtures/x/../..") == "lexicons/fr/a.txt")
    #expect(FilePath.resolve("/abs/a.txt", against: "dir") == "/abs/a.txt")
    #expect(FilePath.directory(of: "pipeline.yaml") == "")
    #expect(FilePath.directory(of: "a/b/pipeline.yaml") == "a/b")
  }
}

/// The scalar classes answered without the Unicode tables answer as the tables do.
struct ScalarClassTests {
  @Test func whiteSpaceAndCapitalsAreThePropertiesOfEveryScalar() {
    var mismatches: [String] = []
    for value in UInt32(0)...0x2_FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      if scalar.isWhiteSpace != scalar.properties.isWhitespace
        || scalar.isUppercaseLetter != scalar.properties.isUppercase
      {
        mismatches.append(String(value, radix: 16))
      }
    }
    #expect(mismatches.isEmpty, "scalars: \(mismatches.prefix(20))")
  }
}

/// `ScalarCursor` skips eight bytes at a step: it answers as a walk over every byte does.
struct ScalarCursorTests {
  /// The UTF-8 offset of scalar `target`, found byte by byte (or `nil` past the end).
  static func walk(_ bytes: UnsafeBufferPointer<UInt8>, to target: Int) -> Int? {
    var scalar = 0
    for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
      if scalar == target { return offset }
      scalar += 1
    }
    return scalar == target ? bytes.count : nil
  }

  @Test(
    "the cursor finds the bytes a walk finds, forward, backward and past the end",
    arguments: [
      "", "a", "été", "L'été 2025 : « les puces » — 40 € …\n\nSuite.", "中文新闻标题和更多的字", "🙂🙂 e\u{301} 𝔘𝔫",
      String(repeating: "aé中🙂", count: 40), String(repeating: "x", count: 33),
      "Un texte ASCII de plus de huit octets, puis é, puis encore du texte ASCII assez long.",
    ])
  func cursor(text: String) {
    var text = text
    let scalars = text.unicodeScalars.count
    text.withUTF8 { bytes in
      var cursor = ScalarCursor(bytes)
      // Ascending targets, then a few that go back and beyond the end.
      let targets =
        Array(0...scalars) + [scalars + 1, 3, 0, scalars, 1, scalars + 5, 2] + Array(0...scalars).reversed()
      for target in targets {
        #expect(cursor.byteOffset(target) == ScalarCursorTests.walk(bytes, to: target), "\(target)")
      }
      for step in [5, 9, 17] {
        var skipping = ScalarCursor(bytes)
        for target in stride(from: 0, through: scalars + 2, by: step) {
          #expect(skipping.byteOffset(target) == ScalarCursorTests.walk(bytes, to: target), "\(target)")
        }
      }
    }
  }
}

/// `lowercasedLatin` is `lowercased()` with a shortcut for Latin-1: the same string, always.
struct LowercasedLatinTests {
  @Test func everyScalarOfTheFirstPlanesLowercasesAsTheStandardLibraryDoes() {
    var mismatches: [String] = []
    for value in UInt32(0)...0x2_FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let text = "A\(scalar)É"
      if text.lowercasedLatin != text.lowercased()
        || text.lowercasedLatinUTF8 != Array(text.lowercased().utf8)
      {
        mismatches.append(String(value, radix: 16))
      }
    }
    #expect(mismatches.isEmpty, "scalars: \(mismatches.prefix(20))")
  }

  @Test(arguments: [
    "", "ÉTATS-UNIS", "L’Assemblée nationale", "ÀÖØÞ×÷ßÿ", "İstanbul", "ΣΟΦΙΑ", "Œuvre", "ǅ", "ﬀ",
  ])
  func stringsLowercaseAsTheStandardLibraryDoes(_ text: String) {
    #expect(text.lowercasedLatin == text.lowercased())
    #expect(text[...].lowercasedLatin == text.lowercased())
    #expect(text.lowercasedLatinUTF8 == Array(text.lowercased().utf8))
  }
}

/// Work split over the cores comes back whole and in order, and fails as one pass would.
struct ParallelTests {
  struct Failure: Error, Equatable { let index: Int }

  @Test(arguments: [0, 1, 7, 1_999, 2_000, 10_001])
  func rangesJoinInOrder(_ count: Int) throws {
    for cores in [1, 2, 3, 8] {
      let squares = try Parallel.map(count, threshold: 10, cores: cores) { range in range.map { $0 * $0 } }
      #expect(squares == (0..<count).map { $0 * $0 }, "\(cores) cores")
    }
  }

  @Test(arguments: [0, 1, 7, 100])
  func orderedDeliversInOrder(_ count: Int) {
    for (workers, ahead) in [(1, 1), (2, 1), (2, 3), (3, 8), (16, 4)] {
      var delivered: [String] = []
      // Items of uneven length, so that workers finish out of order.
      Parallel.ordered(count, workers: workers, ahead: ahead) { index -> String in
        if index % 3 == 0 { usleep(200) }
        return "item \(index)"
      } deliver: { index, value in
        #expect(value == "item \(index)")
        delivered.append(value)
      }
      #expect(delivered == (0..<count).map { "item \($0)" }, "\(workers) workers, \(ahead) ahead each")
    }
  }

  @Test func orderedStopsWhenDeliveryFails() {
    let worked = Counter()
    #expect(throws: Failure(index: 5)) {
      try Parallel.ordered(1_000, workers: 2, ahead: 4) { index -> Int in
        worked.add()
        return index
      } deliver: { index, _ in
        if index == 5 { throw Failure(index: 5) }
      }
    }
    // Taken past the failed one: at most the window (four items a worker), not the thousand.
    #expect(worked.value <= 5 + 1 + 2 * 4)
  }

  /// A count shared by threads.
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() {
      lock.lock()
      count += 1
      lock.unlock()
    }
    var value: Int {
      lock.lock()
      defer { lock.unlock() }
      return count
    }
  }

  @Test func theFirstErrorInIndexOrderIsThrown() {
    #expect(throws: Failure(index: 30)) {
      _ = try Parallel.map(100, threshold: 10, cores: 4) { range -> [Int] in
        if let bad = range.first(where: { $0 == 30 || $0 == 80 }) { throw Failure(index: bad) }
        return Array(range)
      }
    }
  }
}

/// `Array(filling:count:)` makes what `init(repeating:count:)` makes.
@Test(arguments: [0, 1, 7, 1_000])
func arraysFilledAreArraysRepeated(_ count: Int) {
  #expect([Int](filling: -1, count: count) == [Int](repeating: -1, count: count))
  #expect([Double](filling: 0.5, count: count) == [Double](repeating: 0.5, count: count))
  #expect([String](filling: "é", count: count) == [String](repeating: "é", count: count))
  #expect([Int](filling: 3, count: count).capacity >= count)
}

/// Why a text test could not run.
enum TextTestsError: Error {
  case noStemmer
}

/// `ForeignInput`: compressed files and UTF-16 told from their first bytes, and nothing else.
struct ForeignInputTests {
  @Test(
    arguments: [
      ([0x1F, 0x8B, 0x08], ForeignInput.compressed(format: "gzip", command: "gunzip -c")),
      ([0x28, 0xB5, 0x2F, 0xFD, 0x00], .compressed(format: "zstd", command: "zstd -dc")),
      ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00], .compressed(format: "xz", command: "xz -dc")),
      ([0x50, 0x4B, 0x03, 0x04, 0x14], .compressed(format: "zip", command: "unzip -p")),
      (
        Array("BZh9".utf8) + [0x31, 0x41, 0x59, 0x26, 0x53, 0x59],
        .compressed(format: "bzip2", command: "bunzip2 -c")
      ),
      ([0xFF, 0xFE, 0x41, 0x00], .utf16),
      ([0xFE, 0xFF, 0x00, 0x41], .utf16),
    ] as [([UInt8], ForeignInput)])
  func signaturesAreTold(_ bytes: [UInt8], _ expected: ForeignInput) {
    #expect(ForeignInput.detect(bytes) == expected)
  }

  /// Text, even text that starts as bzip2 does, and inputs too short to tell are none.
  @Test(arguments: [
    "", "B", "{\"text\": \"a\"}", "BZh9 est un nom de code.", "PK, le parti", "\u{FEFF}Le chat dort.",
  ])
  func textIsNone(_ text: String) {
    #expect(ForeignInput.detect(Array(text.utf8)) == nil)
  }
}
