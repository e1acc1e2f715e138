import PrecisCore

/// What the first word after a proposed boundary looks like.
enum NextWord {
  case lower, upper, digit, other
  /// A word capitalized wherever it stands (English `I`): no evidence either way.
  case neutral
}

extension SentenceSplitter {
  /// Reviews a proposed boundary: moves it past closing quotes that belong to the sentence
  /// before (or before a quote that opens the next one) and keeps it only if the language's
  /// rules agree. Returns the end of the sentence before, or `nil` to drop the proposal.
  func review(_ candidate: Candidate, in line: Line, after previous: Int, memo: inout ReviewMemo) -> Int? {
    if candidate.forced {
      var end = candidate.offset
      while end > previous, Chars.isSpace(line[end - 1]) { end -= 1 }
      return end > previous ? candidate.offset : nil
    }
    var end = candidate.offset
    while end > previous, Chars.isSpace(line[end - 1]) { end -= 1 }
    var start = candidate.offset
    while start < line.end, Chars.isSpace(line[start]) { start += 1 }
    // A straight quote left at the end that opens a quotation starts the next sentence
    // (`des Sages."Je ne peux pas"`).
    if end > previous + 1, line[end - 1] == "\"", line.opensQuote(at: end - 1) {
      end -= 1
      start = end
      while end > previous, Chars.isSpace(line[end - 1]) { end -= 1 }
    }
    // So does a guillemet or a curly quote, which only open, left after the final punctuation by
    // a paragraph glued to the one before (`ce matin.« Dès qu'on…`, where ICU counts `«` among
    // the closing marks). The boundary is still ICU's, not a glued one.
    var openingMoved = false
    if end > previous + 2, line[end - 1] == "«" || line[end - 1] == "“", Chars.isTerminal(line[end - 2]) {
      end -= 1
      start = end
      openingMoved = true
    }
    // Closing quotes and brackets put at the start of the next sentence close this one.
    if start < line.end, closesSentence(at: start, in: line) {
      end = start + 1
      while end < line.end, Chars.isCloser(line[end]),
        line[end] != "\"" || !line.opensQuote(at: end)
      {
        end += 1
      }
      start = end
      while start < line.end, Chars.isSpace(line[start]) { start += 1 }
    }
    guard end > previous, start < line.end else { return nil }
    // A sentence has at least one letter or digit: no lone `"` or `.`. (The run without either
    // that the last review walked back over is not walked again: a text of punctuation alone
    // was walked back to the line's start at each mark, in quadratic time, 12.6 s for 500 KB.)
    var probe = end
    let bare = memo.bare
    while probe > previous, !Chars.isLetter(line[probe - 1]), !Chars.isDigit(line[probe - 1]) {
      probe = bare.lowerBound < probe && probe <= bare.upperBound ? max(bare.lowerBound, previous) : probe - 1
    }
    memo.bare = probe..<end
    guard probe > previous else { return nil }
    // Nothing starts a sentence with punctuation that ends one: `( Tom, Lisa, ... ).`
    if Chars.cannotStart(line[start]) { return nil }
    // A list marker alone (`1.`, `a)`) is the start of its item, not a sentence.
    if isListMarker(from: previous, to: end, in: line) { return nil }

    var core = end
    while core > previous, Chars.isCloser(line[core - 1]) { core -= 1 }
    // French sets a space before a closing guillemet (`le larynx. »`): the mark is the period.
    if core < end, core - 2 > previous, Chars.isSpace(line[core - 1]), Chars.isTerminal(line[core - 2]) {
      core -= 1
    }
    guard core > previous else { return end }
    let mark = line[core - 1]
    let glued = start == end && !openingMoved

    // The first word after the boundary.
    var first = start
    while first < line.end,
      Chars.isOpener(line[first]) || Chars.isBullet(line[first])
        || Chars.isSpace(line[first])
    {
      first += 1
    }
    guard first < line.end else { return nil }
    var wordEnd = first
    while wordEnd < line.end, Chars.isLetter(line[wordEnd]) { wordEnd += 1 }
    let elided = wordEnd < line.end && (line[wordEnd] == "'" || line[wordEnd] == "’")
    // Only a capitalized word is ever looked up.
    let capitalized = Chars.isUpper(line[first])
    let word = capitalized ? line.string(from: first, to: wordEnd) : ""
    let next: NextWord
    if capitalized {
      next = rules.alwaysCapitalizedSet.contains(word) ? .neutral : .upper
    } else if Chars.isLower(line[first]) {
      next = .lower
    } else if Chars.isDigit(line[first]) {
      next = .digit
    } else {
      next = .other
    }
    let lowered = word.lowercasedLatin
    func isListed(in set: WordSet) -> Bool {
      !lowered.isEmpty && (set.contains(lowered) || (elided && set.contains(lowered + "'")))
    }
    let functionWord = capitalized && isListed(in: rules.functionWordSet)
    let particle = capitalized && isListed(in: SentenceSplitter.particleSet)

    if glued, !isGluedBoundary(mark: mark, core: core, first: first, in: line, after: previous, memo: &memo) {
      return nil
    }
    // A quotation or an aside that ends inside the sentence: `"This is great." she said`,
    // `(He worked as an engineer.) at the local University`.
    if end > core, next == .lower { return nil }
    // A citation or an aside in lowercase: `« … ». (cité par Le Monde)`.
    if next == .lower, line[start] == "(" || line[start] == "[" { return nil }
    switch mark {
    case ";":
      // `…seulement exister ; Le poème…`, but not `RH, comme Rémy Halbwax ; MR, comme…`.
      return !glued && next == .upper && functionWord ? end : nil
    case ":":
      // `Hémorragie : Il convient…` and `Insuffisance rénale : La clairance…` (a short label),
      // but not `trois réseaux : Le réseau A…` or `pays : France, …`.
      guard !glued, next == .upper else { return nil }
      return isListed(in: rules.clauseStarterSet)
        || (functionWord && isLabel(from: previous, to: core - 1, in: line)) ? end : nil
    case "!", "?", "‼", "⁇", "⁈", "⁉", "！", "？":
      // `« Pourquoi ? » s'interroge-t-elle`.
      return next == .lower ? nil : end
    case "…":
      return ellipsis(ending: core, in: line, after: previous, closedAt: end, next: next) ? end : nil
    case ".":
      if core - 2 > previous,
        line[core - 2] == "." || (line[core - 2] == " " && core - 3 > previous && line[core - 3] == ".")
      {
        return ellipsis(ending: core, in: line, after: previous, closedAt: end, next: next) ? end : nil
      }
      return period(
        ending: core, in: line, after: previous, next: next, functionWord: functionWord, particle: particle,
        memo: &memo)
        ? end : nil
    default:
      return end
    }
  }

  /// Whether an ellipsis ending at `core` ends the sentence: not inside brackets (`(...)`, `[…]`
  /// mark a cut in a quotation), and only before a capitalized word or an opening quote.
  func ellipsis(ending core: Int, in line: Line, after previous: Int, closedAt end: Int, next: NextWord)
    -> Bool
  {
    var start = core - 1
    while start > previous,
      line[start - 1] == "." || line[start - 1] == "…"
        || (line[start - 1] == " " && start - 2 > previous && line[start - 2] == ".")
    {
      start -= 1
    }
    if core < end, line[core] == ")" || line[core] == "]", start > previous,
      line[start - 1] == "(" || line[start - 1] == "["
    {
      return false
    }
    switch next {
    case .upper, .other: return true
    case .lower, .digit, .neutral: return false
    }
  }

  /// Whether the word after the period at `core - 1` (past closing quotes and spaces) is a
  /// Roman numeral (`II`, `XIV`) or an initial (`L.`).
  static func opensNumeralOrInitial(after core: Int, in line: Line) -> Bool {
    var index = core
    while index < line.end, Chars.isCloser(line[index]) || Chars.isSpace(line[index]) { index += 1 }
    var end = index
    while end < line.end, Chars.isLetter(line[end]) { end += 1 }
    guard end > index, end == line.end || !Chars.isLetter(line[end]) else { return false }
    if end == index + 1, end < line.end, line[end] == "." { return true }
    return end - index <= 5 && (index..<end).allSatisfy { "IVXLC".unicodeScalars.contains(line[$0]) }
  }

  /// Whether a period ending at `core` ends the sentence, given the word before it and the word
  /// after: abbreviations, initials, continuations in lowercase, numbers.
  func period(
    ending core: Int, in line: Line, after previous: Int, next: NextWord, functionWord: Bool, particle: Bool,
    memo: inout ReviewMemo
  )
    -> Bool
  {
    // (The token a glued boundary's check read; else the word before `. `, read once.)
    var wordStart = core - 1
    if let token = memo.cachedToken(around: core - 1) {
      wordStart = max(previous, token.range.lowerBound)
    } else {
      while wordStart > previous, !Chars.isSpace(line[wordStart - 1]) { wordStart -= 1 }
    }
    while wordStart < core - 1, Chars.isOpener(line[wordStart]) { wordStart += 1 }
    var verdict: AbbreviationList.Verdict =
      core - wordStart > rules.abbreviations.longest
      ? .unknown : rules.abbreviations.verdict(for: line.string(from: wordStart, to: core))
    // After an elision (`l'`, `d'`, `qu'`), the lowercase word itself: `l'art. 3`, `d'art. Le`;
    // not `l'Obs.` nor `McDonald's.`.
    // (Looked for among the last scalars only: a long token has many periods.)
    if verdict == .unknown, core - 1 > wordStart,
      let apostrophe = (max(wordStart, core - rules.abbreviations.longest - 2)..<(core - 1)).last(where: {
        line[$0] == "'" || line[$0] == "’"
      }),
      apostrophe - wordStart <= 2 || (apostrophe - wordStart <= 6 && line[apostrophe - 1] == "u"),
      (wordStart..<apostrophe).allSatisfy({ Chars.isLower(line[$0]) }),
      core - apostrophe > 3, core - apostrophe - 1 <= rules.abbreviations.longest,
      Chars.isLower(line[apostrophe + 1])
    {
      verdict = rules.abbreviations.verdict(for: line.string(from: apostrophe + 1, to: core))
    }
    switch verdict {
    case .fixed:
      return false
    case .final:
      // `etc. Le`, but not `U.S. Government`, `a.m. Mr. Smith`, `art. 3`.
      switch next {
      case .upper, .neutral: return functionWord
      case .other: return true
      case .lower, .digit: return false
      }
    case .word:
      // `du vol. Mercredi`, `street art. Elsa`, `à sept." Aussitôt`; but `vol. II`, `art. L. 313`,
      // `art. 3`, `15 sept. 2020`.
      switch next {
      case .upper, .neutral:
        return functionWord || !SentenceSplitter.opensNumeralOrInitial(after: core, in: line)
      case .other: return true
      case .lower, .digit: return false
      }
    case .unknown:
      break
    }
    let inner = line.scalars[wordStart..<(core - 1)]
    let token = line.scalars[wordStart..<core]
    // A capital after a number is a unit (`30 F.`, `5 V.`), not an initial.
    var before = wordStart
    while before > previous, Chars.isSpace(line[before - 1]) { before -= 1 }
    let afterNumber = before < wordStart && before > previous && Chars.isDigit(line[before - 1])
    if !afterNumber,
      SentenceSplitter.isInitial(token) || (inner.count == 1 && inner.first.map(Chars.isUpper) == true)
    {
      // `J. Dupont`, but `Dagobert I. Ils` and `you and I. Did`.
      switch next {
      case .upper, .neutral: return functionWord && !particle
      case .lower, .digit, .other: return false
      }
    }
    if SentenceSplitter.isDottedCapitals(token) {
      // `F.L. Copperman`, but `la C.I.A. Le lendemain`.
      switch next {
      case .upper, .neutral: return functionWord
      case .lower, .digit, .other: return false
      }
    }
    let hasInnerDot = inner.contains(".")
    switch next {
    case .upper, .neutral, .other:
      return true
    case .lower:
      // `au plus vite. à titre de rappel`: a real word or a closing bracket before the period;
      // a short unknown word is more likely an abbreviation (`env. trente`).
      guard let last = inner.last else { return false }
      if Chars.isCloser(last) { return true }
      guard !hasInnerDot else { return false }
      return inner.filter { Chars.isLetter($0) || Chars.isDigit($0) }.count >= 3
    case .digit:
      // `en 2008. 23 épreuves`, but not `n. 5`.
      return !hasInnerDot && inner.count >= 2
    }
  }

  /// Whether a boundary with no space after the punctuation (`Progrès.Après`) is real: the next
  /// word looks like a word, and the text before is not a domain, an address, an acronym or an
  /// initial.
  func isGluedBoundary(
    mark: Unicode.Scalar, core: Int, first: Int, in line: Line, after previous: Int, memo: inout ReviewMemo
  )
    -> Bool
  {
    guard splitGlued, Chars.isTerminal(mark) else { return false }
    if Chars.isDigit(line[first]) {
      return isGluedFigure(mark: mark, core: core, first: first, in: line, memo: &memo)
    }
    guard Chars.isUpper(line[first]) else { return false }
    if first + 1 < line.end {
      // A word: `Après`, `L'an`, a one-letter word (`À la fin`, `A 14h25`), or a word in
      // capitals, a heading's or an acronym's (`asile.UN FORCENÉ…`, `associations.EDF ne…`).
      let after = line[first + 1]
      // A title before a name (`pays.M. Loukachenko`, `hier.MM. Martin`) starts the sentence.
      let title = isGluedTitle(at: first, in: line)
      guard
        title || Chars.isLower(after) || after == "'" || after == "’" || Chars.isSpace(after)
          || Chars.isUpper(after)
      else {
        return false
      }
      if Chars.isUpper(after), !title {
        // (After a lowercase word or a closing quote: not in a chain of abbreviations,
        // `LL.AA.II.RR.`, nor before a file's extension, `Houdan 10.JPG`.)
        var end = first
        while end < line.end, Chars.isUpper(line[end]) { end += 1 }
        guard end == line.end || line[end] != ".", core >= 2,
          Chars.isLower(line[core - 2]) || Chars.isCloser(line[core - 2])
        else { return false }
      }
    }
    // The whole token around the boundary: no e-mail address or link. (The token is read once
    // for all its marks: read for each, a long text without spaces took quadratic time.)
    let token = memo.token(around: core - 1, in: line)
    if token.range.contains(first) {
      if token.hasAt || token.opensWithWWW || token.lastSlash >= first || token.hasScheme { return false }
    } else if !ReviewMemo.Token(line, from: token.range.lowerBound, to: first).allowsGluedBoundary(
      after: first)
    {
      // (`first` is past an opening mark and a space: the token runs on to its word.)
      return false
    }
    guard mark == "." else { return true }
    if core - 2 > previous, line[core - 2] == "." || line[core - 2] == "…" { return true }  // `...Puis`
    var wordStart = max(previous, token.range.lowerBound)
    while wordStart < core - 1, Chars.isOpener(line[wordStart]) { wordStart += 1 }
    let before = line.scalars[wordStart..<(core - 1)]
    guard let last = before.last else { return false }
    // `(2001).On`, `« formel ».De`, `rubrique 4.2.Sexe`, `7%.Saisie`.
    if Chars.isCloser(last) || Chars.isDigit(last) || last == "%" { return true }
    // `Progrès.Après`, `29e.Il`, `PS.Le`, but not `J.Dupont`, `U.S.Army` or `S.T.Dupont.Le`;
    // a domain's name ends a sentence, though (`cité par la Vieimmo.com.Par ailleurs`).
    // (The nearest `.` or `:` is looked for from the end: the one before is the last mark's.)
    guard before.lastIndex(where: { $0 == "." || $0 == ":" }) == nil || endsWithDomain(before) else {
      return false
    }
    // (Counted in one pass: two filters made two arrays at every glued boundary.)
    var letters = 0
    var alphanumerics = 0
    for scalar in before {
      if Chars.isLetter(scalar) {
        letters += 1
        alphanumerics += 1
      } else if Chars.isDigit(scalar) {
        alphanumerics += 1
      }
    }
    return alphanumerics >= 2 && (Chars.isLower(last) || (Chars.isUpper(last) && letters >= 2))
  }

  /// Whether `word` is a domain's name: a name of two letters or digits or more, a period and
  /// a common top-level domain (`Vieimmo.com`, `lemonde.fr`, `bbc.co.uk`), nothing but
  /// letters, digits, hyphens and periods.
  func endsWithDomain(_ word: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
    // (A domain's name has at most 253 characters.)
    guard word.count <= 253, let dot = word.lastIndex(of: "."), dot - word.startIndex >= 2,
      word.allSatisfy({ Chars.isLetter($0) || Chars.isDigit($0) || $0 == "-" || $0 == "." }),
      Chars.isLetter(word[dot - 1]) || Chars.isDigit(word[dot - 1])
    else { return false }
    let domain = String(String.UnicodeScalarView(word[(dot + 1)...]))
    return SentenceSplitter.topLevelDomains.contains(domain)
  }

  /// Top-level domains common in the news, lowercase.
  static let topLevelDomains: Set<String> = [
    "com", "fr", "net", "org", "info", "eu", "be", "ch", "ca", "io", "tv", "uk", "de", "it", "es", "lu",
  ]

  /// Whether the word at `first` is a title of the abbreviation list that never ends a sentence,
  /// before a name (`du pays.M. Loukachenko`, `de la majorité.MM. Martin et Durand`: a paragraph
  /// that opens with it, glued to the one before). Other titles (`Mme`, `Dr.`) have a lowercase
  /// second letter and pass as words.
  func isGluedTitle(at first: Int, in line: Line) -> Bool {
    var end = first
    while end < line.end, Chars.isLetter(line[end]) { end += 1 }
    guard end > first, end + 2 < line.end, line[end] == ".", line[end + 1] == " ",
      Chars.isUpper(line[end + 2])
    else { return false }
    return rules.abbreviations.verdict(for: line.string(from: first, to: end + 1)) == .fixed
  }

  /// Whether a figure glued to a period starts a sentence: a paragraph glued to a heading
  /// that opens with a figure (`…avait promis Emmanuel Macron.40% des débats organisés…`,
  /// `…a-t-il ajouté.7.700 Canadiens victimes…`; 25 in the 1,500 OrangeSum articles). The word
  /// before ends with three lowercase letters (`Macron`, `d'euros`) or a closing quote or
  /// bracket (`absolue".27 condamnations`), and has no `.`, `:`, `/` or `@` (a domain, a
  /// link); the figure, its digits perhaps in groups of three (`7.700`, `100 000`), is followed
  /// by a space, `%` or an hour's `h` (`Interactive.17h : Le taux`). Not a decimal (`1.5`), a
  /// section (`art.3`, `L.313-14`, `N.1`) or a version (`v2.0`).
  func isGluedFigure(mark: Unicode.Scalar, core: Int, first: Int, in line: Line, memo: inout ReviewMemo)
    -> Bool
  {
    guard mark == ".", core >= 2 else { return false }
    var end = first
    while end < line.end, Chars.isDigit(line[end]) { end += 1 }
    while end + 3 < line.end, line[end] == "." || Chars.isSpace(line[end]),
      (end + 1...end + 3).allSatisfy({ Chars.isDigit(line[$0]) }),
      end + 4 == line.end || !Chars.isDigit(line[end + 4])
    {
      end += 4
    }
    guard end < line.end else { return false }
    let after = line[end]
    guard
      Chars.isSpace(after) || after == "%"
        || (after == "h" && (end + 1 == line.end || !Chars.isLetter(line[end + 1])))
    else { return false }
    let before = line.scalars[memo.token(around: core - 1, in: line).range.lowerBound..<(core - 1)]
    guard let last = before.last,
      before.lastIndex(where: { $0 == "." || $0 == ":" || $0 == "/" || $0 == "@" }) == nil
    else { return false }
    if Chars.isCloser(last), last != "'", last != "’" { return true }
    return before.suffix(3).count == 3 && before.suffix(3).allSatisfy(Chars.isLower)
  }

  /// Whether the text between `start` and `end` is a short label: one to three words, the
  /// first capitalized, with no digits (`Insuffisance rénale`).
  func isLabel(from start: Int, to end: Int, in line: Line) -> Bool {
    var index = start
    while index < end, Chars.isSpace(line[index]) { index += 1 }
    guard index < end, Chars.isUpper(line[index]) else { return false }
    var words = 0
    var inWord = false
    while index < end {
      let scalar = line[index]
      if Chars.isDigit(scalar) { return false }
      if Chars.isSpace(scalar) {
        inWord = false
      } else if !inWord {
        inWord = true
        words += 1
      }
      index += 1
    }
    return words <= 3
  }

  /// Whether the scalar at `index`, at the start of the next sentence, closes the one before.
  func closesSentence(at index: Int, in line: Line) -> Bool {
    switch line[index] {
    case "»", "”", ")", "]", "’": return true
    case "\"": return !line.opensQuote(at: index)
    default: return false
    }
  }

  /// Whether the text between `start` and `end` is only a list marker, possibly after a bullet.
  func isListMarker(from start: Int, to end: Int, in line: Line) -> Bool {
    var index = start
    while index < end, Chars.isSpace(line[index]) || Chars.isBullet(line[index]) { index += 1 }
    guard end - index <= 4, let marker = ListMarker(in: line, at: index) else { return false }
    return marker.end == end
  }

  /// Surname particles.
  static let particleSet = WordSet(SegmentationRules.particles)
}

/// What a line's reviews keep for the next one, so that no run of the line is read again for
/// each of its marks (the candidates come in order): a text of punctuation alone, or one long
/// word without spaces (`ab.Cdab.Cd…`), took quadratic time.
struct ReviewMemo {
  /// The run without a letter or digit that the last review walked back over.
  var bare = 0..<0
  /// The last token looked at.
  private var last = Token()

  /// A run of scalars without a space, and what the glued-boundary checks ask of it.
  struct Token {
    var range = 0..<0
    /// Whether it holds `@` (an e-mail address).
    var hasAt = false
    /// Whether it opens with `www.`.
    var opensWithWWW = false
    /// Whether it holds `://` (a link).
    var hasScheme = false
    /// The offset of its last `/`, or -1.
    var lastSlash = -1

    init() {}

    /// The token of `line` from `start` to the first space at or after `end`.
    init(_ line: SentenceSplitter.Line, from start: Int, to end: Int) {
      var tokenEnd = end
      while tokenEnd < line.end, !Chars.isSpace(line[tokenEnd]) { tokenEnd += 1 }
      range = start..<tokenEnd
      opensWithWWW =
        tokenEnd - start >= 4 && line[start] == "w" && line[start + 1] == "w" && line[start + 2] == "w"
        && line[start + 3] == "."
      for index in range {
        switch line[index] {
        case "@": hasAt = true
        case "/":
          lastSlash = index
          if index >= start + 1, line[index - 1] == "/", index >= start + 2, line[index - 2] == ":" {
            hasScheme = true
          }
        default: continue
        }
      }
    }

    /// Whether a glued boundary may fall before `first` in it: no e-mail address, no link, no
    /// `/` from `first` on.
    func allowsGluedBoundary(after first: Int) -> Bool {
      !hasAt && !opensWithWWW && !hasScheme && lastSlash < first
    }
  }

  /// The token last looked at, if it is around `position`.
  func cachedToken(around position: Int) -> Token? {
    last.range.contains(position) ? last : nil
  }

  /// The token around `position` (a scalar that is no space).
  mutating func token(around position: Int, in line: SentenceSplitter.Line) -> Token {
    if last.range.contains(position) { return last }
    var start = position
    while start > line.start, !Chars.isSpace(line[start - 1]) { start -= 1 }
    last = Token(line, from: start, to: position)
    return last
  }
}
