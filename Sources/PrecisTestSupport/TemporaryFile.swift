import Foundation

/// Scratch files for tests, all under one folder per test process that is removed when the
/// process exits, so a test run leaves nothing behind in the temporary directory.
public enum TemporaryFile {
  /// This process's scratch folder; created on first use, removed at exit.
  public static let root: String = {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("precis-tests-\(UUID().uuidString)").path
    // Made here, not by the first `folder(_:)`: a path from `unusedPath(_:)` may be the first
    // thing written under it.
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: TemporaryFile.root) }
    return path
  }()

  /// A new empty folder under ``root`` whose name starts with `prefix`; returns its path.
  public static func folder(_ prefix: String = "scratch") throws -> String {
    let path = root + "/" + prefix + "-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A path under ``root`` for a file or folder the code under test creates itself.
  public static func unusedPath(_ name: String) -> String {
    root + "/" + UUID().uuidString + "-" + name
  }

  /// Writes `contents` to a new file named `name` in a fresh folder; returns its path.
  public static func write(_ contents: String, named name: String) throws -> String {
    let path = try folder("file") + "/" + name
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }
}
