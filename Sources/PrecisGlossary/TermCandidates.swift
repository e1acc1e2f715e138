import PrecisCore

/// The terms a glossary is missing: runs of one to four content words (bounded by stopwords,
/// punctuation, numbers and glossary matches) that recur in a document, longest and most
/// frequent first. A run contained in a longer one is left out unless it recurs enough on its
/// own, and a single lowercase word needs one more occurrence than a name or a multiword run.
/// A run in the plural is counted with the same run in the singular when the document has that
/// too (`éléphants` with `éléphant`), as one glossary entry would match both; a run capitalized
/// wherever it occurs, and not only at the start of a sentence, is marked as a name.
public struct TermCandidates: Sendable {
  /// Lowercase stopwords (function words and very common words), looked up by their bytes.
  let stopwords: WordSet
  /// How many times a run must occur to be proposed.
  let minimumCount: Int
  /// The language of the text, whose rules of inflection tell a plural from its singular.
  let language: String
  /// A digest of the stopwords (FNV-1a over them, sorted): the counts of corpora are added up
  /// only when their runs were bounded by the same words (`TermCounts`).
  let stopwordsDigest: UInt64
  /// The longest run proposed, in words.
  static let longest = 4
  /// How many of the most frequent runs are weighed against each other.
  static let frequentRuns = 300
  /// French nouns that end in `s` in the singular, whose text without it is another noun
  /// (`cours` and `cour`, `fils` and `fil`, `fois` and `foi`).
  static let frenchSingularsInS: Set<String> = ["cours", "fils", "fois", "bois", "temps", "corps", "pays"]
  /// French elided pronouns and negation that only a verb follows (`s'élève`, `n'importe`,
  /// `j'accuse`, `m'appelle`): the word after one is no term, whatever it shares with a noun
  /// (`élève`, the pupil). (`s'` before `il` is `si`, and `il` a stopword.)
  static let frenchVerbClitics: Set<String> = ["s'", "n'", "j'", "m'", "t'"]
  /// French forms of `avoir` (and `été`, of the passive) after which a word with a past
  /// participle's ending is the verb's participle (`a déclaré`, `ont été blessés`), also
  /// through an inverted pronoun (`a-t-il ajouté`, `ont-ils décidé`).
  static let frenchAuxiliaries: WordSet = [
    "a", "ai", "as", "avons", "avez", "ont", "avait", "avais", "avions", "aviez", "avaient", "aura", "auras",
    "aurons", "aurez", "auront", "aurait", "aurais", "aurions", "auriez", "auraient", "ait", "aient", "ayant",
    "avoir", "eu", "été",
  ]
  /// Adverbs that stand between an auxiliary and its participle (`a pas indiqué`, `a aussi
  /// souligné`, `avait-il notamment déclaré`, `a en outre annoncé`).
  static let frenchAdverbs: WordSet = [
    "pas", "plus", "jamais", "point", "guère", "aussi", "encore", "déjà", "notamment", "toujours", "bien",
    "même",
    "également", "ensuite", "enfin", "alors", "souvent", "longtemps", "beaucoup", "tout", "trop", "peu",
    "assez",
    "presque", "pourtant", "ainsi", "vite", "finalement", "récemment", "outre", "en",
  ]
  /// The subject pronouns an inverted auxiliary is joined to (`a-t-il`, `ont-ils`).
  static let frenchSubjectPronouns: WordSet = [
    "il", "elle", "ils", "elles", "on", "je", "tu", "nous", "vous",
  ]

  /// The quotation marks that close a quotation, before the incise that reports it (`"…",
  /// explique le ministre`).
  static let closingQuotes: Set<String> = ["\"", "»", "”"]
  /// French determiners that open an incise's inverted subject after its verb (`", explique le
  /// ministre`, `», précise l'avocat`).
  static let frenchDeterminers: Set<String> = [
    "le", "la", "les", "l'", "un", "une", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs",
    "notre", "nos", "mon", "ma", "mes", "votre", "vos", "ton", "ta", "tes",
  ]

  /// Creates an extractor for text in `language`.
  public init(stopwords: Set<String>, minimumCount: Int, language: String) {
    self.stopwords = WordSet(stopwords)
    self.minimumCount = minimumCount
    self.language = language
    stopwordsDigest = stopwords.sorted().reduce(0xcbf2_9ce4_8422_2325 as UInt64) { digest, word in
      (word.utf8 + [0]).reduce(digest) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
  }

  /// The candidates of sentences given as tokens, with the token ranges glossary terms cover.
  ///
  /// A long document is read on the cores: its sentences in contiguous parts, then its runs
  /// counted in shards (a run belongs to one shard, chosen by its words), so no count is ever
  /// merged. The result is the same for any number of cores.
  ///
  /// - Complexity: O(*n*) in the number of tokens (runs are at most `longest` words).
  public func candidates(
    in sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])],
    threshold: Int = Parallel.threshold, cores: Int = Parallel.cores
  ) -> [TermCandidate] {
    // Content words, numbered per part of the sentences.
    let parts =
      (try? Parallel.parts(sentences.count, threshold: threshold, cores: cores) { range in
        self.contentWords(of: sentences, range)
      }) ?? []
    // Numbers for the whole document, in order of first occurrence: each part's words are
    // renumbered through a table.
    var numbers: [String: Int32] = [:]
    let renumbering = parts.map { part in
      part.words.map { word -> Int32 in
        let next = Int32(truncatingIfNeeded: numbers.count)
        let number = numbers[word, default: next]
        if number == next { numbers[word] = next }
        return number
      }
    }
    // A word in the plural is counted as its singular when the document has that too, both
    // written in lowercase somewhere (common words: `Paris` is no plural of `pari`).
    var words = [String](repeating: "", count: numbers.count)
    for (word, number) in numbers { words[Int(number)] = word }
    var lowercase = [Bool](repeating: false, count: numbers.count)
    for (part, content) in parts.enumerated() {
      for (index, mark) in content.marks.enumerated() where mark & ContentWords.capitalized == 0 {
        lowercase[Int(renumbering[part][Int(content.sequence[index])])] = true
      }
    }
    let singular = words.indices.map { number -> Int32 in
      self.singular(of: number, words: words, number: { numbers[$0] }, lowercase: lowercase) ?? Int32(number)
    }
    // Runs are counted in shards, each shard reading every run and counting its own.
    let shards = parts.count
    let counted =
      (try? Parallel.parts(shards, threshold: 2, cores: shards) { range in
        range.map { shard in
          self.count(
            parts, renumbering: renumbering, singular: singular, shard: shard, of: shards,
            sentences: sentences)
        }
      }) ?? []
    let frequent = counted.joined().joined().sorted(by: Tally.moreFrequent).prefix(
      TermCandidates.frequentRuns)
    // Leave out a run inside a longer frequent run unless it recurs enough outside it
    // (`intelligence` in `intelligence artificielle`, `Jinping` seen 7 times of which 6 in
    // `Xi Jinping`): each shorter run inside a frequent run gets the highest count of a run
    // that holds it, and is kept when the rest of its occurrences reach the minimum count.
    let holders = Run.holders(of: frequent.lazy.map { ($0.run, $0.count) })
    // A form's text: its tokens, with a space between two that the text spaces apart
    // (`bouclier tarifaire`, `Saint-Nazaire`).
    func text(_ form: Tally.Form) -> String {
      let tokens = sentences[form.sentence].tokens
      var text = ""
      for index in form.tokens {
        if index > form.tokens.lowerBound, tokens[index].start != tokens[index - 1].end { text += " " }
        text += tokens.text(at: index)
      }
      return text
    }
    return frequent.filter { $0.count - (holders[$0.run] ?? 0) >= minimumCount }
      .sorted {
        let left = $0.count * (2 + $0.run.count)
        let right = $1.count * (2 + $1.run.count)
        return left != right ? left > right : $0.order < $1.order
      }
      .map { tally in
        // Shown in the singular when the text has it so, else as first written.
        let forms = [tally.first] + tally.otherForms
        let shown = forms.firstIndex { $0.run == tally.run } ?? 0
        return TermCandidate(
          form: text(forms[shown]), count: tally.count,
          firstSentence: sentences[tally.first.sentence].index,
          variants: forms.indices.filter { $0 != shown }.map { text(forms[$0]) },
          isName: !tally.lowercase && tally.midSentence)
      }
  }

  /// The number of the singular the word numbered `number` is the plural of, when the text has
  /// both in lowercase somewhere (common words: `Paris` is no plural of `pari`), else nil.
  /// `numbered` gives a word's number, nil for a word the text does not have.
  func singular(of number: Int, words: [String], number numbered: (String) -> Int32?, lowercase: [Bool])
    -> Int32?
  {
    let word = words[number]
    guard lowercase[number] else { return nil }
    for candidate in singularCandidates(of: word) {
      guard let found = numbered(candidate), lowercase[Int(found)],
        Inflection.forms(of: candidate, role: .noun, language: language).contains(where: {
          $0.plural && $0.form == word
        })
      else { continue }
      return found
    }
    return nil
  }

  /// Whether a run seen `count` times is proposed: it must reach `minimumCount`, and a lone word
  /// written in lowercase where first seen (often a verb or an adjective) one more.
  func recursEnough(count: Int, words: Int, firstWritten: @autoclosure () -> String) -> Bool {
    guard count >= minimumCount else { return false }
    guard words == 1, count == minimumCount else { return true }
    return firstWritten().unicodeScalars.first?.properties.isLowercase != true
  }

  /// The words `word` may be the plural of, by the language's endings (`puces` → `puce`,
  /// `journaux` → `journal`, `travail`, `réseaux` → `réseau`); checked against the rules that
  /// make plurals (`Inflection`), so `technologies` is never taken for `technologique`.
  /// Singular nouns in `s` whose text without it is another word are left alone.
  func singularCandidates(of word: String) -> [String] {
    guard language == "fr", !TermCandidates.frenchSingularsInS.contains(word) else { return [] }
    var result: [String] = []
    if word.endsWith("aux") {
      let stem = String(word.dropLast(3))
      result += [stem + "al", stem + "ail"]
    }
    if word.endsWith("s") || word.endsWith("x") { result.append(String(word.dropLast())) }
    return result
  }

  /// What a word has in common with its singular or plural (`singularCandidates(of:)`), so
  /// that a corpus can keep together the runs that may be counted together before it knows
  /// which are: `journ` for `journal` and `journaux`, `trav` for `travail` and `travaux`,
  /// `rése` for `réseau` and `réseaux`, `gilet` for `gilet` and `gilets`. Other words may
  /// share it (`bal` and `bail`); a word whose singular `singularCandidates` finds always does.
  func pluralRoot(of word: String) -> Substring {
    guard language == "fr" else { return word[...] }
    // (The endings are ASCII: their bytes end a word's UTF-8 only as its last characters.)
    let bytes = Array(word.utf8)
    var end = bytes.count
    func ends(with ending: StaticString) -> Bool {
      let tail = UnsafeBufferPointer(start: ending.utf8Start, count: ending.utf8CodeUnitCount)
      return tail.count <= end && bytes[(end - tail.count)..<end].elementsEqual(tail)
    }
    if ends(with: "aux") {
      end -= 3
    } else {
      if ends(with: "s") || ends(with: "x") { end -= 1 }
      if ends(with: "ail") {
        end -= 3
      } else if ends(with: "al") || ends(with: "au") {
        end -= 2
      }
    }
    return word[..<word.utf8.index(word.utf8.startIndex, offsetBy: end)]
  }

  /// The content words of some sentences: runs of them, numbered in order of first occurrence.
  struct ContentWords: Sendable {
    /// The words, by number.
    var words: [String] = []
    /// Each run's words as numbers, runs one after the other.
    var sequence: [Int32] = []
    /// Where each run starts in `sequence`, with `sequence.count` last.
    var runStarts: [Int] = [0]
    /// Each run's sentence (a position in the sentences given).
    var origins: [Int] = []
    /// The words met opening the incise after a quotation (`opensIncise`), once each time.
    var reporting: [String] = []
    /// For each word of `sequence`, its tokens (a compound's are several: `couvre`, `-`, `feu`).
    var tokens: [(start: Int32, end: Int32)] = []
    /// For each word of `sequence`: `capitalized`, and `opensSentence` (no word before it in
    /// its sentence).
    var marks: [UInt8] = []
    static let capitalized: UInt8 = 1
    static let opensSentence: UInt8 = 2
    /// An article capitalized at the start of a name or inside it (`La` of `à La Rochelle`,
    /// `Le` of `Marine Le Pen`): a word of the run, with which no run proposed ends.
    static let nameArticle: UInt8 = 4

    /// Whether the `length` words of the run from `start` end with a word that may end a term
    /// (not an article of a name).
    func boundsTerm(from start: Int, length: Int) -> Bool {
      marks[start + length - 1] & ContentWords.nameArticle == 0
    }
  }

  /// The articles that, capitalized inside a sentence between a word and a capitalized word,
  /// belong to a name (`Marine Le Pen`, `à La Rochelle`, `selon Le Parisien`, `Les
  /// Républicains`), by language; the names were listed without them (`Pen`, `Rochelle`).
  static let nameArticles: [String: Set<String>] = ["fr": ["Le", "La", "Les"], "en": ["The"]]

  /// Whether the stopword at `index` is an article that belongs to the name it opens: written
  /// as `nameArticles` lists it, after a word, a comma or an opening parenthesis (never a
  /// sentence's first word, nor after a quotation mark or a colon, where a capital may open a
  /// sentence: `La France a…`), and before a capitalized word that is no stopword and no
  /// glossary term.
  func isNameArticle(at index: Int, in tokens: TokenList, covered: Set<Int>) -> Bool {
    guard let articles = TermCandidates.nameArticles[language], index > 0, index + 1 < tokens.count,
      tokens[index - 1].kind == .word
        || (tokens[index - 1].kind == .punctuation && [",", "("].contains(tokens.text(at: index - 1))),
      tokens[index + 1].kind == .word, !tokens[index + 1].isElision,
      !covered.contains(index + 1), articles.contains(tokens.text(at: index)),
      tokens.text(at: index + 1).unicodeScalars.first?.isUppercaseLetter == true
    else { return false }
    return !stopwords.contains(tokens.normalized(at: index + 1))
  }

  func contentWords(
    of sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])], _ range: Range<Int>
  ) -> ContentWords {
    var part = ContentWords()
    // (A table keyed by the words' bytes: a string key was hashed after a check of its
    // normalization, about 600 instructions a word.)
    var numbers = WordTable<Int32>()
    for position in range {
      let sentence = sentences[position]
      var covered = Set<Int>()
      for range in sentence.covered { covered.formUnion(range) }
      var runStart: Int?
      func flush() {
        if runStart != nil, part.sequence.count > part.runStarts[part.runStarts.count - 1] {
          part.runStarts.append(part.sequence.count)
        }
        runStart = nil
      }
      let tokens = sentence.tokens
      var firstWord = true
      var index = 0
      while index < tokens.count {
        let token = tokens[index]
        let opensSentence = firstWord && token.kind == .word
        if token.kind == .word { firstWord = false }
        guard token.kind == .word, !token.isElision, !covered.contains(index),
          !followsVerbClitic(index, in: tokens), !isParticiple(index, in: tokens)
        else {
          flush()
          index += 1
          continue
        }
        // A compound written with hyphens is one word: `couvre-feu`, `Saint-Nazaire`,
        // `Aix-en-Provence`, `Covid-19`.
        let end = compoundEnd(from: index, in: tokens, covered: covered)
        // A verb: joined to its inverted subject (`explique-t-il`), or opening the incise after a
        // quotation (`", explique le ministre`).
        let reports = end == index + 1 && opensIncise(index, end: end, in: tokens)
        guard !precedesInvertedSubject(end, in: tokens), !reports else {
          if reports { part.reporting.append(tokens.normalized(at: index)) }
          flush()
          index = end
          continue
        }
        var normalized = tokens.normalized(at: index)
        for part in stride(from: index + 2, to: end, by: 2) {
          normalized += "-" + tokens.normalized(at: part)
        }
        // (A token written as it is normalized, in lowercase, is no capital: most are, and need
        // no string of their text.)
        let capitalized =
          token.normalizedBytes != token.textBytes
          && tokens.text(at: index).unicodeScalars.first?.isUppercaseLetter == true
        let nameArticle =
          capitalized && end == index + 1 && stopwords.contains(normalized)
          && isNameArticle(at: index, in: tokens, covered: covered)
        guard nameArticle || !stopwords.contains(normalized),
          TermCandidates.hasScalars(normalized, atLeast: capitalized ? 2 : 3)
        else {
          flush()
          index = end
          continue
        }
        part.marks.append(
          (capitalized ? ContentWords.capitalized : 0) | (opensSentence ? ContentWords.opensSentence : 0)
            | (nameArticle ? ContentWords.nameArticle : 0))
        part.tokens.append((Int32(truncatingIfNeeded: index), Int32(truncatingIfNeeded: end)))
        if runStart == nil {
          runStart = index
          part.origins.append(position)
        }
        let next = Int32(truncatingIfNeeded: part.words.count)
        let number = numbers[normalized, default: next]
        if number == next {
          numbers[normalized] = next
          part.words.append(normalized)
        }
        part.sequence.append(number)
        index = end
      }
      flush()
    }
    return part
  }

  /// Whether the word at `index` follows an elided pronoun or negation that only a verb
  /// follows (`frenchVerbClitics`), written against it.
  func followsVerbClitic(_ index: Int, in tokens: TokenList) -> Bool {
    guard language == "fr", index > 0, tokens[index - 1].isElision,
      tokens[index - 1].end == tokens[index].start
    else { return false }
    return TermCandidates.frenchVerbClitics.contains(tokens.normalized(at: index - 1))
  }

  /// Whether the word at `index` is a French past participle after an auxiliary: written in
  /// lowercase and ending as one does (`-é`, `-i`, `-u`, then perhaps `-e`, then perhaps `-s`;
  /// not `-t` or `-s` alone, which nouns after `il y a` have too), after a form of `avoir` or
  /// `été` (`a déclaré`, `ont été blessés`) or after a pronoun a hyphen joins to one (`a-t-il
  /// ajouté`), with up to three adverbs between (`a aussi souligné`). Read in the tokens' bytes:
  /// it is asked of every content word.
  func isParticiple(_ index: Int, in tokens: TokenList) -> Bool {
    guard language == "fr", index > 0, tokens[index].normalizedBytes == tokens[index].textBytes else {
      return false
    }
    return tokens.withBuffer { buffer in
      var word = buffer.normalized(index)[...]
      if word.last == UInt8(ascii: "s") { word = word.dropLast() }
      if word.last == UInt8(ascii: "e") { word = word.dropLast() }
      // (`é` is 0xC3 0xA9 in UTF-8.)
      guard word.count >= 2,
        word.last == UInt8(ascii: "i") || word.last == UInt8(ascii: "u")
          || (word.last == 0xA9 && word[word.index(word.endIndex, offsetBy: -2)] == 0xC3)
      else { return false }
      var position = index
      for _ in 0..<4 {
        guard position > 0, buffer[position - 1].kind == .word else { return false }
        let before = buffer.normalized(position - 1)
        if TermCandidates.frenchAuxiliaries.contains(utf8: before)
          || invertsAuxiliary(position - 1, in: buffer)
        {
          return true
        }
        guard TermCandidates.frenchAdverbs.contains(utf8: before) else { return false }
        position -= 1
      }
      return false
    }
  }

  /// Whether the word that ends before the token `end` is joined by a hyphen to an inverted
  /// subject pronoun (`explique-t-il`, `dit-elle`, `estiment-ils`, `pensez-vous`): it is a
  /// verb.
  func precedesInvertedSubject(_ end: Int, in tokens: TokenList) -> Bool {
    guard language == "fr", end + 1 < tokens.count, tokens[end].kind == .punctuation else { return false }
    return tokens.withBuffer { buffer in
      func attached(_ position: Int) -> Bool {
        position < buffer.count && buffer[position].start == buffer[position - 1].end
      }
      func isHyphen(_ position: Int) -> Bool {
        attached(position) && buffer.text(position).elementsEqual([UInt8(ascii: "-")])
      }
      guard isHyphen(end), attached(end + 1) else { return false }
      if TermCandidates.frenchSubjectPronouns.contains(utf8: buffer.normalized(end + 1)) { return true }
      return buffer.normalized(end + 1).elementsEqual([UInt8(ascii: "t")]) && isHyphen(end + 2)
        && attached(end + 3)
        && TermCandidates.frenchSubjectPronouns.contains(utf8: buffer.normalized(end + 3))
    }
  }

  /// Whether the word at `index` (up to the token `end`), in lowercase, opens the incise that
  /// reports a quotation: after a closing quotation mark and a comma (`"…", explique le
  /// ministre`), or after a question or exclamation that ends the quotation (`« …? » demande
  /// Marie`), and before its inverted subject, a capitalized word or a determiner. It is a
  /// reporting verb (`explique`, `souligne`, `juge`), however often it is also a noun.
  func opensIncise(_ index: Int, end: Int, in tokens: TokenList) -> Bool {
    guard language == "fr", index >= 2, end < tokens.count, tokens[index - 1].kind == .punctuation,
      tokens[index - 2].kind == .punctuation, tokens[end].kind == .word,
      tokens[index].normalizedBytes == tokens[index].textBytes
    else { return false }
    let before = tokens.text(at: index - 1)
    let quoted =
      before == ","
      ? TermCandidates.closingQuotes.contains(tokens.text(at: index - 2))
      : TermCandidates.closingQuotes.contains(before) && ["?", "!", "…"].contains(tokens.text(at: index - 2))
    guard quoted else { return false }
    return tokens.text(at: end).unicodeScalars.first?.isUppercaseLetter == true
      || TermCandidates.frenchDeterminers.contains(tokens.normalized(at: end))
  }

  /// Whether the word at `index` is a subject pronoun a hyphen joins to an auxiliary before it
  /// (`a-t-il`, `ont-ils`, `avait-elle`).
  private func invertsAuxiliary(_ index: Int, in buffer: TokenBuffer) -> Bool {
    func isHyphen(_ position: Int) -> Bool { buffer.text(position).elementsEqual([UInt8(ascii: "-")]) }
    guard index >= 2, TermCandidates.frenchSubjectPronouns.contains(utf8: buffer.normalized(index)),
      isHyphen(index - 1)
    else { return false }
    // The auxiliary, or `t`, a hyphen and the auxiliary.
    let joined = buffer.normalized(index - 2)
    if TermCandidates.frenchAuxiliaries.contains(utf8: joined) { return true }
    return joined.elementsEqual([UInt8(ascii: "t")]) && index >= 4 && isHyphen(index - 3)
      && TermCandidates.frenchAuxiliaries.contains(utf8: buffer.normalized(index - 4))
  }

  /// Whether `text` has at least `count` scalars (counting no further).
  static func hasScalars(_ text: String, atLeast count: Int) -> Bool {
    var seen = 0
    for _ in text.unicodeScalars {
      seen += 1
      if seen >= count { return true }
    }
    return seen >= count
  }

  /// The end (past its last token) of the word that starts at the token `start`: past the
  /// parts a hyphen joins to it with no space (`couvre-feu`, `Aix-en-Provence`, `Covid-19`),
  /// when none is covered by a glossary term and the last is no stopword (`dit-il`,
  /// `celui-ci`, `a-t-elle` are a word and a pronoun), else just past `start`.
  func compoundEnd(from start: Int, in tokens: TokenList, covered: Set<Int>) -> Int {
    var end = start + 1
    // (A compound starts with a content word: not `est-à-dire`, `peut-être`. Most words are
    // followed by another: no string is made of it.)
    guard end < tokens.count, tokens[end].kind == .punctuation, tokens.text(at: end) == "-",
      !stopwords.contains(tokens.normalized(at: start))
    else {
      return end
    }
    var candidate = end
    while candidate + 1 < tokens.count, tokens[candidate].kind == .punctuation,
      tokens[candidate].start == tokens[candidate - 1].end, tokens.text(at: candidate) == "-",
      tokens[candidate + 1].start == tokens[candidate].end,
      tokens[candidate + 1].kind != .punctuation, !tokens[candidate + 1].isElision,
      !covered.contains(candidate), !covered.contains(candidate + 1)
    {
      let part = tokens.normalized(at: candidate + 1)
      // The `t` of `a-t-il` is no part of a compound; the `à` of `vis-à-vis` and `face-à-face`
      // is.
      guard tokens[candidate + 1].kind == .number || part.unicodeScalars.count >= 2 || part == "à"
      else { break }
      candidate += 2
      if !stopwords.contains(part) { end = candidate }
    }
    return end
  }

  /// A run's count and first occurrence.
  struct Tally: Sendable {
    /// The run's words, as numbers (a plural counted as its singular).
    var run: Run
    var count: Int
    /// The rank of its first occurrence among all runs of the document.
    var order: Int
    /// A form the run is written in (its words as numbers, not made singular) and where it
    /// first occurs: a position in the sentences given, and a token.
    struct Form: Sendable {
      var run: Run
      var sentence: Int
      /// Its tokens in the sentence.
      var tokens: Range<Int>
    }
    /// The first occurrence.
    var first: Form
    /// The other forms, in order of first occurrence (most runs have none).
    var otherForms: [Form] = []
    /// Whether one of its words is lowercase somewhere it occurs.
    var lowercase: Bool
    /// Whether it occurs somewhere other than at the start of a sentence.
    var midSentence: Bool

    static func moreFrequent(_ left: Tally, _ right: Tally) -> Bool {
      left.count != right.count ? left.count > right.count : left.order < right.order
    }
  }

  /// The kept runs of one shard: those that occur often enough, the most frequent first and at
  /// most `frequentRuns` of them.
  func count(
    _ parts: [ContentWords], renumbering: [[Int32]], singular: [Int32], shard: Int, of shards: Int,
    sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])]
  ) -> [Tally] {
    var tallies: [Run: Tally] = [:]
    // Runs are ranked as one pass over the document would meet them: by content run, then
    // length, then start.
    var order = 0
    for (part, content) in parts.enumerated() {
      let numbers = renumbering[part]
      var words: [Int32] = []
      var written: [Int32] = []
      for run in 0..<(content.runStarts.count - 1) {
        let start = content.runStarts[run]
        let end = content.runStarts[run + 1]
        words.removeAll(keepingCapacity: true)
        written.removeAll(keepingCapacity: true)
        for index in start..<end {
          let number = numbers[Int(content.sequence[index])]
          written.append(number)
          words.append(singular[Int(number)])
        }
        // (Most runs have no plural made singular: their form is their key.)
        let asWritten = words == written
        let origin = content.origins[run]
        for length in 1...min(TermCandidates.longest, words.count) {
          for offset in 0...(words.count - length) {
            defer { order += 1 }
            guard content.boundsTerm(from: start + offset, length: length) else { continue }
            let key = Run(words[offset..<(offset + length)])
            guard shards == 1 || key.shard(of: shards) == shard else { continue }
            let marks = content.marks[(start + offset)..<(start + offset + length)]
            let lowercase = marks.contains { $0 & ContentWords.capitalized == 0 }
            let midSentence = marks[start + offset] & ContentWords.opensSentence == 0
            let form = Tally.Form(
              run: asWritten ? key : Run(written[offset..<(offset + length)]), sentence: origin,
              tokens: Int(
                content.tokens[start + offset].start)..<Int(content.tokens[start + offset + length - 1].end))
            if let index = tallies.index(forKey: key) {
              tallies.values[index].count += 1
              tallies.values[index].lowercase = tallies.values[index].lowercase || lowercase
              tallies.values[index].midSentence = tallies.values[index].midSentence || midSentence
              if form.run != tallies.values[index].first.run,
                !tallies.values[index].otherForms.contains(where: { $0.run == form.run })
              {
                tallies.values[index].otherForms.append(form)
              }
            } else {
              tallies[key] = Tally(
                run: key, count: 1, order: order, first: form, lowercase: lowercase, midSentence: midSentence)
            }
          }
        }
      }
    }
    return tallies.values.filter { tally in
      recursEnough(
        count: tally.count, words: tally.run.count,
        firstWritten: sentences[tally.first.sentence].tokens.text(at: tally.first.tokens.lowerBound))
    }
    .sorted(by: Tally.moreFrequent).prefix(TermCandidates.frequentRuns).map { $0 }
  }
}

/// One to four word numbers, hashed as one value.
struct Run: Hashable, Sendable {
  /// The numbers (none negative), with -1 past the run's end: 16 bytes, where a corpus keeps
  /// one for each of its distinct runs.
  private var words: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)

  /// A run of the first four of `numbers` (runs are at most `TermCandidates.longest` long).
  init(_ numbers: ArraySlice<Int32>) {
    let count = min(numbers.count, 4)
    func word(_ offset: Int) -> Int32 { offset < count ? numbers[numbers.startIndex + offset] : -1 }
    words = (word(0), word(1), word(2), word(3))
  }

  /// How many words the run has.
  var count: Int {
    words.0 < 0 ? 0 : words.1 < 0 ? 1 : words.2 < 0 ? 2 : words.3 < 0 ? 3 : 4
  }

  var numbers: [Int32] { Array([words.0, words.1, words.2, words.3].prefix(count)) }

  /// The run whose word numbers are `table`'s entries at this one's (a renumbering).
  func mapped(_ table: [Int32]) -> Run { mapped { table[Int($0)] } }

  /// The run whose word numbers are `transform`'s of this one's (which are never negative).
  func mapped(_ transform: (Int32) -> Int32) -> Run {
    var run = self
    func entry(_ number: Int32) -> Int32 { number < 0 ? -1 : transform(number) }
    run.words = (entry(words.0), entry(words.1), entry(words.2), entry(words.3))
    return run
  }

  /// For each run inside a longer one of `runs` (each with its count), the highest count of a
  /// run that holds it: how many of its occurrences are in a longer run, at least.
  static func holders(of runs: some Sequence<(Run, Int)>) -> [Run: Int] {
    var holders: [Run: Int] = [:]
    for (run, count) in runs where run.count > 1 {
      for inner in run.innerRuns { holders[inner] = max(holders[inner] ?? 0, count) }
    }
    return holders
  }

  /// Every shorter run of consecutive words inside this one.
  var innerRuns: [Run] {
    let all = numbers
    guard count > 1 else { return [] }
    return (1..<count).flatMap { length in
      (0...(count - length)).map { Run(all[$0..<($0 + length)]) }
    }
  }

  /// The words packed in two 64-bit halves.
  private var halves: (UInt64, UInt64) {
    (
      UInt64(UInt32(bitPattern: words.0)) << 32 | UInt64(UInt32(bitPattern: words.1)),
      UInt64(UInt32(bitPattern: words.2)) << 32 | UInt64(UInt32(bitPattern: words.3))
    )
  }

  /// The shard that counts this run: a fixed mix of its words, the same in every process.
  func shard(of shards: Int) -> Int {
    let (high, low) = halves
    let mixed = (high &* 0x9E37_79B9_7F4A_7C15 ^ low) &* 0xBF58_476D_1CE4_E5B9
    return Int((mixed >> 32) % UInt64(shards))
  }

  static func == (left: Run, right: Run) -> Bool {
    left.words == right.words
  }

  func hash(into hasher: inout Hasher) {
    let (high, low) = halves
    hasher.combine(high)
    hasher.combine(low)
  }
}
