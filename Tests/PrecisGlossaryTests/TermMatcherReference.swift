import PrecisCore

@testable import PrecisGlossary

// The term matching and the translate-terms sentence loop as they were written before they
// were made to read bytes in place (commit 7e7d16d), kept to check that the fast paths answer
// exactly as they did.

/// The term matcher of 7e7d16d, over the terms of a `TermMatcher`.
struct ReferenceMatcher {
  let matcher: TermMatcher
  let index: WordTable<[Int]>
  let foldedIndex: WordTable<[Int]>
  let verbCues: Set<String>
  /// The matcher's terms with their forms (which a compiled glossary does not keep).
  let terms: [TermMatcher.Term]

  init(_ matcher: TermMatcher) {
    self.matcher = matcher
    terms = matcher.terms.indices.map(matcher.withForms)
    verbCues = matcher.verbCues.words
    var index = WordTable<[Int]>()
    var foldedIndex = WordTable<[Int]>()
    let terms = self.terms
    for (position, term) in terms.enumerated() {
      for form in term.slots[0].forms { index[form, default: []].append(position) }
      for form in term.foldedSlots[0].forms { foldedIndex[form, default: []].append(position) }
    }
    let byLength = { (a: Int, b: Int) in terms[a].slots.count > terms[b].slots.count }
    index.updateValues { $0.sort(by: byLength) }
    foldedIndex.updateValues { $0.sort(by: byLength) }
    self.index = index
    self.foldedIndex = foldedIndex
  }

  static let frenchHyphenParticles: Set<String> = ["ci", "là"]
  static let frenchArticles: Set<String> = ["le", "la", "les", "l'"]
  static let frenchDeterminers: Set<String> = [
    "le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa",
    "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "de", "d'", "chaque",
  ]

  func matches(in tokens: [TokenValue]) -> [TermMatcher.Found] {
    var found: [TermMatcher.Found] = []
    var position = 0
    while position < tokens.count {
      if let match = longestMatch(at: position, in: tokens), match.firstToken >= (found.last?.endToken ?? 0),
        !runsIntoName(match, in: tokens)
      {
        found.append(match)
        position = match.endToken
      } else {
        position += 1
      }
    }
    return found
  }

  /// (Added after 7e7d16d.) Whether `match`, of a term matched whatever its case, holds a
  /// capitalized word where a case-sensitive or kept term starts and runs on past it.
  func runsIntoName(_ match: TermMatcher.Found, in tokens: [TokenValue]) -> Bool {
    let isName = { (found: TermMatcher.Found) in found.entries[0].caseSensitive || found.entries[0].keep }
    guard match.endToken - match.termToken > 1, !isName(match) else { return false }
    for inner in (match.termToken + 1)..<match.endToken {
      let token = tokens[inner]
      guard token.kind == .word, !token.text.hasSameBytes(as: token.normalized),
        token.text.hasUppercaseLetter,
        let name = longestMatch(at: inner, in: tokens)
      else { continue }
      if name.endToken > match.endToken, isName(name) { return true }
    }
    return false
  }

  static func isHyphen(_ token: TokenValue) -> Bool {
    guard token.kind == .punctuation else { return false }
    switch token.text {
    case "-", "‐", "‑": return true
    default: return false
    }
  }

  static func joinedBefore(_ position: Int, in tokens: [TokenValue]) -> Bool {
    position >= 2 && isHyphen(tokens[position - 1]) && tokens[position - 1].end == tokens[position].start
      && tokens[position - 2].end == tokens[position - 1].start && tokens[position - 2].kind == .word
  }

  func joinedAfter(_ end: Int, in tokens: [TokenValue]) -> Bool {
    end >= 1 && end + 1 < tokens.count && ReferenceMatcher.isHyphen(tokens[end])
      && tokens[end - 1].end == tokens[end].start && tokens[end].end == tokens[end + 1].start
      && tokens[end + 1].kind == .word
      && !(matcher.language == "fr"
        && ReferenceMatcher.frenchHyphenParticles.contains(tokens[end + 1].normalized))
  }

  func longestMatch(at position: Int, in tokens: [TokenValue]) -> TermMatcher.Found? {
    let terms = self.terms
    let entries = matcher.entries
    guard tokens[position].kind != .punctuation, !tokens[position].isElision else { return nil }
    let normalized = tokens[position].normalized
    let text = tokens[position].text
    let capitals = !text.hasSameBytes(as: normalized) && text.hasUppercaseLetter
    var candidates = index[normalized] ?? []
    if capitals { candidates += foldedIndex[referenceFold(normalized)] ?? [] }
    if candidates.isEmpty, !(position + 1 < tokens.count && ReferenceMatcher.isHyphen(tokens[position + 1])) {
      return nil
    }
    let first = tokens[position]
    var verbCue: Bool?
    func afterVerbCue() -> Bool {
      if let verbCue { return verbCue }
      let previous = position > 0 ? tokens[position - 1].normalized : ""
      let nextWord = position + 1 < tokens.count ? tokens[position + 1].normalized : ""
      let afterNext = position + 2 < tokens.count ? tokens[position + 2].normalized : ""
      let objectArticle =
        ReferenceMatcher.frenchArticles.contains(nextWord) && !["plus", "moins", "mieux"].contains(afterNext)
      let cue =
        verbCues.contains(previous)
        || (!verbCues.isEmpty && position > 0 && !ReferenceMatcher.frenchDeterminers.contains(previous)
          && objectArticle && tokens[position - 1].kind == .word)
      verbCue = cue
      return cue
    }
    var compound: (form: String, end: Int)?
    if position + 2 < tokens.count, ReferenceMatcher.isHyphen(tokens[position + 1]),
      tokens[position + 1].start == first.end, tokens[position + 2].start == tokens[position + 1].end,
      tokens[position + 2].kind == .word
    {
      let joined = first.normalized + tokens[position + 2].normalized
      compound = (joined, position + 3)
      candidates += (index[joined] ?? []).filter { terms[$0].slots.count == 1 }
    }
    var prefix: (english: TermMatcher.Prefix, first: Int)?
    let joined = ReferenceMatcher.joinedBefore(position, in: tokens)
    if joined, let known = matcher.prefixes[tokens[position - 2].normalized],
      !ReferenceMatcher.joinedBefore(position - 2, in: tokens)
    {
      prefix = (known, position - 2)
    }
    if joined, prefix == nil { return nil }
    var best: TermMatcher.Found?
    var seen: [Int] = []
    for termIndex in candidates where !seen.contains(termIndex) {
      seen.append(termIndex)
      let term = terms[termIndex]
      if let best, best.endToken - best.firstToken >= term.slots.count, term.slots.count > 1 { continue }
      var cursor = position
      var plural = false
      var matched = true
      for slot in 0..<term.slots.count {
        if slot > 0, cursor + 1 < tokens.count, ReferenceMatcher.isHyphen(tokens[cursor]),
          tokens[cursor].start == tokens[cursor - 1].end, tokens[cursor + 1].start == tokens[cursor].end
        {
          cursor += 1
        }
        guard cursor < tokens.count else {
          matched = false
          break
        }
        let token = tokens[cursor]
        if slot > 0, token.kind == .punctuation {
          matched = false
          break
        }
        var reading: Bool?
        if slot == 0, let compound, term.slots.count == 1, let plural = term.slots[0][compound.form] {
          reading = plural
          cursor = compound.end - 1
        } else if term.caseSensitive {
          reading = token.text == term.written[slot] ? false : nil
        } else {
          reading = term.slots[slot][token.normalized]
          if reading == nil, token.text != token.normalized, token.text.hasUppercaseLetter {
            reading = term.foldedSlots[slot][referenceFold(token.normalized)]
          }
        }
        guard let isPlural = reading else {
          matched = false
          break
        }
        if slot < term.headCount, isPlural { plural = true }
        cursor += 1
      }
      guard matched else { continue }
      if term.slots.count == 1, afterVerbCue() { continue }
      if let best, best.endToken >= cursor { continue }
      if joinedAfter(cursor, in: tokens) { continue }
      let members = term.entries.map { entries[$0] }
      let entry = term.chosen.map { entries[$0] }
      if let prefix, prefix.english.namesOnly, (entry ?? members[0]).target.first?.isUppercase != true {
        continue
      }
      best = TermMatcher.Found(
        prefix: prefix?.english.english, termToken: position, entries: members, entry: entry,
        firstToken: prefix?.first ?? position, endToken: cursor, plural: plural)
    }
    return best
  }
}

/// `Fold.fold` of 7e7d16d: lowercase ASCII as it is, anything else scalar by scalar (the byte
/// paths for ASCII with capitals and Latin-1 came later).
func referenceFold(_ text: String) -> String {
  if text.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return text }
  return Fold.foldedScalars(text)
}

/// The byte loop of 7e7d16d that told whether a sentence may hold a link: every byte read, none
/// skipped (the reading itself is `LinkMarks`, shared with the stage).
func referenceMayHoldLinks(_ text: String) -> Bool {
  var marks = TranslateTermsStage.LinkMarks()
  return text.utf8.contains { marks.read($0) }
}

/// The sentence loop of `TranslateTermsStage.terms(of:tokens:)` in 7e7d16d.
func referenceTerms(of sentence: Sentence, tokens: [TokenValue], matcher: ReferenceMatcher) -> (
  covered: [Range<Int>], matches: [TermMatch], unresolved: [UnresolvedTerm]
) {
  let frenchCardinals: Set<String> = [
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante",
    "soixante", "cent", "cents", "mille", "quelques", "plusieurs",
  ]
  let pluralDeterminers: Set<String> = [
    "les", "des", "ces", "ses", "mes", "tes", "nos", "vos", "leurs", "aux", "plusieurs", "certains",
    "certaines", "quelques", "nombreux", "nombreuses", "différents", "divers",
  ]
  let frenchDeterminers: Set<String> = [
    "les", "des", "ces", "aux", "nos", "vos", "leurs", "plusieurs", "certains", "de", "d'", "quelques",
  ]
  func english(for entry: GlossaryEntry, form: String, plural: Bool, afterDeterminer: Bool) -> String {
    guard plural else { return entry.target }
    let nationality =
      entry.tokens.count == 1 && entry.pluralTarget == entry.target && entry.target.first?.isUppercase == true
      && entry.source.first?.isLowercase == true && !entry.target.contains(" ")
    let noun = form.first?.isUppercase == true && !form.dropFirst().contains(where: \.isUppercase)
    if nationality, noun || afterDeterminer {
      return English.plural(of: entry.target)
    }
    return entry.pluralTarget
  }
  let opaque = TranslateTermsStage.opaqueRanges(in: sentence.text)
  let found = matcher.matches(in: tokens).filter { found in
    !opaque.contains { $0.contains(tokens[found.firstToken].start) }
  }
  var matches: [TermMatch] = []
  var unresolved: [UnresolvedTerm] = []
  for found in found {
    let start = tokens[found.firstToken].start
    let end = tokens[found.endToken - 1].end
    let form = sentence.text.scalarSlice(start..<end)
    let span = Span(start: sentence.span.start + start, end: sentence.span.start + end)
    guard let entry = found.entry else {
      unresolved.append(
        UnresolvedTerm(
          sentence: sentence.index, span: span, form: form, source: found.entries[0].source,
          candidates: found.entries.map { "\($0.target) (\($0.domain ?? "no domain"))" },
          entries: found.entries.map(\.location)))
      continue
    }
    guard entry.render else {
      unresolved.append(
        UnresolvedTerm(
          sentence: sentence.index, span: span, form: form, source: entry.source,
          candidates: [entry.target], entries: [entry.location], reason: .variable))
      continue
    }
    let previous = found.firstToken > 0 ? tokens[found.firstToken - 1].normalized : ""
    let head = tokens[found.termToken].normalized
    let properName =
      TranslateTermsStage.isProperNoun(entry.pos)
      || (entry.source.first?.isUppercase == true && entry.target.hasSuffix("s")
        && entry.pluralTarget.hasSuffix("ses"))
    let counted =
      found.firstToken > 0 && English.numberWords.contains(entry.target)
      && (tokens[found.firstToken - 1].kind == .number || frenchCardinals.contains(previous))
    let plural =
      !properName && !counted
      && (found.plural
        || (pluralDeterminers.contains(previous)
          && (head.hasSuffix("s") || head.hasSuffix("x") || head.hasSuffix("z")
            || tokens[found.termToken].text.allSatisfy { $0.isUppercase || $0.isNumber })))
    let termForm = sentence.text.scalarSlice(tokens[found.termToken].start..<end)
    let rendered =
      entry.keep
      ? form
      : (found.prefix ?? "")
        + english(
          for: entry, form: termForm, plural: plural,
          afterDeterminer: found.firstToken > 0
            && frenchDeterminers.contains(tokens[found.firstToken - 1].normalized))
    matches.append(
      TermMatch(
        sentence: sentence.index, span: span, form: form, source: entry.source,
        target: entry.keep
          ? form
          : TranslateTermsStage.carryCase(
            from: form, entry: entry.source, to: rendered,
            midSentence: {
              // The token before, past opening quotes and brackets: a word, number or comma.
              let before = tokens[..<found.firstToken].last {
                $0.kind != .punctuation
                  || !["«", "\"", "“", "‘", "'", "(", "[", "‹", "„"].contains($0.normalized)
              }
              return before.map { $0.kind != .punctuation || $0.normalized == "," } ?? false
            }(), properName: properName),
        entryTarget: entry.target, entryPlural: entry.pluralTarget, plural: plural,
        kept: entry.keep, domain: entry.domain, entry: entry.location))
  }
  return (found.map { $0.firstToken..<$0.endToken }, matches, unresolved)
}
