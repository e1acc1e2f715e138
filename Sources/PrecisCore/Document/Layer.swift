/// A kind of annotation a stage adds to a `Document`. Stages declare the layers they require and
/// produce, so a pipeline that runs a stage before its input exists is rejected when it loads.
public enum Layer: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// The raw bytes given to the pipeline.
  case input
  /// The normalized text and its paragraphs.
  case text
  /// Sentences (and the detected title).
  case sentences
  /// Glossary term matches and the key-terms table.
  case terms
  /// Sentence scores and the chosen summary.
  case summary
  /// The rendered output.
  case output

  /// Layers order as the default pipeline produces them.
  public static func < (lhs: Layer, rhs: Layer) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}
