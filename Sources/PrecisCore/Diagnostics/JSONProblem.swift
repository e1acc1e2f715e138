import Foundation

/// What is wrong with a JSON text, said in a line: Foundation's errors describe any syntax error
/// as "the data is not in the correct format" (the place is in their debug description), and
/// a decoding error's description is a dump of its coding path and context.
public enum JSONProblem {
  /// A short description of a `JSONSerialization` or `JSONDecoder` error: `invalid JSON:
  /// unexpected end of file`, `invalid JSON: invalid value around character 8`, `missing
  /// "source"`, `"sentences[2].end": expected a number, found a string`.
  public static func describe(_ error: any Error) -> String {
    if let decoding = error as? DecodingError { return describe(decoding) }
    let debug = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
    return "invalid JSON" + (debug.map { ": " + sentence($0) } ?? "")
  }

  private static func describe(_ error: DecodingError) -> String {
    switch error {
    case .keyNotFound(let key, let context):
      return "missing \"\(path(context.codingPath + [key]))\""
    case .valueNotFound(_, let context):
      return "\"\(path(context.codingPath))\" is null"
    case .typeMismatch(let type, let context):
      // ("Expected to decode Int but found a string instead.")
      let found = context.debugDescription.range(of: "found ").map { start in
        var rest = context.debugDescription[start.lowerBound...]
        if let end = rest.range(of: " instead") { rest = rest[..<end.lowerBound] }
        return " " + rest.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
      }
      return "\"\(path(context.codingPath))\": expected \(name(of: type))" + (found.map { "," + $0 } ?? "")
    case .dataCorrupted(let context):
      if let underlying = context.underlyingError { return describe(underlying) }
      let place = context.codingPath.isEmpty ? "" : "\"\(path(context.codingPath))\": "
      return place + sentence(context.debugDescription)
    @unknown default:
      return "\(error)"
    }
  }

  /// A coding path as `sentences[2].end`.
  static func path(_ keys: [any CodingKey]) -> String {
    var text = ""
    for key in keys {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        text += (text.isEmpty ? "" : ".") + key.stringValue
      }
    }
    return text.isEmpty ? "the document" : text
  }

  /// A type as the JSON value it reads.
  static func name(of type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Int.Type, is Double.Type, is Int32.Type, is Int64.Type, is UInt.Type: return "a number"
    case is Bool.Type: return "true or false"
    default:
      let name = "\(type)"
      if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
      if name.hasPrefix("Dictionary") { return "an object" }
      return "an object (\(name))"
    }
  }

  /// `text` as a clause: first letter lowercased, final period dropped.
  static func sentence(_ text: String) -> String {
    var clause = text.hasSuffix(".") ? String(text.dropLast()) : text
    if let first = clause.first, first.isUppercase, !(clause.dropFirst().first?.isUppercase ?? false) {
      clause = first.lowercased() + clause.dropFirst()
    }
    return clause
  }
}
