import CPrefetch
import CStemmer
import Foundation

/// A Snowball stemmer (libstemmer) for one language, owned by one task at a time.
public final class Stemmer {
  private let pointer: OpaquePointer
  /// The same algorithm over ISO 8859-1, for the words whose letters are all Latin-1 (nearly
  /// every French word; not `œ`): Snowball's single-byte code runs a third faster than its
  /// UTF-8 code, and gives the same stems (`nil` where libstemmer has no such encoding).
  private let latin1: OpaquePointer?
  /// Which words are content words (`contentStem(_:)`).
  private let isContent: @Sendable (String) -> Bool
  /// Whether a rule was given for content words (else every word is one). (Tested instead of
  /// an optional rule, which cost a retain and a release of the rule at every word.)
  private let hasContentRule: Bool

  /// Opens the Snowball algorithm for `language` (`fr`, `en`, or a Snowball name such as
  /// `french`). Returns `nil` when libstemmer has no such algorithm.
  public convenience init?(language: String) {
    self.init(language: language, isContent: nil)
  }

  /// A stemmer of a pool, which gives the rule for content words. (The stemmers of a pool do
  /// not share their stems: a table they both read and wrote under a lock cost a corpus run
  /// of two workers 5 to 9% of its time, in waits and wake-ups on the lock; a word that both
  /// meet is stemmed by each.)
  init?(language: String, isContent: (@Sendable (String) -> Bool)?) {
    let algorithm = Stemmer.algorithm(for: language)
    guard let stemmer = sb_stemmer_new(algorithm, "UTF_8") else {
      return nil
    }
    pointer = stemmer
    latin1 = sb_stemmer_new(algorithm, "ISO_8859_1")
    self.isContent = isContent ?? { _ in true }
    hasContentRule = isContent != nil
  }

  deinit {
    sb_stemmer_delete(pointer)
    if let latin1 { sb_stemmer_delete(latin1) }
  }

  /// The Snowball algorithm name for an ISO 639-1 code (`fr` → `french`).
  public static func algorithm(for language: String) -> String {
    let names = [
      "fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian",
      "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
      "fi": "finnish", "ru": "russian", "ro": "romanian", "hu": "hungarian", "tr": "turkish",
    ]
    return names[language] ?? language
  }

  /// Stems already computed: news repeats its words, and a lookup costs a fraction of Snowball.
  /// Emptied when it holds `memoLimit` stems, so that memory stays flat over a corpus. It also
  /// remembers which words are content words. (Only this stemmer's task touches it.)
  private let memo = StemMemo()
  /// How many stems `memo` holds at most.
  static let memoLimit = 50_000

  /// The stems this stemmer has given, numbered in the order it first gave them (emptied with
  /// `memo`).
  private let stemTable = StemMemo()
  /// Changes when the stemmer forgets its stems and numbers them anew (see
  /// `numberedContentStem(_:)`), which it does every `memoLimit` words to keep its memory flat.
  @exclusivity(unchecked) public private(set) var stemNumberEpoch = 0
  /// The numbers of the stems that may hold a combining accent (a word table keys those in NFC,
  /// which may join two): almost never any (emptied with `memo`).
  @exclusivity(unchecked) private var combiningStems: Set<Int> = []

  /// The stem of a lowercase word.
  public func stem(_ word: String) -> String {
    let known = StemMemo.withBytes(of: word) { bytes in memo.find(bytes).entry.flatMap { memo.stem(at: $0) } }
    return known ?? stemAnew(word).stem
  }

  /// The stem of a lowercase word when the pool's rule takes it for a content word (every word
  /// for a stemmer of no pool), else `nil`. The verdict is remembered with the stem: a word
  /// seen before costs one lookup.
  public func contentStem(_ word: String) -> String? {
    numberedContentStem(word)?.stem
  }

  /// `contentStem(_:)` and the stem's number: while `stemNumberEpoch` stays the same, two
  /// stems have the same number exactly when they have the same UTF-8 bytes, so a caller can
  /// tell stems apart by their numbers (from 0, in the order the stemmer first gave each)
  /// without hashing them.
  public func numberedContentStem(_ word: String) -> (stem: String, number: Int)? {
    guard hasContentRule else { return numberedStem(word) }
    // (The hot path, a word seen before, returns from the closure: no enum of outcomes is made.)
    var stemIsUnknown = false
    let known = StemMemo.withBytes(of: word) { bytes -> (stem: String, number: Int)? in
      let (found, hash) = memo.find(bytes)
      guard let entry = found else {
        let kept = isContent(word)
        memo.insert(verdict: kept ? .kept : .skipped, for: bytes, hash: hash)
        stemIsUnknown = kept
        return nil
      }
      switch memo.verdict(at: entry) {
      case .skipped: return nil
      case .kept: break
      case .unknown:
        // The entry holds the stem of another spelling of the word (see `stemAnew`).
        let kept = isContent(word)
        memo.setVerdict(kept ? .kept : .skipped, at: entry)
        if !kept { return nil }
      }
      if let numbered = memo.numberedStem(at: entry) { return numbered }
      stemIsUnknown = true
      return nil
    }
    return stemIsUnknown ? stemAnew(word) : known
  }

  /// The number of `numberedContentStem(_:)`'s stem for the word whose UTF-8 is `bytes`: a
  /// word seen before is answered from its bytes, without a string (`stem(numbered:)` gives the
  /// stem while the epoch lasts); a string is made only for a word seen for the first time.
  public func contentStemNumber(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    contentStemNumber(utf8: bytes, hash: StemMemo.hash(bytes))
  }

  /// `contentStemNumber(utf8:)` for a word whose hash `prefetch(utf8:)` returned.
  public func contentStemNumber(utf8 bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
    guard hasContentRule, let entry = memo.entry(of: bytes, hash: hash) else {
      return numberedContentStem(String(decoding: bytes, as: UTF8.self))?.number
    }
    switch memo.verdict(at: entry) {
    case .skipped: return nil
    case .kept: if let number = memo.stemNumber(at: entry) { return number }
    case .unknown: break
    }
    return numberedContentStem(String(decoding: bytes, as: UTF8.self))?.number
  }

  /// The stem numbered `number` by `numberedContentStem(_:)` or `contentStemNumber(utf8:)`
  /// since `stemNumberEpoch` last changed.
  public func stem(numbered number: Int) -> String { memo.stem(numbered: number) }

  /// Whether the stem numbered `number` (as `stem(numbered:)` reads it) may hold a combining
  /// accent, told without reading the stem.
  public func stemMayCombine(numbered number: Int) -> Bool {
    !combiningStems.isEmpty && combiningStems.contains(number)
  }

  /// Starts loading the memo's record of the word whose UTF-8 is `bytes` into the cache (see
  /// `prefetch(_:)`), and returns the word's hash, for `contentStemNumber(utf8:hash:)`.
  @discardableResult
  public func prefetch(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    memo.prefetch(bytes)
  }

  /// Starts loading the memo's record of `word` into the cache, ahead of a lookup: the
  /// lookups of a sentence's words, most of which miss the cache for the rarer words, then wait
  /// for memory together instead of one after another.
  public func prefetch(_ word: String) {
    _ = word.withUTF8Bytes { memo.prefetch($0) }
  }

  /// `stem(_:)` and the stem's number.
  private func numberedStem(_ word: String) -> (stem: String, number: Int) {
    let known = StemMemo.withBytes(of: word) { bytes in
      memo.find(bytes).entry.flatMap { memo.numberedStem(at: $0) }
    }
    return known ?? stemAnew(word)
  }

  /// Snowball's stem of `word` and its number, remembered under the word in NFC (as the word
  /// tables store their keys) after the memo is emptied if full.
  private func stemAnew(_ word: String) -> (stem: String, number: Int) {
    let stem = snowball(word)
    if memo.stemCount >= Stemmer.memoLimit {
      memo.removeAll()
      stemTable.removeAll()
      combiningStems.removeAll()
      stemNumberEpoch &+= 1
    }
    let (number, mayCombine) = StemMemo.withBytes(of: stem) {
      (stemTable.entryNumber(of: $0), WordTable<Int>.mayCombine($0))
    }
    if mayCombine { combiningStems.insert(number) }
    StemMemo.withBytes(of: word) { bytes in
      // (Only a word with a combining accent may change in NFC.)
      guard WordTable<String>.mayCombine(bytes) else {
        memo.setStem(stem, number: number, for: bytes)
        return
      }
      StemMemo.withBytes(of: WordTable<String>.composed(word)) { memo.setStem(stem, number: number, for: $0) }
    }
    return (stem, number)
  }

  /// Snowball's stem of `word`; the library's buffer is copied at once.
  private func snowball(_ word: String) -> String {
    var word = word
    return word.withUTF8 { buffer -> String in
      if let stem = latin1Snowball(buffer) { return stem }
      return utf8Snowball(buffer)
    }
  }

  /// Snowball's stem of the UTF-8 `buffer`, by the UTF-8 algorithm.
  func utf8Snowball(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
    guard let base = buffer.baseAddress,
      let result = sb_stemmer_stem(pointer, base, Int32(buffer.count))
    else { return String(decoding: buffer, as: UTF8.self) }
    let length = Int(sb_stemmer_length(pointer))
    return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
  }

  /// Snowball's stem of the UTF-8 `buffer` by the ISO 8859-1 algorithm, its scalars read as
  /// bytes and the stem's bytes read back as scalars; `nil` when there is no such algorithm or
  /// a scalar is beyond U+00FF (or the bytes are not UTF-8).
  func latin1Snowball(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
    guard let latin1, !buffer.isEmpty, buffer.count <= 256 else { return nil }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: buffer.count) { bytes -> String? in
      // UTF-8 to Latin-1: ASCII as it is, C2 xx and C3 xx to one byte each.
      var count = 0
      var index = 0
      while index < buffer.count {
        let byte = buffer[index]
        if byte < 0x80 {
          bytes[count] = byte
          index += 1
        } else if byte == 0xC2 || byte == 0xC3, index + 1 < buffer.count, buffer[index + 1] & 0xC0 == 0x80 {
          bytes[count] = (byte & 0x03) << 6 | buffer[index + 1] & 0x3F
          index += 2
        } else {
          return nil
        }
        count += 1
      }
      guard let base = bytes.baseAddress, let result = sb_stemmer_stem(latin1, base, Int32(count)) else {
        return nil
      }
      let stem = UnsafeBufferPointer(start: result, count: Int(sb_stemmer_length(latin1)))
      // Latin-1 to UTF-8: two bytes at most for each.
      return String(unsafeUninitializedCapacity: stem.count * 2) { output in
        var written = 0
        for byte in stem {
          if byte < 0x80 {
            output[written] = byte
            written += 1
          } else {
            output[written] = 0xC0 | byte >> 6
            output[written + 1] = 0x80 | byte & 0x3F
            written += 2
          }
        }
        return written
      }
    }
  }
}

/// Stemmers for one language, opened once per pipeline and lent to one task at a time.
public final class StemmerPool: @unchecked Sendable {
  /// The language's ISO code.
  public let language: String
  private let lock = NSLock()
  private var idle: [Stemmer] = []
  private let isContent: (@Sendable (String) -> Bool)?

  /// Opens a pool for `language`; throws a configuration error if Snowball lacks it. Its
  /// stemmers' `contentStem(_:)` keeps the words `isContent` accepts (every word when it is
  /// `nil`); the rule must answer the same for the same word every time.
  public init(
    language: String, location: SourceLocation, isContent: (@Sendable (String) -> Bool)? = nil
  ) throws {
    self.isContent = isContent
    guard let first = Stemmer(language: language, isContent: isContent) else {
      throw LexiconError(
        "libstemmer has no Snowball stemmer for language '\(language)'", at: location,
        notes: ["use a language Snowball supports, such as 'fr' or 'en'"])
    }
    self.language = language
    idle = [first]
  }

  /// Runs `body` with a stemmer no other task uses meanwhile.
  public func withStemmer<T>(_ body: (Stemmer) throws -> T) rethrows -> T {
    lock.lock()
    let stemmer = idle.popLast() ?? Stemmer(language: language, isContent: isContent)
    lock.unlock()
    guard let stemmer else { preconditionFailure("libstemmer refused a language it accepted") }
    defer {
      lock.lock()
      idle.append(stemmer)
      lock.unlock()
    }
    return try body(stemmer)
  }
}

/// Words and their stems, keyed by the words' UTF-8 bytes: a `WordTable` cut down to what the
/// stemmer asks, hashing eight bytes at a step instead of one and copying no key out of the
/// table. A word may also have a verdict (content word or not) without a stem.
///
/// Each word is one 32-byte record, two to a cache line, in an open-addressed table: a tag of
/// its hash, its length, verdict, stem number and order, and its bytes when they are 16 or
/// fewer (most words; longer ones are kept in `arena`). A lookup reads one line of the table,
/// then the stem from `stems`, which holds each stem once. The table it replaced read a slot,
/// an entry and the key's bytes from three arrays: three lines, most of them cache misses for
/// the rarer words, at every token.
///
/// A class, not a struct: it owns its records' memory. Each stemmer has its own, never copied.
final class StemMemo {
  /// Whether a word is a content word.
  enum Verdict: UInt8 {
    case unknown, kept, skipped
  }

  /// One word.
  fileprivate struct Record {
    /// The high 32 bits of the word's hash; its low bits choose the slot.
    var tag: UInt32
    var length: UInt16
    var verdict: Verdict
    /// `Record.occupied`, `Record.stemmed`.
    var flags: UInt8
    /// The stem's number: where it is in `stems`.
    var number: Int32
    /// The order in which the word was added (`entryNumber(of:)`).
    var ordinal: Int32
    /// The word's bytes, zero-padded, when it has at most `inlineLength`; else `key.0` is
    /// where they start in `arena`.
    var key: (UInt64, UInt64)

    static let occupied: UInt8 = 1
    static let stemmed: UInt8 = 2
    static let empty = Record(
      tag: 0, length: 0, verdict: .unknown, flags: 0, number: 0, ordinal: 0, key: (0, 0))
  }

  /// The most bytes a record holds in itself.
  static let inlineLength = 16

  /// `capacity` records, a power of two, at least twice `count`.
  @exclusivity(unchecked) private var records: UnsafeMutablePointer<Record>
  @exclusivity(unchecked) private var capacity: Int
  /// How many words the memo holds.
  @exclusivity(unchecked) private(set) var count = 0
  /// How many words have a stem.
  @exclusivity(unchecked) private(set) var stemCount = 0
  /// The stems, by number.
  @exclusivity(unchecked) private var stems: [String] = []
  /// The bytes of the words longer than `inlineLength`, one after another.
  @exclusivity(unchecked) private var arena: [UInt8] = []

  /// An empty memo, with room for 1,024 words (64 KB): an article's words fit. (Half a megabyte
  /// at first, for each of a pool's memos (three then), was a seventh of the memory pages a one-article
  /// run touches; a corpus's vocabulary is reached in six doublings more, which move its
  /// records a few times over in all.)
  init() {
    capacity = 1 << 11
    records = StemMemo.allocate(capacity)
  }

  deinit {
    UnsafeMutableRawPointer(records).deallocate()
  }

  /// `capacity` empty records, the first at the start of a cache line. (Records are plain
  /// values: nothing to deinitialize.)
  private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Record> {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: capacity * MemoryLayout<Record>.stride, alignment: 64)
    let records = raw.bindMemory(to: Record.self, capacity: capacity)
    records.initialize(repeating: .empty, count: capacity)
    return records
  }

  /// The entry of `bytes` (or `nil`), and their hash. An entry stays valid until a word is
  /// added.
  func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (entry: Int?, hash: UInt64) {
    let hash = StemMemo.hash(bytes)
    return (entry(of: bytes, hash: hash), hash)
  }

  /// Starts loading the record where the lookup of `bytes` starts, and returns their hash.
  @discardableResult
  func prefetch(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let hash = StemMemo.hash(bytes)
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    precis_prefetch(records + (Int(tag) & (capacity - 1)))
    return hash
  }

  /// The stem of an entry, if it has one.
  func stem(at entry: Int) -> String? {
    records[entry].flags & Record.stemmed != 0 ? stems[Int(records[entry].number)] : nil
  }

  /// The number of the stem of the word at `entry`, if it has one.
  func stemNumber(at entry: Int) -> Int? {
    guard records[entry].flags & Record.stemmed != 0 else { return nil }
    return Int(records[entry].number)
  }

  /// The stem numbered `number`.
  func stem(numbered number: Int) -> String { stems[number] }

  /// The stem of an entry and the stem's number, if it has a stem.
  func numberedStem(at entry: Int) -> (stem: String, number: Int)? {
    guard records[entry].flags & Record.stemmed != 0 else { return nil }
    let number = Int(records[entry].number)
    return (stems[number], number)
  }

  /// The number of `bytes`, added (with no stem) if the memo lacks them: the words are numbered
  /// from 0 in the order they were added.
  func entryNumber(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let hash = StemMemo.hash(bytes)
    let found = entry(of: bytes, hash: hash) ?? add(bytes, hash: hash, verdict: .unknown)
    return Int(records[found].ordinal)
  }

  /// The verdict of an entry.
  func verdict(at entry: Int) -> Verdict { records[entry].verdict }

  /// Sets the verdict of an entry.
  func setVerdict(_ verdict: Verdict, at entry: Int) { records[entry].verdict = verdict }

  /// Adds `bytes` (not in the memo, with hash `hash`) with a verdict and no stem.
  func insert(verdict: Verdict, for bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    _ = add(bytes, hash: hash, verdict: verdict)
  }

  /// Stores `stem` for `bytes` under the stem's `number`, replacing the stem stored before;
  /// without a number, the stem gets one of its own (the next free).
  func setStem(_ stem: String, number: Int? = nil, for bytes: UnsafeBufferPointer<UInt8>) {
    let hash = StemMemo.hash(bytes)
    let found = entry(of: bytes, hash: hash) ?? add(bytes, hash: hash, verdict: .unknown)
    if records[found].flags & Record.stemmed == 0 { stemCount += 1 }
    let number = number ?? stems.count
    while stems.count <= number { stems.append("") }
    stems[number] = stem
    records[found].flags |= Record.stemmed
    records[found].number = Int32(truncatingIfNeeded: number)
  }

  /// Empties the memo, keeping its storage.
  func removeAll() {
    records.update(repeating: .empty, count: capacity)
    stems.removeAll(keepingCapacity: true)
    arena.removeAll(keepingCapacity: true)
    count = 0
    stemCount = 0
  }

  /// Adds `bytes` (not in the memo) and returns its entry.
  private func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, verdict: Verdict) -> Int {
    if (count + 1) * 2 > capacity { grow() }
    var key = (UInt64(0), UInt64(0))
    if bytes.count <= StemMemo.inlineLength {
      key = StemMemo.inlineKey(bytes)
    } else {
      key.0 = UInt64(arena.count)
      arena.append(contentsOf: bytes)
    }
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    let slot = freeSlot(tag)
    records[slot] = Record(
      tag: tag, length: UInt16(truncatingIfNeeded: bytes.count), verdict: verdict, flags: Record.occupied,
      number: 0, ordinal: Int32(truncatingIfNeeded: count), key: key)
    count += 1
    return slot
  }

  /// The first empty record on the probe sequence of `tag`.
  private func freeSlot(_ tag: UInt32) -> Int {
    let mask = capacity - 1
    var slot = Int(tag) & mask
    while records[slot].flags != 0 { slot = (slot + 1) & mask }
    return slot
  }

  /// Doubles the table, moving every record to its place in the new one.
  private func grow() {
    let old = records
    let oldCapacity = capacity
    capacity *= 2
    records = StemMemo.allocate(capacity)
    for index in 0..<oldCapacity where old[index].flags != 0 {
      records[freeSlot(old[index].tag)] = old[index]
    }
    UnsafeMutableRawPointer(old).deallocate()
  }

  /// The entry of `bytes`, whose hash is `hash`, or `nil`.
  func entry(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
    // (Lengths are kept modulo 65,536: a word of 64 KiB or more, which is no word but may be a
    // token of a scraped page, is told apart by its bytes, as every word over 16 bytes is.)
    let mask = capacity - 1
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    var slot = Int(tag) & mask
    let length = UInt16(truncatingIfNeeded: bytes.count)
    let inline = bytes.count <= StemMemo.inlineLength
    let key = inline ? StemMemo.inlineKey(bytes) : (0, 0)
    while true {
      let record = records + slot
      if record.pointee.flags == 0 { return nil }
      if record.pointee.tag == tag, record.pointee.length == length {
        if inline {
          if record.pointee.key == key { return slot }
        } else if StemMemo.same(arena, from: Int(record.pointee.key.0), bytes) {
          return slot
        }
      }
      slot = (slot + 1) & mask
    }
  }

  /// The bytes of a word of at most `inlineLength` bytes, zero-padded.
  private static func inlineKey(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
    var key = (UInt64(0), UInt64(0))
    if let base = bytes.baseAddress {
      withUnsafeMutableBytes(of: &key) { $0.baseAddress?.copyMemory(from: base, byteCount: bytes.count) }
    }
    return key
  }

  /// Whether `arena` holds the bytes of `bytes` from `start`.
  private static func same(_ arena: [UInt8], from start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    arena.withUnsafeBufferPointer { arena in
      guard let stored = arena.baseAddress, let wanted = bytes.baseAddress else { return bytes.isEmpty }
      guard start + bytes.count <= arena.count else { return false }
      return memcmp(stored + start, wanted, bytes.count) == 0
    }
  }

  /// A hash of `bytes` (and their count) taken eight bytes at a step, the last step
  /// overlapping the one before; a short word is read in two overlapping halves.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = bytes.count
    var hash = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count &+ 1)
    guard let base = bytes.baseAddress else { return hash }
    let raw = UnsafeRawPointer(base)
    var tail: UInt64
    if count >= 8 {
      var offset = 0
      while offset &+ 8 < count {
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 32
        offset &+= 8
      }
      tail = raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    } else if count >= 4 {
      tail =
        UInt64(raw.loadUnaligned(as: UInt32.self)) << 32
        | UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
    } else {
      tail = 0
      for offset in 0..<count { tail = tail << 8 | UInt64(base[offset]) }
    }
    hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return hash ^ (hash >> 29)
  }

  /// Runs `body` on the UTF-8 bytes of `word`, without copying a native string.
  static func withBytes<R>(of word: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    word.withUTF8Bytes(body)
  }
}
