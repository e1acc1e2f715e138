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
