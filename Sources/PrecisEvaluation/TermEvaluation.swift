import Foundation
import PrecisCore

/// One French sentence and its human English counterpart.
public struct ParallelRecord: Sendable, Equatable {
  /// The record's id, or its line.
  public var id: String
  /// The French sentence.
  public var french: String
  /// The human English sentence.
  public var english: String

  /// Creates a record.
  public init(id: String, french: String, english: String) {
    self.id = id
    self.french = french
    self.english = english
  }

  /// The records of a JSON Lines file with `fr` and `en` fields (and optionally `id`).
  public static func load(path: String) throws -> [ParallelRecord] {
    try SegmentationGold.objects(path: path).map { object, location in
      guard let french = object["fr"] as? String, let english = object["en"] as? String else {
        throw InputError(
          "a record needs \"fr\" and \"en\" (strings)", at: location,
          notes: [#"write {"fr": "Le chômage baisse.", "en": "Unemployment falls."}"#])
      }
      let id = object["id"].map { "\($0)" } ?? "line \(location.line ?? 0)"
      return ParallelRecord(id: id, french: french, english: english)
    }
  }
}

/// Scores rendered terms against human translations: a rendering is right when its English
/// target, singular or plural, is a whole word sequence of the English sentence (any case).
public struct TermScore: Sendable {
  /// One rendering the English sentence does not confirm.
  public struct Miss: Sendable, Equatable {
    /// The record's id.
    public var record: String
    /// The French form in the text.
    public var form: String
    /// The English it was rendered as.
    public var target: String
    /// The glossary line of the entry.
    public var entry: SourceLocation
    /// The human English sentence.
    public var english: String
  }

  /// Renderings confirmed by the English.
  public var right = 0
  /// Renderings not found in the English.
  public var misses: [Miss] = []
  /// Records scored.
  public var records = 0
  /// Terms kept as they are (do-not-translate, or English identical to the French): not counted.
  public var kept = 0
  /// Terms matched but left unrendered because their domain could not be chosen.
  public var unresolved = 0
  /// Right and counted renderings per glossary file, to show which list is weak.
  public var byGlossary: [String: Tally] = [:]

  /// Right renderings out of those counted.
  public struct Tally: Sendable, Equatable {
    /// Renderings confirmed by the English.
    public var right = 0
    /// Renderings counted.
    public var rendered = 0
    /// The share of renderings that are right.
    public var precision: Double { rendered == 0 ? 0 : Double(right) / Double(rendered) }
  }

  /// An empty score.
  public init() {}

  /// Renderings counted.
  public var rendered: Int { right + misses.count }
  /// The share of renderings that are right.
  public var precision: Double { rendered == 0 ? 0 : Double(right) / Double(rendered) }
  /// Renderings per 100 records.
  public var perHundred: Double { records == 0 ? 0 : Double(rendered) * 100 / Double(records) }

  /// Whether `phrase` occurs in `text` as whole words, ignoring case.
  public static func contains(_ phrase: String, in text: String) -> Bool {
    SenseEvaluation.occurrence(of: phrase.lowercased(), number: 1, in: text.lowercased()) != nil
  }
}

/// Runs a pipeline's term translation over parallel records and scores it.
public enum TermEvaluation {
  /// Scores every term `pipeline` (through `translate-terms`) renders in the French of each record.
  ///
  /// - Complexity: O(*n*) in the total length of the records, times the pipeline's cost.
  public static func evaluate(_ records: [ParallelRecord], with pipeline: Pipeline) throws -> TermScore {
    var score = TermScore()
    for record in records {
      var document = Document(source: record.id, input: Array(record.french.utf8))
      try pipeline.run(&document)
      score.records += 1
      let layer = document.terms
      score.unresolved += layer?.unresolved.count ?? 0
      for match in layer?.matches ?? [] {
        if match.kept || match.target.lowercased() == match.form.lowercased() {
          score.kept += 1
          continue
        }
        let singular = match.entryTarget
        let plural = match.entryPlural
        score.byGlossary[match.entry.file, default: TermScore.Tally()].rendered += 1
        if TermScore.contains(singular, in: record.english) || TermScore.contains(plural, in: record.english)
          || TermScore.contains(match.target, in: record.english)
        {
          score.right += 1
          score.byGlossary[match.entry.file, default: TermScore.Tally()].right += 1
        } else {
          score.misses.append(
            TermScore.Miss(
              record: record.id, form: match.form, target: match.target, entry: match.entry,
              english: record.english))
        }
      }
    }
    return score
  }
}
