import Foundation

/// Scratch files for tests.
public enum TemporaryFile {
  /// Writes `contents` to a new file named `name` in a fresh temporary folder; returns its path.
  public static func write(_ contents: String, named name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("precis-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }
}
