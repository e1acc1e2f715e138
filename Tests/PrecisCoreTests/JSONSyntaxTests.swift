import Foundation
import PrecisCore
import Testing

/// `JSONSyntax`: where a text first breaks JSON's grammar, and what was expected there.
struct JSONSyntaxTests {
  func problem(_ text: String, unit: JSONSyntax.Unit = .line) -> JSONSyntax.Problem? {
    var text = text
    return text.withUTF8 { JSONSyntax.firstProblem(in: $0, unit: unit) }
  }

  func place(_ text: String) -> (line: Int, column: Int)? {
    var text = text
    return text.withUTF8 { bytes in
      JSONSyntax.firstProblem(in: bytes).map { JSONSyntax.location(of: $0.offset, in: bytes) }
    }
  }

  /// Every form JSON allows reads as it is: values of each kind, nesting, escapes, numbers,
  /// characters beyond ASCII, and spaces, tabs and line breaks between tokens.
  @Test(arguments: [
    "{}",
    " {\t}\r\n",
    #"{"id": "a", "text": "Le \"chat\" dort.\n", "n": null, "ok": true, "no": false}"#,
    #"{"a": [], "b": [1, -0, 0.5, 1e6, 1E+2, -1.25e-3], "c": {"d": {"e": [{}]}}}"#,
    #"{"é": "\u00e9\ud83d\ude00 \/ \\ \b\f\r\t", "emoji": "😀"}"#,
    "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n",
    // A key again in another object, or after an escape that makes it another key.
    #"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "\u0061b": 3, "\ud83d\ude00": 4, "\ud83d\ude01": 5}"#,
  ])
  func validJSONHasNoProblem(_ text: String) throws {
    #expect(problem(text) == nil)
    // (And JSONSerialization reads it.)
    _ = try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  /// Each kind of break is named where it is, with what was found.
  @Test(arguments: [
    ("", "the line holds no JSON", 1),
    ("[1]", "expected a JSON object ({…}), found '['", 1),
    (#"{"a": 1} {"b": 2}"#, "'{' after the end of the object", 10),
    (#"{"a" 1}"#, #"expected ':' after the key "a", found '1'"#, 6),
    (#"{"a": }"#, "a value is missing before '}'", 7),
    (#"{"a": 1,}"#, "'}' after a comma", 9),
    (#"{"a": [1,]}"#, "']' after a comma", 10),
    (#"{"a": [1 2]}"#, "expected ',' or ']' after a value of the list opened at column 7, found '2'", 10),
    (#"{"a": 'x'}"#, "a string in single quotes", 7),
    (#"{"a": +1}"#, "a number starting with '+'", 7),
    (#"{"a": .5}"#, "a number starting with '.'", 7),
    (#"{"a": -}"#, "'-' without a digit after it", 7),
    (#"{"a": 1.}"#, "a '.' without a digit after it", 7),
    (#"{"a": 1e}"#, "an exponent without digits", 7),
    (#"{"a": 01}"#, "a number with a leading zero", 7),
    (#"{"a": -1e400}"#, "'-1e400' is beyond the range of a 64-bit number", 7),
    (#"{"a": True}"#, "'True' is no JSON value", 7),
    (#"{"a": nul}"#, "'nul' is no JSON value", 7),
    (#"{"a": "x\u12"}"#, #"'\u' without four hexadecimal digits"#, 9),
    (#"{"a": "x\q"}"#, "a backslash before 'q' starts no JSON escape", 9),
    ("{\"a\": \"x\u{1}\"}", "the control character U+0001 inside a string", 9),
    ("{\"a\": \"é\u{7}\"}", "the control character U+0007 inside a string", 9),
    (#"{"a": "x"#, "the string opened here does not close before the end of the line", 7),
    (#"{"a": ["#, "the line ends inside the list opened at column 7", 8),
    (#"{"a": {"b": 1"#, "the line ends inside the object opened at column 7", 14),
    (#"{"é": é}"#, "expected a value, found 'é'", 7),
    (#"{"a": 1 ]"#, #"expected ',' or '}' after the value of "a", found ']'"#, 9),
    // A key given twice: the same after escapes, or canonically equivalent, as JSONSerialization
    // compares them.
    (
      #"{"a": 1, "b": {"c": 2, "\u0063": 3}}"#,
      #"the key "c" given twice in one object (first at column 16)"#, 24
    ),
    (
      "{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}",
      "the key \"caf\u{E9}\" given twice in one object (first at column 2)", 13
    ),
    (#"{"\ud83d\ude00": 1, "😀": 2}"#, #"the key "😀" given twice in one object (first at column 2)"#, 21),
  ])
  func problemsAreNamedAtTheirColumn(_ text: String, _ message: String, _ column: Int) throws {
    let found = try #require(problem(text))
    #expect(found.message == message)
    #expect(place(text)?.column == column)
    #expect(!found.fix.isEmpty)
  }

  /// In a file of several lines, the place is a line and a column, and an object or list
  /// opened on another line is named by both; the file's messages say nothing of records.
  @Test func aFileIsReadByLineAndColumn() throws {
    let text = "{\n  \"a\": [1, 2,\n    3 4],\n  \"b\": {\n"
    #expect(place(text).map { [$0.line, $0.column] } == [3, 7])
    #expect(
      problem(text)?.message
        == "expected ',' or ']' after a value of the list opened at line 2, column 8, found '4'")
    let unclosed = try #require(problem("{\n  \"b\": {\n", unit: .file))
    #expect(unclosed.message == "the file ends inside the object opened at line 2, column 8")
    #expect(unclosed.fix == "close it with '}'")
    #expect(problem("{\"a\": \"x", unit: .line)?.fix.contains("a record takes one line") == true)
  }

  /// Any depth is followed without recursion: a hundred thousand open lists end in a message,
  /// not a crash.
  @Test func deepNestingIsReadWithoutRecursion() {
    let text = #"{"a": "# + String(repeating: "[", count: 100_000)
    #expect(problem(text)?.message == "the line ends inside the list opened at column 100006")
    let closed =
      #"{"a": "# + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "}"
    #expect(problem(closed) == nil)
  }

  /// Over every text one byte away from a few records (each byte deleted, or each of JSON's
  /// delimiters and a few others put before it): whatever JSONSerialization refuses, the
  /// checker finds a problem in, so that every such error has a column; and whatever the
  /// checker passes, JSONSerialization reads. (JSONSerialization reads a comma before a
  /// closing bracket, which JSON does not allow and the checker refuses.)
  @Test func agreesWithJSONSerializationOneByteAway() {
    let records = [
      #"{"id": 12, "text": "Le chat \"dort\".\n", "tags": ["a", 1.5e3, null], "x": {"y": true}}"#,
      #"{"id": "é-1", "text": "Été \u00e9 😀", "n": -0.25, "ok": false}"#,
    ]
    let inserted: [UInt8] = Array(#"{}[]:,"\ 0-.eatn'"#.utf8) + [0x09, 0x0A, 0x01]
    var checked = 0
    for record in records {
      let bytes = Array(record.utf8)
      var variants: [[UInt8]] = []
      for index in bytes.indices {
        var deleted = bytes
        deleted.remove(at: index)
        variants.append(deleted)
        for byte in inserted {
          var more = bytes
          more.insert(byte, at: index)
          variants.append(more)
        }
      }
      for variant in variants {
        // (A variant cut inside a character beyond ASCII is no UTF-8: the batch names that first.)
        guard String(validating: variant, as: UTF8.self) != nil else { continue }
        let refused = (try? JSONSerialization.jsonObject(with: Data(variant))) as? [String: Any] == nil
        let found = variant.withUnsafeBufferPointer { JSONSyntax.firstProblem(in: $0) }
        if refused {
          #expect(found != nil, "\(String(decoding: variant, as: UTF8.self))")
        } else if let found {
          #expect(
            found.message.hasSuffix("after a comma"),
            "\(String(decoding: variant, as: UTF8.self)): \(found.message)")
        }
        checked += 1
      }
    }
    #expect(checked > 2_000)
  }

  /// A trace file that is not JSON is refused at its line and column.
  @Test func aTraceFileThatIsNotJSONIsRefusedWhereItBreaks() {
    #expect {
      try DocumentJSON.decode(Data("{\n  \"source\": x\n}\n".utf8), file: "t.json")
    } throws: { error in
      guard let error = error as? InputError, let diagnostic = error.diagnostics.first else { return false }
      return diagnostic.location == SourceLocation(file: "t.json", line: 2, column: 13)
        && diagnostic.message == "not a Precis document: invalid JSON: 'x' is no JSON value"
    }
  }
}
