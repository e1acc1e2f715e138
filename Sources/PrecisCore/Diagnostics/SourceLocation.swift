/// A place in a file: a pipeline file, a lexicon, or an input text. Lines and columns are 1-based.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The file as the user should see it (relative paths stay relative).
  public var file: String
  /// The 1-based line, when known.
  public var line: Int?
  /// The 1-based column in Unicode scalars, when known.
  public var column: Int?

  /// Creates a location; `line` and `column` are optional for whole-file problems.
  public init(file: String, line: Int? = nil, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// Hashes the line and column only. Term matches, key terms and diagnostics are grouped by
  /// location, and hashing the file's path (SipHash over its bytes after an NFC check) cost
  /// more than the grouping itself; locations that differ only by file share a hash and are
  /// told apart by `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(line)
    hasher.combine(column)
  }

  /// `file:line:column`, `file:line` or `file`, as compilers print them.
  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text
  }
}
