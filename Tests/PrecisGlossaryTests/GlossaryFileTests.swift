import Foundation
import PrecisCore
import Testing

@testable import PrecisGlossary

@Suite("Glossary files")
struct GlossaryFileTests {
  @Test("entries keep file order, targets, plurals, notes and lines")
  func readsEntries() throws {
    let glossary = try Fixture.glossary()
    #expect(glossary.entries.map(\.source).prefix(3) == ["intelligence artificielle", "intelligence", "IA"])
    let chip = try #require(glossary.entries.first { $0.source == "puce électronique" })
    #expect(chip.target == "electronic chip")
    #expect(chip.pluralTarget == "electronic chips")
    #expect(chip.note == "semiconductor context")
    #expect(chip.tokens == ["puce", "électronique"])
    // Line 1 is the header, line 2 a comment: `puce électronique` is on line 7.
    #expect(chip.location.line == 7)
    let software = try #require(glossary.entries.first { $0.source == "logiciel" })
    #expect(software.target == "software")
    #expect(software.pluralTarget == "software")
    #expect(software.note == nil)
    let ia = try #require(glossary.entries.first { $0.source == "IA" })
    #expect(ia.tokens == ["ia"])
  }

  @Test("columns are found by the header's names, in any order")
  func headerOrder() throws {
    let glossary = try Fixture.glossary("note\ttarget\tsource\nmot courant\tchip\tpuce\n")
    #expect(glossary.entries.count == 1)
    #expect(glossary.entries[0].source == "puce")
    #expect(glossary.entries[0].target == "chip")
    #expect(glossary.entries[0].note == "mot courant")
  }

  /// The `LexiconError` thrown when reading `contents`, with the file it was written to.
  func error(reading contents: String) throws -> (error: LexiconError, path: String) {
    let path = try Fixture.file(contents)
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    return (error, path)
  }

  @Test("a missing header is reported at line 1, naming the source and target columns")
  func missingHeader() throws {
    let (error, path) = try error(reading: "intelligence artificielle\tartificial intelligence\n")
    #expect(error.diagnostic.location?.file == path)
    #expect(error.diagnostic.location?.line == 1)
    #expect(error.diagnostic.message.contains("'source'"))
    #expect(error.diagnostic.message.contains("'target'"))
    #expect(error.kind == .configuration)
  }

  @Test("an empty glossary is reported at line 1")
  func emptyGlossary() throws {
    let (error, path) = try error(reading: "# nothing yet\n\n")
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 1))
    #expect(error.diagnostic.message.contains("empty"))
  }

  @Test("a row without a TAB is reported at its own line, comments and blanks counted")
  func rowWithoutTab() throws {
    let contents = """
      source\ttarget
      # comment
      puce\tchip

      # another comment
      intelligence artificielle    artificial intelligence
      journal\tnewspaper

      """
    let (error, path) = try error(reading: contents)
    // The caret goes under the run of spaces that stands for the TAB.
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 6, column: 26))
    #expect(error.diagnostic.sourceLine == "intelligence artificielle    artificial intelligence")
    #expect(error.diagnostic.message.contains("tab-separated"))
    #expect(error.diagnostic.notes.contains { $0.contains("TAB") })
  }

  @Test("an empty target is reported at its column, the row printed")
  func emptyTarget() throws {
    let (error, path) = try error(reading: "source\ttarget\npuce\tchip\njournal\t  \n")
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 3, column: 9))
    #expect(error.diagnostic.sourceLine == "journal\t  ")
    #expect(error.diagnostic.message == "empty target")
  }

  @Test("an empty source is reported at its column, the row printed")
  func emptySource() throws {
    let (error, path) = try error(reading: "source\ttarget\n\tchip\n")
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 2, column: 1))
    #expect(error.diagnostic.sourceLine == "\tchip")
    #expect(error.diagnostic.message == "empty source")
  }

  @Test("a source without words is reported at its first visible character")
  func sourceWithoutWords() throws {
    let (error, path) = try error(reading: "target\tsource\ndots\t  ...\n")
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 2, column: 8))
    #expect(error.diagnostic.message == "source '...' has no words")
  }

  @Test("a header that names no source is shown with the error")
  func headerShown() throws {
    let (error, path) = try error(reading: "\u{FEFF}fr\ten\nchat\tcat\n")
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 1, column: 1))
    #expect(error.diagnostic.sourceLine == "fr\ten")
  }

  @Test(
    "a header that another format's delimiter would split says which format to name",
    arguments: [
      (
        "terms.csv", "source\ttarget\nchat\tcat\n",
        "tabs: name the file .tsv, or give 'format: tsv' beside its path"
      ),
      (
        "terms.tsv", "source,target\nchat,cat\n",
        "commas: name the file .csv, or give 'format: csv' beside its path"
      ),
      (
        "terms.tsv", "source;target\nchat;cat\n",
        "semicolons: name the file .csv, or give 'format: csv' beside its path"
      ),
      ("terms.tsv", "fr\ten\nchat\tcat\n", nil),
    ] as [(String, String, String?)])
  func headerInAnotherFormat(_ name: String, _ contents: String, _ hint: String?) throws {
    let path = try Fixture.file(contents, named: name)
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    let notes = error.diagnostic.notes
    #expect(notes.count == (hint == nil ? 1 : 2), "\(notes)")
    if let hint { #expect(notes.last == "the header separates its columns with " + hint) }
    // Named in that format, the file reads.
    if let hint {
      let format = hint.contains(".tsv") ? "tsv" : "csv"
      let glossary = try Glossary(
        file: SourceFile(path: path, settings: ["format": format]), sourceLanguage: "fr",
        targetLanguage: "en",
        tokenizer: Fixture.worker())
      #expect(glossary.entries.map(\.target) == ["cat"])
    }
  }

  @Test("a glossary that is not UTF-8 is reported at the invalid byte's line and column")
  func notUTF8() throws {
    let path = try Fixture.file("")
    try Data(Array("source\ttarget\nchéri\tdarling\nch".utf8) + [0xE9] + Array("ri\tdear\n".utf8)).write(
      to: URL(fileURLWithPath: path))
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    #expect(error.diagnostic.location == SourceLocation(file: path, line: 3, column: 3))
    #expect(error.diagnostic.sourceLine == "ch\u{FFFD}ri\tdear")
    #expect(error.diagnostic.message.contains("offset 31"))
  }

  @Test("a CSV row with too few fields is shown, the caret past its end; not one that runs on")
  func shortCSVRow() throws {
    let short = try #require(throws: LexiconError.self) {
      try Glossary(
        path: Fixture.file("source,target\nchat,cat\nchien\n", named: "g.csv"), tokenizer: Fixture.worker())
    }
    #expect(short.diagnostic.location?.line == 3)
    #expect(short.diagnostic.location?.column == 6)
    #expect(short.diagnostic.sourceLine == "chien")
    // The record's second line is where a field would be: only the line is named.
    let runsOn = try #require(throws: LexiconError.self) {
      try Glossary(
        path: Fixture.file("source,target\n\"chien\nnoir\"\n", named: "g.csv"), tokenizer: Fixture.worker())
    }
    #expect(runsOn.diagnostic.location?.line == 2)
    #expect(runsOn.diagnostic.location?.column == nil)
    #expect(runsOn.diagnostic.sourceLine == nil)
  }

  /// The column an error gives a field is where the reader found that field, for every field
  /// of rows written in the ways owners write them.
  @Test(
    arguments: [
      ("\"chien, noir\" , ,x", ","), ("a,\"b \"\"c\"\"\",d", ","), ("écran 5\", pouces,screen", ","),
      ("écran, \"5,5\",x", ","), (" été ,  summer,", ","), ("été\t  summer \t\tnote", "\t"),
      ("\"x\"\t\"y\"", "\t"), ("écran 5,5 pouces; \"a;b\" ;;x", ";"), ("\"chien; noir\";, ;dog", ";"),
    ] as [(String, Unicode.Scalar)])
  func errorColumnsAreTheReadersFields(_ line: String, _ delimiter: Unicode.Scalar) throws {
    let records =
      delimiter == "\t"
      ? DelimitedGlossary.tsvRecords(line) : DelimitedGlossary.csvRecords(line, delimiter: delimiter)
    let fields = try #require(records.first?.fields)
    for (index, field) in fields.enumerated() {
      let column = try #require(DelimitedGlossary.column(ofField: index, in: line, delimiter: delimiter))
      let rest = String(String.UnicodeScalarView(line.unicodeScalars.dropFirst(column - 1)))
      let value = field.trimmingSpaces()
      #expect(
        value.isEmpty || rest.hasPrefix(value) || rest.hasPrefix("\"" + value.prefix(1)),
        "field \(index) '\(field)' at column \(column) of '\(line)'")
    }
  }

  /// A CSV field's column as the reader reads the row: a quoted field's opening quote, a quote
  /// that is not a field's first character quoting nothing; a missing field past the end of the
  /// line, or nowhere when a quoted field runs on past it.
  @Test(
    arguments: [
      ("\"chat, noir\" , ,x", 1, 15),
      ("\"chat, noir\",cat", 0, 1),
      ("\"a \"\"b\"\", c\",d", 1, 14),
      ("chat", 1, 5),
      ("écran 5\", pouces,screen,x", 2, 18),
      ("écran, \"5,5\",x", 2, 11),
    ])
  func csvFieldColumns(_ line: String, _ field: Int, _ column: Int) {
    #expect(DelimitedGlossary.column(ofField: field, in: line, delimiter: ",") == column)
    // The same row with its commas and semicolons swapped reads the same with the semicolon.
    let semicolons = String(line.map { $0 == "," ? ";" : $0 == ";" ? "," : $0 })
    #expect(DelimitedGlossary.column(ofField: field, in: semicolons, delimiter: ";") == column)
  }

  @Test func aCSVFieldPastAQuoteThatRunsOnHasNoColumn() {
    #expect(DelimitedGlossary.column(ofField: 1, in: "\"chat", delimiter: ",") == nil)
    #expect(DelimitedGlossary.column(ofField: 0, in: "\"chat", delimiter: ",") == 1)
  }

  @Test(
    "a quote never closed is found where it opens, in scalars",
    arguments: [
      ("a,b\n\"c\nd", 2, 1), ("a,b\nété,\"x", 2, 5), ("\"a\"\"\nb", 1, 1), ("a\"b,\"c", 1, 5),
    ])
  func unterminatedQuotes(_ text: String, _ line: Int, _ column: Int) throws {
    let found = try #require(DelimitedGlossary.unterminatedQuote(in: text))
    #expect(found.line == line && found.column == column)
  }

  @Test func closedQuotesAreNotUnterminated() {
    for text in ["a,\"b\"", "\"a\nb\",c", "a\"b,c", "\"\"\"\"", ""] {
      #expect(DelimitedGlossary.unterminatedQuote(in: text) == nil, "\(text)")
    }
  }

  @Test("a missing glossary file names the file")
  func missingFile() throws {
    let path = "/nonexistent-\(UInt64.random(in: 0...UInt64.max))/glossary.tsv"
    let error = try #require(throws: LexiconError.self) {
      try Glossary(path: path, tokenizer: Fixture.worker())
    }
    #expect(error.diagnostic.location?.file == path)
  }

  @Test("a repeated source (in any case) keeps the first entry")
  func duplicateKeepsFirst() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\npuce\tchip\nPuce\tmicrochip\npuce  \tflea\njournal\tnewspaper\n")
    #expect(glossary.entries.map(\.source) == ["puce", "journal"])
    #expect(glossary.entries[0].target == "chip")
    #expect(glossary.entries[0].location.line == 2)
  }

  @Test("merging gives priority to the first glossary")
  func mergingPriority() throws {
    let first = try Fixture.glossary("source\ttarget\npuce\tchip\nIA\tAI\n")
    let second = try Fixture.glossary(
      "source\ttarget\njournal\tnewspaper\nPuce\tmicrochip\nia\tartificial intelligence\n")
    let merged = Glossary(merging: [first, second])
    #expect(merged.entries.map(\.target) == ["chip", "AI", "newspaper"])
    #expect(merged.entries[0].location == first.entries[0].location)
    let reversed = Glossary(merging: [second, first])
    #expect(reversed.entries.map(\.target) == ["newspaper", "microchip", "artificial intelligence"])
  }

  @Test(
    "English plurals of a term's head noun",
    arguments: [
      ("chip", "chips"), ("policy", "policies"), ("tax", "taxes"), ("supply chain", "supply chains"),
      ("electronic chip", "electronic chips"), ("day", "days"), ("bus", "buses"),
      ("search", "searches"), ("wish", "wishes"), ("monetary policy", "monetary policies"),
      ("AI", "AIs"), ("GPU", "GPUs"),
      // A complement follows the head noun, which takes the plural.
      ("place of worship", "places of worship"), ("sphere of influence", "spheres of influence"),
      ("minister for relations with parliament", "ministers for relations with parliament"),
      ("crime against humanity", "crimes against humanity"), ("right to strike", "rights to strike"),
      ("café of the year", "cafés of the year"), ("policy  of  openness", "policies  of  openness"),
      // A preposition that opens or ends the term heads nothing.
      ("in vitro test", "in vitro tests"), ("stand-in", "stand-ins"), ("drop in", "drop ins"),
    ])
  func englishPlural(singular: String, plural: String) {
    #expect(English.plural(of: singular) == plural)
  }

  @Test("the plural read from an ASCII term's bytes is the one read by characters")
  func asciiPluralAgreesWithCharacters() {
    // Every ending the rule tells apart, in three cases, one word and after others.
    let words = [
      "", "a", "y", "s", "ay", "by", "boy", "city", "CITY", "Chinese", "chinese", "French", "French2",
      "Swiss", "swiss", "British", "bus", "BUS", "box", "quiz", "church", "CHURCH", "Church", "wish",
      "x1", "G7", "AI", "Ai", "A", "7", "key", "Sky", "SkY", "kiss", "ese", "Ese", "Ch", "CH", "ch",
      "tech", "Tech", "3D",
    ]
    var terms: [String] = []
    for word in words {
      terms += [word, "electronic " + word, "two  " + word, word + " ", " " + word, "X " + word]
    }
    for term in terms {
      #expect(
        English.asciiPlural(of: term) == (term.isEmpty ? nil : English.characterPlural(of: term)), "\(term)")
    }
    #expect(English.asciiPlural(of: "société") == nil)
    #expect(English.plural(of: "café society") == "café societies")
  }

  @Test("a target without a written plural gets the English rule; a written one wins")
  func pluralTargets() throws {
    let glossary = try Fixture.glossary(
      "source\ttarget\npolitique\tpolicy\ntaxe\ttax\nchaîne d'approvisionnement\tsupply chain\n"
        + "homme\tman|men\nlogiciel\tsoftware | software\n")
    #expect(
      glossary.entries.map(\.pluralTarget) == ["policies", "taxes", "supply chains", "men", "software"])
    #expect(glossary.entries.map(\.target).last == "software")
  }
}
