import Foundation
import PrecisCore
import Testing

@testable import PrecisRendering

/// `precis explain`'s rows, table and JSON, on a hand-built summarized document.
struct ExplainTests {
  /// A title, a debris line, two scored sentences (one chosen, one a near-duplicate) and one over
  /// budget, with accented text and glossary terms.
  static let document: Document = {
    let texts = [
      "Élections : la Sécurité sociale",
      "Publié le 3 mai",
      "Les puces électroniques coûtent\ncher : les puces manquent à l'économie.",
      "Les puces électroniques coûtent cher.",
      "Le gouvernement prévoit une réforme des retraites à l'automne prochain, selon le ministre.",
    ]
    var document = Document(source: "t.txt", text: texts.joined(separator: "\n\n"))
    var start = 0
    document.sentences = texts.enumerated().map { index, text in
      let length = text.unicodeScalars.count
      defer { start += length + 2 }
      return Sentence(
        index: index, span: Span(start: start, end: start + length), text: text, paragraph: index,
        terminated: text.hasSuffix("."), standalone: true)
    }
    document.title = 0
    let entry = SourceLocation(file: "fr-en.tsv", line: 2)
    document.terms = TermLayer(
      mode: .annotate,
      matches: [
        TermMatch(
          sentence: 0, span: Span(start: 16, end: 31), form: "Sécurité sociale", source: "sécurité sociale",
          target: "social security", entryTarget: "social security", plural: false, entry: entry),
        TermMatch(
          sentence: 2, span: Span(start: 54, end: 75), form: "puces électroniques",
          source: "puce électronique", target: "microchips", entryTarget: "microchip", plural: true,
          entry: entry),
        TermMatch(
          sentence: 2, span: Span(start: 87, end: 92), form: "puces", source: "puce", target: "chips",
          entryTarget: "chip", plural: true, entry: entry),
        TermMatch(
          sentence: 2, span: Span(start: 54, end: 75), form: "économie", source: "économie",
          target: "economy", entryTarget: "economy", plural: false, entry: entry),
        TermMatch(
          sentence: 3, span: Span(start: 120, end: 141), form: "puces électroniques",
          source: "puce électronique", target: "microchips", entryTarget: "microchip", plural: true,
          entry: entry),
        TermMatch(
          sentence: 3, span: Span(start: 120, end: 141), form: "puces électroniques",
          source: "puce électronique", target: "microchips", entryTarget: "microchip", plural: true,
          entry: entry),
      ],
      keyTerms: [])
    document.summary = SummaryLayer(
      budget: "1 sentence",
      scores: [
        SentenceScore(sentence: 0, total: 0, components: nil, rank: nil, chosen: false, reason: "title"),
        SentenceScore(
          sentence: 1, total: 0, components: nil, rank: nil, chosen: false,
          reason: "debris: publication date"),
        SentenceScore(
          sentence: 2, total: 0.6123,
          components: ScoreComponents(
            position: 1, centrality: 0.5, title: 0.25, keyTerms: 0.6667, length: 1),
          rank: 1, chosen: true, reason: "chosen"),
        SentenceScore(
          sentence: 3, total: 0.4,
          components: ScoreComponents(
            position: 0.75, centrality: 0.4, title: 0.2, keyTerms: 0.5, length: 0.8),
          rank: 2, chosen: false, reason: "near-duplicate of sentence 2"),
        SentenceScore(
          sentence: 4, total: 0.15,
          components: ScoreComponents(position: 0.5, centrality: 0.1, title: 0, keyTerms: 0, length: 1),
          rank: 3, chosen: false, reason: "over budget"),
      ], chosen: [2])
    return document
  }()

  // MARK: - Rows

  @Test("one row per sentence, numbered from 1, with the score's values")
  func rowValues() throws {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    #expect(rows.map(\.sentence) == [1, 2, 3, 4, 5])
    #expect(rows.map(\.rank) == [nil, nil, 1, 2, 3])
    #expect(rows.map(\.total) == [0, 0, 0.6123, 0.4, 0.15])
    #expect(rows.map(\.chosen) == [false, false, true, false, false])
    #expect(rows[0].components == nil)
    #expect(rows[2].components?.keyTerms == 0.6667)
    #expect(
      rows.map(\.reason) == [
        "title", "debris: publication date", "chosen", "near-duplicate of sentence 3", "over budget",
      ])
  }

  @Test("terms are source→target in text order, each pair once")
  func rowTerms() {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    #expect(rows[0].terms == ["sécurité sociale→social security"])
    #expect(rows[1].terms == [])
    #expect(rows[2].terms == ["puce électronique→microchips", "puce→chips", "économie→economy"])
    #expect(rows[3].terms == ["puce électronique→microchips"])
  }

  @Test("the text is whole, on one line")
  func rowText() {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    #expect(rows[2].text == "Les puces électroniques coûtent cher : les puces manquent à l'économie.")
  }

  @Test("tabs and every kind of line break become spaces; « guillemets » and no-break spaces stay")
  func flattenedText() {
    #expect(ExplainTable.flattened("«\u{A0}Oui\u{A0}», dit-il.") == "«\u{A0}Oui\u{A0}», dit-il.")
    #expect(
      ExplainTable.flattened("a\tb\nc\r\nd\u{85}e\u{2028}f\u{2029}g\u{0B}h\u{0C}i") == "a b c d e f g h i")
    #expect(ExplainTable.flattened("…\u{2026}\u{2027}") == "…\u{2026}\u{2027}")
  }

  @Test("numbers have three decimals, as the C library's %.3f writes them")
  func decimals() {
    for value in [0, 1, -0.0, 0.0005, 0.0015, 0.1234, 2.5e-4, -3.14159, 1e20, 0.3333333, .nan, .infinity] {
      #expect(ExplainTable.decimal(value) == String(format: "%.3f", value), "\(value)")
    }
    #expect(ExplainTable.decimal(nil) == "")
  }

  @Test("a text is cut only when it has more characters than the width")
  func cuts() {
    #expect(ExplainTable.cut("abc", to: 3) == "abc")
    #expect(ExplainTable.cut("abc", to: 5) == "abc")
    #expect(ExplainTable.cut("abcd", to: 3) == "ab…")
    #expect(ExplainTable.cut("ab cd", to: 4) == "ab…")
    #expect(ExplainTable.cut("e\u{301}e\u{301}e\u{301}", to: 3) == "e\u{301}e\u{301}e\u{301}")
    #expect(ExplainTable.cut("", to: 0) == "")
  }

  @Test("a document that was not summarized still gives one row per sentence")
  func withoutSummary() {
    var document = ExplainTests.document
    document.summary = nil
    document.terms = nil
    let rows = ExplainTable.rows(of: document)
    #expect(rows.count == 5)
    #expect(rows.allSatisfy { $0.rank == nil && $0.total == 0 && !$0.chosen && $0.reason.isEmpty })
    #expect(rows.allSatisfy { $0.terms.isEmpty && $0.components == nil })
  }

  @Test(
    "sentence numbers in reasons count from 1",
    arguments: [
      ("near-duplicate of sentence 2", "near-duplicate of sentence 3"),
      ("debris: pull quote (repeats sentence 25)", "debris: pull quote (repeats sentence 26)"),
      ("over budget", "over budget"),
      ("debris: sentence fragment", "debris: sentence fragment"),
      ("", ""),
    ])
  func reasonNumbers(_ reason: String, _ expected: String) {
    #expect(ExplainTable.oneBased(reason) == expected)
  }

  // MARK: - Table

  @Test("the table, exactly")
  func table() {
    let table = ExplainTable.text(ExplainTable.rows(of: ExplainTests.document))
    let expected = """
      #  rank  total  position  centrality  title  key terms  length  redundancy  chosen  reason                        \
      terms                                     text
      1        0.000                                                                      title                         \
      sécurité sociale→social security          Élections : la Sécurité sociale
      2        0.000                                                                      debris: publication date      \
                                                Publié le 3 mai
      3     1  0.612     1.000       0.500  0.250      0.667   1.000              ✓       chosen                        \
      puce électronique→microchips, puce→chip…  Les puces électroniques coûtent cher : les puces manquent à…
      4     2  0.400     0.750       0.400  0.200      0.500   0.800                      near-duplicate of sentence 3  \
      puce électronique→microchips              Les puces électroniques coûtent cher.
      5     3  0.150     0.500       0.100  0.000      0.000   1.000                      over budget                   \
                                                Le gouvernement prévoit une réforme des retraites à l'autom…

      """
    #expect(table == expected)
  }

  @Test("columns stay aligned with accented text: widths count Characters, not bytes")
  func alignment() {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    let lines = ExplainTable.text(rows).split(separator: "\n").map(String.init)
    #expect(lines.count == rows.count + 1)
    // Every cell starts where its header starts: the text column (after accented terms) too.
    let header = lines[0]
    // ("  terms": the column, not the end of "key terms".)
    for (name, offset) in [("reason", 0), ("  terms", 2), ("text", 0)] {
      let column =
        header.distance(from: header.startIndex, to: header.range(of: name)?.lowerBound ?? header.startIndex)
        + offset
      for (line, row) in zip(lines.dropFirst(), rows) {
        let cell: String
        switch name {
        case "reason": cell = row.reason
        case "  terms": cell = row.terms.first ?? ""
        default: cell = String(row.text.prefix(10))
        }
        guard !cell.isEmpty, let found = line.range(of: cell) else { continue }
        #expect(line.distance(from: line.startIndex, to: found.lowerBound) == column, "\(name): \(line)")
      }
    }
    // The accents are really there: in bytes, the lines with them would be misaligned.
    #expect(Set(lines.map { $0.utf8.count - $0.count }).count > 1)
  }

  @Test("the text is cut with … to fit the line width, never below the minimum")
  func fitsTheLine() {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    let wide = ExplainTable.text(rows, lineWidth: 182).split(separator: "\n")
    #expect(wide.allSatisfy { $0.count <= 182 })
    #expect(wide.contains { $0.hasSuffix("…") })
    let narrow = ExplainTable.text(rows, lineWidth: 10).split(separator: "\n")
    let duplicate = String(narrow[4])
    #expect(duplicate.hasSuffix("  Les puces électroni…"))
    let loose = ExplainTable.text(rows, lineWidth: 1000)
    #expect(loose.contains("à l'automne prochain, selon le ministre.\n"))
  }

  @Test("bold marks the chosen rows only, and only when asked")
  func bold() {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    let plain = ExplainTable.text(rows)
    #expect(!plain.contains("\u{1B}"))
    let lines = ExplainTable.text(rows, bold: true).split(separator: "\n")
    #expect(lines.map { $0.hasPrefix("\u{1B}[1m") } == [false, false, false, true, false, false])
    #expect(lines[3].hasSuffix("\u{1B}[0m"))
  }

  @Test("an empty document gives the header alone")
  func empty() {
    #expect(
      ExplainTable.text([])
        == "#  rank  total  position  centrality  title  key terms  length  redundancy  chosen  reason  terms  text\n"
    )
    #expect(ExplainTable.cut("abc", to: 1) == "…")
    #expect(ExplainTable.cut("abc", to: 0) == "")
  }

  // MARK: - JSON

  @Test("JSON: flat objects, every key present, null where the table is blank, numbers as numbers")
  func jsonFields() throws {
    let json = try ExplainTable.json(ExplainTable.rows(of: ExplainTests.document))
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    #expect(parsed.count == 5)
    let keys = [
      "centrality", "chosen", "keyTerms", "length", "position", "rank", "reason", "redundancy", "sentence",
      "terms", "text", "title", "total",
    ]
    #expect(parsed.allSatisfy { $0.keys.sorted() == keys })
    let title = parsed[0]
    #expect(title["rank"] is NSNull)
    #expect(title["position"] is NSNull)
    #expect(title["keyTerms"] is NSNull)
    #expect(title["sentence"] as? Int == 1)
    #expect(title["terms"] as? [String] == ["sécurité sociale→social security"])
    let chosen = parsed[2]
    #expect(chosen["rank"] as? Int == 1)
    #expect(chosen["total"] as? Double == 0.6123)
    #expect(chosen["keyTerms"] as? Double == 0.6667)
    #expect(chosen["chosen"] as? Bool == true)
    #expect(
      chosen["text"] as? String == "Les puces électroniques coûtent cher : les puces manquent à l'économie.")
    #expect(parsed[3]["reason"] as? String == "near-duplicate of sentence 3")
  }

  @Test("JSON is deterministic: sorted keys, the same bytes every time")
  func jsonDeterministic() throws {
    let rows = ExplainTable.rows(of: ExplainTests.document)
    let first = try ExplainTable.json(rows)
    #expect(try ExplainTable.json(rows) == first)
    #expect(try ExplainTable.json(ExplainTable.rows(of: ExplainTests.document)) == first)
    #expect(first.hasSuffix("]\n"))
    let firstObject = first.split(separator: "}").first.map(String.init) ?? ""
    let order = firstObject.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.drop { $0 == " " }
      guard trimmed.hasPrefix("\""), trimmed.contains("\" : ") else { return nil }
      return String(trimmed.dropFirst().prefix { $0 != "\"" })
    }
    #expect(order == order.sorted())
    #expect(order.count == 13)
    #expect(firstObject.contains("\"rank\" : null"))
  }
}
