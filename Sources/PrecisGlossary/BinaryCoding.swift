import Foundation
import PrecisCore

/// Bytes written for the compiled-glossary cache (`CompiledGlossary`): integers, flags and
/// strings one after another, and arrays of plain values copied whole. The cache is read back
/// only by the same executable on the same machine (its key says which), so values keep their
/// in-memory layout.
///
/// A writer keeps what it is given in `bytes`, or, made with a sink, hands it on a chunk at a
/// time: the compiled glossary of a million rows is half a gigabyte, which held whole (and
/// copied once more behind its header) doubled what building the glossary costs in memory.
struct BinaryWriter {
  private(set) var bytes: [UInt8] = []
  /// Where full chunks go; `nil` keeps everything in `bytes`.
  private let sink: ((UnsafeRawBufferPointer) -> Bool)?
  /// How many bytes `bytes` holds before they go to the sink.
  private let chunk: Int
  /// Whether the sink refused a chunk (a full disk, a file past its size): what comes after is
  /// dropped.
  private(set) var failed = false

  /// A writer that keeps its bytes.
  init() {
    sink = nil
    chunk = .max
  }

  /// A writer that gives its bytes to `sink`, `chunk` bytes or more at a time; `sink` returns
  /// `false` to refuse them (and everything after). `finish()` gives it the rest.
  init(chunk: Int = 1 << 20, sink: @escaping (UnsafeRawBufferPointer) -> Bool) {
    self.sink = sink
    self.chunk = max(1, chunk)
    bytes.reserveCapacity(self.chunk)
  }

  /// Gives the bytes held to the sink; `false` when it refused these or earlier ones.
  @discardableResult
  mutating func finish() -> Bool {
    guard let sink else { return true }
    if !failed, !bytes.isEmpty, !bytes.withUnsafeBytes(sink) { failed = true }
    bytes.removeAll(keepingCapacity: true)
    return !failed
  }

  /// After each write: the bytes held go to the sink once they fill a chunk.
  @inline(__always)
  private mutating func spill() {
    if bytes.count >= chunk { finish() }
  }

  mutating func write(_ value: Int) {
    withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    spill()
  }

  mutating func write(_ value: Bool) {
    bytes.append(value ? 1 : 0)
    spill()
  }

  mutating func write(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      write(utf8.count)
      bytes.append(contentsOf: utf8)
    }
    spill()
  }

  mutating func write(_ value: String?) {
    write(value != nil)
    if let value { write(value) }
  }

  mutating func write(_ value: Int?) {
    write(value != nil)
    if let value { write(value) }
  }

  mutating func write(_ values: [String]) {
    write(values.count)
    for value in values { write(value) }
  }

  /// An array of plain values (no references), its elements' bytes as they are in memory. The
  /// element type must have no padding (integers, flags, tuples of integers): padding bytes hold
  /// whatever memory held, and two builds of the same glossary would differ. (With a sink, an
  /// array of a chunk or more goes to it straight, not through `bytes`.)
  mutating func write<Element: BitwiseCopyable>(plain values: [Element]) {
    write(values.count)
    values.withUnsafeBytes { raw in
      guard let sink, raw.count >= chunk else { return bytes.append(contentsOf: raw) }
      guard finish() else { return }
      if !sink(raw) { failed = true }
    }
    spill()
  }

  mutating func write(_ location: SourceLocation) {
    write(location.file)
    write(location.line)
    write(location.column)
  }
}

/// Reads what `BinaryWriter` wrote; every read checks its bounds, and a short or inconsistent
/// file throws `BinaryReader.Invalid` (the cache then builds anew). (The small reads are inlined:
/// called, they cost about a tenth of reading a compiled glossary.)
struct BinaryReader {
  /// The file is shorter than its contents say, or holds an impossible value.
  struct Invalid: Error {}

  private let bytes: UnsafeRawBufferPointer
  private(set) var offset = 0
  /// The file of the last location read, and its bytes: a glossary's thousands of entries name
  /// a few files, each read once as a string and then shared.
  private var lastFile: (bytes: UnsafeRawBufferPointer, file: String)?

  /// The mapped file `bytes` are, whose pages a large plain array lets go once copied.
  private let file: MappedFile?

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
    file = nil
  }

  /// A reader of `file`'s bytes, which lets the pages of each large plain array go once it is
  /// copied: a million rows' tables are hundreds of megabytes, which the file and their copies
  /// held twice.
  init(_ file: MappedFile) {
    bytes = file.bytes
    self.file = file
  }

  /// A reader of `bytes` from `offset` on (an entry of a compiled glossary, read when asked).
  init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
    self.bytes = bytes
    self.offset = min(max(0, offset), bytes.count)
    file = nil
  }

  var isAtEnd: Bool { offset == bytes.count }

  @inline(__always)
  private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
    guard count >= 0, count <= bytes.count - offset else { throw Invalid() }
    defer { offset += count }
    return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
  }

  @inline(__always)
  mutating func int() throws -> Int {
    try take(MemoryLayout<Int>.size).loadUnaligned(as: Int.self)
  }

  /// A count of elements, each at least `size` bytes: a count the rest of the file cannot
  /// hold is refused before anything is allocated for it.
  @inline(__always)
  mutating func count(ofAtLeast size: Int = 1) throws -> Int {
    let count = try int()
    guard count >= 0, count <= (bytes.count - offset) / max(1, size) else { throw Invalid() }
    return count
  }

  @inline(__always)
  mutating func bool() throws -> Bool {
    switch try take(1)[0] {
    case 0: return false
    case 1: return true
    default: throw Invalid()
    }
  }

  @inline(__always)
  mutating func string() throws -> String {
    let count = try count()
    return String(decoding: try take(count).bindMemory(to: UInt8.self), as: UTF8.self)
  }

  mutating func optionalString() throws -> String? {
    try bool() ? try string() : nil
  }

  /// Passes over a string, checking only that the file holds it.
  @inline(__always)
  mutating func skipString() throws {
    _ = try take(try count())
  }

  @inline(__always)
  mutating func skipOptionalString() throws {
    if try bool() { try skipString() }
  }

  @inline(__always)
  mutating func skipStrings() throws {
    let count = try count(ofAtLeast: MemoryLayout<Int>.size)
    for _ in 0..<count { try skipString() }
  }

  @inline(__always)
  mutating func skipLocation() throws {
    try skipString()
    _ = try optionalInt()
    _ = try optionalInt()
  }

  mutating func optionalInt() throws -> Int? {
    try bool() ? try int() : nil
  }

  mutating func strings() throws -> [String] {
    let count = try count(ofAtLeast: MemoryLayout<Int>.size)
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try string()) }
    return values
  }

  /// A string that must be UTF-8 as written (a file of counts holds nothing else): bytes that
  /// are not are refused, not replaced.
  mutating func validString() throws -> String {
    guard let value = String(validating: try take(try count()).bindMemory(to: UInt8.self), as: UTF8.self)
    else {
      throw Invalid()
    }
    return value
  }

  mutating func validStrings() throws -> [String] {
    let count = try count(ofAtLeast: MemoryLayout<Int>.size)
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try validString()) }
    return values
  }

  mutating func plain<Element: BitwiseCopyable>(_: Element.Type) throws -> [Element] {
    let stride = MemoryLayout<Element>.stride
    let count = try count(ofAtLeast: stride)
    let start = offset
    let source = try take(count * stride)
    let copy = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0, let base = buffer.baseAddress, let from = source.baseAddress {
        UnsafeMutableRawPointer(base).copyMemory(from: from, byteCount: count * stride)
      }
      initialized = count
    }
    if source.count >= 1 << 20 { file?.dropPages(from: start, count: source.count) }
    return copy
  }

  mutating func location() throws -> SourceLocation {
    let bytes = try take(try count())
    let file: String
    if let lastFile, Self.same(lastFile.bytes, bytes) {
      file = lastFile.file
    } else {
      file = String(decoding: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
      lastFile = (bytes, file)
    }
    return SourceLocation(file: file, line: try optionalInt(), column: try optionalInt())
  }

  /// Whether two buffers hold the same bytes (`memcmp`: `elementsEqual` took 580 instructions
  /// for a path).
  private static func same(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
    guard first.count == second.count else { return false }
    guard let one = first.baseAddress, let other = second.baseAddress else { return true }
    return memcmp(one, other, first.count) == 0
  }
}
