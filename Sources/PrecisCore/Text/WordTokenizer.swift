import CICUBridge

/// A word or punctuation token of a sentence: where it is, and where its text and normalized
/// form are in the bytes of its `TokenList`. A token holds no string: making two strings for
/// each of a corpus's words, and destroying them, cost a tenth of a corpus run.
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

  /// Scalar offsets into the text that was tokenized.
  @inlinable public var start: Int {
    get { Int(start32) }
    set { start32 = UInt32(newValue) }
  }
  /// The scalar offset just past the token.
  @inlinable public var end: Int {
    get { Int(end32) }
    set { end32 = UInt32(newValue) }
  }
  /// Word, number or punctuation.
  public var kind: Kind
  /// Whether the token is an elided article or pronoun split off its word (`l'`, `qu'`).
  public var isElision: Bool
  /// Where the token's text, as written, is in its list's bytes.
  @inlinable public var textBytes: Range<Int> { Int(textStart)..<Int(textEnd) }
  /// Where its normalized form (lowercased, typographic apostrophes made straight: `L’` →
  /// `l'`) is in its list's bytes: the text's own bytes when they are already normalized.
  @inlinable public var normalizedBytes: Range<Int> { Int(normalizedStart)..<Int(normalizedEnd) }
  // Offsets are kept in 32 bits: no text gets here with 2^32 scalars or bytes, as ICU's
  // normalizer and iterators refuse texts of 2^31 bytes or UTF-16 units. (Inlinable, as the
  // stages in other modules read them in their loops.)
  @usableFromInline var start32: UInt32
  @usableFromInline var end32: UInt32
  @usableFromInline var textStart: UInt32
  @usableFromInline var textEnd: UInt32
  @usableFromInline var normalizedStart: UInt32
  @usableFromInline var normalizedEnd: UInt32

  /// A token of `kind` at scalar offsets `start..<end`, whose text and normalized form are at
  /// `text` and `normalized` in its list's bytes.
  init(start: Int, end: Int, kind: Kind, isElision: Bool, text: Range<Int>, normalized: Range<Int>) {
    start32 = UInt32(start)
    end32 = UInt32(end)
    self.kind = kind
    self.isElision = isElision
    textStart = UInt32(text.lowerBound)
    textEnd = UInt32(text.upperBound)
    normalizedStart = UInt32(normalized.lowerBound)
    normalizedEnd = UInt32(normalized.upperBound)
  }
}

/// The tokens of one text, and the bytes their texts and normalized forms are read from: the
/// text's UTF-8, then the normalized forms that differ from their token's text.
public struct TokenList: Sendable, Hashable, RandomAccessCollection {
  @usableFromInline var tokens: [Token]
  @usableFromInline var bytes: [UInt8]

  /// No tokens.
  public init() {
    tokens = []
    bytes = []
  }

  init(tokens: [Token], bytes: [UInt8]) {
    self.tokens = tokens
    self.bytes = bytes
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { tokens.count }
  @inlinable public subscript(position: Int) -> Token { tokens[position] }

  /// The text of the token at `position`, as written.
  public func text(at position: Int) -> String {
    String(decoding: bytes[tokens[position].textBytes], as: UTF8.self)
  }

  /// The normalized form of the token at `position` (lowercased, straight apostrophes).
  public func normalized(at position: Int) -> String {
    String(decoding: bytes[tokens[position].normalizedBytes], as: UTF8.self)
  }

  /// Every token's text, in order.
  public var texts: [String] { indices.map(text(at:)) }

  /// Every token's normalized form, in order.
  public var normalizedForms: [String] { indices.map(normalized(at:)) }

  /// Calls `body` with a view of the tokens and their bytes, for loops that read many of them.
  @inlinable
  public func withBuffer<Result>(_ body: (TokenBuffer) throws -> Result) rethrows -> Result {
    try tokens.withUnsafeBufferPointer { tokens in
      try bytes.withUnsafeBufferPointer { bytes in try body(TokenBuffer(tokens: tokens, bytes: bytes)) }
    }
  }
}

/// A token with its text and normalized form as strings: for tests and tools that build or
/// change tokens by hand (`TokenList(_:)`, `TokenList.values`).
public struct TokenValue: Sendable, Hashable {
  /// The token's text as written.
  public var text: String
  /// Its normalized form.
  public var normalized: String
  /// Its scalar offsets.
  public var start: Int
  /// The scalar offset just past it.
  public var end: Int
  /// Word, number or punctuation.
  public var kind: Token.Kind
  /// Whether it is an elided article or pronoun.
  public var isElision: Bool

  /// A token of `kind` whose text is `text`, at scalar offsets `start..<end`.
  public init(text: String, normalized: String, start: Int, end: Int, kind: Token.Kind, isElision: Bool) {
    self.text = text
    self.normalized = normalized
    self.start = start
    self.end = end
    self.kind = kind
    self.isElision = isElision
  }
}

extension TokenList {
  /// A list of the tokens `values`, their texts and normalized forms stored one after another.
  public init(_ values: [TokenValue]) {
    var bytes: [UInt8] = []
    var tokens: [Token] = []
    for value in values {
      let text = bytes.count..<(bytes.count + value.text.utf8.count)
      bytes += value.text.utf8
      let normalized = bytes.count..<(bytes.count + value.normalized.utf8.count)
      bytes += value.normalized.utf8
      tokens.append(
        Token(
          start: value.start, end: value.end, kind: value.kind, isElision: value.isElision, text: text,
          normalized: normalized))
    }
    self.init(tokens: tokens, bytes: bytes)
  }

  /// Every token with its text and normalized form as strings.
  public var values: [TokenValue] {
    indices.map { position in
      let token = self[position]
      return TokenValue(
        text: text(at: position), normalized: normalized(at: position), start: token.start, end: token.end,
        kind: token.kind, isElision: token.isElision)
    }
  }
}

/// The tokens of a `TokenList` and their bytes, valid inside `TokenList.withBuffer`.
public struct TokenBuffer {
  /// The tokens.
  public let tokens: UnsafeBufferPointer<Token>
  /// The bytes their texts and normalized forms are in.
  public let bytes: UnsafeBufferPointer<UInt8>

  @inlinable
  init(tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>) {
    self.tokens = tokens
    self.bytes = bytes
  }

  /// How many tokens there are.
  @inlinable public var count: Int { tokens.count }

  /// The token at `position`.
  @inlinable public subscript(position: Int) -> Token { tokens[position] }

  /// The UTF-8 of the text of the token at `position`.
  @inlinable
  public func text(_ position: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[tokens[position].textBytes])
  }

  /// The UTF-8 of the normalized form of the token at `position`.
  @inlinable
  public func normalized(_ position: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[tokens[position].normalizedBytes])
  }

  /// The text of the token at `position`, as a string.
  public func textString(_ position: Int) -> String { String(decoding: text(position), as: UTF8.self) }

  /// The normalized form of the token at `position`, as a string.
  public func normalizedString(_ position: Int) -> String {
    String(decoding: normalized(position), as: UTF8.self)
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
    public func tokens(in text: String) throws -> TokenList {
      var text = text
      return try text.withUTF8 { bytes -> TokenList in
        try iterator.withBoundaries(in: bytes, skippingSpaces: true) { boundaries, apostrophes in
          tokens(in: bytes, boundaries: boundaries, apostrophes: apostrophes)
        }
      }
    }

    /// The tokens of UTF-8 `bytes` that `boundaries` cut (with their scalar offsets), where
    /// `apostrophes` bytes may begin an apostrophe. The boundaries of pieces that start with an
    /// ASCII space are left out (`withBoundaries(in:skippingSpaces:)`).
    private func tokens(
      in bytes: UnsafeBufferPointer<UInt8>, boundaries: UnsafeBufferPointer<PrecisBoundary>, apostrophes: Int
    ) -> TokenList {
      var tokens: [Token] = []
      tokens.reserveCapacity(Worker.tokenCount(boundaries, apostrophes: apostrophes))
      // The text's bytes, then the normalized forms that differ from their text (about one
      // word in six).
      var storage: [UInt8] = []
      storage.reserveCapacity(bytes.count + bytes.count / 4)
      storage.append(contentsOf: bytes)
      var lastByte = 0
      var lastScalar = 0
      for boundary in boundaries {
        // The piece between a boundary and the one before it (ICU breaks on scalar boundaries),
        // read as bytes; the offsets only grow, and stay within the text.
        let pieceStart = min(max(Int(boundary.start), lastByte), bytes.count)
        let endByte = min(max(Int(boundary.offset), pieceStart), bytes.count)
        let piece = UnsafeBufferPointer(rebasing: bytes[pieceStart..<endByte])
        lastByte = endByte
        let startScalar = max(Int(boundary.start_scalar), lastScalar)
        let scalarOffset = max(Int(boundary.scalar), startScalar)
        lastScalar = scalarOffset
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
        if kind == .word, apostrophes > 0, piece.contains(where: { $0 == 0x27 || $0 == 0xE2 }),
          splitElision(
            piece, at: pieceStart, start: startScalar, end: scalarOffset, into: &tokens, storage: &storage)
        {
          continue
        }
        let text = pieceStart..<endByte
        tokens.append(
          Token(
            start: startScalar, end: scalarOffset, kind: kind, isElision: false, text: text,
            normalized: Worker.normalize(piece, at: text, into: &storage)))
      }
      return TokenList(tokens: tokens, bytes: storage)
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

    /// At least as many tokens as `boundaries` (those of pieces that start with no ASCII space)
    /// give, and seldom more: one for each piece, plus one for each of the `apostrophes` bytes
    /// that may begin an apostrophe (an elision splits a word in two). Reserving a place for
    /// every piece, spaces included, held twice the memory the tokens need.
    static func tokenCount(_ boundaries: UnsafeBufferPointer<PrecisBoundary>, apostrophes: Int) -> Int {
      boundaries.count + apostrophes
    }

    /// Whether `byte` is an ASCII space, tab or line break: a piece that starts with one is
    /// not a token.
    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Appends the elided article or pronoun and the word of `piece` (`l'économie` → `l'`,
    /// `économie`), whose bytes start at `pieceStart` in the text, and returns `true`; or
    /// `false` when it does not start with one of the language's elisions. Read from the
    /// bytes: the elisions are ASCII, so the head is too.
    func splitElision(
      _ piece: UnsafeBufferPointer<UInt8>, at pieceStart: Int, start: Int, end: Int,
      into tokens: inout [Token],
      storage: inout [UInt8]
    ) -> Bool {
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
      guard length > 0, apostrophe > 0, apostrophe + length < piece.count else { return false }
      let head = UnsafeBufferPointer(rebasing: piece[..<apostrophe])
      guard head.allSatisfy({ $0 < 0x80 }) else { return false }
      let elidedEnd = apostrophe + length
      let headText = pieceStart..<(pieceStart + elidedEnd)
      // The head lowercased and a straight apostrophe, looked up by its bytes: its normalized
      // form, the text's own bytes when written so (`l'`), else appended to `storage`.
      let headNormalized = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: head.count + 1) {
        buffer -> Range<Int>? in
        for (index, byte) in head.enumerated() {
          buffer[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
        }
        guard elisions.contains(utf8: UnsafeBufferPointer(rebasing: buffer[..<head.count])) else {
          return nil
        }
        buffer[head.count] = 0x27
        if UnsafeBufferPointer(rebasing: piece[..<elidedEnd]).elementsEqual(buffer) { return headText }
        let start = storage.count
        storage.append(contentsOf: buffer)
        return start..<storage.count
      }
      guard let headNormalized else { return false }
      let split = start + apostrophe + 1
      tokens.append(
        Token(
          start: start, end: split, kind: .word, isElision: true, text: headText, normalized: headNormalized))
      let rest = UnsafeBufferPointer(rebasing: piece[elidedEnd...])
      let restText = (pieceStart + elidedEnd)..<(pieceStart + piece.count)
      tokens.append(
        Token(
          start: split, end: end, kind: .word, isElision: false, text: restText,
          normalized: Worker.normalize(rest, at: restText, into: &storage)))
      return true
    }

    /// Where the normalized form of a token whose UTF-8 is `piece`, at `text` in `storage`, is
    /// in `storage` (lowercased with straight apostrophes). Most words are their own normalized
    /// form, told from the bytes at hand; the others are appended to `storage`: written straight
    /// from the bytes when only ASCII and Latin-1 letters change (most of them), else as
    /// `normalize(_:)` makes it.
    static func normalize(
      _ piece: UnsafeBufferPointer<UInt8>, at text: Range<Int>, into storage: inout [UInt8]
    )
      -> Range<Int>
    {
      if isNormalized(piece) { return text }
      let start = storage.count
      guard String.keepsLengthLowercased(piece) else {
        storage.append(contentsOf: normalize(String(decoding: piece, as: UTF8.self)).utf8)
        return start..<storage.count
      }
      storage.append(contentsOf: piece)
      let written = storage.withUnsafeMutableBufferPointer { all -> Int in
        let output = UnsafeMutableBufferPointer(rebasing: all[start...])
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
      storage.removeLast(piece.count - written)
      return start..<storage.count
    }

    /// The normalized form of a token whose UTF-8 is `piece`, as `normalize(_:at:into:)` writes
    /// it (for tests).
    static func normalized(_ piece: UnsafeBufferPointer<UInt8>) -> String {
      var storage = Array(piece)
      let range = normalize(piece, at: 0..<piece.count, into: &storage)
      return String(decoding: storage[range], as: UTF8.self)
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
