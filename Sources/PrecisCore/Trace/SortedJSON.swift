import Foundation

/// JSON with sorted keys and two-space indentation: the bytes of Foundation's `JSONEncoder` with
/// `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`, written as the value is encoded.
///
/// Foundation's encoder first builds the whole value as a tree of boxed values, one per string
/// and number, and serializes the tree at the end: 1.9 GB more than the text brief for a 50 MB
/// article's document. Here every value is written into one growing buffer as it comes, each
/// member already indented for its place and its key before it. An object whose keys did not
/// come in order (by their UTF-8 bytes, as Foundation sorts them) is rewritten in order when it
/// ends, from its members' places in the buffer; the top-level value is written straight into
/// the string returned, the buffer's pages given back as they are copied.
public enum SortedJSON {
  /// `value` as JSON, ending with a newline.
  public static func encode<T: Encodable>(_ value: T) throws -> String {
    let writer = try JSONWriter.topLevel(value)
    var counter = ByteCounter()
    writer.emitRoot(into: &counter)
    return String(unsafeUninitializedCapacity: counter.count + 1) { buffer in
      guard let start = buffer.baseAddress else { return 0 }
      var output = PointerOutput(base: start)
      writer.emitRoot(into: &output, releasing: true)
      output.write(0x0A)
      return output.count
    }
  }

  /// `value` as the bytes of its JSON, without a final newline.
  public static func bytes<T: Encodable>(_ value: T) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try JSONWriter.topLevel(value).emitRoot(into: &bytes)
    return bytes
  }
}

// MARK: - Output

/// Where finished bytes go: an array, a counter (to size a string first) or a string's storage.
protocol JSONOutput {
  mutating func write(_ byte: UInt8)
  mutating func write(_ bytes: UnsafeRawBufferPointer)
}

extension JSONOutput {
  /// A new line indented for `depth`.
  mutating func newLine(depth: Int) {
    let spaces = depth * 2
    if spaces < JSONIndent.line.count {
      JSONIndent.line.withUnsafeBytes { write(UnsafeRawBufferPointer(rebasing: $0[0..<(spaces + 1)])) }
    } else {
      write(0x0A)
      for _ in 0..<spaces { write(0x20) }
    }
  }

  /// `key` quoted and escaped, then ` : `.
  mutating func writeKey(_ key: String) {
    JSONText.appendQuoted(key, to: &self)
    write(0x20)
    write(0x3A)
    write(0x20)
  }
}

/// A line break and the indentation of up to 31 levels.
enum JSONIndent {
  static let line: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 62)
}

extension Array: JSONOutput where Element == UInt8 {
  mutating func write(_ byte: UInt8) { append(byte) }
  mutating func write(_ bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

/// Bytes grown by `realloc`: a large buffer is remapped as it grows, where an array's growth
/// copies it into fresh pages (the kernel zeroing each) and a 434 MB document took 868 MB of
/// them. Owned by one writer, which frees it.
struct JSONBuffer: JSONOutput {
  private(set) var base: UnsafeMutablePointer<UInt8>? = nil
  private(set) var count = 0
  private var capacity = 0

  private mutating func reserve(_ extra: Int) {
    let needed = count + extra
    guard needed > capacity else { return }
    let grown = max(needed, capacity * 2, 4_096)
    guard let memory = realloc(base, grown) else { fatalError("out of memory for \(grown) bytes of JSON") }
    base = memory.assumingMemoryBound(to: UInt8.self)
    capacity = grown
  }

  mutating func write(_ byte: UInt8) {
    if count == capacity { reserve(1) }
    base?[count] = byte
    count += 1
  }

  mutating func write(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    if let base { memcpy(base + count, source, bytes.count) }
    count += bytes.count
  }

  /// Drops the bytes from `start` on.
  mutating func removeAll(from start: Int) { count = start }

  /// The bytes in `range`.
  func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
    guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
  }

  /// Gives the whole pages of `range` back to the system: the top-level value's bytes once they
  /// are copied into the string returned, so that the two are not both in memory. The bytes read
  /// as zeros after.
  func release(_ range: Range<Int>) {
    guard let base else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
    let end = (Int(bitPattern: base) + range.upperBound) / page * page
    if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
  }

  /// Frees the memory: the buffer is empty after.
  mutating func free() {
    Foundation.free(base)
    base = nil
    count = 0
    capacity = 0
  }
}

/// Counts the bytes instead of writing them.
struct ByteCounter: JSONOutput {
  var count = 0
  mutating func write(_ byte: UInt8) { count += 1 }
  mutating func write(_ bytes: UnsafeRawBufferPointer) { count += bytes.count }
}

/// Writes into memory sized beforehand by a `ByteCounter`.
struct PointerOutput: JSONOutput {
  let base: UnsafeMutablePointer<UInt8>
  var count = 0

  mutating func write(_ byte: UInt8) {
    base[count] = byte
    count += 1
  }

  mutating func write(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress else { return }
    UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
    count += bytes.count
  }
}

// MARK: - Scalars

enum JSONScalar {
  /// A whole number in decimal. (Concrete types only: the encoders' containers run as
  /// unspecialized generic code, where generic arithmetic cost a call a digit.)
  static func appendInteger<Output: JSONOutput>(_ value: Int64, to bytes: inout Output) {
    if value < 0 { bytes.write(0x2D) }
    appendInteger(value.magnitude, to: &bytes)
  }

  static func appendInteger<Output: JSONOutput>(_ value: UInt64, to bytes: inout Output) {
    var magnitude = value
    // The digits, last first: at most 20.
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { buffer in
      var count = 0
      repeat {
        buffer[count] = 0x30 + UInt8(truncatingIfNeeded: magnitude % 10)
        count += 1
        magnitude /= 10
      } while magnitude != 0
      for index in stride(from: count - 1, through: 0, by: -1) { bytes.write(buffer[index]) }
    }
  }

  /// A finite number as Foundation writes it: Swift's shortest form, less a final `.0`.
  static func appendFloat<T: BinaryFloatingPoint & LosslessStringConvertible, Output: JSONOutput>(
    _ value: T, to bytes: inout Output, codingPath: @autoclosure () -> [any CodingKey]
  ) throws {
    guard value.isFinite else {
      throw EncodingError.invalidValue(
        value,
        EncodingError.Context(
          codingPath: codingPath(), debugDescription: "Unable to encode \(T.self).\(value) directly in JSON.")
      )
    }
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    text.withUTF8 { bytes.write(UnsafeRawBufferPointer($0)) }
  }

  static func appendBool<Output: JSONOutput>(_ value: Bool, to bytes: inout Output) {
    var text = value ? "true" : "false"
    text.withUTF8 { bytes.write(UnsafeRawBufferPointer($0)) }
  }

  static func appendNull<Output: JSONOutput>(to bytes: inout Output) {
    var text = "null"
    text.withUTF8 { bytes.write(UnsafeRawBufferPointer($0)) }
  }
}

// MARK: - Writer

/// A key of an array element, or `super`, for coding paths.
private struct JSONKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    self.stringValue = "Index \(intValue)"
    self.intValue = intValue
  }
}

/// The bytes of one value being encoded, and of the values it holds.
///
/// Values nest as their `encode(to:)` calls do, so the ones being written are a stack of frames
/// over one buffer: a frame's bytes run from its start to the end of the buffer, and it is
/// finished (closed, and rewritten in key order if need be) when its `encode(to:)` returns. A
/// nested container or super encoder may be written after later members of its parent, so it
/// gets a writer of its own, emitted in its place when the parent ends.
final class JSONWriter {
  enum Kind {
    case none, object, array, single
  }

  struct Frame {
    var kind = Kind.none
    /// How deep the value is: its closing bracket is indented twice this many spaces.
    let depth: Int
    let start: Int
    let firstMember: Int
    /// The value's key in its object; `nil` for an array element (whose place is `index`) and
    /// for a value written in a single value's place (`index` -1), which add nothing to a path.
    let key: (any CodingKey)?
    let index: Int
    /// Whether the members so far came in key order, each key once.
    var inOrder = true
    var hasDeferred = false
  }

  struct Member {
    var key: String
    var start: Int
    var end: Int
    var deferred: JSONWriter?
  }

  @exclusivity(unchecked) var bytes = JSONBuffer()
  @exclusivity(unchecked) var members: [Member] = []
  @exclusivity(unchecked) var frames: [Frame] = []
  /// An object's bytes while it is rewritten in key order, and its members' order: kept for
  /// the next.
  @exclusivity(unchecked) private var scratch = JSONBuffer()
  @exclusivity(unchecked) private var order: [Int] = []
  /// Key sequences of objects rewritten lately, and the order of their members that sorts them.
  private var knownOrders: [(keys: [String], order: [Int])] = []
  /// The coding path of the value this writer writes: empty for the top level.
  let basePath: [any CodingKey]
  /// Whether the root frame is closed (a deferred writer is emitted once, when its parent ends).
  private var finished = false

  init(depth: Int, basePath: [any CodingKey]) {
    self.basePath = basePath
    frames.append(Frame(depth: depth, start: 0, firstMember: 0, key: nil, index: -1))
  }

  deinit {
    bytes.free()
    scratch.free()
  }

  /// The writer of `value` at the top level.
  static func topLevel<T: Encodable>(_ value: T) throws -> JSONWriter {
    let writer = JSONWriter(depth: 0, basePath: [])
    try value.encode(to: SortedJSONEncoder(writer: writer, frame: 0))
    // (As Foundation: a value that wrote nothing at all is no JSON.)
    if writer.frames[0].kind == .none {
      throw EncodingError.invalidValue(
        value,
        EncodingError.Context(
          codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
    }
    return writer
  }

  /// The coding path of the value of `frame`.
  func codingPath(through frame: Int) -> [any CodingKey] {
    basePath
      + frames[1..<(frame + 1)].compactMap { frame in
        frame.key ?? (frame.index >= 0 ? JSONKey(intValue: frame.index) : nil)
      }
  }

  // MARK: Containers and members

  /// Makes the value of `frame` an object or an array, opening it.
  func open(_ frame: Int, as kind: Kind) {
    if frames[frame].kind == .none {
      frames[frame].kind = kind
      bytes.write(kind == .object ? 0x7B : 0x5B)
    } else {
      precondition(frames[frame].kind == kind, "a value asked for a keyed and an unkeyed container at once")
    }
  }

  /// Writes the separator, indentation and key (in an object) of a new member of `frame`, and
  /// returns where its value starts.
  private func beginMember(_ frame: Int, key: String) -> Int {
    let first = members.count == frames[frame].firstMember
    if !first { bytes.write(0x2C) }
    bytes.newLine(depth: frames[frame].depth + 1)
    if frames[frame].kind == .object {
      if frames[frame].inOrder, !first, !JSONWriter.precedes(members[members.count - 1].key, key) {
        frames[frame].inOrder = false
      }
      bytes.writeKey(key)
    }
    return bytes.count
  }

  /// Adds a member to `frame` whose value `write` appends.
  func add(_ frame: Int, key: String, _ write: (inout JSONBuffer) throws -> Void) rethrows {
    let start = beginMember(frame, key: key)
    try write(&bytes)
    members.append(Member(key: key, start: start, end: bytes.count, deferred: nil))
  }

  /// Adds a member to `frame` whose value `value.encode(to:)` writes.
  func add<T: Encodable>(_ frame: Int, key: String, codingKey: (any CodingKey)?, index: Int, value: T) throws
  {
    let start = beginMember(frame, key: key)
    try write(value, depth: frames[frame].depth + 1, key: codingKey, index: index)
    members.append(Member(key: key, start: start, end: bytes.count, deferred: nil))
  }

  /// Adds a member to `frame` whose value a writer of its own gives later; returns its encoder.
  func addDeferred(_ frame: Int, key: String, codingKey: any CodingKey) -> SortedJSONEncoder {
    let start = beginMember(frame, key: key)
    frames[frame].hasDeferred = true
    let writer = JSONWriter(
      depth: frames[frame].depth + 1, basePath: codingPath(through: frame) + [codingKey])
    members.append(Member(key: key, start: start, end: start, deferred: writer))
    return SortedJSONEncoder(writer: writer, frame: 0)
  }

  /// Appends `value`'s JSON at `depth`.
  func write<T: Encodable>(_ value: T, depth: Int, key: (any CodingKey)?, index: Int) throws {
    // (The scalars that come through generic paths, as an array's elements do.)
    if T.self == String.self {
      JSONText.appendQuoted(
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: String.self, capacity: 1) { $0.pointee } },
        to: &bytes)
      return
    }
    if T.self == Int.self {
      let integer = withUnsafePointer(to: value) {
        $0.withMemoryRebound(to: Int.self, capacity: 1) { $0.pointee }
      }
      JSONScalar.appendInteger(Int64(integer), to: &bytes)
      return
    }
    frames.append(Frame(depth: depth, start: bytes.count, firstMember: members.count, key: key, index: index))
    let frame = frames.count - 1
    try value.encode(to: SortedJSONEncoder(writer: self, frame: frame))
    close(frame)
    frames.removeLast()
  }

  /// Makes the value of `frame` a single value that `write` appends (in place of any before).
  func setSingle(_ frame: Int, _ write: (inout JSONBuffer) throws -> Void) rethrows {
    bytes.removeAll(from: frames[frame].start)
    frames[frame].kind = .single
    try write(&bytes)
  }

  /// Sets `order` to the indices of `range`'s members in key order, the last of equal keys
  /// only. The objects of a type come with the same keys in the same order, so the orders found
  /// for the last few key sequences are kept and reused.
  private func sortedOrder(of range: Range<Int>) {
    if let known = knownOrders.first(where: { known in
      known.keys.count == range.count && zip(known.keys, members[range]).allSatisfy { $0 == $1.key }
    }) {
      order.append(contentsOf: known.order.lazy.map { range.lowerBound + $0 })
      return
    }
    var relative = Array(0..<range.count)
    relative.sort { a, b in
      let first = members[range.lowerBound + a].key
      let second = members[range.lowerBound + b].key
      return JSONWriter.precedes(first, second) || (first == second && a < b)
    }
    relative = relative.indices.filter { position in
      position == relative.count - 1
        || members[range.lowerBound + relative[position]].key
          != members[range.lowerBound + relative[position + 1]].key
    }.map { relative[$0] }
    if knownOrders.count == 16 { knownOrders.removeFirst() }
    knownOrders.append((members[range].map(\.key), relative))
    order.append(contentsOf: relative.lazy.map { range.lowerBound + $0 })
  }

  /// Whether key `a` comes before `b` in Foundation's order: by their UTF-8 bytes.
  static func precedes(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { a in
      b.withUTF8 { b in
        a.lexicographicallyPrecedes(b)
      }
    }
  }

  // MARK: Closing

  /// Ends the value of `frame`: closes its brackets, or writes an empty object for a value that
  /// wrote nothing; rewrites it in key order if need be.
  private func close(_ frame: Int) {
    let current = frames[frame]
    switch current.kind {
    case .single: break
    case .none:
      bytes.write(0x7B)
      bytes.write(0x0A)
      bytes.newLine(depth: current.depth)
      bytes.write(0x7D)
    case .object, .array:
      if current.inOrder, !current.hasDeferred {
        if members.count == current.firstMember { bytes.write(0x0A) }
        bytes.newLine(depth: current.depth)
        bytes.write(current.kind == .object ? 0x7D : 0x5D)
      } else {
        scratch.removeAll(from: 0)
        scratch.write(bytes.bytes(current.start..<bytes.count))
        bytes.removeAll(from: current.start)
        rewrite(frame, from: scratch.bytes(0..<scratch.count), offset: current.start, into: &bytes)
        // (A large object's copy is not kept: the top level's is the whole document.)
        if scratch.count > 1 << 20 { scratch.free() }
      }
    }
    members.removeSubrange(current.firstMember...)
  }

  /// The object or array of `frame` written anew from `written`, its bytes so far (which
  /// started at `offset` in the buffer): members in key order, the last of equal keys (as
  /// Foundation keeps), deferred members in their place.
  private func rewrite<Output: JSONOutput>(
    _ frame: Int, from written: UnsafeRawBufferPointer, offset: Int, into output: inout Output,
    releasing: Bool = false
  ) {
    let current = frames[frame]
    order.removeAll(keepingCapacity: true)
    if current.kind == .object {
      sortedOrder(of: current.firstMember..<members.count)
    } else {
      order.append(contentsOf: current.firstMember..<members.count)
    }
    output.write(current.kind == .object ? 0x7B : 0x5B)
    if order.isEmpty { output.write(0x0A) }
    for (position, index) in order.enumerated() {
      if position > 0 { output.write(0x2C) }
      output.newLine(depth: current.depth + 1)
      let member = members[index]
      if current.kind == .object { output.writeKey(member.key) }
      if let deferred = member.deferred {
        deferred.emitRoot(into: &output)
      } else {
        output.write(
          UnsafeRawBufferPointer(rebasing: written[(member.start - offset)..<(member.end - offset)]))
        if releasing { bytes.release(member.start..<member.end) }
      }
    }
    output.newLine(depth: current.depth)
    output.write(current.kind == .object ? 0x7D : 0x5D)
  }

  /// Writes the whole value of this writer (its root frame) to `output`. The root is closed here
  /// rather than into the buffer when it needs rewriting, so the buffer is copied once.
  /// `releasing` gives the buffer's pages back as they are copied: the writer is done with after.
  func emitRoot<Output: JSONOutput>(into output: inout Output, releasing: Bool = false) {
    let root = frames[0]
    if !finished, root.kind == .object || root.kind == .array, !root.inOrder || root.hasDeferred {
      rewrite(0, from: bytes.bytes(0..<bytes.count), offset: 0, into: &output, releasing: releasing)
      return
    }
    if !finished {
      close(0)
      finished = true
    }
    // (A mebibyte at a time when releasing.)
    let step = releasing ? 1 << 20 : max(bytes.count, 1)
    for start in stride(from: 0, to: bytes.count, by: step) {
      let range = start..<min(start + step, bytes.count)
      output.write(bytes.bytes(range))
      if releasing { bytes.release(range) }
    }
  }
}

/// An encoder of one value: its writer and the frame of the value.
struct SortedJSONEncoder: Encoder {
  let writer: JSONWriter
  let frame: Int

  var codingPath: [any CodingKey] { writer.codingPath(through: frame) }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    writer.open(frame, as: .object)
    return KeyedEncodingContainer(KeyedContainer<Key>(writer: writer, frame: frame))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    writer.open(frame, as: .array)
    return UnkeyedContainer(writer: writer, frame: frame)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleContainer(writer: writer, frame: frame)
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let writer: JSONWriter
  let frame: Int

  var codingPath: [any CodingKey] { writer.codingPath(through: frame) }

  mutating func encodeNil(forKey key: Key) throws {
    writer.add(frame, key: key.stringValue) { JSONScalar.appendNull(to: &$0) }
  }

  mutating func encode(_ value: Bool, forKey key: Key) throws {
    writer.add(frame, key: key.stringValue) { JSONScalar.appendBool(value, to: &$0) }
  }

  mutating func encode(_ value: String, forKey key: Key) throws {
    writer.add(frame, key: key.stringValue) { JSONText.appendQuoted(value, to: &$0) }
  }

  mutating func encode(_ value: Double, forKey key: Key) throws { try float(value, key) }
  mutating func encode(_ value: Float, forKey key: Key) throws { try float(value, key) }
  mutating func encode(_ value: Int, forKey key: Key) throws { signed(Int64(value), key) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { signed(Int64(value), key) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { signed(Int64(value), key) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { signed(Int64(value), key) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { signed(value, key) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { unsigned(UInt64(value), key) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { unsigned(UInt64(value), key) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { unsigned(UInt64(value), key) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { unsigned(UInt64(value), key) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { unsigned(value, key) }

  private func signed(_ value: Int64, _ key: Key) {
    writer.add(frame, key: key.stringValue) { JSONScalar.appendInteger(value, to: &$0) }
  }

  private func unsigned(_ value: UInt64, _ key: Key) {
    writer.add(frame, key: key.stringValue) { JSONScalar.appendInteger(value, to: &$0) }
  }

  private func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T, _ key: Key) throws {
    try writer.add(frame, key: key.stringValue) {
      try JSONScalar.appendFloat(value, to: &$0, codingPath: codingPath + [key])
    }
  }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try writer.add(frame, key: key.stringValue, codingKey: key, index: -1, value: value)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    writer.addDeferred(frame, key: key.stringValue, codingKey: key).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    writer.addDeferred(frame, key: key.stringValue, codingKey: key).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    writer.addDeferred(frame, key: "super", codingKey: JSONKey(stringValue: "super"))
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    writer.addDeferred(frame, key: key.stringValue, codingKey: key)
  }
}

/// The whole-number overloads of a container that writes values without keys, by the two that
/// every width comes to.
private protocol JSONIntegerWriting {
  mutating func encode(_ value: Int64) throws
  mutating func encode(_ value: UInt64) throws
}

extension JSONIntegerWriting {
  mutating func encode(_ value: Int) throws { try encode(Int64(value)) }
  mutating func encode(_ value: Int8) throws { try encode(Int64(value)) }
  mutating func encode(_ value: Int16) throws { try encode(Int64(value)) }
  mutating func encode(_ value: Int32) throws { try encode(Int64(value)) }
  mutating func encode(_ value: UInt) throws { try encode(UInt64(value)) }
  mutating func encode(_ value: UInt8) throws { try encode(UInt64(value)) }
  mutating func encode(_ value: UInt16) throws { try encode(UInt64(value)) }
  mutating func encode(_ value: UInt32) throws { try encode(UInt64(value)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer, JSONIntegerWriting {
  let writer: JSONWriter
  let frame: Int
  private(set) var count = 0

  init(writer: JSONWriter, frame: Int) {
    self.writer = writer
    self.frame = frame
  }

  var codingPath: [any CodingKey] { writer.codingPath(through: frame) }

  private mutating func scalar(_ write: (inout JSONBuffer) throws -> Void) rethrows {
    try writer.add(frame, key: "", write)
    count += 1
  }

  mutating func encodeNil() throws { scalar { JSONScalar.appendNull(to: &$0) } }
  mutating func encode(_ value: Bool) throws { scalar { JSONScalar.appendBool(value, to: &$0) } }
  mutating func encode(_ value: String) throws { scalar { JSONText.appendQuoted(value, to: &$0) } }
  mutating func encode(_ value: Double) throws { try float(value) }
  mutating func encode(_ value: Float) throws { try float(value) }
  mutating func encode(_ value: Int64) throws { scalar { JSONScalar.appendInteger(value, to: &$0) } }
  mutating func encode(_ value: UInt64) throws { scalar { JSONScalar.appendInteger(value, to: &$0) } }

  private mutating func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) throws {
    let path = codingPath + [JSONKey(intValue: count)]
    try scalar { try JSONScalar.appendFloat(value, to: &$0, codingPath: path) }
  }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try writer.add(frame, key: "", codingKey: nil, index: count, value: value)
    count += 1
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    deferred().container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { deferred().unkeyedContainer() }

  mutating func superEncoder() -> any Encoder { deferred() }

  private mutating func deferred() -> SortedJSONEncoder {
    defer { count += 1 }
    return writer.addDeferred(frame, key: "", codingKey: JSONKey(intValue: count))
  }
}

private struct SingleContainer: SingleValueEncodingContainer, JSONIntegerWriting {
  let writer: JSONWriter
  let frame: Int

  var codingPath: [any CodingKey] { writer.codingPath(through: frame) }

  mutating func encodeNil() throws { writer.setSingle(frame) { JSONScalar.appendNull(to: &$0) } }
  mutating func encode(_ value: Bool) throws {
    writer.setSingle(frame) { JSONScalar.appendBool(value, to: &$0) }
  }
  mutating func encode(_ value: String) throws {
    writer.setSingle(frame) { JSONText.appendQuoted(value, to: &$0) }
  }
  mutating func encode(_ value: Double) throws { try float(value) }
  mutating func encode(_ value: Float) throws { try float(value) }
  mutating func encode(_ value: Int64) throws { integer { JSONScalar.appendInteger(value, to: &$0) } }
  mutating func encode(_ value: UInt64) throws { integer { JSONScalar.appendInteger(value, to: &$0) } }

  private func integer(_ write: (inout JSONBuffer) -> Void) { writer.setSingle(frame, write) }

  private func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) throws {
    try writer.setSingle(frame) { try JSONScalar.appendFloat(value, to: &$0, codingPath: codingPath) }
  }

  /// A value written in this one's place, at the same depth.
  mutating func encode<T: Encodable>(_ value: T) throws {
    let current = writer.frames[frame]
    writer.setSingle(frame) { _ in }
    try writer.write(value, depth: current.depth, key: nil, index: -1)
  }
}
