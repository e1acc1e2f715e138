/// A word or punctuation token of a sentence.
public struct Token: Sendable, Hashable {
  /// What a token is.
  public enum Kind: Sendable, Hashable {
    /// Letters (possibly with inner apostrophes or digits).
    case word
    /// A number (`3,5`, `2024`).
    case number
    /// Punctuation or a symbol.
    case punctuation
  }

  /// The token's text as written.
  public var text: String
  /// Lowercased, with typographic apostrophes made straight (`L’` → `l'`).
  public var normalized: String
  /// Scalar offsets into the text that was tokenized.
  public var start: Int {
    get { Int(start32) }
    set { start32 = UInt32(newValue) }
  }
  /// The scalar offset just past the token.
  public var end: Int {
    get { Int(end32) }
    set { end32 = UInt32(newValue) }
  }
  /// Word, number or punctuation.
  public var kind: Kind
  /// Whether the token is an elided article or pronoun split off its word (`l'`, `qu'`).
  public var isElision: Bool
  // The offsets are kept in 32 bits: a token takes 48 bytes instead of 56, and a long
  // document's tokens are most of its memory. No text gets here with 2^32 scalars: ICU's
  // normalizer and sentence iterator refuse texts of 2^31 bytes or UTF-16 units.
  private var start32: UInt32
  private var end32: UInt32

  /// A token of `kind` whose text is `text`, at scalar offsets `start..<end`.
  public init(text: String, normalized: String, start: Int, end: Int, kind: Kind, isElision: Bool) {
    self.text = text
    self.normalized = normalized
    start32 = UInt32(start)
    end32 = UInt32(end)
    self.kind = kind
    self.isElision = isElision
  }
}

/// Splits text into word, number and punctuation tokens with ICU's word break rules, then
/// splits French elisions (`l'économie` → `l'`, `économie`), which ICU keeps as one word.
/// The prototype is opened once per pipeline; `makeWorker()` gives one task its own iterator.
public struct WordTokenizer: Sendable {
  /// The language whose rules apply (`fr`).
  public let language: String
  private let prototype: ICUBreakIteratorPrototype
  private let elisions: WordSet

  /// Elided forms that French writes before a vowel, without their apostrophe.
  public static let frenchElisions: Set<String> = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu", "quelqu",
  ]

  /// Opens ICU's word rules for `language`.
  public init(language: String) throws {
    self.language = language
    prototype = try ICUBreakIteratorPrototype(.word, locale: language)
    elisions = language == "fr" ? WordSet(WordTokenizer.frenchElisions) : []
  }

  /// A tokenizer for one task.
  public func makeWorker() throws -> Worker {
    Worker(iterator: try prototype.makeIterator(), elisions: elisions)
  }

  /// A tokenizer owned by one task.
  public struct Worker {
    let iterator: ICUBreakIterator
    let elisions: WordSet

    /// The tokens of `text`, spaces left out, with scalar offsets into `text`.
    ///
    /// - Complexity: O(*n*).
    public func tokens(in text: String) throws -> [Token] {
      var text = text
      return try text.withUTF8 { bytes -> [Token] in
        // A word and the space after it are two boundaries, about six bytes in French.
        let boundaries = try iterator.boundaries(in: bytes, expected: bytes.count / 2 + 2)
        var tokens: [Token] = []
        tokens.reserveCapacity(Worker.tokenCount(boundaries, in: bytes))
        var startByte = 0
        var scalarOffset = 0
        for boundary in boundaries {
          // The piece between two boundaries (ICU breaks on scalar boundaries), read as bytes:
          // its scalars are its bytes that do not continue a sequence.
          let endByte = min(max(boundary.offset, startByte), bytes.count)
          let piece = UnsafeBufferPointer(rebasing: bytes[startByte..<endByte])
          startByte = endByte
          let startScalar = scalarOffset
          var count = 0
          for byte in piece where byte & 0xC0 != 0x80 { count += 1 }
          scalarOffset += count
          guard let lead = piece.first else { continue }
          let whitespaceFirst: Bool
          if lead < 0x80 {
            whitespaceFirst = Worker.isASCIISpace(lead)
          } else {
            whitespaceFirst = Worker.firstScalar(of: piece)?.isWhiteSpace ?? false
          }
          guard !whitespaceFirst else { continue }
          let kind: Token.Kind
          switch boundary.status {
          case 100..<200: kind = .number
          case 200..<500: kind = .word
          default: kind = .punctuation
          }
          if kind == .word, piece.contains(where: { $0 == 0x27 || $0 == 0xE2 }),
            let split = splitElision(piece, start: startScalar, end: scalarOffset)
          {
            tokens += split
            continue
          }
          let text = String(decoding: piece, as: UTF8.self)
          tokens.append(
            Token(
              text: text, normalized: Worker.normalized(piece, text: text), start: startScalar,
              end: scalarOffset, kind: kind, isElision: false))
        }
        return tokens
      }
    }

    /// The first scalar of `piece`, which starts with a byte of 0x80 or more, decoded in place
    /// (a string made for it cost more than the rest of the token); `nil` when the bytes are
    /// not a whole UTF-8 sequence, which `String(decoding:)` would have made U+FFFD.
    static func firstScalar(of piece: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
      guard let lead = piece.first, lead >= 0xC2, lead <= 0xF4 else { return nil }
      let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
      guard piece.count >= length else { return nil }
      var value = UInt32(lead) & (lead >= 0xF0 ? 0x07 : lead >= 0xE0 ? 0x0F : 0x1F)
      for index in 1..<length {
        let byte = piece[index]
        guard byte & 0xC0 == 0x80 else { return nil }
        value = value << 6 | UInt32(byte & 0x3F)
      }
      // Overlong or surrogate forms are not valid UTF-8 (and never reach here from a string).
      let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
      guard value >= minimum else { return nil }
      return Unicode.Scalar(value)
    }

    /// At least as many tokens as `boundaries` cut `bytes` into, and seldom more: every piece
    /// that does not start with an ASCII space, plus one for each byte that may start an
    /// apostrophe (an elision splits a word in two). Reserving a place for every piece, spaces
    /// included, held twice the memory the tokens need, a third of a long document's peak.
    static func tokenCount(_ boundaries: [ICUBoundary], in bytes: UnsafeBufferPointer<UInt8>) -> Int {
      var count = 0
      var start = 0
      for boundary in boundaries {
        let end = min(max(boundary.offset, start), bytes.count)
        if end > start {
          if !Worker.isASCIISpace(bytes[start]) { count += 1 }
        }
        start = end
      }
      // (Counted without a branch: a fifth fewer instructions than with one.)
      for byte in bytes { count &+= Int(truncatingIfNeeded: (byte == 0x27 ? 1 : 0) | (byte == 0xE2 ? 1 : 0)) }
      return count
    }

    /// Whether `byte` is an ASCII space, tab or line break: a piece that starts with one is
    /// not a token.
    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The elided article or pronoun and the word of `piece` (`l'économie` → `l'`, `économie`),
    /// or `nil` when it does not start with one of the language's elisions. Read from the bytes:
    /// the elisions are ASCII, so the head is too.
    func splitElision(_ piece: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> [Token]? {
      // The first apostrophe, straight or typographic (U+2019: E2 80 99), and its length.
      var apostrophe = 0
      var length = 0
      while apostrophe < piece.count {
        if piece[apostrophe] == 0x27 {
          length = 1
          break
        }
        if piece[apostrophe] == 0xE2, apostrophe + 2 < piece.count, piece[apostrophe + 1] == 0x80,
          piece[apostrophe + 2] == 0x99
        {
          length = 3
          break
        }
        apostrophe += 1
      }
      guard length > 0, apostrophe > 0, apostrophe + length < piece.count else { return nil }
      let head = UnsafeBufferPointer(rebasing: piece[..<apostrophe])
      guard head.allSatisfy({ $0 < 0x80 }) else { return nil }
      // The head lowercased, looked up by its bytes: a string is made only for an elision.
      let elided = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: head.count) { buffer -> String? in
        for (index, byte) in head.enumerated() {
          buffer[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
        }
        let lowered = UnsafeBufferPointer(buffer)
        return elisions.contains(utf8: lowered) ? String(decoding: lowered, as: UTF8.self) : nil
      }
      guard let lowered = elided else { return nil }
      let elidedEnd = apostrophe + length
      let split = start + apostrophe + 1
      let rest = UnsafeBufferPointer(rebasing: piece[elidedEnd...])
      let restText = String(decoding: rest, as: UTF8.self)
      return [
        Token(
          text: String(decoding: UnsafeBufferPointer(rebasing: piece[..<elidedEnd]), as: UTF8.self),
          normalized: lowered + "'", start: start, end: split, kind: .word, isElision: true),
        Token(
          text: restText, normalized: Worker.normalized(rest, text: restText), start: split, end: end,
          kind: .word, isElision: false),
      ]
    }

    /// The normalized form of a token whose UTF-8 is `piece` and whose text is `text`: lowercased
    /// with straight apostrophes, written straight from the bytes when only ASCII and Latin-1
    /// letters change (most words), else as `normalize(_:)` makes it.
    static func normalized(_ piece: UnsafeBufferPointer<UInt8>, text: String) -> String {
      // Most words are their own normalized form, told from the bytes at hand.
      if isNormalized(piece) { return text }
      guard String.keepsLengthLowercased(piece) else { return normalize(text) }
      return String(unsafeUninitializedCapacity: piece.count) { output in
        String.lowercaseKeepingLength(piece, into: output)
        // `’` (E2 80 99) becomes `'`: the bytes after it move back by two.
        var read = 0
        var write = 0
        while read < piece.count {
          if output[read] == 0xE2, read + 2 < piece.count, output[read + 1] == 0x80, output[read + 2] == 0x99
          {
            output[write] = 0x27
            read += 3
          } else {
            output[write] = output[read]
            read += 1
          }
          write += 1
        }
        return write
      }
    }

    /// Whether `piece` is already lowercase with straight apostrophes, as far as its bytes tell:
    /// ASCII and Latin-1 without a capital (`économie`, `à`). A lowercase word with an accent
    /// was made anew, letter by letter, into the same bytes: one word in seven of the OrangeSum
    /// articles is one.
    static func isNormalized(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
      var index = 0
      while index < piece.count {
        let byte = piece[index]
        if byte < 0x80 {
          if (0x41...0x5A).contains(byte) { return false }
        } else if byte == 0xC3 || byte == 0xC2 {
          // Latin-1: the capitals are C3 80–9E, except × (C3 97).
          guard index + 1 < piece.count else { return false }
          let next = piece[index + 1]
          if byte == 0xC3, (0x80...0x9E).contains(next), next != 0x97 { return false }
          index += 1
        } else {
          return false  // beyond Latin-1 (or `’`): the other paths decide
        }
        index += 1
      }
      return true
    }

    /// Lowercased with straight apostrophes.
    static func normalize(_ text: String) -> String {
      // ASCII without capitals is its own lowercase (most words).
      if text.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return text }
      let lowered = text.lowercasedLatin
      guard lowered.unicodeScalars.contains("\u{2019}") else { return lowered }
      return String(
        String.UnicodeScalarView(lowered.unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }
  }
}
