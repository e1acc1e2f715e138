/// `ScalarCursor` that skips eight bytes at a step: the UTF-8 offsets of scalar offsets that
/// come in ascending order. A document's debris is spread over its length, so the cursor walks
/// nearly the whole text; counting the scalars that start in eight bytes at once (the bytes
/// that are not continuation bytes) costs a few instructions instead of a few per byte.
struct ScalarSkipper {
  private let bytes: UnsafeBufferPointer<UInt8>
  /// How many scalars start before `byte`.
  private var scalar = 0
  /// Where the cursor is (not always at the start of a scalar while skipping).
  private var byte = 0

  /// A cursor at the start of `bytes`.
  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The UTF-8 offset of the scalar at offset `target`, or `nil` past the end of the text: the
  /// answers of `ScalarCursor.byteOffset(_:)`.
  mutating func byteOffset(_ target: Int) -> Int? {
    if target < scalar {
      scalar = 0
      byte = 0
    }
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      // Whole words of eight bytes in which fewer scalars start than are left to pass.
      while byte &+ 8 <= bytes.count {
        let word = raw.loadUnaligned(fromByteOffset: byte, as: UInt64.self)
        // A continuation byte has its high bit set and the next bit clear.
        let continuations = (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
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
