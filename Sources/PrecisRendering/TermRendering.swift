import PrecisCore

/// Sentences with their glossary terms rendered in English, by the mode `translate-terms` chose.
public enum TermRendering {
  /// The sentence's text with each match rendered; `mark` wraps the English (for Markdown).
  public static func render(
    _ sentence: Sentence, matches: [TermMatch], mode: TermMode,
    mark: (String) -> String = { $0 }
  ) -> String {
    // Slices of the sentence are copied as UTF-8; offsets are walked once, left to right.
    let view = sentence.text.unicodeScalars
    let count = view.count
    var output = ""
    output.reserveCapacity(sentence.text.utf8.count + 64)
    var cursor = 0
    var cursorIndex = view.startIndex
    for match in matches where match.sentence == sentence.index {
      let start = match.span.start - sentence.span.start
      let end = match.span.end - sentence.span.start
      guard start >= cursor, end <= count, start <= end else { continue }
      let startIndex = view.index(cursorIndex, offsetBy: start - cursor)
      let endIndex = view.index(startIndex, offsetBy: end - start)
      output += Substring(view[cursorIndex..<startIndex])
      let french = String(view[startIndex..<endIndex])
      let english = mark(match.target)
      let rendered: String
      switch mode {
      case _ where match.kept:
        rendered = french  // a name the glossary keeps as it is
      case _ where mode != .replace && french.lowercased() == match.target.lowercased():
        rendered = french  // `euros [euros]` says nothing: the French is the English
      case .annotate: rendered = "\(french) [\(english)]"
      case .replace: rendered = english
      case .bilingual: rendered = "\(english) (\(french))"
      }
      output += rendered
      cursor = end
      cursorIndex = endIndex
    }
    output += Substring(view[cursorIndex...])
    return output.replacingNewlines()
  }
}

extension String {
  /// Line breaks inside a sentence shown as spaces.
  func replacingNewlines() -> String {
    guard utf8.contains(0x0A) else { return self }
    return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" ? " " : $0 }))
  }
}
