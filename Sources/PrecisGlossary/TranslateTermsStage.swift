import PrecisCore

/// Finds glossary terms in every sentence and records how each is rendered in English: case
/// carried over (`IA` → `AI`, `Intelligence artificielle` → `Artificial intelligence`) and number
/// agreed with the French (`des puces` → `chips`).
public struct TranslateTermsStage: Stage {
  public static let typeName = "translate-terms"
  public static let summary = "match glossary terms (elision, plurals, case) and render them"
  public static let options: [OptionSpec] = [
    OptionSpec(
      "glossary", .paths, default: "lexicons/glossary/{source}-{target}.tsv",
      help: "glossary TSV files (source, target, note), in priority order"),
    OptionSpec(
      "mode", .choice(TermMode.allCases.map(\.rawValue)), default: "annotate",
      help: "annotate: 'puces [chips]'; replace: 'chips'; bilingual: 'chips (puces)'"),
  ]
  public static let requires: [Layer] = [.sentences]
  public static let produces: [Layer] = [.terms]

  let tokenizer: WordTokenizer
  let matcher: TermMatcher
  let mode: TermMode

  public init(options: StageOptions) throws {
    tokenizer = try WordTokenizer(language: options.sourceLanguage)
    let worker = try tokenizer.makeWorker()
    let glossaries = try options.paths("glossary").map { try Glossary(path: $0, tokenizer: worker) }
    let french = options.sourceLanguage == "fr"
    matcher = TermMatcher(
      glossary: Glossary(merging: glossaries),
      verbCues: french ? TermMatcher.frenchVerbCues : [],
      headBreakers: french ? TermMatcher.frenchHeadBreakers : [])
    mode = TermMode(rawValue: options.string("mode") ?? "") ?? .annotate
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    let worker = try tokenizer.makeWorker()
    var matches: [TermMatch] = []
    for sentence in document.sentences ?? [] {
      let tokens = try worker.tokens(in: sentence.text)
      let scalars = Array(sentence.text.unicodeScalars)
      for found in matcher.matches(in: tokens) {
        let start = tokens[found.firstToken].start
        let end = tokens[found.endToken - 1].end
        let form = String(String.UnicodeScalarView(scalars[start..<end]))
        let english = found.plural ? found.entry.pluralTarget : found.entry.target
        matches.append(
          TermMatch(
            sentence: sentence.index,
            span: Span(start: sentence.span.start + start, end: sentence.span.start + end),
            form: form, source: found.entry.source,
            target: TranslateTermsStage.carryCase(from: form, entry: found.entry.source, to: english),
            entryTarget: found.entry.target, plural: found.plural, entry: found.entry.location))
      }
    }
    document.terms = TermLayer(
      mode: mode, matches: matches, keyTerms: TranslateTermsStage.keyTerms(matches))
  }

  /// The target with the case of the text: unchanged when the text is written as the entry;
  /// in capitals when the text is (and the entry is not); capitalized when the text is;
  /// lowercased when the entry is a capitalized name but the text uses the common noun
  /// (`Parlement` → `Parliament`, but `parlements` → `parliaments`).
  static func carryCase(from form: String, entry: String, to target: String) -> String {
    if form == entry { return target }
    let letters = form.filter(\.isLetter)
    let entryLetters = entry.filter(\.isLetter)
    let formIsCaps = letters.count > 1 && letters.allSatisfy(\.isUppercase)
    if formIsCaps {
      return entryLetters.allSatisfy(\.isUppercase) ? target : target.uppercased()
    }
    if let first = form.first, first.isUppercase, entry.first?.isUppercase != true,
      let targetFirst = target.first
    {
      return targetFirst.uppercased() + target.dropFirst()
    }
    if let first = form.first, first.isLowercase, entry.first?.isUppercase == true,
      let targetFirst = target.first, targetFirst.isUppercase,
      let firstWord = target.split(separator: " ").first,
      !firstWord.dropFirst().contains(where: \.isUppercase)
    {
      return targetFirst.lowercased() + target.dropFirst()
    }
    return target
  }

  /// One row per entry: count and first sentence, most frequent first.
  static func keyTerms(_ matches: [TermMatch]) -> [KeyTerm] {
    var rows: [KeyTerm] = []
    var positions: [SourceLocation: Int] = [:]
    for match in matches {
      if let position = positions[match.entry] {
        rows[position].count += 1
      } else {
        positions[match.entry] = rows.count
        rows.append(
          KeyTerm(
            source: match.source, target: match.entryTarget, count: 1,
            firstSentence: match.sentence, entry: match.entry))
      }
    }
    return rows.enumerated().sorted {
      $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
    }.map(\.element)
  }
}
