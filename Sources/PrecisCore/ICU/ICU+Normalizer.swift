import CICUBridge

/// Unicode normalization through ICU.
public enum ICUNormalizer {
  /// `text` in Normalization Form C.
  public static func nfc(_ text: String) throws -> String {
    if text.unicodeScalars.allSatisfy({ $0.isASCII }) { return text }
    var text = text
    return try text.withUTF8 { buffer in
      var output: UnsafeMutablePointer<UInt8>?
      var status: Int32 = 0
      let length = precis_normalize_nfc(buffer.baseAddress, Int64(buffer.count), &output, &status)
      defer { precis_free(output) }
      try ICUError.check(status, "normalize text to NFC")
      guard length >= 0, let output else {
        throw ICUError(code: 1, operation: "normalize text to NFC")
      }
      return String(decoding: UnsafeBufferPointer(start: output, count: Int(length)), as: UTF8.self)
    }
  }
}
