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
  public var start: Int
  /// The scalar offset just past the token.
  public var end: Int
  /// Word, number or punctuation.
  public var kind: Kind
  /// Whether the token is an elided article or pronoun split off its word (`l'`, `qu'`).
  public var isElision: Bool
}

/// Splits text into word, number and punctuation tokens with ICU's word break rules, then
/// splits French elisions (`l'économie` → `l'`, `économie`), which ICU keeps as one word.
/// The prototype is opened once per pipeline; `makeWorker()` gives one task its own iterator.
public struct WordTokenizer: Sendable {
  /// The language whose rules apply (`fr`).
  public let language: String
  private let prototype: ICUBreakIteratorPrototype
  private let elisions: Set<String>

  /// Elided forms that French writes before a vowel, without their apostrophe.
  public static let frenchElisions: Set<String> = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu", "quelqu",
  ]

  /// Opens ICU's word rules for `language`.
  public init(language: String) throws {
    self.language = language
    prototype = try ICUBreakIteratorPrototype(.word, locale: language)
    elisions = language == "fr" ? WordTokenizer.frenchElisions : []
  }

  /// A tokenizer for one task.
  public func makeWorker() throws -> Worker {
    Worker(iterator: try prototype.makeIterator(), elisions: elisions)
  }

  /// A tokenizer owned by one task.
  public struct Worker {
    let iterator: ICUBreakIterator
    let elisions: Set<String>

    /// The tokens of `text`, spaces left out, with scalar offsets into `text`.
    ///
    /// - Complexity: O(*n*).
    public func tokens(in text: String) throws -> [Token] {
      var text = text
      return try text.withUTF8 { bytes -> [Token] in
        let boundaries = try iterator.boundaries(in: bytes)
        var tokens: [Token] = []
        tokens.reserveCapacity(boundaries.count)
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
            whitespaceFirst = lead == 0x20 || (0x09...0x0D).contains(lead)
          } else {
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            let first = String(decoding: UnsafeBufferPointer(rebasing: piece.prefix(length)), as: UTF8.self)
            whitespaceFirst = first.unicodeScalars.first?.isWhiteSpace ?? false
          }
          guard !whitespaceFirst else { continue }
          let text = String(decoding: piece, as: UTF8.self)
          let kind: Token.Kind
          switch boundary.status {
          case 100..<200: kind = .number
          case 200..<500: kind = .word
          default: kind = .punctuation
          }
          if kind == .word, piece.contains(where: { $0 == 0x27 || $0 == 0xE2 }),
            text.unicodeScalars.contains(where: { $0 == "'" || $0 == "\u{2019}" }),
            let split = splitElision(text, start: startScalar)
          {
            tokens += split
            continue
          }
          // ASCII without capitals is its own lowercase (most words), told from the bytes at hand.
          let lowercaseASCII = piece.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) }
          tokens.append(
            Token(
              text: text, normalized: lowercaseASCII ? text : Worker.normalize(text), start: startScalar,
              end: scalarOffset, kind: kind, isElision: false))
        }
        return tokens
      }
    }

    func splitElision(_ word: String, start: Int) -> [Token]? {
      let scalars = word.unicodeScalars
      guard let apostrophe = scalars.firstIndex(where: { $0 == "'" || $0 == "\u{2019}" }),
        apostrophe > scalars.startIndex, scalars.index(after: apostrophe) < scalars.endIndex
      else { return nil }
      let head = String(scalars[..<apostrophe]).lowercasedLatin
      guard elisions.contains(head) else { return nil }
      let elided = String(scalars[...apostrophe])
      let rest = String(scalars[scalars.index(after: apostrophe)...])
      let split = start + elided.unicodeScalars.count
      return [
        Token(
          text: elided, normalized: head + "'", start: start, end: split, kind: .word,
          isElision: true),
        Token(
          text: rest, normalized: Worker.normalize(rest), start: split,
          end: split + rest.unicodeScalars.count, kind: .word, isElision: false),
      ]
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
