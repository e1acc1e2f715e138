import Foundation
import PrecisCore

/// Writing to standard output and diagnostics to standard error.
enum Console {
  /// Whether standard error is a terminal that takes colours (diagnostics are coloured only
  /// then).
  static var colorErrors: Bool { isatty(2) == 1 && allowsEscapes }

  /// Whether the environment allows colours and other escape sequences on a terminal: not when
  /// `NO_COLOR` is set to anything but the empty string (no-color.org) or `TERM` is `dumb`
  /// (which had been sent colour codes).
  static var allowsEscapes: Bool {
    let environment = ProcessInfo.processInfo.environment
    return (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }

  /// Writes `text` to standard output as it is.
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Writes one line to standard error.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
  }

  /// Prints diagnostics to standard error, one after another.
  static func report(_ diagnostics: [Diagnostic]) {
    // (Nothing to print asks nothing of the terminal or the environment: building the
    // environment took 0.1 ms, at every article of a run over many files.)
    guard !diagnostics.isEmpty else { return }
    let color = colorErrors
    let shown = 20
    for diagnostic in diagnostics.prefix(shown) { error(diagnostic.rendered(colored: color)) }
    if diagnostics.count > shown { error("… and \(diagnostics.count - shown) more") }
    let errors = diagnostics.filter { $0.severity == .error }.count
    if errors > 1 { error("\(errors) errors") }
  }
}
