/// Sentence-boundary precision, recall and F1, whitespace-insensitive: a sentence ends at the
/// number of non-space characters before its end, so `A. B.` and `A.  B.` agree. This is the
/// measure of `../shared/eval/seg_eval.py`.
public struct BoundaryScore: Sendable, Equatable {
  /// Boundaries found in both.
  public var truePositives = 0
  /// Boundaries produced but not in the gold.
  public var falsePositives = 0
  /// Gold boundaries not produced.
  public var falseNegatives = 0
  /// Records whose boundaries all agree.
  public var exactRecords = 0
  /// Records scored.
  public var records = 0

  /// An empty score.
  public init() {}

  /// The end of each sentence, counted in non-space characters from the start of the text;
  /// empty sentences add nothing.
  ///
  /// - Complexity: O(*n*) in the total length of the sentences.
  public static func ends(of sentences: [String]) -> [Int] {
    var ends: [Int] = []
    var position = 0
    for sentence in sentences {
      for scalar in sentence.unicodeScalars where !BoundaryScore.isSpace(scalar) { position += 1 }
      if position > 0, ends.last != position { ends.append(position) }
    }
    return ends
  }

  /// Whitespace as Python's `str.isspace` sees it (Unicode White_Space and the C0 separators).
  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
  }

  /// Adds one record; returns whether its boundaries agree exactly.
  @discardableResult
  public mutating func add(gold: [String], produced: [String]) -> Bool {
    let goldEnds = Set(BoundaryScore.ends(of: gold))
    let producedEnds = Set(BoundaryScore.ends(of: produced))
    truePositives += goldEnds.intersection(producedEnds).count
    falsePositives += producedEnds.subtracting(goldEnds).count
    falseNegatives += goldEnds.subtracting(producedEnds).count
    records += 1
    let exact = goldEnds == producedEnds
    if exact { exactRecords += 1 }
    return exact
  }

  /// The share of produced boundaries that are right.
  public var precision: Double {
    Double(truePositives) / Double(max(1, truePositives + falsePositives))
  }

  /// The share of gold boundaries produced.
  public var recall: Double {
    Double(truePositives) / Double(max(1, truePositives + falseNegatives))
  }

  /// The harmonic mean of precision and recall.
  public var f1: Double {
    let sum = precision + recall
    return sum > 0 ? 2 * precision * recall / sum : 0
  }
}

/// A readable account of one record whose boundaries differ: the gold sentences and the
/// produced ones, one per line, each marked `✗` when its end is missing from the other side.
public enum BoundaryMiss {
  /// The lines that show the miss, without a final newline.
  public static func report(id: String, gold: [String], produced: [String]) -> String {
    let goldEnds = Set(BoundaryScore.ends(of: gold))
    let producedEnds = Set(BoundaryScore.ends(of: produced))
    var lines = ["MISS \(id)"]
    func side(_ label: String, _ sentences: [String], against other: Set<Int>) {
      var position = 0
      for sentence in sentences {
        position += sentence.unicodeScalars.filter { !BoundaryScore.isSpace($0) }.count
        let mark = other.contains(position) ? " " : "✗"
        let shown = sentence.split(whereSeparator: \.isNewline).joined(separator: " ")
        lines.append("  \(label) \(mark) \(shown)")
      }
    }
    side("gold", gold, against: producedEnds)
    side(" got", produced, against: goldEnds)
    return lines.joined(separator: "\n")
  }
}
