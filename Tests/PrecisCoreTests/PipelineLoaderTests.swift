import Foundation
import PrecisStages
import PrecisTestSupport
import Testing

@testable import PrecisCore

/// The pipeline loader's checks, each pinned to its line:column with a marker.
struct PipelineLoaderTests {
  let loader = PrecisStages.loader
  let root = Golden.packageRoot

  /// Loads marked YAML (paths resolve against the package root) and returns the diagnostics.
  func diagnostics(_ marked: MarkedText) -> [Diagnostic] {
    do {
      _ = try loader.load(yaml: marked.text, file: "pipeline.yaml", baseDirectory: root)
      return []
    } catch let error as PipelineError {
      return error.diagnostics
    } catch {
      return [Diagnostic(.error, "unexpected \(error)")]
    }
  }

  func expect(
    _ diagnostic: Diagnostic?, at marker: Int, in marked: MarkedText, message: String,
    note: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let expected = marked.locations[marker]
    #expect(diagnostic?.location?.file == "pipeline.yaml", sourceLocation: sourceLocation)
    #expect(diagnostic?.location?.line == expected?.line, sourceLocation: sourceLocation)
    #expect(diagnostic?.location?.column == expected?.column, sourceLocation: sourceLocation)
    #expect(
      diagnostic?.message.contains(message) == true, "\(diagnostic?.message ?? "none")",
      sourceLocation: sourceLocation)
    if let note {
      #expect(
        diagnostic?.notes.contains { $0.contains(note) } == true, "\(diagnostic?.notes ?? [])",
        sourceLocation: sourceLocation)
    }
  }

  @Test func theDefaultPipelineLoads() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml")
    #expect(pipeline.stageIDs == ["normalize", "segment", "terms", "summarize", "render"])
    #expect(pipeline.sourceLanguage == "fr")
    #expect(pipeline.targetLanguage == "en")
  }

  @Test func defaultsFillMissingOptionsWithLanguagePaths() throws {
    let yaml =
      "version: 1\nlanguage: {source: fr, target: en}\nstages:\n  - type: normalize\n  - type: segment\n  - type: summarize\n"
    let pipeline = try loader.load(yaml: yaml, file: "p.yaml", baseDirectory: root)
    #expect(pipeline.stageIDs == ["normalize", "segment", "summarize"])
  }

  @Test func misspelledOptionSuggestsTheRightOne() {
    let marked = MarkedText(
      """
      version: 1
      stages:
        - type: normalize
        - type: segment
        - id: summarize
          type: summarize
          1️⃣sentense: 3
      """)
    let found = diagnostics(marked)
    #expect(found.count == 1)
    expect(
      found.first, at: 1, in: marked, message: "unknown option 'sentense' for stage 'summarize'",
      note: "did you mean 'sentences'?")
    #expect(found.first?.sourceLine == "    sentense: 3")
  }

  @Test func everyProblemIsReportedAtOnce() {
    let marked = MarkedText(
      """
      version: 1
      languge: fr
      stages:
        - type: normalize
        - type: segmnt
        - type: summarize
          sentences: 0
      """)
    let found = diagnostics(marked)
    #expect(found.count == 3, "\(found)")
    #expect(found.map(\.location?.line) == [2, 5, 7])
    #expect(found[0].notes.contains("did you mean 'language'?"))
    #expect(found[1].notes.contains("did you mean 'segment'?"))
    #expect(found[2].message.contains("expects a whole number from 1 to 1000, found '0'"))
  }

  @Test func wrongOptionTypes() {
    let marked = MarkedText(
      """
      version: 1
      stages:
        - type: normalize
          join-wrapped: 1️⃣maybe
        - type: segment
          abbreviations: 2️⃣{a: b}
        - type: translate-terms
          mode: 3️⃣translate
      """)
    let found = diagnostics(marked)
    #expect(found.count == 3, "\(found)")
    expect(found[0], at: 1, in: marked, message: "expects true or false, found 'maybe'")
    expect(found[1], at: 2, in: marked, message: "found a mapping")
    expect(found[2], at: 3, in: marked, message: "expects one of 'annotate', 'replace', 'bilingual'")
  }

  @Test func missingLexiconFileIsNamed() {
    let marked = MarkedText(
      """
      version: 1
      stages:
        - type: normalize
        - type: segment
          abbreviations: 1️⃣lexicons/fr/abbrevs.txt
      """)
    let found = diagnostics(marked)
    expect(found.first, at: 1, in: marked, message: "file 'lexicons/fr/abbrevs.txt' not found")
  }

  /// A missing file given for an option is reported once: the option's default is not looked
  /// for in its place (it had been reported missing too, as a "default file" at the stage).
  @Test func aMissingFileGivenIsReportedOnce() {
    let marked = MarkedText(
      """
      version: 1
      language:
        source: xx
      stages:
        - type: normalize
        - type: segment
          abbreviations: 1️⃣lexicons/xx/abbrevs.txt
          function-words: 2️⃣lexicons/xx/function.txt
      """)
    let found = diagnostics(marked)
    #expect(found.count == 2, "\(found)")
    expect(found.first, at: 1, in: marked, message: "file 'lexicons/xx/abbrevs.txt' not found")
    expect(found.dropFirst().first, at: 2, in: marked, message: "file 'lexicons/xx/function.txt' not found")
  }

  @Test func stageOrderIsChecked() {
    let marked = MarkedText(
      """
      version: 1
      stages:
        - type: normalize
        - type: 1️⃣summarize
        - type: segment
      """)
    let found = diagnostics(marked)
    expect(
      found.first, at: 1, in: marked, message: "needs sentences, which no earlier stage produces",
      note: "put a stage of type 'segment' before it")
  }

  @Test func duplicateIds() {
    let marked = MarkedText(
      """
      version: 1
      stages:
        - type: normalize
        - id: split
          type: segment
        - id: 1️⃣split
          type: segment
      """)
    let found = diagnostics(marked)
    #expect(found.count == 1, "\(found)")
    expect(found.first, at: 1, in: marked, message: "duplicate stage id 'split'")
  }

  @Test func duplicateKeys() {
    let marked = MarkedText(
      """
      version: 1
      stages:
        - type: normalize
          join-wrapped: true
          1️⃣join-wrapped: false
      """)
    let found = diagnostics(marked)
    #expect(found.count == 1, "\(found)")
    expect(
      found.first, at: 1, in: marked, message: "duplicate key 'join-wrapped'", note: "first set at line 4")
  }

  @Test func unsupportedVersion() {
    let marked = MarkedText("version: 1️⃣2\nstages:\n  - type: normalize\n")
    let found = diagnostics(marked)
    expect(found.first, at: 1, in: marked, message: "unsupported pipeline version 2", note: "upgrade Precis")
  }

  @Test func yamlSyntaxErrorHasItsPlace() {
    let found = diagnostics(MarkedText("version: 1\nstages: [normalize\n"))
    #expect(found.count == 1)
    #expect(found.first?.message.hasPrefix("invalid YAML") == true)
    #expect(found.first?.location?.line == 3)
  }

  @Test(arguments: ["", "# only a comment\n", "- a\n- b\n", "just text\n"])
  func notAPipeline(_ yaml: String) {
    let found = diagnostics(MarkedText(yaml))
    #expect(found.count == 1)
    #expect(found.first?.location?.file == "pipeline.yaml")
  }

  @Test func missingFileIsAConfigurationError() {
    #expect(throws: PipelineError.self) { try loader.load(file: "/no/such/pipeline.yaml") }
  }

  @Test func diagnosticsPrintLikeACompiler() {
    let diagnostic = Diagnostic(
      .error, "unknown option 'x'", at: SourceLocation(file: "p.yaml", line: 4, column: 5),
      notes: ["did you mean 'y'?"], sourceLine: "    x: 1")
    #expect(
      diagnostic.description
        == "p.yaml:4:5: error: unknown option 'x'\n      x: 1\n      ^\nnote: did you mean 'y'?")
  }

  @Test func aLongSourceLineIsCutAroundTheColumn() {
    // A 300-scalar line with the fault at column 151 (the `X`): 100 scalars are shown, a third
    // of them before it, with `…` where the line was cut and the caret still under the `X`.
    let line = String(repeating: "é", count: 150) + "X" + String(repeating: "a", count: 149)
    let diagnostic = Diagnostic(
      .error, "invalid YAML", at: SourceLocation(file: "p.yaml", line: 2, column: 151), sourceLine: line)
    let printed = diagnostic.description.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(printed.count == 3)
    let shown = printed[1].unicodeScalars.dropFirst(2)
    #expect(shown.count == 102)
    #expect(shown.first == "…" && shown.last == "…")
    let caret = printed[2].unicodeScalars.count - 1
    #expect(Array(printed[1].unicodeScalars)[caret] == "X")
    #expect(printed[2].hasSuffix("^") && printed[2].allSatisfy { $0 == " " || $0 == "^" })
  }

  @Test(arguments: [1, 5, 100, 300, 301, 400])
  func aLongLineKeepsTheCaretOnItsScalar(_ column: Int) {
    let scalars = (0..<300).map { Unicode.Scalar(UInt8(65 + $0 % 26)) }
    let line = String(String.UnicodeScalarView(scalars))
    let excerpt = Diagnostic.excerpt(of: line, column: column)
    let shown = Array(excerpt.text.unicodeScalars)
    #expect(shown.count <= Diagnostic.excerptWidth + 2)
    if column <= 300 {
      #expect(shown[excerpt.caret] == scalars[column - 1])
    } else {
      #expect(excerpt.caret == shown.count)
      #expect(shown.last == scalars.last)
    }
  }

  @Test func aShortSourceLineIsPrintedWhole() {
    let excerpt = Diagnostic.excerpt(of: "  x: 1", column: 3)
    #expect(excerpt.text == "  x: 1" && excerpt.caret == 2)
  }

  @Test(arguments: [("sentense", "sentences"), ("segmnt", "segment"), ("mdoe", "mode")])
  func suggestions(_ typo: String, _ expected: String) {
    #expect(Suggestion.closest(to: typo, in: ["sentences", "segment", "mode", "ratio"]) == expected)
  }

  @Test func noSuggestionForUnrelatedWords() {
    #expect(Suggestion.closest(to: "banana", in: ["sentences", "ratio"]) == nil)
  }

  @Test func overridesAreValidated() {
    #expect(throws: PipelineError.self) {
      try loader.load(
        file: root + "/pipeline.yaml",
        overrides: [
          OptionOverride(stageType: "summarize", option: "sentences", value: "0", origin: "--sentences")
        ])
    }
  }
}

/// `--language` and loading a pipeline only as far as a layer (`precis segment`).
struct PipelineScopeTests {
  let loader = PrecisStages.loader
  let root = Golden.packageRoot

  @Test func languageReplacesTheSourceInEveryPlaceholder() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "en", through: .sentences)
    #expect(pipeline.sourceLanguage == "en")
    #expect(pipeline.stageIDs == ["normalize", "segment"])
  }

  /// A language the pipeline's files do not exist for is one error, not one per path written
  /// with `{source}` (seven for the default pipeline), at the first such path, and it says which
  /// languages they exist for.
  @Test func aLanguageWithoutFilesIsOneErrorNamingTheLanguagesThatHaveThem() throws {
    let error = try #require(
      throws: PipelineError.self,
      performing: { try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "xx") })
    #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
    let diagnostic = try #require(error.diagnostics.first)
    #expect(
      diagnostic.message
        == "no files for language 'xx': lexicons/xx/abbreviations.txt, lexicons/xx/function-words.txt, "
        + "lexicons/glossary/xx-en, lexicons/xx/stopwords.txt, and 2 more are not found")
    #expect(diagnostic.location?.line == 17)
    #expect(diagnostic.sourceLine?.contains("lexicons/{source}/abbreviations.txt") == true)
    // The glossary ships for French only: 'en' has lexicons but no `en-en` glossary.
    #expect(
      diagnostic.notes.first?.hasPrefix("the pipeline's files are there for 'fr':") == true,
      "\(diagnostic.notes)")
  }

  /// `--language en` on the French-to-English pipeline: `translate-terms` has nothing to
  /// translate, so the run leaves it out with a note at its line, instead of stopping for the
  /// `lexicons/glossary/en-en` no one would write.
  @Test func theTargetLanguageGivenLeavesTheTranslatingStageOut() throws {
    let pipeline = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "en")
    #expect(pipeline.sourceLanguage == "en" && pipeline.targetLanguage == "en")
    #expect(pipeline.stageIDs == ["normalize", "segment", "summarize", "render"])
    #expect(pipeline.leftOut.map(\.id) == ["terms"])
    let note = try #require(pipeline.warnings.first)
    #expect(note.severity == .note)
    #expect(
      note.message
        == "stage 'terms' (translate-terms) is left out: --language en makes the source language the "
        + "target, so there is nothing to translate")
    #expect(note.location?.line == 20)
    #expect(note.sourceLine?.contains("type: translate-terms") == true)
    // Asking for the stage left out says so, and names the stages the run has.
    let asked = try #require(throws: PipelineError.self, performing: { try pipeline.index(of: "terms") })
    #expect(asked.diagnostics.first?.message.hasPrefix("stage 'terms' is left out of this run: ") == true)
    #expect(
      asked.diagnostics.first?.notes
        == ["the stages of this run are 'normalize', 'segment', 'summarize', 'render'"])
    let terms = try #require(
      throws: PipelineError.self,
      performing: { try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "en", through: .terms) })
    #expect(terms.diagnostics.first?.message == "no stage of this pipeline produces terms")
    #expect(terms.diagnostics.first?.notes == [note.message])
  }

  /// Only `--language` leaves the stage out: a pipeline written from English to English keeps
  /// its `translate-terms` (an English glossary of acronyms is its author's choice), and so
  /// does `--language` naming another language than the target.
  @Test func aPipelineWrittenForOneLanguageKeepsItsTranslatingStage() throws {
    let yaml = try String(contentsOfFile: root + "/pipeline.yaml", encoding: .utf8)
      .replacingOccurrences(of: "source: fr", with: "source: en")
    let written = try #require(
      throws: PipelineError.self,
      performing: { try loader.load(yaml: yaml, file: "pipeline.yaml", baseDirectory: root) })
    #expect(written.diagnostics.count == 1, "\(written.diagnostics)")
    #expect(written.diagnostics.first?.message.hasPrefix("file 'lexicons/glossary/en-en' not found") == true)
    let french = try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "fr")
    #expect(french.stageIDs.contains("terms") && french.leftOut.isEmpty)
  }

  /// So is a pipeline whose own source language lacks its files; one file missing keeps its
  /// own error.
  @Test func aPipelinesOwnLanguageWithoutFilesIsOneError() throws {
    let yaml = try String(contentsOfFile: root + "/pipeline.yaml", encoding: .utf8)
    let german = yaml.replacingOccurrences(of: "source: fr", with: "source: de")
    let error = try #require(
      throws: PipelineError.self,
      performing: { try loader.load(yaml: german, file: "pipeline.yaml", baseDirectory: root) })
    #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
    #expect(error.diagnostics.first?.message.hasPrefix("no files for language 'de':") == true)
    #expect(error.diagnostics.first?.notes.first?.contains("make one of them the source language") == true)
    let oneMissing = yaml.replacingOccurrences(
      of: "lexicons/{source}/debris.txt", with: "lexicons/{source}/debris-x.txt")
    let missing = try #require(
      throws: PipelineError.self,
      performing: { try loader.load(yaml: oneMissing, file: "pipeline.yaml", baseDirectory: root) })
    #expect(
      missing.diagnostics.map(\.message) == [
        "file 'lexicons/fr/debris-x.txt' not found (looked for \(root)/lexicons/fr/debris-x.txt)"
      ])
  }

  /// The part of a path that names the language, as the pipeline writes it.
  @Test(
    arguments: [
      ("lexicons/xx/stopwords.txt", "lexicons/{source}/stopwords.txt"),
      ("lexicons/glossary/xx-en", "lexicons/glossary/{source}-en"),
      ("xx.tsv", "{source}.tsv"),
      ("lexicons/xxl/stopwords.txt", nil),
      ("lexicons/en-xx/stopwords.txt", nil),
    ] as [(String, String?)])
  func aMissingPathsLanguageIsFound(_ path: String, _ template: String?) {
    #expect(PipelineLoader.languageTemplate(of: path, language: "xx") == template)
  }

  @Test func laterStagesAreNeitherCheckedNorBuilt() throws {
    // The glossary does not exist, but segmentation never needs it.
    let yaml = try String(contentsOfFile: root + "/pipeline.yaml", encoding: .utf8)
      .replacingOccurrences(of: "lexicons/glossary/{source}-{target} ", with: "lexicons/glossary/none ")
    #expect(throws: PipelineError.self) {
      try loader.load(yaml: yaml, file: "pipeline.yaml", baseDirectory: root)
    }
    let segment = try loader.load(yaml: yaml, file: "pipeline.yaml", baseDirectory: root, through: .sentences)
    #expect(segment.stageIDs == ["normalize", "segment"])
  }

  @Test func aPipelineWithoutTheLayerIsAConfigurationError() {
    let yaml = "version: 1\nstages:\n  - type: normalize\n"
    #expect {
      try loader.load(yaml: yaml, file: "p.yaml", baseDirectory: root, through: .sentences)
    } throws: { error in
      (error as? PipelineError)?.diagnostics.first?.message.contains("produces sentences") == true
    }
  }

  @Test func aBadLanguageCodeIsRefused() {
    #expect(throws: PipelineError.self) {
      try loader.load(file: root + "/pipeline.yaml", sourceLanguage: "French!")
    }
  }

  @Test func placeholdersWorkInWrittenValues() throws {
    let marked = MarkedText(
      """
      version: 1
      language: {source: en, target: fr}
      stages:
        - type: normalize
        - type: segment
          abbreviations: 1️⃣lexicons/{source}/nothing-{target}.txt
      """)
    #expect {
      try loader.load(yaml: marked.text, file: "pipeline.yaml", baseDirectory: root)
    } throws: { error in
      (error as? PipelineError)?.diagnostics.first?.message.contains("lexicons/en/nothing-fr.txt") == true
    }
  }

  @Test(
    "placeholders are replaced wherever they are, other braces left as they are",
    arguments: [
      ("lexicons/{source}/stopwords.txt", "lexicons/fr/stopwords.txt"),
      ("{source}-{target}", "fr-en"), ("{source}{source}", "frfr"), ("{{source}}", "{fr}"),
      ("{sourc", "{sourc"), ("{", "{"), ("a{b}c", "a{b}c"), ("{target}/é/{source}", "en/é/fr"),
      ("plain", "plain"), ("", ""),
    ])
  func placeholders(value: String, expected: String) {
    #expect(value.replacingPlaceholders(source: "fr", target: "en") == expected)
  }
}
