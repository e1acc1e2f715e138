import Foundation
import PrecisCore

/// One record of a sentence-boundary gold file: a text and its sentences, in order.
public struct SegmentationRecord: Sendable, Equatable {
  /// The record's id as written (a string or a number), or its line number.
  public var id: String
  /// The text to split.
  public var text: String
  /// The gold sentences.
  public var sentences: [String]
  /// False when the gold boundaries include an unpunctuated heading, which cannot be seen once
  /// the sentences are joined by a space.
  public var boundariesPunctuated: Bool

  /// Creates a record.
  public init(id: String, text: String, sentences: [String], boundariesPunctuated: Bool = true) {
    self.id = id
    self.text = text
    self.sentences = sentences
    self.boundariesPunctuated = boundariesPunctuated
  }
}

extension SegmentationRecord {
  /// The record as scraped news often has it: each sentence that ends with `.`, `!`, `?` or
  /// `…` (before closing quotes) glued to the next without a space (`Le Progrès.Après le…`).
  public var glued: SegmentationRecord {
    var text = ""
    for (index, sentence) in sentences.enumerated() {
      if index > 0 {
        let ending = text.unicodeScalars.reversed().first { !"»”\")]’' ".unicodeScalars.contains($0) }
        if let ending, ".!?…".unicodeScalars.contains(ending) {
          while text.last == " " { text.removeLast() }
        } else if text.last != " " {
          text += " "
        }
      }
      text += sentence.trimmingCharacters(in: .whitespaces)
    }
    var copy = self
    copy.text = text
    return copy
  }
}

/// Reads gold files in JSON Lines: one object per line with `text`, `sentences` and optionally
/// `id` and `boundaries_punctuated`.
public enum SegmentationGold {
  /// The `text` field of every line of a JSON Lines file (gold or not, such as OrangeSum).
  public static func texts(path: String) throws -> [String] {
    try objects(path: path).map { object, location in
      guard let text = object["text"] as? String else {
        throw InputError("a record needs \"text\" (a string)", at: location)
      }
      return text
    }
  }

  /// The JSON objects of a JSON Lines file, with their locations.
  public static func objects(path: String) throws -> [([String: Any], SourceLocation)] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(
        "cannot read '\(path)'", at: SourceLocation(file: path),
        notes: [
          "check the path: a JSON Lines file, one object a line (the evaluation data is in ../shared/data)"
        ])
    }
    var result: [([String: Any], SourceLocation)] = []
    var number = 0
    for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else {
        continue
      }
      let location = SourceLocation(file: path, line: number, column: 1)
      do {
        guard let parsed = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        else { throw InputError("not a JSON object", at: location) }
        result.append((parsed, location))
      } catch let error as InputError {
        throw error
      } catch {
        // (Where the line breaks JSON's grammar, when it does.)
        if let (problem, _, column) = JSONSyntax.locatedProblem(in: line) {
          throw InputError(
            "invalid JSON: " + problem.message, at: SourceLocation(file: path, line: number, column: column),
            notes: [problem.fix])
        }
        throw InputError(
          JSONProblem.describe(error), at: location,
          notes: ["each line must be one JSON object"])
      }
    }
    return result
  }

  /// The records of the file at `path`; a bad line is an `InputError` at its line.
  public static func load(path: String) throws -> [SegmentationRecord] {
    var records: [SegmentationRecord] = []
    for (object, location) in try objects(path: path) {
      guard let text = object["text"] as? String,
        let sentences = object["sentences"] as? [String]
      else {
        throw InputError(
          "a record needs \"text\" (a string) and \"sentences\" (a list of strings)", at: location,
          notes: [#"write {"id": "1", "text": "A. B.", "sentences": ["A.", "B."]}"#])
      }
      let id = object["id"].map { "\($0)" } ?? "line \(location.line ?? 0)"
      records.append(
        SegmentationRecord(
          id: id, text: text, sentences: sentences,
          boundariesPunctuated: object["boundaries_punctuated"] as? Bool ?? true))
    }
    return records
  }
}
