import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisSegmentation

/// The rules the splitter adds to ICU, one family at a time, in French and in English, each
/// with the case it was written for and the case it must leave alone.
struct NewsRulesTests {
  static func splitter(_ language: String) -> SentenceSplitter {
    var rules = SegmentationRules.builtIn(for: language)
    let folder = Golden.packageRoot + "/lexicons/" + language
    // swift-format-ignore: NeverUseForceTry
    rules.abbreviations = try! AbbreviationList(path: folder + "/abbreviations.txt")
    // swift-format-ignore: NeverUseForceTry
    rules.functionWords = try! LexiconFile.wordSet(at: folder + "/function-words.txt")
    // swift-format-ignore: NeverUseForceTry
    return try! SentenceSplitter(locale: language, rules: rules)
  }

  static let french = splitter("fr")
  static let english = splitter("en")

  func fr(_ text: String) throws -> [String] { try NewsRulesTests.french.sentences(in: text).map(\.text) }
  func en(_ text: String) throws -> [String] { try NewsRulesTests.english.sentences(in: text).map(\.text) }

  @Test(arguments: [
    (
      "Trois mesures ont été votées. - La baisse des taxes. - La hausse des aides.",
      ["Trois mesures ont été votées.", "- La baisse des taxes.", "- La hausse des aides."]
    ),
    (
      "Informez votre médecin : - si vous prenez un traitement ; - si vous êtes enceinte.",
      ["Informez votre médecin :", "- si vous prenez un traitement ;", "- si vous êtes enceinte."]
    ),
    ("Théâtre 1998.- Général André Bach, Fusillés.", ["Théâtre 1998.", "- Général André Bach, Fusillés."]),
    (
      "Le match Paris - Lyon a eu lieu. Le score - serré - surprend.",
      ["Le match Paris - Lyon a eu lieu.", "Le score - serré - surprend."]
    ),
    ("1. Le premier point 2. Le second point", ["1. Le premier point", "2. Le second point"]),
    ("a) la forme b) le fond c) la suite", ["a) la forme", "b) le fond", "c) la suite"]),
    ("Il a eu 1. Puis 3 points.", ["Il a eu 1.", "Puis 3 points."]),
    // A list whose items the scrape glued to the one before (2 of the 1,500 articles).
    (
      "Voici la liste :- Sophie Cluzel reste chargée des Personnes handicapées- Clément Beaune devient chargé des Affaires européennes",
      [
        "Voici la liste :", "- Sophie Cluzel reste chargée des Personnes handicapées",
        "- Clément Beaune devient chargé des Affaires européennes",
      ]
    ),
    (
      "LES HAUSSES- Mécanicien (+7,1% à 1.844 euros)- Conducteur poids lourds (+6,5%)",
      ["LES HAUSSES", "- Mécanicien (+7,1% à 1.844 euros)", "- Conducteur poids lourds (+6,5%)"]
    ),
    // One such dash alone is a compound spaced by mistake.
    ("Le canal Seine- Nord Europe coûtera cher.", ["Le canal Seine- Nord Europe coûtera cher."]),
    ("Parmi eux : Trinité-et- Tobago, le Liban.", ["Parmi eux : Trinité-et- Tobago, le Liban."]),
  ])
  func bulletsAndLists(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  /// A news agency's intertitle, once alone on its line, glued between two sentences by the
  /// scrape (238 of them in 160 of the 1,500 OrangeSum articles): it stands alone, unterminated,
  /// as a heading does, and the sentence glued to its closing dash starts after it.
  @Test(arguments: [
    (
      "Il a ajouté: « C'est un exemple ».- \"Tragédie\" -Celles-ci prévoient un meilleur encadrement.",
      [
        "Il a ajouté: « C'est un exemple ».", "- \"Tragédie\" -",
        "Celles-ci prévoient un meilleur encadrement.",
      ]
    ),
    (
      "Le bilan est lourd. - Quel plan de bataille? -Le président a parlé.",
      ["Le bilan est lourd.", "- Quel plan de bataille? -", "Le président a parlé."]
    ),
    (
      "Rien n'a changé.- 13% de la population, 50% des vaccins -« Nous attendons », dit-il.",
      ["Rien n'a changé.", "- 13% de la population, 50% des vaccins -", "« Nous attendons », dit-il."]
    ),
    ("- Plages fermées -Les maires ont tranché.", ["- Plages fermées -", "Les maires ont tranché."]),
    // The closing dash spaced from a capital or an opening quote (14 in the 1,500).
    (
      "Il est mort mardi.- \"Moitié de fils\" - De son vrai nom Richard Penniman, il est né en 1932.",
      [
        "Il est mort mardi.", "- \"Moitié de fils\" -",
        "De son vrai nom Richard Penniman, il est né en 1932.",
      ]
    ),
    (
      "Ruth l'explique. - Soins intensifs - \"Les enfants sont tombés malades\", dit-elle.",
      ["Ruth l'explique.", "- Soins intensifs -", "\"Les enfants sont tombés malades\", dit-elle."]
    ),
  ])
  func intertitles(_ text: String, _ expected: [String]) throws {
    let sentences = try NewsRulesTests.french.sentences(in: text)
    #expect(sentences.map(\.text) == expected)
    let heading = try #require(sentences.first { $0.text.hasPrefix("- ") })
    #expect(heading.standalone && !heading.terminated)
    #expect(sentences.filter(\.standalone).count == 1)
  }

  /// A list's items between spaced dashes are no intertitles: lowercase, or questions.
  @Test(arguments: [
    (
      "Il demande deux choses : - la hausse des prix - la baisse des taxes.",
      ["Il demande deux choses :", "- la hausse des prix - la baisse des taxes."]
    ),
    (
      "Voici ses questions. - Comment allez-vous faire ? - Pourquoi attendre ?",
      ["Voici ses questions.", "- Comment allez-vous faire ?", "- Pourquoi attendre ?"]
    ),
  ])
  func dashedListsAreNoIntertitles(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  /// Many intertitles in one line: none is cut inside (`- Quel plan de bataille? -`), each
  /// stands alone (they are found by a cursor, in order).
  @Test func manyIntertitlesInOneLine() throws {
    let unit = "Le bilan est lourd. - Quel plan de bataille? -Le président a parlé.- Tragédie -Il part. "
    let sentences = try NewsRulesTests.french.sentences(in: String(repeating: unit, count: 30))
    #expect(sentences.count == 30 * 5)
    let headings = sentences.filter { $0.text.hasPrefix("- ") }
    #expect(
      headings.map(\.text)
        == Array(repeating: ["- Quel plan de bataille? -", "- Tragédie -"], count: 30).flatMap { $0 })
    #expect(headings.allSatisfy { $0.standalone && !$0.terminated })
  }

  /// What is not an intertitle: a list's items (the closing dash is followed by a space), a
  /// dash inside a sentence, an item that ends with a period, a run of more than twelve words.
  @Test(arguments: [
    (
      "Il a dit : - la hausse des prix - la baisse des aides.",
      ["Il a dit :", "- la hausse des prix - la baisse des aides."]
    ),
    ("Le score - serré -Lyon gagne.", ["Le score - serré -Lyon gagne."]),
    ("Il part. - Il a fini. -Lui aussi.", ["Il part.", "- Il a fini.", "-Lui aussi."]),
    ("Il part.- Il a fini.Lui aussi -Fin.", ["Il part.", "- Il a fini.", "Lui aussi -Fin."]),
    (
      "Il part.- Un deux trois quatre cinq six sept huit neuf dix onze douze treize -Fin du texte.",
      ["Il part.", "- Un deux trois quatre cinq six sept huit neuf dix onze douze treize -Fin du texte."]
    ),
  ])
  func notIntertitles(_ text: String, _ expected: [String]) throws {
    let sentences = try NewsRulesTests.french.sentences(in: text)
    #expect(sentences.map(\.text) == expected)
    #expect(sentences.allSatisfy { !$0.standalone || $0.text == text })
  }

  /// A line without final punctuation, a heading most often, glued to the paragraph after it
  /// (326 in the 1,500 OrangeSum articles, 76 of whose briefs showed one inside a summary item).
  @Test(arguments: [
    (
      "Le maire a parlé.Une attaque au hachoirPeu avant midi, un homme est arrivé.",
      ["Le maire a parlé.", "Une attaque au hachoir", "Peu avant midi, un homme est arrivé."]
    ),
    (
      "Castaner confirme le couvre-feu à NiceS'il exclut un couvre-feu national, il agit.",
      ["Castaner confirme le couvre-feu à Nice", "S'il exclut un couvre-feu national, il agit."]
    ),
    (
      "Ils ont fui.Décès de 20 résidents d'un Ehpad des VosgesOn a appris lundi la mort.",
      ["Ils ont fui.", "Décès de 20 résidents d'un Ehpad des Vosges", "On a appris lundi la mort."]
    ),
    (
      "Que sait-on ?par franceinfoL'inquiétude vient des vols directs.",
      ["Que sait-on ?par franceinfo", "L'inquiétude vient des vols directs."]
    ),
    // A heading in capitals after a period, glued to the next paragraph (28 and 47 in the
    // 1,500); a credit in capitals.
    (
      "Il a marché.UN PROGRAMME INTENSIFPour retrouver son corps, il court.",
      ["Il a marché.", "UN PROGRAMME INTENSIF", "Pour retrouver son corps, il court."]
    ),
    ("Que faire ?par BFMTVLes dirigeants ont parlé.", ["Que faire ?par BFMTV", "Les dirigeants ont parlé."]),
    // After a heading of several words in capitals or a credit, any capitalized word (8 more in
    // the 1,500).
    (
      "Il a fui.CACHÉ SOUS UN MASQUE DE HULKDeux ans de cauchemar ont suivi.",
      ["Il a fui.", "CACHÉ SOUS UN MASQUE DE HULK", "Deux ans de cauchemar ont suivi."]
    ),
    (
      "Que faire ?par BFMTVRichard Ferrand doit s'expliquer.",
      ["Que faire ?par BFMTV", "Richard Ferrand doit s'expliquer."]
    ),
    // A video's caption and credit, glued by its closing parenthesis to any capitalized word.
    (
      "Séisme : au moins 150 mortspar euronews (en français)Environ six répliques ont suivi.",
      ["Séisme : au moins 150 mortspar euronews (en français)", "Environ six répliques ont suivi."]
    ),
    // A quotation set as a heading, closed without final punctuation (142 in the 1,500); a
    // heading glued to the quotation that opens the next paragraph (59).
    (
      "Il a salué la décision.\"Je ne peux que m'en réjouir\"Cette décision a surpris.",
      ["Il a salué la décision.", "\"Je ne peux que m'en réjouir\"", "Cette décision a surpris."]
    ),
    ("Il a dit « non »Le lendemain, il est parti.", ["Il a dit « non »", "Le lendemain, il est parti."]),
    // The same quotation spaced from the paragraph after it, when it opens a sentence (10).
    (
      "Il a parlé au JDD. \"On reçoit des appels en pleine nuit\" Une autre signataire a parlé.",
      ["Il a parlé au JDD.", "\"On reçoit des appels en pleine nuit\"", "Une autre signataire a parlé."]
    ),
    (
      "Ils sont renforcés\". “Un défi au terrorisme” Le président est arrivé.",
      ["Ils sont renforcés\".", "“Un défi au terrorisme”", "Le président est arrivé."]
    ),
    (
      "Il a voté.\"C'EST MÉPRISABLE\" I-Télé a choisi de se taire.",
      ["Il a voté.", "\"C'EST MÉPRISABLE\"", "I-Télé a choisi de se taire."]
    ),
    (
      "Ils ont voté.Des pénalités possibles\"Les femmes sont 52%\", dit-elle.",
      ["Ils ont voté.", "Des pénalités possibles", "\"Les femmes sont 52%\", dit-elle."]
    ),
    // A heading ending with a number glued to a capitalized word: before a function word, or
    // after a number of three figures or more (19 in the 1,500); a heading in capitals glued to
    // an elision.
    (
      "Le procès a repris.Une plainte pour harcèlement en 2018Jeudi, elle a contesté les faits.",
      ["Le procès a repris.", "Une plainte pour harcèlement en 2018", "Jeudi, elle a contesté les faits."]
    ),
    (
      "Il a parlé.Emmanuel Macron n'est pas contre...par Europe 1Depuis quelques jours, tout change.",
      [
        "Il a parlé.", "Emmanuel Macron n'est pas contre...par Europe 1",
        "Depuis quelques jours, tout change.",
      ]
    ),
    (
      "Il a voté.LOGEMENTL'ex-ministre veut remettre 20.000 logements sur le marché.",
      ["Il a voté.", "LOGEMENT", "L'ex-ministre veut remettre 20.000 logements sur le marché."]
    ),
    // A credit's `par` glued to a caption's last word, the credit glued to a compound name.
    (
      "Il a parlé.La réponse de l'ARS Bretagnepar BFMTVAnne-Briac Bili a parlé depuis Rennes.",
      ["Il a parlé.", "La réponse de l'ARS Bretagnepar BFMTV", "Anne-Briac Bili a parlé depuis Rennes."]
    ),
    // A quotation set as a heading, glued to the quotation that opens the next paragraph
    // (64): the cut falls between the quotes.
    (
      "Il a conclu.\"Entre l'extrême droite et l'argent\"\"Moi, je suis de gauche\", dit-il.",
      ["Il a conclu.", "\"Entre l'extrême droite et l'argent\"", "\"Moi, je suis de gauche\", dit-il."]
    ),
    (
      "Il a parlé.NIVEAU TECHNIQUE \"MOYEN\"\"Sur une échelle de 10, c'est 5\", estime-t-il.",
      ["Il a parlé.", "NIVEAU TECHNIQUE \"MOYEN\"", "\"Sur une échelle de 10, c'est 5\", estime-t-il."]
    ),
    // A heading's lowercase last word glued to any capitalized word (49 more in the 1,500),
    // after an elision too, and before an elided word.
    (
      "Le procès est fixé.Le délai exceptionnellement raccourciPrésent à ses côtés, le prêtre a parlé.",
      [
        "Le procès est fixé.", "Le délai exceptionnellement raccourci",
        "Présent à ses côtés, le prêtre a parlé.",
      ]
    ),
    (
      "Il a fui.Pas de réaction de l'ambassadeAccompagné de son équipe, il filme.",
      ["Il a fui.", "Pas de réaction de l'ambassade", "Accompagné de son équipe, il filme."]
    ),
    (
      "Il est revenu.Feuilleton judiciaireMarcel Jacob est mis en examen.",
      ["Il est revenu.", "Feuilleton judiciaire", "Marcel Jacob est mis en examen."]
    ),
    (
      "Il a voté.En ordre disperséJean-Louis Fousseret a été élu.",
      ["Il a voté.", "En ordre dispersé", "Jean-Louis Fousseret a été élu."]
    ),
    (
      "Elle a parlé.De nouveau amoureuseAujourd'hui, elle sourit.",
      ["Elle a parlé.", "De nouveau amoureuse", "Aujourd'hui, elle sourit."]
    ),
    // A heading's capitalized last word, that the line shows standing alone (14 more).
    (
      "Il a fui.Record pour François HollandeSeuls 15% l'approuvent. Hollande se tait.",
      ["Il a fui.", "Record pour François Hollande", "Seuls 15% l'approuvent.", "Hollande se tait."]
    ),
    (
      "Il part.Panne à la gare Saint-LazareGrosse galère ce matin. La gare Saint-Lazare rouvre.",
      [
        "Il part.", "Panne à la gare Saint-Lazare", "Grosse galère ce matin.", "La gare Saint-Lazare rouvre.",
      ]
    ),
  ])
  func gluedWithoutPunctuation(_ text: String, _ expected: [String]) throws {
    let sentences = try NewsRulesTests.french.sentences(in: text)
    #expect(sentences.map(\.text) == expected)
    // The heading stands alone, unterminated.
    let heading = try #require(sentences.last { !$0.terminated })
    #expect(heading.standalone)
  }

  /// A section heading that a scrape joined to the next paragraph with a space (63 in the 1,500
  /// OrangeSum articles): cut before the paragraph's capitalized function word, and standing
  /// alone as a heading.
  @Test(arguments: [
    (
      "Le débat continue. Cacophonie au sein du gouvernement La question de l'âge divise.",
      ["Le débat continue.", "Cacophonie au sein du gouvernement", "La question de l'âge divise."]
    ),
    (
      "Il a salué les forces. • Manuel Valls L'ex-chef du gouvernement a écrit.",
      ["Il a salué les forces.", "• Manuel Valls", "L'ex-chef du gouvernement a écrit."]
    ),
    (
      "Ils ont voté. Le 1er tour maintenu Depuis, l'opposition proteste.",
      ["Ils ont voté.", "Le 1er tour maintenu", "Depuis, l'opposition proteste."]
    ),
    (
      "Le cortège est parti. • Éric Drouet verbalisé à Paris À Paris, seuls quelques-uns ont défilé.",
      ["Le cortège est parti.", "• Éric Drouet verbalisé à Paris", "À Paris, seuls quelques-uns ont défilé."]
    ),
    (
      "Il a témoigné. ► Le député en tenue tahitienne Le 27 juin, il est arrivé.",
      ["Il a témoigné.", "► Le député en tenue tahitienne", "Le 27 juin, il est arrivé."]
    ),
    (
      "Il est revenu. Une rencontre pour les caméras A son arrivée, il a salué.",
      ["Il est revenu.", "Une rencontre pour les caméras", "A son arrivée, il a salué."]
    ),
    // A preposition that begins no name, before a name (3 in the 1,500).
    (
      "Il a parlé.Un recours devant la Cour suprême Pour Carlos Ghosn, les dirigeants ont eu peur.",
      ["Il a parlé.", "Un recours devant la Cour suprême", "Pour Carlos Ghosn, les dirigeants ont eu peur."]
    ),
    (
      "Ils se testent. 5.000 tests par jour Selon Olivier Véran, la France est dans la moyenne.",
      ["Ils se testent.", "5.000 tests par jour", "Selon Olivier Véran, la France est dans la moyenne."]
    ),
  ])
  func spacedHeadings(_ text: String, _ expected: [String]) throws {
    let sentences = try NewsRulesTests.french.sentences(in: text)
    #expect(sentences.map(\.text) == expected)
    #expect(sentences[1].standalone && !sentences[1].terminated)
  }

  /// What a capitalized function word inside a sentence opens besides a paragraph: a title
  /// after a word that names one, a name after a capitalized word, a letter's complement, a
  /// quotation's words; and a heading past 14 words or across a comma is not looked for.
  @Test(arguments: [
    "Il a participé aux émissions On ne demande qu'à en rire et Quotidien.",
    "Le réalisateur du film J'accuse a été nommé douze fois.",
    "Selon le média local L'indépendant, la météorite est tombée.",
    "De son côté, Kim Jong Un a espéré une rencontre.",
    "Il était invité sur Canal Plus pour présenter son livre.",
    "Dans le bras A de l'étude, l'héparine est donnée.",
    "Les RER A et B circuleront aux heures de pointe.",
    "Ils ont déposé 22 ROSES BLANCHES À PARIS devant la mairie.",
    "Il a dit \"je suis allé là-bas Le matin\" et il est parti.",
    "Tabac, le nombre de saisies en hausse La douane a saisi 241 tonnes.",
    "Il est un des rares dans ma famille politique à défendre ceux qui gagnent peu Le smic augmente.",
    "Il a dîné à la paillote Chez Francis avec ses amis.",
    "Il soigne avec Médecins Sans Frontières depuis deux ans.",
    "Le jeune Belge Pour Elles a remporté le prix.",
  ])
  func spacedCapitalizedFunctionWordsLeftWhole(_ text: String) throws {
    #expect(try fr(text) == [text])
  }

  /// English titles and headlines capitalize their function words: the rule is French.
  @Test func spacedHeadingsAreNotLookedForInEnglish() throws {
    let text = "The debate goes on. Cabinet in disarray The question of the age divides."
    #expect(try en(text) == ["The debate goes on.", "Cabinet in disarray The question of the age divides."])
  }

  /// A number glued to a name or a unit, and a quote closed after capitals, are no heading's end.
  @Test(arguments: [
    "La chaîne Tv5Monde et le site 9News en parlent.",
    "Le boys band 2Be3 revient, avec 128Go de chansons.",
    "Il veut réduire les gaz 'HFC' (hydrofluorocarbures) et le reste.",
    "Contrairement à ce que l''UMPS', les médias répètent, il avance.",
  ])
  func numbersAndQuotesGluedToCapitalsStayWhole(_ text: String) throws {
    #expect(try fr(text) == [text])
  }

  /// Every heading of a line stands alone, however many the line holds (they are found by a
  /// cursor, in order).
  @Test func manyHeadingsInOneLine() throws {
    let text = String(
      repeating:
        "Il a parlé.Une attaque au hachoirPeu avant midi, il est parti.Feuilleton judiciaireMarcel est là. ",
      count: 40)
    let sentences = try NewsRulesTests.french.sentences(in: text)
    let headings = sentences.filter { !$0.terminated }
    #expect(sentences.count == 40 * 5)
    #expect(headings.count == 80 && headings.allSatisfy(\.standalone))
    #expect(sentences.filter(\.terminated).allSatisfy { !$0.standalone })
  }

  /// Names written with a capital inside (`McDonald`, `YouTube`, `eBay`, `iPhone`, `BlaBlaCar`)
  /// are not cut; nor is English `LinkedIn`, whose `In` is a function word there. (A lowercase
  /// identifier glued to a capitalized word, `mediaType`, is left whole in a script's text or
  /// past a heading's length, below.)
  @Test func namesWithACapitalInsideStayWhole() throws {
    let text =
      "Il a vu McDonald, YouTube et eBay sur son iPhone, puis BlaBlaCar, DeGeneres et le PS (PS)."
    // Nor an acronym that ends in a function word's letters, a chain of abbreviations or a
    // file's extension.
    #expect(try fr("La loi (PUMa) a été votée.") == ["La loi (PUMa) a été votée."])
    #expect(try fr("Le texte « LL.AA.II.RR. » est long.") == ["Le texte « LL.AA.II.RR. » est long."])
    #expect(
      try fr("Fichier : Gare de Houdan 10.JPG | Le bâtiment.") == [
        "Fichier : Gare de Houdan 10.JPG | Le bâtiment."
      ])
    // Nor a single word in capitals glued to a capitalized one, a name's most often (`JCDecaux`,
    // `TVMag`; `la DGSIAhmed` is left whole too, where `DGSI` stands nowhere alone).
    #expect(
      try fr("Le contrat avec JCDecaux et le Figaro TVMag expire.") == [
        "Le contrat avec JCDecaux et le Figaro TVMag expire."
      ])
    #expect(
      try fr("Il a été suivi par la DGSIAhmed est parti.") == ["Il a été suivi par la DGSIAhmed est parti."])
    // Nor a lowercase word glued to a capitalized one where that is no heading's end: a
    // preposition before a name (a missing space), a short brand, a script's identifiers, a
    // name that starts with a capital.
    for text in [
      "Le drama créé parRyan Murphy et avecMarie Curie a plu.",
      "La compagnie easyJet a annulé ses vols.",
      "Le lecteur {idDM: \"x7\", mediaType: \"dm\"}, 'sequenceUrl': \"//pms.fr/videoInfo/docUid/x7\" est vide.",
      "Le fonds BlackRock et le groupe ArcelorMittal ont signé.",
      "Il cite les « MacronLeaks » de la campagne de Macron.",
      "Il est directeur de l'organisme espagnol chargé de la commercialisation des fruits de la région mercoFraga depuis 2019.",
    ] {
      let got = try fr(text)
      #expect(got == [text])
    }
    // A name glued so elsewhere too or written apart elsewhere (a space missing), a word that
    // stands nowhere alone.
    #expect(
      try fr("Il a vu Tony.Le fonds BlackRock a gagné. BlackRock est géant.") == [
        "Il a vu Tony.", "Le fonds BlackRock a gagné.", "BlackRock est géant.",
      ])
    #expect(
      try fr("Il a vu Christine Lagarde. La présidente ChristineLagarde a parlé.") == [
        "Il a vu Christine Lagarde.", "La présidente ChristineLagarde a parlé.",
      ])
    #expect(
      try fr("Il a parlé.Marine Le PenSoulignant la tradition, elle parle.") == [
        "Il a parlé.", "Marine Le PenSoulignant la tradition, elle parle.",
      ])
    #expect(
      try fr("Un rapport de la SNCF et de RTE TVMag compris.") == [
        "Un rapport de la SNCF et de RTE TVMag compris."
      ])
    // Nor a quotation within a sentence, spaced as it should be, before a name too; nor one
    // that ends with its own punctuation or runs past 25 words.
    #expect(try fr("Il a dit \"Bonjour\" à « Paul » Martin.") == ["Il a dit \"Bonjour\" à « Paul » Martin."])
    let inside = "Il soutient son \"ami\" Thierry Solère et les \"valeurs que prétend porter\" La République."
    #expect(try fr(inside) == [inside])
    #expect(try fr("Fin. \"Oui, dit-il, \" Paul a ri.") == ["Fin.", "\"Oui, dit-il, \" Paul a ri."])
    let longQuote = "\"" + Array(repeating: "mot", count: 26).joined(separator: " ") + "\" Le texte reprend."
    #expect(try fr("Fin. " + longQuote) == ["Fin.", longQuote])
    #expect(try fr(text) == [text])
    #expect(
      try en("She posted it on LinkedIn and on an AddOn page.") == [
        "She posted it on LinkedIn and on an AddOn page."
      ])
    // A run of more than 25 words glued to the next line is cut, but is no heading.
    let long = "Le " + Array(repeating: "mot", count: 25).joined(separator: " ")
    let sentences = try NewsRulesTests.french.sentences(in: "Fin. \(long)Le texte reprend.")
    #expect(sentences.map(\.text) == ["Fin.", long, "Le texte reprend."])
    #expect(!sentences[1].standalone)
  }

  @Test(arguments: [
    ("Il hésite… et puis non.", ["Il hésite… et puis non."]),
    ("Il hésite… Puis il signe.", ["Il hésite…", "Puis il signe."]),
    ("Le texte dit [...] Les Irakiens ont tout perdu.", ["Le texte dit [...] Les Irakiens ont tout perdu."]),
    ("Je suis (…) Chris, dit-il. Fin.", ["Je suis (…) Chris, dit-il.", "Fin."]),
    ("Il a payé, à savoir... 30 F. Voilà.", ["Il a payé, à savoir... 30 F.", "Voilà."]),
    (
      "J'ai des amis (Tom, Lisa, ... ). Ils viennent.", ["J'ai des amis (Tom, Lisa, ... ).", "Ils viennent."]
    ),
  ])
  func ellipses(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  @Test(arguments: [
    (
      "Hémorragie : Il convient de surveiller le patient.",
      ["Hémorragie :", "Il convient de surveiller le patient."]
    ),
    ("Insuffisance rénale : La clairance diminue.", ["Insuffisance rénale :", "La clairance diminue."]),
    (
      "Il a visité trois pays : France, Italie et Espagne.",
      ["Il a visité trois pays : France, Italie et Espagne."]
    ),
    (
      "Thomson a activé trois réseaux : Le réseau A cible Taïwan.",
      ["Thomson a activé trois réseaux : Le réseau A cible Taïwan."]
    ),
    ("Catégories : Première Guerre mondiale.", ["Catégories : Première Guerre mondiale."]),
    (
      "Le rêve semblait exister ; Le poème en prose reste.",
      ["Le rêve semblait exister ;", "Le poème en prose reste."]
    ),
    (
      "RH, comme Rémy Halbwax ; MR, comme Michel Roussin.",
      ["RH, comme Rémy Halbwax ; MR, comme Michel Roussin."]
    ),
    (
      "Deux étoiles pour l'hôtel ; une pour le restaurant.",
      ["Deux étoiles pour l'hôtel ; une pour le restaurant."]
    ),
  ])
  func colonsAndSemicolons(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  @Test(arguments: [
    (
      "Le roi Dagobert I. Ils la donnent contre un titre.",
      ["Le roi Dagobert I.", "Ils la donnent contre un titre."]
    ),
    ("Il a vu J. Dupont et J.-P. Moreau hier.", ["Il a vu J. Dupont et J.-P. Moreau hier."]),
    ("Selon F.L. Copperman, tout va bien.", ["Selon F.L. Copperman, tout va bien."]),
    ("Une lettre de J. Le Pen arrive.", ["Une lettre de J. Le Pen arrive."]),
    (
      "Il travaille à la C.I.A. Le lendemain, il part.",
      ["Il travaille à la C.I.A.", "Le lendemain, il part."]
    ),
    (
      "Des puces, etc. Le marché croît. Des puces, etc. Jean-Marc rit.",
      ["Des puces, etc.", "Le marché croît.", "Des puces, etc. Jean-Marc rit."]
    ),
    (
      "Les derniers ouvrages de Intercept Ltd. sont ici.",
      ["Les derniers ouvrages de Intercept Ltd. sont ici."]
    ),
    // An abbreviation that is a common word too (`word`) ends a sentence before a capitalized
    // word, but not before a Roman numeral, an initial or a figure.
    (
      "L'entreprise est victime du vol. Mercredi, un faux livreur est venu.",
      ["L'entreprise est victime du vol.", "Mercredi, un faux livreur est venu."]
    ),
    (
      "Il a dit : \"Je reviens à sept.\" Aussitôt, il part.",
      ["Il a dit : \"Je reviens à sept.\"", "Aussitôt, il part."]
    ),
    (
      "Voir le vol. II de l'ouvrage, l'art. L. 313 du code et l'art. 3, le 15 sept. 2020.",
      ["Voir le vol. II de l'ouvrage, l'art. L. 313 du code et l'art. 3, le 15 sept. 2020."]
    ),
  ])
  func abbreviationsInitialsAndFunctionWords(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  @Test(arguments: [
    (
      "Il faut régler le problème au plus vite. à titre de rappel, rien ne change.",
      ["Il faut régler le problème au plus vite.", "à titre de rappel, rien ne change."]
    ),
    ("Je suis Chris (...). comment allez vous", ["Je suis Chris (...).", "comment allez vous"]),
    (
      "Le record date de 2008. 23 épreuves figurent au programme.",
      ["Le record date de 2008.", "23 épreuves figurent au programme."]
    ),
    ("Voir p. 23 du rapport et art. 3 du code.", ["Voir p. 23 du rapport et art. 3 du code."]),
    ("« C'est fini. » a-t-il dit.", ["« C'est fini. » a-t-il dit."]),
    (
      "Il conclut : \"On continue.\" Rixe à Montbéliard.",
      ["Il conclut : \"On continue.\"", "Rixe à Montbéliard."]
    ),
    (
      "Il a écrit \"formellement\". (cité par Le Monde du 25/01/06). Fin.",
      ["Il a écrit \"formellement\". (cité par Le Monde du 25/01/06).", "Fin."]
    ),
  ])
  func lowercaseDigitsAndQuotations(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  @Test(arguments: [
    (
      "Rendez-vous à 8 h 30. Le 1er mai, au XXe siècle, à 20h. Il pèse 3,5 kg ou 3.5 kg.",
      ["Rendez-vous à 8 h 30.", "Le 1er mai, au XXe siècle, à 20h.", "Il pèse 3,5 kg ou 3.5 kg."]
    ),
    (
      "Écrivez à jean.dupont@exemple.fr. Le site https://www.exemple.fr/Page.Html reste ouvert.",
      ["Écrivez à jean.dupont@exemple.fr.", "Le site https://www.exemple.fr/Page.Html reste ouvert."]
    ),
    ("La photo Gare10.JPG circule.", ["La photo Gare10.JPG circule."]),
    ("la mise en service.À la fin du film, rien.", ["la mise en service.", "À la fin du film, rien."]),
    ("Il est né en (2001).On le sait.", ["Il est né en (2001).", "On le sait."]),
    ("Voir rubrique 4.2.Sexe : non.", ["Voir rubrique 4.2.", "Sexe : non."]),
    ("Il a dit « formel ».De son côté, rien.", ["Il a dit « formel ».", "De son côté, rien."]),
  ])
  func numbersLinksAndGluedSentences(_ text: String, _ expected: [String]) throws {
    #expect(try fr(text) == expected)
  }

  @Test(arguments: [
    ("I work for the U.S. Government in Virginia.", ["I work for the U.S. Government in Virginia."]),
    ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
    ("At 5 a.m. Mr. Smith went to the bank.", ["At 5 a.m. Mr. Smith went to the bank."]),
    (
      "You can find it at N°. 1026.253.553. That is where the treasure is.",
      ["You can find it at N°. 1026.253.553.", "That is where the treasure is."]
    ),
    ("She turned to him, \"This is great.\" she said.", ["She turned to him, \"This is great.\" she said."]),
    (
      "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
      ["He teaches science (He previously worked for 5 years as an engineer.) at the local University."]
    ),
    ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
    ("• 9. The first item • 10. The second item", ["• 9. The first item", "• 10. The second item"]),
    (
      "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
      ["We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"]
    ),
    ("the thing is . . . I didn’t mean it.", ["the thing is . . . I didn’t mean it."]),
    (
      "Her email is Jane.Doe@example.com. I sent her an email.",
      ["Her email is Jane.Doe@example.com.", "I sent her an email."]
    ),
  ])
  func english(_ text: String, _ expected: [String]) throws {
    #expect(try en(text) == expected)
  }

  @Test func sentencesHaveLettersOrDigits() throws {
    for text in ["Oui. \" Non.", "Fin. . . Début.", "Il dit : « ! » Puis rien.", "(.) (.) A."] {
      for sentence in try fr(text) {
        #expect(
          sentence.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil })
      }
    }
  }

  @Test func aHeadlineEndingWithAnAbbreviationIsATitle() throws {
    let rules = NewsRulesTests.french.rules
    let sentences = try NewsRulesTests.french.sentences(
      in: "Une épave romaine du Ier siècle av. J.-C.\n\nLe musée ouvre samedi.")
    #expect(SegmentStage.title(in: sentences, abbreviations: rules.abbreviations) == 0)
    let plain = try NewsRulesTests.french.sentences(in: "Le musée ouvre samedi.\n\nIl attend du monde.")
    #expect(SegmentStage.title(in: plain, abbreviations: rules.abbreviations) == nil)
  }

  @Test func decodingMatchesTheStandardLibrary() throws {
    let text = "aé€😀\n«»…–\"x"
    var copy = text
    let decoded = copy.withUTF8 { SentenceSplitter.decode($0) }
    #expect(decoded.scalars == Array(text.unicodeScalars))
    #expect(decoded.utf16 == Array(text.utf16))
    #expect(decoded.pairs == [3])
    #expect(decoded.marks == [2, 3, 4, 7, 8, 9])
  }
}

/// Random text made of the characters the rules look at: the splitter must never trap (debug
/// builds check every buffer access) and its spans must cover the text in order.
struct SplitterRobustnessTests {
  /// A small deterministic generator (SplitMix64), so a failure can be replayed.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let pieces: [String] = [
    ".", "!", "?", "…", "...", ". . .", ":", ";", "-", "- ", "•", "*", "\"", "'", "’", "«", "»", "(", ")",
    "[", "]", " ", "  ", "\n", "\n\n", "a", "Le", "M.", "etc.", "J.", "1.", "2.)", "a)", "b.", "I", "É",
    "😀", "𝔸", "x@y.fr", "http://a.b/C", "www.", "3.5", "U.S.", "\u{A0}", "\u{202F}", "é", "1er", "20h",
  ]

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
  func randomTextNeverTraps(_ seed: UInt64) throws {
    var generator = SplitMix(state: seed)
    for language in ["fr", "en"] {
      let splitter = language == "fr" ? NewsRulesTests.french : NewsRulesTests.english
      for _ in 0..<1000 {
        let length = Int.random(in: 0...40, using: &generator)
        var text = ""
        for _ in 0..<length {
          text += SplitterRobustnessTests.pieces.randomElement(using: &generator) ?? ""
        }
        let sentences = try splitter.sentences(in: text)
        let scalars = Array(text.unicodeScalars)
        var end = 0
        for sentence in sentences {
          #expect(sentence.span.start >= end && sentence.span.start < sentence.span.end, "\(text)")
          #expect(sentence.span.end <= scalars.count)
          let slice = String(String.UnicodeScalarView(scalars[sentence.span.start..<sentence.span.end]))
          #expect(slice == sentence.text, "\(text)")
          end = sentence.span.end
        }
      }
    }
  }
}
