import CICUBridge

/// Unicode normalization through ICU.
public enum ICUNormalizer {
  /// `text` in Normalization Form C.
  public static func nfc(_ text: String) throws -> String {
    var text = text
    let composed = try text.withUTF8 { try nfc(utf8: $0) }
    guard let composed else { return text }
    return String(decoding: composed, as: UTF8.self)
  }

  /// The well-formed UTF-8 `bytes` in Normalization Form C, or `nil` when they are in NFC
  /// already as far as `plainLength(at:in:)` can tell (most French text).
  ///
  /// Only the runs that hold a scalar outside the plainly composed set go through ICU; the
  /// rest is copied. A run is widened back to the ASCII byte before it and forward to the
  /// ASCII byte after it: an ASCII character is a starter that never decomposes and never
  /// composes with what precedes it, so the text before it and the text from it on normalize
  /// apart exactly as they do together. Runs a few bytes apart are sent together, one ICU call
  /// costing about as much as normalizing a line.
  public static func nfc(utf8 bytes: UnsafeBufferPointer<UInt8>) throws -> [UInt8]? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    var runs: [Range<Int>] = []
    var index = 0
    while index < count {
      // ASCII is skipped eight bytes at a time, up to the first byte that is not.
      if index + 8 <= count {
        let high = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
        if high == 0 {
          index += 8
          continue
        }
        index += high.trailingZeroBitCount >> 3
      } else if bytes[index] < 0x80 {
        index += 1
        continue
      }
      if let length = plainLength(at: index, in: bytes) {
        index += length
        continue
      }
      // The run starts at the ASCII byte before (or at the start) and ends before the ASCII
      // byte after (or at the end).
      var start = index
      while start > 0, bytes[start - 1] >= 0x80 { start -= 1 }
      start = max(start - 1, 0)
      var end = index + 1
      while end < count, bytes[end] >= 0x80 { end += 1 }
      if let last = runs.last, start - last.upperBound <= mergeGap {
        runs[runs.count - 1] = last.lowerBound..<end
      } else {
        runs.append(start..<end)
      }
      index = end
    }
    guard !runs.isEmpty else { return nil }
    let normalized = try runs.map { run in
      var output: [UInt8] = []
      try normalize(UnsafeBufferPointer(start: base + run.lowerBound, count: run.count), into: &output)
      return output
    }
    let length = count + zip(runs, normalized).reduce(0) { $0 + $1.1.count - $1.0.count }
    return [UInt8](unsafeUninitializedCapacity: length) { output, written in
      guard let target = output.baseAddress else {
        written = 0
        return
      }
      written = 0
      var copied = 0
      func append(_ source: UnsafeRawPointer, count: Int) {
        UnsafeMutableRawPointer(target + written).copyMemory(from: source, byteCount: count)
        written += count
      }
      for (run, composed) in zip(runs, normalized) {
        append(base + copied, count: run.lowerBound - copied)
        composed.withUnsafeBytes { if let source = $0.baseAddress { append(source, count: $0.count) } }
        copied = run.upperBound
      }
      append(base + copied, count: count - copied)
    }
  }

  /// How far apart (in bytes) two runs may be and still go through ICU together.
  static let mergeGap = 64

  /// The length of the scalar at `index` when it is plainly composed and not ASCII, or `nil`.
  /// Plainly composed scalars are certainly in NFC whatever surrounds them, without asking
  /// ICU: every character below U+0300 (Latin, with its precomposed letters), and general
  /// punctuation and currency signs from U+2002 to U+20BF (`’`, `«`, `–`, `…`, `€`), none of
  /// which composes or decomposes. Anything else (a combining accent, another script) goes to
  /// ICU. Converting a French article to UTF-16 and back cost ICU 100,000 instructions; this
  /// scan a tenth.
  @inline(__always)
  static func plainLength(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let lead = bytes[index]
    if lead >= 0xC2, lead <= 0xCB { return 2 }  // U+0080–U+02FF
    if lead == 0xE2, index + 2 < bytes.count {
      let second = bytes[index + 1]
      let third = bytes[index + 2]
      if (second == 0x80 && third >= 0x82) || second == 0x81 || (second == 0x82 && third <= 0xBF) {
        return 3  // U+2002–U+20BF
      }
    }
    return nil
  }

  /// Appends `bytes` (well-formed UTF-8) in NFC to `output`, through ICU.
  static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) throws {
    var normalized: UnsafeMutablePointer<UInt8>?
    var status: Int32 = 0
    let length = precis_normalize_nfc(bytes.baseAddress, Int64(bytes.count), &normalized, &status)
    defer { precis_free(normalized) }
    try ICUError.check(status, "normalize text to NFC")
    guard length >= 0, let normalized else {
      throw ICUError(code: 1, operation: "normalize text to NFC")
    }
    output.append(contentsOf: UnsafeBufferPointer(start: normalized, count: Int(length)))
  }
}

/// ICU's converters, for text in another encoding than UTF-8.
public enum ICUConverter {
  /// `bytes` in the encoding ICU names `charset` (its aliases: "windows-1252", "latin1",
  /// "iso-8859-15", "Shift_JIS"), as UTF-8; what the encoding does not define becomes ICU's
  /// substitute character. `nil` when ICU knows no such encoding.
  public static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, from charset: String) throws -> [UInt8]? {
    var converted: UnsafeMutablePointer<UInt8>?
    var status: Int32 = 0
    let length = precis_convert_to_utf8(charset, bytes.baseAddress, Int64(bytes.count), &converted, &status)
    defer { precis_free(converted) }
    if status == ICUConverter.unknownEncoding { return nil }
    try ICUError.check(status, "convert text from \(charset) to UTF-8")
    guard length >= 0, let converted else {
      throw ICUError(code: 1, operation: "convert text from \(charset)")
    }
    return Array(UnsafeBufferPointer(start: converted, count: Int(length)))
  }

  /// ICU's U_FILE_ACCESS_ERROR: no converter of that name.
  static let unknownEncoding: Int32 = 4
}
