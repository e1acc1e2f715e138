import Foundation
import PrecisCore

/// Splits normalized text into sentences. ICU's sentence rules for the locale propose
/// boundaries; so does a scan for what ICU cannot see in scraped news (sentences glued without a
/// space, a period before a lowercase word or a number, bullets and numbered lists, a capitalized
/// function word after `:` or `;`). Each proposal is then reviewed with the language's rules
/// (abbreviations, initials, closing quotes, ellipses, continuations). Every line break is a
/// boundary, so headings, datelines and slugs stand alone.
public struct SentenceSplitter: Sendable {
  /// The ICU locale (`fr`).
  public let locale: String
  private let prototype: ICUBreakIteratorPrototype
  let rules: SegmentationRules
  let splitGlued: Bool

  /// Opens ICU's sentence rules for `locale`.
  public init(locale: String, rules: SegmentationRules, splitGlued: Bool = true) throws {
    self.locale = locale
    prototype = try ICUBreakIteratorPrototype(.sentence, locale: locale)
    self.rules = rules
    self.splitGlued = splitGlued
  }

  /// Opens ICU's sentence rules for `locale`, with only an abbreviation list.
  public init(locale: String, abbreviations: AbbreviationList, splitGlued: Bool = true) throws {
    try self.init(
      locale: locale, rules: SegmentationRules(abbreviations: abbreviations), splitGlued: splitGlued)
  }

  /// The sentences of `text`, with scalar spans, paragraph numbers and line flags; a long text
  /// is split in up to `parts` parts at once.
  ///
  /// - Complexity: O(*n*) in the length of the text.
  public func sentences(
    in text: String, parts: Int = Parallel.cores
  ) throws -> [Sentence] {
    // A long text is cut between paragraphs and its parts split on the cores. Sentences never
    // cross a line, and ICU breaks after every line break, so each part splits as it would
    // in one pass; only offsets, indexes and paragraph numbers move.
    var contiguous = text
    let ranges = contiguous.withUTF8 { Parallel.paragraphRanges($0, parts: parts) }
    guard ranges.count > 1 else { return try sentences(inPart: text).sentences }
    let parts = try Parallel.map(ranges.count, threshold: 1, cores: ranges.count) { range in
      try range.map { part in
        var text = text
        let (partText, startScalar) = text.withUTF8 { bytes in
          let slice = UnsafeBufferPointer(rebasing: bytes[ranges[part]])
          let before = UnsafeBufferPointer(rebasing: bytes[..<ranges[part].lowerBound])
          return (
            String(decoding: slice, as: UTF8.self), before.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
          )
        }
        return (split: try sentences(inPart: partText), start: startScalar)
      }
    }
    var result: [Sentence] = []
    var lastParagraph: Int?  // the paragraph a one-pass run would be in at the end of a part
    for part in parts where !part.split.sentences.isEmpty {
      // Every part after the first starts after a blank line with a sentence: a new paragraph.
      let shift = lastParagraph.map { $0 + 1 } ?? 0
      for var sentence in part.split.sentences {
        sentence.index = result.count
        sentence.span = Span(start: sentence.span.start + part.start, end: sentence.span.end + part.start)
        sentence.paragraph += shift
        result.append(sentence)
      }
      lastParagraph = shift + part.split.lastParagraph
    }
    return result
  }

  /// The sentences of one part of a text, offsets counted from the part's start, and the
  /// paragraph the part ends in.
  func sentences(inPart text: String) throws -> (sentences: [Sentence], lastParagraph: Int) {
    var contiguous = text
    return try contiguous.withUTF8 { bytes in
      let decoded = SentenceSplitter.decode(bytes)
      let proposed = try icuBoundaries(decoded)
      return try decoded.scalars.withUnsafeBufferPointer { scalars in
        try sentences(
          text: text, bytes: bytes, scalars: scalars, marks: decoded.marks, capitals: decoded.capitals,
          spacedCapitals: decoded.spacedCapitals, proposed: proposed)
      }
    }
  }

  /// ICU's boundaries, found in the UTF-16 form of the text, as scalar offsets.
  func icuBoundaries(_ decoded: Decoded) throws -> [Int] {
    let iterator = try prototype.makeIterator()
    let units = try decoded.utf16.withUnsafeBufferPointer { try iterator.boundaries(utf16: $0) }
    // A scalar beyond the BMP takes two UTF-16 units: count those before each boundary.
    var result: [Int] = []
    result.reserveCapacity(units.count)
    var pairs = 0
    for unit in units {
      while pairs < decoded.pairs.count, decoded.pairs[pairs] < unit { pairs += 1 }
      result.append(unit - pairs)
    }
    return result
  }

  /// The sentences of valid UTF-8 `bytes`, whose scalars are `scalars`; `marks` and `capitals`
  /// are the offsets of the scalars that matter (see `decode`), `proposed` ICU's boundaries.
  func sentences(
    text: String, bytes: UnsafeBufferPointer<UInt8>, scalars: UnsafeBufferPointer<Unicode.Scalar>,
    marks: [Int], capitals: [Int] = [], spacedCapitals: [Int] = [],
    proposed: [Int]
  ) throws -> (sentences: [Sentence], lastParagraph: Int) {
    // Scalar offsets to UTF-8 offsets, moving forward (sentences come in order).
    var cursor = ScalarCursor(bytes)
    func byteOffset(_ scalar: Int) -> Int { cursor.byteOffset(scalar) ?? bytes.count }
    var sentences: [Sentence] = []
    // (About one a boundary ICU proposes, and one a line it does not cut.)
    sentences.reserveCapacity(proposed.count + 8)
    var paragraph = 0
    var lineStart = 0
    var sawBlank = false
    var nextICU = 0
    var nextMark = 0
    var nextCapital = 0
    var nextSpaced = 0
    while lineStart <= scalars.count {
      let firstMark = nextMark
      while nextMark < marks.count, scalars[marks[nextMark]] != "\n" { nextMark += 1 }
      let lineEnd = nextMark < marks.count ? marks[nextMark] : scalars.count
      let lineMarks = marks[firstMark..<nextMark]
      nextMark += 1
      if lineEnd == lineStart {
        if !sentences.isEmpty { sawBlank = true }
      } else {
        if sawBlank {
          paragraph += 1
          sawBlank = false
        }
        var lineICU = nextICU
        while lineICU < proposed.count, proposed[lineICU] <= lineEnd { lineICU += 1 }
        var icu: [Int] = []
        icu.reserveCapacity(lineICU - nextICU)
        for boundary in proposed[nextICU..<lineICU] where boundary > lineStart && boundary < lineEnd {
          icu.append(boundary)
        }
        nextICU = lineICU
        let firstCapital = nextCapital
        while nextCapital < capitals.count, capitals[nextCapital] < lineEnd { nextCapital += 1 }
        let firstSpaced = nextSpaced
        while nextSpaced < spacedCapitals.count, spacedCapitals[nextSpaced] < lineEnd { nextSpaced += 1 }
        let line = Line(
          scalars: scalars, start: lineStart, end: lineEnd, marks: lineMarks,
          capitals: capitals[firstCapital..<nextCapital],
          spacedCapitals: spacedCapitals[firstSpaced..<nextSpaced])
        var start = lineStart
        var headingEnds: [Int] = []
        // (Heading ends come in order, as the sentences do: a cursor finds them. Looking each
        // one up in the whole list took quadratic time, 8.7 s for a 20 MB line of headings.)
        var nextHeadingEnd = 0
        func endsHeading(_ end: Int) -> Bool {
          while nextHeadingEnd < headingEnds.count, headingEnds[nextHeadingEnd] < end { nextHeadingEnd += 1 }
          return nextHeadingEnd < headingEnds.count && headingEnds[nextHeadingEnd] == end
        }
        for cut in boundaries(in: line, icu: icu, headingEnds: &headingEnds) + [lineEnd] {
          var a = start
          var b = cut
          while a < b, Chars.isSpace(scalars[a]) { a += 1 }
          while b > a, Chars.isSpace(scalars[b - 1]) { b -= 1 }
          let opensLine = a == lineStart
          // A stray period before a sentence, left by a scrape (`. L'homme, âgé de 25 ans,…`),
          // is no part of it.
          if b - a > 2, scalars[a] == ".", Chars.isSpace(scalars[a + 1]) {
            var word = a + 1
            while word < b, Chars.isSpace(scalars[word]) { word += 1 }
            if word < b, Chars.isUpper(scalars[word]) { a = word }
          }
          start = cut
          guard a < b else { continue }
          let byteStart = byteOffset(a)
          // A slice of the text on scalar boundaries, copied without decoding it again.
          let utf8 = text.utf8
          let lower = utf8.index(utf8.startIndex, offsetBy: byteStart)
          let upper = utf8.index(lower, offsetBy: byteOffset(b) - byteStart)
          let sentenceText = String(text.unicodeScalars[lower..<upper])
          let terminated = SentenceSplitter.isTerminated(scalars[a..<b])
          sentences.append(
            Sentence(
              index: sentences.count, span: Span(start: a, end: b),
              text: sentenceText, paragraph: paragraph,
              terminated: terminated,
              standalone: opensLine && b == lineEnd
                || (!terminated && endsHeading(b) && SentenceSplitter.isShort(scalars[a..<b]))))
        }
      }
      lineStart = lineEnd + 1
    }
    return (sentences, paragraph)
  }

  /// A text decoded for the splitter.
  struct Decoded {
    /// The text's scalars.
    var scalars: [Unicode.Scalar]
    /// The offsets of the scalars that matter to the splitter: line breaks, `.!?:;"-*`, and
    /// anything from U+2000 on (`…`, `•`, `–`, curly quotes).
    var marks: [Int]
    /// The offsets of the capitals (ASCII and Latin-1) glued to a lowercase ASCII letter, a
    /// figure, a closing parenthesis, a straight quote or a scalar beyond ASCII, and of the ASCII
    /// capitals between a capital and a lowercase letter or an apostrophe: where
    /// `gluedWithoutPunctuation` looks.
    var capitals: [Int] = []
    /// The offsets of the ASCII and Latin-1 capitals after an ASCII space: where
    /// `spacedHeadingEnds` looks.
    var spacedCapitals: [Int] = []
    /// The text in UTF-16, for ICU.
    var utf16: [UInt16]
    /// The UTF-16 offsets of the scalars beyond the BMP (surrogate pairs).
    var pairs: [Int]
  }

  /// Valid UTF-8 (a Swift string's bytes) decoded in one pass.
  ///
  /// - Complexity: O(*n*) in the number of bytes.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Decoded {
    // (An array made with no capacity writes its count into the storage all empty arrays share:
    // harmless, but a race between threads that a sanitizer rightly reports.)
    guard !bytes.isEmpty else { return Decoded(scalars: [], marks: [], utf16: [], pairs: []) }
    var marks: [Int] = []
    // (Marks are a few in a hundred scalars of a news text.)
    marks.reserveCapacity(bytes.count / 16 + 8)
    var pairs: [Int] = []
    var capitals: [Int] = []
    var spacedCapitals: [Int] = []
    let end = bytes.count
    var utf16: [UInt16] = []
    let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: end) { scalarBuffer, initialized in
      utf16 = [UInt16](unsafeUninitializedCapacity: end) { unitBuffer, unitsInitialized in
        guard let scalarBase = scalarBuffer.baseAddress, let unitBase = unitBuffer.baseAddress,
          let base = bytes.baseAddress
        else {
          unitsInitialized = 0
          return
        }
        var index = 0
        var count = 0
        var units = 0
        let raw = UnsafeRawPointer(base)
        while index < end {
          // Eight ASCII bytes at a step where there are (most of the text): each is a scalar and
          // a UTF-16 unit of its own.
          while index &+ 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            guard word & 0x8080_8080_8080_8080 == 0 else { break }
            // The capitals among the eight: a byte's high bit is set where it is at least `A`
            // and not above `Z` (no carry crosses a byte below 0x80).
            let upper =
              (word &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(word &+ 0x2525_2525_2525_2525) & 0x8080_8080_8080_8080
            if upper != 0 {
              SentenceSplitter.noteCapitals(
                upper, at: index, count: count, in: bytes, to: &capitals, spaced: &spacedCapitals)
            }
            for step in 0..<8 {
              let byte = UInt32(bytes[index &+ step])
              if Chars.isASCIIMark(byte) { marks.append(count &+ step) }
              (scalarBase + (count &+ step)).initialize(to: unsafeBitCast(byte, to: Unicode.Scalar.self))
              (unitBase + (units &+ step)).initialize(to: UInt16(truncatingIfNeeded: byte))
            }
            index &+= 8
            count &+= 8
            units &+= 8
          }
          guard index < end else { break }
          let lead = UInt32(bytes[index])
          var value = lead
          if lead < 0x80 {
            if lead &- 0x41 < 26, index > 0 {
              if SentenceSplitter.mayGlue(at: index, in: bytes) {
                capitals.append(count)
              } else if bytes[index - 1] == 0x20 {
                spacedCapitals.append(count)
              }
            }
            index += 1
            if Chars.isASCIIMark(lead) { marks.append(count) }
          } else {
            if lead < 0xE0, index + 1 < end {
              value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
              index += 2
            } else if lead < 0xF0, index + 2 < end {
              value =
                (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
              index += 3
            } else if index + 3 < end {
              value =
                (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
              index += 4
            } else {
              value = 0xFFFD
              index = end
            }
            if value >= 0x2000 { marks.append(count) }
            // A Latin-1 capital (`À`, `É`) after any scalar but a space or a mark: checked later.
            if value &- 0xC0 < 0x1F, value != 0xD7, index > 0, count > 0 {
              let before = scalarBase[count - 1].value
              if SentenceSplitter.mayGlue(after: UInt8(truncatingIfNeeded: min(before, 0xFF))) {
                capitals.append(count)
              } else if before == 0x20 {
                spacedCapitals.append(count)
              }
            }
          }
          // The bytes come from a Swift string, so every value is a valid scalar.
          (scalarBase + count).initialize(to: unsafeBitCast(value, to: Unicode.Scalar.self))
          count += 1
          if value < 0x10000 {
            (unitBase + units).initialize(to: UInt16(truncatingIfNeeded: value))
            units += 1
          } else {
            pairs.append(units)
            let offset = value - 0x10000
            (unitBase + units).initialize(to: UInt16(truncatingIfNeeded: 0xD800 + (offset >> 10)))
            (unitBase + units + 1).initialize(to: UInt16(truncatingIfNeeded: 0xDC00 + (offset & 0x3FF)))
            units += 2
          }
        }
        initialized = count
        unitsInitialized = units
      }
    }
    return Decoded(
      scalars: scalars, marks: marks, capitals: capitals, spacedCapitals: spacedCapitals, utf16: utf16,
      pairs: pairs)
  }

  /// One line of the text: the whole text's scalars and the line's bounds.
  struct Line {
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    let start: Int
    let end: Int
    /// The offsets of the scalars that matter in the line (see `decode`).
    let marks: ArraySlice<Int>
    /// The offsets of the capitals that may be glued to the word before (see `decode`).
    let capitals: ArraySlice<Int>
    /// The offsets of the capitals after a space (see `decode`).
    let spacedCapitals: ArraySlice<Int>
    /// The offsets of the straight double quotes in the line.
    let quotes: [Int]

    init(
      scalars: UnsafeBufferPointer<Unicode.Scalar>, start: Int, end: Int, marks: ArraySlice<Int>,
      capitals: ArraySlice<Int> = [], spacedCapitals: ArraySlice<Int> = []
    ) {
      self.scalars = scalars
      self.start = start
      self.end = end
      self.marks = marks
      self.capitals = capitals
      self.spacedCapitals = spacedCapitals
      var quotes: [Int] = []
      for index in marks where scalars[index] == "\"" { quotes.append(index) }
      self.quotes = quotes
    }

    subscript(index: Int) -> Unicode.Scalar { scalars[index] }

    /// The text between two offsets, built without a heap allocation when it is short.
    func string(from start: Int, to end: Int) -> String {
      var length = 0
      for index in start..<end { length += UTF8.width(scalars[index]) }
      return String(unsafeUninitializedCapacity: length) { buffer in
        var position = 0
        for index in start..<end {
          UTF8.encode(scalars[index]) { unit in
            buffer[position] = unit
            position += 1
          }
        }
        return position
      }
    }

    /// Whether the straight quote at `index` opens a quotation. A quote attached to the word
    /// after it and spaced from the one before opens (` "Je`), the reverse closes (`fin." Le`);
    /// otherwise an even number of quotes before it on the line means it opens.
    func opensQuote(at index: Int) -> Bool {
      let spaceBefore = index == start || Chars.isSpace(scalars[index - 1])
      let spaceAfter = index + 1 >= end || Chars.isSpace(scalars[index + 1])
      if spaceBefore != spaceAfter { return spaceBefore }
      var low = 0
      var high = quotes.count
      while low < high {
        let middle = (low + high) / 2
        if quotes[middle] < index { low = middle + 1 } else { high = middle }
      }
      return low % 2 == 0
    }
  }

  /// A proposed boundary: an offset in the gap between two sentences. A forced one (a bullet, the
  /// next item of a numbered list) is kept whatever the next word.
  struct Candidate: Comparable {
    var offset: Int
    var forced: Bool
    /// Whether the text before ends a heading glued to the next sentence.
    var endsHeading = false

    static func < (a: Candidate, b: Candidate) -> Bool {
      a.offset != b.offset ? a.offset < b.offset : (a.forced && !b.forced)
    }
  }

  /// Sentence boundaries inside one line (offsets into the text), line start and end excluded;
  /// `headingEnds` gets those that end a heading glued to the next sentence: an intertitle (see
  /// `intertitleEnd(from:in:)`) or a line without final punctuation (see
  /// `gluedWithoutPunctuation(_:into:)`), when unterminated and short.
  func boundaries(in line: Line, icu: [Int], headingEnds: inout [Int]) -> [Int] {
    var candidates = icu.map { Candidate(offset: $0, forced: false) }
    var spans: [Range<Int>] = []
    scan(line, into: &candidates, intertitles: &spans)
    listItems(line, into: &candidates)
    candidates.sort()
    var result: [Int] = []
    result.reserveCapacity(candidates.count)
    // Nothing cuts an intertitle (`- Quel plan de bataille? -Le`). Candidates come in order, so
    // the intertitles that open before one are those a cursor has passed, and it falls inside
    // one when the farthest end among them is past it. (Looking through every intertitle for
    // each candidate took quadratic time: 38 s for 8 MB of them.)
    spans.sort { $0.lowerBound < $1.lowerBound }
    var nextSpan = 0
    var reach = 0
    // What the reviews keep for the next one (see `ReviewMemo`).
    var memo = ReviewMemo()
    for candidate in candidates {
      let previous = result.last ?? line.start
      guard candidate.offset > previous else { continue }
      while nextSpan < spans.count, spans[nextSpan].lowerBound < candidate.offset {
        reach = max(reach, spans[nextSpan].upperBound)
        nextSpan += 1
      }
      if candidate.offset < reach { continue }
      if let kept = review(candidate, in: line, after: previous, memo: &memo), kept > previous,
        kept < line.end
      {
        result.append(kept)
        if candidate.endsHeading { headingEnds.append(kept) }
      }
    }
    if splitGlued, !rules.titleWords.isEmpty, !line.spacedCapitals.isEmpty {
      let added = spacedHeadingEnds(in: line, sentencesEndingAt: result)
      if !added.isEmpty {
        result = (result + added).sorted()
        headingEnds = (headingEnds + added).sorted()
      }
    }
    return result
  }

  /// The ends of the section headings that a scrape joined with a space to the paragraph after
  /// them, in the line's sentences (`cuts` ends all but the last): `Cacophonie au sein du gouvernement La
  /// question de l'âge…`, `• Manuel Valls L'ex-chef du gouvernement…`, `…en maintenant le 1er
  /// tour Depuis, alors que…` (63 in the 1,500 OrangeSum articles; 23 of their summaries held
  /// one inside an item).
  ///
  /// - The paragraph opens with a capitalized function word inside the sentence, within its
  ///   first 15 words, and the word after it is lowercase or a figure (`Le 27 juin`), or a comma
  ///   follows it (`Depuis,`). `À` (or `A`) opens one before a name (`Éric Drouet verbalisé à
  ///   Paris À Paris, seuls…`) or what follows `à` opening a sentence (`À son arrivée`, `A force
  ///   de`), not before a letter's complement (`le bras A de l'étude`, `les RER A et B`); so does
  ///   a preposition or conjunction that begins no name, before a name and after a lowercase word
  ///   (`…la Cour suprême Pour Carlos Ghosn, les…`: see `beforeNames`).
  /// - The heading opens with a capital or a figure, perhaps after a bullet, and holds no `,`,
  ///   `;`, `:` or final punctuation.
  /// - Its last word is no function word and no word that names a title (`l'émission On n'est
  ///   pas couché`, `le film J'accuse`, `le média local L'indépendant`: see
  ///   `SegmentationRules.titleWords`). After a capitalized word, `Un`, `Une`, `Plus`, `Peu`,
  ///   `On`, `Tu`, `De`, `Du`, `Des` and `D'` continue a name (`Kim Jong Un`, `Canal Plus`, `Jean
  ///   De la Fontaine`), and after a word in capitals `A` is a letter.
  /// - Nothing inside a quotation is cut.
  func spacedHeadingEnds(in line: Line, sentencesEndingAt cuts: [Int]) -> [Int] {
    // The capitals after a space, sentence by sentence (no heading is inside an intertitle,
    // which is one): each that may open a paragraph is read with the first words of its
    // sentence, read once.
    var added: [Int] = []
    var sentence = 0
    var start = line.start
    var end = cuts.first ?? line.end
    var opening: (start: Int, words: OpeningWords)?
    for capital in line.spacedCapitals {
      while capital >= end, sentence < cuts.count {
        sentence += 1
        start = end
        end = sentence < cuts.count ? cuts[sentence] : line.end
      }
      // (A sentence's first word, and a word after a comma, open nothing: most capitals after
      // a space are ruled out here, before the word is read.)
      var back = capital - 1
      while back >= start, Chars.isSpace(line[back]) { back -= 1 }
      guard back >= start, added.last.map({ $0 < start }) ?? true else { continue }
      let last = line[back]
      guard
        Chars.isLetter(last) || Chars.isDigit(last) || last == "%" || last == "\"" || last == "»"
          || last == "”",
        let word = opensParagraph(at: capital, before: end, in: line)
      else { continue }
      if opening?.start != start { opening = (start, openingWords(from: start, to: end, in: line)) }
      if let cut = opening?.words.headingEnd(before: capital, in: line),
        endsSpacedHeading(cut.previous, earlier: cut.earlier, word: word, in: line)
      {
        added.append(cut.previous.upperBound)
      }
    }
    return added
  }

  /// The first words of the sentence from `start` to `end` (see `OpeningWords`).
  func openingWords(from start: Int, to end: Int, in line: Line) -> OpeningWords {
    var opening = OpeningWords()
    var index = start
    while index < end, Chars.isSpace(line[index]) || Chars.isBullet(line[index]) { index += 1 }
    guard index < end, Chars.isUpper(line[index]) || Chars.isDigit(line[index]) else { return opening }
    // Straight quotes read, and guillemets or curly quotes open.
    var quotes = 0
    var open = 0
    while index < end, opening.words.count < 15 {
      let wordStart = index
      opening.quoted.append(quotes % 2 != 0 || open > 0)
      while index < end, !Chars.isSpace(line[index]) {
        switch line[index] {
        case "\"": quotes += 1
        case "«", "“": open += 1
        case "»", "”": open -= 1
        default: break
        }
        index += 1
      }
      opening.words.append(wordStart..<index)
      let last = line[index - 1]
      if Chars.isTerminal(last) || last == "," || last == ";" || last == ":" { break }
      while index < end, Chars.isSpace(line[index]) { index += 1 }
    }
    return opening
  }

  /// The first words of a sentence, up to 15 and up to the first that ends with `,`, `;`, `:`
  /// or final punctuation, as `spacedHeadingEnds` reads them: where a heading may end.
  struct OpeningWords {
    /// The words' offsets.
    var words: [Range<Int>] = []
    /// Whether each word starts inside a quotation.
    var quoted: [Bool] = []

    /// The heading's last word (and the word before it) when the word at `index` may open the
    /// paragraph after a heading: one of these words but the first, outside a quotation, after
    /// a word that ends on a letter, a figure, `%` or a closing quote.
    func headingEnd(before index: Int, in line: Line) -> (previous: Range<Int>, earlier: Range<Int>?)? {
      guard let found = words.firstIndex(where: { $0.lowerBound == index }), found > 0, !quoted[found] else {
        return nil
      }
      let previous = words[found - 1]
      let last = line[previous.upperBound - 1]
      guard
        Chars.isLetter(last) || Chars.isDigit(last) || last == "%" || last == "\"" || last == "»"
          || last == "”"
      else { return nil }
      return (previous, found > 1 ? words[found - 2] : nil)
    }
  }

  /// The function word (lowercase; `à` for `A`) when the capitalized word at `index` may open a
  /// paragraph (see `spacedHeadingEnds`): a function word followed by a lowercase word or a
  /// figure, by a comma, or elided before a lowercase letter; `À` before a name or what follows
  /// `à` opening a sentence.
  func opensParagraph(at index: Int, before end: Int, in line: Line) -> String? {
    var wordEnd = index + 1
    while wordEnd < end, Chars.isLower(line[wordEnd]) { wordEnd += 1 }
    let elided =
      wordEnd + 1 < end && (line[wordEnd] == "'" || line[wordEnd] == "’") && Chars.isLower(line[wordEnd + 1])
    let comma = wordEnd < end && line[wordEnd] == ","
    guard elided || comma || wordEnd == end || Chars.isSpace(line[wordEnd]) else { return nil }
    let letterA = wordEnd == index + 1 && (line[index] == "A" || line[index] == "À")
    // (The word after is read first: it rules out most capitalized words, names.)
    if !elided, !comma {
      var next = wordEnd
      while next < end, Chars.isSpace(line[next]) { next += 1 }
      guard next < end else { return nil }
      if letterA {
        // A name (`À Paris`), or what follows `à` opening a sentence (`À son arrivée`, `À
        // partir de`); not a word in capitals, nor a letter's complement (`le bras A de l'étude`,
        // `les RER A et B`).
        if Chars.isUpper(line[next]) {
          guard next + 1 < end, !Chars.isUpper(line[next + 1]) else { return nil }
        } else {
          var after = next
          while after < end, Chars.isLetter(line[after]) { after += 1 }
          var following = line.string(from: next, to: after).lowercasedLatin
          if after < end, line[after] == "'" || line[after] == "’" { following += "'" }
          guard
            SentenceSplitter.afterOpeningA.contains(following)
              || (rules.functionWordSet.contains(following)
                && !SentenceSplitter.complementsOfALetter.contains(following))
          else { return nil }
        }
      } else if Chars.isUpper(line[next]) {
        // A preposition or conjunction that no name begins, before a name, after a lowercase
        // word (`…devant la Cour suprême Pour Carlos Ghosn, les dirigeants…`, `…5.000 tests par
        // jour Selon Olivier Véran, avec…`): not `la paillote Chez Francis`, `Médecins Sans
        // Frontières`, nor a word in capitals.
        guard next + 1 < end, Chars.isLower(line[next + 1]),
          isWord(in: SentenceSplitter.beforeNames, from: index, to: wordEnd, elided: false, in: line),
          followsLowercaseWord(index, in: line)
        else { return nil }
      } else {
        guard Chars.isLower(line[next]) || Chars.isDigit(line[next]) else { return nil }
      }
    }
    // (Looked up in lowercase bytes on the stack: names pass the checks above, and a string
    // made for each cost more than the rest of the rule.)
    guard letterA || isWord(in: rules.functionWordSet, from: index, to: wordEnd, elided: elided, in: line)
    else {
      return nil
    }
    var word = letterA ? "à" : line.string(from: index, to: wordEnd).lowercasedLatin
    if elided { word += "'" }
    return rules.functionWordSet.contains(word) ? word : nil
  }

  /// Whether the word before the one at `index`, past the spaces, begins with a lowercase letter.
  func followsLowercaseWord(_ index: Int, in line: Line) -> Bool {
    var start = index - 1
    while start > line.start, Chars.isSpace(line[start]) { start -= 1 }
    while start > line.start, !Chars.isSpace(line[start - 1]) { start -= 1 }
    return Chars.isLower(line[start])
  }

  /// Whether the word from `start` to `end` (ASCII and Latin-1 letters; `elided`, with an
  /// apostrophe after it) is in `words` (lowercase), in any case.
  func isWord(in words: WordSet, from start: Int, to end: Int, elided: Bool, in line: Line) -> Bool {
    guard end - start <= 12 else { return false }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
      var count = 0
      for index in start..<end {
        var value = line[index].value
        if value < 0x80 {
          if (0x41...0x5A).contains(value) { value |= 0x20 }
          buffer[count] = UInt8(value)
          count += 1
        } else if value < 0x100 {
          if (0xC0...0xDE).contains(value), value != 0xD7 { value |= 0x20 }
          buffer[count] = UInt8(0xC0 | value >> 6)
          buffer[count + 1] = UInt8(0x80 | value & 0x3F)
          count += 2
        } else {
          return false
        }
      }
      if elided {
        buffer[count] = UInt8(ascii: "'")
        count += 1
      }
      return words.contains(utf8: UnsafeBufferPointer(rebasing: buffer[..<count]))
    }
  }

  /// Whether `previous` (after `earlier`) may end a heading before the function word `word`
  /// (see `spacedHeadingEnds`): no function word, no word that names a title, no bracket; after a
  /// capitalized word, no function word that continues a name, and after a word in capitals no
  /// letter `A`.
  func endsSpacedHeading(_ previous: Range<Int>, earlier: Range<Int>?, word: String, in line: Line) -> Bool {
    var first = previous.lowerBound
    var last = previous.upperBound
    while first < last, Chars.isOpener(line[first]) { first += 1 }
    while last > first, Chars.isCloser(line[last - 1]) { last -= 1 }
    if let apostrophe = (first..<last).last(where: { line[$0] == "'" || line[$0] == "’" }) {
      first = apostrophe + 1
    }
    guard first < last, !(first..<last).contains(where: { line[$0] == ")" || line[$0] == "(" }) else {
      return false
    }
    let lastWord = line.string(from: first, to: last).lowercasedLatin
    if rules.functionWordSet.contains(lastWord) || rules.titleWordSet.contains(lastWord) { return false }
    if let earlier,
      rules.titleWordSet.contains(
        line.string(from: earlier.lowerBound, to: earlier.upperBound).lowercasedLatin)
    {
      return false
    }
    if Chars.isUpper(line[first]) {
      if SentenceSplitter.nameParticles.contains(word) { return false }
      if word == "à", last - first >= 2, (first..<last).allSatisfy({ !Chars.isLower(line[$0]) }) {
        return false
      }
    }
    return true
  }

  /// Words that follow `à` opening a sentence, no function word: `À partir de`, `A force de`.
  static let afterOpeningA: Set<String> = [
    "partir", "force", "cause", "travers", "peine", "noter", "titre", "moins", "présent", "terme", "compter",
    "côté", "nouveau", "bord", "défaut", "propos", "savoir",
  ]
  /// Capitalized inside a sentence before a name, prepositions and conjunctions that open a
  /// paragraph rather than a name (see `opensParagraph`): not `chez`, `sans`, `sur`, `contre`,
  /// `avec`, `entre` or `par`, which begin names of places and groups.
  static let beforeNames: WordSet = [
    "pour", "selon", "dans", "après", "avant", "depuis", "pendant", "mais", "alors", "ainsi", "lors",
    "malgré", "pourtant", "cependant", "quand", "lorsque", "parmi", "outre",
  ]
  /// Function words that follow a letter used as a label (`le bras A de l'étude`, `les RER A et
  /// B`, `le plan A ou B`), not `à`.
  static let complementsOfALetter: Set<String> = ["de", "d'", "du", "des", "et", "ou", "en", "ni"]

  /// The capitalized function words that continue a name after a capitalized word (`Kim Jong
  /// Un`, `Canal Plus`, `Jean De la Fontaine`) rather than open a paragraph.
  static let nameParticles: Set<String> = ["un", "une", "plus", "peu", "on", "tu", "de", "du", "des", "d'"]

  /// Proposals ICU does not make: after sentence-final punctuation followed by a space or by a
  /// capital (glued), after `:` or `;` followed by a capital, and before a bullet that follows
  /// the end of a sentence, a colon or a semicolon; and around an intertitle, whose span goes
  /// to `intertitles`.
  func scan(_ line: Line, into candidates: inout [Candidate], intertitles: inout [Range<Int>]) {
    var first = line.start
    while first < line.end, Chars.isSpace(line[first]) { first += 1 }
    if first < line.end, let end = intertitleEnd(from: first, in: line) {
      candidates.append(Candidate(offset: end, forced: true, endsHeading: true))
      intertitles.append(first..<end)
    }
    if splitGlued, !rules.functionWords.isEmpty { gluedWithoutPunctuation(line, into: &candidates) }
    if splitGlued { spacedQuotationHeadings(line, into: &candidates) }
    // The dash items of the line, and those glued to the word before them (see `isGluedDashItem`).
    var dashItems = 0
    var gluedDashes: [Int] = []
    for index in line.marks {
      let scalar = line[index]
      if Chars.isTerminal(scalar) {
        var next = index + 1
        while next < line.end, Chars.isCloser(line[next]) { next += 1 }
        guard next < line.end else { continue }
        if Chars.isSpace(line[next])
          || (splitGlued && (Chars.isUpper(line[next]) || (scalar == "." && Chars.isDigit(line[next]))))
        {
          candidates.append(Candidate(offset: next, forced: false))
        }
      } else if scalar == ":" || scalar == ";" {
        var next = index + 1
        guard next < line.end, Chars.isSpace(line[next]) else { continue }
        while next < line.end, Chars.isSpace(line[next]) { next += 1 }
        if next < line.end, Chars.isUpper(line[next]) {
          candidates.append(Candidate(offset: index + 1, forced: false))
        }
      } else if Chars.isBullet(scalar), index > line.start {
        if let bullet = bulletStart(at: index, in: line) {
          if scalar == "-" || scalar == "–" { dashItems += 1 }
          candidates.append(Candidate(offset: bullet, forced: true))
          if let end = intertitleEnd(from: bullet, in: line) {
            candidates.append(Candidate(offset: end, forced: true, endsHeading: true))
            intertitles.append(bullet..<end)
          }
        } else if splitGlued, isGluedDashItem(at: index, in: line) {
          gluedDashes.append(index)
        }
      }
    }
    // A list whose items were glued to the one before: two dash items or more in the line (one
    // alone is a compound spaced by mistake: `canal Seine- Nord Europe`, `Trinité-et- Tobago`).
    if !gluedDashes.isEmpty, gluedDashes.count + dashItems >= 2 {
      for dash in gluedDashes { candidates.append(Candidate(offset: dash, forced: true)) }
    }
  }

  /// Whether the dash at `index` opens a list item glued to the one before it: a dash right
  /// after a letter or a closing parenthesis, then a space and a capital (`…chargée des
  /// Personnes handicapées- Jean-Baptiste Lemoyne conserve…`, `LE TOP 3 DES PLUS FORTES
  /// HAUSSES- Mécanicien de maintenance (+7,1% à 1.844 euros)- Conducteur poids lourds…`).
  func isGluedDashItem(at index: Int, in line: Line) -> Bool {
    guard line[index] == "-" || line[index] == "–", index + 2 < line.end, index > line.start,
      line[index + 1] == " ", Chars.isUpper(line[index + 2])
    else { return false }
    let before = line[index - 1]
    return Chars.isLetter(before) || before == ")"
  }

  /// Whether the bullet at `index` starts a list item after a sentence end, `:` or `;`;
  /// returns the item's start.
  func bulletStart(at index: Int, in line: Line) -> Int? {
    let scalar = line[index]
    let spaced = index + 1 < line.end && Chars.isSpace(line[index + 1])
    guard spaced || (scalar != "-" && scalar != "*" && scalar != "–" && scalar != "—") else {
      return nil
    }
    var before = index
    while before > line.start, Chars.isSpace(line[before - 1]) { before -= 1 }
    // `Théâtre 1998. - Général`, or glued, `Théâtre 1998.- Général`.
    guard before < index || spaced, before > line.start else { return nil }
    while before > line.start, Chars.isCloser(line[before - 1]) { before -= 1 }
    guard before > line.start else { return nil }
    let mark = line[before - 1]
    return Chars.isTerminal(mark) || mark == ":" || mark == ";" ? index : nil
  }

  /// Proposals where a paragraph was glued to a line without final punctuation, a heading
  /// most often: `…à Paris.Une attaque au hachoirPeu avant midi, un homme…` (326 in the 1,500
  /// OrangeSum articles). The cut falls before a capitalized word glued to a closing
  /// parenthesis (a video's caption, `…par euronews (en français)Le président`, 9) or to a
  /// quotation mark (see below); and before a capitalized function word glued to a word of
  /// two letters or more, lowercase but for the first (`hachoirPeu`, `policeLe`, `NiceS'il`), or
  /// in capitals (`INTENSIFPour`, `BFMTVLes`, 47). Names written so (`McDonald`, `YouTube`,
  /// `eBay`, `iPhone`, `BlaBlaCar`) glue no function word to such a word (but see
  /// `SegmentationRules.shortWordsGluedToNames`).
  func gluedWithoutPunctuation(_ line: Line, into candidates: inout [Candidate]) {
    // How many glued names the line's text was searched for (see `endsGluedHeading`).
    var searches = 0
    // (Only where `decode` saw a capital that may be glued: see `Decoded.capitals`.)
    for index in line.capitals where index >= line.start + 2 {
      let before = line[index - 1]
      let quote = before == "\"" || before == "»" || before == "”" || before == "“"
      guard Chars.isUpper(line[index]),
        Chars.isLower(before) || Chars.isUpper(before) || before == ")" || quote || Chars.isDigit(before)
      else { continue }
      var wordEnd = index + 1
      while wordEnd < line.end, Chars.isLower(line[wordEnd]) { wordEnd += 1 }
      // (An elision joins a word: `C'est`, not a closing quote, `les gaz 'HFC'`.)
      let apostrophe = wordEnd < line.end && (line[wordEnd] == "'" || line[wordEnd] == "’")
      let elided = apostrophe && wordEnd + 1 < line.end && Chars.isLetter(line[wordEnd + 1])
      guard elided || wordEnd == line.end || (!apostrophe && !Chars.isLetter(line[wordEnd])) else { continue }
      if Chars.isDigit(before) {
        // A heading that ends with a number, glued to a capitalized word (`…pour harcèlement en
        // 2018Jeudi, lors de…`, `…par Europe 1Selon les…`, `…de TF1De son côté…`; 19 in the
        // 1,500): before a function word, or after a number of three figures or more standing
        // alone before a word of three letters or more (not a name, `Tv5Monde`, `9News`, `2Be3`,
        // nor a unit, `128Go`).
        guard wordEnd == line.end || !Chars.isDigit(line[wordEnd]) else { continue }
        var numberStart = index - 1
        while numberStart > line.start, Chars.isDigit(line[numberStart - 1]) { numberStart -= 1 }
        let alone = numberStart == line.start || Chars.isSpace(line[numberStart - 1])
        let word = line.string(from: index, to: wordEnd).lowercasedLatin
        if rules.functionWordSet.contains(elided ? word + "'" : word)
          || (alone && index - numberStart >= 3 && wordEnd - index >= 3 && !elided)
        {
          candidates.append(Candidate(offset: index, forced: true, endsHeading: true))
        }
        continue
      }
      if quote {
        // A quotation closed without final punctuation and glued to a capitalized word, a
        // quotation set as a heading most often: `…"Je ne peux que me réjouir de cette
        // décision"Cette décision a…`. (After `.`, `!` or `?` the glued rule cuts already.)
        // A heading glued to the quotation that opens the next paragraph is cut before the
        // quote.
        let closing = before == "»" || before == "”" || (before == "\"" && !line.opensQuote(at: index - 1))
        // (A guillemet has its space before it: `« oui »Le lendemain`.)
        var lastAt = index - 2
        if before == "»", Chars.isSpace(line[lastAt]), lastAt > line.start { lastAt -= 1 }
        let last = line[lastAt]
        // An opening quote glued so starts the next sentence itself: `…financières
        // possibles"Les femmes représentent…`.
        func endsWords(_ scalar: Unicode.Scalar) -> Bool {
          Chars.isLetter(scalar) || Chars.isDigit(scalar) || scalar == "%" || scalar == ")"
        }
        // A word of two letters or more, or `À` written `A` (`…"TROP LONG"A gauche comme…`).
        let word =
          elided || wordEnd - index >= 2
          || ((line[index] == "A" || line[index] == "À") && wordEnd < line.end
            && Chars.isSpace(line[wordEnd]))
        if endsWords(last), word {
          candidates.append(Candidate(offset: closing ? index : index - 1, forced: true, endsHeading: true))
        } else if !closing, last == "\"" || last == "”" || last == "»", lastAt > line.start,
          endsWords(line[lastAt - 1]), word
        {
          // A quotation set as a heading, glued to the quotation that opens the next paragraph:
          // `…et l'extrême-argent""Moi, je suis de gauche…` (64 in the 1,500). The cut falls
          // between the two quotes.
          candidates.append(Candidate(offset: index - 1, forced: true, endsHeading: true))
        }
        continue
      }
      if before == ")" {
        // A closing parenthesis glued to a capitalized word, any word (`(en français)Environ
        // six…`, `(AAH)Dès le 1er décembre`).
        if elided || wordEnd - index >= 2 {
          candidates.append(Candidate(offset: index, forced: true, endsHeading: true))
        }
        continue
      }
      // The word before, of two letters or more: in capitals, a heading's or a credit's
      // (`UN PROGRAMME INTENSIFPour`, `…par BFMTVLes`, `du RNDe son côté`, `QUI FONT
      // RÉAGIRCependant,`; the function word then a whole word before a space or a comma, not
      // `(PUMa)`), or lowercase but perhaps for its first letter
      // (`hachoirPeu`, `à NiceS'il`).
      var wordStart = index - 1
      if Chars.isUpper(before) {
        while wordStart > line.start, Chars.isUpper(line[wordStart - 1]) { wordStart -= 1 }
        guard wordStart == line.start || !Chars.isLetter(line[wordStart - 1]),
          elided
            || (wordEnd < line.end
              && (Chars.isSpace(line[wordEnd]) || line[wordEnd] == ","
                || (line[wordEnd] == "-" && wordEnd + 1 < line.end && Chars.isUpper(line[wordEnd + 1]))))
        else { continue }
        // After a heading of several words in capitals, or a credit (`par BFMTV`), a word in
        // capitals of three letters or more glued to any capitalized word ends the heading:
        // `MASQUE DE HULKDeux ans…`, `par BFMTVRichard Ferrand…`. (A single word in capitals
        // may be a name's, `JCDecaux`, and two letters a brand's, `RTE TVMag`.)
        if index - wordStart >= 3, wordEnd - index >= 3, !elided, followsHeadingOrCredit(wordStart, in: line)
        {
          candidates.append(Candidate(offset: index, forced: true, endsHeading: true))
          continue
        }
      } else {
        while wordStart > line.start, Chars.isLetter(line[wordStart - 1]) { wordStart -= 1 }
        guard ((wordStart + 1)..<index).allSatisfy({ Chars.isLower(line[$0]) }) else { continue }
      }
      guard index - wordStart >= 2 else { continue }
      if !rules.shortWordsGluedToNames, !elided, wordEnd - index <= 2, Chars.isUpper(line[wordStart]) {
        continue
      }
      let word = line.string(from: index, to: wordEnd).lowercasedLatin
      // `A` before a space is French `à` without its accent (`…selon la défenseA partir de…`).
      let accented =
        word == "a" && wordEnd < line.end && Chars.isSpace(line[wordEnd])
        && rules.functionWordSet.contains("à")
      if rules.functionWordSet.contains(elided ? word + "'" : word) || accented
        || endsGluedHeading(wordStart, index, wordEnd, elided: elided, in: line, searches: &searches)
      {
        candidates.append(Candidate(offset: index, forced: true, endsHeading: true))
      }
    }
  }

  /// Whether the capitalized word from `index` to `wordEnd`, not a function word, starts a
  /// sentence glued to the word from `wordStart`, a heading's last word (no function word
  /// itself). A heading is short: its last word ends the 14th word or an earlier one since the
  /// sentence's start (a final punctuation mark or the line's), or it is a credit's (`(LR)par
  /// franceinfoMontant du pot…`). The word stands after a space, an elision
  /// (`l'ambassadeAccompagné`) or at the line's start, and the capitalized one ends before a
  /// space, a comma, an elision or a hyphen and a capital (`Jean-Louis`), so identifiers in a script's text (`{mediaType: …`,
  /// `'sequenceUrl'`, `/videoInfo/`) are left whole.
  ///
  /// - A lowercase word of four letters or more: `…exceptionnellement raccourciPrésent à ses
  ///   côtés, le prêtre…`, `Feuilleton judiciaireMarcel et Jacqueline Jacob…` (49 in the 1,500
  ///   OrangeSum articles; one more, after a quotation's 16 words, is left whole, and so is the
  ///   one name written so, `l'organisme mercoFraga`, after 30). A preposition glued to a name
  ///   (`parRyan Murphy`, `avecMarie`) and the short brands (`easyJet`) are left whole.
  /// - A capitalized word of three letters or more, or in capitals, a name's or an acronym's
  ///   most often, perhaps after a hyphen (`pour François HollandeSeuls 15% des Français…`,
  ///   `gare Saint-LazareGrosse galère…`, `par la DGSIAhmed Hamdane a obtenu…`, 14 in the
  ///   1,500, and 3 missed: `Marine Le PenSoulignant…`). Names are written so too
  ///   (`BlackRock`, `TikTok`, `YouTube`: 31 within a heading's length in the 1,500, all left
  ///   whole), so the line must tell them apart, within 4,000 scalars on each
  ///   side: the heading's word stands alone there (`Hollande`), the two words are glued
  ///   nowhere else and never written apart (`ChristineLagarde`, a name missing its space), and
  ///   no opening quote comes just before (`« MacronLeaks »`). A line is searched so for its
  ///   first 8 such words only (see `searches`), so no text takes quadratic time.
  func endsGluedHeading(
    _ wordStart: Int, _ index: Int, _ wordEnd: Int, elided: Bool, in line: Line, searches: inout Int
  ) -> Bool {
    let left = index - wordStart
    let right = wordEnd - index
    let capitalized = Chars.isUpper(line[wordStart])
    guard right >= 2, capitalized ? left >= 3 : left >= 4 && (left > 4 || right > 3) else { return false }
    if wordEnd < line.end, !elided {
      // (A compound name, too: `En ordre disperséJean-Louis Fousseret a été élu…`.)
      let after = line[wordEnd]
      let compound = after == "-" && wordEnd + 1 < line.end && Chars.isUpper(line[wordEnd + 1])
      guard Chars.isSpace(after) || after == "," || compound else { return false }
    }
    if wordStart > line.start {
      let before = line[wordStart - 1]
      let afterLetter = wordStart >= line.start + 2 && Chars.isLetter(line[wordStart - 2])
      let elision = (before == "'" || before == "’") && afterLetter
      guard Chars.isSpace(before) || elision || (capitalized && before == "-" && afterLetter) else {
        return false
      }
      if capitalized, Chars.isSpace(before), wordStart >= line.start + 2, Chars.isOpener(line[wordStart - 2])
      {
        return false
      }
    }
    guard !rules.functionWordSet.contains(line.string(from: wordStart, to: index).lowercasedLatin),
      followsCredit(wordStart, in: line)
        || wordsSinceSentenceStart(before: wordStart, in: line, upTo: 14) < 14
    else { return false }
    guard capitalized else { return true }
    guard searches < 8 else { return false }
    searches += 1
    return standsAloneNearby(wordStart, index, wordEnd, in: line)
  }

  /// Whether the word from `wordStart` to `index`, glued to the one from `index` to `wordEnd`,
  /// stands alone elsewhere within 4,000 scalars of the line, while the two words are neither
  /// glued nor written apart there (see `endsGluedHeading`).
  func standsAloneNearby(_ wordStart: Int, _ index: Int, _ wordEnd: Int, in line: Line) -> Bool {
    let lower = max(line.start, wordStart - 4_000)
    let upper = min(line.end, wordEnd + 4_000)
    let length = index - wordStart
    func matches(_ from: Int, _ start: Int, _ count: Int) -> Bool {
      guard from + count <= upper else { return false }
      for offset in 0..<count where line[from + offset] != line[start + offset] { return false }
      return from + count == upper || !Chars.isLetter(line[from + count])
    }
    let first = line[wordStart]
    var alone = false
    var position = lower
    while position + length <= upper {
      defer { position += 1 }
      guard line[position] == first, position != wordStart,
        position == lower || !Chars.isLetter(line[position - 1])
      else { continue }
      var same = true
      for offset in 1..<length where line[position + offset] != line[wordStart + offset] {
        same = false
        break
      }
      guard same else { continue }
      let end = position + length
      if end < upper, Chars.isLetter(line[end]) {
        // Glued to the same word elsewhere: a name's spelling (`BlackRock`).
        if matches(end, index, wordEnd - index) { return false }
        continue
      }
      // Written apart: a name missing its space here (`Christine Lagarde`).
      if end + 1 < upper, line[end] == " ", matches(end + 1, index, wordEnd - index) { return false }
      alone = true
    }
    return alone
  }

  /// How many words stand before `position` in its sentence (since a final punctuation mark,
  /// or the line's start), counting no further than `limit`.
  func wordsSinceSentenceStart(before position: Int, in line: Line, upTo limit: Int) -> Int {
    var words = 0
    var index = position - 1
    while index >= line.start, !Chars.isTerminal(line[index]) {
      // A word's first scalar: not a space, after a space, a final mark or the line's start.
      if !Chars.isSpace(line[index]),
        index == line.start || Chars.isSpace(line[index - 1]) || Chars.isTerminal(line[index - 1])
      {
        words += 1
        if words >= limit { break }
      }
      index -= 1
    }
    return words
  }

  /// Whether the word at `start` follows the word `par` of a credit, a space between
  /// (`(LR)par franceinfo`, `…?par letribunaldunet`), perhaps glued to a caption's last word
  /// (`…de l'ARS Bretagnepar BFMTV`).
  func followsCredit(_ start: Int, in line: Line) -> Bool {
    guard start >= line.start + 4, Chars.isSpace(line[start - 1]), line[start - 2] == "r",
      line[start - 3] == "a", line[start - 4] == "p"
    else { return false }
    return start == line.start + 4 || !Chars.isUpper(line[start - 5])
  }

  /// Proposals after a quotation set as a heading and spaced from the paragraph after it:
  /// `…(JDD). "On reçoit des appels en pleine nuit" Une autre de ces signataires…` (10 in the
  /// 1,500 OrangeSum articles). The quotation, straight (`"…"`) or curly (`“…”`), opens a
  /// sentence (at the line's start, or after `.`, `!`, `?` and perhaps closing quotes), holds
  /// at most 25 words, ends on a letter, a digit, `%` or `)` (no final punctuation), and is
  /// followed by a space and a capitalized word. Inside a sentence a quotation before a name is
  /// left whole (`son "ami" Thierry Solère`, `les "valeurs que prétend porter" La République en
  /// Marche`).
  func spacedQuotationHeadings(_ line: Line, into candidates: inout [Candidate]) {
    for close in line.marks {
      let mark = line[close]
      guard mark == "\"" || mark == "”", close > line.start + 1, close + 2 < line.end,
        Chars.isSpace(line[close + 1]), mark == "”" || !line.opensQuote(at: close)
      else { continue }
      var next = close + 1
      while next < line.end, Chars.isSpace(line[next]) { next += 1 }
      guard next + 1 < line.end, Chars.isUpper(line[next]),
        Chars.isLetter(line[next + 1]) || line[next + 1] == "'" || line[next + 1] == "’"
          || line[next + 1] == "-"
      else { continue }
      let last = line[close - 1]
      guard Chars.isLetter(last) || Chars.isDigit(last) || last == "%" || last == ")" else { continue }
      // The opening quote: the nearest quote before, within 25 words, none other between.
      let opener: Unicode.Scalar = mark == "”" ? "“" : "\""
      var open = close - 1
      var words = 0
      while open > line.start, words <= 25 {
        let scalar = line[open]
        if scalar == opener || scalar == "\"" || scalar == "“" || scalar == "”" || scalar == "«"
          || scalar == "»"
        {
          break
        }
        if Chars.isSpace(scalar), !Chars.isSpace(line[open - 1]) { words += 1 }
        open -= 1
      }
      guard words < 25, line[open] == opener, opener == "“" || line.opensQuote(at: open) else { continue }
      // What opens the sentence: the line's start, or final punctuation and perhaps closers.
      var before = open
      while before > line.start, Chars.isSpace(line[before - 1]) { before -= 1 }
      while before > line.start, Chars.isCloser(line[before - 1]) { before -= 1 }
      guard before == line.start || Chars.isTerminal(line[before - 1]) else { continue }
      candidates.append(Candidate(offset: close + 1, forced: true, endsHeading: true))
    }
  }

  /// Whether the word in capitals at `start` follows another word in capitals (`MASQUE DE`,
  /// two letters or more) or the word `par` of a credit (`…?par BFMTV`), a space between.
  func followsHeadingOrCredit(_ start: Int, in line: Line) -> Bool {
    guard start >= line.start + 3, Chars.isSpace(line[start - 1]) else { return false }
    let last = line[start - 2]
    if Chars.isUpper(last) { return Chars.isUpper(line[start - 3]) }
    return followsCredit(start, in: line)
  }

  /// Where the intertitle that the dash at `index` opens ends (after its closing dash), or
  /// `nil`. A news agency sets a section heading between dashes on a line of its own; scraped,
  /// the lines are glued and the heading sits between two sentences, the next one glued to its
  /// closing dash: `… a ajouté Me Crump.- "Tragédie" -Celles-ci prévoient…`. The dash starts a
  /// list item or the line and is followed by a space; then come one to twelve words without a
  /// period that ends a sentence, a space, the closing dash, and (perhaps after a space: `-
  /// Soins intensifs - "Les enfants…`, 14 in the 1,500 OrangeSum articles) the capital or
  /// opening quote that starts the next sentence. (Not a lowercase word: a list's items are
  /// written `- la hausse des prix - la baisse…` too.)
  func intertitleEnd(from index: Int, in line: Line) -> Int? {
    func isDash(_ scalar: Unicode.Scalar) -> Bool { scalar == "-" || scalar == "–" || scalar == "—" }
    guard isDash(line[index]), index + 2 < line.end, Chars.isSpace(line[index + 1]) else { return nil }
    var words = 0
    var terminated = false
    var position = index + 1
    let limit = min(line.end - 1, index + 160)
    while position < limit {
      let scalar = line[position]
      if Chars.isSpace(scalar) {
        position += 1
        continue
      }
      if isDash(scalar), Chars.isSpace(line[position - 1]) {
        // A dash after a space closes the heading, or ends the search; a space may follow it
        // (`- Soins intensifs - "Les enfants…`) when the heading has no final punctuation (a
        // list's questions: `- Comment… ? - Pourquoi… ?`).
        var after = position + 1
        while after < line.end - 1, !terminated, Chars.isSpace(line[after]) { after += 1 }
        let next = line[after]
        guard words > 0, Chars.isUpper(next) || next == "\"" || next == "«" || next == "“" else { return nil }
        return position + 1
      }
      // A word: it has no period that ends a sentence (followed by a space, or glued to a
      // capital: `fin.Début`).
      words += 1
      guard words <= 12 else { return nil }
      while position < limit, !Chars.isSpace(line[position]) {
        if line[position] == ".", Chars.isSpace(line[position + 1]) || Chars.isUpper(line[position + 1]) {
          return nil
        }
        if Chars.isTerminal(line[position]) { terminated = true }
        position += 1
      }
    }
    return nil
  }

  /// Numbered and lettered lists written on one line (`1.) first 2.) second`, `a. one b. two`):
  /// when the line starts with an item marker, each following marker of the sequence starts a
  /// sentence.
  func listItems(_ line: Line, into candidates: inout [Candidate]) {
    var index = line.start
    while index < line.end, Chars.isBullet(line[index]) || Chars.isSpace(line[index]) {
      index += 1
    }
    var start = ListMarker(in: line, at: index)
    if start == nil {
      // A list introduced inside the line: `Trois mesures : 1. la hausse 2. la baisse`.
      for mark in line.marks where line[mark] == ":" || Chars.isTerminal(line[mark]) {
        var probe = mark + 1
        while probe < line.end, Chars.isSpace(line[probe]) { probe += 1 }
        guard probe > mark + 1, let first = ListMarker(in: line, at: probe), first.label == 1 else {
          continue
        }
        candidates.append(Candidate(offset: probe, forced: true))
        start = first
        break
      }
    }
    guard var marker = start else { return }
    var position = marker.end
    while position < line.end {
      guard let next = marker.next else { return }
      var found: Int?
      var probe = position
      while probe < line.end {
        if Chars.isSpace(line[probe]) || Chars.isBullet(line[probe]) {
          probe += 1
          continue
        }
        if Chars.isSpace(line[probe - 1]) || Chars.isBullet(line[probe - 1]),
          let candidate = ListMarker(in: line, at: probe), candidate.label == next,
          candidate.suffix == marker.suffix
        {
          found = probe
          marker = candidate
          break
        }
        probe += 1
      }
      guard let found else { return }
      var start = found
      while start > line.start, Chars.isBullet(line[start - 1]) || Chars.isSpace(line[start - 1]) {
        start -= 1
      }
      while start < found, Chars.isSpace(line[start]) { start += 1 }
      candidates.append(Candidate(offset: start, forced: true))
      position = marker.end
    }
  }

  /// `J.`, `J.-P.`, `M.-L.`: one or two capital initials.
  static func isInitial(_ word: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
    let start = word.startIndex
    func initial(at index: Int) -> Bool { Chars.isUpper(word[index]) && word[index + 1] == "." }
    switch word.count {
    case 2: return initial(at: start)
    case 5: return initial(at: start) && word[start + 2] == "-" && initial(at: start + 3)
    default: return false
    }
  }

  /// `F.L.`, `J.R.R.`, `C.I.A.`: two to five capitals, each followed by a period.
  static func isDottedCapitals(_ word: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
    guard word.count >= 4, word.count <= 10, word.count % 2 == 0 else { return false }
    return stride(from: word.startIndex, to: word.endIndex, by: 2).allSatisfy {
      Chars.isUpper(word[$0]) && word[$0 + 1] == "."
    }
  }

  /// Appends to `capitals` the scalar offsets of the capitals flagged in `upper` (the high bit
  /// of each of the eight ASCII bytes at `index`, the first scalar `count`) that `mayGlue`, and
  /// to `spaced` those after a space.
  @inline(never)
  static func noteCapitals(
    _ upper: UInt64, at index: Int, count: Int, in bytes: UnsafeBufferPointer<UInt8>,
    to capitals: inout [Int],
    spaced: inout [Int]
  ) {
    var upper = upper
    while upper != 0 {
      let step = upper.trailingZeroBitCount >> 3
      if index &+ step > 0 {
        if mayGlue(at: index &+ step, in: bytes) {
          capitals.append(count &+ step)
        } else if bytes[index &+ step &- 1] == 0x20 {
          spaced.append(count &+ step)
        }
      }
      upper &= upper &- 1
    }
  }

  /// Whether the ASCII capital at byte `position` of `bytes` may be glued to the word before:
  /// `mayGlue(after:)` the byte before, or a capital before and a lowercase letter (or a scalar
  /// beyond ASCII, or an apostrophe) after (`BFMTVLes`, `BFMTVL'application`).
  @inline(__always)
  static func mayGlue(at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let before = bytes[position &- 1]
    if mayGlue(after: before) { return true }
    guard before &- 0x41 < 26, position &+ 1 < bytes.count else { return false }
    let after = bytes[position &+ 1]
    return after &- 0x61 < 26 || after >= 0x80 || after == 0x27
  }

  /// Whether a capital after `byte` may be glued to the word before: `byte` is a lowercase
  /// ASCII letter, a figure, a closing parenthesis, a straight double quote or part of a scalar
  /// beyond ASCII (`é`, `»`), checked later.
  @inline(__always)
  static func mayGlue(after byte: UInt8) -> Bool {
    byte &- 0x61 < 26 || byte == 0x29 || byte == 0x22 || byte >= 0x80 || byte &- 0x30 < 10
  }

  /// Whether `scalars` hold at most 25 words (runs of scalars that are not spaces): a heading's
  /// length, not a paragraph's.
  static func isShort(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
    var words = 0
    var inWord = false
    for scalar in scalars {
      let space = Chars.isSpace(scalar)
      if !space, !inWord {
        words += 1
        if words > 25 { return false }
      }
      inWord = !space
    }
    return true
  }

  /// Whether the sentence ends with `.`, `!`, `?` or `…`, possibly before closing quotes.
  static func isTerminated<Scalars: BidirectionalCollection>(_ scalars: Scalars) -> Bool
  where Scalars.Element == Unicode.Scalar {
    var index = scalars.endIndex
    while index > scalars.startIndex {
      let previous = scalars.index(before: index)
      guard Chars.isCloser(scalars[previous]) || Chars.isSpace(scalars[previous]) else { break }
      index = previous
    }
    guard index > scalars.startIndex else { return false }
    return Chars.isTerminal(scalars[scalars.index(before: index)])
  }

}

/// An item marker at the start of a list item: `1.`, `2)`, `3.)`, `a.`, `b)`.
struct ListMarker {
  /// The number, or the letter's position in the alphabet.
  var label: Int
  /// Whether the label is a letter.
  var letter: Bool
  /// What follows the label: `.`, `)` or `.)`.
  var suffix: String
  /// The offset after the marker.
  var end: Int

  /// The label of the next item.
  var next: Int? { letter && label >= 26 ? nil : label + 1 }

  /// Reads a marker at `index`: a number of one to three digits or one lowercase letter, then
  /// `.`, `)` or `.)`, then a space.
  init?(in line: SentenceSplitter.Line, at index: Int) {
    var position = index
    var number = 0
    while position < line.end, position - index < 3, let digit = Chars.asciiDigit(line[position]) {
      number = number * 10 + digit
      position += 1
    }
    if position > index {
      letter = false
      label = number
    } else if position < line.end, ("a"..."z").contains(line[position]) {
      letter = true
      label = Int(line[position].value - Unicode.Scalar("a").value) + 1
      position += 1
    } else {
      return nil
    }
    var suffix = ""
    if position < line.end, line[position] == "." {
      suffix += "."
      position += 1
    }
    if position < line.end, line[position] == ")" {
      suffix += ")"
      position += 1
    }
    guard !suffix.isEmpty, position < line.end, Chars.isSpace(line[position]) else { return nil }
    self.suffix = suffix
    end = position
  }
}

/// Character classes, with fast paths for ASCII and Latin-1 (no hashing, few property lookups).
enum Chars {
  /// Closing quotes and brackets: `»`, `”`, `"`, `)`, `]`, `’`, `'`.
  @inline(__always)
  static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x22, 0x27, 0x29, 0x5D, 0xBB, 0x2019, 0x201D: return true
    default: return false
    }
  }

  /// Opening quotes, brackets and dashes: `«`, `“`, `"`, `(`, `[`, `‘`, `'`, `—`, `–`, `-`.
  @inline(__always)
  static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x22, 0x27, 0x28, 0x2D, 0x5B, 0xAB, 0x2013, 0x2014, 0x2018, 0x201C: return true
    default: return false
    }
  }

  /// List bullets (`Unicode.Scalar.isListBullet`): `-`, `–`, `•`, `►`, `*`…
  @inline(__always)
  static func isBullet(_ scalar: Unicode.Scalar) -> Bool { scalar.isListBullet }

  @inline(__always)
  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
    if value == 0xA0 || value == 0x202F || value == 0x2009 { return true }
    return value >= 0x1680 && scalar.properties.isWhitespace
  }

  @inline(__always)
  static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return (0x41...0x5A).contains(value) }
    if value < 0x100 { return (0xC0...0xDE).contains(value) && value != 0xD7 }
    return scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
  }

  @inline(__always)
  static func isLower(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return (0x61...0x7A).contains(value) }
    if value < 0x100 {
      return value >= 0xDF && value != 0xF7 || value == 0xAA || value == 0xB5 || value == 0xBA
    }
    return scalar.properties.isLowercase
  }

  @inline(__always)
  static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
    if value < 0x100 {
      return value >= 0xC0 && value != 0xD7 && value != 0xF7 || value == 0xAA || value == 0xB5
        || value == 0xBA
    }
    return scalar.properties.isAlphabetic
  }

  @inline(__always)
  static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return (0x30...0x39).contains(value) }
    if value < 0x100 { return false }
    return scalar.properties.numericType == .decimal
  }

  @inline(__always)
  static func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
    (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
  }

  /// The ASCII characters the splitter looks at: line feed, `!`, `"`, `*`, `-`, `.`, `:`, `;`,
  /// `?`.
  @inline(__always)
  static func isASCIIMark(_ value: UInt32) -> Bool {
    switch value {
    case 0x0A, 0x21, 0x22, 0x2A, 0x2D, 0x2E, 0x3A, 0x3B, 0x3F: return true
    default: return false
    }
  }

  /// Sentence-final punctuation: `.`, `!`, `?`, `…` and their kin.
  @inline(__always)
  static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x21, 0x2E, 0x3F, 0x2026, 0x203C, 0x2047, 0x2048, 0x2049, 0x3002, 0xFF01, 0xFF1F: return true
    default: return false
    }
  }

  /// Punctuation that cannot start a sentence: `.`, `,`, `;`, `:`, `!`, `?`, `…`, `)`, `]`, `}`,
  /// `»`, `”`.
  @inline(__always)
  static func cannotStart(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x21, 0x29, 0x2C, 0x2E, 0x3A, 0x3B, 0x3F, 0x5D, 0x7D, 0xBB, 0x201D, 0x2026: return true
    default: return false
    }
  }
}
