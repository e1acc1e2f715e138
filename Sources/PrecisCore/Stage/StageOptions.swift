/// A stage's validated options: every declared option with its value (given or default), and
/// where each given value is in the pipeline file.
public struct StageOptions: Sendable {
  /// The stage's id in the pipeline.
  public var stageID: String
  /// Values by option name; options that are off have no entry.
  public var values: [String: OptionValue]
  /// Where each value written in the pipeline file is.
  public var locations: [String: SourceLocation]
  /// The options set on the command line, over the pipeline file (`--sentences`).
  public var overridden: Set<String> = []
  /// Where the stage is declared (its `type:` key), for problems with defaults.
  public var stageLocation: SourceLocation
  /// The pipeline's source language (`fr`).
  public var sourceLanguage: String
  /// The pipeline's target language (`en`).
  public var targetLanguage: String

  /// Creates validated options.
  public init(
    stageID: String, values: [String: OptionValue], locations: [String: SourceLocation] = [:],
    stageLocation: SourceLocation, sourceLanguage: String, targetLanguage: String
  ) {
    self.stageID = stageID
    self.values = values
    self.locations = locations
    self.stageLocation = stageLocation
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
  }

  /// Where `name` was set, or the stage itself when it holds its default.
  public func location(of name: String) -> SourceLocation {
    locations[name] ?? stageLocation
  }

  /// An integer option's value.
  public func integer(_ name: String) -> Int? {
    if case .integer(let value) = values[name] { return value }
    return nil
  }

  /// A number option's value (integers are accepted where numbers are).
  public func number(_ name: String) -> Double? {
    switch values[name] {
    case .number(let value): return value
    case .integer(let value): return Double(value)
    default: return nil
    }
  }

  /// A boolean option's value.
  public func boolean(_ name: String) -> Bool? {
    if case .boolean(let value) = values[name] { return value }
    return nil
  }

  /// A string or choice option's value.
  public func string(_ name: String) -> String? {
    if case .string(let value) = values[name] { return value }
    return nil
  }

  /// A path option's resolved files, in priority order.
  public func paths(_ name: String) -> [String] {
    if case .paths(let value) = values[name] { return value }
    return []
  }

  /// A single path option's resolved file.
  public func path(_ name: String) -> String? { paths(name).first }

  /// The files of a `sources` option, folders expanded.
  public func sources(_ name: String) -> [SourceFile] {
    if case .sources(let value) = values[name] { return value }
    return []
  }

  /// The words of a `words` option.
  public func words(_ name: String) -> [String] {
    if case .words(let value) = values[name] { return value }
    return []
  }
}
