import PrecisCore

/// Sentences with their glossary terms rendered in English, by the mode `translate-terms` chose.
public enum TermRendering {
  /// The sentence's text with each match rendered; `mark` wraps the English (for Markdown).
  public static func render(
    _ sentence: Sentence, matches: [TermMatch], mode: TermMode,
    mark: (String) -> String = { $0 }
  ) -> String {
    render(sentence, matches: matches[...], mode: mode, mark: mark)
  }

  /// `render(_:matches:mode:mark:)` over some of a document's matches: those of the sentence
  /// among them are rendered. (A brief of thousands of sentences passes each one its own, so
  /// that it does not read all of the document's.)
  public static func render(
    _ sentence: Sentence, matches: ArraySlice<TermMatch>, mode: TermMode,
    mark: (String) -> String = { $0 }
  ) -> String {
    // Slices of the sentence are copied as UTF-8; their offsets are found by a cursor that
    // moves left to right over the bytes (walking the scalars one by one cost more than the
    // rest), and a byte offset is an index into the string at once.
    let text = sentence.text
    let utf8 = text.utf8
    func index(_ byte: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: byte) }
    var output = ""
    output.reserveCapacity(utf8.count + 64)
    var scalar = 0
    var byte = 0
    var copy = text
    copy.withUTF8 { bytes in
      var cursor = ScalarCursor(bytes)
      // (Indices, not elements: the others' matches are passed over without being copied.)
      for position in matches.indices where matches[position].sentence == sentence.index {
        // (Fields read in place: copying the match counted a reference to each of its strings.)
        let span = matches[position].span
        let start = span.start - sentence.span.start
        let end = span.end - sentence.span.start
        // (A span past the sentence's end is skipped.)
        guard start >= scalar, start <= end, let startByte = cursor.byteOffset(start),
          let endByte = cursor.byteOffset(end)
        else { continue }
        output += text[index(byte)..<index(startByte)]
        let french = String(text[index(startByte)..<index(endByte)])
        let target = matches[position].target
        let english = mark(target)
        let rendered: String
        switch mode {
        case _ where matches[position].kept:
          rendered = french  // a name the glossary keeps as it is
        case _ where mode != .replace && french.lowercasedLatin == target.lowercasedLatin:
          rendered = french  // `euros [euros]` says nothing: the French is the English
        case .annotate: rendered = "\(french) [\(english)]"
        case .replace: rendered = english
        case .bilingual: rendered = "\(english) (\(french))"
        }
        output += rendered
        scalar = end
        byte = endByte
      }
    }
    output += text[index(byte)...]
    return output.replacingNewlines()
  }
}

extension String {
  /// Line breaks inside a sentence shown as spaces.
  func replacingNewlines() -> String {
    guard containsUTF8(0x0A) else { return self }
    return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" ? " " : $0 }))
  }
}

extension String {
  /// The number of characters (grapheme clusters), the width a text table pads a cell to.
  ///
  /// Counted from the UTF-8 bytes when every scalar is below U+0300 and none is a carriage
  /// return: no such scalar joins the one before it (the first combining mark is U+0300, and
  /// only CR LF is a pair), so each is one character. Else `count`, which walks Unicode's
  /// grapheme rules (about 460 instructions a cell of the key-term table).
  var characterCount: Int {
    let counted = withUTF8Bytes { bytes -> Int? in
      var scalars = 0
      for byte in bytes {
        // Lead bytes from 0xCC start U+0300 and above; continuation bytes are 0x80–0xBF.
        if byte >= 0xCC || byte == 0x0D { return nil }
        if byte & 0xC0 != 0x80 { scalars += 1 }
      }
      return scalars
    }
    return counted ?? count
  }

  /// The string followed by spaces up to `width` characters.
  func padded(to width: Int) -> String {
    self + String.spaces(width - characterCount)
  }

  /// Spaces up to `width` characters, then the string.
  func padded(left width: Int) -> String {
    String.spaces(width - characterCount) + self
  }

  /// `count` spaces (none for a count below one), written as bytes: `String(repeating:count:)`
  /// of a string took 1,700 instructions for a few spaces.
  static func spaces(_ count: Int) -> String {
    guard count > 0 else { return "" }
    return String(unsafeUninitializedCapacity: count) { bytes in
      bytes.initialize(repeating: 0x20)
      return count
    }
  }
}
