import PrecisCore

/// The context words of a glossary's entries (`GlossaryEntry.context`), ready to be looked for
/// near a match: an entry with such words is rendered where one of them is written in the
/// match's sentence, the `before` sentences before it or the `after` sentence after it
/// (`républicain → Republican` near `Trump`, `Sénat` or `américain`), and its term's other
/// entries are rendered elsewhere.
///
/// A context word is read as the term's words are: in any case, hyphens between its words
/// read as spaces (`Maison-Blanche`), and a lowercase word in its plural and feminine forms
/// too (`américain` matches `américaines`).
final class ContextCues: Sendable {
  /// How many sentences before a match's, and after it, are read for context words, lines
  /// without a final stop left uncounted (at most ten a side are read). (Chosen
  /// on `républicain`'s 81 lowercase uses in the 1,500 OrangeSum articles, 38 of which name
  /// the US party: its own sentence alone found 23 of them, three before and one after 36, and
  /// chose *Republican* for one of the 43 others.)
  static let before = 3
  static let after = 1

  /// A context word: as the glossary lists it, and the forms each of its words may take.
  struct Cue: Sendable {
    var written: String
    var words: [[String]]
  }

  /// The context words of each entry that has some, by the entry's index in its matcher, and
  /// the forms their first words may take.
  private let cues: [Int: (cues: [Cue], firstForms: Set<String>)]

  /// The context words of `matcher`'s entries, tokenized by `worker` as terms are.
  init(matcher: TermMatcher, worker: WordTokenizer.Worker) throws {
    var cues: [Int: (cues: [Cue], firstForms: Set<String>)] = [:]
    // (The terms' plain choices tell which have context words: a million-row glossary's terms
    // are not copied one by one at each start.)
    for (term, choice) in matcher.choices.enumerated() where choice.cued {
      for entry in matcher.terms[term].cued where cues[entry] == nil {
        let listed = try matcher.entries[entry].context.map { written in
          let tokens = try worker.tokens(in: written)
          let words = tokens.indices.filter { tokens[$0].kind != .punctuation }.map { position in
            let word = tokens.normalized(at: position)
            let role: Inflection.Role = tokens.text(at: position) == word ? .adjective : .fixed
            return Inflection.forms(of: word, role: role, language: matcher.language).map(\.form)
          }
          return Cue(written: written, words: words)
        }.filter { !$0.words.isEmpty }
        cues[entry] = (listed, Set(listed.flatMap { $0.words[0] }))
      }
    }
    self.cues = cues
  }

  /// The first of `entries` one of whose context words is in one of `sentences` (positions in
  /// the document, nearest first), whose tokens `tokens` gives: the entry, the word as listed
  /// and the sentence's position.
  func firstCued(
    _ entries: ArraySlice<Int>, in sentences: [Int], tokens: (Int) -> TokenList?
  ) -> (entry: Int, cue: ContextCue)? {
    var read: [Int: [String]] = [:]
    for entry in entries {
      guard let (cues, firstForms) = cues[entry] else { continue }
      for sentence in sentences {
        let words = read[sentence] ?? tokens(sentence).map(ContextCues.words(of:)) ?? []
        read[sentence] = words
        for start in words.indices where firstForms.contains(words[start]) {
          if let cue = cues.first(where: { ContextCues.contains($0, in: words, at: start) }) {
            return (entry, ContextCue(word: cue.written, sentence: sentence))
          }
        }
      }
    }
    return nil
  }

  /// The sentences read for a match in sentence `position` of `sentences`: its own, then the
  /// `before` ones before it, nearest first, then the `after` ones after it. Lines without a
  /// final stop (headings, datelines: `International`, `Mis à jour le…`) are read but not
  /// counted, so that a title's context is the article's first sentence.
  static func window(around position: Int, in sentences: [Sentence]) -> [Int] {
    var window = [position]
    /// Appends `others` in order until `wanted` of them end with a stop.
    func take(_ others: some Sequence<Int>, _ wanted: Int) {
      var counted = 0
      for other in others where counted < wanted {
        window.append(other)
        if sentences[other].terminated { counted += 1 }
      }
    }
    take(stride(from: position - 1, through: max(0, position - 10), by: -1), before)
    take((position + 1)..<min(sentences.count, position + 11), after)
    return window
  }

  /// The normalized words and numbers of `tokens`, without punctuation or hyphens.
  static func words(of tokens: TokenList) -> [String] {
    tokens.indices.filter { tokens[$0].kind != .punctuation }.map(tokens.normalized(at:))
  }

  /// Whether the words of `cue` follow one another in `words` from `start`.
  static func contains(_ cue: Cue, in words: [String], at start: Int) -> Bool {
    guard words.count - start >= cue.words.count else { return false }
    return cue.words.indices.allSatisfy { cue.words[$0].contains(words[start + $0]) }
  }
}
