import PrecisCore

/// Finds glossary terms in sentences: leftmost-longest over word tokens, case-insensitive,
/// elided articles split off (`l'intelligence` → `intelligence`), regular French plurals
/// (`puces électroniques` → `puce électronique`, `journaux` → `journal`).
public struct TermMatcher: Sendable {
  let glossary: Glossary
  /// Entry indices by their first token, longest entries first.
  let index: [String: [Int]]

  /// Indexes `glossary` for matching.
  public init(glossary: Glossary) {
    self.glossary = glossary
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
    var best: Found?
    for (form, plural) in TermMatcher.forms(of: first.normalized) {
      for entryIndex in index[form] ?? [] {
        let entry = glossary.entries[entryIndex]
        if let best, best.endToken - best.firstToken >= entry.tokens.count { continue }
        guard position + entry.tokens.count <= tokens.count else { continue }
        var matched = true
        for offset in 1..<max(1, entry.tokens.count) {
          let token = tokens[position + offset]
          // Words of a multiword term must be adjacent (no sentence punctuation between).
          if token.start != tokens[position + offset - 1].end, token.kind == .punctuation {
            matched = false
            break
          }
          let wanted = entry.tokens[offset]
          if !TermMatcher.forms(of: token.normalized).contains(where: { $0.form == wanted }) {
            matched = false
            break
          }
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
