/// The declaration of one stage option: its name, type, default and one-line help. The same
/// declaration validates pipeline files, fills defaults and produces `precis stages` listings.
public struct OptionSpec: Sendable, Equatable {
  /// What values an option accepts.
  public enum Kind: Sendable, Equatable {
    /// A whole number within the range.
    case integer(ClosedRange<Int>)
    /// A number within the range.
    case number(ClosedRange<Double>)
    /// `true` or `false`.
    case boolean
    /// Any string.
    case string
    /// One of the listed words.
    case choice([String])
    /// A file path, relative to the pipeline file's folder; the file must exist.
    case path
    /// One file path or a list of them, in priority order; every file must exist.
    case paths
    /// Files or folders (a folder stands for its files with one of `extensions`, by name), each
    /// a path or a mapping `{path: …, KEY: …}` whose keys are among `keys`; a mapping value such
    /// as `columns: {source: fr}` is kept as `columns.source`.
    case sources(keys: [String], extensions: [String])
    /// A list of words, as a YAML list or separated by commas.
    case words

    /// Whether the kind is `paths`.
    public var isPaths: Bool {
      if case .paths = self { return true }
      return false
    }

    /// Whether the kind is `words`.
    public var isWords: Bool {
      if case .words = self { return true }
      return false
    }

    /// The kind as `precis stages` shows it.
    public var summary: String {
      switch self {
      case .integer(let range): return "integer \(range.lowerBound)...\(range.upperBound)"
      case .number(let range): return "number \(format(range.lowerBound))...\(format(range.upperBound))"
      case .boolean: return "true|false"
      case .string: return "string"
      case .choice(let words): return words.joined(separator: "|")
      case .path: return "path"
      case .paths: return "path or list of paths"
      case .sources: return "files or folders, each a path or {path, ...}"
      case .words: return "list of words"
      }
    }

    /// What a valid value looks like, for error messages.
    public var expectation: String {
      switch self {
      case .integer(let range):
        return "a whole number from \(range.lowerBound) to \(range.upperBound)"
      case .number(let range):
        return "a number from \(format(range.lowerBound)) to \(format(range.upperBound))"
      case .boolean: return "true or false"
      case .string: return "a string"
      case .choice(let words): return "one of " + words.map { "'\($0)'" }.joined(separator: ", ")
      case .path: return "a file path"
      case .paths: return "a file path or a list of file paths"
      case .sources(let keys, _):
        return "a path, or a list of paths and mappings with 'path' and "
          + keys.map { "'\($0)'" }.joined(separator: ", ")
      case .words: return "a word or a list of words"
      }
    }

    private func format(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(value)
    }
  }

  /// The option's key in the pipeline file.
  public var name: String
  /// The values it accepts.
  public var kind: Kind
  /// The default, as it would be written in YAML; `nil` for options that are off unless set.
  /// Paths may use `{source}` and `{target}` for the pipeline's languages.
  public var defaultValue: String?
  /// One line of help.
  public var help: String

  /// Declares an option.
  public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil, help: String) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.help = help
  }

  /// Parses `text` (a YAML scalar or a command-line value) into a value of this option's kind,
  /// or returns `nil` when it does not fit.
  public func parse(_ text: String) -> OptionValue? {
    switch kind {
    case .integer(let range):
      guard let value = Int(text.trimmingSpaces()), range.contains(value) else { return nil }
      return .integer(value)
    case .number(let range):
      guard let value = Double(text.trimmingSpaces()), value.isFinite, range.contains(value)
      else { return nil }
      return .number(value)
    case .boolean:
      switch text.trimmingSpaces().lowercased() {
      case "true", "yes", "on": return .boolean(true)
      case "false", "no", "off": return .boolean(false)
      default: return nil
      }
    case .string:
      return .string(text)
    case .choice(let words):
      return words.contains(text) ? .string(text) : nil
    case .path:
      return text.isEmpty ? nil : .paths([text])
    case .paths:
      return text.isEmpty ? nil : .paths([text])
    case .sources:
      return text.isEmpty ? nil : .sources([SourceFile(path: text)])
    case .words:
      let words = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
      return .words(words)
    }
  }
}

/// A validated option value.
public enum OptionValue: Sendable, Equatable, CustomStringConvertible {
  /// A whole number.
  case integer(Int)
  /// A number.
  case number(Double)
  /// A flag.
  case boolean(Bool)
  /// A string or a choice.
  case string(String)
  /// Resolved file paths, in priority order.
  case paths([String])
  /// Files named by a `sources` option.
  case sources([SourceFile])
  /// The words of a `words` option.
  case words([String])

  /// The value as it would be written in YAML.
  public var description: String {
    switch self {
    case .integer(let value): return String(value)
    case .number(let value): return String(value)
    case .boolean(let value): return String(value)
    case .string(let value): return value
    case .paths(let values): return values.joined(separator: ", ")
    case .sources(let files): return files.map(\.path).joined(separator: ", ")
    case .words(let words): return words.joined(separator: ", ")
    }
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  public func trimmingSpaces() -> String {
    // Most fields have nothing to trim.
    if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
      return self
    }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }),
      let last = scalars.lastIndex(where: { !$0.isWhiteSpace })
    else { return "" }
    return String(scalars[first...last])
  }
}

/// One file named by a `sources` option, with the settings written beside it.
public struct SourceFile: Sendable, Equatable, Hashable {
  /// The file's path, resolved against the pipeline's folder once loaded.
  public var path: String
  /// The settings written beside the path (`format`, `columns.source`, …).
  public var settings: [String: String]
  /// Where the file is named in the pipeline file.
  public var location: SourceLocation?

  /// Creates a source file.
  public init(path: String, settings: [String: String] = [:], location: SourceLocation? = nil) {
    self.path = path
    self.settings = settings
    self.location = location
  }
}
