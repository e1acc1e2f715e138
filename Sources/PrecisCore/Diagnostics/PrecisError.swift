/// What kind of failure an error is; the command line maps each kind to one exit code.
public enum FailureKind: Sendable {
  /// The text to process is unreadable or invalid (exit code 1).
  case input
  /// A pipeline file, lexicon or option is wrong (exit code 2).
  case configuration
}

/// An error that can be shown as one or more diagnostics.
public protocol PrecisError: Error {
  /// The diagnostics that describe the error, in the order to print them.
  var diagnostics: [Diagnostic] { get }
  /// Whether the input or the configuration is at fault.
  var kind: FailureKind { get }
}

/// Problems in a pipeline file, all of them at once.
public struct PipelineError: PrecisError, CustomStringConvertible {
  /// Every problem found, in file order.
  public var diagnostics: [Diagnostic]
  /// Always `.configuration`.
  public var kind: FailureKind { .configuration }

  /// Creates an error from the problems found.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  /// The diagnostics, one after another.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// An error made of one diagnostic.
public protocol SingleDiagnosticError: PrecisError, CustomStringConvertible {
  /// The problem.
  var diagnostic: Diagnostic { get }
}

extension SingleDiagnosticError {
  /// The one diagnostic.
  public var diagnostics: [Diagnostic] { [diagnostic] }
  /// The diagnostic as printed.
  public var description: String { diagnostic.description }
}

/// A problem in a lexicon or glossary file, at its line.
public struct LexiconError: SingleDiagnosticError {
  /// The problem, with the file and line.
  public var diagnostic: Diagnostic
  /// Always `.configuration`.
  public var kind: FailureKind { .configuration }

  /// Creates an error at `location`; `sourceLine`, the line at fault, is printed under it with a
  /// caret under the location's column.
  public init(_ message: String, at location: SourceLocation, notes: [String] = [], sourceLine: String? = nil)
  {
    diagnostic = Diagnostic(.error, message, at: location, notes: notes, sourceLine: sourceLine)
  }
}

/// A problem with the text to process: unreadable, not UTF-8, and so on.
public struct InputError: SingleDiagnosticError {
  /// The problem, with the input's name and, where known, its place.
  public var diagnostic: Diagnostic
  /// Always `.input`.
  public var kind: FailureKind { .input }

  /// Creates an error about the input `file`.
  public init(_ message: String, at location: SourceLocation, notes: [String] = []) {
    diagnostic = Diagnostic(.error, message, at: location, notes: notes)
  }
}

/// A stage that cannot run on the document it was given (for instance, a traced document that
/// lacks a layer the stage needs).
public struct StageError: SingleDiagnosticError {
  /// The problem.
  public var diagnostic: Diagnostic
  /// Always `.input`: the document is at fault.
  public var kind: FailureKind { .input }

  /// Creates an error for the stage `id`.
  public init(stage id: String, _ message: String, notes: [String] = []) {
    diagnostic = Diagnostic(.error, "stage '\(id)': \(message)", notes: notes)
  }
}
