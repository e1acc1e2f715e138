import Foundation
import PrecisCore

/// How often `--language auto` reads a text as the language it is in: texts of known language
/// (a parallel file's "fr" and "en", or every "text" of a file in one language) normalized by
/// the pipeline's first stages and guessed by its routing, counted by language and by length.
public enum LanguageEvaluation {
  /// One text of known language.
  public struct Sample: Sendable {
    /// Where it comes from (`file:line`, or the group's first line).
    public var location: SourceLocation
    /// The language it is in.
    public var language: String
    /// The text.
    public var text: String
  }

  /// A text read as another language than its own.
  public struct Miss: Sendable {
    /// The text's sample.
    public var sample: Sample
    /// The language it was read as.
    public var guessed: String
    /// Its words.
    public var words: Int
  }

  /// The tallies of an evaluation.
  public struct Score: Sendable {
    /// Texts and those read right, by language.
    public var byLanguage: [String: (texts: Int, right: Int)] = [:]
    /// Texts and those read right, by length (`lengthBands`).
    public var byLength: [(texts: Int, right: Int)] = LanguageEvaluation.lengthBands.map { _ in (0, 0) }
    /// The texts read wrong, in file order.
    public var misses: [Miss] = []

    /// Every text.
    public var texts: Int { byLanguage.values.reduce(0) { $0 + $1.texts } }
    /// Every text read right.
    public var right: Int { byLanguage.values.reduce(0) { $0 + $1.right } }
  }

  /// The bands of length the score is broken into, in words (lower bounds): a sentence of a few
  /// words carries one or two function words, an article hundreds.
  public static let lengthBands = [1, 10, 40]

  /// The samples of the JSON Lines `objects`: each string field named as one of `languages`
  /// is a text in that language; with `expected`, each "text" is one in it. With `group`,
  /// consecutive records with the same value of that field are one text per language, their
  /// texts joined by spaces (a parallel file's sentences, an article each).
  public static func samples(
    _ objects: [([String: Any], SourceLocation)], languages: [String], expected: String?, group: String?
  ) -> [Sample] {
    var samples: [Sample] = []
    var open: (key: String, location: SourceLocation, texts: [String: [String]])?
    func close() {
      guard let group = open else { return }
      for language in group.texts.keys.sorted() {
        samples.append(
          Sample(
            location: group.location, language: language,
            text: (group.texts[language] ?? []).joined(separator: " ")))
      }
      open = nil
    }
    for (object, location) in objects {
      var texts: [(String, String)] = []
      for language in languages {
        if let text = object[language] as? String { texts.append((language, text)) }
      }
      if let expected, let text = object["text"] as? String { texts.append((expected, text)) }
      guard let group else {
        samples += texts.map { Sample(location: location, language: $0.0, text: $0.1) }
        continue
      }
      let key = object[group].map { "\($0)" } ?? ""
      if open?.key != key {
        close()
        open = (key, location, [:])
      }
      for (language, text) in texts { open?.texts[language, default: []].append(text) }
    }
    close()
    return samples
  }

  /// Guesses every sample's language with `pipeline`'s routing (`--language auto`), on the text
  /// its stages before `segment` make of it.
  public static func evaluate(_ samples: [Sample], with pipeline: Pipeline) throws -> Score {
    guard let routing = pipeline.routing else {
      throw PipelineError([
        Diagnostic(
          .error, "the pipeline was not loaded for --language auto",
          notes: ["load it with sourceLanguage 'auto'"])
      ])
    }
    let textStages = pipeline.entries.prefix { !type(of: $0.stage).produces.contains(.text) }.count + 1
    var score = Score()
    for sample in samples {
      var document = Document(source: "\(sample.location)", input: Array(sample.text.utf8))
      try pipeline.run(&document, stages: 0..<min(textStages, pipeline.entries.count))
      let text = document.text ?? sample.text
      let (words, hits) = routing.guesser.counts(in: text)
      let guessed = routing.guesser.guess(hits: hits, fallback: pipeline.sourceLanguage)
      let right = guessed == sample.language
      score.byLanguage[sample.language, default: (0, 0)].texts += 1
      if right { score.byLanguage[sample.language, default: (0, 0)].right += 1 }
      let band = lengthBands.lastIndex { words >= $0 } ?? 0
      score.byLength[band].texts += 1
      if right {
        score.byLength[band].right += 1
      } else {
        score.misses.append(Miss(sample: sample, guessed: guessed, words: words))
      }
    }
    return score
  }
}
