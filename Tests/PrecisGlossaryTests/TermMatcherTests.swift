import PrecisCore
import Testing

@testable import PrecisGlossary

@Suite("Term matcher")
struct TermMatcherTests {
  @Test("a part of speech names an adjective when it holds adj, in any case")
  func partOfSpeechNamesAdjective() {
    for pos in ["adj", "Adjective", "noun/ADJ", "aDj.", "n, adj"] {
      #expect(TermMatcher.namesAdjective(pos), "\(pos)")
    }
    for pos in ["", "nom", "adverbe", "ad j", "ADV", "aj", "ädj", "a\u{301}dj"] {
      #expect(!TermMatcher.namesAdjective(pos), "\(pos)")
    }
  }

  @Test("an ASCII suffix compared by bytes answers as hasSuffix does")
  func byteSuffixIsCharacterSuffix() {
    let words = [
      "journal", "travail", "réseau", "feu", "chinois", "prix", "nez", "public", "actif", "premier",
      "européen", "", "e", "x\u{301}", "cafe\u{301}", "bâtonnet", "l", "al", "aïl", "🙂al", "AL", "lycée",
    ]
    let suffixes: [StaticString] = ["s", "x", "z", "al", "ail", "eau", "au", "eu", "e", "teur", "et", "l"]
    for word in words {
      for suffix in suffixes {
        #expect(word.endsWith(suffix) == word.hasSuffix("\(suffix)"), "\(word) \(suffix)")
      }
    }
  }

  @Test("leftmost-longest: the longest entry starting at a word wins")
  func leftmostLongest() throws {
    let found = try Fixture.found("L'intelligence artificielle et les puces électroniques")
    #expect(found.map(\.form) == ["intelligence artificielle", "puces électroniques"])
    #expect(found.map(\.found.chosen.source) == ["intelligence artificielle", "puce électronique"])
    #expect(found.map(\.found.plural) == [false, true])
    #expect(found[1].found.chosen.pluralTarget == "electronic chips")
  }

  @Test("a term led by an article is listed under its second word and found from the word before")
  func ledTerms() throws {
    let contents = """
      source\ttarget\tflags
      les européennes\tEuropean elections\t
      européen\tEuropean\t
      tous les\tall\t
      Les Échos\t\tkeep
      le Pirée\tPiraeus\t
      Le Cap\tCape Town\tcase

      """
    let glossary = try Fixture.glossary(contents)
    let matcher = TermMatcher(glossary: glossary)
    // `les` and `aux` start no term of their own but the kept name; `européennes` lists both.
    let aux = "aux".withUTF8Bytes { matcher.index.lists(of: $0) }
    #expect(aux.plain.isEmpty && aux.folded.isEmpty)
    let les = "les".withUTF8Bytes { matcher.index.lists(of: $0) }
    #expect(matcher.index.starts[les.plain].allSatisfy { !$0.led && $0.written != nil })
    let second = "européennes".withUTF8Bytes { matcher.index.lists(of: $0) }
    #expect(matcher.index.starts[second.plain].filter(\.led).count == 1)
    // Found from the word before, in any case, before the adjective alone, and after the
    // article's contractions with `à` and `de`.
    for (text, form, source) in [
      ("Il a perdu aux Européennes.", "aux Européennes", "les européennes"),
      ("Les européennes de 2019", "Les européennes", "les européennes"),
      ("LES EUROPÉENNES", "LES EUROPÉENNES", "les européennes"),
      ("le score des européennes", "des européennes", "les européennes"),
      ("arrivé au Pirée", "au Pirée", "le Pirée"), ("le port du Pirée", "du Pirée", "le Pirée"),
    ] {
      let found = try Fixture.found(text, glossary: contents)
      #expect(found.map(\.form) == [form], "\(text)")
      #expect(found.first?.found.chosen.source == source, "\(text)")
      #expect(found.first.map { $0.found.firstToken == $0.found.termToken } == true, "\(text)")
    }
    // Not after another word, nor from a word a match before has taken, nor across a hyphen.
    for (text, sources) in [
      ("des élections européennes", ["européen"]), ("tous les européennes", ["tous les", "européen"]),
      ("après-les européennes", ["européen"]), ("Les Échos", ["Les Échos"]),
      // A name matched only as written takes no contraction.
      ("au Cap", []), ("Le Cap", ["Le Cap"]),
    ] {
      let found = try Fixture.found(text, glossary: contents)
      #expect(found.map(\.found.chosen.source) == sources, "\(text)")
    }
  }

  @Test("a term whose capitalized word starts a longer name yields to the name")
  func termYieldsToName() throws {
    let contents = "source\ttarget\tflags\ndonnées de santé\thealth data\t\nSanté publique France\t\tkeep\n"
    let named = try Fixture.found("Les données de Santé publique France", glossary: contents)
    #expect(named.map(\.found.chosen.source) == ["Santé publique France"])
    // Without the name after it, or with the word in lowercase, the term is the term.
    for text in ["Les données de Santé sont là", "les données de santé publique"] {
      let found = try Fixture.found(text, glossary: contents)
      #expect(found.map(\.found.chosen.source) == ["données de santé"], "\(text)")
    }
  }

  @Test("every word of a multiword term may be plural")
  func pluralMultiword() throws {
    let found = try Fixture.found("les intelligences artificielles")
    #expect(found.map(\.found.chosen.source) == ["intelligence artificielle"])
    #expect(found.first?.found.plural == true)
  }

  @Test("a shorter entry matches when the longer one does not continue")
  func shorterEntry() throws {
    let found = try Fixture.found("L'intelligence collective et une puce neuve")
    #expect(found.map(\.found.chosen.source) == ["intelligence", "puce"])
    #expect(found.map(\.found.plural) == [false, false])
  }

  @Test("matches do not overlap and the token ranges are right")
  func tokenRanges() throws {
    let found = try Fixture.found("puce électronique puce")
    #expect(found.map(\.found.firstToken) == [0, 2])
    #expect(found.map(\.found.endToken) == [2, 3])
    #expect(found.map(\.found.chosen.source) == ["puce électronique", "puce"])
  }

  @Test(
    "elided articles are split off, with straight and curly apostrophes",
    arguments: ["l'IA avance", "l’IA avance", "Le coût d'IA", "le coût d’IA", "L’IA", "qu'IA"])
  func elision(text: String) throws {
    let found = try Fixture.found(text)
    #expect(found.map(\.form) == ["IA"])
    #expect(found.first?.found.chosen.target == "AI")
  }

  @Test("an elision inside an entry is matched, straight or curly")
  func elisionInsideEntry() throws {
    let found = try Fixture.found("Les chaînes d’approvisionnement tiennent.")
    #expect(found.map(\.form) == ["chaînes d’approvisionnement"])
    #expect(found.first?.found.plural == true)
    #expect(found.first?.found.chosen.pluralTarget == "supply chains")
  }

  @Test(
    "regular French plurals find the singular entry",
    arguments: [
      ("des puces", "puce"), ("les journaux", "journal"), ("des logiciels", "logiciel"),
      ("les technologies", "technologie"), ("deux IA", "IA"),
    ])
  func frenchPlurals(text: String, source: String) throws {
    let found = try Fixture.found(text)
    #expect(found.map(\.found.chosen.source) == [source])
    #expect(found.first?.found.plural == (source != "IA"))
  }

  @Test(
    "words that only start like an entry do not match it",
    arguments: [
      "Un progrès technologique", "Des puceaux", "les journalistes", "la logicielle",
      "une technologue",
    ])
  func noFalseMatch(text: String) throws {
    let found = try Fixture.found(text)
    #expect(found.isEmpty, "\(found.map(\.form))")
  }

  @Test("sentence punctuation between words breaks a multiword term")
  func punctuationBreaksTerm() throws {
    let found = try Fixture.found(
      "On parle d'intelligence. Artificielle ou pas, la puce, électronique ou non.")
    #expect(found.map(\.found.chosen.source) == ["intelligence", "puce"])
  }

  @Test("a punctuation entry word must be adjacent to its neighbours")
  func punctuationInsideEntry() throws {
    let glossary = "source\ttarget\nsemi-conducteur\tsemiconductor\n"
    #expect(try Fixture.found("le semi-conducteur", glossary: glossary).map(\.form) == ["semi-conducteur"])
    #expect(try Fixture.found("semi - conducteur", glossary: glossary).isEmpty)
  }

  @Test(
    "a term does not match a part of a hyphenated compound",
    arguments: [
      "le compromis austro-hongrois", "l'après-guerre", "la Papouasie-Nouvelle-Guinée",
      "le vice-président", "un guerre-éclair",
    ])
  func insideCompound(text: String) throws {
    let glossary = "source\ttarget\nhongrois\tHungarian\nguerre\twar\nGuinée\tGuinea\nprésident\tpresident\n"
    #expect(try Fixture.found(text, glossary: glossary).isEmpty)
  }

  @Test("a compound matches as a whole, and `-là` and `-ci` leave the word before them whole")
  func wholeCompound() throws {
    let glossary = "source\ttarget\npays\tcountry\nPays-Bas\tNetherlands\naccord\tagreement\n"
    let found = try Fixture.found("Ce pays-là, les Pays-Bas et cet accord-ci.", glossary: glossary)
    #expect(found.map(\.form) == ["pays", "Pays-Bas", "accord"])
  }

  @Test("without the French prefixes, a prefixed term does not match either")
  func prefixNeedsTheList() throws {
    let glossary = "source\ttarget\nministre\tminister\n"
    #expect(try Fixture.found("l'ex-ministre", glossary: glossary).isEmpty)
    let matcher = TermMatcher(glossary: try Fixture.glossary(glossary), prefixes: TermMatcher.frenchPrefixes)
    let found = matcher.matches(in: try Fixture.worker().tokens(in: "l'ex-ministre, l'anti-ex-ministre"))
    #expect(found.map(\.prefix) == ["former "])
    #expect(found.map(\.firstToken) == [1])
    #expect(found.map(\.termToken) == [3])
  }
}
