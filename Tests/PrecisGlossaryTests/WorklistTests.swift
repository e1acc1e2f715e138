import PrecisCore
import Testing

@testable import PrecisGlossary

/// A worklist brought up to date with a new run's rows: what the translator wrote stays as it
/// was, a row still to do gets the run's note, and new rows come at the end.
@Suite("Worklist update")
struct WorklistTests {
  static let rows = [
    WorklistRow(source: "chèque énergie", isName: false, seen: "seen 9 times"),
    WorklistRow(source: "vélo", isName: false, seen: "seen 4 times", place: " in all", variants: ["vélos"]),
    WorklistRow(source: "bouclier tarifaire", isName: false, seen: "seen 3 times"),
    WorklistRow(source: "Lucien Dupontel", isName: true, seen: "seen 2 times"),
  ]

  /// The worklist `text` updated with `rows`.
  static func update(_ text: String, with rows: [WorklistRow] = rows) throws -> WorklistUpdate {
    try WorklistUpdate(updating: Array(text.utf8), path: "worklist.tsv", with: rows)
  }

  @Test func aRowIsWrittenInTheWorklistsColumns() {
    #expect(WorklistRow.header == "source\ttarget\tpos\tflags\tnote\n")
    #expect(WorklistTests.rows[0].line == "chèque énergie\t\t\ttodo\tseen 9 times\n")
    #expect(WorklistTests.rows[3].line == "Lucien Dupontel\t\tproper noun\tkeep\tseen 2 times\n")
  }

  @Test func withNoFileTheWorklistIsTheHeaderAndTheRows() throws {
    for data in [nil, [UInt8]()] {
      let merged = try WorklistUpdate(updating: data, path: "new.tsv", with: WorklistTests.rows)
      #expect(merged.text == WorklistRow.header + WorklistTests.rows.map(\.line).joined())
      #expect((merged.added, merged.refreshed, merged.previous) == (4, 0, 0))
    }
  }

  @Test func whatWasWrittenStaysAndRowsToDoGetTheRunsNote() throws {
    let merged = try WorklistTests.update(
      """
      # week 1, checked by A.
      source\ttarget\tpos\tflags\tnote
      bouclier tarifaire\tprice shield\tnoun\ttodo\tseen 5 times

      vélos\t\t\ttodo\tseen 2 times
      archives\t\t\ttodo\tseen 7 times
      Lucien Dupontel\t\tproper noun\tkeep\tseen 3 times

      """)
    #expect(
      merged.text == """
        # week 1, checked by A.
        source\ttarget\tpos\tflags\tnote
        bouclier tarifaire\tprice shield\tnoun\ttodo\tseen 5 times

        vélos\t\t\ttodo\tseen 4 times (also vélo) in all
        archives\t\t\ttodo\tseen 7 times
        Lucien Dupontel\t\tproper noun\tkeep\tseen 3 times
        chèque énergie\t\t\ttodo\tseen 9 times

        """)
    #expect((merged.added, merged.refreshed, merged.previous) == (1, 1, 4))
  }

  @Test func theNewRowsFollowTheFilesColumnsAndLineEnds() throws {
    // Columns in another order, one more, CRLF line ends, a byte order mark and no line feed
    // at the end: each line kept as it was, the new rows written the file's way.
    let merged = try WorklistTests.update(
      "\u{FEFF}flags\tsource\tnote\ttarget\treviewer\r\ntodo\tvélo\told\t\tA.\r\nkeep\tLe Monde\t\t\tB.",
      with: Array(WorklistTests.rows.prefix(2)) + [
        WorklistRow(source: "Le Monde", isName: true, seen: "again")
      ])
    #expect(
      merged.text
        == "\u{FEFF}flags\tsource\tnote\ttarget\treviewer\r\ntodo\tvélo\tseen 4 times (also vélos) in all\t\tA.\r\n"
        + "keep\tLe Monde\t\t\tB.\r\ntodo\tchèque énergie\tseen 9 times\t\t\r\n")
    #expect((merged.added, merged.refreshed, merged.previous) == (1, 1, 2))
  }

  @Test func aLineIsTheRowsWhoseSourceItIs() throws {
    // `vélos`, a form counted with `vélo` this time, is listed on its own too: the line `vélo`
    // stays `vélo`'s (a note the same as the run's is no change), and `vélos` gets a row. So
    // updating the result again finds the same lines.
    let file = "source\ttarget\tflags\tnote\nvélo\t\ttodo\tseen 4 times (also vélos)\n"
    let rows = [
      WorklistRow(source: "vélos", isName: false, seen: "seen once", variants: ["vélo"]),
      WorklistRow(source: "vélo", isName: false, seen: "seen 4 times (also vélos)"),
    ]
    let merged = try WorklistTests.update(file, with: rows)
    #expect(merged.text == file + "vélos\t\ttodo\tseen once (also vélo)\n")
    #expect((merged.added, merged.refreshed) == (1, 0))
    let again = try WorklistTests.update(merged.text, with: rows)
    #expect(again.text == merged.text && again.added == 0 && again.refreshed == 0)
  }

  @Test func aWorklistOfCommentsOnlyGetsTheHeader() throws {
    let merged = try WorklistTests.update("# to fill in\n", with: [WorklistTests.rows[0]])
    #expect(merged.text == "# to fill in\n" + WorklistRow.header + WorklistTests.rows[0].line)
  }

  @Test func theUpdatedWorklistLoadsAsAGlossary() throws {
    let merged = try WorklistTests.update(
      "source\ttarget\tpos\tflags\tnote\nvélo\tbicycle\tnoun\ttodo\tseen once\narchives\t\t\ttodo\t\n")
    let glossary = try Fixture.glossary(merged.text)
    #expect(glossary.entries.map(\.source) == ["vélo", "Lucien Dupontel"])
  }

  @Test func aFileThatIsNoWorklistIsRefusedWithItsPlace() throws {
    let noFlags = #expect(throws: LexiconError.self) {
      try WorklistTests.update("# glossary\nsource\ttarget\tnote\nvélo\tbicycle\t\n")
    }
    #expect(noFlags?.diagnostic.location == SourceLocation(file: "worklist.tsv", line: 2, column: 1))
    #expect(
      noFlags?.diagnostic.message
        == "the worklist's header has no column 'flags' (columns: source, target, note)")
    let csv = #expect(throws: LexiconError.self) { try WorklistTests.update("source,target,flags\n") }
    #expect(csv?.diagnostic.message.contains("no column 'source', 'target' or 'flags'") == true)
    let latin1 = #expect(throws: LexiconError.self) {
      try WorklistUpdate(
        updating: Array("source\ttarget\tflags\nv".utf8) + [0xE9, 0x6C, 0x6F], path: "worklist.tsv", with: [])
    }
    #expect(latin1?.diagnostic.location == SourceLocation(file: "worklist.tsv", line: 2, column: 2))
  }
}
