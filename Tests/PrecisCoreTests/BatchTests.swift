import Foundation
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

/// Records of strings only are read from their bytes as JSONSerialization reads them; any
/// other record is left to JSONSerialization.
struct FlatJSONObjectTests {
  static func flat(_ line: String) -> [String: String]? {
    Array(line.utf8).withUnsafeBufferPointer { FlatJSONObject.fields($0) }
  }

  static func foundation(_ line: String) -> [String: String]? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
  }

  @Test(arguments: [
    #"{"id": "a", "text": "Le chat dort."}"#, #"{}"#, #"  { "text" : "x" }  "#, "{\"text\":\"x\"}\r",
    #"{"text": "a \"quoted\" word, a back\\slash, a \/ slash"}"#,
    #"{"text": "\n\r\t\b\f", "k": ""}"#, #"{"text": "\u00e9t\u00C9 \u4e2d \ud83d\ude00 \u0000"}"#,
    #"{"é": "ü", "text": "l’été « chaud » — 👨‍👩‍👧"}"#, #"{"text": "12345678\"12345678\\1234567\n"}"#,
  ])
  func readsWhatJSONSerializationReads(_ line: String) throws {
    let expected = try #require(Self.foundation(line))
    #expect(Self.flat(line) == expected)
  }

  @Test(arguments: [
    #"{"id": 1, "text": "x"}"#, #"{"text": null}"#, #"{"text": ["a"]}"#, #"{"a": "1", "a": "2"}"#,
    #"{"text": "x",}"#, #"{"text": "x"} x"#, #"["x"]"#, "{\"text\": \"a\u{1}b\"}", #"{"text": "\ud800"}"#,
    #"{"text": "\udc00x"}"#, #"{"text": "\q"}"#, #"{"text": "\u12G4"}"#, #"{"text": "x"#, #"{"text" "x"}"#,
    "\u{FEFF}{\"text\": \"x\"}", "{\"text\": \"tab\there\"}",
  ])
  func leavesEverythingElseToJSONSerialization(_ line: String) {
    #expect(Self.flat(line) == nil)
  }

  /// The text kept as bytes is the UTF-8 of the string read otherwise, and the same records are
  /// refused.
  @Test func theTextIsKeptAsTheBytesOfItsString() {
    let lines = [
      #"{"id": "a", "text": "Le chat dort."}"#, #"{"text": "a \"quoted\" word \u00e9 \ud83d\ude00\n"}"#,
      #"{"id": "b"}"#, #"{}"#, #"{"text": "x", "text": "y"}"#, #"{"text": 1}"#, #"{"text": "\ud800"}"#,
    ]
    for line in lines {
      let read = Array(line.utf8).withUnsafeBufferPointer {
        FlatJSONObject.fields($0, keepingBytesOf: "text")
      }
      let plain = Self.flat(line)
      #expect((read == nil) == (plain == nil), "\(line)")
      guard let read, var plain else { continue }
      #expect(read.bytes == plain.removeValue(forKey: "text").map { Array($0.utf8) }, "\(line)")
      #expect(read.fields == plain, "\(line)")
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
}
