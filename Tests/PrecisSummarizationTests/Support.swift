import Foundation
import PrecisCore
import PrecisSegmentation
import PrecisTestSupport
import Testing

@testable import PrecisSummarization

/// Shared fixtures: the package root, temporary files, segmented documents, stages.
enum Fixture {
  /// The package root, three folders above this file.
  static let root: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// Where a stage is declared in the imaginary pipeline file.
  static let stageLocation = PrecisCore.SourceLocation(file: "pipeline.yaml", line: 1, column: 1)

  /// A short article: a title, a date line, paragraphs, and a pull quote repeating sentence 3.
  static let article = """
    L'Europe accélère sur les semi-conducteurs
    Publié le 12/03/2025

    La Commission européenne a présenté mardi un plan de quarante milliards d'euros pour les semi-conducteurs. Ce plan vise à doubler la part de l'Europe dans la production mondiale de puces d'ici 2030.

    Les industriels saluent une initiative attendue depuis longtemps par tout le secteur. Plusieurs usines devraient ouvrir en Allemagne, en France et en Italie dans les prochaines années.

    Ce plan vise à doubler la part de l'Europe dans la production mondiale de puces d'ici 2030.

    Les syndicats demandent des garanties sur les emplois créés dans les nouvelles usines européennes. Le financement sera partagé entre les États membres et les entreprises privées du secteur.
    Partager sur Facebook
    """

  /// Writes `contents` to a new file named `name` in a fresh temporary folder.
  static func file(_ contents: String, named name: String = "debris.txt") throws -> String {
    try TemporaryFile.write(contents, named: name)
  }

  /// `text` segmented as the default pipeline does.
  static func segmented(_ text: String) throws -> Document {
    let segment = try SegmentStage(
      options: StageOptions(
        stageID: "segment",
        values: [
          "abbreviations": .paths([root + "/lexicons/fr/abbreviations.txt"]),
          "locale": .string("fr@ss=standard"), "split-glued": .boolean(true),
          "detect-title": .boolean(true),
        ],
        stageLocation: stageLocation, sourceLanguage: "fr", targetLanguage: "en"))
    var document = Document(source: "t.txt", text: text)
    try segment.run(&document, context: StageContext(stageID: "segment"))
    return document
  }

  /// The summarize options with the real French lexicons and default weights, plus `values`;
  /// the names in `explicit` are marked as written in the pipeline file.
  static func options(_ values: [String: OptionValue] = [:], explicit: [String] = [])
    -> StageOptions
  {
    var all: [String: OptionValue] = [
      "sentences": .integer(3),
      "stopwords": .paths([root + "/lexicons/fr/stopwords.txt"]),
      "debris": .paths([root + "/lexicons/fr/debris.txt"]),
      "weight-position": .number(0.35), "weight-centrality": .number(0.35),
      "weight-title": .number(0.15), "weight-key-terms": .number(0.15),
      "duplicate-threshold": .number(0.7),
    ]
    all.merge(values) { $1 }
    var locations: [String: PrecisCore.SourceLocation] = [:]
    for (line, name) in explicit.enumerated() {
      locations[name] = PrecisCore.SourceLocation(file: "p.yaml", line: line + 3, column: 5)
    }
    return StageOptions(
      stageID: "summarize", values: all, locations: locations, stageLocation: stageLocation,
      sourceLanguage: "fr", targetLanguage: "en")
  }

  /// `text` segmented, then summarized with `options`.
  static func summarized(_ text: String = article, _ options: StageOptions = options()) throws
    -> Document
  {
    var document = try segmented(text)
    try SummarizeStage(options: options).run(&document, context: StageContext(stageID: "x"))
    return document
  }

  /// The words `summarize` counts in `sentence`: tokens that are not punctuation or elisions.
  static func wordCount(_ sentence: String) throws -> Int {
    try WordTokenizer(language: "fr").makeWorker().tokens(in: sentence)
      .filter { $0.kind != .punctuation && !$0.isElision }.count
  }
}
