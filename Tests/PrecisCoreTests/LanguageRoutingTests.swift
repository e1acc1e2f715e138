import Foundation
import PrecisStages
import PrecisTestSupport
import Testing

@testable import PrecisCore

/// `LanguageGuesser`: the language whose word list holds most of a text's words.
struct LanguageGuesserTests {
  let guesser = LanguageGuesser(languages: [
    ("fr", ["le", "la", "les", "l'", "de", "d'", "et", "à", "qu'", "est", "un", "une", "dans"]),
    ("en", ["the", "of", "and", "a", "to", "in", "is", "don", "t"]),
  ])

  @Test func frenchAndEnglishAreToldApart() {
    #expect(guesser.guess("Le gouvernement a présenté la réforme de la retraite.", fallback: "en") == "fr")
    #expect(
      guesser.guess("The government presented the reform of the pension system.", fallback: "fr") == "en")
  }

  /// An elided article counts with its apostrophe, straight or curly; a capital is lowered,
  /// Latin-1's too (`À`); `don't` is `don` and `t` when the list has no `don'`.
  @Test func elisionsCapitalsAndApostrophes() {
    #expect(guesser.counts(in: "L'homme d’affaires qu'on voit").hits == [3, 0])
    #expect(guesser.counts(in: "LE CHAT ET LA SOURIS").hits == [3, 0])
    #expect(guesser.counts(in: "À la une").hits == [3, 0])
    #expect(guesser.counts(in: "I don't know").hits == [0, 2])
    #expect(guesser.counts(in: "«le» — la… l’").words == 3)
  }

  /// No word of either list, or as many of each, is the fallback; the first language wins a
  /// tie between the lists.
  @Test func tiesAndNothingFound() {
    #expect(guesser.guess("", fallback: "fr") == "fr")
    #expect(guesser.guess("Zut ! 2024 ?", fallback: "en") == "en")
    #expect(guesser.counts(in: "le the").hits == [1, 1])
    #expect(guesser.guess("le the", fallback: "en") == "fr")
  }

  /// Only the first `limit` words are read.
  @Test func onlyTheFirstWordsAreRead() {
    let short = LanguageGuesser(languages: guesser.languages.indices.map { _ in ("x", ["a"]) }, limit: 3)
    let counted = short.counts(in: "a a a a a a")
    #expect(counted.words == 3 && counted.hits == [3, 3])
  }
}

/// `--language auto`: the pipeline loaded for every language its `detect` list exists for, and
/// each document run with its language's.
struct LanguageRoutingTests {
  let loader = PrecisStages.loader
  let root = Golden.packageRoot

  @Test func theDefaultPipelineRoutesBetweenFrenchAndEnglish() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "auto")
    let routing = try #require(pipeline.routing)
    #expect(pipeline.sourceLanguage == "fr")
    // French and English briefed; the languages of `recognize` told apart, after them.
    #expect(routing.languages == ["fr", "en", "de", "es", "it", "nl", "pt"])
    #expect(routing.briefed(besides: "fr") == ["fr", "en"])
    #expect(routing.pipelines.keys.sorted() == ["en"])
    #expect(routing.pipelines["en"]?.stageIDs == ["normalize", "segment", "summarize", "render"])
    // The English pipeline's note on the stage it leaves out is not the run's.
    #expect(pipeline.warnings.isEmpty, "\(pipeline.warnings)")
  }

  @Test func eachDocumentRunsWithItsLanguagesStages() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "auto")
    // Each article, run whole: the language it was read as, and the stages that ran.
    func run(_ text: String) throws -> Document {
      var document = Document(source: "t.txt", input: Array(text.utf8))
      try pipeline.run(&document)
      return document
    }
    let document = try run(
      "The council voted on Tuesday to close the old bridge. It will reopen in the spring, after "
        + "the repairs that the engineers asked for in their report of last year.")
    #expect(document.language == "en")
    #expect(document.stages == ["normalize", "segment", "summarize", "render"])
    #expect(document.terms == nil)
    let other = try run(
      "Le conseil municipal a voté mardi la fermeture du vieux pont. Il rouvrira au printemps, après "
        + "les réparations que les ingénieurs ont demandées dans leur rapport de l'an dernier.")
    #expect(other.language == "fr")
    #expect(other.stages == ["normalize", "segment", "terms", "summarize", "render"])
    // The language is in the document's JSON, and read back.
    let json = try DocumentJSON.encode(document)
    #expect(
      json.contains(#""language" : "en""#) || json.contains(#""language": "en""#), "\(json.prefix(200))")
    #expect(try DocumentJSON.decode(Data(json.utf8), file: "t.json").language == "en")
  }

  /// An article in a language `recognize` has a list for, but no pipeline, is reported by its
  /// name, not briefed with another language's rules. (Two sentences each, of the kind a news
  /// article opens with; written for this test.)
  @Test func otherLanguagesAreRecognizedNotBriefed() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "auto")
    let guesser = try #require(pipeline.routing?.guesser)
    let samples = [
      (
        "es", "Spanish",
        "El Ayuntamiento aprobó el martes el cierre del viejo puente. Volverá a abrir en primavera, "
          + "después de las obras que los ingenieros pidieron en su informe del año pasado."
      ),
      (
        "it", "Italian",
        "Il consiglio comunale ha votato martedì la chiusura del vecchio ponte. Riaprirà in primavera, "
          + "dopo i lavori che gli ingegneri hanno chiesto nella loro relazione dell'anno scorso."
      ),
      (
        "pt", "Portuguese",
        "A câmara municipal votou na terça-feira o encerramento da velha ponte. Vai reabrir na primavera, "
          + "depois das obras que os engenheiros pediram no seu relatório do ano passado."
      ),
      (
        "de", "German",
        "Der Stadtrat hat am Dienstag die Schließung der alten Brücke beschlossen. Sie wird im Frühjahr "
          + "nach den Reparaturen wieder geöffnet, die die Ingenieure in ihrem Bericht gefordert haben."
      ),
      (
        "nl", "Dutch",
        "De gemeenteraad heeft dinsdag besloten de oude brug te sluiten. Die gaat in het voorjaar weer "
          + "open, na de reparaties die de ingenieurs in hun rapport van vorig jaar hebben gevraagd."
      ),
      (
        "fr", "French",
        "Le conseil municipal a voté mardi la fermeture du vieux pont. Il rouvrira au printemps, après "
          + "les réparations que les ingénieurs ont demandées dans leur rapport de l'an dernier."
      ),
    ]
    for (code, name, text) in samples {
      #expect(guesser.guess(text, fallback: "fr") == code, "\(text)")
      var document = Document(source: "\(code).txt", input: Array(text.utf8))
      guard code != "fr" else {
        try pipeline.run(&document)
        #expect(document.output != nil)
        continue
      }
      let error = try #require(throws: InputError.self, performing: { try pipeline.run(&document) })
      #expect(
        error.diagnostics.first?.message
          == "the article reads as \(name) ('\(code)'), which \(pipeline.file) has no lexicons to brief")
      #expect(error.diagnostics.first?.notes.first?.contains("--language fr") == true)
      #expect(document.language == code)
      #expect(document.stages == ["normalize"])
    }
  }

  /// The diagnostics of the default pipeline file with `old` replaced by `new` (which must
  /// change it), loaded for its own language: the load must fail.
  func failedLoad(replacing old: String, with new: String) throws -> [Diagnostic] {
    let yaml = try String(contentsOfFile: root + "/pipeline.yaml", encoding: .utf8)
    let changed = yaml.replacingOccurrences(of: old, with: new)
    #expect(changed != yaml)
    return try #require(
      throws: PipelineError.self,
      performing: { try loader.load(yaml: changed, file: "pipeline.yaml", baseDirectory: root) }
    ).diagnostics
  }

  /// `recognize` must name lists with `{source}`, in a folder that exists.
  @Test func theRecognizeListsAreChecked() throws {
    let noSource = try failedLoad(replacing: "languages/{source}.txt", with: "languages/es.txt")
    #expect(noSource.map(\.message) == ["'recognize' must be the path of a word list written with {source}"])
    #expect(noSource.first?.location?.line == 10)
    #expect(noSource.first?.location?.column == 14)
    let notFound = try failedLoad(replacing: "languages/{source}.txt", with: "other/{source}.txt")
    #expect(notFound.map(\.message) == ["folder '\(root)/lexicons/other' of 'recognize' not found"])
    let yaml = try String(contentsOfFile: root + "/pipeline.yaml", encoding: .utf8)
    // Without it, `auto` briefs or routes every article between French and English.
    let none = yaml.replacingOccurrences(of: "  recognize: lexicons/languages/{source}.txt", with: "  # none")
    #expect(none != yaml)
    let routed = try loader.load(
      yaml: none, file: "pipeline.yaml", baseDirectory: root, sourceLanguage: "auto")
    #expect(routed.recognize == nil)
    #expect(routed.routing?.languages == ["fr", "en"])
  }

  /// Stage by stage, as `precis run` does: the stage the document's pipeline leaves out is
  /// passed over, and a document traced as English is refused by a French run.
  @Test func stageByStageAndResumed() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "auto")
    var document = Document(
      source: "en.txt", input: Array("The mayor said that the bridge is closed to the traffic.".utf8))
    var ran: [String] = []
    for index in pipeline.entries.indices {
      try pipeline.run(&document, stages: index..<(index + 1)) { entry, _, _ in ran.append(entry.id) }
    }
    #expect(ran == ["normalize", "segment", "summarize", "render"])
    let french = try loader.load(file: root + "/pipeline.yaml", through: .terms)
    var traced = Document(source: "trace.json", text: "The mayor said so.")
    traced.language = "en"
    let error = try #require(throws: InputError.self, performing: { try french.run(&traced) })
    #expect(
      error.diagnostics.first?.message
        == "'trace.json' was read as 'en' (--language auto), and this run reads 'fr'")
    #expect(error.diagnostics.first?.notes == ["run it with --language auto, or with --language en"])
  }

  /// `detect` must name a list with `{source}`, one that exists; `--language auto` needs one.
  @Test func theDetectListIsChecked() throws {
    let yaml = try String(contentsOfFile: root + "/pipeline.yaml", encoding: .utf8)
    let noSource = try failedLoad(
      replacing: "lexicons/{source}/stopwords.txt   #", with: "lexicons/fr/stopwords.txt   #")
    #expect(noSource.map(\.message) == ["'detect' must be the path of a word list written with {source}"])
    #expect(noSource.first?.location?.line == 9)
    #expect(noSource.first?.location?.column == 11)
    let notFound = try failedLoad(replacing: "{source}/stopwords.txt   #", with: "{source}/stop.txt   #")
    #expect(
      notFound.map(\.message) == [
        "file 'lexicons/fr/stop.txt' not found (looked for \(root)/lexicons/fr/stop.txt)"
      ])
    let none = yaml.replacingOccurrences(of: "  detect: lexicons/{source}/stopwords.txt", with: "  # no list")
    #expect(none != yaml)
    #expect(try loader.load(yaml: none, file: "pipeline.yaml", baseDirectory: root).detect == nil)
    let auto = try #require(
      throws: PipelineError.self,
      performing: {
        try loader.load(yaml: none, file: "pipeline.yaml", baseDirectory: root, sourceLanguage: "auto")
      })
    #expect(
      auto.diagnostics.first?.message
        == "--language auto needs a word list for each language, and pipeline.yaml names none")
    #expect(auto.diagnostics.first?.location?.line == 6)
  }

  /// A language whose list exists but whose other files do not stops the load, and says that
  /// `auto` loaded it.
  @Test func aLanguageThatDoesNotLoadIsAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("precis-auto-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for language in ["fr", "de"] {
      try FileManager.default.createDirectory(
        atPath: folder + "/" + language, withIntermediateDirectories: true)
      try "le\nla\n".write(toFile: folder + "/\(language)/stopwords.txt", atomically: true, encoding: .utf8)
    }
    try "M.\n".write(toFile: folder + "/fr/abbreviations.txt", atomically: true, encoding: .utf8)
    let yaml = """
      version: 1
      language: {source: fr, target: en, detect: "{source}/stopwords.txt"}
      stages:
        - type: normalize
        - type: segment
          abbreviations: "{source}/abbreviations.txt"
          function-words: "{source}/stopwords.txt"
      """
    let routed = try #require(
      throws: PipelineError.self,
      performing: {
        try loader.load(yaml: yaml, file: "p.yaml", baseDirectory: folder, sourceLanguage: "auto")
      })
    let diagnostic = try #require(routed.diagnostics.first)
    #expect(diagnostic.message.contains("'de'"), "\(diagnostic.message)")
    #expect(diagnostic.notes.last?.hasPrefix("--language auto loads the pipeline for every language") == true)
    try "M.\n".write(toFile: folder + "/de/abbreviations.txt", atomically: true, encoding: .utf8)
    let loaded = try loader.load(yaml: yaml, file: "p.yaml", baseDirectory: folder, sourceLanguage: "auto")
    #expect(loaded.routing?.languages == ["fr", "de"])
  }
}
