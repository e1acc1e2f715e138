/// A small unified-style line diff, for golden-file mismatches.
public enum LineDiff {
  /// The lines removed (`-`) and added (`+`) between `expected` and `actual`, with two lines of
  /// context, at most `limit` lines.
  ///
  /// - Complexity: O(*n* × *m*) in the numbers of lines.
  public static func unified(expected: String, actual: String, limit: Int = 80) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence table, from the end.
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var edits: [(tag: Character, line: String, number: Int)] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        edits.append((" ", a[i], i + 1))
        i += 1
        j += 1
      } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
        edits.append(("+", b[j], i + 1))
        j += 1
      } else {
        edits.append(("-", a[i], i + 1))
        i += 1
      }
    }
    let changed = edits.indices.filter { edits[$0].tag != " " }
    var shown: [String] = []
    var last = -10
    for index in changed {
      let from = max(index - 2, last + 1, 0)
      let upper = min(index + 2, edits.count - 1)
      guard from <= upper else { continue }  // already shown with the change before
      if from > last + 1 { shown.append("@@ line \(edits[from].number) @@") }
      for k in from...upper where k > last {
        shown.append("\(edits[k].tag)\(edits[k].line)")
        last = k
      }
      if shown.count >= limit {
        shown.append("… (\(changed.count) changed lines in all)")
        break
      }
    }
    return shown.joined(separator: "\n")
  }
}
