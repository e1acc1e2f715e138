/// A quotation that runs over several sentences of one paragraph: `"Aman était calme, réservé,
/// respectueux. L'enfant sage parmi tous ses copains", raconte sa voisine.` is one quotation
/// over two sentences, the second of which starts inside it.
public struct Quotation: Sendable, Equatable {
  /// The opening mark: `«`, `“` or `"`.
  public var mark: Unicode.Scalar
  /// The sentence that opens it.
  public var first: Int
  /// The sentence that closes it.
  public var last: Int

  /// Creates a quotation.
  public init(mark: Unicode.Scalar, first: Int, last: Int) {
    self.mark = mark
    self.first = first
    self.last = last
  }

  /// The mark that closes a quotation opened by `mark`: `»` for `«`, `”` for `“`, `"` for `"`.
  public static func closingMark(of mark: Unicode.Scalar) -> Unicode.Scalar {
    switch mark {
    case "«": return "»"
    case "“": return "”"
    default: return mark
    }
  }
}

/// Where each sentence stands in the quotations that run over several sentences.
///
/// Guillemets and curly double quotes say which way they go (single quotes are left out: `’`
/// is the apostrophe too). A straight quote opens when it is spaced from what comes before it
/// and attached to what follows (` "Je`), and closes the other way round (`fin."`,
/// `copains",`); one that is neither (`mot"mot`, ` " `) closes an open straight quotation, else
/// opens one. A straight quote that opens while the only open quotation is a straight one
/// starts a new quotation: the earlier quote was a stray one. A closing mark with no quotation
/// of its kind open is ignored. A quotation still open at the end of its paragraph is not
/// counted (a multi-paragraph quotation, or a stray mark): nothing is said of its sentences.
public struct QuotationContext: Sendable, Equatable {
  /// For each sentence, the quotation open where it starts (opened by an earlier sentence);
  /// empty when no quotation runs over several sentences.
  private var starts: [Quotation?]
  /// For each sentence, the quotation still open where it ends (closed by a later sentence);
  /// empty when no quotation runs over several sentences.
  private var ends: [Quotation?]

  /// The quotation open where `sentence` starts, opened by an earlier sentence.
  public func openAtStart(_ sentence: Int) -> Quotation? { starts.isEmpty ? nil : starts[sentence] }

  /// The quotation still open where `sentence` ends, closed by a later sentence.
  public func openAtEnd(_ sentence: Int) -> Quotation? { ends.isEmpty ? nil : ends[sentence] }

  /// The quotations of `sentences` (in document order, each with its paragraph).
  ///
  /// - Complexity: O(*n*) in the length of the sentences.
  public init(_ sentences: [Sentence]) {
    var state = Scan(count: sentences.count)
    for (position, sentence) in sentences.enumerated() {
      if sentence.paragraph != state.paragraph {
        state.open.removeAll()
        state.paragraph = sentence.paragraph
      }
      var text = sentence.text
      text.withUTF8 { QuotationContext.scan($0, sentence: position, into: &state) }
    }
    starts = state.openAtStart
    ends = state.openAtEnd
  }

  /// What the scan knows between two sentences.
  struct Scan {
    /// Made when the first quotation over several sentences closes (most sentences are in none).
    var openAtStart: [Quotation?] = []
    var openAtEnd: [Quotation?] = []
    let count: Int
    /// The open marks, outermost first.
    var open: [Unicode.Scalar] = []
    /// The sentence that opened the outermost open mark.
    var first = 0
    var paragraph = -1

    init(count: Int) {
      self.count = count
    }

    /// A mark of sentence `position` opens or closes; a closing one ends the outermost
    /// quotation when none is left open, which gives each sentence since the one that opened
    /// it its place.
    mutating func met(_ mark: Unicode.Scalar, opens: Bool, in position: Int) {
      if opens {
        if mark == "\"", open == ["\""] {
          first = position  // the straight quote before was a stray one
        } else {
          if open.isEmpty { first = position }
          open.append(mark)
        }
        return
      }
      let opening: Unicode.Scalar = mark == "»" ? "«" : (mark == "”" ? "“" : "\"")
      guard let depth = open.lastIndex(of: opening) else { return }
      let outermost = open[0]
      open.removeSubrange(depth...)
      guard open.isEmpty, first < position else { return }
      let quotation = Quotation(mark: outermost, first: first, last: position)
      if openAtStart.isEmpty {
        openAtStart = Array(repeating: nil, count: count)
        openAtEnd = Array(repeating: nil, count: count)
      }
      for inside in first..<position {
        openAtEnd[inside] = quotation
        openAtStart[inside + 1] = quotation
      }
    }
  }

  /// Reads the marks of sentence `position`, whose UTF-8 is `bytes`: `"`, then `«` C2 AB,
  /// `»` C2 BB, `“` E2 80 9C, `”` E2 80 9D. The bytes are searched eight at a step for 22 and,
  /// among eight that are not all ASCII, for the marks' last bytes (AB or BB, 9C or 9D: rarer
  /// than their lead bytes, which begin the no-break space and the curly apostrophe too).
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>, sentence position: Int, into state: inout Scan) {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
    var index = 0
    while index < bytes.count {
      if index + 8 <= bytes.count {
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        var found = matches(word, 0x22)
        if word & 0x8080_8080_8080_8080 != 0 {
          // (AB and BB are the bytes that OR 10 makes BB; 9C and 9D, those that OR 01 makes 9D.)
          found |= matches(word | 0x1010_1010_1010_1010, 0xBB) | matches(word | 0x0101_0101_0101_0101, 0x9D)
        }
        if found == 0 {
          index += 8
          continue
        }
        index += found.trailingZeroBitCount / 8  // the first such byte (the lowest mark is exact)
      }
      switch bytes[index] {
      case 0x22:
        let attachedBefore = index > 0 && attaches(before: scalar(endingAt: index, in: bytes))
        let attachedAfter = index + 1 < bytes.count && attaches(after: scalar(at: index + 1, in: bytes))
        let opens = attachedBefore == attachedAfter ? state.open.last != "\"" : attachedAfter
        state.met("\"", opens: opens, in: position)
      case let last where (last | 0x10) == 0xBB && index > 0 && bytes[index - 1] == 0xC2:
        state.met(last == 0xAB ? "«" : "»", opens: last == 0xAB, in: position)
      case let last
      where (last | 0x01) == 0x9D && index > 1 && bytes[index - 2] == 0xE2 && bytes[index - 1] == 0x80:
        state.met(last == 0x9C ? "“" : "”", opens: last == 0x9C, in: position)
      default: break
      }
      index += 1
    }
  }

  /// The high bit of each of the eight bytes of `word` (little-endian) that equals `byte`: 0
  /// when none does; the lowest bit set always marks one that does (a borrow may mark a byte
  /// after it too).
  @inline(__always)
  static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let other = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
    return (other &- 0x0101_0101_0101_0101) & ~other & 0x8080_8080_8080_8080
  }

  /// The first and last sentence of the quotations `sentence` is part of, or `nil` when it is
  /// part of none that runs over several sentences.
  public func sentences(around sentence: Int) -> ClosedRange<Int>? {
    let start = openAtStart(sentence)
    let end = openAtEnd(sentence)
    guard start != nil || end != nil else { return nil }
    return (start?.first ?? sentence)...(end?.last ?? sentence)
  }

  /// The scalar whose UTF-8 ends just before `end` in `bytes` (U+FFFD for bytes that are not
  /// UTF-8).
  static func scalar(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
    var start = end - 1
    while start > 0, end - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    return scalar(at: start, in: bytes)
  }

  /// The scalar whose UTF-8 starts at `start` in `bytes` (U+FFFD for bytes that are not UTF-8).
  static func scalar(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
    var iterator = bytes[start...].makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
    return "\u{FFFD}"
  }

  /// Whether a straight quote after `scalar` is attached to it: a letter, a digit or closing
  /// punctuation (`fin."`), not a space, an opening mark, an apostrophe or a dash.
  static func attaches(before scalar: Unicode.Scalar) -> Bool {
    if scalar.isWhiteSpace { return false }
    switch scalar {
    case "(", "[", "{", "«", "“", "—", "–", "-", ":", "'", "’": return false
    default: return true
    }
  }

  /// Whether a straight quote before `scalar` is attached to it: a letter, a digit or an
  /// opening mark, not a space or punctuation that follows a word (`copains",`).
  static func attaches(after scalar: Unicode.Scalar) -> Bool {
    if scalar.isWhiteSpace { return false }
    switch scalar {
    case ".", ",", ";", ":", "!", "?", ")", "]", "}", "»", "”", "…": return false
    default: return true
    }
  }
}
