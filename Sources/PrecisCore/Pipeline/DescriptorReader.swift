import Foundation

/// Reads an open file with `read(2)`: Foundation's `FileHandle` readers stop the process when a
/// read fails (standard input closed, or a directory given as it), where a command should say
/// what it could not read.
public enum DescriptorReader {
  /// Reads what comes next from `descriptor` into `buffer`, and returns how many bytes it read
  /// (0 at the end of the input); a failed read throws an `InputError` naming the file `name`.
  public static func readBlock(
    _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, name: String
  ) throws -> Int {
    while true {
      let count = read(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      guard errno == EINTR else {
        throw InputError(
          "cannot read '\(name)': \(String(cString: strerror(errno)))", at: SourceLocation(file: name),
          notes: ["pass a readable file, or '-' for standard input"])
      }
    }
  }

  /// The most an article may hold: 1 GiB. (A run takes about 18 times its article's size in
  /// memory; without a bound, `/dev/zero` given as an article was read until the system killed
  /// the process.)
  public static let articleLimit = 1 << 30

  /// Everything left to read from `descriptor`; more than `limit` bytes throw an `InputError`.
  public static func readAll(_ descriptor: Int32, name: String, limit: Int = articleLimit) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = try block.withUnsafeMutableBytes { try readBlock(descriptor, into: $0, name: name) }
      if count == 0 { return bytes }
      guard bytes.count + count <= limit else {
        throw InputError(
          "cannot read '\(name)': more than \(limit >= 1 << 30 ? "\(limit >> 30) GiB" : "\(limit) bytes"), "
            + "more than an article holds", at: SourceLocation(file: name),
          notes: ["split it into articles (precis batch reads a corpus as JSON Lines)"])
      }
      bytes += block[..<count]
      // Larger blocks as the input grows: a long article is read in few calls.
      if block.count < 1 << 22, bytes.count >= block.count * 4 {
        block = [UInt8](repeating: 0, count: block.count * 4)
      }
    }
  }

  /// The whole contents of the file at `path`: a regular file, or a pipe, FIFO or device read to
  /// its end (`<(command)` passes `/dev/fd/63`, which Foundation's `contents(atPath:)` refused
  /// as unreadable). A missing or unreadable path, or a folder, throws an `InputError` naming
  /// it with the reason, and `notes` (how to fix it) where it is missing or a folder
  /// (`folderNotes` instead for a folder, when given).
  public static func readFile(
    _ path: String, notes: [String] = [], folderNotes: [String]? = nil, limit: Int = articleLimit
  ) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let missing = errno == ENOENT || errno == ENOTDIR
      throw InputError(
        "cannot read '\(path)': \(missing ? "no such file" : String(cString: strerror(errno)))",
        at: SourceLocation(file: path), notes: missing ? notes : [])
    }
    defer { close(descriptor) }
    var status = stat()
    if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
      throw InputError(
        "cannot read '\(path)': it is a directory", at: SourceLocation(file: path),
        notes: folderNotes ?? notes)
    }
    return try readAll(descriptor, name: path, limit: limit)
  }
}
