extension Unicode.Scalar {
  /// `properties.isUppercase`, answered without the Unicode tables for ASCII (most of the
  /// scalars of a news article), where those lookups dominate the hot loops.
  @inlinable public var isUppercaseLetter: Bool {
    value < 0x80 ? (0x41...0x5A).contains(value) : properties.isUppercase
  }

  /// `properties.isWhitespace`, answered without the Unicode tables for ASCII.
  @inlinable public var isWhiteSpace: Bool {
    value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
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
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    for scalar in unicodeScalars {
      let value = scalar.value
      if value < 0x80 {
        bytes.append(UInt8(value) | ((0x41...0x5A).contains(value) ? 0x20 : 0))
      } else if value <= 0xFF {
        // À to Þ, except ×, lowercase to the letter 0x20 further; the rest of Latin-1 stays.
        let lower = (0xC0...0xDE).contains(value) && value != 0xD7 ? value + 0x20 : value
        bytes.append(0xC0 | UInt8(lower >> 6))
        bytes.append(0x80 | UInt8(lower & 0x3F))
      } else {
        bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
