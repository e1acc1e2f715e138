/// One processing step of a pipeline. A stage is a small value, built once per pipeline from its
/// validated options (loading its lexicons then), and run on every document. Stages hold no
/// mutable state, so documents can be processed in parallel.
public protocol Stage: Sendable {
  /// The name used as `type:` in pipeline files (`segment`).
  static var typeName: String { get }
  /// One line of help for `precis stages`.
  static var summary: String { get }
  /// The options the stage accepts.
  static var options: [OptionSpec] { get }
  /// The layers that must exist before the stage runs.
  static var requires: [Layer] { get }
  /// The layers the stage adds.
  static var produces: [Layer] { get }
  /// Whether the stage carries text from the source language into the target one. Such a stage
  /// has nothing to do once `--language` makes the source the target (`--language en` on a
  /// French-to-English pipeline): the loader then leaves it out of the run, with a note.
  static var translates: Bool { get }

  /// Builds the stage from validated options, loading any lexicon it needs. Throws a
  /// `PrecisError` (with the file and line) when a lexicon is invalid.
  init(options: StageOptions) throws

  /// Adds the stage's layer to `document`.
  func run(_ document: inout Document, context: StageContext) throws

  /// Problems found while building the stage that do not stop it (a glossary source listed
  /// twice with different targets); the commands print them once the pipeline is loaded.
  var warnings: [Diagnostic] { get }
}

extension Stage {
  /// No warnings.
  public var warnings: [Diagnostic] { [] }

  /// Most stages do not translate.
  public static var translates: Bool { false }
}

/// What a stage knows about the run it is part of.
public struct StageContext: Sendable {
  /// The stage's id in the pipeline.
  public var stageID: String
  /// The word lists the pipeline tells languages apart by, when it names them and does not
  /// route each document by its language itself (`--language auto`): for a stage that doubts
  /// a document is in the source language.
  public var languages: LanguageLists?

  /// Creates a context for the stage `stageID`.
  public init(stageID: String, languages: LanguageLists? = nil) {
    self.stageID = stageID
    self.languages = languages
  }
}

/// The list of stage types a pipeline file may name.
public struct StageRegistry: Sendable {
  /// The stage types, in the order `precis stages` lists them.
  public let types: [any Stage.Type]

  /// Creates a registry from an explicit list.
  public init(_ types: [any Stage.Type]) { self.types = types }

  /// The stage type registered as `name`.
  public func type(named name: String) -> (any Stage.Type)? {
    types.first { $0.typeName == name }
  }

  /// Every registered name.
  public var names: [String] { types.map { $0.typeName } }

  /// A plain-text listing of every stage with its options, defaults and help.
  public func listing() -> String {
    var lines: [String] = []
    for type in types {
      lines.append("\(type.typeName) — \(type.summary)")
      let requires = type.requires.map(\.rawValue).joined(separator: ", ")
      let produces = type.produces.map(\.rawValue).joined(separator: ", ")
      lines.append("  requires: \(requires.isEmpty ? "nothing" : requires)   produces: \(produces)")
      let width = type.options.map { $0.name.count }.max() ?? 0
      for option in type.options {
        let name = option.name.padding(to: width)
        let value = option.defaultValue.map { "default \($0)" } ?? "off unless set"
        lines.append("  \(name)  \(option.help) [\(option.kind.summary); \(value)]")
      }
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
