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
