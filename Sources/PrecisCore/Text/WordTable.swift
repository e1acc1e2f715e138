import Foundation

/// A hash table keyed by words, compared by their UTF-8 bytes.
///
/// `Dictionary<String, _>` hashes a key with SipHash after checking it is in NFC: about 500
/// instructions a lookup, paid for every token against stopword lists, the glossary index and
/// the stem memo. This table hashes the bytes with FNV-1a and compares them with `memcmp`,
/// about a tenth of that. Keys are stored once, in one byte array.
///
/// Keys are compared in NFC: a key that may hold a combining accent (U+0300–U+036F) is composed
/// before it is stored or looked up, so `é` precomposed and decomposed are one key, as they are
/// for `Dictionary<String, _>`, and reading a key then writing it back (`table[key, default: 0]
/// += 1`) always reaches the same entry. Text reaches the stages in NFC (the `normalize`
/// stage), where the check is a scan of the key's bytes. `index(of:)` takes bytes as they are.
public struct WordTable<Value> {
  /// An entry's key: where its bytes are in `arena`, and its hash.
  @usableFromInline
  struct Key: Sendable {
    @usableFromInline var start: Int
    @usableFromInline var length: Int
    @usableFromInline var hash: UInt32

    @inlinable
    init(_ start: Int, _ length: Int, _ hash: UInt32) {
      self.start = start
      self.length = length
      self.hash = hash
    }
  }

  // Everything is inlinable: the table is generic and used from other modules, where an
  // unspecialized call costs a metadata lookup more than the lookup itself.

  /// The keys' bytes, one after another.
  @usableFromInline var arena: [UInt8] = []
  /// Each entry's key, in insertion order.
  @usableFromInline var keys: [Key] = []
  /// The entries' values, in insertion order.
  @usableFromInline var storedValues: [Value] = []
  /// Open addressing: entry numbers, `-1` for an empty slot; the count is a power of two.
  @usableFromInline var slots: [Int] = []

  /// An empty table.
  @inlinable public init() {}

  /// How many keys the table holds.
  @inlinable
  public var count: Int { keys.count }

  /// Whether the table is empty.
  @inlinable
  public var isEmpty: Bool { keys.isEmpty }

  /// The value for `key`, or `nil`; setting `nil` is not supported (use `removeAll`).
  @inlinable
  public subscript(key: String) -> Value? {
    get { entry(of: key).map { storedValues[$0] } }
    set {
      guard let newValue else { preconditionFailure("WordTable does not remove single keys") }
      let key = WordTable.composed(key)
      WordTable.withBytes(of: key) { bytes in
        if let found = index(of: bytes) {
          storedValues[found] = newValue
        } else {
          insert(bytes, newValue)
        }
      }
    }
  }

  /// The value for `key`, inserting `make()` first when the key is new.
  @inlinable
  public subscript(key: String, default make: @autoclosure () -> Value) -> Value {
    get { self[key] ?? make() }
    set { self[key] = newValue }
  }

  /// Whether the table holds `key`.
  @inlinable
  public func contains(_ key: String) -> Bool {
    entry(of: key) != nil
  }

  /// The entry number of `key`, composed first when it may hold a combining accent.
  @inlinable
  func entry(of key: String) -> Int? {
    let found = WordTable.withBytes(of: key) { bytes -> Int?? in
      WordTable.mayCombine(bytes) ? nil : .some(index(of: bytes))
    }
    if let found { return found }
    return WordTable.withBytes(of: WordTable.composed(key)) { index(of: $0) }
  }

  /// The value of entry number `entry` (from `index(of:)`).
  @inlinable
  public func value(at entry: Int) -> Value { storedValues[entry] }

  /// Changes every value in place.
  @inlinable
  public mutating func updateValues(_ body: (inout Value) throws -> Void) rethrows {
    for index in storedValues.indices { try body(&storedValues[index]) }
  }

  /// Empties the table.
  @inlinable
  public mutating func removeAll(keepingCapacity: Bool = false) {
    arena.removeAll(keepingCapacity: keepingCapacity)
    keys.removeAll(keepingCapacity: keepingCapacity)
    storedValues.removeAll(keepingCapacity: keepingCapacity)
    if keepingCapacity {
      for index in slots.indices { slots[index] = -1 }
    } else {
      slots = []
    }
  }

  /// The entry number of `bytes`, or `nil`.
  @inlinable
  public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !slots.isEmpty else { return nil }
    let hash = WordTable.hash(bytes)
    let mask = slots.count - 1
    var slot = Int(hash) & mask
    return arena.withUnsafeBufferPointer { arena in
      while true {
        let entry = slots[slot]
        if entry < 0 { return nil }
        let key = keys[entry]
        if key.hash == hash, key.length == bytes.count,
          WordTable.same(UnsafeBufferPointer(rebasing: arena[key.start...].prefix(bytes.count)), bytes)
        {
          return entry
        }
        slot = (slot + 1) & mask
      }
    }
  }

  @inlinable
  mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) {
    if (keys.count + 1) * 4 > slots.count * 3 { grow() }
    let hash = WordTable.hash(bytes)
    keys.append(Key(arena.count, bytes.count, hash))
    arena.append(contentsOf: bytes)
    storedValues.append(value)
    place(keys.count - 1, hash: hash)
  }

  @inlinable
  mutating func place(_ entry: Int, hash: UInt32) {
    let mask = slots.count - 1
    var slot = Int(hash) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  @inlinable
  mutating func grow() {
    slots = Array(repeating: -1, count: max(16, slots.count * 2))
    for entry in keys.indices { place(entry, hash: keys[entry].hash) }
  }

  /// Whether two buffers of the same length hold the same bytes.
  @inlinable
  static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = a.baseAddress, let second = b.baseAddress else { return a.count == b.count }
    return a.count == b.count && memcmp(first, second, a.count) == 0
  }

  /// FNV-1a over the bytes, folded to 32 bits.
  @inlinable
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
  }

  /// Runs `body` on the UTF-8 bytes of `key`, without copying a native string.
  @inlinable
  static func withBytes<R>(of key: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    key.withUTF8Bytes(body)
  }

  /// Whether UTF-8 `bytes` may hold a combining accent (U+0300–U+036F: lead byte CC or CD),
  /// the only keys NFC may change here.
  @inlinable
  public static func mayCombine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes where byte & 0xFE == 0xCC { return true }
    return false
  }

  /// `key` in NFC when it may hold a combining accent (U+0300–U+036F); most keys are ASCII or
  /// precomposed, and checking their bytes is cheaper than asking ICU.
  @inlinable
  public static func composed(_ key: String) -> String {
    guard withBytes(of: key, mayCombine) else { return key }
    return (try? ICUNormalizer.nfc(key)) ?? key
  }
}

extension WordTable: Sendable where Value: Sendable {}

/// A set of words compared by their UTF-8 bytes (see `WordTable`).
public struct WordSet: Sendable, ExpressibleByArrayLiteral {
  @usableFromInline var table = WordTable<Void>()

  /// An empty set.
  @inlinable
  public init() {}

  /// The set of `words`.
  @inlinable
  public init<S: Sequence>(_ words: S) where S.Element == String {
    for word in words { insert(word) }
  }

  /// The set of the listed words.
  @inlinable
  public init(arrayLiteral words: String...) { self.init(words) }

  /// How many words the set holds.
  @inlinable
  public var count: Int { table.count }

  /// Whether the set is empty.
  @inlinable
  public var isEmpty: Bool { table.isEmpty }

  /// Whether the set holds `word`.
  @inlinable
  public func contains(_ word: String) -> Bool { table.contains(word) }

  /// Whether the set holds the word whose UTF-8 is `bytes`, taken as they are (not composed:
  /// for bytes known to be in NFC, such as ASCII).
  @inlinable
  public func contains(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool { table.index(of: bytes) != nil }

  /// Adds `word`.
  @inlinable
  public mutating func insert(_ word: String) { table[word] = () }
}

extension String {
  /// Runs `body` on the string's UTF-8 bytes, without copying a native or small string.
  @inlinable
  public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = self
    return copy.withUTF8(body)
  }

  /// Whether the string's UTF-8 holds `byte`, found by the C library's `memchr` (a search of
  /// the UTF-8 view went through it at about 20 instructions a byte).
  @inlinable
  public func containsUTF8(_ byte: UInt8) -> Bool {
    withUTF8Bytes { bytes in
      guard let base = bytes.baseAddress else { return false }
      return memchr(base, Int32(byte), bytes.count) != nil
    }
  }

  /// Whether the two strings have the same UTF-8 bytes. Unlike `==`, canonically equivalent
  /// strings written differently (`é` precomposed and decomposed) differ, and no comparison
  /// ever normalizes: for text already in NFC, the cheap equality.
  @inlinable
  public func hasSameBytes(as other: String) -> Bool {
    guard utf8.count == other.utf8.count else { return false }
    return WordTable<Void>.withBytes(of: self) { mine in
      WordTable<Void>.withBytes(of: other) { theirs in
        WordTable<Void>.same(mine, theirs)
      }
    }
  }
}
