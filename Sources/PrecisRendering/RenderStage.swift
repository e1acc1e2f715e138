import PrecisCore

/// Writes the brief: the title, the summary with key terms in English, and the key-terms
/// table, as plain text or Markdown; or the whole document as JSON.
public struct RenderStage: Stage {
  public static let typeName = "render"
  public static let summary = "write the brief as text or Markdown, or the document as JSON"
  public static let options: [OptionSpec] = [
    OptionSpec("format", .choice(["text", "markdown", "json"]), default: "text", help: "output format"),
    OptionSpec(
      "key-terms", .boolean, default: "true", help: "end the brief with the key-terms table"),
  ]
  public static let requires: [Layer] = [.text]
  public static let produces: [Layer] = [.output]

  let format: String
  let keyTerms: Bool

  public init(options: StageOptions) throws {
    format = options.string("format") ?? "text"
    keyTerms = options.boolean("key-terms") ?? true
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    let content: String
    switch format {
    case "json": content = try DocumentJSON.encode(document)
    case "markdown": content = BriefWriter(document: document, markdown: true).write(keyTerms: keyTerms)
    default: content = BriefWriter(document: document, markdown: false).write(keyTerms: keyTerms)
    }
    document.output = RenderedOutput(format: format, content: content)
  }
}

/// Lays out a brief as plain text or Markdown.
struct BriefWriter {
  let document: Document
  let markdown: Bool

  func sentence(_ sentence: Sentence) -> String {
    guard let terms = document.terms else { return sentence.text.replacingNewlines() }
    return TermRendering.render(
      sentence, matches: terms.matches, mode: terms.mode,
      mark: { markdown ? "**\($0)**" : $0 })
  }

  func write(keyTerms: Bool) -> String {
    let sentences = document.sentences ?? []
    var lines: [String] = []
    if let title = document.title, title < sentences.count {
      lines.append(markdown ? "# " + sentence(sentences[title]) : sentence(sentences[title]))
      lines.append("")
    }
    let chosen: [Int]
    if let summary = document.summary {
      chosen = summary.chosen
      let heading = "Summary (\(chosen.count) of \(sentences.count) sentences)"
      lines.append(markdown ? "## " + heading : heading)
    } else {
      chosen = sentences.indices.filter { $0 != document.title }
      lines.append(markdown ? "## Text" : "Text")
    }
    if markdown { lines.append("") }
    for index in chosen where index < sentences.count {
      lines.append((markdown ? "- " : "  • ") + sentence(sentences[index]))
    }
    if keyTerms, let terms = document.terms {
      lines.append("")
      if terms.keyTerms.isEmpty {
        lines.append(markdown ? "## Key terms\n\nNo glossary term found." : "Key terms: none found")
      } else if markdown {
        lines.append("## Key terms")
        lines.append("")
        lines.append("| French | English | Count |")
        lines.append("|---|---|---:|")
        for term in terms.keyTerms {
          lines.append("| \(term.source) | \(term.target) | \(term.count) |")
        }
      } else {
        lines.append("Key terms (French → English, count)")
        let width = terms.keyTerms.map { $0.source.count }.max() ?? 0
        let targetWidth = terms.keyTerms.map { $0.target.count }.max() ?? 0
        for term in terms.keyTerms {
          let source = term.source + String(repeating: " ", count: width - term.source.count)
          let target = term.target + String(repeating: " ", count: targetWidth - term.target.count)
          lines.append("  \(source)  →  \(target)  \(term.count)")
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
