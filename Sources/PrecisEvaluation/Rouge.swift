import PrecisCore

/// ROUGE-1, ROUGE-2 and ROUGE-L as Google's `rouge-score` computes them, with the tokenizer of
/// `../shared/eval/rouge_eval.py`: lowercase, Unicode `\w+` words (letters, digits and `_`,
/// accents kept), no stemming.
public enum Rouge {
  /// Precision, recall and F1 of one measure.
  public struct Score: Sendable, Equatable {
    /// The share of the summary's units found in the reference.
    public var precision: Double
    /// The share of the reference's units found in the summary.
    public var recall: Double
    /// Their harmonic mean.
    public var f1: Double

    /// A score from precision and recall.
    public init(precision: Double, recall: Double) {
      self.precision = precision
      self.recall = recall
      f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
  }

  /// The summary `document`'s pipeline chose, as ROUGE scores it: the chosen sentences' text,
  /// in the summary's order, joined by spaces.
  public static func summary(of document: Document) -> String {
    (document.summary?.chosen ?? []).compactMap { document.sentences?[$0].text }.joined(separator: " ")
  }

  /// The words of `text` as `rouge_eval.py` sees them.
  ///
  /// - Complexity: O(*n*) in the length of the text.
  public static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
      if isWordScalar(scalar) {
        current.append(scalar)
      } else if !current.isEmpty {
        tokens.append(String(current))
        current = String.UnicodeScalarView()
      }
    }
    if !current.isEmpty { tokens.append(String(current)) }
    return tokens
  }

  /// Python's `\w`: letters (L*), numbers (N*) and the underscore.
  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "_" { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  /// ROUGE-N of a summary against a reference, both tokenized.
  ///
  /// - Complexity: O(*n* + *m*).
  public static func n(_ n: Int, summary: [String], reference: [String]) -> Score {
    func grams(_ tokens: [String]) -> [[String]: Int] {
      var counts: [[String]: Int] = [:]
      guard tokens.count >= n else { return counts }
      for start in 0...(tokens.count - n) { counts[Array(tokens[start..<(start + n)]), default: 0] += 1 }
      return counts
    }
    let summaryGrams = grams(summary)
    let referenceGrams = grams(reference)
    var overlap = 0
    for (gram, count) in summaryGrams { overlap += min(count, referenceGrams[gram] ?? 0) }
    let summaryCount = summaryGrams.values.reduce(0, +)
    let referenceCount = referenceGrams.values.reduce(0, +)
    return Score(
      precision: Double(overlap) / Double(max(summaryCount, 1)),
      recall: Double(overlap) / Double(max(referenceCount, 1)))
  }

  /// ROUGE-L (longest common subsequence) of a summary against a reference.
  ///
  /// - Complexity: O(*n* · *m*).
  public static func l(summary: [String], reference: [String]) -> Score {
    guard !summary.isEmpty, !reference.isEmpty else { return Score(precision: 0, recall: 0) }
    var previous = [Int](repeating: 0, count: reference.count + 1)
    var current = previous
    for word in summary {
      for (column, other) in reference.enumerated() {
        current[column + 1] =
          word == other ? previous[column] + 1 : max(previous[column + 1], current[column])
      }
      swap(&previous, &current)
    }
    let lcs = Double(previous[reference.count])
    return Score(precision: lcs / Double(summary.count), recall: lcs / Double(reference.count))
  }

  /// The three measures averaged over many pairs, × 100.
  public struct Table: Sendable {
    /// Pairs scored.
    public private(set) var count = 0
    private var sums = [Double](repeating: 0, count: 9)

    /// An empty table.
    public init() {}

    /// Adds one summary and its reference.
    public mutating func add(summary: String, reference: String) {
      let summaryTokens = Rouge.tokens(summary)
      let referenceTokens = Rouge.tokens(reference)
      let scores = [
        Rouge.n(1, summary: summaryTokens, reference: referenceTokens),
        Rouge.n(2, summary: summaryTokens, reference: referenceTokens),
        Rouge.l(summary: summaryTokens, reference: referenceTokens),
      ]
      for (position, score) in scores.enumerated() {
        sums[position * 3] += score.precision
        sums[position * 3 + 1] += score.recall
        sums[position * 3 + 2] += score.f1
      }
      count += 1
    }

    /// The average precision, recall and F1 × 100 of ROUGE-1, ROUGE-2 and ROUGE-L.
    public var averages: [(precision: Double, recall: Double, f1: Double)] {
      (0..<3).map { measure in
        let scale = count > 0 ? 100 / Double(count) : 0
        return (sums[measure * 3] * scale, sums[measure * 3 + 1] * scale, sums[measure * 3 + 2] * scale)
      }
    }
  }
}
