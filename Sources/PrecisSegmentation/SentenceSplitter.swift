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

  /// The sentences of `text`, with scalar spans, paragraph numbers and line flags.
  ///
  /// - Complexity: O(*n*) in the length of the text.
  public func sentences(in text: String) throws -> [Sentence] {
    let scalars = Array(text.unicodeScalars)
    let proposed = try icuBoundaries(in: text, scalars: scalars)
    var sentences: [Sentence] = []
    var paragraph = 0
    var lineStart = 0
    var sawBlank = false
    var nextICU = 0
    while lineStart <= scalars.count {
      var lineEnd = lineStart
      while lineEnd < scalars.count, scalars[lineEnd] != "\n" { lineEnd += 1 }
      if lineEnd == lineStart {
        if !sentences.isEmpty { sawBlank = true }
      } else {
        if sawBlank {
          paragraph += 1
          sawBlank = false
        }
        var icu: [Int] = []
        while nextICU < proposed.count, proposed[nextICU] <= lineEnd {
          if proposed[nextICU] > lineStart, proposed[nextICU] < lineEnd { icu.append(proposed[nextICU]) }
          nextICU += 1
        }
        let line = Line(scalars: scalars, start: lineStart, end: lineEnd)
        var start = lineStart
        for cut in boundaries(in: line, icu: icu) + [lineEnd] {
          var a = start
          var b = cut
          while a < b, Chars.isSpace(scalars[a]) { a += 1 }
          while b > a, Chars.isSpace(scalars[b - 1]) { b -= 1 }
          start = cut
          guard a < b else { continue }
          sentences.append(
            Sentence(
              index: sentences.count, span: Span(start: a, end: b),
              text: String(String.UnicodeScalarView(scalars[a..<b])), paragraph: paragraph,
              terminated: SentenceSplitter.isTerminated(scalars[a..<b]),
              standalone: a == lineStart && b == lineEnd))
        }
      }
      lineStart = lineEnd + 1
    }
    return sentences
  }

  /// ICU's boundaries over the whole text, as scalar offsets, in order.
  func icuBoundaries(in text: String, scalars: [Unicode.Scalar]) throws -> [Int] {
    let iterator = try prototype.makeIterator()
    let icu = try iterator.boundaries(in: text)
    var result: [Int] = []
    result.reserveCapacity(icu.count)
    var byte = 0
    var scalar = 0
    for boundary in icu {
      while byte < boundary.offset, scalar < scalars.count {
        byte += UTF8.width(scalars[scalar])
        scalar += 1
      }
      result.append(scalar)
    }
    return result
  }

  /// One line of the text: the whole text's scalars and the line's bounds.
  struct Line {
    let scalars: [Unicode.Scalar]
    let start: Int
    let end: Int
    /// The offsets of the straight double quotes in the line.
    let quotes: [Int]

    init(scalars: [Unicode.Scalar], start: Int, end: Int) {
      self.scalars = scalars
      self.start = start
      self.end = end
      var quotes: [Int] = []
      for index in start..<end where scalars[index] == "\"" { quotes.append(index) }
      self.quotes = quotes
    }

    subscript(index: Int) -> Unicode.Scalar { scalars[index] }

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

    static func < (a: Candidate, b: Candidate) -> Bool {
      a.offset != b.offset ? a.offset < b.offset : (a.forced && !b.forced)
    }
  }

  /// Sentence boundaries inside one line (offsets into the text), line start and end excluded.
  func boundaries(in line: Line, icu: [Int]) -> [Int] {
    var candidates = icu.map { Candidate(offset: $0, forced: false) }
    scan(line, into: &candidates)
    listItems(line, into: &candidates)
    candidates.sort()
    var result: [Int] = []
    for candidate in candidates {
      let previous = result.last ?? line.start
      guard candidate.offset > previous else { continue }
      if let kept = review(candidate, in: line, after: previous), kept > previous, kept < line.end {
        result.append(kept)
      }
    }
    return result
  }

  /// Proposals ICU does not make: after sentence-final punctuation followed by a space or by a
  /// capital (glued), after `:` or `;` followed by a capital, and before a bullet that follows
  /// the end of a sentence, a colon or a semicolon.
  func scan(_ line: Line, into candidates: inout [Candidate]) {
    var index = line.start
    while index < line.end {
      let scalar = line[index]
      defer { index += 1 }
      if Chars.isTerminal(scalar) {
        var next = index + 1
        while next < line.end, Chars.closers.contains(line[next]) { next += 1 }
        guard next < line.end else { continue }
        if Chars.isSpace(line[next]) || (splitGlued && Chars.isUpper(line[next])) {
          candidates.append(Candidate(offset: next, forced: false))
        }
      } else if scalar == ":" || scalar == ";" {
        var next = index + 1
        guard next < line.end, Chars.isSpace(line[next]) else { continue }
        while next < line.end, Chars.isSpace(line[next]) { next += 1 }
        if next < line.end, Chars.isUpper(line[next]) {
          candidates.append(Candidate(offset: index + 1, forced: false))
        }
      } else if Chars.bullets.contains(scalar), index > line.start {
        if let bullet = bulletStart(at: index, in: line) {
          candidates.append(Candidate(offset: bullet, forced: true))
        }
      }
    }
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
    while before > line.start, Chars.closers.contains(line[before - 1]) { before -= 1 }
    guard before > line.start else { return nil }
    let mark = line[before - 1]
    return Chars.isTerminal(mark) || mark == ":" || mark == ";" ? index : nil
  }

  /// Numbered and lettered lists written on one line (`1.) first 2.) second`, `a. one b. two`):
  /// when the line starts with an item marker, each following marker of the sequence starts a
  /// sentence.
  func listItems(_ line: Line, into candidates: inout [Candidate]) {
    var index = line.start
    while index < line.end, Chars.bullets.contains(line[index]) || Chars.isSpace(line[index]) {
      index += 1
    }
    guard var marker = ListMarker(in: line, at: index) else { return }
    var position = marker.end
    while position < line.end {
      guard let next = marker.next else { return }
      var found: Int?
      var probe = position
      while probe < line.end {
        if Chars.isSpace(line[probe]) || Chars.bullets.contains(line[probe]) {
          probe += 1
          continue
        }
        if Chars.isSpace(line[probe - 1]) || Chars.bullets.contains(line[probe - 1]),
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
      while start > line.start, Chars.bullets.contains(line[start - 1]) || Chars.isSpace(line[start - 1]) {
        start -= 1
      }
      while start < found, Chars.isSpace(line[start]) { start += 1 }
      candidates.append(Candidate(offset: start, forced: true))
      position = marker.end
    }
  }

  /// Closing quotes and brackets.
  static let closers = Chars.closers
  /// Opening quotes and brackets.
  static let openers = Chars.openers

  /// `J.`, `J.-P.`, `M.-L.`: one or two capital initials.
  static func isInitial(_ word: String) -> Bool {
    let parts = word.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count) else { return false }
    return parts.allSatisfy { part in
      let scalars = Array(part.unicodeScalars)
      return scalars.count == 2 && scalars[0].properties.isUppercase && scalars[1] == "."
    }
  }

  /// `F.L.`, `J.R.R.`, `C.I.A.`: two to five capitals, each followed by a period.
  static func isDottedCapitals(_ word: String) -> Bool {
    let scalars = Array(word.unicodeScalars)
    guard scalars.count >= 4, scalars.count <= 10, scalars.count % 2 == 0 else { return false }
    return stride(from: 0, to: scalars.count, by: 2).allSatisfy {
      Chars.isUpper(scalars[$0]) && scalars[$0 + 1] == "."
    }
  }

  /// Whether the sentence ends with `.`, `!`, `?` or `…`, possibly before closing quotes.
  static func isTerminated(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
    var index = scalars.endIndex
    while index > scalars.startIndex,
      closers.contains(scalars[index - 1]) || Chars.isSpace(scalars[index - 1])
    {
      index -= 1
    }
    guard index > scalars.startIndex else { return false }
    return Chars.isTerminal(scalars[index - 1])
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

/// Character classes, with fast paths for ASCII.
enum Chars {
  /// Closing quotes and brackets.
  static let closers: Set<Unicode.Scalar> = ["»", "”", "\"", ")", "]", "’", "'"]
  /// Opening quotes, brackets and dashes.
  static let openers: Set<Unicode.Scalar> = ["«", "“", "\"", "(", "[", "‘", "'", "—", "–", "-"]
  /// List bullets.
  static let bullets: Set<Unicode.Scalar> = ["-", "–", "—", "•", "⁃", "‣", "◦", "▪", "*"]

  @inline(__always)
  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
    return scalar.properties.isWhitespace
  }

  @inline(__always)
  static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return (0x41...0x5A).contains(scalar.value) }
    return scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
  }

  @inline(__always)
  static func isLower(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return (0x61...0x7A).contains(scalar.value) }
    return scalar.properties.isLowercase
  }

  @inline(__always)
  static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return isUpper(scalar) || isLower(scalar) }
    return scalar.properties.isAlphabetic
  }

  @inline(__always)
  static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return (0x30...0x39).contains(scalar.value) }
    return scalar.properties.numericType == .decimal
  }

  @inline(__always)
  static func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
    (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
  }

  /// Sentence-final punctuation: `.`, `!`, `?`, `…` and their kin.
  @inline(__always)
  static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case ".", "!", "?", "…", "‼", "⁇", "⁈", "⁉", "。", "！", "？": return true
    default: return false
    }
  }
}
