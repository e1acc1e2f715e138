import Foundation
import PrecisCore

/// Golden-file comparison for tests. A mismatch returns a readable diff; with
/// `UPDATE_GOLDEN=1` (or when the file is missing) the file is written and the comparison
/// still fails, so a re-record never passes silently.
public enum Golden {
  /// The package's root folder, found from this file's path.
  public static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// `nil` when `actual` equals the golden file at `path`; otherwise what went wrong.
  public static func compare(_ actual: String, with path: String) -> String? {
    let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    let existing = FileManager.default.contents(atPath: path).map {
      String(decoding: $0, as: UTF8.self)
    }
    if update || existing == nil {
      let url = URL(fileURLWithPath: path)
      try? FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      do {
        try Data(actual.utf8).write(to: url, options: .atomic)
      } catch {
        return "cannot write golden file \(path): \(error)"
      }
      if existing == actual { return nil }
      return "re-recorded \(path): read it, commit it, and run the tests again without UPDATE_GOLDEN"
    }
    guard let existing, existing != actual else { return nil }
    return "output differs from \(path) (re-record with UPDATE_GOLDEN=1 after checking):\n"
      + LineDiff.unified(expected: existing, actual: actual)
  }
}
