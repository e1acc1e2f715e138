import Foundation
import PrecisTestSupport
import Testing

/// Bad input ends in a clear message and exit status, never a trap or a hang.
struct BadInputTests {
  /// An article given as bytes on standard input: the exit status and a part of the message.
  @Test(
    arguments: [
      ("empty", [UInt8](), 0, ""),
      ("whitespace only", Array("  \n\n \t ".utf8), 0, ""),
      ("UTF-16 with a byte order mark", [0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00], 1, "the text is UTF-16"),
      ("binary", [0x00, 0x8A, 0xFF, 0x13, 0x00, 0xC3], 1, "invalid UTF-8 at byte 1"),
      ("NUL and control bytes", Array("Le\u{0}chat\u{7} dort.\u{1B}[0m Fin.".utf8), 0, ""),
      ("right-to-left and emoji", Array("שלום עולם. مرحبا بالعالم. Hello 👨‍👩‍👧 world.".utf8), 0, ""),
      ("10,000 nested brackets", Array((String(repeating: "(«", count: 10_000) + "x").utf8), 0, ""),
    ] as [(String, [UInt8], Int32, String)])
  func articles(_ name: String, _ bytes: [UInt8], _ status: Int32, _ message: String) throws {
    let result = try PrecisProcess.run(["translate-and-summarize", "-"], stdin: Data(bytes))
    #expect(result.status == status, "\(name): \(result.stderr)")
    if !message.isEmpty { #expect(result.stderr.contains(message), "\(name): \(result.stderr)") }
  }

  /// A pipeline file: the exit status 2 and a part of the message.
  @Test(arguments: [
    ("empty", "", "the pipeline file is empty"),
    ("not a mapping", "- a\n- b\n", "must be a mapping"),
    ("duplicate keys", "version: 1\nversion: 1\nstages: []\n", "duplicate key 'version'"),
    (
      "an alias bomb",
      "version: 1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nstages:\n  - type: normalize\n",
      "unknown key 'a'"
    ),
    (
      "10,000 levels of nesting", "version: 1\nx: " + String(repeating: "[", count: 10_000) + "\n",
      "invalid YAML"
    ),
    (
      "a version from the future", "version: 99\nstages:\n  - type: normalize\n",
      "unsupported pipeline version 99"
    ),
    (
      "10,000 stages", "version: 1\nstages:\n" + String(repeating: "  - type: normalize\n", count: 10_000),
      "… and 9979 more"
    ),
  ])
  func pipelines(_ name: String, _ yaml: String, _ message: String) throws {
    let path = try TemporaryFile.write(yaml, named: "pipeline.yaml")
    let result = try PrecisProcess.run(["validate", path])
    #expect(result.status == 2, "\(name): \(result.stderr)")
    #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
  }

  @Test func aPipelinePathThatIsAFolder() throws {
    let result = try PrecisProcess.run(["validate", FileManager.default.temporaryDirectory.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("it is a directory"))
  }

  /// A glossary file in a pipeline: the exit status 2 and a part of the message.
  @Test(arguments: [
    (
      "glossary.csv", "source,target\n\"chat,cat\nchien,dog\n",
      "glossary.csv:2:1: error: a quoted field opened here is never closed"
    ),
    ("glossary.tbx", "not xml at all", "invalid TBX: not well-formed XML"),
    ("glossary.tsv", "source\ttarget\n\tcat\n", "glossary.tsv:2: error: empty source"),
    ("glossary.tsv", "foo\tbar\nchat\tcat\n", "naming the 'source' and 'target' columns (found: foo, bar)"),
    ("glossary.tsv", "source\ttarget\nchat cat\n", "glossary.tsv:2: error: expected 2 tab-separated columns"),
  ])
  func glossaries(_ name: String, _ contents: String, _ message: String) throws {
    let glossary = try TemporaryFile.write(contents, named: name)
    let pipeline = try BadInputTests.pipeline(glossary: glossary)
    let result = try PrecisProcess.run(["run", "-", "--pipeline", pipeline], stdin: Data("Le chat.".utf8))
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  /// A pipeline through translate-terms with `glossary`, in a temporary folder.
  static func pipeline(glossary: String) throws -> String {
    try TemporaryFile.write(
      """
      version: 1
      stages:
        - type: normalize
        - type: segment
          abbreviations: \(Golden.packageRoot)/lexicons/fr/abbreviations.txt
          function-words: \(Golden.packageRoot)/lexicons/fr/function-words.txt
        - type: translate-terms
          glossary: \(glossary)
          stopwords: \(Golden.packageRoot)/lexicons/fr/stopwords.txt
      """, named: "pipeline.yaml")
  }

  @Test func aTBXExternalEntityIsNeverResolved() throws {
    let secret = try TemporaryFile.write("TOP-SECRET-CONTENT", named: "secret.txt")
    let glossary = try TemporaryFile.write(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE martif [<!ENTITY x SYSTEM "file://\(secret)">]>
      <martif type="TBX-Basic"><text><body>
      <termEntry><langSet xml:lang="fr"><tig><term>chat</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>&x;</term></tig></langSet></termEntry>
      </body></text></martif>
      """, named: "xxe.tbx")
    let pipeline = try BadInputTests.pipeline(glossary: glossary)
    let result = try PrecisProcess.run(
      ["run", "-", "--pipeline", pipeline], stdin: Data("Le chat dort.".utf8))
    #expect(!result.stdout.contains("TOP-SECRET"))
    #expect(!result.stderr.contains("TOP-SECRET"))
  }

  @Test func aTraceFolderThatCannotBeWritten() throws {
    let file = try TemporaryFile.write("x", named: "not-a-folder")
    let result = try PrecisProcess.run([
      "run", CommandTests.seed, "--until", "normalize", "--trace", file + "/trace",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot write '\(file)/trace/01-normalize.json'"))
  }
}
