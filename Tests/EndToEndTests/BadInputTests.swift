import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

/// Bad input ends in a clear message and exit status, never a trap or a hang.
struct BadInputTests {
  /// The three cases with tens of megabytes of input take minutes under a sanitizer;
  /// `scripts/sanitize` sets `PRECIS_SKIP_SLOW` to leave them to the plain test run.
  static let runSlowCases = ProcessInfo.processInfo.environment["PRECIS_SKIP_SLOW"] == nil

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
      ("10,000 straight quotes", Array((String(repeating: "\"", count: 10_000) + " Fin.").utf8), 0, ""),
      (
        "invalid UTF-8 inside a word", Array("Le caf".utf8) + [0xE9] + Array(" est chaud.".utf8), 1,
        "invalid UTF-8 at byte 6 (0xE9)"
      ),
      (
        "UTF-8 cut in the middle of a character", Array("Un été".utf8).dropLast(), 1,
        "invalid UTF-8 at byte 6"
      ),
      (
        "a UTF-16 surrogate written in UTF-8", Array("Un ".utf8) + [0xED, 0xA0, 0x80], 1,
        "invalid UTF-8 at byte 3"
      ),
      ("UTF-16 big-endian with a byte order mark", [0xFE, 0xFF, 0x00, 0x48], 1, "the text is UTF-16"),
      ("a UTF-8 byte order mark", [0xEF, 0xBB, 0xBF] + Array("Le chat dort.".utf8), 0, ""),
      ("an HTML page", Array("<!DOCTYPE html>\n<html><body><p>Le chat dort.</p></body></html>".utf8), 0, ""),
      (
        "an HTML page of scripts alone", Array("<!DOCTYPE html>\n<html><body><script>app()</script>".utf8), 0,
        "-:1: warning: the HTML page has no text outside its scripts, styles, forms and menus"
      ),
      (
        "an HTML page in windows-1252 that does not say so",
        Array("<!DOCTYPE html>\n<html><body><p>Le caf".utf8) + [0xE9, 0x2E], 0,
        "-:1: warning: the HTML page is not UTF-8 and declares no encoding: it was read as windows-1252"
      ),
      (
        "HTML tags and character references in the text",
        Array("<p>Le chat dort.</p><p>Il fait&nbsp;beau.</p>".utf8), 0,
        "-:1:1: warning: the input holds HTML markup ('<p>' and 4 more tags or character references)"
      ),
      ("punctuation only", Array(String(repeating: "?!.…«»", count: 10_000).utf8), 0, ""),
      (
        "10,000 combining accents on one letter",
        Array(("e" + String(repeating: "\u{301}", count: 10_000) + ".").utf8),
        0, ""
      ),
      ("a 1 MB word", Array(String(repeating: "a", count: 1 << 20).utf8), 0, ""),
      ("carriage returns only", Array("Un.\rDeux.\r\rTrois.\r".utf8), 0, ""),
      ("Chinese without spaces", Array(String(repeating: "中国经济增长放缓。", count: 2_000).utf8), 0, ""),
      // U+FFFF, U+FDD0 (noncharacters), U+E000 (private use), U+10FFFF.
      (
        "noncharacters and private use",
        Array("A".utf8) + [0xEF, 0xBF, 0xBF, 0xEF, 0xB7, 0x90, 0xEE, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF]
          + Array(" b.".utf8), 0, ""
      ),
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

  @Test(arguments: [
    (
      "unknown stage type", "version: 1\nstages:\n  - type: nosuch\n",
      "3:11: error: unknown stage type 'nosuch'"
    ),
    (
      "an option of the wrong type", "version: 1\nstages:\n  - type: normalize\n    wrap-ratio: lots\n",
      "4:17: error: option 'wrap-ratio' of stage 'normalize' expects"
    ),
    (
      "a tab for indentation", "version: 1\nstages:\n\t- type: normalize\n",
      "3:1: error: invalid YAML: found character that cannot start any token"
    ),
    ("no stages", "version: 1\nstages: []\n", "2:9: error: 'stages' must be a non-empty list of stages"),
  ])
  func morePipelines(_ name: String, _ yaml: String, _ message: String) throws {
    try pipelines(name, yaml, message)
  }

  @Test func aPipelinePathThatIsAFolder() throws {
    let result = try PrecisProcess.run(["validate", FileManager.default.temporaryDirectory.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("it is a directory"))
  }

  @Test func pipelineFilesThatCannotBeRead() throws {
    let missing = try PrecisProcess.run(["validate", "/no/such/pipeline.yaml"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read pipeline file '/no/such/pipeline.yaml': no such file"))
    // A file every read of which fails, even for root.
    let unreadable = try PrecisProcess.run(["validate", "/proc/self/mem"])
    #expect(unreadable.status == 2)
    #expect(unreadable.stderr.contains("cannot read pipeline file '/proc/self/mem'"))
    let utf16 = try TemporaryFile.write("", named: "pipeline.yaml")
    try Data([0xFF, 0xFE, 0x76, 0x00]).write(to: URL(fileURLWithPath: utf16))
    let notText = try PrecisProcess.run(["validate", utf16])
    #expect(notText.status == 2)
    #expect(notText.stderr.contains("is not UTF-8 text"))
  }

  @Test(.enabled(if: getuid() != 0, "root reads any file")) func aPipelineFileWithoutReadPermission() throws {
    let path = try TemporaryFile.write("version: 1\nstages:\n  - type: normalize\n", named: "pipeline.yaml")
    chmod(path, 0)
    let result = try PrecisProcess.run(["validate", path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("cannot read pipeline file"))
  }

  /// A glossary file in a pipeline: the exit status 2 and a part of the message.
  @Test(arguments: [
    (
      "glossary.csv", "source,target\n\"chat,cat\nchien,dog\n",
      "glossary.csv:2:1: error: a quoted field opened here is never closed\n  \"chat,cat\n  ^\n"
    ),
    (
      "glossary.csv", "source,target\nchien,dog\nété,\"summer\nhiver,winter\n",
      "glossary.csv:3:5: error: a quoted field opened here is never closed\n  été,\"summer\n      ^\n"
    ),
    ("glossary.tbx", "not xml at all", "invalid TBX: not well-formed XML"),
    ("glossary.tsv", "source\ttarget\n\tcat\n", "glossary.tsv:2:1: error: empty source\n      cat\n  ^\n"),
    ("glossary.tsv", "foo\tbar\nchat\tcat\n", "naming the 'source' and 'target' columns (found: foo, bar)"),
    (
      "glossary.tsv", "source\ttarget\nchat cat\n",
      "glossary.tsv:2:5: error: expected 2 tab-separated columns, found 1\n  chat cat\n      ^"
    ),
  ])
  func glossaries(_ name: String, _ contents: String, _ message: String) throws {
    let glossary = try TemporaryFile.write(contents, named: name)
    let pipeline = try BadInputTests.pipeline(glossary: glossary)
    let result = try PrecisProcess.run(["run", "-", "--pipeline", pipeline], stdin: Data("Le chat.".utf8))
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  /// A pipeline through translate-terms with `glossary` (through segment without one), in a
  /// temporary folder.
  static func pipeline(glossary: String?) throws -> String {
    let terms =
      glossary.map {
        """

          - type: translate-terms
            glossary: \($0)
            stopwords: \(Golden.packageRoot)/lexicons/fr/stopwords.txt
        """
      } ?? ""
    return try TemporaryFile.write(
      """
      version: 1
      stages:
        - type: normalize
        - type: segment
          abbreviations: \(Golden.packageRoot)/lexicons/fr/abbreviations.txt
          function-words: \(Golden.packageRoot)/lexicons/fr/function-words.txt
      """ + terms, named: "pipeline.yaml")
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
    // A file named as the folder is said to be one (Foundation had said a file of the same
    // name already existed).
    let named = try PrecisProcess.run(["run", CommandTests.seed, "--until", "normalize", "--trace", file])
    #expect(named.status == 1)
    #expect(named.stderr.contains("cannot write '\(file)/01-normalize.json': '\(file)' is not a folder"))
  }

  @Test func lossyReplacesWhatIsNotUTF8AndCountsIt() throws {
    let bytes =
      Array("Le caf".utf8) + [0xE9] + Array(" est chaud. Il fait beau ".utf8) + [0xFF, 0xFE]
      + Array(" ici.".utf8)
    let result = try PrecisProcess.run(["translate-and-summarize", "--lossy", "-"], stdin: Data(bytes))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains("warning: replaced 3 invalid UTF-8 sequences with U+FFFD (the first at byte 6)"))
    #expect(result.stdout.contains("Le caf\u{FFFD} est chaud."))
    let strict = try PrecisProcess.run(["translate-and-summarize", "-"], stdin: Data(bytes))
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("or pass --lossy"))
  }

  /// Very large inputs through normalization and segmentation (the stages that see raw text):
  /// they finish, with the right sentence count, in bounded memory.
  @Test(.enabled(if: BadInputTests.runSlowCases, "PRECIS_SKIP_SLOW is set"))
  func aFiftyMegabyteLineWithoutPunctuation() throws {
    let word = Array("mot ".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(50_000_000)
    while bytes.count < 50_000_000 - word.count { bytes += word }
    let result = try PrecisProcess.run(["segment", "-"], stdin: Data(bytes))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 1)
  }

  @Test(.enabled(if: BadInputTests.runSlowCases, "PRECIS_SKIP_SLOW is set"))
  func aMillionOneWordSentences() throws {
    let text = String(repeating: "Mot. ", count: 1_000_000)
    let result = try PrecisProcess.run(["segment", "-"], stdin: Data(text.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 1_000_000)
  }

  /// The whole pipeline on large inputs of the same shapes.
  @Test(arguments: [
    ("a 1 MB line without punctuation", String(repeating: "économie mondiale ", count: 58_000)),
    ("10,000 one-word sentences", String(repeating: "Mot. ", count: 10_000)),
  ])
  func largeArticles(_ name: String, _ text: String) throws {
    let result = try PrecisProcess.run(["translate-and-summarize", "-"], stdin: Data(text.utf8))
    #expect(result.status == 0, "\(name): \(result.stderr)")
    #expect(result.stdout.contains("Summary ("), "\(name)")
  }

  /// A glossary whose source is listed twice: a warning naming both lines, and the run goes on.
  @Test func conflictingGlossaryEntriesAreAWarning() throws {
    let glossary = try TemporaryFile.write("source\ttarget\nchat\tcat\nchat\tkitty\n", named: "glossary.tsv")
    let pipeline = try BadInputTests.pipeline(glossary: glossary)
    let result = try PrecisProcess.run(["run", "-", "--pipeline", pipeline], stdin: Data("Le chat.".utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains(
        "glossary.tsv:3: warning: 'chat' is listed twice with different targets: 'cat' at \(glossary):2"))
  }

  @Test func aBinaryGlossaryIsNotUTF8() throws {
    let glossary = try TemporaryFile.write("", named: "glossary.csv")
    try Data([0x73, 0x6F, 0x75, 0x72, 0x63, 0x65, 0x0A, 0xFF, 0x00, 0xC3]).write(
      to: URL(fileURLWithPath: glossary))
    let pipeline = try BadInputTests.pipeline(glossary: glossary)
    let result = try PrecisProcess.run(["run", "-", "--pipeline", pipeline], stdin: Data("Le chat.".utf8))
    #expect(result.status == 2)
    #expect(result.stderr.contains("glossary is not UTF-8 (invalid byte at offset 7)"))
  }

  /// A glossary of a million rows loads and is used (its time and memory are measured in a
  /// release build by `scripts/bench-glossary`, not here).
  @Test(.enabled(if: BadInputTests.runSlowCases, "PRECIS_SKIP_SLOW is set")) func aGlossaryOfAMillionRows()
    throws
  {
    var rows = "source\ttarget\n"
    rows.reserveCapacity(40_000_000)
    for number in 0..<1_000_000 { rows += "terme\(number) rare\tterm\(number) rare\n" }
    let glossary = try TemporaryFile.write(rows, named: "glossary.tsv")
    let pipeline = try BadInputTests.pipeline(glossary: glossary)
    let result = try PrecisProcess.run(
      ["run", "-", "--pipeline", pipeline], stdin: Data("Le terme999999 rare arrive.".utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"target\" : \"term999999 rare\""))
  }

  /// `--output`: a missing folder, a folder nobody may write (even root: /proc), a folder as the
  /// path; a failed run leaves an existing file as it was.
  @Test func outputPathsThatCannotBeWritten() throws {
    let seed = CommandTests.seed
    let missing = try PrecisProcess.run(["translate-and-summarize", seed, "-o", "/no/such/folder/brief.txt"])
    #expect(missing.status == 1)
    #expect(
      missing.stderr.contains(
        "cannot write '/no/such/folder/brief.txt': the folder '/no/such/folder' does not exist"))
    let readOnly = try PrecisProcess.run(["translate-and-summarize", seed, "-o", "/proc/brief.txt"])
    #expect(readOnly.status == 1)
    #expect(readOnly.stderr.contains("cannot write '/proc/brief.txt': the folder '/proc' is not writable"))
    let folder = FileManager.default.temporaryDirectory.path
    let directory = try PrecisProcess.run(["translate-and-summarize", seed, "-o", folder])
    #expect(directory.status == 1)
    #expect(directory.stderr.contains("it is a directory"))
  }

  @Test func aFailedRunLeavesTheOutputFileAsItWas() throws {
    let path = try TemporaryFile.write("the previous brief\n", named: "brief.txt")
    let failed = try PrecisProcess.run(
      ["translate-and-summarize", "-", "-o", path], stdin: Data([0x41, 0xFF]))
    #expect(failed.status == 1)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "the previous brief\n")
    let folder = FilePath.directory(of: path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["brief.txt"])
    let written = try PrecisProcess.run(["translate-and-summarize", CommandTests.seed, "-o", path])
    #expect(written.status == 0)
    #expect(written.stdout.isEmpty)
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Summary (3 of"))
  }

  /// `--output` naming a pipe is written through it, never replaced by a file renamed over it
  /// (as root, `--output /dev/null` had replaced the device with a file); a symbolic link stays
  /// a link and the file it names gets the output.
  @Test func outputThroughAPipeOrALink() throws {
    let folder = try TemporaryFile.folder("output")
    let fifo = folder + "/brief.fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    // The read end, opened first without waiting for a writer; the output fits in the pipe's
    // buffer, so the run ends before it is read. (Had the pipe been replaced, this end would
    // read nothing, never hang.)
    let end = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(end >= 0)
    defer { close(end) }
    let input = Data("{\"id\": \"a\", \"text\": \"Le chat dort. Le chien aboie.\"}\n".utf8)
    let expected = try PrecisProcess.run(["batch", "-"], stdin: input)
    let piped = try PrecisProcess.run(["batch", "-", "--output", fifo], stdin: input)
    #expect(piped.status == 0, "\(piped.stderr)")
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(end, &buffer, buffer.count)
      guard count > 0 else { break }
      received += buffer[..<count]
    }
    #expect(String(decoding: received, as: UTF8.self) == expected.stdout)
    #expect(!expected.stdout.isEmpty)
    var status = stat()
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the pipe was replaced")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["brief.fifo"])

    let file = try TemporaryFile.write("the previous brief\n", named: "brief.txt")
    let link = folder + "/brief-link.txt"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
    let linked = try PrecisProcess.run(["translate-and-summarize", CommandTests.seed, "-o", link])
    #expect(linked.status == 0, "\(linked.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == file)
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("Summary (3 of"))
  }

  /// A compressed or UTF-16 input is refused with the pipe that reads it, by batch (whose lines
  /// would have been hundreds of error records, or an extra record made of a UTF-16 line feed's
  /// second byte) and by the article commands (whose note said to convert with `iconv`).
  @Test(
    arguments: [
      ("gzip", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00], "gunzip -c"),
      ("zstd", [0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x58], "zstd -dc"),
      (
        "UTF-16",
        [0xFF, 0xFE] + Array(#"{"text": "a"}"#.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        "iconv -f UTF-16 -t UTF-8"
      ),
    ] as [(String, [UInt8], String)])
  func compressedAndUTF16InputsSayHowToReadThem(_ format: String, _ bytes: [UInt8], _ fix: String) throws {
    for command in ["batch", "translate-and-summarize"] {
      let result = try PrecisProcess.run([command, "-"], stdin: Data(bytes + Array("\n\n".utf8)))
      #expect(result.status == 1, "\(command), \(format): \(result.stderr)")
      #expect(result.stderr.contains(format == "UTF-16" ? "the text is UTF-16" : "\(format)-compressed"))
      #expect(
        result.stderr.contains(
          "note: \(format == "UTF-16" ? "convert" : "decompress") it first: \(fix) FILE | precis \(command)"),
        "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  /// A batch line that is not UTF-8 is one error record with its line number; the run goes on.
  /// A corpus or an article that opens but cannot be read (a directory; a file whose every read
  /// fails) is an input error naming it, not a crash (FileHandle's readers stopped the process).
  @Test func aBatchCorpusThatCannotBeRead() throws {
    let folder = FileManager.default.temporaryDirectory.path
    let result = try PrecisProcess.run(["batch", folder])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot read '\(folder)': Is a directory"))
    #expect(result.stdout.isEmpty)
    let unreadable = try PrecisProcess.run(["batch", "/proc/self/mem"])
    #expect(unreadable.status == 1)
    #expect(unreadable.stderr.contains("cannot read '/proc/self/mem'"))
    // A directory as standard input, for batch and for one article.
    for arguments in [["batch", "-"], ["translate-and-summarize"]] {
      let handle = try #require(FileHandle(forReadingAtPath: folder))
      defer { try? handle.close() }
      let result = try PrecisProcess.run(arguments, standardInput: handle)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.stderr.contains("cannot read '-': Is a directory"), "\(arguments): \(result.stderr)")
    }
  }

  /// Standard streams that start closed are kept from the files Precis opens itself: a closed
  /// standard output is a write error that says so (it had been written into whatever file took
  /// its number), a closed standard input reads as empty.
  @Test func closedStandardStreams() throws {
    let executable = try #require(PrecisProcess.executable)
    let seed = Golden.packageRoot + "/seeds/000_57ec98a38cfd9253.txt"
    func shell(_ command: String) throws -> (status: Int32, stderr: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", command, "sh", executable, seed]
      process.currentDirectoryURL = URL(fileURLWithPath: Golden.packageRoot)
      let errors = Pipe()
      process.standardError = errors
      try process.run()
      let data = errors.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
    let closedOutput = try shell(#"exec "$1" translate-and-summarize "$2" >&-"#)
    #expect(closedOutput.status == 1)
    #expect(
      closedOutput.stderr.contains("cannot write 'standard output': Bad file descriptor"), "\(closedOutput)")
    let closedInput = try shell(#"exec "$1" batch - <&- >/dev/null"#)
    #expect(closedInput.status == 0)
    #expect(closedInput.stderr.contains("precis batch: 0 records, 0 failed"), "\(closedInput)")
  }

  /// Runs the shell `command` on a new pseudo-terminal (util-linux's `script`, which copies
  /// what the terminal shows to its own standard output; -e gives back the command's exit
  /// status), in the package root: its status and what it showed. `nil` where there is no
  /// `script` or no pseudo-terminal can be opened (a sandbox without /dev/pts).
  static func onTerminal(_ command: String) throws -> (status: Int32, output: String)? {
    let script = "/usr/bin/script"
    guard FileManager.default.isExecutableFile(atPath: script) else { return nil }
    func run(_ command: String) throws -> (status: Int32, output: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: script)
      process.arguments = ["-qec", command, "/dev/null"]
      process.currentDirectoryURL = URL(fileURLWithPath: Golden.packageRoot)
      process.standardInput = FileHandle.nullDevice
      let output = Pipe()
      process.standardOutput = output
      process.standardError = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
    guard try run("true").status == 0 else { return nil }
    return try run(command)
  }

  /// Diagnostics on a terminal are coloured unless `NO_COLOR` is set to something (an empty
  /// `NO_COLOR` does not count: no-color.org) or `TERM` is `dumb` (which had been sent colour
  /// codes).
  @Test(arguments: [("", true), ("NO_COLOR=1", false), ("NO_COLOR=", true), ("TERM=dumb", false)])
  func coloursFollowTheEnvironment(_ setting: String, _ coloured: Bool) throws {
    let executable = try #require(PrecisProcess.executable)
    // (`env -u` clears what the test runner may have set.)
    let command = "env -u NO_COLOR TERM=xterm \(setting) '\(executable)' segment /no/such/article.txt"
    guard let (status, shown) = try Self.onTerminal(command) else { return }
    #expect(status == 1)
    #expect(shown.contains("cannot read '/no/such/article.txt'"), "\(shown)")
    #expect(shown.contains("\u{1B}[") == coloured, "\(shown)")
  }

  /// With no file and a terminal as standard input, every command that reads says so and
  /// exits 1, instead of waiting for text typed in (a pseudo-terminal from util-linux's
  /// `script`; skipped where there is none).
  @Test(arguments: ["batch", "translate-and-summarize", "segment"])
  func terminalStandardInputIsRefused(_ command: String) throws {
    let executable = try #require(PrecisProcess.executable)
    guard let (status, text) = try Self.onTerminal("'\(executable)' \(command)") else { return }
    #expect(status == 1, "\(text)")
    #expect(text.contains("no input: standard input is a terminal"), "\(text)")
    #expect(text.contains("precis \(command) <"), "\(text)")
  }

  #if os(Linux)
    /// A batch stopped by a signal while writing `--output` leaves neither the output nor its
    /// hidden partial file (an interrupted run had left `.….precis-partial`, as large as what it
    /// had written), and dies of that signal, as it would have without the cleanup. (Started with
    /// `posix_spawn` and no signal blocked: the test runner's threads block these signals, and a
    /// child started by `Process` inherits that.)
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func anInterruptedBatchLeavesNoPartialFile(_ signal: Int32) throws {
      let executable = try #require(PrecisProcess.executable)
      let folder = try TemporaryFile.folder("interrupted")
      let article = try String(
        contentsOfFile: Golden.packageRoot + "/seeds/000_57ec98a38cfd9253.txt", encoding: .utf8)
      let quoted = String(decoding: try JSONSerialization.data(withJSONObject: [article]), as: UTF8.self)
      // Enough records to take seconds: the signal comes once the partial file is there.
      let corpus = (0..<4000).map { #"{"id": \#($0), "text": \#(quoted.dropFirst().dropLast())}"# }
      let input = folder + "/corpus.jsonl"
      try corpus.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
      let output = folder + "/briefs.jsonl"
      func partialFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".precis-partial") }
      }
      // With --terms, two partial files are open at once: neither is left.
      let terms = folder + "/terms.tsv"
      let process = try SpawnedProcess([
        executable, "batch", input, "--output", output, "--terms", terms,
      ])
      let deadline = Date().addingTimeInterval(20)
      while try partialFiles().count < 2, process.isRunning, Date() < deadline { usleep(2_000) }
      #expect(process.isRunning, "the batch ended before it could be interrupted")
      kill(process.pid, signal)
      #expect(process.wait() == .signaled(signal))
      #expect(try partialFiles().isEmpty)
      #expect(!FileManager.default.fileExists(atPath: output))
      #expect(!FileManager.default.fileExists(atPath: terms))
    }

    /// A signal ignored when the batch starts (`nohup` ignores SIGHUP) stays ignored: the run
    /// goes on and puts its output in place.
    @Test func aSignalIgnoredAtStartStaysIgnored() throws {
      let executable = try #require(PrecisProcess.executable)
      let nohup = "/usr/bin/nohup"
      guard FileManager.default.isExecutableFile(atPath: nohup) else { return }
      let folder = try TemporaryFile.folder("nohup")
      let corpus = (0..<300).map {
        #"{"id": \#($0), "text": "Le ministre a présenté le rapport \#($0) à Paris."}"#
      }
      let input = folder + "/corpus.jsonl"
      try corpus.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
      let output = folder + "/briefs.jsonl"
      let process = try SpawnedProcess([nohup, executable, "batch", input, "--output", output])
      let deadline = Date().addingTimeInterval(20)
      func partialFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".precis-partial") }
      }
      while try partialFiles().isEmpty, process.isRunning, Date() < deadline { usleep(1_000) }
      kill(process.pid, SIGHUP)
      #expect(process.wait() == .exited(0))
      let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
      #expect(lines.count == 300)
    }
  #endif

  /// An article named by a path that is no regular file is read to its end, as standard input
  /// is: a shell's process substitution (`<(command)`, a pipe at `/dev/fd/63`) and `/dev/null`
  /// had been refused as "permission denied or unreadable".
  @Test func anArticleFromAPipeOrADevice() throws {
    let executable = try #require(PrecisProcess.executable)
    let seed = Golden.packageRoot + "/seeds/000_57ec98a38cfd9253.txt"
    let direct = try PrecisProcess.run(["segment", seed])
    #expect(direct.status == 0 && !direct.stdout.isEmpty)
    if FileManager.default.isExecutableFile(atPath: "/bin/bash") {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = ["-c", #"exec "$1" segment <(cat "$2")"#, "bash", executable, seed]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      #expect(String(decoding: data, as: UTF8.self) == direct.stdout)
    }
    let empty = try PrecisProcess.run(["translate-and-summarize", "/dev/null"])
    #expect(empty.status == 0, "\(empty.stderr)")
    #expect(empty.stdout.hasPrefix("Summary (0 of 0 sentences)"))
  }

  @Test func aBatchLineThatIsNotUTF8() throws {
    let input =
      Data("{\"id\": \"a\", \"text\": \"Le chat dort.\"}\n".utf8) + Data([0x7B, 0xFF, 0x7D, 0x0A])
      + Data("{\"id\": \"c\", \"text\": \"Le chien aboie.\"}\n".utf8)
    let result = try PrecisProcess.run(["batch", "-"], stdin: input)
    #expect(result.status == 1)
    #expect(result.stderr.contains("precis batch: 3 records, 1 failed"))
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[1].contains("\"line\":2"))
    // With --lossy a Latin-1 byte in a record's text is read as U+FFFD, and the record's result
    // and the closing summary say so.
    let latin1 =
      Data("{\"id\": \"a\", \"text\": \"Le caf".utf8) + Data([0xE9]) + Data(" est chaud.\"}\n".utf8)
      + Data("{\"id\": \"c\", \"text\": \"Le chien aboie.\"}\n".utf8)
    let lossy = try PrecisProcess.run(["batch", "-", "--lossy"], stdin: latin1)
    #expect(lossy.status == 0, "\(lossy.stderr)")
    #expect(lossy.stderr.contains("precis batch: 2 records, 0 failed, 1 with warnings"), "\(lossy.stderr)")
    let repaired = lossy.stdout.split(separator: "\n")
    #expect(repaired.count == 2 && repaired[0].contains(#""warnings":["replaced 1 invalid UTF-8 sequence"#))
  }
}

/// The same input and pipeline give byte-identical output, run after run and for any `--jobs`.
struct DeterminismTests {
  /// Every French fixture as one JSON Lines corpus.
  static func corpus() throws -> Data {
    let root = Golden.packageRoot + "/fixtures"
    var lines = ""
    for name in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
      guard FileManager.default.fileExists(atPath: "\(root)/\(name)/input.txt"),
        !FileManager.default.fileExists(atPath: "\(root)/\(name)/pipeline.yaml")
      else { continue }
      let text = try String(contentsOfFile: "\(root)/\(name)/input.txt", encoding: .utf8)
      let record = try JSONSerialization.data(
        withJSONObject: ["id": name, "text": text], options: [.sortedKeys])
      lines += String(decoding: record, as: UTF8.self) + "\n"
    }
    return Data(lines.utf8)
  }

  @Test func fixturesGiveTheSameBytesForAnyJobsAndEveryRun() throws {
    let input = try DeterminismTests.corpus()
    #expect(input.count > 10_000)
    let outputs = try [1, 2, 3, 8, 2].map { jobs in
      try PrecisProcess.run(["batch", "-", "--jobs", "\(jobs)"], stdin: input)
    }
    #expect(outputs[0].status == 0, "\(outputs[0].stderr)")
    #expect(outputs[0].stdout.split(separator: "\n").count >= 12)
    for output in outputs.dropFirst() { #expect(output.stdout == outputs[0].stdout) }
  }

  @Test func aDocumentsJSONIsTheSameRunAfterRun() throws {
    let first = try PrecisProcess.run(["run", CommandTests.seed, "--until", "summarize"])
    let second = try PrecisProcess.run(["run", CommandTests.seed, "--until", "summarize"])
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
  }
}

#if os(Linux)
  /// A child process started with no signal blocked and the default action for every signal
  /// (`Process` passes on the blocked signals of the thread that starts it), its standard output
  /// and error sent to /dev/null.
  final class SpawnedProcess {
    enum Ending: Equatable {
      case exited(Int32)
      case signaled(Int32)
    }

    let pid: pid_t
    /// How the child ended, once it was waited for.
    private var ending: Ending?

    init(_ arguments: [String]) throws {
      var attributes = posix_spawnattr_t()
      posix_spawnattr_init(&attributes)
      defer { posix_spawnattr_destroy(&attributes) }
      var none = sigset_t()
      sigemptyset(&none)
      posix_spawnattr_setsigmask(&attributes, &none)
      var all = sigset_t()
      sigfillset(&all)
      posix_spawnattr_setsigdefault(&attributes, &all)
      posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      let argv = arguments.map { strdup($0) } + [nil]
      defer { argv.forEach { free($0) } }
      var pid = pid_t()
      let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
      guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
      self.pid = pid
    }

    /// Whether the child has not ended yet.
    var isRunning: Bool {
      reap(waiting: false)
      return ending == nil
    }

    /// Waits for the child to end, and how it did.
    func wait() -> Ending? {
      reap(waiting: true)
      return ending
    }

    private func reap(waiting: Bool) {
      guard ending == nil else { return }
      var status: Int32 = 0
      var reaped = waitpid(pid, &status, waiting ? 0 : WNOHANG)
      while reaped == -1 && errno == EINTR { reaped = waitpid(pid, &status, waiting ? 0 : WNOHANG) }
      guard reaped == pid else { return }
      let signal = status & 0x7F
      ending = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }
  }
#endif
