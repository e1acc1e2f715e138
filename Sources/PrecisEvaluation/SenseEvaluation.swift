import Foundation
import PrecisCore

/// One occurrence of a word in a text of the evaluation data, and the English its rendering
/// must hold: a line of a senses gold file (see `SenseEvaluation`).
public struct SenseGold: Sendable, Equatable {
  /// The data file that holds the text, relative to the data folder (`seg/fr_gsd-dev.jsonl`).
  public var file: String
  /// The record's `id` in that file.
  public var id: String
  /// The word's dictionary form (`républicain`): the scores are given by it.
  public var word: String
  /// The word as the text writes it (`républicaines`), matched whole and with its case.
  public var form: String
  /// Which occurrence of `form` in the text, from 1.
  public var occurrence: Int
  /// English the rendering must contain, with its case (`Republican`); nil when the word must
  /// not be rendered at all (a figurative `sommet`, the department `Manche`).
  public var expected: String?
  /// Why, in the annotator's words.
  public var note: String
  /// The gold file's line.
  public var location: SourceLocation

  /// Creates an annotation.
  public init(
    file: String, id: String, word: String, form: String, occurrence: Int, expected: String?,
    note: String = "", location: SourceLocation
  ) {
    self.file = file
    self.id = id
    self.word = word
    self.form = form
    self.occurrence = occurrence
    self.expected = expected
    self.note = note
    self.location = location
  }

  /// The annotations of a gold file: tab-separated `file`, `id`, `word`, `form`,
  /// `occurrence`, `expected` (`-` for none) and an optional note; `#` comments and blank
  /// lines skipped.
  public static func load(path: String) throws -> [SenseGold] {
    guard FilePath.isFile(path) else {
      throw InputError(
        "cannot read the gold file '\(path)'", at: SourceLocation(file: path),
        notes: ["give the annotated occurrences as TSV, such as eval/senses-fr-en.tsv"])
    }
    return try LexiconFile.lines(at: path).map { line in
      let fields = line.fields
      guard fields.count >= 6, !fields[..<6].contains(where: \.isEmpty) else {
        throw InputError(
          "a line needs six tab-separated fields: file, id, word, form, occurrence, expected",
          at: line.location,
          notes: [
            "write seg/fr_gsd-dev.jsonl<TAB>ID<TAB>sommet<TAB>sommets<TAB>1<TAB>peak (- for no rendering)"
          ])
      }
      guard let occurrence = Int(fields[4]), occurrence >= 1 else {
        throw InputError(
          "the occurrence '\(fields[4])' is not a whole number of 1 or more", at: line.location,
          notes: ["count the form's occurrences in the text from 1"])
      }
      return SenseGold(
        file: fields[0], id: fields[1], word: fields[2], form: fields[3], occurrence: occurrence,
        expected: fields[5] == "-" ? nil : fields[5], note: fields.count > 6 ? fields[6] : "",
        location: line.location)
    }
  }
}

/// How a pipeline rendered the annotated occurrences of a senses gold file.
public struct SenseScore: Sendable {
  /// One annotated occurrence and what the pipeline made of it.
  public struct Row: Sendable, Equatable {
    /// The annotation.
    public var gold: SenseGold
    /// The English the occurrence was rendered as, or nil.
    public var rendered: String?
    /// The context word that chose the rendering's entry, when one did (`Trump`).
    public var cue: String?
    /// Why it was left unrendered, when a term covers it (`ambiguous`, `variable`, `name`;
    /// `kept` for a term kept as written).
    public var left: String?
    /// The text around the occurrence, the occurrence in brackets.
    public var context: String

    /// Whether the pipeline did what the annotation asks: rendered English that contains the
    /// expected, or nothing where nothing is expected.
    public var right: Bool {
      guard let expected = gold.expected else { return rendered == nil }
      return rendered?.contains(expected) ?? false
    }
  }

  /// Every annotated occurrence, in the gold file's order.
  public var rows: [Row] = []

  /// An empty score.
  public init() {}

  /// The occurrences the pipeline got right.
  public var right: Int { rows.filter(\.right).count }
  /// The occurrences rendered, rightly or not.
  public var rendered: Int { rows.filter { $0.rendered != nil }.count }
  /// The renderings that hold the expected English.
  public var renderedRight: Int { rows.filter { $0.rendered != nil && $0.right }.count }
  /// The occurrences annotated with an English to render.
  public var expectingRendering: Int { rows.filter { $0.gold.expected != nil }.count }
  /// The share of occurrences the pipeline got right.
  public var accuracy: Double { rows.isEmpty ? 0 : Double(right) / Double(rows.count) }
  /// The share of renderings that are right.
  public var precision: Double { rendered == 0 ? 0 : Double(renderedRight) / Double(rendered) }
  /// The share of occurrences annotated with an English that are rendered with it.
  public var coverage: Double {
    expectingRendering == 0 ? 0 : Double(renderedRight) / Double(expectingRendering)
  }
}

/// Scores the senses a pipeline gives words of several senses (`sommet`, `républicain`,
/// `Manche`) against annotated occurrences in the evaluation data: texts its context words
/// were not chosen on.
public enum SenseEvaluation {
  /// Runs `pipeline` (through `translate-terms`) on each text `gold` names, read from the JSON
  /// Lines files under `data` (the record's `"text"`, or its `"fr"`), and tells how each
  /// annotated occurrence was rendered. Throws an `InputError` at the gold line whose file,
  /// record or occurrence cannot be found.
  public static func evaluate(_ gold: [SenseGold], data: String, with pipeline: Pipeline) throws -> SenseScore
  {
    var texts: [String: [String: String]] = [:]
    var documents: [String: Document] = [:]
    var score = SenseScore()
    for annotation in gold {
      if texts[annotation.file] == nil {
        texts[annotation.file] = try records(in: data + "/" + annotation.file, for: annotation)
      }
      guard let text = texts[annotation.file]?[annotation.id] else {
        throw InputError(
          "no record '\(annotation.id)' in \(data)/\(annotation.file)", at: annotation.location,
          notes: ["name a record by its \"id\""])
      }
      let key = annotation.file + "\t" + annotation.id
      if documents[key] == nil {
        var document = Document(source: annotation.id, input: Array(text.utf8))
        try pipeline.run(&document)
        documents[key] = document
      }
      guard let document = documents[key], let normalized = document.text,
        let found = occurrence(of: annotation.form, number: annotation.occurrence, in: normalized)
      else {
        throw InputError(
          "the text has no occurrence \(annotation.occurrence) of '\(annotation.form)'",
          at: annotation.location,
          notes: ["write the form as the text does, with its case and accents"])
      }
      let covers = { (span: Span) in span.start < found.upperBound && found.lowerBound < span.end }
      let match = document.terms?.matches.first { covers($0.span) }
      var left: String?
      if let match, match.kept {
        left = "kept"
      } else if match == nil {
        left = document.terms?.unresolved.first { covers($0.span) }.map { "\($0.reason)" }
      }
      score.rows.append(
        SenseScore.Row(
          gold: annotation, rendered: match.flatMap { $0.kept ? nil : $0.target }, cue: match?.cue?.word,
          left: left, context: context(of: found, in: normalized)))
    }
    return score
  }

  /// The records of a JSON Lines file by id: each one's `"text"`, or its `"fr"`.
  static func records(in path: String, for annotation: SenseGold) throws -> [String: String] {
    guard FilePath.isFile(path) else {
      throw InputError(
        "no data file '\(path)'", at: annotation.location,
        notes: ["name the file from the data folder, as seg/fr_gsd-dev.jsonl"])
    }
    var result: [String: String] = [:]
    for (object, _) in try SegmentationGold.objects(path: path) {
      guard let id = object["id"].map({ "\($0)" }),
        let text = (object["text"] as? String) ?? (object["fr"] as? String)
      else { continue }
      result[id] = text
    }
    return result
  }

  /// The scalar offsets of occurrence `number` (from 1) of `form` in `text`, as a whole word:
  /// no letter or digit on either side.
  static func occurrence(of form: String, number: Int, in text: String) -> Range<Int>? {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(form.unicodeScalars)
    guard !needle.isEmpty, needle.count <= scalars.count else { return nil }
    func isWordScalar(_ index: Int) -> Bool {
      scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil
    }
    var seen = 0
    for start in 0...(scalars.count - needle.count) where scalars[start] == needle[0] {
      let end = start + needle.count
      guard scalars[start..<end].elementsEqual(needle), start == 0 || !isWordScalar(start - 1),
        end == scalars.count || !isWordScalar(end)
      else { continue }
      seen += 1
      if seen == number { return start..<end }
    }
    return nil
  }

  /// Up to 60 scalars on each side of `range` in `text`, the occurrence in brackets.
  static func context(of range: Range<Int>, in text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    func piece(_ bounds: Range<Int>) -> String {
      var result = String.UnicodeScalarView()
      result.append(contentsOf: scalars[bounds].map { $0 == "\n" ? " " : $0 })
      return String(result)
    }
    let before = max(0, range.lowerBound - 60)
    let after = min(scalars.count, range.upperBound + 60)
    return (before > 0 ? "…" : "") + piece(before..<range.lowerBound) + "[" + piece(range) + "]"
      + piece(range.upperBound..<after) + (after < scalars.count ? "…" : "")
  }
}
