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
      let excerpt = Diagnostic.excerpt(of: sourceLine, column: column)
      lines.append("  " + excerpt.text.replacingTabs())
      let prefix = excerpt.text.unicodeScalars.prefix(excerpt.caret)
      let pad = prefix.map { $0 == "\t" ? "    " : " " }.joined()
      lines.append("  " + pad + paint("^", "1;32"))
    }
    for note in notes { lines.append(paint("note:", "1;36") + " " + note) }
    return lines.joined(separator: "\n")
  }
}

extension Diagnostic {
  /// The most of a source line printed under a message, in Unicode scalars: a longer line (a
  /// JSON Lines record given as a pipeline, a glossary row of a whole paragraph) is cut to this
  /// many around the column, its cut ends marked `…`.
  static let excerptWidth = 100

  /// The part of `line` printed, and how many of its scalars come before the caret at `column`
  /// (1-based; a column past the end puts the caret just after the line).
  static func excerpt(of line: String, column: Int) -> (text: String, caret: Int) {
    let scalars = Array(line.unicodeScalars)
    let caret = min(max(0, column - 1), scalars.count)
    guard scalars.count > excerptWidth else { return (line, caret) }
    // A third of the width before the column, the rest after it, shifted back from the end.
    let start = max(0, min(caret - excerptWidth / 3, scalars.count - excerptWidth))
    let end = min(scalars.count, start + excerptWidth)
    var text = String(String.UnicodeScalarView(scalars[start..<end]))
    var shift = start
    if start > 0 {
      text = "…" + text
      shift -= 1
    }
    if end < scalars.count { text += "…" }
    return (text, caret - shift)
  }
}

extension String {
  fileprivate func replacingTabs() -> String {
    String(unicodeScalars.map { $0 == "\t" ? "    " : String($0) }.joined())
  }
}
