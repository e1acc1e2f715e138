/// One problem found in a file or an input, printed like a compiler's message.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Hashable {
    case error, warning, note
  }

  /// Whether the problem stops the run.
  public var severity: Severity
  /// Where the problem is, when it has a place.
  public var location: SourceLocation?
  /// What is wrong, in one line.
  public var message: String
  /// How to fix it (`did you mean 'sentences'?`), printed as `note:` lines.
  public var notes: [String]
  /// The offending source line, printed under the message with a caret.
  public var sourceLine: String?

  /// Creates a diagnostic.
  public init(
    _ severity: Severity = .error, _ message: String, at location: SourceLocation? = nil,
    notes: [String] = [], sourceLine: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.location = location
    self.notes = notes
    self.sourceLine = sourceLine
  }

  /// The diagnostic as printed, without colour.
  public var description: String { rendered(colored: false) }

  /// The diagnostic as printed: `file:line:col: error: message`, its notes, and the source line
  /// with a caret under the column. Colour codes only when `colored`.
  public func rendered(colored: Bool) -> String {
    func paint(_ text: String, _ code: String) -> String {
      colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    let color = severity == .error ? "1;31" : severity == .warning ? "1;35" : "1;36"
    var head = ""
    if let location { head += paint("\(location): ", "1") }
    head += paint("\(severity.rawValue):", color) + " " + message
    var lines = [head]
    if let sourceLine, let column = location?.column {
      let shown = sourceLine.replacingTabs()
      lines.append("  " + shown)
      let prefix = sourceLine.unicodeScalars.prefix(max(0, column - 1))
      let pad = prefix.map { $0 == "\t" ? "    " : " " }.joined()
      lines.append("  " + pad + paint("^", "1;32"))
    }
    for note in notes { lines.append(paint("note:", "1;36") + " " + note) }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate func replacingTabs() -> String {
    String(unicodeScalars.map { $0 == "\t" ? "    " : String($0) }.joined())
  }
}
