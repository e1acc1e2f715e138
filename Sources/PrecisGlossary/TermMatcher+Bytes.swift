import CPrefetch
import PrecisCore

// The matcher asks, for every token, whether its word starts a term: most do not, so that
// question is answered from the word's UTF-8 bytes, without copying a token, a term or a
// string, and without the canonical-equivalence machinery of `String.==` and `Set<String>`.

// MARK: - Words by their bytes

/// Words numbered in the order first given, found from their UTF-8 bytes: an open-addressing
/// table of plain values (the words' bytes in one array), so that a look-up copies nothing and
/// counts no references. Words are compared byte for byte, as `WordTable` compares them.
struct ByteKeys: Sendable {
  /// Where each word's bytes are in `arena`, by number, and a word of up to eight bytes itself
  /// (`Key.word`): most words are compared without reading `arena`, a cache miss fewer.
  private var keys: [Key] = []
  /// The words' bytes, one after another.
  private var arena: [UInt8] = []
  /// Per slot, `0` when empty, else a word's tag (`Hash.tag`) in the high 32 bits and its number
  /// plus one in the low ones: most misses are told without reading a word. The count is a
  /// power of two, at least four times the words when the capacity was given right, so that
  /// most misses end at the first slot (and at least twice, or the table grows).
  private var slots: [UInt64]
  /// How far a hash is shifted right to give a slot: 64 minus log2 of the slot count.
  private var shift: Int

  /// A table for about `capacity` words (it grows past them).
  init(capacity: Int) {
    var count = 16
    while count < capacity * 4 { count *= 2 }
    slots = Array(repeating: 0, count: count)
    shift = 64 - count.trailingZeroBitCount
  }

  /// How many words the table holds.
  var count: Int { keys.count }

  /// Adds `bytes` unless the table holds them, and returns their number and whether they were
  /// added.
  mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (number: Int, inserted: Bool) {
    let hash = Hash(bytes)
    if let number = number(of: bytes, hash: hash) { return (number, false) }
    keys.append(Key(start: arena.count, length: bytes.count, word: hash.word))
    arena.append(contentsOf: bytes)
    if keys.count * 2 > slots.count {
      grow()
    } else {
      place(keys.count - 1, hash: hash)
    }
    return (keys.count - 1, true)
  }

  /// Puts word `number`, whose hash is `hash`, in the first free slot from its own.
  private mutating func place(_ number: Int, hash: Hash) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash.value >> shift)
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = UInt64(hash.tag) << 32 | UInt64(number + 1)
  }

  /// Doubles the slots twice and places every word again.
  private mutating func grow() {
    slots = Array(repeating: 0, count: slots.count * 4)
    shift -= 2
    for number in keys.indices {
      let key = keys[number]
      let hash = arena.withUnsafeBufferPointer {
        Hash(UnsafeBufferPointer(rebasing: $0[key.start..<(key.start + key.length)]))
      }
      place(number, hash: hash)
    }
  }

  /// The number of the word `bytes`, whose hash is `hash`, or `nil`.
  @inline(__always)
  func number(of bytes: UnsafeBufferPointer<UInt8>, hash: Hash) -> Int? {
    number(of: bytes, hash: hash) { _ in }
  }

  /// The number of the word `bytes`, whose hash is `hash`, or `nil`; `candidate` is told the
  /// number of a word whose tag matches before its bytes are compared (to start loading what
  /// the caller will read for it).
  @inline(__always)
  func number(of bytes: UnsafeBufferPointer<UInt8>, hash: Hash, candidate: (Int) -> Void) -> Int? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash.value >> shift)
    while true {
      let entry = slots[slot]
      if entry == 0 { return nil }
      if UInt32(truncatingIfNeeded: entry >> 32) == hash.tag {
        let number = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
        candidate(number)
        let key = keys[number]
        if key.length == bytes.count,
          bytes.count <= 8
            ? key.word == hash.word
            : arena.withUnsafeBufferPointer({ arena in
              bytes.indices.allSatisfy { arena[key.start + $0] == bytes[$0] }
            })
        {
          return number
        }
      }
      slot = (slot + 1) & mask
    }
  }

  /// Where a word's bytes are in `arena`, and the word itself when it has at most eight bytes.
  struct Key {
    private var start32: UInt32
    private var length32: UInt32
    /// The bytes of a word of up to eight bytes, little-endian, zero past its end (`Hash.word`);
    /// zero for a longer word.
    var word: UInt64

    var start: Int { Int(start32) }
    var length: Int { Int(length32) }

    init(start: Int, length: Int, word: UInt64) {
      start32 = UInt32(start)
      length32 = UInt32(length)
      self.word = length <= 8 ? word : 0
    }
  }

  /// A hash of some bytes read eight at a time, and whether they are ASCII and lowercase ASCII,
  /// told from the same words.
  struct Hash {
    /// The hash; its high bits depend on every byte and choose the slot.
    var value: UInt64
    /// The bytes themselves, little-endian and zero past their end, when there are at most
    /// eight of them; else zero.
    var word: UInt64 = 0
    /// Whether every byte is ASCII.
    var ascii: Bool
    /// Whether every byte is ASCII and none is a capital (`Fold.isFolded`).
    var lowercaseASCII: Bool

    /// The bits kept in a slot to tell most words apart without reading them.
    var tag: UInt32 { UInt32(truncatingIfNeeded: value >> 24) }

    /// The hash of `bytes`.
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
      let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
      let high: UInt64 = 0x8080_8080_8080_8080
      var value = UInt64(bytes.count) &* multiplier
      guard let base = bytes.baseAddress else {
        self.value = value
        ascii = true
        lowercaseASCII = true
        return
      }
      let raw = UnsafeRawPointer(base)
      // Most words fit in one word of eight bytes.
      if bytes.count <= 8 {
        let word = bytes.isEmpty ? 0 : Hash.word(raw, from: 0, count: bytes.count)
        self.word = word
        value = (value ^ word) &* multiplier
        self.value = (value ^ value &>> 29) &* multiplier
        ascii = word & high == 0
        lowercaseASCII = Hash.notLowercaseASCII(word) == 0
        return
      }
      var nonASCII: UInt64 = 0
      var flagged: UInt64 = 0
      var offset = 0
      while offset < bytes.count {
        let word = Hash.word(raw, from: offset, count: bytes.count)
        nonASCII |= word & high
        flagged |= Hash.notLowercaseASCII(word)
        value = (value ^ word) &* multiplier
        value ^= value &>> 29
        offset &+= 8
      }
      self.value = value &* multiplier
      ascii = nonASCII == 0
      lowercaseASCII = flagged == 0
    }

    /// The eight bytes from `offset` (before `count`) as one little-endian word, the bytes past
    /// `count` zero. (No byte past `count` is read: a short tail is put together from
    /// overlapping loads.)
    @inline(__always)
    static func word(_ raw: UnsafeRawPointer, from offset: Int, count: Int) -> UInt64 {
      // (Wrapping arithmetic and masking shifts: `count` is at most a string's length, and
      // the shifts stay below 64.)
      let left = count &- offset
      if left >= 8 { return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
      if left >= 4 {
        let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        let high = UInt64(
          UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
        // The loads overlap on equal bytes at equal places.
        return low | high &<< UInt64((left &- 4) &* 8)
      }
      let first = UInt64(raw.load(fromByteOffset: offset, as: UInt8.self))
      let middle = UInt64(raw.load(fromByteOffset: offset &+ left >> 1, as: UInt8.self))
      let last = UInt64(raw.load(fromByteOffset: count &- 1, as: UInt8.self))
      return first | middle &<< UInt64((left >> 1) &* 8) | last &<< UInt64((left &- 1) &* 8)
    }

    /// The high bit of each byte of `word` that is not ASCII or is an ASCII capital (`A`–`Z`).
    static func notLowercaseASCII(_ word: UInt64) -> UInt64 {
      let high: UInt64 = 0x8080_8080_8080_8080
      let low7 = word & ~high
      // Per byte, with no carry between bytes (at most 0x7F + 0x3F): the high bit is set from
      // `A` (0x41) on, then from `[` (0x5B) on.
      let fromA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F
      let pastZ = low7 &+ 0x2525_2525_2525_2525
      return (word & high) | (fromA & ~pastZ & high)
    }
  }
}

// MARK: - First words

/// The terms each first-word form starts, found from the form's UTF-8 bytes (`ByteKeys`), with
/// the term lists in one array of plain values.
///
/// A form has two lists: the terms whose first word takes that form (`TermMatcher.Term.slots`),
/// and those whose first word takes it without accents (`foldedSlots`), in the order given,
/// each with whether the form is plural.
///
/// A lowercase ASCII word is its own form without accents: its folded list adds only the terms
/// that are not in its plain list (the others are tried once, from the plain list). Those are
/// kept apart as well (`Lists.foldedBeyondPlain`): for most such words there are none, and
/// whether the word has capitals need not be asked.
struct FirstWordIndex: Sendable {
  /// A term a form starts, and whether the form is plural there. (Kept in 32 bits without
  /// padding, 16 bytes: the compiled glossary keeps the starts as they are in memory and reads
  /// them back in one copy, instead of five integers each rebuilt into a 40-byte value.)
  ///
  /// A term whose first word is a frequent function word (`les européennes`) is listed under
  /// its second word instead, as `led`: the matcher tries it from the word before, so that
  /// every `les` of an article is not the start of a term to try.
  struct Start: Sendable, Equatable {
    private var term32: Int32
    private var runEnd32: Int32
    private var written32: Int32
    /// Bit 0: plural; bit 1: led.
    private var flags32: UInt32

    var term: Int {
      get { Int(term32) }
      set { term32 = Int32(newValue) }
    }
    var plural: Bool {
      get { flags32 & 1 != 0 }
      set { flags32 = flags32 & ~1 | (newValue ? 1 : 0) }
    }
    /// Whether the form is the term's second word, not its first: the term starts at the word
    /// before (`TermMatcher.leads`).
    var led: Bool {
      get { flags32 & 2 != 0 }
      set { flags32 = flags32 & ~2 | (newValue ? 2 : 0) }
    }
    /// For a term matched only as written, the number its first word has as written
    /// (`TermTable.writtenNumber`); `nil` for the others.
    var written: Int? {
      get { written32 < 0 ? nil : Int(written32) }
      set { written32 = newValue.map { Int32($0) } ?? -1 }
    }
    /// Where in `starts` the run of terms matched only as written with this first word ends
    /// (`Le Monde`, `Le Figaro`, `Le Point`): a word not written so matches none of them.
    /// For the other terms, the next position.
    var runEnd: Int {
      get { Int(runEnd32) }
      set { runEnd32 = Int32(newValue) }
    }

    init(term: Int, plural: Bool, led: Bool = false, written: Int? = nil, runEnd: Int = 0) {
      term32 = Int32(term)
      runEnd32 = Int32(runEnd)
      written32 = written.map { Int32($0) } ?? -1
      flags32 = (plural ? 1 : 0) | (led ? 2 : 0)
    }

    /// Whether the start can be one `FirstWordIndex` made, for `count` starts and `terms` terms.
    func isValid(count: Int, terms: Int) -> Bool {
      term32 >= 0 && Int(term32) < terms && runEnd32 > 0 && Int(runEnd32) <= count && written32 >= -1
        && flags32 <= 3 && !(led && written32 >= 0)
    }
  }

  /// The lists of a form: positions in `starts`. (Kept in 32 bits without padding, 28 bytes,
  /// for the compiled glossary, as `Start` is; each range's bounds are in order, as they were
  /// set or checked when read.)
  struct Lists: Sendable {
    private var bounds: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
    private var flags: UInt32 = 0

    /// The terms whose first word takes the form.
    var plain: Range<Int> {
      get { Range(uncheckedBounds: (Int(bounds.0), Int(bounds.1))) }
      set { (bounds.0, bounds.1) = (Int32(newValue.lowerBound), Int32(newValue.upperBound)) }
    }
    /// The terms whose first word takes the form without accents.
    var folded: Range<Int> {
      get { Range(uncheckedBounds: (Int(bounds.2), Int(bounds.3))) }
      set { (bounds.2, bounds.3) = (Int32(newValue.lowerBound), Int32(newValue.upperBound)) }
    }
    /// The terms of `folded` that are not in `plain`, in the same order.
    var foldedBeyondPlain: Range<Int> {
      get { Range(uncheckedBounds: (Int(bounds.4), Int(bounds.5))) }
      set { (bounds.4, bounds.5) = (Int32(newValue.lowerBound), Int32(newValue.upperBound)) }
    }
    /// Whether the form looked up is lowercase ASCII (`Fold.isFolded`): its own form without
    /// accents.
    var lowercaseASCII: Bool {
      get { flags != 0 }
      set { flags = newValue ? 1 : 0 }
    }

    init(lowercaseASCII: Bool = false) { self.lowercaseASCII = lowercaseASCII }

    /// Whether the lists can be ones `FirstWordIndex` made, for `count` starts.
    func isValid(count: Int) -> Bool {
      func valid(_ lower: Int32, _ upper: Int32) -> Bool {
        lower >= 0 && lower <= upper && Int(upper) <= count
      }
      return valid(bounds.0, bounds.1) && valid(bounds.2, bounds.3) && valid(bounds.4, bounds.5) && flags <= 1
    }
  }

  /// The forms.
  private var forms: ByteKeys
  /// The lists of each form, by its number.
  private var lists: [Lists] = []
  /// Every form's lists, one after another.
  private(set) var starts: [Start] = []
  /// Two bits per form in one of its 64-bit words, both chosen by the form's hash
  /// (`FirstWordIndex.bits`): a word with either bit clear starts no term. Most words start
  /// none, and this 32 KB filter, which stays in the core's cache, tells them with one load
  /// without reading the slots of `forms` (half a megabyte for the glossary, where most of the
  /// matcher's cache misses were). (Two bits in two words were two loads, each a first-level
  /// miss as often as not.)
  private var filter = [UInt64](repeating: 0, count: FirstWordIndex.filterWords)
  /// The filter's size in 64-bit words (2^18 bits).
  static let filterWords = 1 << 12

  /// The table of `lists`: for each form, the terms it starts as written and without accents.
  /// A form given twice keeps its first lists.
  init(_ lists: [(form: String, plain: [Start], folded: [Start])]) {
    forms = ByteKeys(capacity: lists.count)
    for (form, plain, folded) in lists {
      guard form.withUTF8Bytes({ forms.insert($0).inserted }) else { continue }
      let (word, bits) = form.withUTF8Bytes { FirstWordIndex.bits(ByteKeys.Hash($0)) }
      filter[word] |= bits
      var made = Lists()
      made.plain = append(plain)
      made.folded = append(folded)
      // (A long list is looked up through a set: a scan of it for each folded start cost the
      // square of the terms a common first word starts, 12 s for 80,000 terms of `droit`.)
      if plain.count > 16 {
        let plainTerms = Set(plain.lazy.map(\.term))
        made.foldedBeyondPlain = append(folded.filter { !plainTerms.contains($0.term) })
      } else {
        made.foldedBeyondPlain = append(folded.filter { start in !plain.contains { $0.term == start.term } })
      }
      self.lists.append(made)
    }
  }

  /// Appends `list` to `starts`, each start with the end of its run, and returns where it is.
  private mutating func append(_ list: [Start]) -> Range<Int> {
    let first = starts.count
    for (offset, start) in list.enumerated() {
      var start = start
      var end = offset + 1
      if let written = start.written {
        while end < list.count, list[end].written == written { end += 1 }
      }
      start.runEnd = first + end
      starts.append(start)
    }
    return first..<starts.count
  }

  /// The filter's word and two bits for a hash, from its bits remixed (its high bits choose
  /// the slot).
  @inline(__always)
  static func bits(_ hash: ByteKeys.Hash) -> (word: Int, bits: UInt64) {
    let mixed = hash.value &* 0xD6E8_FEB8_6659_FD93
    let word = Int(truncatingIfNeeded: mixed >> 52) & (filterWords - 1)
    return (word, 1 << ((mixed >> 40) & 63) | 1 << ((mixed >> 34) & 63))
  }

  /// The lists of the form `bytes` (empty when it starts no term), and whether it is lowercase
  /// ASCII, told on the way.
  func lists(of bytes: UnsafeBufferPointer<UInt8>) -> Lists {
    let hash = ByteKeys.Hash(bytes)
    let (word, bits) = FirstWordIndex.bits(hash)
    // A form's lists are asked to load as soon as its slot names it, while its key is compared
    // (two cache misses at once instead of one after the other).
    guard filter[word] & bits == bits,
      let number = lists.withUnsafeBufferPointer({ lists in
        forms.number(of: bytes, hash: hash) { number in precis_prefetch(lists.baseAddress.map { $0 + number })
        }
      })
    else {
      return Lists(lowercaseASCII: hash.lowercaseASCII)
    }
    var found = lists[number]
    found.lowercaseASCII = hash.lowercaseASCII
    return found
  }
}

// MARK: - The words of the terms

/// The words of every term and the forms each may take, laid out for the matching loop: plain
/// values in flat arrays, so that trying a term copies nothing and counts no references (the
/// `Term` values, with their arrays of `Forms`, cost more to read than to match).
struct TermTable: Sendable {
  /// Per term, where its words start in `wordForms`; a term's words end where the next's start.
  private var firstWord: [Int] = [0]
  /// Per term, whether it matches only as written.
  private var caseSensitive: [Bool] = []
  /// Per term, how many of its leading words decide its number.
  private var headCount: [Int] = []
  /// Per word, where its forms start in `formEnds`: its lowercased forms, then its forms
  /// without accents; the next word's forms start after them.
  private var wordForms: [Int] = [0]
  /// Per form, where its bytes end in `bytes` (the first form's start at 0).
  private var formEnds: [Int] = [0]
  /// Per word, the byte lengths of its lowercased forms, one bit each (bit 63 for 63 bytes or
  /// more): `hasForm(ofLength:term:word:)` reads one word of a small array instead of walking
  /// the word's forms through two larger ones (three cache misses for a rarer term).
  private var formLengths: [UInt64] = []
  /// Per form, whether it is plural.
  private var formPlural: [Bool] = []
  /// The forms' UTF-8 bytes, one after another.
  private var bytes: [UInt8] = []
  /// Per word, where its bytes as written end in `writtenBytes` (the first word's start at 0);
  /// only the words of the terms matched as written are kept (the others are empty).
  private var writtenEnds: [Int] = [0]
  /// Per word, whether it is written in ASCII only.
  private var writtenASCII: [Bool] = []
  /// The words as written, one after another, for the terms that match only as written.
  private var writtenBytes: [UInt8] = []
  /// Per word of a term matched as written, a number shared by the words written with the same
  /// bytes; `-1` for the others.
  private var writtenNumbers: [Int] = []

  /// The table of `terms`, in their order.
  init(_ terms: [TermMatcher.Term]) {
    // (Built for every pipeline that loads a glossary: bytes are copied from contiguous
    // storage, and only the words of the terms matched as written are kept and numbered.)
    var written = ByteKeys(capacity: terms.reduce(0) { $0 + ($1.caseSensitive ? $1.slots.count : 0) })
    let formCount = terms.reduce(0) { count, term in
      term.slots.indices.reduce(count) { $0 + term.slots[$1].forms.count + term.foldedSlots[$1].forms.count }
    }
    formEnds.reserveCapacity(formCount + 1)
    formPlural.reserveCapacity(formCount)
    func add(_ forms: Forms) {
      for (form, plural) in zip(forms.forms, forms.plural) {
        form.withUTF8Bytes { bytes.append(contentsOf: $0) }
        formEnds.append(bytes.count)
        formPlural.append(plural)
      }
      wordForms.append(formEnds.count - 1)
    }
    for term in terms {
      for word in term.slots.indices {
        add(term.slots[word])
        formLengths.append(
          term.slots[word].forms.reduce(0) { $0 | 1 << UInt64(min($1.utf8.count, 63)) })
        add(term.foldedSlots[word])
        let text = term.caseSensitive && word < term.written.count ? term.written[word] : ""
        text.withUTF8Bytes { text in
          writtenBytes.append(contentsOf: text)
          writtenASCII.append(text.allSatisfy { $0 < 0x80 })
          writtenNumbers.append(term.caseSensitive ? written.insert(text).number : -1)
        }
        writtenEnds.append(writtenBytes.count)
      }
      firstWord.append((wordForms.count - 1) / 2)
      caseSensitive.append(term.caseSensitive)
      headCount.append(term.headCount)
    }
  }

  /// How many words term `term` has.
  @inline(__always)
  func wordCount(_ term: Int) -> Int { firstWord[term + 1] - firstWord[term] }

  /// Whether term `term` matches only as written.
  @inline(__always)
  func isCaseSensitive(_ term: Int) -> Bool { caseSensitive[term] }

  /// How many of the leading words of term `term` decide its number.
  @inline(__always)
  func headCount(_ term: Int) -> Int { headCount[term] }

  /// The lowercased forms of word `word` of term `term` (or, when `folded`, its forms without
  /// accents), as the term was built with them.
  func forms(term: Int, word: Int, folded: Bool) -> Forms {
    let list = 2 * (firstWord[term] + word) + (folded ? 1 : 0)
    let range = wordForms[list]..<wordForms[list + 1]
    return Forms(
      forms: range.map { String(decoding: bytes[formEnds[$0]..<formEnds[$0 + 1]], as: UTF8.self) },
      plural: range.map { formPlural[$0] })
  }

  /// Whether `text` (UTF-8 bytes) is plural as word `word` of term `term`, compared byte for
  /// byte with its lowercased forms (or, when `folded`, its forms without accents); `nil` when
  /// it is none of them. The first form with these bytes decides, as in `Forms`.
  func reading(of text: UnsafeBufferPointer<UInt8>, term: Int, word: Int, folded: Bool) -> Bool? {
    let list = 2 * (firstWord[term] + word) + (folded ? 1 : 0)
    let forms = wordForms[list]..<wordForms[list + 1]
    return bytes.withUnsafeBufferPointer { bytes in
      for form in forms {
        let start = formEnds[form]
        guard formEnds[form + 1] - start == text.count else { continue }
        if text.indices.allSatisfy({ bytes[start + $0] == text[$0] }) { return formPlural[form] }
      }
      return nil
    }
  }

  /// A number shared by the words written with the same bytes as word `word` of term `term`, a
  /// term matched only as written: whether a token is written as one is whether it is written
  /// as the others.
  @inline(__always)
  func writtenNumber(term: Int, word: Int) -> Int { writtenNumbers[firstWord[term] + word] }

  /// Whether the token at `position` is written as word `word` of term `term`, a term matched
  /// only as written (`==` on the texts, whose words as written are `written`): answered from
  /// the bytes when they are equal or both ASCII.
  func isWritten(
    at position: Int, in tokens: TokenBuffer, as term: Int, word: Int, written: [String]
  ) -> Bool {
    let number = firstWord[term] + word
    let range = writtenEnds[number]..<writtenEnds[number + 1]
    let ascii = writtenASCII[number]
    let text = tokens.text(position)
    let answer: Bool? = writtenBytes.withUnsafeBufferPointer { bytes in
      if text.count == range.count, text.indices.allSatisfy({ bytes[range.lowerBound + $0] == text[$0] }) {
        return true
      }
      return ascii && text.allSatisfy { $0 < 0x80 } ? false : nil
    }
    return answer ?? (tokens.textString(position) == written[word])
  }

  /// Whether word `word` of term `term` has a lowercased form of `length` bytes: when it has
  /// none, a word of that length is none of its forms, and its bytes need not be read.
  @inline(__always)
  func hasForm(ofLength length: Int, term: Int, word: Int) -> Bool {
    // (Past 62 bytes the answer may be yes for a form of another length: the callers then
    // compare the bytes, as they do after any yes.)
    formLengths[firstWord[term] + word] & 1 << UInt64(min(length, 63)) != 0
  }

  /// `reading(of:term:word:folded:)` for the bytes of `text`.
  func reading(of text: String, term: Int, word: Int, folded: Bool) -> Bool? {
    text.withUTF8Bytes { reading(of: $0, term: term, word: word, folded: folded) }
  }
}

// MARK: - Words compared by their bytes

extension String {
  /// Whether the string is written in ASCII only.
  var isASCII: Bool { withUTF8Bytes { bytes in bytes.allSatisfy { $0 < 0x80 } } }

  /// `self == other`, answered from the bytes when they are equal or both ASCII (whose
  /// canonical equivalence is byte equality); other strings are compared by `==`.
  func isSameText(as other: String) -> Bool {
    if hasSameBytes(as: other) { return true }
    if isASCII, other.isASCII { return false }
    return self == other
  }
}

/// A set of words that answers `Set<String>.contains` exactly, from the bytes for a word whose
/// scalars are all below U+0300 (ASCII and the Latin letters with their accents: most words;
/// hashed as `WordTable` hashes) and from the `Set` for any other.
///
/// The byte table holds the members in NFC. Every scalar below U+0300 is in NFC and composes
/// with nothing after it but a combining mark (U+0300 and above), so such a word is in NFC, and
/// canonically equivalent to a member exactly when their NFC bytes are the same.
struct ASCIIWordSet: Sendable {
  /// The words, compared as `String`s compare.
  let words: Set<String>
  /// The words in NFC, by their bytes.
  private let keys: ByteKeys

  /// The set of `words`.
  init(_ words: Set<String>) {
    self.words = words
    var keys = ByteKeys(capacity: words.count)
    for word in words {
      let composed = word.isASCII ? word : ((try? ICUNormalizer.nfc(word)) ?? word)
      _ = composed.withUTF8Bytes { keys.insert($0) }
    }
    self.keys = keys
  }

  /// Whether the set holds a word equal to `word`. (Never inlined: inlined in the matching
  /// loop, it copied the set, counting a reference to each of its four tables, at each call.)
  @inline(never)
  func contains(_ word: String) -> Bool {
    word.withUTF8Bytes { contains(utf8: $0) }
  }

  /// Whether the set holds a word equal to the one whose UTF-8 is `bytes`: no string is made
  /// for a word of scalars below U+0300 (whose bytes are all below 0xCC).
  func contains(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let hash = ByteKeys.Hash(bytes)
    if hash.ascii || bytes.allSatisfy({ $0 < 0xCC }) { return keys.number(of: bytes, hash: hash) != nil }
    return words.contains(String(decoding: bytes, as: UTF8.self))
  }
}

// MARK: - Compiled form

// The tables as the compiled-glossary cache keeps them (`CompiledGlossary`): every array as
// it is, read back without building anything.

extension ByteKeys {
  func write(to writer: inout BinaryWriter) {
    // (`Key` is plain and without padding: two 32-bit bounds and a word.)
    writer.write(plain: keys)
    writer.write(plain: arena)
    writer.write(plain: slots)
    writer.write(shift)
  }

  init(reading reader: inout BinaryReader) throws {
    keys = try reader.plain(Key.self)
    arena = try reader.plain(UInt8.self)
    slots = try reader.plain(UInt64.self)
    shift = try reader.int()
    // A lookup probes `slots` until an empty one, and reads the key each names. (A key's word
    // is as it was written: the file's checksum was right.)
    let count = keys.count
    let arenaCount = arena.count
    guard arena.count <= UInt32.max,
      slots.count >= 16, slots.count.nonzeroBitCount == 1, shift == 64 - slots.count.trailingZeroBitCount,
      count * 2 <= slots.count,
      keys.allSatisfy({ $0.length <= arenaCount && $0.start <= arenaCount - $0.length }),
      slots.allSatisfy({ $0 & 0xFFFF_FFFF <= UInt64(count) })
    else { throw BinaryReader.Invalid() }
  }
}

extension FirstWordIndex {
  func write(to writer: inout BinaryWriter) {
    forms.write(to: &writer)
    // (Both are plain values without padding: see `Start` and `Lists`.)
    writer.write(plain: lists)
    writer.write(plain: starts)
    writer.write(plain: filter)
  }

  init(reading reader: inout BinaryReader, terms: Int) throws {
    forms = try ByteKeys(reading: &reader)
    lists = try reader.plain(Lists.self)
    starts = try reader.plain(Start.self)
    filter = try reader.plain(UInt64.self)
    let count = starts.count
    guard filter.count == FirstWordIndex.filterWords, lists.count == forms.count,
      lists.allSatisfy({ $0.isValid(count: count) }),
      starts.allSatisfy({ $0.isValid(count: count, terms: terms) })
    else {
      throw BinaryReader.Invalid()
    }
  }
}

extension TermTable {
  /// The table's arrays, by element type, in the order they are written.
  // (Computed: key paths are not `Sendable`, so they cannot be stored in a static.)
  private static var integerArrays: [WritableKeyPath<TermTable, [Int]>] {
    [\.firstWord, \.headCount, \.wordForms, \.formEnds, \.writtenEnds, \.writtenNumbers]
  }
  private static var flagArrays: [WritableKeyPath<TermTable, [Bool]>] {
    [\.caseSensitive, \.formPlural, \.writtenASCII]
  }
  private static var byteArrays: [WritableKeyPath<TermTable, [UInt8]>] { [\.bytes, \.writtenBytes] }

  func write(to writer: inout BinaryWriter) {
    for path in TermTable.integerArrays { writer.write(plain: self[keyPath: path]) }
    for path in TermTable.flagArrays { writer.write(plain: self[keyPath: path]) }
    for path in TermTable.byteArrays { writer.write(plain: self[keyPath: path]) }
    writer.write(plain: formLengths)
  }

  init(reading reader: inout BinaryReader) throws {
    self.init([])
    for path in TermTable.integerArrays { self[keyPath: path] = try reader.plain(Int.self) }
    for path in TermTable.flagArrays { self[keyPath: path] = try reader.plain(Bool.self) }
    for path in TermTable.byteArrays { self[keyPath: path] = try reader.plain(UInt8.self) }
    formLengths = try reader.plain(UInt64.self)
  }
}
