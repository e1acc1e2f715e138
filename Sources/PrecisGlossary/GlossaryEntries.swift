import Foundation
import PrecisCore

/// A matcher's glossary entries: held whole when the matcher was built from glossary files, or,
/// when it was read back from a compiled glossary (`GlossaryCache`), read from the compiled
/// file's mapping one entry at a time, the first time it is asked for.
///
/// Matching needs none of the entries (their words are in the matcher's tables): only the terms
/// found are looked up, a few dozen an article. Reading every entry back made their strings and
/// arrays (nine an entry) and was half of what reading the bundled glossary cost, itself a third
/// of a command's start; for a glossary of a million rows, most of its memory.
struct GlossaryEntries: RandomAccessCollection, Sendable, Equatable {
  /// An entry, shared: the matching loop reads the fields of the few entries it renders from
  /// one reference, where a copy of an entry counted a reference to each of its nine strings
  /// and arrays.
  final class Reference: Sendable {
    let entry: GlossaryEntry

    init(_ entry: GlossaryEntry) { self.entry = entry }
  }

  /// The entries, when held whole.
  private let held: [Reference]
  /// The compiled file's entries, when read from one.
  private let mapped: MappedEntries?

  /// Entries held whole.
  init(_ entries: [GlossaryEntry]) {
    held = entries.map(Reference.init)
    mapped = nil
  }

  /// The entries of a compiled glossary, each read when first asked for.
  init(_ mapped: MappedEntries) {
    held = []
    self.mapped = mapped
  }

  /// Whether the entries are read from a compiled file when asked for.
  var isMapped: Bool { mapped != nil }

  var startIndex: Int { 0 }
  var endIndex: Int { mapped?.count ?? held.count }

  subscript(position: Int) -> GlossaryEntry { reference(position).entry }

  /// Entry `position`, shared.
  func reference(_ position: Int) -> Reference {
    mapped?.reference(position) ?? held[position]
  }

  static func == (left: GlossaryEntries, right: GlossaryEntries) -> Bool {
    left.elementsEqual(right)
  }
}

/// The entries of a compiled glossary's file, kept mapped: where each one starts, checked once
/// when the file is read, and the entries read so far.
final class MappedEntries: @unchecked Sendable {
  /// The compiled file.
  private let file: MappedFile
  /// Where each entry starts in `file`.
  private let offsets: [Int]
  /// Each entry once read, `nil` before: a pointer an entry (8 MB for a million rows), under a
  /// lock, since batch workers ask for entries at once. (Memory of its own, not an array: an
  /// array in a class is checked for overlapping access at each use.)
  private let read: UnsafeMutablePointer<GlossaryEntries.Reference?>
  private let lock = NSLock()

  /// The entries of `file` that start at `offsets`, each already checked by
  /// `GlossaryEntry.skip(reading:)`.
  init(file: MappedFile, offsets: [Int]) {
    self.file = file
    self.offsets = offsets
    read = .allocate(capacity: offsets.count)
    read.initialize(repeating: nil, count: offsets.count)
  }

  deinit {
    read.deinitialize(count: offsets.count)
    read.deallocate()
  }

  var count: Int { offsets.count }

  /// Entry `index`, read from the file the first time it is asked for.
  func reference(_ index: Int) -> GlossaryEntries.Reference {
    precondition(offsets.indices.contains(index), "entry \(index) of \(offsets.count)")
    lock.lock()
    defer { lock.unlock() }
    if let known = read[index] { return known }
    var reader = BinaryReader(file.bytes, at: offsets[index])
    // (The file's checksum was right and the entry was checked as the file was read, with the
    // same reads: reading it again cannot fail.)
    guard let entry = try? GlossaryEntry(reading: &reader) else {
      preconditionFailure("entry \(index) of a compiled glossary, checked when it was read, is unreadable")
    }
    let reference = GlossaryEntries.Reference(entry)
    read[index] = reference
    return reference
  }
}

/// A compiled glossary's bytes: a file mapped read-only, or bytes held in memory (tests).
///
/// The matcher's tables are copied out when the file is read; its entries are read from it
/// when asked for, so it stays mapped as long as the matcher. Precis never rewrites a compiled
/// file in place (it renames a new one over it, or removes it), which leaves a mapping whole.
final class MappedFile: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  /// Whether `bytes` is a mapping, not memory of its own.
  private let mapped: Bool

  /// The regular file at `path`, mapped; `nil` when it cannot be opened, is empty or is not a
  /// regular file.
  init?(path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0,
      let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED
    else { return nil }
    bytes = UnsafeRawBufferPointer(start: base, count: Int(info.st_size))
    mapped = true
  }

  /// A copy of `contents`.
  init(copying contents: some Collection<UInt8>) {
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, contents.count), alignment: 16)
    _ = memory.initializeMemory(as: UInt8.self, from: contents)
    bytes = UnsafeRawBufferPointer(rebasing: memory[0..<contents.count])
    mapped = false
  }

  deinit {
    if mapped {
      munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    } else {
      bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
    }
  }

  /// Lets the system take back the pages of `count` bytes from `offset` (all of them by
  /// default): they are read again from the file if touched. (Reading a compiled glossary
  /// touches all of it, for its checksum and its tables; afterwards only the few entries asked
  /// for are read. A million rows' file is 500 MB.)
  func dropPages(from offset: Int = 0, count: Int? = nil) {
    let end = min(bytes.count, offset + (count ?? bytes.count))
    guard mapped, let base = bytes.baseAddress, offset >= 0, offset < end else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = Int(bitPattern: base) + offset
    let first = start - start % page
    _ = madvise(
      UnsafeMutableRawPointer(bitPattern: first), Int(bitPattern: base) + end - first, MADV_DONTNEED)
  }
}
