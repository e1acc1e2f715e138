import PrecisCore

// MARK: - The line pass on bytes

extension NormalizeStage {
  /// Line endings, control characters, spaces, wrapped lines and paragraphs, on well-formed
  /// UTF-8 in NFC: the bytes of the normalized text and its paragraphs (in Unicode scalars).
  ///
  /// Lines end at CR, LF (CRLF is one break), U+2028, U+2029, VT, FF and NEL; an empty line
  /// ends a paragraph. On each line, spaces are trimmed at both ends; a run of two or more
  /// space separators (general category Zs) becomes one space, a lone one is kept as written
  /// (a no-break space, French typography); control characters and tabs are spaces; a BOM
  /// inside the text, a soft hyphen and a zero-width space are dropped.
  ///
  /// One pass reads the bytes and writes the tidied lines, each after a one-byte placeholder
  /// for the break before it; at the end of each paragraph the placeholders are made line
  /// feeds, spaces, or removed (`semi-` + `conducteurs`). Only the few scalars that matter
  /// (line separators, invisibles, controls, space separators) are decoded. The scalar-level
  /// pass this replaced (paragraphs of lines of scalars, 120 instructions a byte) is kept in
  /// the tests as the reference.
  func tidy(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], paragraphs: [Span]) {
    var spans: [Span] = []
    // The output is never longer than the input: a space or a break is written in place of
    // at least as many bytes read (see `LineWriter`).
    let bytes = [UInt8](unsafeUninitializedCapacity: input.count) { buffer, written in
      guard let base = buffer.baseAddress else {
        written = 0
        return
      }
      var writer = LineWriter(input: input, output: base, capacity: buffer.count, stage: self)
      writer.readAll()
      written = writer.written
      spans = writer.spans
    }
    return (bytes, spans)
  }

  /// Normalized parts of one text, as bytes, joined as one pass would have written them: a
  /// blank line between paragraphs, spans moved by what comes before.
  static func join(bytes parts: [(bytes: [UInt8], paragraphs: [Span])]) -> (
    bytes: [UInt8], paragraphs: [Span]
  ) {
    var output: [UInt8] = []
    output.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count + 2 })
    var spans: [Span] = []
    var offset = 0
    for part in parts {
      guard let last = part.paragraphs.last else { continue }
      if !spans.isEmpty {
        output.append(contentsOf: [0x0A, 0x0A])
        offset += 2
      }
      output.append(contentsOf: part.bytes)
      spans.append(contentsOf: part.paragraphs.map { Span(start: $0.start + offset, end: $0.end + offset) })
      offset += last.end
    }
    return (output, spans)
  }
}

/// One line of a paragraph in the output: its bytes and how many scalars they hold.
struct TidiedLine {
  /// The offset of its first byte in the output.
  var start: Int
  /// The offset after its last byte.
  var end: Int
  /// Its Unicode scalars.
  var count: Int
  /// What replaces the placeholder before it: a line feed, a space, or nothing.
  var joint: Joint = .lineFeed

  /// The break before a line of a paragraph.
  enum Joint { case lineFeed, space, none }
}

/// The state of the line pass over one text. The hot state (bytes written, the current
/// line's scalars, the pending white space) lives in locals of `readAll`, where the compiler
/// keeps it in registers; the rest (lines, paragraphs) is touched once a line.
private struct LineWriter {
  let input: UnsafeBufferPointer<UInt8>
  let output: UnsafeMutablePointer<UInt8>
  let capacity: Int
  let stage: NormalizeStage
  /// Bytes written, once `readAll` has returned.
  var written = 0
  /// The paragraphs written, in scalars.
  var spans: [Span] = []
  /// The scalars written (line feeds and spaces between lines included).
  var scalars = 0
  /// The lines of the paragraph being read.
  var lines: [TidiedLine] = []
  /// Where the bytes of the line being read start.
  var lineStart = 0

  init(
    input: UnsafeBufferPointer<UInt8>, output: UnsafeMutablePointer<UInt8>, capacity: Int,
    stage: NormalizeStage
  ) {
    self.input = input
    self.output = output
    self.capacity = capacity
    self.stage = stage
  }

  /// Reads the whole input.
  mutating func readAll() {
    let input = self.input
    let output = self.output
    let count = input.count
    guard let base = input.baseAddress else { return }
    var written = 0
    // The scalars of the line being read (0 while it is empty).
    var lineCount = 0
    // White space waiting for the next kept scalar: how many scalars, and the first one's
    // bytes in the input (length 0 for a control character, which is a plain space).
    var run = 0
    var runStart = 0
    var runLength = 0
    var index = 0
    while index < count {
      let byte = input[index]
      if byte &- 0x21 < 0x5E {
        // Printable ASCII, most of the text: copied eight bytes at a time, with the single
        // spaces between words, up to the first byte that is neither (the output is never
        // ahead of the input, so there is room for the eight).
        if run > 0 || lineCount == 0 {
          beginScalar(
            written: &written, lineCount: &lineCount, run: &run, runStart: runStart, runLength: runLength)
        }
        var end = index + 1
        var stopped = false
        while end + 8 <= count {
          let word = UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self)
          UnsafeMutableRawPointer(output + written + (end - index)).storeBytes(of: word, as: UInt64.self)
          let stops = LineWriter.stops(word)
          if stops != 0 {
            let printable = stops.trailingZeroBitCount >> 3
            if printable == 7, word >> 56 == 0x20 {
              end += 7  // a space last in the word: the next word tells
              continue
            }
            end += printable
            stopped = true
            break
          }
          end += 8
        }
        if !stopped {
          while end < count, input[end] &- 0x21 < 0x5E {
            output[written + (end - index)] = input[end]
            end += 1
          }
        }
        output[written] = byte
        written += end - index
        lineCount += end - index
        index = end
        continue
      }
      if byte < 0x80 {
        switch byte {
        case 0x20:
          if run == 0, lineCount > 0, index + 1 < count, input[index + 1] &- 0x21 < 0x5E {
            // One space between two words, written at once.
            output[written] = 0x20
            written += 1
            lineCount += 1
          } else {
            space(at: index, length: 1, run: &run, runStart: &runStart, runLength: &runLength)
          }
        case 0x0D:
          endLine(written: &written, lineCount: &lineCount)
          run = 0
        case 0x0A:
          // CRLF is one break (the CR ended the line).
          if index == 0 || input[index - 1] != 0x0D {
            endLine(written: &written, lineCount: &lineCount)
            run = 0
          }
        case 0x0B, 0x0C:
          endLine(written: &written, lineCount: &lineCount)
          run = 0
        default:  // a control character, a tab too
          space(at: index, length: 0, run: &run, runStart: &runStart, runLength: &runLength)
        }
        index += 1
        continue
      }
      if byte >= 0xC3, byte <= 0xDF, index + 1 < count {
        // A two-byte scalar from U+00C0 on (`é`, `à`, Greek, Cyrillic): none is special.
        if run > 0 || lineCount == 0 {
          beginScalar(
            written: &written, lineCount: &lineCount, run: &run, runStart: runStart, runLength: runLength)
        }
        output[written] = byte
        output[written + 1] = input[index + 1]
        written += 2
        lineCount += 1
        index += 2
        continue
      }
      let length = min(byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2, count - index)
      let second = length > 1 ? input[index + 1] : 0
      let third = length > 2 ? input[index + 2] : 0
      switch (byte, second, third) {
      case (0xC2, 0x85, _),  // NEL
        (0xE2, 0x80, 0xA8),  // U+2028 line separator
        (0xE2, 0x80, 0xA9):  // U+2029 paragraph separator
        endLine(written: &written, lineCount: &lineCount)
        run = 0
      case (0xC2, 0xAD, _),  // soft hyphen
        (0xE2, 0x80, 0x8B),  // zero-width space
        (0xEF, 0xBB, 0xBF):  // BOM inside the text
        break  // invisible, dropped
      case (0xC2, 0x80...0x9F, _):
        space(at: index, length: 0, run: &run, runStart: &runStart, runLength: &runLength)  // a C1 control
      case (0xC2, 0xA0, _),  // no-break space
        (0xE1, 0x9A, 0x80),  // U+1680 ogham space mark
        (0xE2, 0x80, 0x80...0x8A),  // U+2000–U+200A
        (0xE2, 0x80, 0xAF),  // U+202F narrow no-break space
        (0xE2, 0x81, 0x9F),  // U+205F medium mathematical space
        (0xE3, 0x80, 0x80):  // U+3000 ideographic space
        space(at: index, length: length, run: &run, runStart: &runStart, runLength: &runLength)
      default:
        if run > 0 || lineCount == 0 {
          beginScalar(
            written: &written, lineCount: &lineCount, run: &run, runStart: runStart, runLength: runLength)
        }
        for offset in 0..<length { output[written + offset] = input[index + offset] }
        written += length
        lineCount += 1
      }
      index += length
    }
    endLine(written: &written, lineCount: &lineCount)
    if !lines.isEmpty { endParagraph(written: &written) }
    self.written = written
  }

  /// The bytes of `word` (little-endian: the first byte lowest) where a run of printable
  /// ASCII stops, each marked by its high bit: a byte that is neither printable ASCII (`!` to
  /// `~`) nor a space before such a byte (a space last in the word stops the run too).
  @inline(__always)
  static func stops(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high = ones &* 0x80
    let low = ones &* 0x7F
    // Exact per byte: no borrow or carry crosses a byte (`| high` before the subtraction,
    // `& low` before the addition).
    let ascii = ~word & high
    let fromBang = ((word | high) &- ones &* 0x21) & high  // low seven bits at least 0x21
    let deleteBits = word ^ low
    let delete = ~(((deleteBits & low) &+ low) | deleteBits) & high
    let spaceBits = word ^ (ones &* 0x20)
    let space = ~(((spaceBits & low) &+ low) | spaceBits) & high
    let printable = ascii & fromBang & ~delete
    return ~(printable | (space & (printable >> 8))) & high
  }

  /// A space separator (general category Zs) or a control character at `index`.
  @inline(__always)
  func space(at index: Int, length: Int, run: inout Int, runStart: inout Int, runLength: inout Int) {
    if run == 0 {
      runStart = index
      runLength = length
    }
    run += 1
  }

  /// Before a kept scalar that is not a space: the break before a new line (a placeholder, or
  /// a blank line before a new paragraph), or the spaces before it on its line.
  @inline(__always)
  mutating func beginScalar(
    written: inout Int, lineCount: inout Int, run: inout Int, runStart: Int, runLength: Int
  ) {
    if lineCount == 0 {
      written = startLine(written: written)
    } else if run == 1 && runLength > 0 {
      // A lone space is kept as written (a no-break space before `:` in French).
      for offset in 0..<runLength { output[written + offset] = input[runStart + offset] }
      written += runLength
      lineCount += 1
    } else {
      output[written] = 0x20
      written += 1
      lineCount += 1
    }
    run = 0
  }

  /// The start of a line: a placeholder for the break before it (settled at the end of the
  /// paragraph), or a blank line before a new paragraph. Returns the bytes written.
  mutating func startLine(written: Int) -> Int {
    var written = written
    if !lines.isEmpty {
      output[written] = 0x0A
      written += 1
    } else if !spans.isEmpty {
      output[written] = 0x0A
      output[written + 1] = 0x0A
      written += 2
      scalars += 2
    }
    assert(written <= capacity, "the line pass writes no more than it reads")
    lineStart = written
    return written
  }

  /// The end of a line: an empty line ends the paragraph.
  mutating func endLine(written: inout Int, lineCount: inout Int) {
    if lineCount == 0 {
      if !lines.isEmpty { endParagraph(written: &written) }
    } else {
      lines.append(TidiedLine(start: lineStart, end: written, count: lineCount))
      lineCount = 0
    }
  }

  /// The end of a paragraph: its breaks settled, its span recorded.
  mutating func endParagraph(written: inout Int) {
    let start = scalars
    let text = UnsafeBufferPointer(start: output, count: written)
    stage.settleJoints(&lines, in: text)
    var removed = 0
    for (index, line) in lines.enumerated() {
      scalars += line.count
      guard index > 0 else { continue }
      switch line.joint {
      case .lineFeed:
        output[line.start - 1 - removed] = 0x0A
        scalars += 1
      case .space:
        output[line.start - 1 - removed] = 0x20
        scalars += 1
      case .none:
        removed += 1
      }
      if removed > 0 {
        (output + line.start - removed).update(from: output + line.start, count: line.end - line.start)
      }
    }
    written -= removed
    spans.append(Span(start: start, end: scalars))
    lines.removeAll(keepingCapacity: true)
  }
}

// MARK: - Joining the lines of a paragraph

extension NormalizeStage {
  /// Decides how each line of a paragraph joins the one before: a line break is kept where
  /// it ends a line that stands alone (a heading, a dateline, a slug), and replaced by a space
  /// where the line was wrapped, or by nothing after a word cut by a hyphen.
  func settleJoints(_ lines: inout [TidiedLine], in text: UnsafeBufferPointer<UInt8>) {
    guard lines.count > 1, joinWrapped, let last = lines.last else { return }
    var longest = 0
    for line in lines { longest = max(longest, line.count) }
    let endsSentence = SentenceSplitter.isTerminated(UTF8Scalars(text, last))
    for index in 1..<lines.count {
      let previous = UTF8Scalars(text, lines[index - 1])
      let next = UTF8Scalars(text, lines[index])
      guard isWrapped(previous, before: next, longest: longest, paragraphEndsSentence: endsSentence) else {
        continue
      }
      lines[index].joint = .space
      if let last = previous.last, last == "-", previous.count >= 2,
        previous[previous.index(before: previous.index(before: previous.endIndex))].properties.isLowercase,
        next.first?.properties.isLowercase == true
      {
        lines[index].joint = .none  // `semi-` + `conducteurs`: the hyphen stays
      }
    }
  }

  /// Whether the break between `line` and `next` is a soft wrap: the paragraph looks wrapped
  /// (its longest line is at least 40 characters), this line is nearly as long as the longest,
  /// the next line continues the text, and it is not a short unpunctuated line standing alone
  /// (a label after a slug) unless this line plainly stops mid-sentence.
  /// (Generic so that the tests can ask it of scalar arrays; the pass asks it of `UTF8Scalars`.)
  func isWrapped<Line: BidirectionalCollection<Unicode.Scalar>>(
    _ line: Line, before next: Line, longest: Int, paragraphEndsSentence: Bool
  ) -> Bool {
    // A line that stops on a lowercase word or a comma, before a line that goes on in
    // lowercase, is one sentence broken in two (text copied from a PDF), whatever the lengths,
    // when the paragraph ends a sentence (a list of labels does not).
    if paragraphEndsSentence, let last = line.last, let first = next.first,
      first.properties.isLowercase, last.properties.isLowercase || last == ","
    {
      return true
    }
    // A list item (`- item`, `• item`, `1. item`) starts its own line.
    if let first = next.first, "-–—•*".unicodeScalars.contains(first), next.count > 1,
      next[next.index(after: next.startIndex)].properties.isWhitespace
    {
      return false
    }
    let threshold = wrapRatio * Double(longest)
    guard longest >= 40, Double(line.count) >= threshold, let first = next.first, let last = line.last
    else { return false }
    let props = first.properties
    guard props.isAlphabetic || props.numericType != nil || "«“\"'(‘[—–-".unicodeScalars.contains(first)
    else { return false }
    let midSentence = last.properties.isLowercase || ",;-–(".unicodeScalars.contains(last)
    let nextStandsAlone =
      Double(next.count) < threshold
      && !".!?…".unicodeScalars.contains(
        next.reversed().first { !"»”\")".unicodeScalars.contains($0) } ?? " ")
    return midSentence || !nextStandsAlone
  }
}

// MARK: - Scalars of a line

/// The Unicode scalars of one tidied line, decoded from its well-formed UTF-8 bytes as they
/// are read; `count` is the line's known scalar count.
struct UTF8Scalars: BidirectionalCollection {
  let bytes: UnsafeBufferPointer<UInt8>
  let startIndex: Int
  let endIndex: Int
  let count: Int

  init(_ text: UnsafeBufferPointer<UInt8>, _ line: TidiedLine) {
    bytes = text
    startIndex = line.start
    endIndex = line.end
    count = line.count
  }

  subscript(position: Int) -> Unicode.Scalar {
    let lead = UInt32(bytes[position])
    var value: UInt32
    switch lead {
    case ..<0x80: return Unicode.Scalar(UInt8(lead))
    case ..<0xE0: value = lead & 0x1F
    case ..<0xF0: value = lead & 0x0F
    default: value = lead & 0x07
    }
    var index = position + 1
    while index < endIndex, bytes[index] & 0xC0 == 0x80 {
      value = value << 6 | UInt32(bytes[index] & 0x3F)
      index += 1
    }
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  func index(after position: Int) -> Int {
    var index = position + 1
    while index < endIndex, bytes[index] & 0xC0 == 0x80 { index += 1 }
    return index
  }

  func index(before position: Int) -> Int {
    var index = position - 1
    while index > startIndex, bytes[index] & 0xC0 == 0x80 { index -= 1 }
    return index
  }
}
