import Foundation
import PrecisCore
import Testing

@testable import PrecisGlossary

@Suite("translate-terms stage")
struct TranslateTermsStageTests {
  @Test("leftmost-longest in a document: English target pluralized with the French")
  func leftmostLongest() throws {
    let document = try Fixture.terms(["L'intelligence artificielle et les puces électroniques."])
    let matches = try #require(document.terms?.matches)
    #expect(matches.map(\.source) == ["intelligence artificielle", "puce électronique"])
    #expect(matches.map(\.form) == ["intelligence artificielle", "puces électroniques"])
    #expect(matches.map(\.plural) == [false, true])
    #expect(matches.map(\.target) == ["artificial intelligence", "electronic chips"])
    #expect(matches.map(\.entryTarget) == ["artificial intelligence", "electronic chip"])
    #expect(matches.allSatisfy { $0.sentence == 0 })
  }

  @Test("spans are Unicode scalar offsets into the document text")
  func scalarSpans() throws {
    let lines = [
      "Résumé éclair 🇫🇷 ☕️ : déjà l’IA partout.",
      "Été 👩‍👩‍👧 — où l'intelligence artificielle et d’IA ?",
    ]
    let document = try Fixture.terms(lines)
    let matches = try #require(document.terms?.matches)
    #expect(matches.map(\.form) == ["IA", "intelligence artificielle", "IA"])
    #expect(matches.map(\.target) == ["AI", "artificial intelligence", "AI"])
    #expect(matches.map(\.sentence) == [0, 1, 1])
    for match in matches {
      #expect(document.scalars(match.span) == match.form)
    }
    // `l’IA`: the first line's scalars up to `IA`.
    let before = "Résumé éclair 🇫🇷 ☕️ : déjà l’".unicodeScalars.count
    #expect(matches[0].span == Span(start: before, end: before + 2))
    // Character counts would differ: flags, variation selectors and ZWJ sequences.
    #expect("Résumé éclair 🇫🇷 ☕️ : déjà l’".count != before)
  }

  @Test(
    "case is carried over from the text",
    arguments: [
      ("Intelligence artificielle et progrès.", "Artificial intelligence"),
      ("INTELLIGENCE ARTIFICIELLE : LE DÉBAT", "ARTIFICIAL INTELLIGENCE"),
      ("Une intelligence artificielle.", "artificial intelligence"),
      ("L'IA avance.", "AI"),
      ("Puces électroniques en stock.", "Electronic chips"),
      ("DES PUCES !", "CHIPS"),
      ("Le Journal paraît.", "Newspaper"),
      // A name inside a sentence, after a comma or an opening quote: every word capitalized.
      ("Le débat sur l'Intelligence artificielle.", "Artificial Intelligence"),
      ("Le débat, Intelligence artificielle et droit.", "Artificial Intelligence"),
      ("Un livre, « Intelligence artificielle ».", "Artificial Intelligence"),
      // After a colon (a headline: `Lire aussi : …`), a dash or at the start: the first word.
      ("Lire aussi : Intelligence artificielle, la course.", "Artificial intelligence"),
      ("— Intelligence artificielle, dit-il.", "Artificial intelligence"),
      ("« Intelligence artificielle », dit-il.", "Artificial intelligence"),
    ])
  func caseCarryOver(text: String, target: String) throws {
    let document = try Fixture.terms([text])
    #expect(document.terms?.matches.map(\.target) == [target])
  }

  @Test("candidates: false leaves the uncovered terms out, and changes nothing else")
  func candidatesOff() throws {
    let lines = ["Le bouclier tarifaire coûte cher.", "Le bouclier tarifaire et la puce."]
    let glossary = try Fixture.file(Fixture.glossary)
    var on = Fixture.document(lines)
    try Fixture.stage(sources: [SourceFile(path: glossary)]).run(&on, context: StageContext(stageID: "terms"))
    var off = Fixture.document(lines)
    try Fixture.stage(sources: [SourceFile(path: glossary)], candidates: false)
      .run(&off, context: StageContext(stageID: "terms"))
    #expect(on.terms?.candidates.isEmpty == false)
    #expect(off.terms?.candidates.isEmpty == true)
    #expect(off.terms?.matches == on.terms?.matches)
  }

  @Test("carryCase keeps the entry's own capitals")
  func carryCaseRules() {
    #expect(TranslateTermsStage.carryCase(from: "IA", entry: "IA", to: "AI") == "AI")
    #expect(TranslateTermsStage.carryCase(from: "ia", entry: "IA", to: "AI") == "AI")
    #expect(TranslateTermsStage.carryCase(from: "Puce", entry: "puce", to: "chip") == "Chip")
    #expect(TranslateTermsStage.carryCase(from: "PUCE", entry: "puce", to: "chip") == "CHIP")
    // A common noun written as a name's capital is lowercased; a proper name keeps its capital.
    #expect(
      TranslateTermsStage.carryCase(from: "parlements", entry: "Parlement", to: "parliaments")
        == "parliaments")
    #expect(
      TranslateTermsStage.carryCase(from: "parlement", entry: "Parlement", to: "Parliament") == "parliament")
    #expect(
      TranslateTermsStage.carryCase(from: "atlantique", entry: "Atlantique", to: "Atlantic", properName: true)
        == "Atlantic")
    #expect(TranslateTermsStage.carryCase(from: "puce", entry: "puce", to: "chip") == "chip")
    #expect(
      TranslateTermsStage.carryCase(from: "parlements", entry: "Parlement", to: "Parliaments")
        == "parliaments")
    #expect(
      TranslateTermsStage.carryCase(
        from: "parti républicain", entry: "Parti républicain", to: "Republican Party")
        == "Republican Party")
  }

  /// Capitalized inside a sentence, a French term of several words is a name: its English takes
  /// a capital on every word but the short ones. At the start of a sentence, or for one French
  /// word, only the first word is capitalized.
  @Test("a name of several words capitalized inside a sentence is title-cased in English")
  func carryCaseTitlesNamesInsideSentences() {
    func carry(_ form: String, _ entry: String, _ target: String, midSentence: Bool) -> String {
      TranslateTermsStage.carryCase(from: form, entry: entry, to: target, midSentence: midSentence)
    }
    #expect(carry("Parc national", "parc national", "national park", midSentence: true) == "National Park")
    #expect(carry("Parc national", "parc national", "national park", midSentence: false) == "National park")
    #expect(
      carry("Premier ministre", "premier ministre", "prime minister", midSentence: true) == "Prime Minister")
    #expect(
      carry("Cour des comptes", "cour des comptes", "court of audit", midSentence: true) == "Court of Audit")
    #expect(carry("parc national", "parc national", "national park", midSentence: true) == "national park")
    #expect(carry("Braconnage", "braconnage", "wildlife poaching", midSentence: true) == "Wildlife poaching")
    #expect(carry("PARC NATIONAL", "parc national", "national park", midSentence: true) == "NATIONAL PARK")
  }

  /// A word capitalized after a capitalized word inside a sentence is part of a name, left as
  /// written and listed as such (a name of the glossary's own too, but not after an article:
  /// `Le Caire`); the same word elsewhere is translated.
  @Test("a glossary word written as part of a longer name is left as written")
  func wordsInNames() throws {
    let glossary = """
      source\ttarget
      maire\tmayor
      républicain\trepublican
      république\trepublic
      racisme\tracism
      président\tpresident
      allemand\tGerman
      Sénat\tSenate
      Caire\tCairo
      police nationale\tnational police

      """
    let document = try Fixture.terms(
      [
        "Le ministre Bruno Le Maire a écrit au journal Le Républicain Lorrain et à SOS Racisme.",
        "La République a répondu au maire, puis le Président Macron et le président de la République.",
        "LE MAIRE A PARLÉ, comme l'Allemand Martin.",
        "Il a parlé sur Public Sénat, puis au Sénat, avant de quitter Le Caire.",
        // A term of several words too: the union, then the police.
        "Le secrétaire d'Alliance Police nationale critique la Police nationale.",
      ], glossary: glossary)
    let terms = try #require(document.terms)
    let rendered = terms.matches.map { "\(document.scalars($0.span))→\($0.target)" }
    #expect(
      rendered == [
        "République→Republic", "maire→mayor", "Président→President", "président→president",
        "République→Republic", "MAIRE→MAYOR", "Allemand→German", "Sénat→Senate", "Caire→Cairo",
        "Police nationale→National Police",
      ])
    let names = terms.unresolved.filter { $0.reason == .name }
    #expect(names.map(\.form) == ["Maire", "Républicain", "Racisme", "Sénat", "Police nationale"])
    #expect(
      names.map(\.candidates) == [["mayor"], ["republican"], ["racism"], ["Senate"], ["national police"]])
  }

  /// An entry with context words is rendered where one is written in the match's sentence,
  /// the three before it or the one after; its term's entry without context words elsewhere,
  /// and a term without one takes the entry chosen elsewhere in the document.
  @Test("context words choose an entry near them: the sentence, three before and one after")
  func contextWords() throws {
    let glossary = """
      source\ttarget\tpos\tcontext
      républicain\trepublican\tadjective\t
      républicain\tRepublican\tadjective\tTrump, américain, Maison Blanche
      sommet\tsummit\tnoun\tG7, Otan

      """
    let document = try Fixture.terms(
      [
        "Le candidat républicain a parlé.",  // 0: the cue of 1, the one after
        "Les électeurs américaines ont voté.",  // 1: a feminine plural of the cue
        "Au sommet de la colline.",  // 2: a lone entry, its words not near but in sentence 7
        "Trois.", "Quatre.",
        "Les valeurs républicaines.",  // 5: four after the cue
        "Six.",
        "Le sommet du G7 et les républicains, à la Maison-Blanche.",  // 7
      ], glossary: glossary)
    let terms = try #require(document.terms)
    #expect(
      terms.matches.map { "\($0.form)→\($0.target)" } == [
        "républicain→Republican", "sommet→summit", "républicaines→republican", "sommet→summit",
        "républicains→Republicans",
      ])
    // The lone `sommet` of sentence 2, whose context words are not near, takes the entry
    // `G7` chose in sentence 7, and names that cue; `républicaines`, four sentences after its
    // cue, keeps its term's entry without context words.
    #expect(
      terms.matches.map(\.cue) == [
        ContextCue(word: "américain", sentence: 1), ContextCue(word: "G7", sentence: 7), nil,
        ContextCue(word: "G7", sentence: 7), ContextCue(word: "Maison Blanche", sentence: 7),
      ])
    #expect(terms.unresolved.isEmpty)
    // Without the document's cue, the lone `sommet` is no term: neither rendered nor reported.
    let alone = try Fixture.terms(["Au sommet de la colline.", "Un.", "Deux."], glossary: glossary)
    #expect(alone.terms?.matches.isEmpty == true && alone.terms?.unresolved.isEmpty == true)
    // The window is of positions; a document whose sentences are numbered otherwise (a trace
    // edited by hand) gets the same choices, its cues named by its own numbers.
    var renumbered = Fixture.document(["Le candidat républicain a parlé.", "Trump a voté."])
    renumbered.sentences = renumbered.sentences?.map { sentence in
      var sentence = sentence
      sentence.index += 100
      return sentence
    }
    try Fixture.stage(glossaries: [Fixture.file(glossary)]).run(
      &renumbered, context: StageContext(stageID: "t"))
    #expect(renumbered.terms?.matches.map(\.target) == ["Republican"])
    #expect(renumbered.terms?.matches.map(\.cue) == [ContextCue(word: "Trump", sentence: 101)])
  }

  /// An adjective and a noun entry with the same source, domain and context words are one
  /// word's two classes: the noun right after a determiner, the adjective elsewhere; with
  /// context words, neither is matched without them in the document.
  @Test("an adjective's noun entry is rendered right after a determiner, the adjective elsewhere")
  func adjectiveAndNoun() throws {
    let glossary = """
      source\ttarget\tpos\tcontext
      démocrate\tDemocratic\tadjective\tBiden
      démocrate\tDemocrat\tnoun\tBiden
      libéral\tliberal\tadjective\t
      libéral\tLiberal\tnoun\t

      """
    let document = try Fixture.terms(
      [
        "Le candidat démocrate Joe Biden, un démocrate, et les démocrates de Biden.",
        "Elle votera démocrate, dit Biden.",
        "Un.", "Deux.", "Trois.",
        "Les démocrates, plus loin.",  // no context word near: the document's sense
        "Un parti libéral et les libéraux.",
      ], glossary: glossary)
    let terms = try #require(document.terms)
    #expect(
      terms.matches.map { "\($0.form)→\($0.target)" } == [
        "démocrate→Democratic", "démocrate→Democrat", "démocrates→Democrats", "démocrate→Democratic",
        "démocrates→Democrats", "libéral→liberal", "libéraux→Liberals",
      ])
    #expect(terms.unresolved.isEmpty)
    // Alone, with no context word in the document, it is not matched.
    let alone = try Fixture.terms(["Les démocrates, plus loin."], glossary: glossary)
    #expect(alone.terms?.matches.isEmpty == true)
  }

  /// Lines without a final stop (a title, a rubric, a dateline) are read for context words
  /// but not counted: a title's context is the article's first sentence.
  @Test("lines without a stop are read for context words but not counted in the window")
  func contextWindowSkipsHeadings() throws {
    let glossary = """
      source\ttarget\tpos\tdomain\tcontext
      sommet\tsummit\tnoun\tpolitics\t
      sommet\tpeak\tnoun\tgeography\t
      sommet\tsummit\tnoun\tpolitics\tdirigeants
      sommet\tpeak\tnoun\tgeography\tAlpes

      """
    let document = try Fixture.terms(
      [
        "Sommet à Rome", "International", "Mis à jour le 15 mars", "Les dirigeants sont arrivés.",
        "Au sommet.",
      ],
      glossary: glossary)
    let terms = try #require(document.terms)
    #expect(terms.matches.map { "\($0.form)→\($0.target)" } == ["Sommet→Summit", "sommet→summit"])
    #expect(terms.matches.map { $0.cue?.sentence } == [3, 3])
    // Without context words near, the entries without them choose: no domain does here, and
    // the term is reported with those two.
    let alone = try #require(try Fixture.terms(["Un sommet."], glossary: glossary).terms)
    #expect(alone.matches.isEmpty)
    #expect(alone.unresolved.map(\.candidates) == [["summit (politics)", "peak (geography)"]])
  }

  /// A long document's sentences are matched in parts on several cores: context words are
  /// found across a part's bounds (at 2,000 of 4,000 sentences on two cores) as within one.
  @Test("context words are found across the parts a long document is matched in")
  func contextWordsAcrossParts() throws {
    let glossary = """
      source\ttarget\tpos\tcontext
      républicain\trepublican\tadjective\t
      républicain\tRepublican\tadjective\tTrump

      """
    var lines = Array(repeating: "Une phrase.", count: 4_000)
    lines[1_998] = "Un élu républicain."
    lines[1_999] = "Trump parle."
    lines[2_000] = "Les républicains votent."
    lines[2_005] = "Les valeurs républicaines."
    let document = try Fixture.terms(lines, glossary: glossary)
    let terms = try #require(document.terms)
    #expect(terms.matches.map(\.sentence) == [1_998, 2_000, 2_005])
    #expect(terms.matches.map(\.target) == ["Republican", "Republicans", "republican"])
    #expect(terms.matches.map { $0.cue?.sentence } == [1_999, 1_999, nil])
  }

  /// A person's name (part of speech `person`) follows a first name or an initial: the name
  /// rule that leaves `Bruno Le Maire` as written does not hold it back, nor is it pluralized.
  /// The same entry as any proper noun is held back after the first name.
  @Test(
    "a person's name is rendered after a first name, where another name's word is not",
    arguments: [
      ("person", ["Putin", "Putin", "Putin", "Putin"], [String]()),
      ("proper noun", ["Putin", "Putin", "Putin"], ["Poutine"]),
    ])
  func personNames(pos: String, targets: [String], heldBack: [String]) throws {
    let glossary = "source\ttarget\tpos\tflags\nPoutine\tPutin\t\(pos)\tcase\n"
    let document = try Fixture.terms(
      [
        "Le président russe Vladimir Poutine a parlé.",
        "M. Poutine a promis.",
        "Poutine et les Poutine ; la poutine est un plat.",
      ], glossary: glossary)
    let terms = try #require(document.terms)
    #expect(terms.matches.map(\.target) == targets)
    #expect(terms.unresolved.filter { $0.reason == .name }.map(\.form) == heldBack)
  }

  @Test("the part of speech person is the word itself, in any case")
  func personPartOfSpeech() {
    #expect(TranslateTermsStage.isPersonName("person"))
    #expect(TranslateTermsStage.isPersonName("Person name"))
    #expect(TranslateTermsStage.isPersonName("proper noun (person)"))
    #expect(!TranslateTermsStage.isPersonName("personal pronoun"))
    #expect(!TranslateTermsStage.isPersonName("impersonal verb"))
    #expect(!TranslateTermsStage.isPersonName("personné"))
    #expect(TranslateTermsStage.isPersonName("PERSON"))
    #expect(!TranslateTermsStage.isPersonName("proper noun"))
    #expect(!TranslateTermsStage.isPersonName(nil))
  }

  @Test("carryCase reads Latin-1 from bytes as it reads any text by Character")
  func carryCaseLatinBytesAreCharacters() {
    // Every scalar below U+0100 but the carriage return, in texts of up to six.
    let scalars = (0..<256).compactMap { $0 == 0x0D ? nil : Unicode.Scalar(UInt8($0)) }
    var state: UInt64 = 7
    func text() -> String {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = Int(state >> 61)
      return String(
        String.UnicodeScalarView(
          (0..<length).map { offset in scalars[Int((state >> UInt64(8 * offset + 3)) & 0xFF) % scalars.count]
          }))
    }
    for scalar in scalars {
      let one = String(Character(scalar))
      for other in ["", "a", "É", one] {
        let bytes = LatinCases(one, other)
        let characters = LatinCases(characters: one, other)
        #expect(bytes == characters, "\(scalar.value)")
      }
    }
    for _ in 0..<5_000 {
      let form = text()
      let entry = text()
      #expect(LatinCases(form, entry) == LatinCases(characters: form, entry), "\(form) \(entry)")
    }
    // Anything else is left to `Character`.
    #expect(LatinCases("a\r\nb", "x") == nil)
    #expect(LatinCases("Œuvre", "œuvre") == nil)
    #expect(LatinCases("e\u{301}", "x") == nil)
  }

  @Test(
    "a prefix that translates apart is rendered before the term's English",
    arguments: [
      ("Ex-ministre, il parle.", "Former minister"), ("Deux ex-ministres parlent.", "former ministers"),
      ("Une marche anti-guerre.", "anti-war"), ("Les Nord-Coréens.", "North Koreans"),
      ("Un missile nord-coréen.", "North Korean"), ("L'EX-MINISTRE.", "FORMER MINISTER"),
    ])
  func prefixes(text: String, target: String) throws {
    let glossary = "source\ttarget\nministre\tminister\nguerre\twar\ncoréen\tKorean\tadjective\n"
    let document = try Fixture.terms([text], glossary: glossary)
    #expect(document.terms?.matches.map(\.target) == [target])
  }

  @Test("a prefix that only joins names leaves common nouns alone: `nord-ouest` is no `north west`")
  func namesOnlyPrefix() throws {
    let glossary = "source\ttarget\nouest\twest\n"
    #expect(try Fixture.terms(["Le vent du nord-ouest."], glossary: glossary).terms?.matches.isEmpty == true)
  }

  @Test(
    "the English number follows the French",
    arguments: [
      ("Des puces partout.", "chips", true),
      ("Une puce neuve.", "chip", false),
      ("Les journaux du matin.", "newspapers", true),
      ("Le journal du matin.", "newspaper", false),
      ("Des logiciels libres.", "software", true),
      ("Un logiciel libre.", "software", false),
      ("Les chaînes d'approvisionnement.", "supply chains", true),
    ])
  func number(text: String, target: String, plural: Bool) throws {
    let document = try Fixture.terms([text])
    let match = try #require(document.terms?.matches.first)
    #expect(match.target == target)
    #expect(match.plural == plural)
  }

  @Test(
    "the number is read from the head of a multiword term",
    arguments: [
      ("Les réseaux de neurones.", "neural networks"),
      ("Un réseau de neurones.", "neural network"),
      ("Les semi-conducteurs.", "semiconductors"),
      ("Un semi-conducteur.", "semiconductor"),
    ])
  func headNumber(text: String, target: String) throws {
    let glossary = "source\ttarget\nréseau de neurones\tneural network\nsemi-conducteur\tsemiconductor\n"
    let document = try Fixture.terms([text], glossary: glossary)
    #expect(document.terms?.matches.map(\.target) == [target])
  }

  @Test("a one-word term right after a subject pronoun is read as a verb")
  func verbCue() throws {
    let glossary = "source\ttarget\nprésident\tpresident\n"
    let document = try Fixture.terms(
      ["Ceux qui président la séance.", "Le président parle."], glossary: glossary)
    #expect(document.terms?.matches.map(\.sentence) == [1])
  }

  @Test(
    "a one-word term in lowercase after an auxiliary is a past participle, and after a quotation and a comma a verb",
    arguments: [
      ("Matignon a communiqué lundi son programme.", []),
      ("Les autorités n'ont pas encore communiqué sur l'enquête.", []),
      ("Le jeune homme s'était réfugié chez un ami.", []),
      ("Un père qui a immigré en Italie.", []),
      ("Le communiqué a été publié.", ["statement"]),
      ("Il a publié un communiqué.", ["statement"]),
      ("Il est réfugié en France.", ["refugee"]),
      ("Il a été réfugié politique.", ["refugee"]),
      ("A Pékin, le président parle.", ["Beijing"]),
      ("Des avions russes.", ["Russian"]),
      ("\"C'était sexiste\", juge Harriet Osborne.", []),
      ("« C'était sexiste », juge l'ONG.", []),
      ("Il l'a dit, juge et partie.", ["judge"]),
    ])
  func auxiliary(text: String, targets: [String]) throws {
    let glossary =
      "source\ttarget\tpos\ncommuniqué\tstatement\nréfugié\trefugee\nimmigré\timmigrant\nPékin\tBeijing\n"
      + "russe\tRussian\tadj\njuge\tjudge\n"
    let document = try Fixture.terms([text], glossary: glossary)
    #expect(document.terms?.matches.map(\.target) == targets)
  }

  @Test(
    "a term flagged participle matches only where a noun stands",
    arguments: [
      ("Selon un bilan communiqué mardi par la direction.", []),
      ("Les chiffres communiqués vendredi.", []),
      ("Le montant n'a pas été communiqué.", []),
      ("Son signalement est communiqué partout.", []),
      ("Les clients réfugiés au sous-sol.", []),
      ("Dans un bref communiqué, il parle.", ["statement"]),
      ("Dans un second communiqué.", ["statement"]),
      ("Communiqué de la préfecture.", ["Statement"]),
      ("Il publie « communiqué » sur son site.", ["statement"]),
      ("Le camp de réfugiés.", ["refugees"]),
      ("Deux réfugiés et immigrés.", ["refugees"]),
      ("Il a été reconnu réfugié politique.", ["refugee"]),
      ("Un document communiqué par le ministre.", ["statement"]),
    ])
  func participle(text: String, targets: [String]) throws {
    // `communiqué` flagged, `réfugié` flagged, and a second glossary line for `communiqué`
    // that is not: the last example matches as any term would.
    let flagged = "source\ttarget\tflags\ncommuniqué\tstatement\tparticiple\nréfugié\trefugee\tparticiple\n"
    let plain = "source\ttarget\ncommuniqué\tstatement\nréfugié\trefugee\n"
    let glossary = text.hasPrefix("Un document") ? plain : flagged
    let document = try Fixture.terms([text], glossary: glossary)
    #expect(document.terms?.matches.map(\.target) == targets)
  }

  @Test("no match inside a longer word or across sentences")
  func noFalseMatch() throws {
    let document = try Fixture.terms([
      "Un bond technologique majeur.", "Elle parle d'intelligence.", "Artificielle, dit-il.",
    ])
    let matches = try #require(document.terms?.matches)
    #expect(matches.map(\.source) == ["intelligence"])
    #expect(matches.map(\.sentence) == [1])
  }

  @Test(
    "the mode option is recorded in the layer",
    arguments: [("annotate", TermMode.annotate), ("replace", .replace), ("bilingual", .bilingual)])
  func mode(option: String, mode: TermMode) throws {
    let document = try Fixture.terms(["Une puce."], mode: option)
    #expect(document.terms?.mode == mode)
  }

  @Test("the mode defaults to annotate")
  func defaultMode() throws {
    let document = try Fixture.terms(["Une puce."], mode: nil)
    #expect(document.terms?.mode == .annotate)
  }

  @Test("key terms: most frequent first, ties in order of first appearance")
  func keyTerms() throws {
    let document = try Fixture.terms([
      "Le journal parle de la puce.",
      "L'IA aussi.",
      "Des puces et de l'IA.",
      "Encore l’IA, et l'intelligence artificielle.",
    ])
    let rows = try #require(document.terms?.keyTerms)
    #expect(rows.map(\.source) == ["IA", "puce", "journal", "intelligence artificielle"])
    #expect(rows.map(\.count) == [3, 2, 1, 1])
    #expect(rows.map(\.firstSentence) == [1, 0, 0, 3])
    #expect(rows.map(\.target) == ["AI", "chip", "newspaper", "artificial intelligence"])
    #expect(rows.allSatisfy { $0.entry.line != nil })
  }

  @Test("key-term ties keep the order in which terms first appear")
  func keyTermTies() throws {
    let document = try Fixture.terms(["Le logiciel, la puce, le journal.", "L'IA."])
    #expect(document.terms?.keyTerms.map(\.source) == ["logiciel", "puce", "journal", "IA"])
  }

  @Test("matches point at their glossary line; a document without sentences gets an empty layer")
  func entryLocation() throws {
    let path = try Fixture.file(Fixture.glossary)
    var document = Fixture.document(["Une puce."])
    try Fixture.stage(glossaries: [path]).run(&document, context: StageContext(stageID: "terms"))
    #expect(document.terms?.matches.first?.entry == SourceLocation(file: path, line: 6))

    var empty = Document(source: "t.txt", text: "")
    try Fixture.stage(glossaries: [path]).run(&empty, context: StageContext(stageID: "terms"))
    #expect(empty.terms == TermLayer(mode: .annotate, matches: [], keyTerms: []))
  }

  @Test("several glossaries: the first one's entry wins")
  func glossaryPriority() throws {
    let first = try Fixture.file("source\ttarget\npuce\tmicrochip\n")
    let second = try Fixture.file(Fixture.glossary)
    var document = Fixture.document(["Des puces et un journal."])
    try Fixture.stage(glossaries: [first, second]).run(&document, context: StageContext(stageID: "t"))
    #expect(document.terms?.matches.map(\.target) == ["microchips", "newspaper"])
    #expect(document.terms?.matches.first?.entry.file == first)
  }

  @Test("a glossary loaded with render: false is matched and reported, never rendered")
  func heldBackGlossary() throws {
    let fixed = try Fixture.file("source\ttarget\npuce\tchip\n")
    let variable = try Fixture.file(
      "source\ttarget\nmédecin\tdoctor\npuce électronique\telectronic chip\npuce\tmicrochip\n")
    var document = Fixture.document(["Le médecin parle des puces électroniques et des puces.", "Un médecin."])
    try Fixture.stage(sources: [
      SourceFile(path: fixed), SourceFile(path: variable, settings: ["render": "false"]),
    ]).run(&document, context: StageContext(stageID: "terms"))
    let terms = try #require(document.terms)
    // `puce` is in the first glossary, which decides; `puces électroniques` is held back whole,
    // so its `puces` is not rendered on its own.
    #expect(terms.matches.map(\.form) == ["puces"])
    #expect(terms.matches.map(\.target) == ["chips"])
    #expect(terms.unresolved.map(\.form) == ["médecin", "puces électroniques", "médecin"])
    #expect(terms.unresolved.map(\.candidates) == [["doctor"], ["electronic chip"], ["doctor"]])
    #expect(terms.unresolved.allSatisfy { $0.reason == .variable })
    #expect(terms.unresolved.map(\.entries[0].line) == [2, 3, 2])
    #expect(terms.keyTerms.map(\.source) == ["puce"])
    // Covered by a glossary, so not proposed as a missing term, though it occurs twice.
    #expect(!terms.candidates.contains { $0.form.lowercased().contains("médecin") })
  }

  @Test(
    "render: accepts true and false (yes/no, on/off); anything else fails at its place in the pipeline",
    arguments: [("true", true), ("yes", true), ("ON", true), ("false", false), ("no", false), ("off", false)])
  func renderSetting(value: String, renders: Bool) throws {
    let path = try Fixture.file("source\ttarget\npuce\tchip\n")
    let document = Fixture.document(["Des puces."])
    var copy = document
    try Fixture.stage(sources: [SourceFile(path: path, settings: ["render": value])])
      .run(&copy, context: StageContext(stageID: "terms"))
    #expect(copy.terms?.matches.isEmpty == !renders)
    #expect(copy.terms?.unresolved.isEmpty == renders)
  }

  @Test("a render: setting that is not true or false names its place and says what it does")
  func badRenderSetting() throws {
    let path = try Fixture.file("source\ttarget\npuce\tchip\n")
    let place = SourceLocation(file: "pipeline.yaml", line: 7, column: 9)
    let error = try #require(throws: LexiconError.self) {
      try Fixture.stage(sources: [SourceFile(path: path, settings: ["render": "maybe"], location: place)])
    }
    #expect(error.diagnostic.location == place)
    #expect(error.diagnostic.message == "'render' must be true or false, not 'maybe'")
    #expect(error.diagnostic.notes.contains { $0.contains("matches and reports") })
  }

  @Test("a document traced before unresolved terms had a reason still loads: they were ambiguous")
  func unresolvedReasonDefault() throws {
    let json = """
      {"sentence": 0, "span": {"start": 0, "end": 6}, "form": "sommet", "source": "sommet",
       "candidates": ["summit (politics)", "peak (geography)"],
       "entries": [{"file": "a.tsv", "line": 2}, {"file": "b.tsv", "line": 2}]}
      """
    let term = try JSONDecoder().decode(UnresolvedTerm.self, from: Data(json.utf8))
    #expect(term.reason == .ambiguous)
    #expect(term.candidates.count == 2)
  }

  @Test("a bad glossary fails when the stage is built, at the file, line and column")
  func badGlossary() throws {
    let path = try Fixture.file("source\ttarget\npuce chip\n")
    let error = try #require(throws: LexiconError.self) {
      try Fixture.stage(glossaries: [path])
    }
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 2, column: 5))
  }

  @Test("glossaries read on the cores fail at the first bad file in order, as one pass would")
  func firstBadGlossaryInOrder() throws {
    let good = try Fixture.file("source\ttarget\npuce\tchip\n", named: "a.tsv")
    let first = try Fixture.file("source\ttarget\nbad line\n", named: "b.tsv")
    let second = try Fixture.file("source\ttarget\nalso bad\n", named: "c.tsv")
    for files in [
      [first, second], [good, first, second], [first, good, second, good], [good, first, good, second],
    ] {
      let error = try #require(throws: LexiconError.self) { try Fixture.stage(glossaries: files) }
      #expect(error.diagnostic.location == SourceLocation(file: first, line: 2, column: 4))
    }
  }

  @Test("the real fr-en glossary: longest entries and irregular plurals")
  func realGlossary() throws {
    var document = Fixture.document([
      "L'IA générative et les puces électroniques.",
      "Les logiciels malveillants visent les chaînes d’approvisionnement.",
    ])
    let folder = Fixture.root + "/lexicons/glossary/fr-en"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tsv") }
      .sorted().map { folder + "/" + $0 }
    #expect(files.count >= 10)
    let stage = try Fixture.stage(glossaries: files)
    try stage.run(&document, context: StageContext(stageID: "terms"))
    let matches = try #require(document.terms?.matches)
    #expect(
      matches.map(\.target) == ["generative AI", "chips", "malware", "supply chains"])
    for match in matches {
      #expect(document.scalars(match.span) == match.form)
    }
  }

  /// A word whose senses the real glossary tells apart by its capitals (`Philippines`, the
  /// country, and `philippines`, Filipino), by the words near it (`puces`, chips or the flea
  /// market of Saint-Ouen; `Vienne`, the department or Vienna) or by its form (`Française`).
  @Test("the real fr-en glossary: senses told apart by capitals and by context words")
  func realGlossarySenses() throws {
    var document = Fixture.document([
      "Le préfet de la Vienne a parlé à Poitiers.",
      "Aux Philippines, des infirmières philippines manifestent.",
      "Le marché aux puces ouvre.",
      "Les antiquaires de Saint-Ouen attendent.",
      "Les puces sont fermées.",
      "Le marché reprend.",
      "Le marché reprend.",
      "Intel vend des puces.",
      "Le fondeur livre des puces.",
      "Une Française et un Français votent, comme les Français.",
      "Le bureau de l'agence autrichienne à Vienne ferme.",
    ])
    // (The folder's files, as the pipeline names them: from one line, one glossary, whose
    // entries of a word are alternatives.)
    let folder = Fixture.root + "/lexicons/glossary/fr-en"
    let line = SourceLocation(file: "pipeline.yaml", line: 9, column: 9)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tsv") }
      .sorted().map { SourceFile(path: folder + "/" + $0, location: line) }
    try Fixture.stage(sources: files).run(&document, context: StageContext(stageID: "terms"))
    let matches = try #require(document.terms?.matches)
    #expect(
      matches.filter { ["Philippines", "philippin", "marché aux puces", "puce"].contains($0.source) }
        .map { "\($0.form) → \($0.target)" } == [
          "Philippines → Philippines", "philippines → Filipino", "marché aux puces → flea market",
          "puces → flea market", "puces → chips", "puces → chips",
        ])
    // `Vienne`: the French department, kept, unless a word near it names Austria; the
    // people's nouns of `français` for a woman, a man and the people.
    #expect(
      matches.filter { ["Vienne", "français"].contains($0.source) }.map { "\($0.form) → \($0.target)" } == [
        "Vienne → Vienne", "Française → Frenchwoman", "Français → Frenchman", "Français → French",
        "Vienne → Vienna",
      ])
  }

  @Test("an English number word stays singular after a number: `3 milliards` is `3 billion`")
  func numberWordsAfterNumbers() throws {
    let document = try Fixture.terms(
      [
        "Il a levé 3 milliards d'euros.", "Deux milliards de personnes.", "Des milliards de dollars.",
        "Plusieurs milliards ont disparu.", "Le milliard promis.",
      ],
      glossary: "source\ttarget\nmilliard\tbillion\n")
    let matches = try #require(document.terms?.matches)
    #expect(matches.map(\.target) == ["billion", "billion", "billions", "billion", "billion"])
  }

  @Test("running twice gives equal documents")
  func deterministic() throws {
    let lines = ["L'IA et les puces électroniques.", "Le journal parle d'IA."]
    let path = try Fixture.file(Fixture.glossary)
    var first = Fixture.document(lines)
    var second = Fixture.document(lines)
    try Fixture.stage(glossaries: [path]).run(&first, context: StageContext(stageID: "terms"))
    try Fixture.stage(glossaries: [path]).run(&second, context: StageContext(stageID: "terms"))
    #expect(first.terms?.matches.count == 4)
    #expect(first == second)
  }

  /// The scalar range of `chunk` in `text`.
  static func range(of chunk: String, in text: String) -> Range<Int> {
    let scalars = Array(text.unicodeScalars)
    let wanted = Array(chunk.unicodeScalars)
    let start =
      (0...(scalars.count - wanted.count)).first { Array(scalars[$0..<($0 + wanted.count)]) == wanted } ?? -1
    return start..<(start + wanted.count)
  }

  @Test(
    "links, addresses and slugs are opaque: whole chunks, by scalar offsets",
    arguments: [
      ("Voir https://exemple.fr/gouvernement pour plus.", ["https://exemple.fr/gouvernement"]),
      ("Écrivez à contact@exemple.fr.", ["contact@exemple.fr."]),
      ("Le site WWW.Élysée.fr ferme, www.x.fr aussi", ["WWW.Élysée.fr", "www.x.fr"]),
      ("Lire grippe-aviaire-le-point-sur-la-situation ici", ["grippe-aviaire-le-point-sur-la-situation"]),
      ("À Saint-Jean-de-Luz, le gouvernement", []),  // three hyphens, but no slug
      ("un - deux - trois - quatre", []),  // hyphens apart
      ("ww.exemple et w.w.w.x", []),
      ("le gouvernement", []),
      ("", []),
    ] as [(String, [String])])
  func opaqueRanges(_ text: String, _ chunks: [String]) {
    #expect(
      TranslateTermsStage.opaqueRanges(in: text) == chunks.map { Self.range(of: $0, in: text) })
  }
}
