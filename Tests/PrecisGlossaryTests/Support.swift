import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisGlossary

/// Shared fixtures: the package root, temporary files, documents with sentences.
enum Fixture {
  /// The package root, three folders above this file.
  static let root: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// The small glossary most tests use.
  static let glossary = """
    source\ttarget\tnote
    # technology
    intelligence artificielle\tartificial intelligence
    intelligence\tintelligence
    IA\tAI
    puce\tchip
    puce électronique\telectronic chip\tsemiconductor context
    journal\tnewspaper
    logiciel\tsoftware|software
    technologie\ttechnology
    chaîne d'approvisionnement\tsupply chain

    """

  /// Writes `contents` to a new file named `name` in a fresh temporary folder.
  static func file(_ contents: String, named name: String = "glossary.tsv") throws -> String {
    try TemporaryFile.write(contents, named: name)
  }

  /// A French tokenizer worker.
  static func worker() throws -> WordTokenizer.Worker {
    try WordTokenizer(language: "fr").makeWorker()
  }

  /// The glossary read from `contents`.
  static func glossary(_ contents: String = glossary) throws -> Glossary {
    try Glossary(path: file(contents), tokenizer: worker())
  }

  /// Sentences tokenized as `TermCandidates.candidates(in:)` reads them, none of their tokens
  /// covered by a glossary term.
  static func tokenized(_ sentences: [String]) throws -> [(
    index: Int, tokens: TokenList, covered: [Range<Int>]
  )] {
    let worker = try worker()
    return try sentences.enumerated().map { index, text in
      (index: index, tokens: try worker.tokens(in: text), covered: [Range<Int>]())
    }
  }

  /// A document whose lines are its sentences (one paragraph each). The test target does not
  /// depend on PrecisSegmentation, so sentences are laid out by hand, with scalar spans.
  static func document(_ lines: [String]) -> Document {
    var document = Document(source: "t.txt", text: lines.joined(separator: "\n"))
    var offset = 0
    var sentences: [Sentence] = []
    for (index, line) in lines.enumerated() {
      let length = line.unicodeScalars.count
      sentences.append(
        Sentence(
          index: index, span: Span(start: offset, end: offset + length), text: line,
          paragraph: index, terminated: line.hasSuffix("."), standalone: true))
      offset += length + 1
    }
    document.sentences = sentences
    return document
  }

  /// A translate-terms stage over `glossaries` (file paths) in `mode`.
  static func stage(glossaries: [String], mode: String? = "annotate") throws -> TranslateTermsStage {
    try stage(sources: glossaries.map { SourceFile(path: $0) }, mode: mode)
  }

  /// A translate-terms stage over `sources`, each with its settings (`render`, `columns.source`).
  static func stage(sources: [SourceFile], mode: String? = "annotate", candidates: Bool? = nil) throws
    -> TranslateTermsStage
  {
    var values: [String: OptionValue] = ["glossary": .sources(sources)]
    if let mode { values["mode"] = .string(mode) }
    if let candidates { values["candidates"] = .boolean(candidates) }
    return try TranslateTermsStage(
      options: StageOptions(
        stageID: "terms", values: values,
        stageLocation: SourceLocation(file: "pipeline.yaml", line: 1, column: 1),
        sourceLanguage: "fr", targetLanguage: "en"))
  }

  /// The sentences `lines` run through translate-terms with the small glossary (or `glossary`).
  static func terms(_ lines: [String], glossary: String = glossary, mode: String? = "annotate")
    throws -> Document
  {
    var document = document(lines)
    try stage(glossaries: [file(glossary)], mode: mode)
      .run(&document, context: StageContext(stageID: "terms"))
    return document
  }

  /// The matches of `text` found by the small glossary's matcher, without segmentation.
  static func found(_ text: String, glossary contents: String = glossary) throws
    -> [(form: String, found: TermMatcher.Found)]
  {
    let tokens = try worker().tokens(in: text)
    let scalars = Array(text.unicodeScalars)
    return TermMatcher(glossary: try glossary(contents)).matches(in: tokens).map { found in
      let span = tokens[found.firstToken].start..<tokens[found.endToken - 1].end
      return (String(String.UnicodeScalarView(scalars[span])), found)
    }
  }
}

extension Document {
  /// The text covered by `span`, counted in Unicode scalars.
  func scalars(_ span: Span) -> String {
    let scalars = Array((text ?? "").unicodeScalars)
    return String(String.UnicodeScalarView(scalars[span.start..<span.end]))
  }
}
