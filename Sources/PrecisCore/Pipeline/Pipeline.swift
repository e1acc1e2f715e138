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
  public var warnings: [Diagnostic] { leftOut.map(\.note) + entries.flatMap { $0.stage.warnings } }

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
      let entry = entries[index]
      let type = Swift.type(of: entry.stage)
      for layer in type.requires where !document.has(layer) {
        throw StageError(
          stage: entry.id, "the document has no \(layer.rawValue) layer",
          notes: ["run the stages that produce it first (see 'precis stages')"])
      }
      try entry.stage.run(&document, context: StageContext(stageID: entry.id))
      document.stages.append(entry.id)
      try observe(entry, index, document)
    }
  }
}
