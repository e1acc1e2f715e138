import PrecisCore

/// Splits normalized text into sentences: ICU's sentence rules for the locale, then the rules
/// scraped news needs and ICU lacks (abbreviations and initials, closing guillemets, sentences
/// glued without a space, lowercase continuations after `?` and `!`). Every line break is a
/// boundary, so headings, datelines and slugs stand alone.
public struct SentenceSplitter: Sendable {
  /// The ICU locale (`fr@ss=standard`).
  public let locale: String
  private let prototype: ICUBreakIteratorPrototype
  private let abbreviations: AbbreviationList
  private let splitGlued: Bool

  /// Opens ICU's sentence rules for `locale`.
  public init(locale: String, abbreviations: AbbreviationList, splitGlued: Bool = true) throws {
    self.locale = locale
    prototype = try ICUBreakIteratorPrototype(.sentence, locale: locale)
    self.abbreviations = abbreviations
    self.splitGlued = splitGlued
  }

  /// The sentences of `text`, with scalar spans, paragraph numbers and line flags.
  ///
  /// - Complexity: O(*n*) in the length of the text.
  public func sentences(in text: String) throws -> [Sentence] {
    let iterator = try prototype.makeIterator()
    let scalars = Array(text.unicodeScalars)
    var sentences: [Sentence] = []
    var paragraph = 0
    var lineStart = 0
    var sawBlank = false
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
        let line = Array(scalars[lineStart..<lineEnd])
        let cuts = try boundaries(in: line, iterator: iterator)
        var start = 0
        for cut in cuts + [line.count] {
          var a = start
          var b = cut
          while a < b, line[a].properties.isWhitespace { a += 1 }
          while b > a, line[b - 1].properties.isWhitespace { b -= 1 }
          start = cut
          guard a < b else { continue }
          let piece = String(String.UnicodeScalarView(line[a..<b]))
          sentences.append(
            Sentence(
              index: sentences.count, span: Span(start: lineStart + a, end: lineStart + b),
              text: piece, paragraph: paragraph,
              terminated: SentenceSplitter.isTerminated(line[a..<b]),
              standalone: a == 0 && b == line.count))
        }
      }
      lineStart = lineEnd + 1
    }
    return sentences
  }

  /// Sentence starts inside one line (offsets into `line`), line start and end excluded.
  func boundaries(in line: [Unicode.Scalar], iterator: ICUBreakIterator) throws -> [Int] {
    let string = String(String.UnicodeScalarView(line))
    let icu = try iterator.boundaries(in: string)
    // UTF-8 byte offsets to scalar offsets, in one pass.
    var candidates: [Int] = []
    var byte = 0
    var scalar = 0
    for boundary in icu {
      while byte < boundary.offset, scalar < line.count {
        byte += UTF8.width(line[scalar])
        scalar += 1
      }
      if scalar > 0, scalar < line.count { candidates.append(scalar) }
    }
    if splitGlued { candidates += gluedBoundaries(in: line) }
    candidates += overSuppressedBoundaries(in: line)
    var result: [Int] = []
    for candidate in Set(candidates).sorted() {
      let previous = result.last ?? 0
      // A cut moved past closing quotes may already cover this candidate.
      guard candidate > previous else { continue }
      if let kept = review(candidate, in: line, after: previous), kept < line.count,
        kept > previous
      {
        result.append(kept)
      }
    }
    return result
  }

  /// Checks a candidate boundary: moves it past closing quotes that belong to the sentence
  /// before, and drops it after abbreviations and initials or before a lowercase continuation.
  func review(_ candidate: Int, in line: [Unicode.Scalar], after previousCut: Int) -> Int? {
    guard previousCut < candidate, candidate <= line.count else { return nil }
    var cut = candidate
    // A straight quote that ICU left at the end of the sentence before, but that sentence has no
    // quote for it to close: it opens the next sentence (`des Sages."Je ne peux pas"`).
    var quote = cut
    while quote > previousCut, line[quote - 1].properties.isWhitespace { quote -= 1 }
    if quote - 1 > previousCut, line[quote - 1] == "\"",
      line[previousCut..<quote].filter({ $0 == "\"" }).count % 2 == 1
    {
      cut = quote - 1
    }
    // Closing quotes and parentheses that ICU put at the start of the next sentence.
    var probe = cut
    while probe < line.count, line[probe].properties.isWhitespace { probe += 1 }
    if probe < line.count, closesSentence(line[probe], line: line, from: previousCut, to: cut) {
      cut = probe + 1
      while cut < line.count, SentenceSplitter.closers.contains(line[cut]) { cut += 1 }
    }
    // The end of the sentence before the cut, without spaces and closing punctuation.
    var end = cut
    while end > previousCut, line[end - 1].properties.isWhitespace { end -= 1 }
    var core = end
    while core > previousCut, SentenceSplitter.closers.contains(line[core - 1]) { core -= 1 }
    // The first word after the cut.
    var next = cut
    while next < line.count,
      line[next].properties.isWhitespace || SentenceSplitter.openers.contains(line[next])
    {
      next += 1
    }
    guard next < line.count else { return nil }
    let nextScalar = line[next]
    let nextIsLower = nextScalar.properties.isLowercase
    if nextIsLower { return nil }  // `« Pourquoi ? » s'interroge-t-elle`, `… et puis`
    guard core > previousCut, line[core - 1] == "." else { return cut }
    // A period: is the word before it an abbreviation or an initial?
    var wordStart = core - 1
    while wordStart > previousCut, !line[wordStart - 1].properties.isWhitespace {
      wordStart -= 1
    }
    while wordStart < core, SentenceSplitter.openers.contains(line[wordStart]) { wordStart += 1 }
    let word = String(String.UnicodeScalarView(line[wordStart..<core]))
    switch abbreviations.verdict(for: word) {
    case .fixed: return nil
    case .final: return nextScalar.properties.isUppercase ? cut : nil
    case .unknown: break
    }
    if SentenceSplitter.isInitial(word), nextScalar.properties.isUppercase { return nil }
    if nextScalar.properties.numericType != nil, core == end, word.count <= 4 { return nil }
    return cut
  }

  /// Whether `scalar` at the start of the next sentence really closes the one before.
  func closesSentence(_ scalar: Unicode.Scalar, line: [Unicode.Scalar], from: Int, to: Int) -> Bool {
    switch scalar {
    case "»", "”", ")", "]", "’":
      return true
    case "\"":
      // A straight quote closes the sentence before when that sentence opened one.
      return line[from..<to].filter { $0 == "\"" }.count % 2 == 1
    default:
      return false
    }
  }

  /// Boundaries ICU cannot see: `Le Progrès.Après le`, `fin !Ensuite` — sentence-final
  /// punctuation followed directly by a capitalized word. Decimals, dotted acronyms
  /// (`U.S.A.`), domain names and e-mail addresses are left alone.
  func gluedBoundaries(in line: [Unicode.Scalar]) -> [Int] {
    var result: [Int] = []
    guard line.count > 3 else { return result }
    for p in 1..<(line.count - 1) where ".!?".unicodeScalars.contains(line[p]) {
      var nextIndex = p + 1
      while nextIndex < line.count, SentenceSplitter.closers.contains(line[nextIndex]),
        line[nextIndex] != "\"" || line[p] != "."
      {
        nextIndex += 1
      }
      guard nextIndex < line.count else { continue }
      let next = line[nextIndex]
      guard next.properties.isUppercase else { continue }
      // The capitalized word must look like a word, not another initial (`U.S`).
      if nextIndex + 1 < line.count {
        let after = line[nextIndex + 1]
        guard after.properties.isLowercase || after == "'" || after == "’" else { continue }
      }
      // The word before the punctuation.
      var start = p
      while start > 0, !line[start - 1].properties.isWhitespace { start -= 1 }
      let before = line[start..<p]
      guard let last = before.last else { continue }
      if before.contains(where: { $0 == "@" || $0 == "/" || $0 == "." || $0 == ":" }) { continue }
      if line[p] == "." {
        let word = String(String.UnicodeScalarView(before.drop { SentenceSplitter.openers.contains($0) }))
        if abbreviations.verdict(for: word + ".") == .fixed { continue }
        let letters = before.filter { $0.properties.isAlphabetic }.count
        let lastOK =
          last.properties.isLowercase || last.properties.numericType != nil
          || SentenceSplitter.closers.contains(last) || (last.properties.isUppercase && letters >= 2)
        guard lastOK, letters >= 2 || last.properties.numericType != nil else { continue }
      }
      result.append(nextIndex)
    }
    return result
  }

  /// Boundaries that ICU's `ss=standard` filter drops by mistake. ICU matches its suppression
  /// list against the end of the text before a period, not against whole words, so an entry
  /// such as `aux.` also holds `réseaux. En France` together. A period after a word of five
  /// letters or more, then a space and a capital, is offered again; `review` still applies the
  /// project's own abbreviation list.
  func overSuppressedBoundaries(in line: [Unicode.Scalar]) -> [Int] {
    var result: [Int] = []
    var p = 0
    while p < line.count {
      defer { p += 1 }
      guard line[p] == ".", p + 2 < line.count, line[p + 1].properties.isWhitespace else { continue }
      var next = p + 1
      while next < line.count,
        line[next].properties.isWhitespace || SentenceSplitter.openers.contains(line[next])
      {
        next += 1
      }
      guard next < line.count, line[next].properties.isUppercase else { continue }
      var start = p
      while start > 0, line[start - 1].properties.isAlphabetic { start -= 1 }
      guard p - start >= 5, start == 0 || line[start - 1] != "." else { continue }
      result.append(p + 1)
    }
    return result
  }

  /// Closing quotes and brackets.
  static let closers: Set<Unicode.Scalar> = ["»", "”", "\"", ")", "]", "’", "'"]
  /// Opening quotes and brackets.
  static let openers: Set<Unicode.Scalar> = ["«", "“", "\"", "(", "[", "‘", "'", "—", "–", "-"]

  /// `J.`, `J.-P.`, `M.-L.`: one or two capital initials.
  static func isInitial(_ word: String) -> Bool {
    let parts = word.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count) else { return false }
    return parts.allSatisfy { part in
      let scalars = Array(part.unicodeScalars)
      return scalars.count == 2 && scalars[0].properties.isUppercase && scalars[1] == "."
    }
  }

  /// Whether the sentence ends with `.`, `!`, `?` or `…`, possibly before closing quotes.
  static func isTerminated(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
    var index = scalars.endIndex
    while index > scalars.startIndex,
      closers.contains(scalars[index - 1])
        || scalars[index - 1].properties.isWhitespace
    {
      index -= 1
    }
    guard index > scalars.startIndex else { return false }
    return ".!?…".unicodeScalars.contains(scalars[index - 1])
  }
}
