import Foundation
import PrecisCore
import Testing

@testable import PrecisGlossary

/// The pipeline's glossaries and stopwords, as `pipeline.yaml` loads them.
enum PipelineGlossary {
  /// The folders' files in name order, as the pipeline loader lists them.
  static func files(_ folder: String, settings: [String: String] = [:]) -> [SourceFile] {
    let path = Fixture.root + "/lexicons/glossary/" + folder
    return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
      $0.hasSuffix(".tsv")
    }
    .sorted().map { SourceFile(path: path + "/" + $0, settings: settings) }
  }

  /// Every glossary file of the pipeline.
  static let allFiles = files("fr-en") + files("fr-en-variable", settings: ["render": "false"])

  /// The pipeline's stopword list.
  static let stopwords = Fixture.root + "/lexicons/fr/stopwords.txt"

  static let stage: TranslateTermsStage? = {
    try? TranslateTermsStage(
      options: StageOptions(
        stageID: "terms",
        values: [
          "glossary": .sources(allFiles),
          "stopwords": .paths([stopwords]),
        ],
        stageLocation: SourceLocation(file: "pipeline.yaml", line: 1, column: 1),
        sourceLanguage: "fr", targetLanguage: "en"))
  }()

  /// The lines of the fixtures' and seeds' inputs.
  static let lines: [String] = {
    var files: [String] = []
    let manager = FileManager.default
    for folder in ["fixtures", "seeds"] {
      let path = Fixture.root + "/" + folder
      for name in (try? manager.contentsOfDirectory(atPath: path))?.sorted() ?? [] {
        let input = path + "/" + name + "/input.txt"
        if manager.fileExists(atPath: input) { files.append(input) }
        if name.hasSuffix(".txt") { files.append(path + "/" + name) }
      }
    }
    return files.flatMap { file in
      ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
  }()
}

/// Sentences where a fast path could part from the old reading: capitals with and without
/// accents, decomposed accents, hyphens of every kind, prefixes, compounds, elisions, numbers,
/// scalars beyond the BMP, and empty text.
let trickySentences = [
  "", " ", "-", "‐ ‑ -", "Les ÉTATS-UNIS et les Etats-Unis, les États‐Unis et les États‑Unis.",
  "E\u{301}tats-Unis et e\u{301}conomie, CHAÎNES D’APPROVISIONNEMENT et chaines d'approvisionnement.",
  "L'ex-ministre, l'anti-ex-ministre, le pro-européen, les Nord-Coréens et le nord-ouest.",
  "Un semi-conducteur, des semiconducteurs, des semi conducteurs et des SEMI-CONDUCTEURS.",
  "Le Monde, LE MONDE, le monde ; La Poste, la poste ; l'ONU, L’ONU, l’Onu.",
  "3 milliards, trois milliards, des milliards ; deux cents millions et plusieurs millions.",
  "Ces pays-là, cet accord-ci, le Pays-Bas ; après-guerre et austro-hongrois.",
  "Ses taux d'intérêt, des PME, les Australiens, les musulmans et des vins australiens.",
  "Qui président ? Le ministère juge le rapport ; les puces les plus chères.",
  "Paris 🇫🇷 accueille l’Union européenne 😀 et la Banque centrale européenne 𝒜.",
  "ŒUVRE, Œuvre, œuvre, ÆTHER ; Ÿ, ÿ ; ß, ẞ ; Ǆ, ǅ ; ΣΑΣ ; İstanbul, ı.",
  "\u{212A}elvin ; K ; \u{2126}mega ; Ω ; A\u{30A} ; Å ; \u{FB01}nance.",
  "https://www.example.fr/la-crise-du-gouvernement-francais et www.gouv.fr, contact@gouv.fr.",
  "le-gouvernement-francais-annonce-une-reforme sans lien ; WWW.GOUV.FR.",
  "Le Premier ministre, le premier ministre, le PREMIER MINISTRE et la Première ministre.",
  "Le président de la République, la République française, la république.",
]

@Suite("Term matcher fast paths")
struct TermMatcherBytesTests {
  // MARK: - The matcher against the one it replaced

  @Test("matches as before over the fixtures and seeds, with the pipeline's glossaries")
  func pipelineGlossary() throws {
    let stage = try #require(PipelineGlossary.stage)
    let reference = ReferenceMatcher(stage.matcher)
    let worker = try Fixture.worker()
    var compared = 0
    for line in PipelineGlossary.lines + trickySentences {
      let tokens = try worker.tokens(in: line)
      let found = stage.matcher.matches(in: tokens)
      #expect(found == reference.matches(in: tokens.values), "\(line)")
      compared += found.count
    }
    #expect(compared > 300)
  }

  @Test("matches as before with the small glossaries, prefixes and verb cues")
  func smallGlossaries() throws {
    let glossaries = [
      Fixture.glossary,
      """
      source\ttarget\tpos\tdomain
      Le Monde\tLe Monde\t\t\t
      semi-conducteur\tsemiconductor
      ministre\tminister
      coréen\tKorean|Korean\tadjective
      États-Unis\tUnited States\tproper noun
      juge\tjudge
      PME\tSME\tnoun
      taux d'intérêt\tinterest rate\tnoun
      cour\tcourt\tnoun\tjustice
      cour\tcourtyard\tnoun\tarchitecture
      œuvre\twork
      milliard\tbillion

      """,
    ]
    let worker = try Fixture.worker()
    for contents in glossaries {
      let matcher = TermMatcher(
        glossary: try Fixture.glossary(contents), verbCues: TermMatcher.frenchVerbCues,
        headBreakers: TermMatcher.frenchHeadBreakers, prefixes: TermMatcher.frenchPrefixes,
        stopwords: ["fois", "de", "la"])
      let reference = ReferenceMatcher(matcher)
      for line in trickySentences + PipelineGlossary.lines.prefix(40) {
        let tokens = try worker.tokens(in: line)
        #expect(matcher.matches(in: tokens) == reference.matches(in: tokens.values), "\(line)")
      }
    }
  }

  @Test("a first word that starts many terms, with and without accents, matches as before")
  func crowdedFirstWord() throws {
    // More terms on one first word than the index compares one by one (its lists are then
    // told apart through a set), some written without the accent the others have.
    let rows =
      (0..<30).map { "état terme\($0)\tstate term\($0)" } + (0..<20).map { "etat major\($0)\tstaff \($0)" }
      + ["état\tstate"]
    let matcher = TermMatcher(
      glossary: try Fixture.glossary("source\ttarget\n" + rows.joined(separator: "\n") + "\n"),
      verbCues: TermMatcher.frenchVerbCues, headBreakers: TermMatcher.frenchHeadBreakers,
      prefixes: TermMatcher.frenchPrefixes)
    let reference = ReferenceMatcher(matcher)
    let worker = try Fixture.worker()
    let sentences = [
      "L'ÉTAT TERME3 arrive.", "L'ETAT TERME4 et l'etat major5 arrivent.",
      "État terme29, etat major0 et État.",
      "ETAT MAJOR19 : l'état terme30 n'existe pas.",
    ]
    for line in sentences {
      let tokens = try worker.tokens(in: line)
      let found = matcher.matches(in: tokens)
      #expect(found == reference.matches(in: tokens.values), "\(line)")
      #expect(!found.isEmpty, "\(line)")
    }
  }

  @Test("tokens whose text and lowercase form disagree are read as before")
  func handMadeTokens() throws {
    let stage = try #require(PipelineGlossary.stage)
    let worker = try Fixture.worker()
    let tokens = try worker.tokens(
      in: "Les États-Unis et la Banque centrale européenne à Paris, dans Les Échos et L'Équipe."
    ).values
    // Each token's lowercase form replaced by its text, its decomposition or its capitals.
    func changing(_ field: WritableKeyPath<TokenValue, String>, _ change: @escaping (String) -> String)
      -> (TokenValue) -> TokenValue
    {
      { token in
        var token = token
        token[keyPath: field] = change(token[keyPath: field])
        return token
      }
    }
    let variants: [(TokenValue) -> TokenValue] = [
      { token in
        var token = token
        token.normalized = token.text
        return token
      },
      changing(\.normalized) { $0.decomposedStringWithCanonicalMapping },
      changing(\.text) { $0.decomposedStringWithCanonicalMapping },
      changing(\.text) { $0.uppercased() },
      changing(\.normalized) { $0.uppercased() },
    ]
    // And a term matched only as written, whose second word is lowercase.
    let written = TermMatcher(
      glossary: try Fixture.glossary(
        "source\ttarget\tpos\tdomain\tflags\nPorte dorée\tPorte Dorée\t\t\tcase\ndorée\tgolden\n"))
    let writtenTokens = try worker.tokens(in: "La Porte dorée, la porte dorée et la Porte Dorée.").values
    for (matcher, tokens) in [(stage.matcher, tokens), (written, writtenTokens)] {
      let reference = ReferenceMatcher(matcher)
      for variant in variants {
        for position in tokens.indices {
          var changed = tokens
          changed[position] = variant(changed[position])
          #expect(matcher.matches(in: TokenList(changed)) == reference.matches(in: changed), "\(changed)")
        }
        let all = tokens.map(variant)
        #expect(matcher.matches(in: TokenList(all)) == reference.matches(in: all), "\(all)")
      }
    }
  }

  @Test("translate-terms renders every sentence as before")
  func stageSentences() throws {
    let stage = try #require(PipelineGlossary.stage)
    let reference = ReferenceMatcher(stage.matcher)
    let worker = try Fixture.worker()
    let document = Fixture.document(PipelineGlossary.lines + trickySentences)
    // (An adjective's noun, chosen by its place or its capital, came after 7e7d16d: where the
    // stage rendered one, the reference's adjective is compared as the stage's match.)
    let nouns = stage.matcher.entries.filter(\.isNoun).map(\.location)
    for sentence in document.sentences ?? [] {
      let tokens = try worker.tokens(in: sentence.text)
      let terms = stage.terms(of: sentence, tokens: tokens)
      let reference = referenceTerms(of: sentence, tokens: tokens.values, matcher: reference)
      #expect(terms.covered == reference.covered, "\(sentence.text)")
      let matches =
        terms.matches.count == reference.matches.count
        ? zip(terms.matches, reference.matches).map { mine, old in
          mine.entry != old.entry && mine.source == old.source && nouns.contains(mine.entry) ? old : mine
        } : terms.matches
      #expect(matches == reference.matches, "\(sentence.text)")
      #expect(terms.unresolved == reference.unresolved, "\(sentence.text)")
    }
  }

  // MARK: - Helpers

  @Test("the first-word index finds every key, by its bytes, and no other")
  func firstWordIndex() {
    let forms = [
      "", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi",
      "abcdefghijklmnopq",
      "état", "etat", "ÉTAT", "e\u{301}tat", "œuvre", "a\u{0}", "\u{0}", "😀", "president", "présidente",
    ]
    let index = FirstWordIndex(
      forms.enumerated().map { number, form in
        (
          form, [FirstWordIndex.Start(term: number, plural: false)],
          [FirstWordIndex.Start(term: -number, plural: true)]
        )
      } + [("état", [FirstWordIndex.Start(term: 99, plural: false)], [])])
    for (number, form) in forms.enumerated() {
      let lists = form.withUTF8Bytes { index.lists(of: $0) }
      #expect(index.starts[lists.plain].map(\.term) == [number], "\(form)")
      #expect(index.starts[lists.folded].map(\.term) == [-number], "\(form)")
      #expect(lists.lowercaseASCII == form.withUTF8Bytes(Fold.isFolded), "\(form)")
    }
    for absent in ["b", "abcdefgi", "Etat", "etats", "é", "presiden", "abcdefghijklmnop"] {
      let lists = absent.withUTF8Bytes { index.lists(of: $0) }
      #expect(lists.plain.isEmpty && lists.folded.isEmpty, "\(absent)")
    }
  }

  @Test("the byte table grows past the capacity it was given, keeping every word")
  func byteKeysGrow() {
    var keys = ByteKeys(capacity: 2)
    let words = (0..<500).map { "mot\($0)" } + ["", "é", "e\u{301}"]
    for (number, word) in words.enumerated() {
      #expect(word.withUTF8Bytes { keys.insert($0) } == (number, true), "\(word)")
    }
    for (number, word) in words.enumerated() {
      #expect(word.withUTF8Bytes { keys.insert($0) } == (number, false), "\(word)")
      #expect(word.withUTF8Bytes { keys.number(of: $0, hash: ByteKeys.Hash($0)) } == number, "\(word)")
    }
    #expect("mot500".withUTF8Bytes { keys.number(of: $0, hash: ByteKeys.Hash($0)) } == nil)
    #expect(keys.count == words.count)
  }

  @Test("hashing reads every byte and tells lowercase ASCII as Fold.isFolded does")
  func hashWords() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [
      0x00, 0x20, 0x2D, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7F, 0x80, 0xC3, 0xFF,
    ]
    for _ in 0..<2000 {
      let count = Int.random(in: 0...24, using: &generator)
      let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
      bytes.withUnsafeBufferPointer { buffer in
        #expect(ByteKeys.Hash(buffer).lowercaseASCII == Fold.isFolded(buffer), "\(bytes)")
        #expect(ByteKeys.Hash(buffer).ascii == buffer.allSatisfy { $0 < 0x80 }, "\(bytes)")
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < count {
          let word = ByteKeys.Hash.word(UnsafeRawPointer(base), from: offset, count: count)
          for place in 0..<8 {
            let expected = offset + place < count ? bytes[offset + place] : 0
            #expect(UInt8(truncatingIfNeeded: word >> UInt64(place * 8)) == expected, "\(bytes) \(offset)")
          }
          offset += 8
        }
      }
      // A change of any one byte changes the hash (almost always: the test would flake
      // otherwise, so only the equality of equal bytes is required).
      let again = bytes
      #expect(
        bytes.withUnsafeBufferPointer { ByteKeys.Hash($0).value }
          == again.withUnsafeBufferPointer { ByteKeys.Hash($0).value })
    }
  }

  @Test("folding byte by byte gives the old fold for every Latin scalar and beyond")
  func foldLatin() {
    var samples: [String] = []
    for value in 0..<0x250 { if let scalar = Unicode.Scalar(value) { samples.append(String(scalar)) } }
    samples += [
      "", "ÉTATS", "États", "CHAÎNE", "Œuvre", "ŒUVRE", "ÆTHER", "naïve", "Ÿ", "ß", "×÷", "ÐÞØ",
      "e\u{301}tat", "É\u{301}", "😀É", "İ", "ǅ", "Straße", "«Élysée»", "L’Élysée", "ABC", "abc",
    ]
    for sample in samples {
      #expect(Fold.fold(sample) == referenceFold(sample), "\(sample.unicodeScalars.map(\.value))")
      #expect(Fold.fold(sample).utf8.elementsEqual(referenceFold(sample).utf8), "\(sample)")
    }
  }

  @Test("capitals are told from Latin bytes as hasUppercaseLetter tells them")
  func latinCapitals() {
    for value in 0..<0x250 {
      guard let scalar = Unicode.Scalar(value) else { continue }
      for text in [String(scalar), "a" + String(scalar), String(scalar) + "b"] {
        let fast = text.withUTF8Bytes { Fold.latinCapitals($0) }
        if let fast {
          #expect(fast == text.hasUppercaseLetter, "\(value)")
        } else {
          #expect(value >= 0x100, "\(value)")
        }
      }
    }
  }

  @Test("word sets answer as Set<String> does, canonical equivalents included")
  func asciiWordSet() {
    let members: Set<String> = [
      "le", "la", "l'", "à", "là", "différents", "\u{212A}", "e\u{301}t\u{E9}", "", "\u{212B}", "œ", "·",
    ]
    let set = ASCIIWordSet(members)
    let probes = [
      "le", "la", "l'", "à", "a\u{300}", "là", "la\u{300}", "différents", "diffe\u{301}rents", "K", "k",
      "\u{212A}", "été", "e\u{301}te\u{301}", "", "les", "LE", "😀", "\u{212B}", "Å", "A\u{30A}", "œ",
      "\u{387}",
    ]
    for probe in probes { #expect(set.contains(probe) == members.contains(probe), "\(probe)") }
  }

  @Test("isSameText is ==")
  func sameText() {
    let texts = ["", "a", "A", "é", "e\u{301}", "\u{212A}", "K", "Å", "A\u{30A}", "\u{212B}", "puce", "pucé"]
    for first in texts {
      for second in texts { #expect(first.isSameText(as: second) == (first == second), "\(first) \(second)") }
    }
  }

  @Test("the link pre-scan answers as the byte loop did")
  func mayHoldLinks() {
    var samples = trickySentences + PipelineGlossary.lines
    var generator = SystemRandomNumberGenerator()
    let pieces = ["w", "W", ".", "-", " ", "\t", "/", "@", "a", "é", "ww", "www", "--", "\n", "😀", "x-y"]
    for _ in 0..<3000 {
      samples.append(
        (0..<Int.random(in: 0...30, using: &generator)).map { _ in
          pieces.randomElement(using: &generator) ?? ""
        }
        .joined())
    }
    for sample in samples {
      var text = sample
      let fast = text.withUTF8 { TranslateTermsStage.mayHoldLinks($0) }
      #expect(fast == referenceMayHoldLinks(sample), "\(sample)")
    }
    // The reading both share: a slash or an at sign, three hyphens in a word, `www.`.
    let answers = [
      "voir WWW.lemonde.fr": true, "et/ou": true, "x@y": true, "quinze-vingt-trois-mots": true,
      "bien-être, c'est-à-dire": false, "a - b - c - d": false, "ww.x": false, "w w w.": false,
      "une phrase ordinaire sans lien aucun.": false,
    ]
    for (text, answer) in answers { #expect(referenceMayHoldLinks(text) == answer, "\(text)") }
  }

  @Test("a proper noun is told from the bytes of an ASCII part of speech as before")
  func properNoun() {
    func reference(_ pos: String?) -> Bool {
      guard let pos else { return false }
      let lower = Array(pos.lowercased().utf8)
      let word = Array("proper".utf8)
      guard lower.count >= word.count else { return false }
      return (0...(lower.count - word.count)).contains { lower[$0..<($0 + word.count)].elementsEqual(word) }
    }
    let samples: [String?] = [
      nil, "", "p", "proper", "Proper", "PROPER NOUN", "proper noun", "noun", "improper", "pro per", "PROPE",
      "adj, proper", "PRØPER", "prope\u{301}r", "PROPER\u{301}", "İproper", "\u{212A}proper", "proper😀",
      "@ROPER",
    ]
    for pos in samples { #expect(TranslateTermsStage.isProperNoun(pos) == reference(pos), "\(pos ?? "nil")") }
  }

  @Test("words matched only as written are compared as == compares them")
  func writtenWords() throws {
    let matcher = TermMatcher(
      glossary: try Fixture.glossary(
        "source\ttarget\tpos\tdomain\tflags\nLe Monde\tLe Monde\t\t\tkeep\nÉcole Normale\tENS\t\t\tcase\n"))
    let texts = [
      "Le", "le", "LE", "Monde", "monde", "École", "E\u{301}cole", "Ecole", "Normale", "K", "\u{212A}",
    ]
    let worker = try Fixture.worker()
    for (number, term) in matcher.terms.enumerated() where term.caseSensitive {
      for word in term.written.indices {
        for text in texts {
          let tokens = try worker.tokens(in: text)
          guard tokens.count == 1 else { continue }
          let written = tokens.withBuffer {
            matcher.table.isWritten(at: 0, in: $0, as: number, word: word, written: term.written)
          }
          #expect(written == (tokens.text(at: 0) == term.written[word]), "\(text) \(term.written[word])")
        }
      }
    }
  }

  @Test("the term table reads the forms of every word as Forms does")
  func termTable() throws {
    // (Built keeping its terms' forms: a matcher's own terms give theirs from the table.)
    let matcher = try GlossaryCacheTests.matcherKeepingForms()
    for number in matcher.terms.indices where number % 7 == 0 {
      let term = matcher.terms[number]
      #expect(!term.slots.isEmpty)
      #expect(matcher.table.wordCount(number) == term.slots.count)
      #expect(matcher.table.headCount(number) == term.headCount)
      #expect(matcher.table.isCaseSensitive(number) == term.caseSensitive)
      for word in term.slots.indices {
        let probes = term.slots[word].forms + term.foldedSlots[word].forms + ["", "x", "de"]
        for probe in probes {
          #expect(
            matcher.table.reading(of: probe, term: number, word: word, folded: false)
              == term.slots[word][probe])
          #expect(
            matcher.table.reading(of: probe, term: number, word: word, folded: true)
              == term.foldedSlots[word][probe])
          #expect(
            matcher.table.hasForm(ofLength: probe.utf8.count, term: number, word: word)
              == term.slots[word].forms.contains { $0.utf8.count == probe.utf8.count })
        }
      }
    }
  }
}
