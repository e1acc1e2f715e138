/// A half-open range of Unicode scalar offsets into a document's normalized text, so that
/// Python's `text[start:end]` is the span.
public struct Span: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The offset of the first scalar.
  public var start: Int
  /// The offset just past the last scalar.
  public var end: Int

  /// Creates a span; `end` must not be less than `start`.
  public init(start: Int, end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// The number of scalars covered.
  public var length: Int { end - start }

  /// `start..<end`.
  public var description: String { "\(start)..<\(end)" }
}
