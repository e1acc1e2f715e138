import Foundation

/// The JSON form of documents: sorted keys, two-space indentation, no escaped slashes, so that
/// the same document always gives the same bytes.
public enum DocumentJSON {
  /// The document as deterministic JSON, ending with a newline.
  public static func encode(_ document: Document) throws -> String {
    try SortedJSON.encode(document)
  }

  /// A document read back from its JSON form (a trace file). A file that is not JSON is
  /// refused at the line and column where it breaks JSON's grammar (`JSONSyntax`).
  public static func decode(_ data: Data, file: String) throws -> Document {
    do {
      return try JSONDecoder().decode(Document.self, from: data)
    } catch {
      if let (problem, line, column) = JSONSyntax.locatedProblem(in: data, unit: .file) {
        throw InputError(
          "not a Precis document: invalid JSON: \(problem.message)",
          at: SourceLocation(file: file, line: line, column: column),
          notes: [problem.fix, "pass a file written by 'precis run --trace DIR'"])
      }
      throw InputError(
        "not a Precis document: \(JSONProblem.describe(error))", at: SourceLocation(file: file),
        notes: ["pass a file written by 'precis run --trace DIR'"])
    }
  }
}

/// Writes files so that a failure never leaves half a file: to a temporary file first, then
/// renamed over the target.
public enum AtomicFile {
  /// Writes `contents` to `path`, creating missing parent folders.
  public static func write(_ contents: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    // (A file where the folder should be made Foundation say "a file with the same name
    // already exists", of the file to write.)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    {
      throw InputError(
        "cannot write '\(path)': '\(directory.path)' is not a folder", at: SourceLocation(file: path),
        notes: ["name a folder (it is made if missing)"])
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      // (The string's own bytes, not a copy of them: a trace of a 50 MB article has documents
      // of 434 MB.)
      var contents = contents
      try contents.withUTF8 { utf8 in
        guard let base = utf8.baseAddress, !utf8.isEmpty else {
          return try Data().write(to: url, options: .atomic)
        }
        try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: utf8.count, deallocator: .none)
          .write(to: url, options: .atomic)
      }
    } catch {
      throw InputError(
        "cannot write '\(path)': \(error.localizedDescription)", at: SourceLocation(file: path),
        notes: ["check that the folder exists and is writable"])
    }
  }
}

/// Writes one JSON file per stage (`01-normalize.json`, …) into a trace folder.
public struct TraceWriter: Sendable {
  /// The trace folder.
  public var directory: String

  /// Creates a writer for `directory`.
  public init(directory: String) { self.directory = directory }

  /// The file name for the stage at `index` (0-based) with `id`.
  public static func fileName(index: Int, id: String) -> String {
    let number = index + 1 < 10 ? "0\(index + 1)" : "\(index + 1)"
    return "\(number)-\(id).json"
  }

  /// Writes the document as it is after the stage at `index`.
  public func write(_ document: Document, index: Int, id: String) throws {
    let path = directory + "/" + TraceWriter.fileName(index: index, id: id)
    try AtomicFile.write(try DocumentJSON.encode(document), to: path)
  }
}
