import Foundation
import PrecisCore
import Testing

/// `JSONProblem`: Foundation's JSON errors said in a line, with the place.
struct JSONProblemTests {
  struct Record: Decodable {
    struct Span: Decodable {
      var start: Int
      var end: Int
    }
    var source: String
    var spans: [Span]
  }

  func problem(decoding text: String) -> String? {
    do {
      _ = try JSONDecoder().decode(Record.self, from: Data(text.utf8))
      return nil
    } catch {
      return JSONProblem.describe(error)
    }
  }

  @Test func syntaxErrorsSayWhere() {
    #expect(throws: (any Error).self) {
      try JSONSerialization.jsonObject(with: Data(#"{"a": 1,, "b": 2}"#.utf8))
    }
    do {
      _ = try JSONSerialization.jsonObject(with: Data(#"{"a": 1,, "b": 2}"#.utf8))
    } catch {
      #expect(JSONProblem.describe(error) == "invalid JSON: invalid value around character 8")
    }
    do {
      _ = try JSONSerialization.jsonObject(with: Data(#"{"a": [1, 2"#.utf8))
    } catch {
      #expect(JSONProblem.describe(error).hasPrefix("invalid JSON: unexpected end of file"))
    }
  }

  @Test func decodingErrorsNameTheField() {
    #expect(problem(decoding: #"{"spans": []}"#) == #"missing "source""#)
    #expect(
      problem(decoding: #"{"source": "x", "spans": [{"start": 0, "end": 1}, {"start": 2, "end": "3"}]}"#)
        == #""spans[1].end": expected a number, found a string"#)
    #expect(problem(decoding: #"{"source": "x", "spans": 5}"#) == #""spans": expected a list, found number"#)
    #expect(problem(decoding: #"{"source": null, "spans": []}"#) == #""source" is null"#)
    #expect(problem(decoding: #"{"source": "x", "spans": [{"start": 0, "end": 1}]}"#) == nil)
  }
}
