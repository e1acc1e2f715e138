import Foundation
import PrecisCore

/// Standard output, or a file written beside its target and renamed over it at the end, so
/// that a failed run never leaves half a file: the old file stays as it was, or none appears.
/// A path that names no regular file (`/dev/null`, a pipe, a socket) is written as it is, and a
/// symbolic link keeps pointing where it did: the file it names is the one replaced.
struct OutputSink {
  let path: String?
  /// The partial file, renamed over `target` at the end; `nil` when writing to standard output
  /// or to a path that is no regular file.
  let temporary: String?
  /// What `temporary` replaces: `path`, or the file a link at `path` names.
  var target: String? = nil
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
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
      guard status.st_mode & S_IFMT != S_IFDIR else {
        throw InputError(
          "cannot write '\(path)': it is a directory", at: SourceLocation(file: path),
          notes: ["name a file inside it"])
      }
      // A device, pipe or socket: renaming a file over it would replace it (as root, a run with
      // `--output /dev/null` replaced the device with a file).
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw InputError(
          "cannot write '\(path)': \(String(cString: strerror(errno)))", at: SourceLocation(file: path),
          notes: ["choose a path you can write to, or fix its permissions"])
      }
      temporary = nil
      self.handle = handle
      return
    }
    // The file a symbolic link names is the one replaced; the link stays.
    let target = OutputSink.linkTarget(of: path) ?? path
    let directory = FilePath.directory(of: target).isEmpty ? "." : FilePath.directory(of: target)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw InputError(
        "cannot write '\(path)': the folder '\(directory)' does not exist", at: SourceLocation(file: path),
        notes: ["create it first (mkdir -p '\(directory)') or choose another path"])
    }
    let temporary = directory + "/.\(UUID().uuidString).precis-partial"
    // (Registered first: a signal between the two would leave the file.)
    PartialFile.register(temporary)
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      PartialFile.clear(temporary)
      throw InputError(
        "cannot write '\(path)': the folder '\(directory)' is not writable", at: SourceLocation(file: path),
        notes: ["choose a folder you can write to, or fix its permissions"])
    }
    self.temporary = temporary
    self.target = target
    self.handle = handle
  }

  /// The file a symbolic link at `path` finally names (a link to a link is followed), or `nil`
  /// when `path` is no link or names nothing yet.
  static func linkTarget(of path: String) -> String? {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK,
      let resolved = realpath(path, nil)
    else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  mutating func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  mutating func write(bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Gathers `bytes` into blocks, each written when full. (A block at a time: a 434 MB document
  /// gathered whole was a third copy of it in memory.)
  mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
    if pending.capacity < OutputSink.blockSize { pending.reserveCapacity(2 * OutputSink.blockSize) }
    var offset = 0
    while offset < bytes.count {
      let taken = min(bytes.count - offset, max(OutputSink.blockSize - pending.count, 0))
      pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + taken)]))
      offset += taken
      if pending.count >= OutputSink.blockSize { try flush() }
    }
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
        "cannot write '\(path ?? "standard output")': \(OutputSink.reason(error))",
        at: SourceLocation(file: path ?? "-"),
        notes: path == nil
          ? ["standard output must be open for writing (a file or a pipe), or pass --output FILE"] : [])
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// The system's reason for a failed write (`Bad file descriptor`, `No space left on device`),
  /// which Foundation's error on Linux describes only as "the operation could not be completed".
  static func reason(_ error: any Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let underlying, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return error.localizedDescription
  }

  /// Writes what is pending and puts the file in place (one `rename`, which replaces an old file
  /// atomically).
  mutating func finish() throws {
    try flush()
    guard let path, let temporary else {
      if path != nil { try? handle.close() }
      return
    }
    try? handle.close()
    guard rename(temporary, target ?? path) == 0 else {
      let reason = String(cString: strerror(errno))
      discard()
      throw InputError("cannot write '\(path)': \(reason)", at: SourceLocation(file: path))
    }
    PartialFile.clear(temporary)
  }

  /// Removes the partial file (a failed run).
  func discard() {
    guard let temporary else { return }
    try? handle.close()
    unlink(temporary)
    PartialFile.clear(temporary)
  }

  /// Writes `text` whole to `path` (standard output when `nil`).
  static func write(_ text: String, to path: String?) throws {
    var sink = try OutputSink(path: path)
    try sink.write(text)
    try sink.finish()
  }
}

/// The partial file of an `OutputSink`, removed when the process is stopped by a signal: a batch
/// interrupted with Ctrl-C (or ended by `SIGTERM` or a closed terminal's `SIGHUP`) had left its
/// hidden `.….precis-partial` file beside the target, as large as the output written so far.
/// The handler then dies of the same signal, as the process would have without it. A signal
/// ignored when Precis started (`nohup`) stays ignored. A command has at most `slots` partial
/// files at a time (`batch --output FILE --terms FILE` has two).
enum PartialFile {
  /// How many partial files can be open at a time.
  static let slots = 4
  /// The partial files' paths as C strings (`nil` for a free slot), made before any signal can
  /// need them: a handler may only call what is safe in one (`unlink`, `signal`, `raise`), and
  /// reads only these pointers.
  nonisolated(unsafe) private static let paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slots)
    paths.initialize(repeating: nil, count: slots)
    return paths
  }()
  nonisolated(unsafe) private static var installed = false

  /// Removes `path` if the process is stopped by `SIGINT`, `SIGTERM` or `SIGHUP` before
  /// `clear(path)` is called.
  static func register(_ path: String) {
    // (A free slot, else the last: a command never has more than `slots` open.)
    let slot = (0..<slots).first { paths[$0] == nil } ?? slots - 1
    let previous = paths[slot]
    paths[slot] = strdup(path)
    free(previous)
    guard !installed else { return }
    installed = true
    for number in [SIGINT, SIGTERM, SIGHUP] {
      let previous = signal(number) { received in
        for slot in 0..<PartialFile.slots {
          if let path = PartialFile.paths[slot] { unlink(path) }
        }
        signal(received, SIG_DFL)
        raise(received)
      }
      // (Handlers are C function pointers, told apart by their addresses.)
      let ignored = previous.map { unsafeBitCast($0, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) }
      if ignored == true { signal(number, SIG_IGN) }
    }
  }

  /// The partial file `path` was renamed into place or removed: a signal now leaves it as it is.
  static func clear(_ path: String) {
    for slot in 0..<slots {
      guard let registered = paths[slot], strcmp(registered, path) == 0 else { continue }
      paths[slot] = nil
      free(registered)
    }
  }
}
