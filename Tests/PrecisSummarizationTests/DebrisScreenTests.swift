import PrecisCore
import Testing

@testable import PrecisSummarization

/// The one-pass screen in front of the debris rules must never change a verdict: every
/// sentence here gets the same answer from `debris(_:)` as from the full check, whatever its
/// line flags.
@Suite("Debris screen")
struct DebrisScreenTests {
  /// Lines of scraped news and of things that are not: accents and capitals (lowercased by
  /// the rules), letters beyond Latin-1 (lowercased another way), combining marks, scalars
  /// beyond the BMP, links, dates, credits, scripts, final punctuation and `…`.
  static let lines: [String] = [
    "", " ", "\u{A0}", "\n", ".", "…", "A", "é", "É",
    "Publié le 12/03/2025", "PUBLIÉ LE 12 MARS 2025 À 08H15", "publié le", "Publié", "Publie le 3 mars",
    "Publié aujourd'hui à 10h", "Mis à jour le 13/03/2025 à 10h02", "MIS À JOUR LE 13 MARS",
    "Mis a jour le 13 mars", "Modifié le 2 avril", "Par la rédaction", "PAR LA RÉDACTION",
    "Rédigé par Anne Martin", "RÉDIGÉ PAR", "Lire aussi : la France mise sur les puces",
    "À lire aussi", "À LIRE AUSSI", "à lire aussi", "A lire aussi", "Lire la suite",
    "Voir aussi nos articles", "Sur le même sujet", "SUR LE MÊME SUJET", "Partager sur Facebook",
    "Partager : Twitter", "Partager", "Partager.", "PARTAGER !", "Partager…", "Partager …",
    "Partager cet article", "Partager cet article !", "Partager cet article...", "Partager ce texte",
    "Abonnez-vous à 1 €.", "Inscrivez-vous à notre newsletter", "Recevez notre newsletter",
    "Ce site utilise des cookies pour mesurer l'audience.", "Ce site utilise des COOKIES.",
    "Ce site utilise des Cookies", "Des cookie", "Crédit photo : AFP", "CRÉDITS PHOTO : Reuters",
    "Photo : AFP", "(Photo : AFP)", "(PHOTO : AFP)", "Photo d'illustration", "Un chat (PH: AFP)",
    "Un chat (ph : AFP)", "Un chat (Ph : AFP)", "Un chat (AFP / AFP)", "Un chat / AFP)",
    "Un chat / afp)", "Getty Images", "Photo GETTY IMAGES", "getty imagesque", "Légende : un chat",
    "LÉGENDE : un chat", "Temps de lecture : 3 min", "3 min de lecture", "3 MIN DE LECTURE",
    "Publicité", "PUBLICITÉ", "Vidéo", "VIDÉO", "Vidéo.", "Vidéos", "Source : AFP",
    "autosuffisance-en-intelligence-artificielle-la-france-accelere",
    "autosuffisance-en-intelligence-artificielle-la-france-accelere Lire aussi",
    " plan-europeen-puces-2030-bruxelles", "Plan-europeen-puces-2030-bruxelles",
    "un va-et-vient, un face-à-face et un tête-à-tête", "plan-europeen-puces-2030-bruxélles",
    "https://www.exemple.fr/economie/article/2025/03/12/europe_123.html",
    "Voir https://exemple.fr", "Lien : http://exemple.fr ici", "HTTP://EXEMPLE.FR",
    "Un long texte sur http et https sans lien du tout dans la phrase",
    "Une usine de puces à Dresde. © Reuters", "©", "Copyright ©2025", "window.pv = {a: 1};",
    "var x = {y: 2}; run();", "function(a) { return a }", "document.getElementById('x')",
    "document.write(x)", "Le ministre a signé le document.", "a => b", "call();",
    "{ a } ; { b }", "{a}", "{;}", "Window.pv = 1", "Function(x)",
    "Économie", "ÉCONOMIE", "Ce que prévoit le plan européen pour les usines",
    "La Commission européenne a présenté mardi un plan pour les semi-conducteurs.",
    "« Nous devons produire nos propres puces », a-t-elle déclaré.",
    "Le cœur de l'œuvre", "LE CŒUR DE L'ŒUVRE", "Œuvre complète", "Ça coûte 40 € — au moins…",
    "Ils ont dit : « non »", "İstanbul sous la neige", "Publİé le 3 mars",
    "COO\u{212A}IES ici",  // a Kelvin sign, which lowercases to ASCII `k`
    "Pub\u{301}lié le 3 mars", "Publie\u{301} le 3 mars", "e\u{301}conomie",
    "Un emoji 🙂 dans la phrase", "𝔘𝔫 𝔱𝔢𝔵𝔱𝔢", "中文新闻标题", "Un\u{A0}titre\u{A0}court",
    "Un titre\r\nsur deux lignes", "mot\u{200D}joint", "a\u{200C} b c d e f", "Trois\nmots\nici",
    "un deux trois quatre", "un deux trois quatre cinq", "un  deux   trois\u{A0}\u{A0}quatre cinq six",
    "MAJUSCULES ET ÀÉÎÕÜ ×÷ ÞÐ", "þ ð ÿ", "Cela (photo : X)", "PHOTO : (ph:",
  ]

  static let flags: [(terminated: Bool, standalone: Bool)] = [
    (false, true), (true, true), (false, false), (true, false),
  ]

  static func sentence(_ text: String, _ flags: (terminated: Bool, standalone: Bool)) -> Sentence {
    Sentence(
      index: 0, span: Span(start: 0, end: text.unicodeScalars.count), text: text, paragraph: 0,
      terminated: flags.terminated, standalone: flags.standalone)
  }

  /// Every line, alone and run together with its neighbours, under every flag.
  static var texts: [String] {
    var texts = lines
    for (first, second) in zip(lines, lines.dropFirst()) {
      texts.append(first + " " + second)
      texts.append(second + first)
    }
    return texts
  }

  func expectSameVerdicts(_ detector: DebrisDetector, _ texts: [String]) {
    for text in texts {
      for flags in Self.flags {
        let line = Self.sentence(text, flags)
        #expect(
          detector.debris(line) == detector.fullDebris(line),
          "\(text.unicodeScalars.map { String($0.value, radix: 16) }) \(flags)")
      }
    }
  }

  @Test("with the French lexicon, the screen and the full check agree on every line")
  func frenchLexicon() throws {
    let detector = try DebrisDetector(path: DebrisDetectorTests.french)
    expectSameVerdicts(detector, Self.texts)
  }

  @Test("with the English lexicon too")
  func englishLexicon() throws {
    let detector = try DebrisDetector(path: Fixture.root + "/lexicons/en/debris.txt")
    expectSameVerdicts(detector, Self.texts)
  }

  @Test("with the built-in rules alone")
  func builtInOnly() {
    expectSameVerdicts(DebrisDetector(), Self.texts)
  }

  @Test("with rules the lexicon reader would not write: capitals, one byte, none, beyond Latin-1")
  func unusualRules() {
    var detector = DebrisDetector()
    for (match, text) in [
      (DebrisDetector.Match.contains, "Cookies"), (.prefix, "PUBLIÉ"), (.contains, "œuvre"),
      (.prefix, "ça"), (.line, "é"), (.contains, "("), (.prefix, "x"), (.line, "vidéo"),
      (.contains, "…"), (.contains, "\u{A0}"),
    ] {
      detector.appendRule(DebrisDetector.Rule(match: match, text: text, label: text))
    }
    expectSameVerdicts(detector, Self.texts)
    // A rule with no text matches everywhere: the full check decides every sentence.
    detector.appendRule(DebrisDetector.Rule(match: .contains, text: "", label: "empty"))
    expectSameVerdicts(detector, Self.texts)
  }

  @Test("random lines made of rule texts, capitals and other bytes agree")
  func randomLines() throws {
    let detector = try DebrisDetector(path: DebrisDetectorTests.french)
    let pieces = [
      "publié le", "PUBLIÉ LE", "Partager", "cookies", "COOKIE", "(ph:", "(PH :", "/ afp)", "getty",
      "GETTY IMAGES", "min de lecture", "http", "https://", "©", "window.", "function(", "document.",
      "=>", "();", "{", "}", ";", "-", "--", "…", ".", "!", " ", "\u{A0}", "\n", "é", "É", "œ", "Œ",
      "ÿ", "×", "İ", "\u{212A}", "e\u{301}", "🙂", "’", "€", "mot", "Mot", "ÉTÉ", "a", "z",
    ]
    // A fixed linear congruential sequence: the same lines on every run.
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    var texts: [String] = []
    for _ in 0..<3000 {
      var text = ""
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      for _ in 0..<Int(state >> 61) + 1 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += pieces[Int(state >> 33) % pieces.count]
      }
      texts.append(text)
    }
    expectSameVerdicts(detector, texts)
  }

  @Test("words are counted over bytes as over scalars")
  func wordCounts() {
    for text in Self.texts {
      var bytes = text
      for limit in [1, 4, 5, 100] {
        let counted = bytes.withUTF8 { DebrisDetector.wordCount($0, upTo: limit) }
        #expect(counted == DebrisDetector.wordCount(text, upTo: limit), "\(text)")
      }
    }
  }
}
