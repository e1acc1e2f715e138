import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisGlossary

/// Glossaries as users have them (TSV with named columns, CSV with a mapping, TBX), and the
/// matching that a translator would trust: inflection without false friends, spelling variants,
/// case-sensitive and kept entries, domains.
@Suite("Glossary formats and matching")
struct GlossaryFormatsTests {
  static let sixColumns = """
    source\ttarget\tpos\tdomain\tflags\tnote
    autorité chinoise\tChinese authority\tnoun\tpolitics\t\t
    technologie\ttechnology\tnoun\t\t\t
    semi-conducteur\tsemiconductor\tnoun\ttechnology\t\t
    États-Unis\tUnited States\tproper noun\tgeography\t\t
    CE\tEuropean Commission\tproper noun\tpolitics\tcase\t
    Le Monde\t\tproper noun\tmedia\tkeep\tthe newspaper
    monde\tworld\tnoun\t\t\t
    australien\tAustralian\tadjective\tgeography\t\t
    foi\tfaith\tnoun\tsociety\t\t
    cour\tcourt\tnoun\tjustice\t\t
    cour\tcourtyard\tnoun\tarchitecture\t\t
    Premier ministre\tPrime Minister\tnoun\tpolitics\t\t

    """

  func found(_ text: String, glossary: String = sixColumns, domains: [String] = []) throws -> [String] {
    let tokens = try Fixture.worker().tokens(in: text)
    let scalars = Array(text.unicodeScalars)
    let matcher = TermMatcher(
      glossary: try Fixture.glossary(glossary), domains: domains,
      headBreakers: TermMatcher.frenchHeadBreakers, stopwords: ["fois", "de", "la", "premiers"])
    return matcher.matches(in: tokens).map { found in
      let span = tokens[found.firstToken].start..<tokens[found.endToken - 1].end
      let form = String(String.UnicodeScalarView(scalars[span]))
      guard let entry = found.entry else { return form + " → ?" }
      return form + " → " + (found.plural ? entry.pluralTarget : entry.target)
    }
  }

  @Test("feminine and plural adjectives inside multiword terms match; no false friends")
  func inflection() throws {
    #expect(try found("les autorités chinoises") == ["autorités chinoises → Chinese authorities"])
    #expect(try found("une autorité chinoise") == ["autorité chinoise → Chinese authority"])
    #expect(
      try found("la technologie et les technologies") == [
        "technologie → technology", "technologies → technologies",
      ])
    // `technologique` is an adjective: a stem would match it, the forms do not.
    #expect(try found("un progrès technologique").isEmpty)
    // `fois` is a plural of `foi` by rule, but a stopword first.
    #expect(try found("une fois de plus, la foi") == ["foi → faith"])
    #expect(try found("la Première ministre") == ["Première ministre → Prime Minister"])
    // Inside a multiword term the other words decide: a stopword form still matches there.
    #expect(try found("les Premiers ministres") == ["Premiers ministres → Prime Ministers"])
  }

  @Test("hyphen, space and joined spellings, either apostrophe, capitals without accents")
  func variants() throws {
    #expect(try found("le semi-conducteur") == ["semi-conducteur → semiconductor"])
    #expect(try found("le semi conducteur") == ["semi conducteur → semiconductor"])
    #expect(try found("les semiconducteurs") == ["semiconducteurs → semiconductors"])
    #expect(try found("semi - conducteur").isEmpty)
    #expect(try found("LES ETATS-UNIS") == ["ETATS-UNIS → United States"])
    #expect(try found("les Etats Unis") == ["Etats Unis → United States"])
    // Accents are ignored only in capitals: `etats-unis` in lowercase is a misspelling.
    #expect(try found("les etats-unis").isEmpty)
  }

  @Test("case-sensitive entries match only as written; kept names shadow their words")
  func flags() throws {
    #expect(try found("La CE a tranché, ce matin.") == ["CE → European Commission"])
    #expect(try found("selon Le Monde, le monde change") == ["Le Monde → Le Monde", "monde → world"])
    // Two kept names that differ by a capital are two terms, each matched as written.
    let variants = "source\ttarget\tflags\nEst Républicain\t\tkeep\nEst républicain\t\tkeep\n"
    #expect(try Fixture.glossary(variants).warnings.isEmpty)
    #expect(
      try found("l'Est républicain, l'Est Républicain, l'EST RÉPUBLICAIN", glossary: variants) == [
        "Est républicain → Est républicain", "Est Républicain → Est Républicain",
      ])
  }

  @Test("domains choose between targets; without a choice the term is unresolved")
  func domains() throws {
    #expect(try found("la cour", domains: ["justice"]) == ["cour → court"])
    #expect(try found("la cour", domains: ["architecture", "justice"]) == ["cour → courtyard"])
    #expect(try found("la cour") == ["cour → ?"])
  }

  @Test("a source listed twice with different targets is a warning naming both lines")
  func duplicateWarning() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\nsommet\tsummit\n# note\nsommet\tpeak\nsommet\tsummit\n")
    #expect(glossary.entries.count == 1)
    #expect(glossary.entries[0].target == "summit")
    #expect(glossary.warnings.count == 1)
    let warning = try #require(glossary.warnings.first)
    #expect(warning.severity == .warning)
    #expect(warning.location?.line == 4)
    #expect(warning.message.contains("glossary.tsv:2"))
  }

  @Test("a row flagged todo is left out until its target is filled in, with one note for the file")
  func todoRows() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\tpos\tflags\tnote\nvélo\t\t\ttodo\tseen 3 times\ncheval\thorse\tnoun\ttodo\t\n"
        + "Lucien Dupontel\t\tproper noun\tkeep\t\ncollection\t\t\ttodo\t\n")
    #expect(glossary.entries.map(\.source) == ["cheval", "Lucien Dupontel"])
    #expect(glossary.entries.map(\.keep) == [false, true])
    #expect(glossary.warnings.count == 1, "\(glossary.warnings)")
    let note = try #require(glossary.warnings.first)
    #expect(note.severity == .note)
    #expect(note.location?.line == 2)
    #expect(note.message == "2 rows flagged 'todo' have no target yet and are left out, 'vélo' first")
    // Without the flag an empty target is still an error, whose note names the flag.
    #expect {
      try Fixture.glossary("source\ttarget\nvélo\t\n")
    } throws: { error in
      "\(error)".contains("empty target") && "\(error)".contains("'todo'")
    }
    // The note is shown whatever the number of warnings before it.
    let warnings = (0..<8).map {
      Diagnostic(.warning, "w\($0)", at: SourceLocation(file: "g.tsv", line: $0 + 2))
    }
    let capped = Glossary.capped(
      warnings + Glossary.waitingNote([]) + [Diagnostic(.note, "n", at: SourceLocation(file: "g.tsv"))],
      perFile: 5)
    #expect(
      capped.map(\.message) == ["w0", "w1", "w2", "w3", "w4", "n", "3 more warnings about this glossary"])
  }

  @Test("rows still to do whose term another entry renders are named in one note a file")
  func todoRowsCovered() throws {
    // The worklist's `Taxe carbone` (capitals aside), its `vélo` filled in twice over, against a glossary that
    // renders `taxe carbone` and holds `taxe` back.
    let worklist = try Fixture.file(
      "source\ttarget\tflags\nvélo\tbicycle\t\nTaxe carbone\t\ttodo\ntaxe\t\ttodo\nvélo\t\ttodo\n"
        + "chèque énergie\t\ttodo\n", named: "worklist.tsv")
    let bundled = try Fixture.file("source\ttarget\ntaxe carbone\tcarbon tax\n", named: "bundled.tsv")
    let variable = try Fixture.file("source\ttarget\ntaxe\ttax\n", named: "variable.tsv")
    let glossary = try Glossary.load(
      [
        SourceFile(path: worklist), SourceFile(path: bundled),
        SourceFile(path: variable, settings: ["render": "false"]),
      ],
      sourceLanguage: "fr", targetLanguage: "en", tokenizer: WordTokenizer(language: "fr"))
    let notes = glossary.warnings.filter { $0.message.contains("already translates") }
    #expect(notes.count == 1, "\(glossary.warnings)")
    let note = try #require(notes.first)
    #expect(note.severity == .note)
    #expect(note.location == SourceLocation(file: worklist, line: 3))
    #expect(
      note.message
        == "2 rows flagged 'todo' are terms another entry already translates, 'Taxe carbone' first "
        + "('carbon tax' at \(bundled):2)")
  }

  @Test("two names kept as written are one entry whatever their spellings, with no warning")
  func keptSpellings() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\tflags\nMétéo-France\t\tkeep\nMétéo France\t\tkeep\nOuest France\t\tkeep\n")
    #expect(glossary.entries.map(\.source) == ["Météo-France", "Ouest France"])
    #expect(glossary.warnings.isEmpty, "\(glossary.warnings)")
  }

  @Test("a context column lists words at its commas; entries that differ by them are alternatives")
  func contextColumn() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\tcontext\nrépublicain\trepublican\t\nrépublicain\tRepublican\t Trump , Maison Blanche,,\n"
        + "républicain\tGOP\tTrump, Maison Blanche\n")
    #expect(glossary.entries.map(\.target) == ["republican", "Republican"])
    #expect(glossary.entries.map(\.context) == [[], ["Trump", "Maison Blanche"]])
    // The same words twice, with another target: the second is a duplicate.
    #expect(glossary.warnings.map { $0.location?.line } == [4])
    let csv = try Glossary(
      path: Fixture.file(
        "source,target,context\nsommet,summit,\"G7, Otan\"\n", named: "glossary.csv"),
      tokenizer: Fixture.worker())
    #expect(csv.entries.map(\.context) == [["G7", "Otan"]])
    #expect(csv.warnings.isEmpty)
  }

  @Test("an adjective and a noun with the same source are alternatives; two nouns are duplicates")
  func adjectiveAndNounEntries() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\tpos\ndémocrate\tDemocratic\tadjective\ndémocrate\tDemocrat\tnoun\n"
        + "démocrate\tdemocrat\tnoun\n")
    #expect(glossary.entries.map(\.target) == ["Democratic", "Democrat"])
    #expect(glossary.warnings.map { $0.location?.line } == [4])
    #expect(glossary.entries[0].isOtherWordClass(of: glossary.entries[1]))
  }

  @Test("a field past the header's columns is a warning at its line, not dropped in silence")
  func fieldsPastTheHeader() throws {
    let tsv = try Fixture.glossary("source\ttarget\nsommet\tsummit\tsee also: cime\nvol\tflight\t \n")
    #expect(tsv.entries.map(\.target) == ["summit", "flight"])
    #expect(tsv.warnings.count == 1, "\(tsv.warnings)")
    // At the first field ignored, the row printed.
    #expect(tsv.warnings.first?.location?.line == 2)
    #expect(tsv.warnings.first?.location?.column == 15)
    #expect(tsv.warnings.first?.sourceLine == "sommet\tsummit\tsee also: cime")
    #expect(tsv.warnings.first?.message.contains("'see also: cime' is ignored") == true)
    let csv = try Glossary(
      path: Fixture.file("source,target\nsommet,summit,,a,b\n", named: "glossary.csv"),
      tokenizer: Fixture.worker())
    #expect(csv.warnings.first?.message.contains("'a', 'b' are ignored") == true, "\(csv.warnings)")
    #expect(csv.warnings.first?.location?.column == 16)
    let named = try Fixture.glossary("source\ttarget\tnote\nsommet\tsummit\tsee also: cime\n")
    #expect(named.warnings.isEmpty)
    #expect(named.entries.first?.note == "see also: cime")
  }

  @Test("a file's first warnings are shown placed, and one more counts the rest")
  func warningsCapped() throws {
    let rows = (0..<7).map { "mot\($0)\tword\($0)\textra" }
    let path = try Fixture.file((["source\ttarget"] + rows).joined(separator: "\n") + "\n")
    let glossary = try Glossary.load(
      [SourceFile(path: path)], sourceLanguage: "fr", targetLanguage: "en",
      tokenizer: WordTokenizer(language: "fr"))
    #expect(glossary.warnings.count == 6)
    #expect(glossary.warnings.prefix(5).allSatisfy { $0.location?.column == 12 && $0.sourceLine != nil })
    #expect(glossary.warnings.last?.message == "2 more warnings about this glossary")
    #expect(glossary.warnings.last?.notes == ["only the first 5 are shown"])
  }

  @Test("the flag participle is read, and kept apart from the others")
  func participleFlag() throws {
    let path = try Fixture.file("source\ttarget\tflags\ncommuniqué\tstatement\tparticiple\nCE\tEC\tcase\n")
    let glossary = try Glossary(path: path, tokenizer: Fixture.worker())
    #expect(glossary.entries.map(\.participle) == [true, false])
    #expect(glossary.entries.map(\.caseSensitive) == [false, true])
  }

  @Test("unknown flags are errors at their field")
  func unknownFlag() throws {
    let path = try Fixture.file("source\ttarget\tflags\nsommet\tsummit\tcase\nvol\tflight\tloud\n")
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 3, column: 12))
    #expect(error.diagnostic.sourceLine == "vol\tflight\tloud")
  }

  @Test("XML the parser refuses is shown, its column counted in scalars, not bytes")
  func tbxParserErrorColumn() throws {
    let line = "<termEntry><langSet xml:lang=\"fr\"><tig><term>éééé</term></tg></langSet></termEntry>"
    let path = try Fixture.file(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif><text><body>\n\(line)\n</body></text></martif>\n",
      named: "g.tbx")
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    #expect(error.diagnostic.message.contains("not well-formed XML"))
    #expect(error.diagnostic.sourceLine == line)
    // libxml2 counts bytes: at the '/' of `</tg>`, after four two-byte letters.
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 3, column: 58))
  }

  @Test("a TBX entry's error points at its source term where the line holds it as written")
  func tbxErrorColumn() throws {
    let path = try Fixture.file(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <martif type="TBX-Basic"><text><body>
      <termEntry><langSet xml:lang="fr"><tig><term>...</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>dots</term></tig></langSet></termEntry>
      </body></text></martif>
      """, named: "g.tbx")
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    #expect(error.diagnostic.message == "source '...' has no words")
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 3, column: 46))
  }

  @Test("CSV as owners publish it: quoted fields, commas and quotes inside, a column mapping")
  func csv() throws {
    let path = try Fixture.file(
      """
      fr,en,pos,description_en,source_id
      cas confirmés,confirmed cases,noun,"cases confirmed by a test, ""PCR"" or other",g:1
      contagieux,contagious,adjective,"transmissible
      by contact",g:2
      """, named: "terms.csv")
    let file = SourceFile(
      path: path,
      settings: [
        "columns.source": "fr", "columns.target": "en", "columns.pos": "pos",
        "columns.note": "description_en",
      ])
    let glossary = try Glossary(
      file: file, sourceLanguage: "fr", targetLanguage: "en", tokenizer: Fixture.worker())
    #expect(glossary.entries.map(\.source) == ["cas confirmés", "contagieux"])
    #expect(glossary.entries[0].note == "cases confirmed by a test, \"PCR\" or other")
    #expect(glossary.entries[1].location.line == 3)
    #expect(glossary.entries[1].pluralTarget == "contagious")
    // Without the mapping the header has no source column: the error names the columns found.
    #expect {
      try Glossary(path: path, tokenizer: Fixture.worker())
    } throws: { error in
      let diagnostic = (error as? LexiconError)?.diagnostic
      return diagnostic?.location?.line == 1 && diagnostic?.message.contains("fr, en, pos") == true
    }
  }

  @Test("CSV as a French spreadsheet writes it: semicolons, a byte order mark, CRLF, decimal commas")
  func semicolonCSV() throws {
    let written =
      "\u{FEFF}source;target;note\r\nécran 5,5 pouces;5.5-inch screen;\r\n"
      + "taux d'intérêt;interest rate;\"taux; directeur ou non\"\r\n"
    let path = try Fixture.file(written, named: "excel.csv")
    let glossary = try Glossary(path: path, tokenizer: Fixture.worker())
    #expect(glossary.entries.map(\.source) == ["écran 5,5 pouces", "taux d'intérêt"])
    #expect(glossary.entries.map(\.target) == ["5.5-inch screen", "interest rate"])
    #expect(glossary.entries[1].note == "taux; directeur ou non")
    // A row short of a field is told in semicolons, at the end of the row.
    let short = try Fixture.file("source;target\nchômage;unemployment\nministre\n", named: "short.csv")
    #expect {
      try Glossary(path: short, tokenizer: Fixture.worker())
    } throws: { error in
      let diagnostic = (error as? LexiconError)?.diagnostic
      return diagnostic?.message == "expected 2 semicolon-separated columns, found 1"
        && diagnostic?.location?.line == 3 && diagnostic?.location?.column == 9
        && diagnostic?.notes == ["check the semicolons and quotes"]
    }
  }

  @Test(
    "a CSV glossary's delimiter given beside its path; anything but a comma or a semicolon is refused there")
  func csvDelimiterSetting() throws {
    // A header with a comma inside a column's name reads as commas unless the pipeline says.
    let path = try Fixture.file(
      "source;target;note;remarks, later\nchômage;unemployment;x;y\n", named: "named.csv")
    #expect(throws: LexiconError.self) { try Glossary(path: path, tokenizer: Fixture.worker()) }
    let glossary = try Glossary(
      file: SourceFile(path: path, settings: ["delimiter": ";"]), sourceLanguage: "fr", targetLanguage: "en",
      tokenizer: Fixture.worker())
    #expect(glossary.entries.map(\.target) == ["unemployment"])
    #expect(glossary.entries.map(\.note) == ["x"])
    // And a semicolon header read as commas when the pipeline says so.
    let commas = try Glossary(
      file: SourceFile(
        path: try Fixture.file("source,target\na;b,c\n", named: "commas.csv"), settings: ["delimiter": ","]),
      sourceLanguage: "fr", targetLanguage: "en", tokenizer: Fixture.worker())
    #expect(commas.entries.map(\.source) == ["a;b"])
    let setting = SourceLocation(file: "pipeline.yaml", line: 8, column: 15)
    #expect {
      try Glossary(
        file: SourceFile(path: path, settings: ["delimiter": "|"], location: setting), sourceLanguage: "fr",
        targetLanguage: "en", tokenizer: Fixture.worker())
    } throws: { error in
      let diagnostic = (error as? LexiconError)?.diagnostic
      return diagnostic?.message == "'delimiter' must be ',' or ';', not '|'"
        && diagnostic?.location == setting
    }
  }

  @Test("TBX: source terms, the preferred target, deprecated and forbidden terms never rendered")
  func tbx() throws {
    let path = try Fixture.file(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <martif type="TBX-Basic" xml:lang="en"><text><body>
        <termEntry id="c1">
          <descrip type="subjectField">economy</descrip>
          <langSet xml:lang="fr">
            <tig><term>taux directeur</term><termNote type="partOfSpeech">noun</termNote></tig>
          </langSet>
          <langSet xml:lang="en">
            <tig><term>base rate</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
            <tig><term>key interest rate</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
          </langSet>
        </termEntry>
        <termEntry id="c2">
          <langSec xml:lang="fr-FR"><termSec><term>puce</term></termSec></langSec>
          <langSec xml:lang="en-US"><termSec><term>chip</term></termSec></langSec>
        </termEntry>
        <termEntry id="c3">
          <langSet xml:lang="fr"><tig><term>ordinateur</term></tig></langSet>
          <langSet xml:lang="en"><tig><term>computator</term><termNote type="administrativeStatus">forbidden</termNote></tig></langSet>
        </termEntry>
      </body></text></martif>
      """, named: "terms.tbx")
    let glossary = try Glossary(path: path, tokenizer: Fixture.worker())
    #expect(glossary.entries.map(\.source) == ["taux directeur", "puce"])
    #expect(glossary.entries.map(\.target) == ["key interest rate", "chip"])
    #expect(glossary.entries[0].domain == "economy")
    #expect(glossary.entries[0].location.line == 6)
  }

  @Test("a TBX file past 10 MB is read whole (Foundation's parser refused one given as a single buffer)")
  func largeTBX() throws {
    // 3,000 entries with a definition of 4 KB each: 12.5 MB.
    let definition = String(repeating: "une définition assez longue ", count: 150)
    var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n<martif type=\"TBX-Basic\"><text><body>\n"
    for number in 0..<3000 {
      text += """
        <termEntry id="c\(number)"><descrip type="definition">\(definition)</descrip>
        <langSet xml:lang="fr"><tig><term>terme\(number)</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>term\(number)</term></tig></langSet></termEntry>

        """
    }
    text += "</body></text></martif>\n"
    let data = Array(text.utf8)
    #expect(data.count > 12_000_000)
    let rows = try TBXGlossary.rows(path: "large.tbx", data: data, source: "fr", target: "en")
    #expect(rows.count == 3000)
    #expect(rows.last?.source == "terme2999")
    #expect(rows.last?.target == "term2999")
    #expect(rows.last?.location.line == 4 + 3 * 2999)  // (its French term's line)
  }

  @Test("a broken TBX file is an error with its line")
  func brokenTBX() throws {
    let path = try Fixture.file("<martif>\n<termEntry>\n<langSet>\n</termEntry>\n", named: "bad.tbx")
    #expect {
      try Glossary(path: path, tokenizer: Fixture.worker())
    } throws: { error in
      guard let diagnostic = (error as? LexiconError)?.diagnostic else { return false }
      return diagnostic.location?.file == path && (diagnostic.location?.line ?? 0) >= 1
    }
  }

  @Test("the TICO-19 files load as their owners publish them, with the mapping")
  func tico() throws {
    let folder = FilePath.normalize(Fixture.root + "/../shared/data/glossary")
    guard FileManager.default.fileExists(atPath: folder + "/tico19-google-fr-en.csv") else { return }
    for (name, columns) in [
      ("tico19-google-fr-en.csv", ["columns.source": "fr", "columns.target": "en", "columns.pos": "pos"]),
      (
        "tico19-facebook-fr-en.csv",
        ["columns.source": "fr", "columns.target": "en", "columns.domain": "domain"]
      ),
    ] {
      let glossary = try Glossary(
        file: SourceFile(path: folder + "/" + name, settings: columns), sourceLanguage: "fr",
        targetLanguage: "en", tokenizer: Fixture.worker())
      #expect(glossary.entries.count > 250, "\(name)")
    }
  }

  @Test("number agreement: invariable heads take the determiner's number; nationality nouns pluralize")
  func numberAgreement() throws {
    let glossary = """
      source\ttarget\tpos\tnote
      taux d'intérêt\tinterest rate\tnoun
      australien\tAustralian|Australian\tadjective
      musulman\tMuslim|Muslim\tadjective
      États-Unis\tUnited States\tproper noun
      PME\tSME\tnoun
      raciste\tracist\tadjective
      terroriste\tterrorist|terrorist\tnoun\tnoun and adjective
      jihadiste\tjihadist\tadjective
      musique\tmusic|music\tnoun

      """
    let document = try Fixture.terms(
      [
        "Ses taux d'intérêt et un taux d'intérêt.", "Les Australiens, les musulmans et des vins australiens.",
        "Les États-Unis aident les PME.",
        // An adjective that names people too is a noun after a determiner; an uncountable noun
        // stays as it is.
        "Les racistes et des groupes racistes, les terroristes et des attaques terroristes, les musiques.",
        // So is it after a number, in words or in figures, and after a possessive.
        "Deux jihadistes, 12 terroristes et ses musulmans.",
      ],
      glossary: glossary)
    #expect(
      document.terms?.matches.map(\.target) == [
        "interest rates", "interest rate", "Australians", "Muslims", "Australian", "United States", "SMEs",
        "racists", "racist", "terrorists", "terrorist", "music", "jihadists", "terrorists", "Muslims",
      ])
  }

  /// A people's noun (`demonym`) beside its adjective: where French capitalizes the word, it
  /// names people (`les Espagnols`, `une Suédoise`), lowercase it is the adjective or the
  /// language; a common noun beside its adjective still needs a determiner.
  @Test("demonyms: capitalized, the people's noun; lowercase, the adjective or the language")
  func demonyms() throws {
    let glossary = """
      source\ttarget\tpos\tdomain
      espagnol\tSpanish\tadjective\tgeography
      espagnol\tSpaniard\tdemonym\tgeography
      polonais\tPolish\tadjective\tgeography
      polonais\tPole\tdemonym\tgeography
      néo-zélandais\tNew Zealand\tadjective\tgeography
      néo-zélandais\tNew Zealander\tdemonym\tgeography
      démocrate\tDemocratic\tadjective\tpolitics
      démocrate\tDemocrat\tnoun\tpolitics
      porte-avions\taircraft carrier\tnoun\tdefence

      """
    let document = try Fixture.terms(
      [
        "Les Espagnols et une Espagnole parlent l'espagnol avec des amis espagnols.",
        "Espagnols et Polonais, 50 Polonais, deux Polonais, un Polonais et les usines polonaises.",
        "Les Néo-Zélandais, un Néo-Zélandais et le vin néo-zélandais.",
        "Les démocrates, le parti démocrate, LES ESPAGNOLS, ces porte-avions et un porte-avions.",
      ],
      glossary: glossary)
    #expect(
      document.terms?.matches.map(\.target) == [
        "Spaniards", "Spaniard", "Spanish", "Spanish",
        "Spaniards", "Pole", "Poles", "Poles", "Pole", "Polish",
        "New Zealanders", "New Zealander", "New Zealand",
        "Democrats", "Democratic", "SPANISH", "aircraft carriers", "aircraft carrier",
      ])
    let parsed = try Fixture.glossary(glossary)
    #expect(parsed.entries[1].isDemonym && parsed.entries[1].isOtherWordClass(of: parsed.entries[0]))
    #expect(parsed.warnings.isEmpty)
  }

  /// Where English has a people's noun for men and one for women (`Frenchman`, `Frenchwoman`),
  /// the one flagged `feminine` is rendered for the word's feminine forms; a feminine form
  /// without one takes the people's noun; the plural of the noun for men is the people's.
  @Test("demonyms for women: the feminine forms take the entry flagged feminine")
  func feminineDemonyms() throws {
    let glossary = """
      source\ttarget\tpos\tdomain\tflags
      français\tFrench\tadjective\tgeography\t
      français\tFrenchman|French\tdemonym\tgeography\t
      français\tFrenchwoman|Frenchwomen\tdemonym\tgeography\tfeminine
      espagnol\tSpanish\tadjective\tgeography\t
      espagnol\tSpaniard\tdemonym\tgeography\t
      belge\tBelgian\tadjective\tgeography\t
      belge\tBelgian\tdemonym\tgeography\t
      suédois\tSwedish\tadjective\tgeography\t
      suédois\tSwedishwoman\tdemonym\tgeography\tfeminine

      """
    let document = try Fixture.terms(
      [
        "Un Français, une Française, les Français, deux Françaises et le vin français.",
        "Une Espagnole, des Belges, une Belge, un Suédois et une Suédoise.",
      ],
      glossary: glossary)
    #expect(
      document.terms?.matches.map(\.target) == [
        "Frenchman", "Frenchwoman", "French", "Frenchwomen", "French",
        "Spaniard", "Belgians", "Belgian", "Swedish", "Swedishwoman",
      ])
    let parsed = try Fixture.glossary(glossary)
    #expect(parsed.entries.map(\.feminine) == [false, false, true, false, false, false, false, false, true])
    // Two people's nouns of one word, one of them for women: no duplicate.
    #expect(parsed.warnings.isEmpty)
    #expect(TranslateTermsStage.isFeminine("françaises", of: "français"))
    #expect(!TranslateTermsStage.isFeminine("belge", of: "belge"))
    #expect(!TranslateTermsStage.isFeminine("français", of: "français"))
    // The flag is for a people's noun only.
    let path = try Fixture.file("source\ttarget\tpos\tflags\nfrançais\tFrench\tadjective\tfeminine\n")
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    #expect(
      error.diagnostic.message == "the flag 'feminine' is for a people's noun, and 'français' is no 'demonym'"
    )
    #expect(error.diagnostic.location?.line == 2)
  }

  @Test("a one-word term between a non-determiner and an article is read as a verb")
  func verbs() throws {
    let glossary = try Fixture.glossary("source\ttarget\njuge\tjudge\npuce\tchip\n")
    let matcher = TermMatcher(
      glossary: glossary, verbCues: TermMatcher.frenchVerbCues, headBreakers: TermMatcher.frenchHeadBreakers)
    func forms(_ text: String) throws -> [Int] {
      matcher.matches(in: try Fixture.worker().tokens(in: text)).map(\.firstToken)
    }
    #expect(try forms("Le ministère juge le rapport.").isEmpty)
    #expect(try forms("Le juge les a condamnés.") == [1])
    #expect(try forms("les puces les plus chères") == [1])
    #expect(try forms("elles juge").isEmpty)
  }

  @Test("candidates: recurring content-word runs no glossary covers, longest first")
  func candidates() throws {
    let sentences = [
      "Le bouclier tarifaire protège les ménages.", "Le bouclier tarifaire coûte cher aux ménages.",
      "Selon Bercy, le bouclier tarifaire durera.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let candidates = TermCandidates(
      stopwords: ["le", "les", "aux", "selon", "cher"], minimumCount: 2, language: "fr"
    )
    .candidates(in: tokenized)
    #expect(candidates.first == TermCandidate(form: "bouclier tarifaire", count: 3, firstSentence: 0))
    #expect(candidates.contains { $0.form == "ménages" } == false)  // a lone lowercase word needs 3
    #expect(candidates.contains { $0.form == "bouclier" } == false)  // inside the longer run
  }

  @Test("candidates: a run inside a longer one is kept only when it recurs enough on its own")
  func candidatesInsideLongerRuns() throws {
    let sentences = [
      "Xi Jinping parle.", "Xi Jinping répond.", "Xi Jinping écoute.", "Jinping sourit.",
      "Emmanuel Macron parle.", "Emmanuel Macron répond.", "Macron sourit.", "Macron écoute.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let forms = TermCandidates(stopwords: [], minimumCount: 2, language: "fr").candidates(in: tokenized).map(
      \.form)
    #expect(forms.contains("Xi Jinping") && forms.contains("Emmanuel Macron"), "\(forms)")
    // Jinping: 4, of which 3 in Xi Jinping (once alone); Macron: 4, of which 2 alone.
    #expect(!forms.contains("Jinping"), "\(forms)")
    #expect(forms.contains("Macron"), "\(forms)")
  }

  @Test("candidates: a run in the plural is counted with the run in the singular, and listed so")
  func candidatesPlurals() throws {
    let worker = try Fixture.worker()
    let sentences = [
      "Un éléphant traverse le parc.", "Les éléphants du parc ont soif.", "Deux éléphants sont morts.",
      "Les éléphants boivent.", "Le journal local publie une enquête.",
      "Les journaux nationaux reprennent cette enquête.", "Les journaux régionaux aussi.",
      "La technologie avance.", "Une avancée technologique majeure.", "La technologie coûte cher.",
      "Une rupture technologique.",
      "La technologie gagne.", "Un saut technologique.", "La puce électronique.",
      "Les puces électroniques manquent.", "Les puces électroniques coûtent cher.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let stopwords: Set<String> = [
      "un", "le", "les", "du", "ont", "deux", "sont", "la", "une", "cette", "aussi",
    ]
    let candidates = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "fr")
      .candidates(in: tokenized)
    func candidate(_ form: String) -> TermCandidate? { candidates.first { $0.form == form } }
    #expect(
      candidate("éléphant")
        == TermCandidate(form: "éléphant", count: 4, firstSentence: 0, variants: ["éléphants"]))
    #expect(candidate("éléphants") == nil)
    #expect(candidate("journal")?.variants == ["journaux"])
    #expect(candidate("journal")?.count == 3)
    #expect(candidate("puce électronique")?.variants == ["puces électroniques"])
    #expect(candidate("puce électronique")?.count == 3)
    // An adjective and a noun that share a stem stay apart.
    #expect(candidate("technologie")?.variants == [])
    #expect(candidate("technologique")?.count == 3)
    // Without the singular in the text, the plural is listed as it is.
    let alone = try [
      "Les manifestants défilent.", "Des manifestants chantent.", "Trois manifestants partent.",
    ]
    .enumerated().map { (index: $0, tokens: try worker.tokens(in: $1), covered: [Range<Int>]()) }
    #expect(
      TermCandidates(stopwords: ["les", "des"], minimumCount: 2, language: "fr").candidates(in: alone)
        .first?.form == "manifestants")
    // Other languages: no rules, no merging.
    #expect(
      TermCandidates(stopwords: stopwords, minimumCount: 2, language: "en").candidates(in: tokenized)
        .contains { $0.form == "éléphants" })
  }

  @Test("candidates: a run capitalized wherever it occurs, not only first in a sentence, is a name")
  func candidateNames() throws {
    let sentences = [
      "Le président Xi Jinping arrive.", "Xi Jinping parle.", "Observation des oiseaux.",
      "Observation de nuit.", "La Cour rend sa décision.", "Une cour intérieure.", "La Cour tranche.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let candidates = TermCandidates(
      stopwords: ["le", "la", "des", "de", "une", "sa"], minimumCount: 2, language: "fr"
    ).candidates(in: tokenized)
    func candidate(_ form: String) -> TermCandidate? { candidates.first { $0.form == form } }
    #expect(candidate("Xi Jinping")?.isName == true, "\(candidates)")
    #expect(candidate("Observation")?.isName == false)  // capitalized only where a sentence starts
    #expect(candidate("Cour")?.isName == false)  // also written `cour`
  }

  @Test("candidates: an article capitalized inside a sentence belongs to the name it opens")
  func candidateNamesWithArticles() throws {
    let sentences = [
      "Selon Marine Le Pen, rien ne change.", "Pour Marine Le Pen, tout change.",
      "Il vit à La Rochelle.", "Il aime La Rochelle, Le Figaro le dit.", "Il lit Le Figaro.",
      "La France vote.", "La France attend.", "Elle cite : « Le Monde ment. »", "Le Monde ment.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let stopwords: Set<String> = [
      "selon", "pour", "le", "la", "les", "ne", "il", "à", "elle", "dit", "rien", "tout", "lit", "vit",
      "aime",
    ]
    let candidates = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "fr").candidates(
      in: tokenized)
    let forms = candidates.map(\.form)
    for name in ["Marine Le Pen", "La Rochelle", "Le Figaro"] {
      #expect(candidates.first { $0.form == name }?.isName == true, "\(name): \(forms)")
    }
    // No name is cut at its article, and no run ends with one.
    for part in ["Pen", "Le Pen", "Rochelle", "Figaro", "Marine Le", "Le", "La"] {
      #expect(!forms.contains(part), "\(part): \(forms)")
    }
    // First in a sentence, or after a colon or a quotation mark, a capital may open a sentence:
    // the article is left out (`La France`, `Le Monde` here).
    #expect(forms.contains("France") && !forms.contains("La France"), "\(forms)")
    #expect(!forms.contains("Le Monde"), "\(forms)")
    // Another language's articles are its own: `Le` is no English article.
    let english = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "en").candidates(
      in: tokenized
    ).map(\.form)
    #expect(english.contains("Pen") && !english.contains("Le Pen"), "\(english)")
  }

  @Test("candidates: a compound written with hyphens is one word, a verb and its pronoun are not")
  func candidateCompounds() throws {
    let sentences = [
      "Le couvre-feu commence à Aix-en-Provence, a-t-il dit.", "Le couvre-feu inquiète, dit-il.",
      "Un couvre-feux ? Le Covid-19 circule.", "Le Covid-19 recule à Aix-en-Provence, celui-ci aussi.",
      "Un nouveau couvre-feu.", "Il dit vis-à-vis.", "Un face-à-face, il dit vis-à-vis.",
      "Un face-à-face, il dit vis-à-vis.", "Un face-à-face.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let stopwords: Set<String> = ["le", "à", "a", "t", "il", "dit", "un", "en", "celui", "ci", "aussi"]
    let candidates = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "fr").candidates(
      in: tokenized)
    func candidate(_ form: String) -> TermCandidate? { candidates.first { $0.form == form } }
    #expect(candidate("couvre-feu")?.count == 4, "\(candidates)")
    #expect(candidate("couvre-feu")?.variants == ["couvre-feux"])
    #expect(candidate("Aix-en-Provence")?.count == 2)
    #expect(candidate("Covid-19")?.isName == true)
    // The `à` of a compound is one of its parts, the `t` of `a-t-il` is not.
    #expect(candidate("vis-à-vis")?.count == 3, "\(candidates)")
    #expect(candidate("face-à-face")?.count == 3, "\(candidates)")
    // Parts of compounds are not listed on their own, nor is a verb with its pronoun.
    for part in ["couvre", "feu", "Aix", "Provence", "Covid", "dit-il", "a-t", "celui-ci", "vis", "face"] {
      #expect(candidate(part) == nil, "\(part)")
    }
  }

  @Test("a word after an elided pronoun or negation that only a verb follows is no term")
  func verbsAfterElidedPronouns() throws {
    let sentences = [
      "Le bilan s'élève à dix.", "Un élève arrive, un élève part.", "Il s'élève encore.",
      "Elle n'importe rien ; j'importe, m'importe, t'importe.", "L'élève lit.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let stopwords: Set<String> = [
      "le", "la", "l'", "s'", "n'", "j'", "m'", "t'", "à", "un", "il", "elle", "rien",
    ]
    let candidates = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "fr").candidates(
      in: tokenized)
    // The pupil three times (after `un` and `l'`), never the verb.
    #expect(candidates.first { $0.form == "élève" }?.count == 3, "\(candidates)")
    #expect(
      !candidates.contains { $0.form.contains("importe") || $0.form.contains("encore") }, "\(candidates)")
    // In English the rule is not read.
    let english = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "en").candidates(
      in: tokenized)
    #expect(english.first { $0.form == "élève" }?.count == 5, "\(english)")
  }

  @Test("a past participle after a form of avoir is the verb's, no term; the noun it may be is one")
  func participlesAfterAuxiliaries() throws {
    let sentences = [
      "Le ministre a déclaré la guerre.", "Rien, a-t-il déclaré hier.", "Rien, avait-il notamment déclaré.",
      "Le ministre a aussi souligné ceci.", "Dix soldats ont été blessés.", "Les blessés arrivent.",
      "Il y a des blessés.", "Des blessés partent.", "Le député parle.", "Il est député.",
      "Le député a souligné ceci.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let stopwords: Set<String> = [
      "le", "la", "les", "a", "t", "il", "ont", "été", "avait", "aussi", "notamment", "des", "y", "est",
      "dix",
      "rien", "hier", "ceci",
    ]
    let candidates = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "fr").candidates(
      in: tokenized)
    func count(_ form: String) -> Int? { candidates.first { $0.form == form }?.count }
    // The nouns, after a determiner or `est`; never the participles (`ont été blessés`).
    #expect(count("blessés") == 3 && count("député") == 3, "\(candidates)")
    #expect(count("déclaré") == nil && count("souligné") == nil, "\(candidates)")
  }

  @Test("a verb that reports a quotation, or is joined to its inverted subject, is no term; the noun is one")
  func reportingVerbs() throws {
    let sentences = [
      "\"Rien\", explique le ministre.", "« Pourquoi ? » demande Marie.", "« Rien », explique Jean Dupont.",
      "Rien, explique-t-il.", "Rien, explique-t-elle encore.", "Voici la note.", "\"Rien\", note l'avocat.",
      "Voici une note.", "Rien, demandez-vous.", "Voici la demande.", "Voici une demande.",
      "\"Rien\", note encore.", "Voici encore la demande.",
    ]
    let tokenized = try Fixture.tokenized(sentences)
    let stopwords: Set<String> = [
      "le", "la", "l'", "une", "t", "il", "elle", "vous", "rien", "pourquoi", "encore", "voici",
    ]
    let candidates = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "fr").candidates(
      in: tokenized)
    func count(_ form: String) -> Int? { candidates.first { $0.form == form }?.count }
    // `explique` only ever reports; `note` and `demande` count as the nouns they also are: after
    // a determiner, and after a quotation with no subject after it (`", note encore`).
    #expect(count("explique") == nil && count("demandez") == nil, "\(candidates)")
    #expect(count("note") == 3 && count("demande") == 3, "\(candidates)")
    #expect(!candidates.contains { $0.form.hasPrefix("explique") }, "\(candidates)")
    // In English the rules are not read.
    let english = TermCandidates(stopwords: stopwords, minimumCount: 2, language: "en").candidates(
      in: tokenized)
    #expect(english.first { $0.form == "explique" }?.count == 4, "\(english)")
    #expect(english.first { $0.form == "demande" }?.count == 4, "\(english)")
  }

  @Test("a candidate's variants and name flag go through JSON, and are left out when there are none")
  func candidateJSON() throws {
    let plain = TermCandidate(form: "parc", count: 5, firstSentence: 1)
    let full = TermCandidate(
      form: "éléphant", count: 6, firstSentence: 0, variants: ["éléphants"], isName: false)
    let name = TermCandidate(form: "Xi Jinping", count: 6, firstSentence: 0, isName: true)
    for candidate in [plain, full, name] {
      let json = try JSONEncoder().encode(candidate)
      #expect(try JSONDecoder().decode(TermCandidate.self, from: json) == candidate)
    }
    let text = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
    #expect(!text.contains("variants") && !text.contains("name"))
    #expect(String(decoding: try JSONEncoder().encode(name), as: UTF8.self).contains("\"name\":true"))
  }

  @Test("candidates: counted in parts and shards, the same as one pass", arguments: [2, 3, 4])
  func candidatesInParts(cores: Int) throws {
    let worker = try Fixture.worker()
    // 400 sentences drawn from a small vocabulary, so that far more than the 300 frequent runs
    // recur, with names, stopwords, short words and covered tokens among them.
    let vocabulary = [
      "Bercy", "ménages", "bouclier", "tarifaire", "le", "les", "prix", "énergie", "Paris", "hausse",
      "gaz", "électricité", "aux", "Matignon", "réforme", "retraites", "syndicats", "grève", "et",
      "transports", "inflation", "salaires", "budget", "déficit", "dette", "Europe", "taux", "banque",
    ]
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let sentences = try (0..<400).map { index in
      let text = (0..<(6 + next(10))).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: " ")
      let tokens = try worker.tokens(in: text + ".")
      let covered = index % 5 == 0 && tokens.count > 3 ? [1..<3] : []
      return (index: index, tokens: tokens, covered: covered)
    }
    let extractor = TermCandidates(stopwords: ["le", "les", "aux", "et"], minimumCount: 2, language: "fr")
    let onePass = extractor.candidates(in: sentences, threshold: .max)
    #expect(onePass.count > 100)
    #expect(extractor.candidates(in: sentences, threshold: 20, cores: cores) == onePass)
  }
}
