import PrecisCore

/// Finds glossary terms in sentences: leftmost-longest over word tokens, case-insensitive,
/// elided articles split off (`l'intelligence` → `intelligence`), regular French plurals
/// (`puces électroniques` → `puce électronique`, `journaux` → `journal`).
public struct TermMatcher: Sendable {
  let glossary: Glossary
  /// Entry indices by their first token, longest entries first.
  let index: [String: [Int]]
  /// Words after which a one-word term is read as a verb and not matched (`qui président`,
  /// `ils sanctionnent`): subject pronouns, `qui`, `ne`.
  let verbCues: Set<String>
  /// Words that end the head of a multiword term (`taux` in `taux d'intérêt`): the number of
  /// the term is read from the words before them.
  let headBreakers: Set<String>

  /// French subject pronouns and particles that come right before a verb.
  public static let frenchVerbCues: Set<String> = [
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "qui", "ne", "n'", "se",
    "s'",
  ]
  /// French prepositions that end the head of a noun phrase.
  public static let frenchHeadBreakers: Set<String> = [
    "de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "sur", "par", "contre", "avec", "sans",
  ]

  /// Indexes `glossary` for matching; `verbCues` and `headBreakers` are language rules.
  public init(glossary: Glossary, verbCues: Set<String> = [], headBreakers: Set<String> = []) {
    self.glossary = glossary
    self.verbCues = verbCues
    self.headBreakers = headBreakers
    var index: [String: [Int]] = [:]
    for (position, entry) in glossary.entries.enumerated() {
      index[entry.tokens[0], default: []].append(position)
    }
    for key in index.keys {
      index[key]?.sort { glossary.entries[$0].tokens.count > glossary.entries[$1].tokens.count }
    }
    self.index = index
  }

  /// A term found in a token sequence.
  public struct Found: Sendable, Equatable {
    /// The entry.
    public var entry: GlossaryEntry
    /// The first token matched.
    public var firstToken: Int
    /// One past the last token matched.
    public var endToken: Int
    /// Whether the first word was matched through its plural.
    public var plural: Bool
  }

  /// Every term in `tokens`, leftmost-longest, without overlaps.
  ///
  /// - Complexity: O(*n* × *k*) for *n* tokens and *k* entries sharing a first word.
  public func matches(in tokens: [Token]) -> [Found] {
    var found: [Found] = []
    var position = 0
    while position < tokens.count {
      if let match = longestMatch(at: position, in: tokens) {
        found.append(match)
        position = match.endToken
      } else {
        position += 1
      }
    }
    return found
  }

  func longestMatch(at position: Int, in tokens: [Token]) -> Found? {
    let first = tokens[position]
    guard first.kind != .punctuation, !first.isElision else { return nil }
    let afterVerbCue = position > 0 && verbCues.contains(tokens[position - 1].normalized)
    var best: Found?
    for (form, firstIsPlural) in TermMatcher.forms(of: first.normalized) {
      for entryIndex in index[form] ?? [] {
        let entry = glossary.entries[entryIndex]
        if let best, best.endToken - best.firstToken >= entry.tokens.count { continue }
        guard position + entry.tokens.count <= tokens.count else { continue }
        if entry.tokens.count == 1, afterVerbCue { continue }
        var matched = true
        var inHead = true
        var plural = firstIsPlural
        for offset in 1..<max(1, entry.tokens.count) {
          let token = tokens[position + offset]
          // Words of a multiword term must be adjacent (no sentence punctuation between).
          if token.start != tokens[position + offset - 1].end, token.kind == .punctuation {
            matched = false
            break
          }
          let wanted = entry.tokens[offset]
          if headBreakers.contains(wanted) { inHead = false }
          guard let reading = TermMatcher.forms(of: token.normalized).first(where: { $0.form == wanted })
          else {
            matched = false
            break
          }
          if inHead && reading.plural { plural = true }
        }
        if matched {
          best = Found(
            entry: entry, firstToken: position, endToken: position + entry.tokens.count,
            plural: plural)
        }
      }
    }
    return best
  }

  /// The forms under which a text word may appear in the glossary: itself, then its regular
  /// French singulars (`puces` → `puce`, `journaux` → `journal`), flagged as plural.
  static func forms(of word: String) -> [(form: String, plural: Bool)] {
    var result: [(form: String, plural: Bool)] = [(word, false)]
    let count = word.unicodeScalars.count
    guard count > 3 else { return result }
    if word.hasSuffix("aux") {
      result.append((String(word.dropLast(3)) + "al", true))
    }
    if word.hasSuffix("s") || word.hasSuffix("x") {
      result.append((String(word.dropLast()), true))
    }
    return result
  }
}
