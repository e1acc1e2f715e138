import Foundation

/// A loaded, validated pipeline: its stages built and ready to run on any number of documents.
public struct Pipeline: Sendable {
  /// One stage of the pipeline with its id and where it is declared.
  public struct Entry: Sendable {
    /// The stage's id (`segment`).
    public var id: String
    /// The stage's type name.
    public var typeName: String
    /// The built stage.
    public var stage: any Stage
    /// Where the stage is declared.
    public var location: SourceLocation
  }

  /// A stage the pipeline file declares that this run leaves out (a translating stage once
  /// `--language` made the source language the target), with the note that says why.
  public struct LeftOut: Sendable {
    /// The stage's id.
    public var id: String
    /// The stage's type name.
    public var typeName: String
    /// The note printed when the pipeline is loaded.
    public var note: Diagnostic

    /// Records the stage `id` as left out, for the reason `note` gives.
    public init(id: String, typeName: String, note: Diagnostic) {
      self.id = id
      self.typeName = typeName
      self.note = note
    }
  }

  /// The word list that tells the source languages apart (`language: detect:`), for `--language
  /// auto`: the path as written, with `{source}`, resolved against the pipeline's folder.
  public struct DetectList: Sendable {
    /// The path written in the pipeline file (`lexicons/{source}/stopwords.txt`), resolved.
    public var template: String
    /// Where it is written.
    public var location: SourceLocation

    /// The list for `template` and where it is written.
    public init(template: String, location: SourceLocation) {
      self.template = template
      self.location = location
    }

    /// The list's path for `language`.
    public func path(for language: String) -> String {
      template.replacingOccurrences(of: "{source}", with: language)
    }
  }

  /// The pipeline file as the user named it.
  public var file: String
  /// The pipeline file's format version.
  public var version: Int
  /// The language of the input (`fr`).
  public var sourceLanguage: String
  /// The language of the brief (`en`).
  public var targetLanguage: String
  /// The stages in order.
  public var entries: [Entry]
  /// The stages declared but left out of this run.
  public var leftOut: [LeftOut]
  /// The word list `--language auto` reads, when the file names one.
  public var detect: DetectList?
  /// The word lists of languages `--language auto` tells apart but has no pipeline for
  /// (`language: recognize:`), when the file names them.
  public var recognize: DetectList?
  /// The lists of `detect` and `recognize`, when the file names `detect`: handed to the stages
  /// of a run without `routing` (the language check names the language an article reads as).
  public var languageLists: LanguageLists?
  /// With `--language auto`: the guesser and the pipeline loaded for each other language; a
  /// document is run by this pipeline until it has its text, then by its language's.
  public var routing: LanguageRouting?

  /// Creates a pipeline from built stages.
  public init(
    file: String, version: Int, sourceLanguage: String, targetLanguage: String, entries: [Entry],
    leftOut: [LeftOut] = []
  ) {
    self.file = file
    self.version = version
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    self.entries = entries
    self.leftOut = leftOut
  }

  /// The warnings the stages raised while loading (see `Stage.warnings`), after the notes on the
  /// stages left out.
  public var warnings: [Diagnostic] {
    var warnings = leftOut.map(\.note) + entries.flatMap { $0.stage.warnings }
    // (The routed pipelines' own stages: a stage they leave out is said in `--help`.)
    for language in routing?.languages ?? [] {
      for warning in routing?.pipelines[language]?.entries.flatMap({ $0.stage.warnings }) ?? []
      where !warnings.contains(warning) {
        warnings.append(warning)
      }
    }
    return warnings
  }

  /// The ids of the stages, in order.
  public var stageIDs: [String] { entries.map(\.id) }

  /// The position of the stage `id`, or a configuration error naming the valid ids.
  public func index(of id: String) throws -> Int {
    if let index = entries.firstIndex(where: { $0.id == id }) { return index }
    if let left = leftOut.first(where: { $0.id == id }) {
      throw PipelineError([
        Diagnostic(
          .error, "stage '\(id)' is left out of this run: \(left.note.message)",
          notes: ["the stages of this run are " + stageIDs.map { "'\($0)'" }.joined(separator: ", ")])
      ])
    }
    throw PipelineError([
      Diagnostic(
        .error, "no stage with id '\(id)' in \(file)",
        notes: [Suggestion.note(for: id, in: stageIDs, kind: "stage id")])
    ])
  }

  /// Runs the stages `range` (all by default) on `document`, calling `observe` after each.
  public func run(
    _ document: inout Document, stages range: Range<Int>? = nil,
    observe: (Entry, Int, Document) throws -> Void = { _, _, _ in }
  ) throws {
    let range = range ?? entries.indices
    for index in range {
      guard let entry = try entry(at: index, for: &document) else { continue }
      let type = Swift.type(of: entry.stage)
      for layer in type.requires where !document.has(layer) {
        throw StageError(
          stage: entry.id, "the document has no \(layer.rawValue) layer",
          notes: ["run the stages that produce it first (see 'precis stages')"])
      }
      try entry.stage.run(
        &document, context: StageContext(stageID: entry.id, languages: routing == nil ? languageLists : nil))
      document.stages.append(entry.id)
      try observe(entry, index, document)
    }
  }

  /// The entry that runs stage `index` on `document`: this pipeline's own, or, with `routing`
  /// and once the document has its text, the same stage of the pipeline for the document's
  /// language (guessed then and kept in `document.language`); `nil` when that pipeline leaves
  /// the stage out (`translate-terms` for an article in the target language).
  func entry(at index: Int, for document: inout Document) throws -> Entry? {
    let entry = entries[index]
    guard let routing else {
      if let language = document.language, language != sourceLanguage {
        throw InputError(
          "'\(document.source)' was read as '\(language)' (--language auto), and this run reads '\(sourceLanguage)'",
          at: SourceLocation(file: document.source),
          notes: ["run it with --language auto, or with --language \(language)"])
      }
      return entry
    }
    if document.language == nil {
      guard let text = document.text else { return entry }
      document.language = routing.guesser.guess(text, fallback: sourceLanguage)
    }
    guard let language = document.language, language != sourceLanguage else { return entry }
    guard let pipeline = routing.pipelines[language] else {
      let briefed = routing.briefed(besides: sourceLanguage)
      throw InputError(
        "the article reads as \(LanguageGuesser.name(of: language)), which \(file) has no lexicons to brief",
        at: SourceLocation(file: document.source),
        notes: [
          "--language auto briefs " + briefed.map { "'\($0)'" }.joined(separator: " and ")
            + " articles with this pipeline; to brief this one with the '\(sourceLanguage)' rules anyway, "
            + "run it with --language \(sourceLanguage), or give a pipeline with lexicons for '\(language)' "
            + "(--pipeline, --language \(language))"
        ])
    }
    return pipeline.entries.first { $0.id == entry.id }
  }
}

/// How `--language auto` runs each document with the pipeline for its language: the guesser
/// over the languages whose `detect` word list exists, and the pipeline loaded for each of
/// them but the file's own source language.
public final class LanguageRouting: Sendable {
  /// Tells a document's language from its text.
  public let guesser: LanguageGuesser
  /// The pipelines of the other languages, by code.
  public let pipelines: [String: Pipeline]

  /// Routes documents among the guesser's languages; `pipelines` holds every one of them but
  /// the routing pipeline's own.
  public init(guesser: LanguageGuesser, pipelines: [String: Pipeline]) {
    self.guesser = guesser
    self.pipelines = pipelines
  }

  /// The languages a document may be read as, in the guesser's order (the file's own first).
  public var languages: [String] { guesser.languages }

  /// The languages briefed: `own` (the routing pipeline's) and those of `pipelines`, in the
  /// guesser's order. The others are only recognized (`language: recognize:`).
  public func briefed(besides own: String) -> [String] {
    languages.filter { $0 == own || pipelines[$0] != nil }
  }
}
