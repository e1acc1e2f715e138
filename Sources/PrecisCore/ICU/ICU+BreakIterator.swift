import CICUBridge

/// A boundary found by ICU: its UTF-8 byte offset and the rule status there.
public struct ICUBoundary: Sendable, Hashable {
  /// The boundary as a UTF-8 byte offset into the text.
  public var offset: Int
  /// ICU's rule status (for words: 0 none, 100 number, 200 letter, 300 kana, 400 ideograph).
  public var status: Int32
}

/// An ICU break iterator prototype, opened once per pipeline for a locale. It is never pointed
/// at text itself: `makeIterator()` clones it for one task, which may run on any thread.
public final class ICUBreakIteratorPrototype: @unchecked Sendable {
  /// Sentence or word boundaries.
  public enum Kind: Sendable {
    case sentence, word
  }

  /// The locale it was opened with (`fr@ss=standard`).
  public let locale: String
  private let pointer: OpaquePointer

  /// Opens ICU's break rules of `kind` for `locale`.
  public init(_ kind: Kind, locale: String) throws {
    var status: Int32 = 0
    let cKind = kind == .word ? PRECIS_BREAK_WORD : PRECIS_BREAK_SENTENCE
    let opened = precis_breaker_open(cKind, locale, &status)
    try ICUError.check(status, "open a break iterator for locale '\(locale)'")
    guard let opened else {
      throw ICUError(code: 1, operation: "open a break iterator for locale '\(locale)'")
    }
    self.locale = locale
    self.pointer = opened
  }

  deinit { precis_breaker_close(pointer) }

  /// A private copy for one task (not to be shared between threads).
  public func makeIterator() throws -> ICUBreakIterator {
    var status: Int32 = 0
    let clone = precis_breaker_clone(pointer, &status)
    try ICUError.check(status, "clone a break iterator")
    guard let clone else { throw ICUError(code: 1, operation: "clone a break iterator") }
    return ICUBreakIterator(pointer: clone)
  }
}

/// A working ICU break iterator, owned by one task.
public final class ICUBreakIterator {
  private let pointer: OpaquePointer

  fileprivate init(pointer: OpaquePointer) { self.pointer = pointer }

  deinit { precis_breaker_close(pointer) }

  /// Every boundary in `text` after its start, in order, as UTF-8 byte offsets, with ICU
  /// reading the UTF-8 itself (through a `UText`). The same boundaries as `boundaries(in:)` on
  /// the bytes, at a third of the speed: kept as the baseline `bench-segmentation` reports.
  ///
  /// - Complexity: O(*n*) in the length of `text`.
  public func boundariesReadingUTF8(in text: String) throws -> [ICUBoundary] {
    var text = text
    return try text.withUTF8 { bytes in
      var status: Int32 = 0
      precis_breaker_set_text(pointer, bytes.baseAddress, Int64(bytes.count), &status)
      try ICUError.check(status, "set the text of a break iterator")
      let result = remainingBoundaries { ICUBoundary(offset: $0, status: $1) }
      // Drop the pointer to the caller's bytes before they go away.
      precis_breaker_set_text(pointer, nil, 0, &status)
      return result
    }
  }

  /// Every boundary in UTF-8 `bytes` after its start.
  public func boundaries(in bytes: UnsafeBufferPointer<UInt8>) throws -> [ICUBoundary] {
    try withBoundaries(in: bytes) { found, _ in
      found.map { ICUBoundary(offset: Int($0.offset), status: $0.status) }
    }
  }

  /// Calls `body` with every boundary in UTF-8 `bytes` after its start, in order, as byte
  /// and scalar offsets with their rule statuses (and the boundary before each), and with how
  /// many bytes may begin an apostrophe (0x27, 0xE2). ICU reads the text as UTF-16, made in a
  /// buffer the iterator keeps: a third faster than its UTF-8 reader. With `skippingSpaces`, the
  /// boundaries whose piece starts with an ASCII space, tab or line break are left out. The
  /// boundaries are valid only during `body`.
  ///
  /// - Complexity: O(*n*) in the length of `bytes`.
  func withBoundaries<Result>(
    in bytes: UnsafeBufferPointer<UInt8>, skippingSpaces: Bool = false,
    _ body: (_ boundaries: UnsafeBufferPointer<PrecisBoundary>, _ apostrophes: Int) throws -> Result
  ) throws -> Result {
    var status: Int32 = 0
    var found: UnsafePointer<PrecisBoundary>?
    var apostrophes: Int64 = 0
    let count = precis_breaker_boundaries_utf8(
      pointer, bytes.baseAddress, Int64(bytes.count), skippingSpaces ? 1 : 0, &found, &apostrophes, &status)
    try ICUError.check(status, "find the boundaries of a text")
    defer { precis_breaker_release_buffers(pointer) }
    return try body(UnsafeBufferPointer(start: found, count: max(Int(count), 0)), Int(apostrophes))
  }

  /// Every boundary in UTF-16 `units` after their start, as UTF-16 offsets; ICU reads UTF-16
  /// about twice as fast as UTF-8. The iterator reads the units only during this call.
  ///
  /// - Complexity: O(*n*) in the number of units.
  public func boundaries(utf16 units: UnsafeBufferPointer<UInt16>) throws -> [Int] {
    var status: Int32 = 0
    precis_breaker_set_text_utf16(pointer, units.baseAddress, Int64(units.count), &status)
    try ICUError.check(status, "set the text of a break iterator")
    let result = remainingBoundaries { offset, _ in offset }
    precis_breaker_set_text_utf16(pointer, nil, 0, &status)
    return result
  }
  /// Every boundary after the iterator's position, in order, each made by `make` from its
  /// offset (in the text's code units) and rule status.
  private func remainingBoundaries<Boundary>(_ make: (Int, Int32) -> Boundary) -> [Boundary] {
    var result: [Boundary] = []
    var rule: Int32 = 0
    while true {
      let offset = precis_breaker_next(pointer, &rule)
      if offset < 0 { break }
      result.append(make(Int(offset), rule))
    }
    return result
  }

}
