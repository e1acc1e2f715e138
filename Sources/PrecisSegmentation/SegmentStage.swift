import PrecisCore

/// Splits the normalized text into sentences (see `SentenceSplitter`) and detects the title.
public struct SegmentStage: Stage {
  public static let typeName = "segment"
  public static let summary = "split into sentences with ICU plus news rules; detect the title"
  public static let options: [OptionSpec] = [
    OptionSpec(
      "locale", .string, default: "{source}",
      help: "ICU locale of the sentence rules; Precis's own abbreviation lists replace @ss=standard"),
    OptionSpec(
      "abbreviations", .paths, default: "lexicons/{source}/abbreviations.txt",
      help: "abbreviation lists: one per line, optional second column 'final'"),
    OptionSpec(
      "function-words", .paths, default: "lexicons/{source}/function-words.txt",
      help: "closed-class words that, capitalized, start a sentence after an initial, ':' or ';'"),
    OptionSpec(
      "split-glued", .boolean, default: "true",
      help: "repair what a scrape glued: sentences without a space (`Progrès.Après`), "
        + "headings joined to the paragraph after them"),
    OptionSpec(
      "detect-title", .boolean, default: "true",
      help: "take as the article's title a first line without final punctuation, "
        + "or one that ends with ? or ! alone in its paragraph"),
    OptionSpec(
      "headline-first", .boolean, default: "false",
      help: "the text opens with its headline: its first paragraph is the title whatever its "
        + "punctuation (`VIDÉO. Hollande a refusé…`), never chosen for the summary"),
  ]
  public static let requires: [Layer] = [.text]
  public static let produces: [Layer] = [.sentences]

  /// The splitter, with its ICU rules and abbreviations loaded once.
  public let splitter: SentenceSplitter
  let detectTitle: Bool
  /// Whether every text opens with its headline paragraph, as a record's "title" does.
  let headlineFirst: Bool

  public init(options: StageOptions) throws {
    var abbreviations = AbbreviationList()
    for path in options.paths("abbreviations") {
      let list = try AbbreviationList(path: path)
      abbreviations.merge(list)
    }
    let functionWords = try LexiconFile.wordSet(at: options.paths("function-words"))
    var rules = SegmentationRules.builtIn(for: options.sourceLanguage)
    rules.abbreviations = abbreviations
    rules.functionWords = functionWords
    let locale = options.string("locale") ?? options.sourceLanguage
    do {
      splitter = try SentenceSplitter(
        locale: locale,
        rules: rules,
        splitGlued: options.boolean("split-glued") ?? true)
    } catch let error as ICUError {
      throw LexiconError(
        "ICU cannot open sentence rules for locale '\(locale)': \(error.name)",
        at: options.location(of: "locale"), notes: ["use a locale such as 'fr' or 'en'"])
    }
    detectTitle = options.boolean("detect-title") ?? true
    headlineFirst = options.boolean("headline-first") ?? false
  }

  public func run(_ document: inout Document, context: StageContext) throws {
    var sentences = try splitter.sentences(in: document.text ?? "")
    // A text of one paragraph has no headline paragraph to take, whatever `headline-first` says.
    let given = document.headlineGiven || (headlineFirst && sentences.contains { $0.paragraph > 0 })
    if given { SegmentStage.joinHeadline(&sentences, text: document.text ?? "") }
    document.sentences = sentences
    document.title =
      detectTitle
      ? SegmentStage.title(in: sentences, abbreviations: splitter.rules.abbreviations, given: given) : nil
  }

  /// Makes the first paragraph, a headline the caller gave, one sentence that stands alone:
  /// `VIDÉO. Hollande a refusé de nommer Macron Premier ministre` and `Diam's de retour ? La
  /// chanteuse sort du silence` are each one title, not a title and a candidate sentence.
  static func joinHeadline(_ sentences: inout [Sentence], text: String) {
    let count = sentences.prefix { $0.paragraph == 0 }.count
    guard count > 0, count < sentences.count else { return }
    let first = sentences[0]
    let last = sentences[count - 1]
    if count > 1 {
      let scalars = text.unicodeScalars
      let start = scalars.index(scalars.startIndex, offsetBy: first.span.start)
      let end = scalars.index(start, offsetBy: last.span.end - first.span.start)
      sentences.replaceSubrange(
        0..<count,
        with: [
          Sentence(
            index: 0, span: Span(start: first.span.start, end: last.span.end),
            text: String(String.UnicodeScalarView(scalars[start..<end])), paragraph: 0,
            terminated: last.terminated, standalone: true)
        ])
      for position in sentences.indices { sentences[position].index = position }
    } else {
      sentences[0].standalone = true
    }
  }

  /// The title: a first line of 2 to 30 words, alone in the first paragraph's first line and
  /// without final punctuation, followed by more text; or one that ends with `?` or `!` and is
  /// the first paragraph alone (see `isQuestionHeadline(_:before:)`).
  ///
  /// A line whose final period belongs to an abbreviation (`… au Ier siècle av. J.-C.`) is
  /// still unpunctuated. A headline the caller `given` (a record's "title") is the title
  /// whatever its punctuation and length: `Charlotte Casiraghi enceinte ?`.
  static func title(
    in sentences: [Sentence], abbreviations: AbbreviationList = AbbreviationList(), given: Bool = false
  ) -> Int? {
    guard sentences.count > 1, let first = sentences.first, first.paragraph == 0 else { return nil }
    if given { return 0 }
    guard first.standalone else { return nil }
    if first.terminated, !SegmentStage.isQuestionHeadline(first, before: sentences[1]) {
      guard let last = first.text.split(separator: " ").last, last.hasSuffix("."),
        abbreviations.verdict(for: String(last)) != .unknown
      else { return nil }
    }
    let words = first.text.split(whereSeparator: { $0 == " " }).count
    return (2...30).contains(words) ? 0 : nil
  }

  /// Whether `first` ends with `?` or `!` (perhaps before closing quotes and spaces) and is its
  /// paragraph alone, a blank line after it: a headline (`Charlotte Casiraghi enceinte ?`),
  /// where a sentence so punctuated would go on in its paragraph.
  static func isQuestionHeadline(_ first: Sentence, before next: Sentence) -> Bool {
    guard next.paragraph != first.paragraph else { return false }
    let end = first.text.unicodeScalars.reversed().first {
      !"\"»”’)".unicodeScalars.contains($0) && !$0.properties.isWhitespace
    }
    return end == "?" || end == "!"
  }
}

extension AbbreviationList {
  /// Adds the entries of `other`.
  mutating func merge(_ other: AbbreviationList) {
    self = AbbreviationList(
      fixed: fixed.union(other.fixed), final: final.union(other.final), words: words.union(other.words))
  }
}
