/// What changed between two runs of the pipeline on the same article, layer by layer: the
/// sentences split or merged, the terms added or lost, the scores that moved, the summary.
public enum DocumentDiff {
  /// The differences as readable lines; empty when the documents agree on every layer.
  ///
  /// - Complexity: O(*n* log *n*) in the number of sentences and terms.
  public static func lines(from a: Document, to b: Document) -> [String] {
    var lines: [String] = []
    if a.text != b.text {
      lines.append(
        "text: differs (\(a.text?.unicodeScalars.count ?? 0) → \(b.text?.unicodeScalars.count ?? 0) scalars); "
          + "spans below are not comparable")
    }
    lines += sentences(a.sentences ?? [], b.sentences ?? [])
    lines += terms(a.terms?.matches ?? [], b.terms?.matches ?? [])
    lines += scores(a.summary, b.summary, sentences: b.sentences ?? [])
    if a.output?.content != b.output?.content, a.output != nil || b.output != nil {
      lines.append("output: differs")
    }
    return lines
  }

  static func describe(_ sentence: Sentence) -> String {
    let text = sentence.text.count > 70 ? String(sentence.text.prefix(69)) + "…" : sentence.text
    return "[\(sentence.span.start)–\(sentence.span.end)] \(text)"
  }

  static func sentences(_ a: [Sentence], _ b: [Sentence]) -> [String] {
    let spansA = Set(a.map(\.span))
    let spansB = Set(b.map(\.span))
    let lost = a.filter { !spansB.contains($0.span) }
    let added = b.filter { !spansA.contains($0.span) }
    guard !lost.isEmpty || !added.isEmpty else { return [] }
    let endsA = Set(a.map(\.span.end))
    let endsB = Set(b.map(\.span.end))
    let splits = endsB.subtracting(endsA).count
    let merges = endsA.subtracting(endsB).count
    var lines = ["sentences: \(a.count) → \(b.count) (\(splits) new boundaries, \(merges) boundaries gone)"]
    lines += lost.map { "  - " + describe($0) }
    lines += added.map { "  + " + describe($0) }
    return lines
  }

  static func terms(_ a: [TermMatch], _ b: [TermMatch]) -> [String] {
    struct Key: Hashable {
      var span: Span
      var source: String
    }
    let byKeyA = Dictionary(
      a.map { (Key(span: $0.span, source: $0.source), $0) }, uniquingKeysWith: { x, _ in x })
    let byKeyB = Dictionary(
      b.map { (Key(span: $0.span, source: $0.source), $0) }, uniquingKeysWith: { x, _ in x })
    var lines: [String] = []
    for match in a where byKeyB[Key(span: match.span, source: match.source)] == nil {
      lines.append("  - \(match.form) → \(match.target) (sentence \(match.sentence + 1))")
    }
    for match in b {
      let key = Key(span: match.span, source: match.source)
      if let before = byKeyA[key] {
        if before.target != match.target {
          lines.append(
            "  ~ \(match.form): \(before.target) → \(match.target) (sentence \(match.sentence + 1))")
        }
      } else {
        lines.append("  + \(match.form) → \(match.target) (sentence \(match.sentence + 1))")
      }
    }
    return lines.isEmpty ? [] : ["terms: \(a.count) → \(b.count)"] + lines
  }

  static func scores(_ a: SummaryLayer?, _ b: SummaryLayer?, sentences: [Sentence]) -> [String] {
    guard let a, let b else {
      return a == nil && b == nil ? [] : ["summary: only in \(a == nil ? "the second" : "the first") run"]
    }
    var lines: [String] = []
    if a.chosen != b.chosen {
      lines.append(
        "summary: sentences \(a.chosen.map { String($0 + 1) }.joined(separator: ", ")) → "
          + "\(b.chosen.map { String($0 + 1) }.joined(separator: ", "))")
    }
    let before = Dictionary(a.scores.map { ($0.sentence, $0) }, uniquingKeysWith: { x, _ in x })
    var moved: [String] = []
    for row in b.scores {
      guard let old = before[row.sentence], old.rank != row.rank || old.total != row.total else { continue }
      let rank = "\(old.rank.map(String.init) ?? "–") → \(row.rank.map(String.init) ?? "–")"
      moved.append("  sentence \(row.sentence + 1): rank \(rank), total \(old.total) → \(row.total)")
    }
    if !moved.isEmpty { lines += ["scores: \(moved.count) moved"] + moved }
    return lines
  }
}
