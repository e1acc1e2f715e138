import PrecisCore

/// Sentences with their glossary terms rendered in English, by the mode `translate-terms` chose.
public enum TermRendering {
  /// The sentence's text with each match rendered; `mark` wraps the English (for Markdown).
  public static func render(
    _ sentence: Sentence, matches: [TermMatch], mode: TermMode,
    mark: (String) -> String = { $0 }
  ) -> String {
    let scalars = Array(sentence.text.unicodeScalars)
    var output = String.UnicodeScalarView()
    var cursor = 0
    for match in matches where match.sentence == sentence.index {
      let start = match.span.start - sentence.span.start
      let end = match.span.end - sentence.span.start
      guard start >= cursor, end <= scalars.count else { continue }
      output.append(contentsOf: scalars[cursor..<start])
      let french = String(String.UnicodeScalarView(scalars[start..<end]))
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
      output.append(contentsOf: rendered.unicodeScalars)
      cursor = end
    }
    output.append(contentsOf: scalars[cursor...])
    return String(output).replacingNewlines()
  }
}

extension String {
  /// Line breaks inside a sentence shown as spaces.
  func replacingNewlines() -> String {
    String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" ? " " : $0 }))
  }
}
