import Foundation
import PrecisStages
import PrecisTestSupport
import Testing

@testable import PrecisCore

/// `SortedJSON`: the same bytes as Foundation's `JSONEncoder` with sorted keys, pretty printing
/// and unescaped slashes, which is the reference here.
struct SortedJSONTests {
  static func foundation<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }

  struct Scalars: Encodable {
    var text = "q\"\\/\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}\u{2028}\u{FEFF}é😀 «guillemets»"
    var empty = ""
    var integers: [Int] = [0, 7, -7, Int.max, Int.min]
    var small: [Int8] = [Int8.min, -1, Int8.max]
    var unsigned: [UInt64] = [0, UInt64.max]
    var doubles: [Double] = [
      0, 1, -0.0, 0.1, 1.5e-7, 1e21, 123_456_789.125, 3.0e-5, 1.0 / 3, 2e16, 1e16, 100,
      .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5,
    ]
    var float: Float = 0.1
    var flags = [true, false]
    var absent: Int? = nil
    var present: Int? = 3
    var emptyArray: [Int] = []
    var emptyObject: [String: Int] = [:]
    var nested: [[String: [Int]]] = [["x": [], "y": [1, 2]], [:]]
    // Keys Foundation orders by their UTF-8 bytes: capitals first, "startS" before "start_".
    var keys: [String: String] = Dictionary(
      uniqueKeysWithValues: [
        "startScalar", "starts", "start", "a10", "a9", "A1", "_x", "Zed", "é", "Ä", "a b", "a-b", "",
      ]
      .map { ($0, $0) })
    var numberKeys: [Int: String] = [1: "a", 10: "b", 2: "c"]
    var pairKeys: [[Int]: String] = [[1, 2]: "a"]
  }

  @Test func scalarsContainersAndKeyOrderAreFoundations() throws {
    let value = Scalars()
    #expect(try SortedJSON.encode(value) == Self.foundation(value))
    #expect(try SortedJSON.encode("top") == Self.foundation("top"))
    #expect(try SortedJSON.encode(42) == Self.foundation(42))
    #expect(try SortedJSON.encode([Double]()) == Self.foundation([Double]()))
    #expect(try SortedJSON.encode([String: Int]()) == Self.foundation([String: Int]()))
    #expect(String(decoding: try SortedJSON.bytes(["a": 1]), as: UTF8.self) == "{\n  \"a\" : 1\n}")
  }

  /// Nested containers and super encoders written after later members keep their place; a key
  /// written twice keeps its last value; a value that writes nothing is an empty object.
  struct Unusual: Encodable {
    struct Nothing: Encodable {
      func encode(to encoder: any Encoder) throws {}
    }

    enum CodingKeys: String, CodingKey {
      case b, a, twice, nothing, list, parent, absent
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      var list = container.nestedUnkeyedContainer(forKey: .list)
      var inner = list.nestedContainer(keyedBy: CodingKeys.self)
      try container.encode(1, forKey: .b)
      try container.encode(1, forKey: .twice)
      try list.encode("after")
      try inner.encode(2, forKey: .a)
      try container.encode(2, forKey: .twice)
      try container.encode(Nothing(), forKey: .nothing)
      try container.encodeNil(forKey: .absent)
      var parent = container.superEncoder(forKey: .parent).singleValueContainer()
      try parent.encode([3.5, 4])
      _ = container.superEncoder()
    }
  }

  @Test func nestedAndLateContainersAreFoundations() throws {
    #expect(try SortedJSON.encode(Unusual()) == Self.foundation(Unusual()))
    #expect(try SortedJSON.encode([Unusual(), Unusual()]) == Self.foundation([Unusual(), Unusual()]))
  }

  /// Megabytes of output: the buffer grows many times, and objects of more than a megabyte are
  /// rewritten in key order (their copy then let go) inside others that are too.
  @Test func largeValuesAreFoundations() throws {
    struct Row: Encodable {
      var text: String
      var number: Int
      var score: Double
    }
    struct Page: Encodable {
      var rows: [Row]
      var name = "page"
    }
    let rows = (0..<20_000).map { Row(text: "ligne \($0) « é »\n", number: $0 * 7, score: Double($0) / 3) }
    let value = ["b": Page(rows: rows), "a": Page(rows: Array(rows.prefix(5_000)))]
    let ours = try SortedJSON.encode(value)
    #expect(ours.utf8.count > 2_000_000)
    #expect(ours == (try Self.foundation(value)))
  }

  @Test func nonFiniteNumbersAreRefusedWithTheirPlace() throws {
    struct Score: Encodable { var value: [Double] }
    #expect {
      try SortedJSON.encode(Score(value: [1, .nan]))
    } throws: { error in
      guard case EncodingError.invalidValue(_, let context) = error else { return false }
      return context.codingPath.map(\.stringValue) == ["value", "Index 1"]
    }
    #expect(throws: EncodingError.self) { try SortedJSON.encode(Double.infinity) }
    #expect(throws: EncodingError.self) { try SortedJSON.encode(Unusual.Nothing()) }
  }

  /// Every fixture article's document, after every stage of the default pipeline, is the bytes
  /// Foundation writes.
  @Test func everyFixtureDocumentAfterEveryStageIsFoundations() throws {
    let pipeline = try PrecisStages.loader.load(file: Golden.packageRoot + "/pipeline.yaml")
    let fixtures = try FileManager.default.contentsOfDirectory(atPath: Golden.packageRoot + "/fixtures")
      .sorted()
    #expect(fixtures.count >= 10)
    var compared = 0
    for fixture in fixtures {
      let path = Golden.packageRoot + "/fixtures/" + fixture + "/input.txt"
      guard let input = FileManager.default.contents(atPath: path) else { continue }
      var document = Document(source: path, input: Array(input))
      try pipeline.run(&document) { entry, _, document in
        let ours = try SortedJSON.encode(document)
        #expect(ours == (try Self.foundation(document)), "\(fixture) after \(entry.id)")
        compared += 1
      }
    }
    #expect(compared >= fixtures.count * 5)
  }
}
