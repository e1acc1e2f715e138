import CStemmer
import Foundation

/// A Snowball stemmer (libstemmer) for one language, owned by one task at a time.
public final class Stemmer {
  private let pointer: OpaquePointer
  /// Which words are content words (`contentStem(_:)`).
  private let isContent: @Sendable (String) -> Bool
  /// Whether a rule was given for content words (else every word is one). (Tested instead of
  /// an optional rule, which cost a retain and a release of the rule at every word.)
  private let hasContentRule: Bool
  /// Stems that the other stemmers of the pool have computed.
  private let shared: SharedStems?

  /// Opens the Snowball algorithm for `language` (`fr`, `en`, or a Snowball name such as
  /// `french`). Returns `nil` when libstemmer has no such algorithm.
  public convenience init?(language: String) {
    self.init(language: language, isContent: nil, shared: nil)
  }

  /// A stemmer of a pool, which gives the rule for content words and shares its stems.
  init?(language: String, isContent: (@Sendable (String) -> Bool)?, shared: SharedStems?) {
    guard let stemmer = sb_stemmer_new(Stemmer.algorithm(for: language), "UTF_8") else {
      return nil
    }
    pointer = stemmer
    self.isContent = isContent ?? { _ in true }
    hasContentRule = isContent != nil
    self.shared = shared
  }

  deinit { sb_stemmer_delete(pointer) }

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
  /// remembers which words are content words. (Only this stemmer's task touches it, so the
  /// run-time exclusivity check, which cost more than the lookup, is off.)
  @exclusivity(unchecked) private var memo = StemMemo()
  /// How many stems `memo` holds at most.
  static let memoLimit = 50_000

  /// The stems this stemmer has given, numbered in the order it first gave them (emptied with
  /// `memo`).
  @exclusivity(unchecked) private var stemTable = StemMemo()
  /// Changes when the stemmer forgets its stems and numbers them anew (see
  /// `numberedContentStem(_:)`), which it does every `memoLimit` words to keep its memory flat.
  @exclusivity(unchecked) public private(set) var stemNumberEpoch = 0

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
    let stem = shared?.stem(of: word, snowball) ?? snowball(word)
    if memo.stemCount >= Stemmer.memoLimit {
      memo.removeAll()
      stemTable.removeAll()
      stemNumberEpoch &+= 1
    }
    let number = StemMemo.withBytes(of: stem) { stemTable.entryNumber(of: $0) }
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
      guard let base = buffer.baseAddress,
        let result = sb_stemmer_stem(pointer, base, Int32(buffer.count))
      else { return String(decoding: buffer, as: UTF8.self) }
      let length = Int(sb_stemmer_length(pointer))
      return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
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
  private let shared = SharedStems()

  /// Opens a pool for `language`; throws a configuration error if Snowball lacks it. Its
  /// stemmers' `contentStem(_:)` keeps the words `isContent` accepts (every word when it is
  /// `nil`); the rule must answer the same for the same word every time.
  public init(
    language: String, location: SourceLocation, isContent: (@Sendable (String) -> Bool)? = nil
  ) throws {
    self.isContent = isContent
    guard let first = Stemmer(language: language, isContent: isContent, shared: shared) else {
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
    let stemmer = idle.popLast() ?? Stemmer(language: language, isContent: isContent, shared: shared)
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

/// Snowball's stems of the words the stemmers of one pool have met, so that a word that two
/// tasks meet (the two halves of a long document) is stemmed once. Snowball's stem depends on
/// the word alone: any stemmer's is as good.
final class SharedStems: @unchecked Sendable {
  private let lock = NSLock()
  /// (Guarded by `lock`, so the run-time exclusivity check is off.)
  @exclusivity(unchecked) private var stems = StemMemo()
  /// How many stems the table holds at most before it is emptied.
  static let limit = 200_000

  /// The stem of `word`, from the table or from `snowball` (then stored).
  func stem(of word: String, _ snowball: (String) -> String) -> String {
    let known = StemMemo.withBytes(of: word) { bytes -> String? in
      lock.lock()
      defer { lock.unlock() }
      return stems.find(bytes).entry.flatMap { stems.stem(at: $0) }
    }
    if let known { return known }
    let stem = snowball(word)
    StemMemo.withBytes(of: word) { bytes in
      lock.lock()
      defer { lock.unlock() }
      if stems.stemCount >= SharedStems.limit { stems.removeAll() }
      stems.setStem(stem, for: bytes)
    }
    return stem
  }
}

/// Words and their stems, keyed by the words' UTF-8 bytes: a `WordTable` cut down to what the
/// stemmer asks, hashing eight bytes at a step instead of one and copying no key out of the
/// table. A word may also have a verdict (content word or not) without a stem.
struct StemMemo {
  /// Whether a word is a content word.
  enum Verdict: UInt8 {
    case unknown, kept, skipped
  }

  /// One word: where its bytes are in `arena`, their hash, its stem (and the stem's number)
  /// and its verdict.
  private struct Entry {
    var start: Int
    var length: Int
    var hash: UInt64
    var stem: String?
    var number: Int
    var verdict: Verdict
  }

  /// The words' bytes, one after another.
  private var arena: [UInt8] = []
  /// The words, in insertion order.
  private var entries: [Entry] = []
  /// Open addressing: per slot, `0` when empty, else the high 32 bits of the entry's hash
  /// (its tag) above its number plus one, so that a probe passes a slot of another word without
  /// reading its entry (each entry read was a cache miss in a memo of 50,000 words). The count
  /// is a power of two, at least twice the entries.
  private var slots: [UInt64] = []
  /// How many words have a stem.
  private(set) var stemCount = 0

  /// The entry of `bytes` (or `nil`), and their hash.
  func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (entry: Int?, hash: UInt64) {
    let hash = StemMemo.hash(bytes)
    return (entry(of: bytes, hash: hash), hash)
  }

  /// How many words the memo holds.
  var count: Int { entries.count }

  /// The stem of an entry, if it has one.
  func stem(at entry: Int) -> String? { entries[entry].stem }

  /// The stem of an entry and the stem's number, if it has a stem.
  func numberedStem(at entry: Int) -> (stem: String, number: Int)? {
    entries[entry].stem.map { ($0, entries[entry].number) }
  }

  /// The entry of `bytes`, added (with no stem) if the memo lacks them: the entries are numbered
  /// in the order they were added.
  mutating func entryNumber(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let hash = StemMemo.hash(bytes)
    if let found = entry(of: bytes, hash: hash) { return found }
    append(bytes, hash: hash, stem: nil, number: 0, verdict: .unknown)
    return entries.count - 1
  }

  /// The verdict of an entry.
  func verdict(at entry: Int) -> Verdict { entries[entry].verdict }

  /// Sets the verdict of an entry.
  mutating func setVerdict(_ verdict: Verdict, at entry: Int) { entries[entry].verdict = verdict }

  /// Adds `bytes` (not in the memo, with hash `hash`) with a verdict and no stem.
  mutating func insert(verdict: Verdict, for bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
    append(bytes, hash: hash, stem: nil, number: 0, verdict: verdict)
  }

  /// Stores `stem` (and its number) for `bytes`, replacing the stem stored before.
  mutating func setStem(_ stem: String, number: Int = 0, for bytes: UnsafeBufferPointer<UInt8>) {
    let hash = StemMemo.hash(bytes)
    guard let found = entry(of: bytes, hash: hash) else {
      append(bytes, hash: hash, stem: stem, number: number, verdict: .unknown)
      stemCount += 1
      return
    }
    if entries[found].stem == nil { stemCount += 1 }
    entries[found].stem = stem
    entries[found].number = number
  }

  /// Empties the memo, keeping its storage.
  mutating func removeAll() {
    arena.removeAll(keepingCapacity: true)
    entries.removeAll(keepingCapacity: true)
    for index in slots.indices { slots[index] = 0 }
    stemCount = 0
  }

  private mutating func append(
    _ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, stem: String?, number: Int, verdict: Verdict
  ) {
    if (entries.count + 1) * 2 > slots.count { grow() }
    entries.append(
      Entry(start: arena.count, length: bytes.count, hash: hash, stem: stem, number: number, verdict: verdict)
    )
    arena.append(contentsOf: bytes)
    place(entries.count - 1, hash: hash)
  }

  /// The entry number of `bytes`, whose hash is `hash`, or `nil`.
  private func entry(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
    guard !slots.isEmpty else { return nil }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    let tag = hash >> 32
    return slots.withUnsafeBufferPointer { slots in
      entries.withUnsafeBufferPointer { entries in
        arena.withUnsafeBufferPointer { arena in
          while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored >> 32 == tag {
              let entry = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
              if entries[entry].hash == hash, entries[entry].length == bytes.count,
                StemMemo.same(arena, from: entries[entry].start, bytes)
              {
                return entry
              }
            }
            slot = (slot + 1) & mask
          }
        }
      }
    }
  }

  private mutating func place(_ entry: Int, hash: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = (hash >> 32) << 32 | UInt64(entry + 1)
  }

  private mutating func grow() {
    slots = Array(repeating: 0, count: max(64, slots.count * 2))
    for entry in entries.indices { place(entry, hash: entries[entry].hash) }
  }

  /// Whether `arena` holds the bytes of `bytes` from `start` (compared eight, four or one at a
  /// time, overlapping at the end, instead of calling `memcmp` for a short word).
  private static func same(
    _ arena: UnsafeBufferPointer<UInt8>, from start: Int, _ bytes: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    guard let stored = arena.baseAddress, let wanted = bytes.baseAddress else { return bytes.isEmpty }
    let mine = UnsafeRawPointer(stored + start)
    let theirs = UnsafeRawPointer(wanted)
    let count = bytes.count
    if count >= 8 {
      var offset = 0
      while offset &+ 8 < count {
        if mine.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          != theirs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
          return false
        }
        offset &+= 8
      }
      return mine.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        == theirs.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    if count >= 4 {
      return mine.loadUnaligned(as: UInt32.self) == theirs.loadUnaligned(as: UInt32.self)
        && mine.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
          == theirs.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    for offset in 0..<count where stored[start &+ offset] != wanted[offset] { return false }
    return true
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
