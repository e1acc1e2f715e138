extension Unicode.Scalar {
  /// `properties.isUppercase`, answered without the Unicode tables for ASCII and Latin-1 (most
  /// of the scalars of a news article), where those lookups dominate the hot loops.
  @inlinable public var isUppercaseLetter: Bool {
    if value < 0x80 { return (0x41...0x5A).contains(value) }
    if value < 0x100 { return (0xC0...0xDE).contains(value) && value != 0xD7 }
    return properties.isUppercase
  }

  /// `properties.isWhitespace`, answered without the Unicode tables below U+1680, where the
  /// only white space beyond ASCII is U+0085 and U+00A0 (the property is stable).
  @inlinable public var isWhiteSpace: Bool {
    if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
    if value < 0x1680 { return value == 0x85 || value == 0xA0 }
    return properties.isWhitespace
  }
}

extension Unicode.Scalar {
  /// Whether the scalar marks a list item in scraped text: `-`, `–`, `—`, `*`, `•`, `‣`, `⁃`,
  /// `■`, `▪`, `▶`, `►`, `●`, `◦`, `♦`, `➤`. (The splitter starts an item there; a brief does not
  /// repeat it after its own bullet.)
  @inlinable public var isListBullet: Bool {
    switch value {
    case 0x2A, 0x2D, 0x2013, 0x2014, 0x2022, 0x2023, 0x2043, 0x25A0, 0x25AA, 0x25B6, 0x25BA, 0x25CF, 0x25E6,
      0x2666, 0x27A4:
      return true
    default: return false
    }
  }
}

extension StringProtocol {
  /// Whether any scalar is an uppercase letter (`isUppercaseLetter`).
  @inlinable public var hasUppercaseLetter: Bool {
    for byte in utf8 where byte >= 0x80 || (0x41...0x5A).contains(byte) {
      if byte < 0x80 { return true }
      return unicodeScalars.contains { $0.isUppercaseLetter }
    }
    return false
  }
}

extension Unicode.Scalar {
  /// Whether the general category is `Zs` (space separator), answered without the Unicode
  /// tables for ASCII.
  @inlinable public var isSpaceSeparator: Bool {
    value < 0x80 ? value == 0x20 : properties.generalCategory == .spaceSeparator
  }
}

extension StringProtocol {
  /// `lowercased()`, scalar by scalar as the standard library maps it, without the Unicode
  /// tables for Latin-1 (ASCII and the accented letters of French). `String.lowercased()` looks
  /// every scalar up as soon as one is not ASCII, which was 5% of a corpus run.
  public var lowercasedLatin: String {
    var text = String(self)
    return text.withUTF8 { source -> String in
      // ASCII, Latin-1 (no lead byte from 0xC4 on) and general punctuation (`’`, `…`: 0xE2
      // then 0x80 to 0x82, no case) keep their length: written in place.
      if String.keepsLengthLowercased(source) {
        return String(unsafeUninitializedCapacity: source.count) { output in
          String.lowercaseKeepingLength(source, into: output)
          return source.count
        }
      }
      var bytes: [UInt8] = []
      bytes.reserveCapacity(source.count)
      var index = 0
      while index < source.count {
        let byte = source[index]
        if byte < 0x80 {
          bytes.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
          index += 1
          continue
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        guard index + length <= source.count else {
          bytes.append(contentsOf: source[index...])
          break
        }
        if byte == 0xC3 {
          // À to Þ, except ×, lowercase to the letter 0x20 further.
          let next = source[index + 1]
          bytes.append(0xC3)
          bytes.append((0x80...0x9E).contains(next) && next != 0x97 ? next + 0x20 : next)
        } else if byte == 0xC2 || (byte == 0xE2 && (0x80...0x82).contains(source[index + 1])) {
          // The rest of Latin-1 stays, and so do general punctuation, super- and subscripts and
          // currency signs (U+2000–U+20BF: `’`, `…`, `€`), which have no case.
          bytes.append(contentsOf: source[index..<(index + length)])
        } else {
          let piece = String(
            decoding: UnsafeBufferPointer(rebasing: source[index..<(index + length)]), as: UTF8.self)
          for scalar in piece.unicodeScalars {
            bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
          }
        }
        index += length
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}

extension String {
  /// `lowercasedLatin` as UTF-8 bytes, written straight into the array when only ASCII and
  /// Latin-1 letters change (most text): no string is made and checked on the way.
  public var lowercasedLatinUTF8: [UInt8] {
    var text = self
    return text.withUTF8 { source -> [UInt8] in
      // (No array is made with no capacity: that writes into the storage empty arrays share.)
      guard !source.isEmpty else { return [] }
      guard String.keepsLengthLowercased(source) else { return Array(String(self).lowercasedLatin.utf8) }
      return [UInt8](unsafeUninitializedCapacity: source.count) { output, count in
        String.lowercaseKeepingLength(source, into: output)
        count = source.count
      }
    }
  }

  /// Lowercases `source` into `output` (as many bytes), for text that `keepsLengthLowercased`:
  /// ASCII capitals and the Latin-1 letters after 0xC3 (À to Þ, except ×) change.
  public static func lowercaseKeepingLength(
    _ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
  ) {
    var index = 0
    while index < source.count {
      let byte = source[index]
      if byte < 0x80 {
        output[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
      } else if byte == 0xC3, index + 1 < source.count {
        let next = source[index + 1]
        output[index] = byte
        output[index + 1] = (0x80...0x9E).contains(next) && next != 0x97 ? next + 0x20 : next
        index += 1
      } else {
        output[index] = byte  // 0xC2 and its continuation byte stay
      }
      index += 1
    }
  }

  /// Whether lowercasing `bytes` (UTF-8) changes only ASCII capitals and Latin-1 letters after
  /// 0xC3: no lead byte from 0xC4 on, except 0xE2 0x80–0x82 (U+2000–U+20BF, no case).
  static func keepsLengthLowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte >= 0xC4 {
        guard byte == 0xE2, index + 1 < bytes.count, (0x80...0x82).contains(bytes[index + 1]) else {
          return false
        }
      }
      index += 1
    }
    return true
  }

  /// The text between two Unicode scalar offsets (clamped to the text), found by walking the
  /// UTF-8 bytes: no array of scalars is built.
  public func scalarSlice(_ range: Range<Int>) -> String {
    var text = self
    return text.withUTF8 { bytes in
      var scalar = 0
      var start = bytes.count
      var end = bytes.count
      for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
        if scalar == range.lowerBound { start = offset }
        if scalar == range.upperBound {
          end = offset
          break
        }
        scalar += 1
      }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[min(start, end)..<end]), as: UTF8.self)
    }
  }
}

/// Unicode scalar offsets turned into UTF-8 offsets by a cursor over valid UTF-8 that moves
/// forward (offsets asked in order cost O(*n*) in all; an earlier one starts it over), so that a
/// long text need not be decoded into an array of scalars.
///
/// It skips eight bytes at a step while fewer scalars start in them than are left to pass,
/// counting the bytes that are not continuation bytes at once: a few instructions a word
/// instead of a few a byte (finding every sentence's bytes that way was 2% of a corpus run).
public struct ScalarCursor {
  @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
  /// How many scalars start before `byte`.
  @usableFromInline var scalar = 0
  /// Where the cursor is (not always at the start of a scalar while skipping).
  @usableFromInline var byte = 0

  /// A cursor at the start of `bytes`.
  @inlinable public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The UTF-8 offset of the scalar at offset `target`, or `nil` past the end of the text.
  @inlinable public mutating func byteOffset(_ target: Int) -> Int? {
    if target < scalar {
      scalar = 0
      byte = 0
    }
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      // Whole words of eight bytes in which fewer scalars start than are left to pass.
      while byte &+ 8 <= bytes.count {
        let word = raw.loadUnaligned(fromByteOffset: byte, as: UInt64.self)
        // A continuation byte has its high bit set and the next bit clear. (The high bits are
        // counted by a multiply: the baseline x86-64 target has no popcount instruction.)
        let high = word & ~(word << 1) & 0x8080_8080_8080_8080
        let continuations = Int(truncatingIfNeeded: ((high &>> 7) &* 0x0101_0101_0101_0101) &>> 56)
        let starts = 8 &- continuations
        guard scalar &+ starts < target else { break }
        scalar &+= starts
        byte &+= 8
      }
    }
    // Byte by byte: the cursor stops at the start of the target scalar.
    while byte < bytes.count {
      if bytes[byte] & 0xC0 != 0x80 {
        if scalar == target { return byte }
        scalar &+= 1
      }
      byte &+= 1
    }
    return scalar == target ? byte : nil
  }
}

extension UInt8 {
  /// An ASCII digit, `0` to `9`.
  @inlinable public var isASCIIDigit: Bool { (0x30...0x39).contains(self) }

  /// An ASCII hexadecimal digit: `0` to `9`, `A` to `F`, `a` to `f`.
  @inlinable public var isASCIIHexDigit: Bool {
    isASCIIDigit || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
  }

  /// An ASCII letter or digit.
  @inlinable public var isASCIIAlphanumeric: Bool {
    isASCIIDigit || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
  }
}
