import Foundation
import PrecisStages
import PrecisTestSupport
import Testing

@testable import PrecisCore

/// The JSON Precis writes itself for batch results has the form JSONSerialization gives.
struct JSONTextTests {
  @Test(arguments: [
    "", "plain", "a \"quoted\" word", "back\\slash", "line\nbreak\r\ttab", "\u{8}\u{C}\u{1}\u{1F}",
    "é, 中文, 👨‍👩‍👧, https://x.fr/a/b", "e\u{301} combining", "\u{7F}\u{85}\u{2028}",
    "\"quoted at both ends\"", "\u{0}", "x\\\"\n\u{1}y\u{1B}", String(repeating: "é\"\u{2}ab ", count: 300),
  ])
  func stringsAreEscapedAsJSONSerializationDoes(_ text: String) throws {
    let expected = try JSONSerialization.data(
      withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
    #expect(JSONText.quoted(text) == String(decoding: expected, as: UTF8.self))
  }

  @Test(arguments: [0.0, 1.0, 0.6566, 0.1, 2.5, 1e-05, 123.4567])
  func numbersAreWrittenAsJSONSerializationDoes(_ value: Double) throws {
    let expected = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
    #expect(JSONText.number(value) == String(decoding: expected, as: UTF8.self))
  }
}

/// Records of strings and plain values are read from their bytes as JSONSerialization reads
/// them, and their values written back as it writes them; any other record is left to
/// JSONSerialization.
struct FlatJSONObjectTests {
  /// The record's strings, or `nil` when it is not flat or holds a value of another kind.
  static func flat(_ line: String) -> [String: String]? {
    guard let fields = Array(line.utf8).withUnsafeBufferPointer({ FlatJSONObject.fields($0) }) else {
      return nil
    }
    let strings = fields.compactMapValues(\.string)
    return strings.count == fields.count ? strings : nil
  }

  static func foundation(_ line: String) -> [String: String]? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
  }

  /// Each value of the record as a batch result passes it through: read and written by the
  /// flat reader, and read and written by JSONSerialization.
  static func passedThrough(_ line: String) throws -> (flat: [String: String]?, foundation: [String: String])
  {
    let flat = Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.fields($0) }
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    return (flat?.mapValues(\.json), try object.mapValues { try Batch.encode(fragment: $0) })
  }

  @Test(arguments: [
    #"{"id": 42, "text": "x", "category": null}"#, #"{"a": true, "b": false, "c": 0, "d": -7}"#,
    #"{"n": 123456789012345678, "m": -123456789012345678}"#, #"{"n":1,"m":null}"#,
    #"{ "a" : null , "b" : true }"#, #"{"id": "x", "text": null}"#,
  ])
  func plainValuesArePassedThroughAsJSONSerializationWritesThem(_ line: String) throws {
    let (flat, foundation) = try Self.passedThrough(line)
    #expect(flat == foundation)
    // Their kinds too: the id of a failed record is written from them.
    let fields = try #require(Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.fields($0) })
    let objects = fields.mapValues(\.object)
    #expect(try objects.mapValues { try Batch.encode(fragment: $0) } == foundation)
  }

  /// Any other number, a list or an object goes through JSONSerialization alone, and is
  /// written as it writes it when it reads the whole line.
  @Test(arguments: [
    #"{"n": 1.5}"#, #"{"n": 1e5}"#, #"{"n": 1E5}"#, #"{"n": -0}"#, #"{"n": 1234567890123456789}"#,
    #"{"n": -1.25e-3, "m": 0.1}"#, #"{"n": [1]}"#, #"{"n": {"a": "b"}}"#, #"{"n" : [ ] , "m":{ } }"#,
    #"{"tags": ["a", "é", "\u00e9\ud83d\ude00", {"k": [1, 2.5, null, true]}], "id": 3.0}"#,
    #"{"n": [[[[[["deep"]]]]]], "m": {"a": {"b": {"c": "\/"}}}}"#,
  ])
  func nestedValuesArePassedThroughAsJSONSerializationWritesThem(_ line: String) throws {
    let (flat, foundation) = try Self.passedThrough(line)
    #expect(flat == foundation)
    let fields = try #require(Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.fields($0) })
    #expect(try fields.mapValues(\.object).mapValues { try Batch.encode(fragment: $0) } == foundation)
  }

  /// What JSON's grammar does not read, or reads with a key given twice, is left to
  /// JSONSerialization and its error.
  @Test(arguments: [
    #"{"n": 01}"#, #"{"n": nul}"#, #"{"n": truex}"#, #"{"n": nullnull}"#, #"{"n": -}"#, #"{"n": +1}"#,
    #"{"n": True}"#, #"{"n": 1e400}"#, #"{"n": [1,]}"#, #"{"n": {"a": 1, "a": 2}}"#, #"{"n": [1 2]}"#,
    #"{"n": ["\ud800"]}"#, #"{"n": [NaN]}"#, #"{"n": [1}"#, #"{"n": {"a": "b"}"#,
  ])
  func otherValuesAreLeftToJSONSerialization(_ line: String) throws {
    let fields = Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.fields($0) }
    #expect(fields == nil)
  }

  @Test(arguments: [
    #"{"id": "a", "text": "Le chat dort."}"#, #"{}"#, #"  { "text" : "x" }  "#, "{\"text\":\"x\"}\r",
    #"{"text": "a \"quoted\" word, a back\\slash, a \/ slash"}"#,
    #"{"text": "\n\r\t\b\f", "k": ""}"#, #"{"text": "\u00e9t\u00C9 \u4e2d \ud83d\ude00 \u0000"}"#,
    #"{"é": "ü", "text": "l’été « chaud » — 👨‍👩‍👧"}"#, #"{"text": "12345678\"12345678\\1234567\n"}"#,
    #"{"text": "\ufeffx", "k": "\ufeff"}"#, "{\"text\": \"x\u{FEFF}y\"}",
  ])
  func readsWhatJSONSerializationReads(_ line: String) throws {
    let expected = try #require(Self.foundation(line))
    #expect(Self.flat(line) == expected)
  }

  @Test(arguments: [
    #"{"text": ["a"]}"#, #"{"a": "1", "a": "2"}"#,
    #"{"text": "x",}"#, #"{"text": "x"} x"#, #"["x"]"#, "{\"text\": \"a\u{1}b\"}", #"{"text": "\ud800"}"#,
    #"{"text": "\udc00x"}"#, #"{"text": "\q"}"#, #"{"text": "\u12G4"}"#, #"{"text": "x"#, #"{"text" "x"}"#,
    "\u{FEFF}{\"text\": \"x\"}", "{\"text\": \"tab\there\"}",
    // U+FEFF as its bytes at a string's start or after an escape, which JSONSerialization drops.
    "{\"text\": \"\u{FEFF}x\"}", "{\"\u{FEFF}k\": \"x\"}", "{\"id\": \"\u{FEFF}\", \"text\": \"x\"}",
    "{\"text\": \"am\\u00e9\u{FEFF}ricaine\"}", "{\"text\": \"a\\n\u{FEFF}b\"}",
  ])
  func leavesEverythingElseToJSONSerialization(_ line: String) {
    #expect(Self.flat(line) == nil)
  }

  /// The text kept as bytes is the UTF-8 of the string read otherwise, and the same records are
  /// refused.
  @Test func theTextIsKeptAsTheBytesOfItsString() {
    let lines = [
      #"{"id": "a", "text": "Le chat dort."}"#, #"{"text": "a \"quoted\" word \u00e9 \ud83d\ude00\n"}"#,
      #"{"id": "b"}"#, #"{}"#, #"{"text": "x", "text": "y"}"#, #"{"text": "\ud800"}"#,
    ]
    for line in lines {
      let read = Array(line.utf8).withUnsafeBufferPointer {
        FlatJSONObject.fields($0, keepingBytesOf: "text")
      }
      let plain = Self.flat(line)
      #expect((read == nil) == (plain == nil), "\(line)")
      guard let read, var plain else { continue }
      #expect(read.bytes == plain.removeValue(forKey: "text").map { Array($0.utf8) }, "\(line)")
      #expect(read.fields.compactMapValues(\.string) == plain, "\(line)")
    }
    // A text that is no string is left to JSONSerialization, whose reader reports it.
    for line in [#"{"text": 1}"#, #"{"text": null}"#, #"{"id": 1, "text": true}"#] {
      #expect(
        Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.fields($0, keepingBytesOf: "text") } == nil,
        "\(line)")
    }
    let invalid: [UInt8] = Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
    #expect(invalid.withUnsafeBufferPointer { FlatJSONObject.fields($0, keepingBytesOf: "text") } == nil)
  }

  @Test func invalidUTF8IsLeftToJSONSerialization() {
    let bytes: [UInt8] = Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#"\n"}"#.utf8)
    #expect(bytes.withUnsafeBufferPointer { FlatJSONObject.fields($0) } == nil)
  }

  @Test func randomStringsRoundTripThroughJSONSerialization() throws {
    // Strings of every kind of character JSONSerialization escapes or not, written by it, read
    // back by both.
    var generator = SystemRandomNumberGenerator()
    let pieces = [
      "a", "é", "\"", "\\", "/", "\n", "\u{1}", "\u{1F}", "\u{7F}", "中", "😀", "\u{2028}", " ", "12345678",
    ]
    for _ in 0..<500 {
      let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
        pieces.randomElement(using: &generator)!
      }
      .joined()
      let data = try JSONSerialization.data(withJSONObject: ["id": "x", "text": text])
      let line = String(decoding: data, as: UTF8.self)
      #expect(Self.flat(line) == ["id": "x", "text": text], "\(line)")
    }
  }

  /// The check the `batch-record` fuzz target runs: every line the flat reader takes gives the
  /// same record read by JSONSerialization; other lines are not compared.
  @Test(arguments: [
    #"{"id": "a", "text": "Le chat dort."}"#, #"{"id": 42, "text": "x", "n": null, "b": true, "c": -7}"#,
    #"{"text": "a \"quoted\" word \u00e9 \ud83d\ude00\n\/", "é": "\u4e2d"}"#, #"{}"#, #"{"id": "b"}"#,
    #"{"n": 123456789012345678, "text": ""}"#, #"  { "text" : "x" , "k" : false }  "#,
    #"{"text": "e\u0301", "k": "\u00e9"}"#, #"{"text": 1}"#, #"not json"#, #"{"text": "\ud800"}"#,
    "{\"date\": \"\u{FEFF}2019-06-12\", \"text\": \"x\"}", "{\"date\": \"2019\u{FEFF}\", \"text\": \"x\"}",
    "{\"text\": \"am\\u00e9\u{FEFF}ricaine\"}", "{\"k\": \"a\\\"\u{FEFF}b\", \"text\": \"x\"}",
    #"{"id": 0.5, "text": "x", "tags": ["a", 1, 2.75, {"b": null}], "n": -0, "m": 1e3}"#,
    "{\"text\": \"x\", \"tags\": [\"\u{FEFF}a\", \"b\u{FEFF}\"], \"m\": {\"\u{FEFF}k\": 1}}",
  ])
  func theReadersAgree(_ line: String) {
    #expect(Batch.readersDisagree(on: Data(line.utf8)) == nil)
  }

  /// The check compares what each reader gives byte for byte.
  @Test func theReadersAreComparedByTheirRecords() throws {
    let line = Data(#"{"id": 7, "text": "Le chat.", "k": "é", "summary": null}"#.utf8)
    let flat = try #require(Batch.flatRecord(line))
    let other = try Batch.foundationRecord(line, number: 1)
    #expect(flat.input == Array("Le chat.".utf8) && other.input == flat.input)
    #expect(flat.passed == ["id": "7", "k": "\"é\"", "summary": "null"])
    #expect(other.passed == flat.passed)
    #expect(Batch.flatRecord(Data(#"{"id": 1.5, "text": "x"}"#.utf8))?.passed == ["id": "1.5"])
    #expect(Batch.flatRecord(Data(#"{"id": 1, "text": ["x"]}"#.utf8)) == nil)
  }

  /// A record's own field named as a result's is passed through as `input_` and its name, with
  /// more `input_` while the record has that name too.
  @Test func passedNames() {
    #expect(Batch.passedName(of: "summary", besides: ["summary": "1"]) == "input_summary")
    #expect(
      Batch.passedName(of: "summary", besides: ["summary": "1", "input_summary": "2"])
        == "input_input_summary")
    #expect(
      Batch.passedName(of: "error", besides: ["error": "1", "input_error": "2", "input_input_error": "3"])
        == "input_input_input_error")
  }
}

/// Lines and whole inputs read with `read(2)`, in blocks.
struct LineReaderTests {
  /// Lines longer than a block (the reader searches each byte for the line feed once), short
  /// ones, a blank one and a last line without a line feed come out as written.
  @Test func linesAcrossBlocksComeOutWhole() throws {
    let long = String(repeating: "é", count: 1_500_000)  // 3 MB: three blocks
    let lines = ["a", long, "", "bc", long + "x", "last"]
    let path = try TemporaryFile.write(lines.joined(separator: "\n"), named: "lines.jsonl")
    let handle = try #require(FileHandle(forReadingAtPath: path))
    defer { try? handle.close() }
    var reader = LineReader(handle: handle, name: path)
    var read: [String] = []
    while let line = try reader.next() {
      guard case .whole(let bytes) = line else {
        Issue.record("a line under the limit came out cut: \(line)")
        break
      }
      read.append(String(decoding: bytes, as: UTF8.self))
    }
    #expect(read == lines)
  }

  /// A line longer than the limit comes out as its first bytes and its size, whether its line
  /// feed is in the block already read or blocks later, or it is the last line and has none;
  /// the lines around it come out whole.
  @Test func linesPastTheLimitComeOutAsTheirFirstBytesAndSize() throws {
    let huge = #"{"id": "h", "text": ""# + String(repeating: "a", count: 3_000_000) + #""}"#  // three blocks
    let long = String(repeating: "b", count: 2_000)
    let lines = ["a", huge, "bc", long, "", "d", long + "c"]
    let path = try TemporaryFile.write(lines.joined(separator: "\n"), named: "long-lines.jsonl")
    let handle = try #require(FileHandle(forReadingAtPath: path))
    defer { try? handle.close() }
    var reader = LineReader(handle: handle, name: path, limit: 1_000)
    var read: [ReadLine] = []
    while let line = try reader.next() { read.append(line) }
    #expect(
      read == [
        .whole(Data("a".utf8)), .tooLong(prefix: Data(huge.utf8.prefix(1_000)), size: huge.utf8.count),
        .whole(Data("bc".utf8)), .tooLong(prefix: Data(long.utf8.prefix(1_000)), size: 2_000), .whole(Data()),
        .whole(Data("d".utf8)), .tooLong(prefix: Data(long.utf8.prefix(1_000)), size: 2_001),
      ])
    // The first bytes kept are at most `keptPrefix`, whatever the limit.
    let again = try #require(FileHandle(forReadingAtPath: path))
    defer { try? again.close() }
    var wide = LineReader(handle: again, name: path, limit: 2_000_000)
    _ = try wide.next()
    #expect(
      try wide.next()
        == .tooLong(prefix: Data(huge.utf8.prefix(LineReader.keptPrefix)), size: huge.utf8.count))
    #expect(try wide.next() == .whole(Data("bc".utf8)))
  }

  /// A record's id is read from the first bytes of a line too long to read, when the fields
  /// before it are flat and it is whole there.
  @Test(arguments: [
    (#"{"id": "r1", "text": "Le chat"#, FlatJSONObject.Value?.some(.string("r1"))),
    (#"{ "source": "afp", "id" : 42 , "text": "Le"#, .integer(42)),
    (#"{"lang": null, "id": null, "text": "#, .null),
    (#"{"text": "Le chat dort", "id": "late"#, nil),
    (#"{"id": "cut"#, nil),
    (#"{"id": 12"#, nil),
    (#"{"meta": {"a": 1}, "id": "x", "text": ""#, nil),
    (#"["id", "x"]"#, nil),
  ])
  func theIDOfALineTooLongIsReadFromItsFirstBytes(_ prefix: String, _ id: FlatJSONObject.Value?) {
    var bytes = Array(prefix.utf8)
    #expect(
      bytes.withUnsafeMutableBufferPointer { FlatJSONObject.leadingID(in: UnsafeBufferPointer($0)) } == id)
  }

  /// More than the limit is an error naming the input, not a process the system kills
  /// (`/dev/zero` as an article).
  @Test func anInputPastTheLimitIsRefused() throws {
    let pipe = Pipe()
    let writer = Thread {
      pipe.fileHandleForWriting.write(Data(repeating: 0x61, count: 5_000))
      try? pipe.fileHandleForWriting.close()
    }
    writer.start()
    #expect {
      _ = try DescriptorReader.readAll(
        pipe.fileHandleForReading.fileDescriptor, name: "endless", limit: 1_000)
    } throws: { error in
      "\(error)".contains("cannot read 'endless': more than 1000 bytes")
    }
  }
}

/// A line that fails says why in its error record: where the JSON breaks, or what it lacks.
struct BatchFailureTests {
  @Test(arguments: [
    (#"{"id": 5, "title": "no text"}"#, #"no "text" string"#),
    (#"{"id": 6, "text": 12}"#, #""text" is a number, not a string"#),
    (#"{"id": 7, "text": 1.5}"#, #""text" is a number, not a string"#),
    (#"{"id": 8, "text": false}"#, #""text" is true or false, not a string"#),
    (#"{"id": 9, "text": null}"#, #""text" is null, not a string"#),
    (#"{"id": 10, "text": ["a"]}"#, #""text" is a list, not a string"#),
    (#"{"id": 11, "text": {"a": "b"}}"#, #""text" is an object, not a string"#),
  ])
  func failuresSayWhy(_ line: String, _ message: String) throws {
    let error = try Self.error(of: Data(line.utf8))
    #expect((error["message"] as? String)?.hasPrefix(message) == true, "\(error)")
    #expect(error["line"] as? Int == 4)
    #expect(error["column"] == nil)
  }

  /// A line that is not JSON is refused at the column where it breaks JSON's grammar, saying
  /// what was found and what was expected (Foundation said 'invalid value around character 9'),
  /// with the record's id when it comes before that place.
  @Test(arguments: [
    (#"{"id": 1,, "text": "a"}"#, "expected a key in double quotes, found ','", 10, 1 as Int?),
    (#"{"id": 2, "text": "a"} x"#, "'x' after the end of the object", 24, 2),
    (#"{"id": 3, "text": "a"#, "the string opened here does not close before the end of the line", 19, 3),
    (
      #"{"id": 4, "text": "il a dit "oui"."}"#, #"expected ',' or '}' after the value of "text", found 'o'"#,
      30, 4
    ),
    (#"{"id": 5 "text": "a"}"#, #"expected ',' or '}' after the value of "id", found '"'"#, 10, 5),
    (#"{id: 6, "text": "a"}"#, "a key without quotes", 2, nil),
    (#"{'id': 7, "text": "a"}"#, "a key in single quotes", 2, nil),
    (#"{"id": 8, "text": "a", "tag": None}"#, "'None' is no JSON value", 31, 8),
    (#"{"id": 9, "text": "a", "n": 007}"#, "a number with a leading zero", 29, 9),
    (#"{"id": 10, "text" "a"}"#, #"expected ':' after the key "text", found '"'"#, 19, 10),
    (
      #"{"id": 11, "text": "a", "tags": ["x" "y"]}"#,
      "expected ',' or ']' after a value of the list opened at column 33, found '\"'", 38, 11
    ),
    (#"{"id": 12, "text": "a", "tags": [,"x"]}"#, "a value is missing before ','", 34, 12),
    (#"{"id": 13, "text": "a", "m": {"k": 1"#, "the line ends inside the object opened at column 30", 37, 13),
    ("{\"id\": 14, \"text\": \"a\tb\"}", "a tab inside a string", 22, 14),
    // What JSONSerialization takes and JSON does not, or takes with a value picked in silence.
    (#"{"id": 15, "text": "a",}"#, "'}' after a comma", 24, 15),
    (#"{"id": 16, "text": "a", "tags": ["x",]}"#, "']' after a comma", 38, 16),
    (
      #"{"id": 17, "text": "a", "t\u0065xt": "b"}"#,
      #"the key "text" given twice in one object (first at column 12)"#, 25, 17
    ),
    (
      #"{"id": 18, "text": "a", "m": {"k": 1.5, "k": 2}}"#,
      #"the key "k" given twice in one object (first at column 31)"#, 41, 18
    ),
    (#""just a string""#, "expected a JSON object ({…}), found '\"'", 1, nil),
  ])
  func syntaxErrorsSayWhereAndWhat(_ line: String, _ message: String, _ column: Int, _ id: Int?) throws {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    let result = Batch.process(Data(line.utf8), number: 4, pipeline: pipeline)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.bytes)) as? [String: Any])
    let error = try #require(object["error"] as? [String: Any])
    #expect(error["message"] as? String == "invalid JSON: " + message, "\(error)")
    #expect(error["line"] as? Int == 4)
    #expect(error["column"] as? Int == column, "\(error)")
    #expect((error["notes"] as? [String])?.count == 1)
    #expect(object["id"] as? Int == id, "\(object)")
  }

  /// A line that is JSON but a list, not an object, is named so, at the column it starts.
  @Test func aListIsNoRecord() throws {
    let error = try Self.error(of: Data("  [1, 2]".utf8))
    #expect(error["message"] as? String == "the line is a list, not a JSON object")
    #expect(error["column"] as? Int == 3)
  }

  /// A line with bytes that are not UTF-8 fails, but its error carries its id, read from the
  /// line with those bytes replaced; an id that held some of them is not told.
  @Test func aLineThatIsNotUTF8KeepsItsID() throws {
    let ids: [(line: [UInt8], id: String?)] = [
      (Array(#"{"id": "a-1", "text": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8), "a-1"),
      (Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#"", "id": "b-2"}"#.utf8), "b-2"),
      (Array(#"{"id": "c-"#.utf8) + [0xE9] + Array(#"", "text": "x"}"#.utf8), nil),
    ]
    for (line, id) in ids {
      let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
      let result = Batch.process(Data(line), number: 1, pipeline: pipeline)
      #expect(result.failed)
      let object = try #require(try JSONSerialization.jsonObject(with: Data(result.bytes)) as? [String: Any])
      #expect(object["id"] as? String == id, "\(object)")
      #expect(
        ((object["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("invalid UTF-8") == true)
    }
  }

  /// Bytes that are not UTF-8 and a lone surrogate escape (half of a pair, no character, which
  /// Python's `json.dumps` writes for text decoded with `surrogateescape`) are told with their
  /// column, in characters: Foundation said 'invalid UTF-8 sequence 14 bytes starting from
  /// character 18' and 'unexpected end of file'. The record's error says how to fix it.
  @Test(arguments: [
    (
      Array(#"{"id": 1, "text": "café"#.utf8) + [0xE9] + Array(#""}"#.utf8),
      "invalid UTF-8 at byte 24 (0xE9)", 24
    ),
    (Array(#"{"id": 1, "text": "é"#.utf8) + [0xC3], "invalid UTF-8 at byte 21 (0xC3)", 21),
    (Array(#"{"id": 1, "text": "été \ud800 x"}"#.utf8), "invalid JSON: a lone UTF-16 surrogate escape", 24),
    (
      Array(#"{"id": 1, "text": "\ud83d\ude00 \udc00"}"#.utf8),
      "invalid JSON: a lone UTF-16 surrogate escape", 33
    ),
    (Array(#"{"id": 1, "text": "\ud83d\u0041"}"#.utf8), "invalid JSON: a lone UTF-16 surrogate escape", 20),
  ])
  func textThatIsNoCharactersIsFoundByColumn(_ line: [UInt8], _ message: String, _ column: Int) throws {
    let error = try Self.error(of: Data(line))
    #expect((error["message"] as? String)?.hasPrefix(message) == true, "\(error)")
    #expect(error["line"] as? Int == 4)
    #expect(error["column"] as? Int == column)
    // The note says how to fix it: convert to UTF-8, or write the pair.
    let fix = message.contains("UTF-8") ? "convert the corpus to UTF-8" : "both halves of its pair"
    #expect((error["notes"] as? [String])?.first?.contains(fix) == true, "\(error)")
  }

  /// `NaN` and the infinities, which Python's `json.dumps` writes for floats that are not
  /// finite, are named with their column and the fix (JSONSerialization said 'invalid value
  /// around character 56'); in a string they are text.
  @Test(arguments: [
    (#"{"id": "a", "text": "Le chat dort.", "score": NaN}"#, "NaN", 47),
    (#"{"id": "b", "text": "Il r\u00eave.", "s": [1, Infinity]}"#, "Infinity", 47),
    (#"{"id": "c", "text": "NaN", "s": -Infinity}"#, "-Infinity", 33),
  ])
  func nonFiniteNumbersAreNamed(_ line: String, _ literal: String, _ column: Int) throws {
    let error = try Self.error(of: Data(line.utf8))
    #expect(error["message"] as? String == "invalid JSON: \(literal) is no JSON number")
    #expect(error["column"] as? Int == column)
    #expect((error["notes"] as? [String])?.first?.hasPrefix("write null instead") == true)
  }

  /// A backslash that starts no JSON escape is named with its column: before a character
  /// beyond ASCII, Foundation called it 'invalid UTF-8 sequence 2 bytes' of a line that is
  /// UTF-8 (which `--lossy` could not help); an escaped backslash is no escape.
  @Test(arguments: [
    (#"{"id": 1, "text": "C:\Users\é"}"#, "'U'", 22),
    (#"{"id": 1, "text": "a\é"}"#, "'é'", 21),
    (#"{"id": 1, "text": "a\\b", "k": "\u00e9\é"}"#, "'é'", 39),
    ("{\"id\": 1, \"text\": \"a\\\u{1}\"}", "U+0001", 21),
  ])
  func aBackslashThatStartsNoEscapeIsNamed(_ line: String, _ shown: String, _ column: Int) throws {
    let error = try Self.error(of: Data(line.utf8))
    #expect(error["message"] as? String == "invalid JSON: a backslash before \(shown) starts no JSON escape")
    #expect(error["column"] as? Int == column, "\(error)")
    #expect(
      (error["notes"] as? [String])?.first?.hasPrefix("a backslash in a string starts an escape") == true)
  }

  /// With `--lossy`, a line's bytes that are not UTF-8 are replaced before it is read, and the
  /// record's result says so in its `"warnings"`; so do the pipeline's warnings about the
  /// article (an HTML page). Without, the error's note offers `--lossy`; a record without a
  /// warning has no `"warnings"` field (an input's own passes through).
  @Test func lossyRecordsAndTheArticlesWarningsAreToldInTheResult() throws {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    let latin1 = Data(
      Array(#"{"id": "a", "text": "Le caf"#.utf8) + [0xE9] + Array(#" est chaud. Il part."}"#.utf8))
    func object(_ result: Batch.Result) throws -> [String: Any] {
      try #require(try JSONSerialization.jsonObject(with: Data(result.bytes)) as? [String: Any])
    }
    let repaired = Batch.process(latin1, number: 1, pipeline: pipeline, replacingInvalidUTF8: true)
    #expect(!repaired.failed && repaired.warned)
    #expect(
      try object(repaired)["warnings"] as? [String]
        == ["replaced 1 invalid UTF-8 sequence with U+FFFD (the first at byte 27)"])
    #expect((try object(repaired)["brief"] as? String)?.contains("Le caf\u{FFFD} est chaud.") == true)
    let refused = Batch.process(latin1, number: 1, pipeline: pipeline)
    #expect(refused.failed && !refused.warned)
    let notes = try #require((try object(refused)["error"] as? [String: Any])?["notes"] as? [String])
    #expect(notes.first?.hasSuffix("or pass --lossy to replace what is not UTF-8") == true)
    let page = Batch.process(
      Data(#"{"id": "p", "text": "<!DOCTYPE html><p>Le chat dort.</p>"}"#.utf8), number: 1, pipeline: pipeline
    )
    // A page's article is taken from it (normalize's `html: extract`), without a warning.
    #expect(!page.warned && !page.failed)
    #expect(try object(page)["warnings"] == nil)
    #expect((try object(page)["brief"] as? String)?.contains("Le chat dort.") == true)
    #expect((try object(page)["brief"] as? String)?.contains("<p>") == false)
    let plain = Batch.process(
      Data(#"{"id": "q", "text": "Le chat dort.", "warnings": 3}"#.utf8), number: 1, pipeline: pipeline)
    // (A record's own "warnings" is passed through as "input_warnings": a result's is Precis's.)
    #expect(!plain.warned && plain.renamed == ["warnings"])
    #expect(try object(plain)["warnings"] == nil)
    #expect(try object(plain)["input_warnings"] as? Int == 3)
  }

  /// With `titles` (`--title`), a record's "title" string opens its article as a headline: the
  /// brief starts with it, its terms rendered, it counts as the first sentence and is never
  /// chosen; it is still passed through. A record whose "title" is no string or only spaces,
  /// and every record without `titles`, is read as before; both readers read the title alike.
  @Test func aRecordsTitleIsItsHeadlineWhenAsked() throws {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    func object(_ line: String, titles: Bool) throws -> [String: Any] {
      let result = Batch.process(Data(line.utf8), number: 1, pipeline: pipeline, titles: titles)
      #expect(!result.failed)
      return try #require(try JSONSerialization.jsonObject(with: Data(result.bytes)) as? [String: Any])
    }
    let text = "Le président a parlé à Moscou lundi. Il a promis une aide. La Chine a répondu mardi."
    let line = #"{"id": "t", "title": "Le Kremlin \"prêt\" à aider la Chine", "text": "\#(text)"}"#
    let titled = try object(line, titles: true)
    let brief = try #require(titled["brief"] as? String)
    #expect(brief.hasPrefix("Le Kremlin \"prêt\" à aider la Chine [China]\n\nSummary (3 of 4 sentences)"))
    let chosen = try #require(titled["summary"] as? [[String: Any]])
    #expect(chosen.map { $0["sentence"] as? Int } == [1, 2, 3])
    #expect(titled["title"] as? String == "Le Kremlin \"prêt\" à aider la Chine")
    let plain = try object(line, titles: false)
    #expect((plain["summary"] as? [[String: Any]])?.map { $0["sentence"] as? Int } == [0, 1, 2])
    #expect((plain["brief"] as? String)?.hasPrefix("Summary") == true)
    for other in [#""title": 3"#, #""title": "  ""#, #""title": null"#] {
      let untitled = try object(#"{"id": "u", \#(other), "text": "\#(text)"}"#, titles: true)
      #expect((untitled["brief"] as? String) == (plain["brief"] as? String), "\(other)")
    }
    #expect(Batch.readersDisagree(on: Data(line.utf8)) == nil)
    // A headline that ends with a question mark is the headline still.
    let question = try object(
      #"{"id": "q", "title": "La Chine aidera-t-elle ?", "text": "\#(text)"}"#, titles: true)
    #expect(
      (question["brief"] as? String)?.hasPrefix("La Chine [China] aidera-t-elle ?\n\nSummary (3 of 4") == true
    )
    #expect((question["summary"] as? [[String: Any]])?.map { $0["sentence"] as? Int } == [1, 2, 3])
    // A headline of several sentences is one title.
    let several = try object(
      #"{"id": "v", "title": "VIDÉO. La Chine répond", "text": "\#(text)"}"#, titles: true)
    #expect(
      (several["brief"] as? String)?.hasPrefix("VIDÉO. La Chine [China] répond\n\nSummary (3 of 4") == true)
  }

  /// A pair, an escaped backslash before `ud800` and a key named `ud800` are no lone
  /// surrogates.
  @Test func pairsAndEscapedBackslashesAreNoLoneSurrogates() {
    for line in [#"{"text": "\ud83d\ude00"}"#, #"{"text": "a \\ud800 b"}"#, #"{"ud800": "\u00e9"}"#] {
      let found = Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.loneSurrogate(in: $0) }
      #expect(found == nil, "\(line)")
    }
  }

  /// The error object of the failed result of `line`, as record 4.
  static func error(of line: Data) throws -> [String: Any] {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    let result = Batch.process(line, number: 4, pipeline: pipeline)
    #expect(result.failed)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.bytes)) as? [String: Any])
    return try #require(object["error"] as? [String: Any])
  }
}

/// `Batch.run`: records in, results out in input order, with the reading, the workers and the
/// writing overlapped.
struct BatchRunTests {
  /// A corpus of `count` lines: articles of different lengths, with blank lines and lines that
  /// fail among them; and how many fail.
  static func corpus(_ count: Int) -> (text: String, failing: Int) {
    var lines: [String] = []
    var failing = 0
    for number in 0..<count {
      switch number % 11 {
      case 3: lines.append("")
      case 7: lines.append("   ")
      case 5:
        lines.append("not json \(number)")
        failing += 1
      case 9:
        lines.append(#"{"id": "r\#(number)", "title": "no text"}"#)
        failing += 1
      default:
        let sentence = "Le ministre de la Santé a présenté le rapport numéro \(number) à Paris. "
        lines.append(
          #"{"id": "r\#(number)", "text": "\#(String(repeating: sentence, count: number % 13 + 1))"}"#)
      }
    }
    return (lines.joined(separator: "\n") + "\n", failing)
  }

  /// Runs `Batch.run` over `text` with `jobs` workers and a window of `2 × chunk` records.
  static func run(
    _ text: String, pipeline: Pipeline, jobs: Int, chunk: Int, windowBytes: Int = Batch.windowBytes,
    recordLimit: Int = DescriptorReader.articleLimit,
    write: (Batch.Result) throws -> Void = { _ in }
  ) throws -> (results: [String], records: Int, failed: Int, blank: Int, progress: [Int]) {
    let path = try TemporaryFile.write(text, named: "batch-\(jobs)-\(chunk).jsonl")
    let handle = try #require(FileHandle(forReadingAtPath: path))
    defer { try? handle.close() }
    var results: [String] = []
    var progress: [Int] = []
    let totals = try Batch.run(
      input: handle, pipeline: pipeline, jobs: jobs, chunk: chunk, windowBytes: windowBytes,
      recordLimit: recordLimit, progress: { records, _ in progress.append(records) },
      write: {
        try write($0)
        results.append($0.line)
      })
    return (results, totals.records, totals.failed, totals.blank, progress)
  }

  /// Every line gives one result (a blank line none: it is counted apart, not as a record), in
  /// input order, the same for any number of workers and any window, with the failures counted
  /// and progress reported in order.
  @Test func everyRecordIsWrittenOnceInInputOrderWhateverTheWorkersAndWindow() throws {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    let (text, failing) = Self.corpus(200)
    let reference = try Self.run(text, pipeline: pipeline, jobs: 1, chunk: 256)
    let blank = (0..<200).filter { $0 % 11 == 3 || $0 % 11 == 7 }.count
    #expect(reference.records == 200 - blank && reference.blank == blank)
    #expect(reference.failed == failing)
    #expect(reference.results.count == 200 - blank)
    // Each result names its record, in order (failures by their line).
    let numbers = (0..<200).filter { $0 % 11 != 3 && $0 % 11 != 7 }
    for (result, number) in zip(reference.results, numbers) {
      let named = number % 11 == 5 ? #""line":\#(number + 1)"# : #""id":"r\#(number)""#
      #expect(result.contains(named), "\(result.prefix(80))")
    }
    // (A window of so few bytes holds one line, or a few short ones, at a time.)
    let all = Batch.windowBytes
    for (jobs, chunk, bytes) in [
      (2, 256, all), (3, 4, all), (8, 1, all), (2, 1, all), (1, 3, all),
      (2, 256, 1), (3, 256, 300), (8, 4, 1000), (1, 256, 1),
    ] {
      let run = try Self.run(text, pipeline: pipeline, jobs: jobs, chunk: chunk, windowBytes: bytes)
      let difference = zip(run.results, reference.results).enumerated().first { $0.element.0 != $0.element.1 }
      #expect(
        run.results.count == reference.results.count && difference == nil,
        "jobs \(jobs), chunk \(chunk), window \(bytes) bytes: \(run.results.count) results, first difference at \(difference?.offset ?? -1)"
      )
      #expect(run.records == 200 - blank && run.blank == blank && run.failed == failing)
      #expect(run.progress == run.progress.sorted() && run.progress.last == 200 - blank)
    }
  }

  /// The lines read ahead hold at most the window's bytes (and one line more): with records of
  /// 100 KB, the first result is written before the reader is a megabyte past the window,
  /// where 512 records' room alone would have read all 10 MB first.
  @Test(arguments: [1, 2]) func theLinesReadAheadHoldAtMostTheWindowsBytes(jobs: Int) throws {
    let pipeline = try PrecisStages.loader.load(
      yaml: "version: 1\nstages:\n  - type: normalize\n", file: "n.yaml", baseDirectory: Golden.packageRoot)
    let text = String(repeating: "Le chat dort. ", count: 100_000 / 14)
    let corpus = (0..<100).map { #"{"id": \#($0), "text": "\#(text)"}"# }.joined(separator: "\n") + "\n"
    let path = try TemporaryFile.write(corpus, named: "batch-window-\(jobs).jsonl")
    let handle = try #require(FileHandle(forReadingAtPath: path))
    defer { try? handle.close() }
    let window = 200_000
    var readBeforeFirst: Int64?
    var results = 0
    let totals = try Batch.run(
      input: handle, pipeline: pipeline, jobs: jobs, chunk: 256, windowBytes: window,
      write: { _ in
        if readBeforeFirst == nil { readBeforeFirst = Int64(lseek(handle.fileDescriptor, 0, SEEK_CUR)) }
        results += 1
      })
    #expect(totals.records == 100 && results == 100)
    // (The reader reads blocks of 1 MiB.)
    let read = try #require(readBeforeFirst)
    #expect(read <= Int64(window + 100_100 + (1 << 20)), "\(read) bytes read before the first result")
  }

  /// A line longer than the limit gives an error result with its id and line, in its place,
  /// and the run goes on; the output is the same for any number of workers and any window.
  @Test func aLineTooLongGivesAnErrorInItsPlace() throws {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    let long = String(repeating: "Le ministre a présenté le rapport à Paris. ", count: 100)
    var lines = Self.corpus(60).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for number in stride(from: 2, to: 60, by: 13) {
      lines[number] = #"{"id": "long\#(number)", "text": "\#(long)"}"#
    }
    let text = lines.joined(separator: "\n")
    let reference = try Self.run(text, pipeline: pipeline, jobs: 1, chunk: 256, recordLimit: 3_000)
    let tooLong = reference.results.filter {
      $0.contains("bytes long, more than the 3000 of --max-record-bytes")
    }
    #expect(tooLong.count == 5)
    for number in stride(from: 2, to: 60, by: 13) {
      #expect(
        tooLong.contains { $0.contains(#""id":"long\#(number)""#) && $0.contains(#""line":\#(number + 1)"#) })
    }
    let unbounded = try Self.run(text, pipeline: pipeline, jobs: 1, chunk: 256)
    #expect(unbounded.failed == reference.failed - 5 && unbounded.records == reference.records)
    for (jobs, chunk) in [(2, 256), (3, 2), (2, 1), (1, 1), (1, 2)] {
      let run = try Self.run(text, pipeline: pipeline, jobs: jobs, chunk: chunk, recordLimit: 3_000)
      #expect(run.results == reference.results, "jobs \(jobs), chunk \(chunk)")
      #expect(run.failed == reference.failed && run.blank == reference.blank)
    }
  }

  /// A write that fails (the output closed) ends the run with its error, the workers stopped.
  @Test func aFailingWriteStopsTheRun() throws {
    struct Closed: Error {}
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    var written = 0
    #expect(throws: Closed.self) {
      _ = try Self.run(Self.corpus(300).text, pipeline: pipeline, jobs: 2, chunk: 8) { _ in
        written += 1
        if written == 10 { throw Closed() }
      }
    }
    #expect(written == 10)
  }
}
