import Foundation

/// The GNU build ID of an ELF executable: the linker's hash of the linked program
/// (`ld --build-id`, which Swift's driver asks for), kept in a note its program headers point at.
/// Two copies of one build have the same ID; two builds of changed code do not.
enum ExecutableBuildID {
  /// The build ID of the 64-bit little-endian ELF file at `path` (for the running program,
  /// `/proc/self/exe`), or `nil` when the file is none or has no build ID.
  static func read(path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    func bytes(at offset: Int, count: Int) -> [UInt8]? {
      guard offset >= 0, count > 0, count <= 1 << 20 else { return nil }
      var buffer = [UInt8](repeating: 0, count: count)
      let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
      return read == count ? buffer : nil
    }
    // The ELF header: the magic number, 64-bit, little-endian; where the program headers are.
    guard let header = bytes(at: 0, count: 64), header.starts(with: [0x7F, 0x45, 0x4C, 0x46]),
      header[4] == 2, header[5] == 1
    else { return nil }
    let (tableOffset, entrySize, entryCount) = (
      number(header, at: 32, size: 8), number(header, at: 54, size: 2), number(header, at: 56, size: 2)
    )
    guard entrySize >= 56, let table = bytes(at: tableOffset, count: entrySize * entryCount) else {
      return nil
    }
    for entry in 0..<entryCount where number(table, at: entry * entrySize, size: 4) == noteSegment {
      let base = entry * entrySize
      guard
        let notes = bytes(
          at: number(table, at: base + 8, size: 8), count: number(table, at: base + 32, size: 8))
      else { continue }
      // Each note: the sizes of its name and description, its type, then the name and the
      // description, each padded to four bytes.
      var position = 0
      while position + 12 <= notes.count {
        let (nameSize, size, type) = (
          number(notes, at: position, size: 4), number(notes, at: position + 4, size: 4),
          number(notes, at: position + 8, size: 4)
        )
        let name = position + 12
        let description = name + ((nameSize + 3) & ~3)
        guard description + size <= notes.count else { break }
        if type == buildIDNote, nameSize == 4, notes[name..<(name + 4)].elementsEqual(Array("GNU\0".utf8)),
          size > 0
        {
          return Array(notes[description..<(description + size)])
        }
        position = description + ((size + 3) & ~3)
      }
    }
    return nil
  }

  /// `PT_NOTE`, the type of a program header that points at notes.
  private static let noteSegment = 4
  /// `NT_GNU_BUILD_ID`, the type of the note that holds the build ID.
  private static let buildIDNote = 3

  /// The little-endian unsigned number of `size` bytes at `offset` in `bytes`; a number past
  /// `Int.max`, or bytes past the end, give -1, which no size or offset accepts.
  private static func number(_ bytes: [UInt8], at offset: Int, size: Int) -> Int {
    guard offset >= 0, offset + size <= bytes.count else { return -1 }
    var value: UInt64 = 0
    for index in (offset..<(offset + size)).reversed() { value = value << 8 | UInt64(bytes[index]) }
    return value <= UInt64(Int.max) ? Int(value) : -1
  }
}
