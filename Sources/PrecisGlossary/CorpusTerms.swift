import PrecisCore

/// The terms no glossary covers across a corpus: the runs of content words `TermCandidates`
/// proposes in one article, counted over many articles before any threshold, with the number
/// of articles each occurs in (a glossary's worklist for a week of news).
///
/// Each article's runs are counted on its own (`Article`, on any thread); the articles are
/// then added in order, so the result is the same for any number of workers. The distinct runs
/// are kept, not the texts, each with the articles it occurs in past the first (so that a run
/// and its plural count an article that has both once): memory grows with the vocabulary, and
/// by about a byte a run an article.
public struct CorpusTerms: Sendable {
  /// The extractor whose stopwords, minimum count and language are used.
  let finder: TermCandidates
  /// How many articles a run must occur in to be proposed.
  public let minimumArticles: Int

  /// The words (lowercase, as `TokenList.normalized`), numbered for the whole corpus.
  private var numbers: [String: Int32] = [:]
  private var words: [String] = []
  /// For each word: how often it is written in lowercase, and capitalized inside a sentence.
  private var cases: [Cases] = []
  /// The words as written where that is not as normalized (`Xi`, `Covid-19`), numbered apart.
  /// A written word's number is twice the number of its normalized word when it is written so
  /// (most words), else one more than twice its number here.
  private var writtenNumbers: [String: Int32] = [:]
  private var written: [String] = []
  /// The runs, in order of first occurrence, and where each is in `entries`.
  private var slots: [Run: Int32] = [:]
  private var entries: [Entry] = []
  /// The articles' names, in the order added.
  public private(set) var sources: [String] = []

  /// Creates an empty corpus whose runs are found by `finder` and proposed when they occur
  /// `finder`'s minimum count of times in at least `minimumArticles` articles.
  init(finder: TermCandidates, minimumArticles: Int) {
    self.finder = finder
    self.minimumArticles = max(1, minimumArticles)
  }

  /// How often a word or a run is written in lowercase (a word of it, for a run), and
  /// capitalized inside a sentence (each word, for a run). Over a corpus, either is seen
  /// somewhere (`Paris` in an address, `Fin` opening a sentence): the larger count decides.
  struct Cases: Sendable {
    var lowercase: Int32 = 0
    var capitalized: Int32 = 0

    /// Whether the words are mostly written in lowercase: a common word, not a name.
    var isCommon: Bool { lowercase > 0 && lowercase >= capitalized }
    /// Whether the words are a name: mostly capitalized inside sentences.
    var isName: Bool { capitalized > lowercase }

    mutating func add(_ other: Cases) {
      lowercase += other.lowercase
      capitalized += other.capitalized
    }

    /// The case of one occurrence, from the marks of its words.
    init(marks: ArraySlice<UInt8>) {
      if marks.contains(where: { $0 & TermCandidates.ContentWords.capitalized == 0 }) {
        lowercase = 1
      } else if marks[marks.startIndex] & TermCandidates.ContentWords.opensSentence == 0 {
        capitalized = 1
      }
    }

    init() {}
  }

  /// A run's words as written, and which of them follow a space (bit *i* for word *i*).
  struct Form: Sendable {
    var words: Run
    var spaces: UInt8
    /// 0 opening a sentence, 1 capitalized inside one, 2 inside one with a word in lowercase.
    var written: UInt8
  }

  /// The forms a run is shown in: as first written, in lowercase if ever, and capitalized
  /// inside a sentence if ever. A common word is shown in lowercase and a name capitalized,
  /// whatever the first occurrence (`Fin` opening a sentence, `Monde` of `Le Monde`).
  struct Forms: Sendable {
    var first: Form
    var lowercase: Form?
    var capitalized: Form?

    init(_ form: Form) {
      first = form
      add(form)
    }

    mutating func add(_ form: Form) {
      if form.written == 2, lowercase == nil { lowercase = form }
      if form.written == 1, capitalized == nil { capitalized = form }
    }

    /// The form to show for words of these cases.
    func shown(_ cases: Cases) -> Form {
      (cases.isName ? capitalized : lowercase) ?? first
    }
  }

  /// One run of the corpus (its words as written in lowercase, plurals as written).
  struct Entry {
    var run: Run
    var count: Int
    var firstArticle: Int32
    /// The sentence of its first occurrence in that article.
    var sentence: Int32
    var forms: Forms
    var cases: Cases
    /// How many articles it occurs in, and the last of them.
    var articleCount: Int32 = 1
    var lastArticle: Int32
    /// The articles after the first, each as its distance from the one before, seven bits a
    /// byte (the high bit set on all but a distance's last byte): a run in many articles takes
    /// about a byte an article, where a number took four.
    var laterArticles: [UInt8] = []

    init(run: Run, count: Int, firstArticle: Int32, sentence: Int32, forms: Forms, cases: Cases) {
      self.run = run
      self.count = count
      self.firstArticle = firstArticle
      self.sentence = sentence
      self.forms = forms
      self.cases = cases
      lastArticle = firstArticle
    }

    /// Counts an article after the last.
    mutating func add(article: Int32) {
      var distance = UInt32(truncatingIfNeeded: article &- lastArticle)
      while distance >= 0x80 {
        laterArticles.append(UInt8(truncatingIfNeeded: distance) | 0x80)
        distance >>= 7
      }
      laterArticles.append(UInt8(distance))
      lastArticle = article
      articleCount += 1
    }

    /// Every article it occurs in, in order.
    var articleList: [Int32] {
      var list = [firstArticle]
      var distance: UInt32 = 0
      var shift: UInt32 = 0
      for byte in laterArticles {
        distance |= UInt32(byte & 0x7F) << shift
        if byte & 0x80 != 0 {
          shift += 7
        } else {
          list.append(list[list.count - 1] &+ Int32(bitPattern: distance))
          (distance, shift) = (0, 0)
        }
      }
      return list
    }
  }

  /// One article's runs, counted, with its words numbered for itself.
  public struct Article: Sendable {
    var words: [String] = []
    var cases: [Cases] = []
    var written: [String] = []
    var runs: [Local] = []

    /// A run of the article, as `Entry` is of the corpus.
    struct Local: Sendable {
      var run: Run
      var count: Int
      var sentence: Int32
      var forms: Forms
      var cases: Cases
    }

    /// Counts the runs of sentences given as tokens, with the token ranges glossary terms
    /// cover, as `TermCandidates.candidates(in:)` reads them.
    init(finder: TermCandidates, sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])]) {
      let content = finder.contentWords(of: sentences, sentences.indices)
      words = content.words
      cases = [Cases](repeating: Cases(), count: words.count)
      for (index, number) in content.sequence.enumerated() {
        cases[Int(number)].add(Cases(marks: content.marks[index...index]))
      }
      var writtenNumbers: [String: Int32] = [:]
      var slots: [Run: Int] = [:]
      // (Room for about two runs a word: growing the table rehashed every run many times.)
      slots.reserveCapacity(2 * content.sequence.count)
      runs.reserveCapacity(2 * content.sequence.count)
      var writtenRun: [Int32] = []
      var spaced: [Bool] = []
      for run in 0..<(content.runStarts.count - 1) {
        let start = content.runStarts[run]
        let end = content.runStarts[run + 1]
        let origin = content.origins[run]
        let tokens = sentences[origin].tokens
        // Each word as written: its normalized word when written so (its tokens in lowercase
        // with straight apostrophes), else its tokens' text.
        writtenRun.removeAll(keepingCapacity: true)
        spaced.removeAll(keepingCapacity: true)
        for index in start..<end {
          let (first, past) = (Int(content.tokens[index].start), Int(content.tokens[index].end))
          spaced.append(index > start && tokens[first].start != tokens[first - 1].end)
          guard (first..<past).contains(where: { tokens[$0].normalizedBytes != tokens[$0].textBytes }) else {
            writtenRun.append(content.sequence[index] * 2)
            continue
          }
          var text = ""
          for token in first..<past { text += tokens.text(at: token) }
          let next = Int32(truncatingIfNeeded: written.count)
          let number = writtenNumbers[text, default: next]
          if number == next {
            writtenNumbers[text] = next
            written.append(text)
          }
          writtenRun.append(number * 2 + 1)
        }
        for length in 1...min(TermCandidates.longest, end - start) {
          for offset in 0...(end - start - length) {
            let key = Run(content.sequence[(start + offset)..<(start + offset + length)])
            let marks = content.marks[(start + offset)..<(start + offset + length)]
            var spaces: UInt8 = 0
            for word in 1..<length where spaced[offset + word] { spaces |= 1 << word }
            let cases = Cases(marks: marks)
            let opens = marks[start + offset] & TermCandidates.ContentWords.opensSentence != 0
            let form = Form(
              words: Run(writtenRun[offset..<(offset + length)]), spaces: spaces,
              written: opens ? 0 : cases.lowercase > 0 ? 2 : 1)
            if let slot = slots[key] {
              runs[slot].count += 1
              runs[slot].cases.add(cases)
              runs[slot].forms.add(form)
              continue
            }
            slots[key] = runs.count
            runs.append(
              Local(
                run: key, count: 1, sentence: Int32(truncatingIfNeeded: sentences[origin].index),
                forms: Forms(form), cases: cases))
          }
        }
      }
    }
  }

  /// Adds an article's runs, counted on any thread, under the name `source`.
  public mutating func add(_ article: Article, source: String) {
    let number = Int32(truncatingIfNeeded: sources.count)
    sources.append(source)
    let wordNumbers = article.words.indices.map { local -> Int32 in
      let word = article.words[local]
      let next = Int32(truncatingIfNeeded: words.count)
      let found = numbers[word, default: next]
      if found == next {
        numbers[word] = next
        words.append(word)
        cases.append(Cases())
      }
      cases[Int(found)].add(article.cases[local])
      return found
    }
    let writtenWords = article.written.map { word -> Int32 in
      let next = Int32(truncatingIfNeeded: written.count)
      let found = writtenNumbers[word, default: next]
      if found == next {
        writtenNumbers[word] = next
        written.append(word)
      }
      return found
    }
    let renumber = { (number: Int32) -> Int32 in
      number & 1 == 0 ? wordNumbers[Int(number >> 1)] * 2 : writtenWords[Int(number >> 1)] * 2 + 1
    }
    func renumbered(_ form: Form) -> Form {
      var form = form
      form.words = form.words.mapped(renumber)
      return form
    }
    for local in article.runs {
      let key = local.run.mapped(wordNumbers)
      if let slot = slots[key].map(Int.init) {
        entries[slot].count += local.count
        entries[slot].cases.add(local.cases)
        // (Forms are renumbered only when the run has none of their kind yet: most runs seen
        // again have both, or never one.)
        if entries[slot].forms.lowercase == nil, let form = local.forms.lowercase {
          entries[slot].forms.lowercase = renumbered(form)
        }
        if entries[slot].forms.capitalized == nil, let form = local.forms.capitalized {
          entries[slot].forms.capitalized = renumbered(form)
        }
        entries[slot].add(article: number)
      } else {
        var forms = Forms(renumbered(local.forms.first))
        forms.lowercase = local.forms.lowercase.map(renumbered)
        forms.capitalized = local.forms.capitalized.map(renumbered)
        slots[key] = Int32(truncatingIfNeeded: entries.count)
        entries.append(
          Entry(
            run: key, count: local.count, firstArticle: number, sentence: local.sentence, forms: forms,
            cases: local.cases))
      }
    }
  }

  /// The terms proposed, ranked as `TermCandidates` ranks them: by the count weighed by the
  /// length, then by the first occurrence. A run in the plural is counted with its singular
  /// when the corpus has both, each mostly in lowercase (`Paris` is no plural of `pari`).
  public func candidates() -> [CorpusTermCandidate] {
    let common = cases.map(\.isCommon)
    let singular = words.indices.map { number -> Int32 in
      finder.singular(of: number, words: words, numbers: numbers, lowercase: common) ?? Int32(number)
    }
    // The entries of each run made singular: a list through `next`, from the first entry.
    var heads: [Run: Int32] = [:]
    var keys: [(run: Run, head: Int)] = []
    var next = [Int32](repeating: -1, count: entries.count)
    var tail: [Int32: Int32] = [:]
    for (index, entry) in entries.enumerated() {
      let key = entry.run.mapped(singular)
      let position = Int32(truncatingIfNeeded: index)
      if let head = heads[key] {
        next[Int(tail[head] ?? head)] = position
        tail[head] = position
      } else {
        heads[key] = position
        keys.append((key, index))
      }
    }
    struct Merged {
      var run: Run
      var head: Int
      var count: Int
      var articles: Int
    }
    func members(from head: Int) -> [Int] {
      var result = [head]
      while next[result[result.count - 1]] >= 0 { result.append(Int(next[result[result.count - 1]])) }
      return result
    }
    var frequent: [Merged] = []
    for (key, head) in keys {
      guard next[head] >= 0 else {
        let entry = entries[head]
        guard finder.recursEnough(count: entry.count, words: key.count, firstWritten: firstWord(of: entry))
        else { continue }
        frequent.append(Merged(run: key, head: head, count: entry.count, articles: Int(entry.articleCount)))
        continue
      }
      let all = members(from: head)
      let count = all.reduce(0) { $0 + entries[$1].count }
      guard finder.recursEnough(count: count, words: key.count, firstWritten: firstWord(of: entries[head]))
      else { continue }
      let articles = Set(all.flatMap { entries[$0].articleList }).count
      frequent.append(Merged(run: key, head: head, count: count, articles: articles))
    }
    // A run inside a longer frequent run is kept when it recurs enough outside it.
    let holders = Run.holders(of: frequent.lazy.map { ($0.run, $0.count) })
    return frequent.filter {
      $0.articles >= minimumArticles && $0.count - (holders[$0.run] ?? 0) >= finder.minimumCount
    }
    .sorted {
      let left = $0.count * (2 + $0.run.count)
      let right = $1.count * (2 + $1.run.count)
      return left != right ? left > right : $0.head < $1.head
    }
    .map { merged in
      let all = members(from: merged.head)
      let shown = all.first { entries[$0].run == merged.run } ?? merged.head
      let forms = all.filter { $0 != shown }.map { text(of: entries[$0]) }
      let entry = entries[merged.head]
      var cases = Cases()
      for member in all { cases.add(entries[member].cases) }
      return CorpusTermCandidate(
        form: text(of: entries[shown]), count: merged.count, articles: merged.articles,
        firstSource: sources[Int(entry.firstArticle)], firstSentence: Int(entry.sentence), variants: forms,
        isName: cases.isName)
    }
  }

  /// A written word's text.
  private func writtenWord(_ number: Int32) -> String {
    number & 1 == 0 ? words[Int(number >> 1)] : written[Int(number >> 1)]
  }

  /// A run's first word as shown.
  private func firstWord(of entry: Entry) -> String {
    entry.forms.shown(entry.cases).words.numbers.first.map(writtenWord) ?? ""
  }

  /// A run's words as shown, with a space between two the text spaced apart.
  private func text(of entry: Entry) -> String {
    let form = entry.forms.shown(entry.cases)
    var text = ""
    for (index, number) in form.words.numbers.enumerated() {
      if form.spaces & (1 << index) != 0 { text += " " }
      text += writtenWord(number)
    }
    return text
  }
}

/// A term no glossary covers, proposed for a corpus.
public struct CorpusTermCandidate: Sendable, Equatable {
  /// The words as first written, in the singular when the corpus has it.
  public var form: String
  /// How many times the words occur in the corpus, in any case and any of their forms.
  public var count: Int
  /// How many articles hold them.
  public var articles: Int
  /// The first article that holds them, and the sentence there.
  public var firstSource: String
  public var firstSentence: Int
  /// The other forms counted with them, as first written.
  public var variants: [String]
  /// Whether the words are a name: capitalized inside sentences more often than written in
  /// lowercase.
  public var isName: Bool
}
