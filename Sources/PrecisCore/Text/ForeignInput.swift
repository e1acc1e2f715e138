/// What an input that should be UTF-8 text is instead, told from its first bytes: a compressed
/// file, or UTF-16 text with a byte order mark. Read as UTF-8, the first stops at an invalid
/// byte whose fix (`iconv`) is the wrong one, and a corpus of either splits into lines that
/// are no records.
public enum ForeignInput: Sendable, Equatable {
  /// Compressed with `format` (`gzip`); `command` writes it decompressed to standard output.
  case compressed(format: String, command: String)
  /// UTF-16, little- or big-endian, with its byte order mark.
  case utf16

  /// What `bytes` (an input, or its first bytes: ten are enough) are, or `nil` for anything
  /// else. Each signature holds bytes no UTF-8 text starts with, but bzip2's `BZh`, which is
  /// followed by a block size digit and the block's own signature.
  public static func detect(_ bytes: [UInt8]) -> ForeignInput? {
    // Most inputs are told by their first byte (asked of every article).
    switch bytes.first {
    case 0xFF, 0xFE, 0x1F, 0x28, 0xFD, 0x50, 0x42: break
    default: return nil
    }
    func starts(_ signature: [UInt8]) -> Bool { bytes.starts(with: signature) }
    if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) { return .utf16 }
    if starts([0x1F, 0x8B]) { return .compressed(format: "gzip", command: "gunzip -c") }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .compressed(format: "zstd", command: "zstd -dc") }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .compressed(format: "xz", command: "xz -dc") }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return .compressed(format: "zip", command: "unzip -p") }
    if bytes.count >= 10, starts([0x42, 0x5A, 0x68]), (0x31...0x39).contains(bytes[3]),
      bytes[4...].starts(with: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
    {
      return .compressed(format: "bzip2", command: "bunzip2 -c")
    }
    return nil
  }

  /// The error for an input named `name` (`-` for standard input): what it is, and how to read
  /// it, piped to `command` (`precis batch`) when given, else written to a file.
  public func error(name: String, command: String? = nil) -> InputError {
    let file = name == "-" ? "FILE" : name
    func output(_ otherwise: String) -> String { command.map { " | " + $0 } ?? otherwise }
    switch self {
    case .compressed(let format, let decompress):
      return InputError(
        "the input is \(format)-compressed, not UTF-8 text", at: SourceLocation(file: name, line: 1),
        notes: ["decompress it first: \(decompress) \(file)\(output(" > FILE.txt"))"])
    case .utf16:
      return InputError(
        "the text is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8",
        at: SourceLocation(file: name, line: 1),
        notes: ["convert it first: iconv -f UTF-16 -t UTF-8 \(file)\(output(" > FILE.utf8"))"])
    }
  }
}
