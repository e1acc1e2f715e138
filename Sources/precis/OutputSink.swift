import Foundation
import PrecisCore

/// Standard output, or a file written beside its target and renamed over it at the end, so
/// that a failed run never leaves half a file: the old file stays as it was, or none appears.
struct OutputSink {
  let path: String?
  let temporary: String?
  let handle: FileHandle
  /// The bytes not yet written. (An array: appending a line to `Data` went through its
  /// representation's generic path, and the first append after a write copied its storage.)
  var pending: [UInt8] = []

  /// Opens the sink; `nil` is standard output. The folder of `path` must exist.
  init(path: String?) throws {
    self.path = path
    guard let path else {
      temporary = nil
      handle = FileHandle.standardOutput
      return
    }
    let directory = FilePath.directory(of: path).isEmpty ? "." : FilePath.directory(of: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw InputError(
        "cannot write '\(path)': the folder '\(directory)' does not exist", at: SourceLocation(file: path),
        notes: ["create it first (mkdir -p '\(directory)') or choose another path"])
    }
    if FilePath.isFile(path) == false, FileManager.default.fileExists(atPath: path) {
      throw InputError(
        "cannot write '\(path)': it is a directory", at: SourceLocation(file: path),
        notes: ["name a file inside it"])
    }
    let temporary = directory + "/.\(UUID().uuidString).precis-partial"
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      throw InputError(
        "cannot write '\(path)': the folder '\(directory)' is not writable", at: SourceLocation(file: path),
        notes: ["choose a folder you can write to, or fix its permissions"])
    }
    self.temporary = temporary
    self.handle = handle
  }

  mutating func write(_ text: String) throws {
    if pending.capacity < OutputSink.blockSize { pending.reserveCapacity(2 * OutputSink.blockSize) }
    pending.append(contentsOf: text.utf8)
    if pending.count >= OutputSink.blockSize { try flush() }
  }

  mutating func write(bytes: [UInt8]) throws {
    if pending.capacity < OutputSink.blockSize { pending.reserveCapacity(2 * OutputSink.blockSize) }
    pending.append(contentsOf: bytes)
    if pending.count >= OutputSink.blockSize { try flush() }
  }

  /// How many bytes are gathered before they are written.
  static let blockSize = 1 << 16

  mutating func flush() throws {
    guard !pending.isEmpty else { return }
    do {
      try handle.write(contentsOf: pending)
    } catch {
      discard()
      throw InputError(
        "cannot write '\(path ?? "standard output")': \(error.localizedDescription)",
        at: SourceLocation(file: path ?? "-"))
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// Writes what is pending and puts the file in place (one `rename`, which replaces an old file
  /// atomically).
  mutating func finish() throws {
    try flush()
    guard let path, let temporary else { return }
    try? handle.close()
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      discard()
      throw InputError("cannot write '\(path)': \(reason)", at: SourceLocation(file: path))
    }
  }

  /// Removes the partial file (a failed run).
  func discard() {
    guard let temporary else { return }
    try? handle.close()
    unlink(temporary)
  }

  /// Writes `text` whole to `path` (standard output when `nil`).
  static func write(_ text: String, to path: String?) throws {
    var sink = try OutputSink(path: path)
    try sink.write(text)
    try sink.finish()
  }
}
