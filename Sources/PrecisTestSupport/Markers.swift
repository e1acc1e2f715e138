/// Location markers for inline test input, as swift-format's tests use them: `1️⃣` … `9️⃣`
/// stand where a diagnostic is expected and are removed from the text.
public struct MarkedText: Sendable {
  /// The text without its markers.
  public var text: String
  /// Each marker's 1-based line and column (in Unicode scalars), by its digit.
  public var locations: [Int: (line: Int, column: Int)]

  /// Parses `marked`, removing `1️⃣`…`9️⃣`.
  public init(_ marked: String) {
    var output = String.UnicodeScalarView()
    var locations: [Int: (line: Int, column: Int)] = [:]
    let scalars = Array(marked.unicodeScalars)
    var line = 1
    var column = 1
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if index + 2 < scalars.count, ("1"..."9").contains(scalar), scalars[index + 1] == "\u{FE0F}",
        scalars[index + 2] == "\u{20E3}"
      {
        locations[Int(scalar.value) - 48] = (line, column)
        index += 3
        continue
      }
      output.append(scalar)
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += 1
    }
    text = String(output)
    self.locations = locations
  }
}
