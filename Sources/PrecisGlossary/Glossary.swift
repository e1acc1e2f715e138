import PrecisCore

/// One glossary entry: a French term and its English rendering.
public struct GlossaryEntry: Sendable, Equatable {
  /// The source term as written in the glossary (`puce électronique`).
  public var source: String
  /// The English singular (`microchip`).
  public var target: String
  /// The English plural, when the glossary gives it (`software|software`) or rules make it.
  public var pluralTarget: String
  /// The glossary's note, if any.
  public var note: String?
  /// The glossary file and line.
  public var location: SourceLocation
  /// The source's tokens, normalized (lowercase, straight apostrophes).
  public var tokens: [String]
}

/// A FR→EN glossary read from a TSV file: a header row naming the `source`, `target` and
/// optional `note` columns, then one entry per line; `#` comments and blank lines ignored.
/// A target may give its plural after a bar: `logiciel<TAB>software|software`.
public struct Glossary: Sendable {
  /// Entries in file order; an entry whose source repeats an earlier one is dropped.
  public private(set) var entries: [GlossaryEntry] = []

  /// Reads the glossary at `path`, tokenizing sources with `tokenizer`.
  public init(path: String, tokenizer: WordTokenizer.Worker) throws {
    let lines = try LexiconFile.lines(at: path)
    guard let header = lines.first else {
      throw LexiconError(
        "the glossary is empty", at: SourceLocation(file: path, line: 1),
        notes: ["start it with the header row 'source<TAB>target<TAB>note'"])
    }
    let names = header.fields.map { $0.lowercased() }
    guard let sourceColumn = names.firstIndex(of: "source"),
      let targetColumn = names.firstIndex(of: "target")
    else {
      throw LexiconError(
        "the first row must be a header naming the 'source' and 'target' columns",
        at: header.location, notes: ["write 'source<TAB>target<TAB>note' as the first line"])
    }
    let noteColumn = names.firstIndex(of: "note")
    var seen: Set<String> = []
    for line in lines.dropFirst() {
      let fields = line.fields
      guard fields.count > max(sourceColumn, targetColumn) else {
        throw LexiconError(
          "expected \(names.count) tab-separated columns, found \(fields.count)", at: line.location,
          notes: ["separate source and target with a TAB character, not spaces"])
      }
      let source = fields[sourceColumn]
      let target = fields[targetColumn]
      guard !source.isEmpty, !target.isEmpty else {
        throw LexiconError(
          "empty \(source.isEmpty ? "source" : "target")", at: line.location,
          notes: ["every entry needs both a French source and an English target"])
      }
      let tokens = try tokenizer.tokens(in: source).map(\.normalized)
      guard !tokens.isEmpty else {
        throw LexiconError("source '\(source)' has no words", at: line.location)
      }
      let key = tokens.joined(separator: " ")
      if seen.contains(key) { continue }
      seen.insert(key)
      let parts = target.split(separator: "|", maxSplits: 1).map {
        String($0).trimmingCharacters(in: " ")
      }
      let singular = parts[0]
      let plural = parts.count > 1 && !parts[1].isEmpty ? parts[1] : English.plural(of: singular)
      var note: String?
      if let noteColumn, noteColumn < fields.count, !fields[noteColumn].isEmpty {
        note = fields[noteColumn]
      }
      entries.append(
        GlossaryEntry(
          source: source, target: singular, pluralTarget: plural, note: note,
          location: line.location, tokens: tokens))
    }
  }

  /// Several glossaries in priority order: an entry of an earlier one hides the same source in
  /// later ones.
  public init(merging glossaries: [Glossary]) {
    var seen: Set<[String]> = []
    for glossary in glossaries {
      for entry in glossary.entries where !seen.contains(entry.tokens) {
        seen.insert(entry.tokens)
        entries.append(entry)
      }
    }
  }
}

extension String {
  fileprivate func trimmingCharacters(in character: Character) -> String {
    var text = Substring(self)
    while text.first == character { text = text.dropFirst() }
    while text.last == character { text = text.dropLast() }
    return String(text)
  }
}

/// English number and case rules for rendered targets.
public enum English {
  /// The regular plural of a term's last word: `chip` → `chips`, `policy` → `policies`,
  /// `tax` → `taxes`. Irregular plurals belong in the glossary (`man|men`).
  public static func plural(of term: String) -> String {
    guard let lastSpace = term.lastIndex(of: " ") else { return pluralWord(term) }
    let head = term[...lastSpace]
    return head + pluralWord(String(term[term.index(after: lastSpace)...]))
  }

  static func pluralWord(_ word: String) -> String {
    guard let last = word.last else { return word }
    if word.count > 1, word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return word + "s" }
    let lower = word.lowercased()
    if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("z") || lower.hasSuffix("ch")
      || lower.hasSuffix("sh")
    {
      return word + "es"
    }
    if last == "y", word.count > 1 {
      let before = lower[lower.index(lower.endIndex, offsetBy: -2)]
      if !"aeiou".contains(before) { return String(word.dropLast()) + "ies" }
    }
    return word + "s"
  }
}
