import Foundation
import PrecisCore

/// The terms no glossary covers across a corpus: the runs of content words `TermCandidates`
/// proposes in one article, counted over many articles before any threshold, with the number
/// of articles each occurs in (a glossary's worklist for a week of news).
///
/// Each article's runs are counted on its own (`Article`, on any thread); the articles are
/// then added in order, so the result is the same for any number of workers. The distinct runs
/// are kept, not the texts, each in 64 bytes: memory grows with the corpus's vocabulary of
/// runs (about 43 new runs an article over the 1,500 OrangeSum articles), not with how often
/// they recur. A run and its plural count an article that has both once, exactly: the runs
/// that may be counted together are kept together (`Group`), and the articles where more than
/// one of them occurs counted by which. A run met again in a later article keeps one example
/// of it there, a few words on each side (`TermExample`), so that a translator reads a term in
/// context: only runs that recur keep one.
public struct CorpusTerms: Sendable {
  /// The extractor whose stopwords, minimum count and language are used.
  let finder: TermCandidates
  /// How many articles a run must occur in to be proposed.
  public let minimumArticles: Int

  // (The tables are internal, not private: `TermCounts` saves them and adds saved ones.)

  /// The words (lowercase, as `TokenList.normalized`), numbered for the whole corpus.
  var numbers = WordTable<Int32>()
  var words: [String] = []
  /// For each word: how often it is written in lowercase, and capitalized inside a sentence.
  var cases: [Cases] = []
  /// The words as written where that is not as normalized (`Xi`, `Covid-19`), numbered apart.
  /// A written word's number is twice the number of its normalized word when it is written so
  /// (most words), else one more than twice its number here.
  var writtenNumbers = WordTable<Int32>()
  var written: [String] = []
  /// For each word, the number of its `TermCandidates.pluralRoot(of:)`, numbered apart by a
  /// 64-bit hash of the root (two roots of the same hash would only share a chain).
  var roots: [Int32] = []
  var rootNumbers: [UInt64: Int32] = [:]
  /// The runs, in order of first occurrence. A run's words made roots lead to the first entry
  /// with those roots, and it to the others through `Entry.next`: a run is found in its chain,
  /// and a run and its plurals, whatever the corpus decides at the end, are in the same chain.
  var slots: [Run: Int32] = [:]
  var entries: [Entry] = []
  /// The chains of more than one entry, with the articles where several of their entries occur.
  var groups: [Group] = []
  /// The forms entries keep that are not their run's words as normalized (`Xi`, `Covid-19`,
  /// `aujourd'hui`), numbered in the order kept (`Entry.first`).
  var unusualForms: [Form] = []
  /// The articles' names, in the order added.
  public internal(set) var sources: [String] = []
  /// How often each word was met reporting a quotation (`", explique le ministre`), where it is
  /// not counted: a word that mostly does so is a verb.
  var reporting: [String: Int] = [:]
  /// The examples entries keep (`Entry.example`), in the order kept: their texts' UTF-8, one
  /// after another, and where each starts, with the article and the sentence it is in.
  var exampleBytes: [UInt8] = []
  var examples: [(end: Int32, article: Int32, sentence: Int32)] = []
  /// Whether each entry also keeps the example of its first occurrence (`firstExamples`, -1 for
  /// none), which the counts of a part of a corpus need (`TermCounts`): added after other parts,
  /// its runs' first occurrence may be the one a whole corpus keeps.
  public let keepsFirstExamples: Bool
  var firstExamples: [Int32] = []

  /// Creates an empty corpus whose runs are found by `finder` and proposed when they occur
  /// `finder`'s minimum count of times in at least `minimumArticles` articles; with
  /// `keepingFirstExamples`, whose counts are to be saved and added to others' (`TermCounts`).
  init(finder: TermCandidates, minimumArticles: Int, keepingFirstExamples: Bool = false) {
    self.finder = finder
    self.minimumArticles = max(1, minimumArticles)
    keepsFirstExamples = keepingFirstExamples
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

    /// Adds `other`'s counts (at most `Int32.max` each: saved counts may be added up forever).
    mutating func add(_ other: Cases) {
      lowercase = CorpusTerms.sum(lowercase, other.lowercase)
      capitalized = CorpusTerms.sum(capitalized, other.capitalized)
    }

    init(lowercase: Int32, capitalized: Int32) {
      self.lowercase = lowercase
      self.capitalized = capitalized
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
  struct Form: Sendable, Equatable {
    var words: Run
    var spaces: UInt8
    /// 0 opening a sentence, 1 capitalized inside one, 2 inside one with a word in lowercase.
    var written: UInt8
  }

  /// The forms a run may be shown in (`shownForm(of:)`), as an article counts them: as first
  /// written, in lowercase if ever, and capitalized inside a sentence if ever.
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
  }

  /// One run of the corpus (its words as written in lowercase, plurals as written), in 64
  /// bytes: a corpus keeps one for each of its distinct runs.
  struct Entry: Sendable {
    var run: Run
    /// How many times it occurs (at most `Int32.max`).
    var count: Int32
    var firstArticle: Int32
    /// The sentence of its first occurrence in that article.
    var sentence: Int32
    /// Its `Forms`, each packed in 32 bits (`CorpusTerms.packed(_:of:)`), `CorpusTerms.noForm`
    /// for none: as first written, in lowercase, and capitalized inside a sentence.
    var first: UInt32
    var lowercase: UInt32
    var capitalized: UInt32
    var cases: Cases
    /// How many articles it occurs in.
    var articleCount: Int32 = 0
    /// The next entry of its chain (-1 for none), and its chain's `Group` (-1 while it has none).
    var next: Int32 = -1
    var group: Int32 = -1
    /// The number of its example (-1 for none): kept the first time it is met in an article
    /// after one that held it or another run of its chain.
    var example: Int32 = -1

    init(run: Run, firstArticle: Int32, sentence: Int32, first: UInt32) {
      self.run = run
      count = 0
      self.firstArticle = firstArticle
      self.sentence = sentence
      self.first = first
      lowercase = CorpusTerms.noForm
      capitalized = CorpusTerms.noForm
      cases = Cases()
    }
  }

  /// A chain of several entries: for each set of them found together in an article (and none of
  /// the chain's others), how many articles (the set as its entries' numbers, in order). The
  /// articles that had the first entry before the second was made count as the first alone.
  struct Group: Sendable {
    var together: [[Int32]: Int32] = [:]

    /// How many articles have one of `members` at least.
    func articles(holding members: [Int]) -> Int {
      together.reduce(0) { sum, item in
        item.key.contains { members.contains(Int($0)) } ? sum + Int(item.value) : sum
      }
    }
  }

  /// One article's runs, counted, with its words numbered for itself.
  public struct Article: Sendable {
    var words: [String] = []
    var cases: [Cases] = []
    var written: [String] = []
    var runs: [Local] = []
    /// The texts of its sentences, for the examples of its runs (none, no examples).
    var texts: [String] = []
    /// The words met reporting a quotation (`TermCandidates.opensIncise`), once each time.
    var reporting: [String] = []

    /// A run of the article, as `Entry` is of the corpus.
    struct Local: Sendable {
      var run: Run
      var count: Int
      var sentence: Int32
      var forms: Forms
      var cases: Cases
      /// Its example: the words around its first occurrence in the article, at most
      /// `TermExample.reach` tokens on each side, as the sentence (in `texts`) has them between
      /// these Unicode scalar offsets, and whether the sentence goes on before and after them.
      var origin: Int32
      var exampleStart: Int32
      var exampleEnd: Int32
      var cut: (before: Bool, after: Bool)
    }

    /// Appends the example of `local` (`Local.exampleStart`) to `bytes` as UTF-8, on one line
    /// (a tab or a line break made a space), with an ellipsis where its sentence goes on.
    /// Returns false, appending nothing, when the article's texts were not given.
    func appendExample(of local: Local, to bytes: inout [UInt8]) -> Bool {
      guard texts.indices.contains(Int(local.origin)) else { return false }
      var text = texts[Int(local.origin)]
      return text.withUTF8 { utf8 in
        // The scalar offsets made byte offsets: a scalar starts at each byte that is no
        // continuation byte (10xxxxxx).
        var (scalar, start, end) = (0, -1, utf8.count)
        for (offset, byte) in utf8.enumerated() where byte & 0xC0 != 0x80 {
          if scalar == Int(local.exampleStart) { start = offset }
          if scalar == Int(local.exampleEnd) {
            end = offset
            break
          }
          scalar += 1
        }
        guard start >= 0, start <= end else { return false }
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
        if local.cut.before { bytes += ellipsis }
        for byte in utf8[start..<end] { bytes.append(byte == 9 || (10...13).contains(byte) ? 32 : byte) }
        if local.cut.after { bytes += ellipsis }
        return true
      }
    }

    /// Counts the runs of sentences given as tokens, with the token ranges glossary terms
    /// cover, as `TermCandidates.candidates(in:)` reads them; `texts`, the sentences' texts,
    /// give the runs their examples.
    init(
      finder: TermCandidates, sentences: [(index: Int, tokens: TokenList, covered: [Range<Int>])],
      texts: [String] = []
    ) {
      let content = finder.contentWords(of: sentences, sentences.indices)
      words = content.words
      reporting = content.reporting
      self.texts = texts
      cases = [Cases](repeating: Cases(), count: words.count)
      for (index, number) in content.sequence.enumerated() {
        cases[Int(number)].add(Cases(marks: content.marks[index...index]))
      }
      var writtenNumbers = WordTable<Int32>()
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
          for offset in 0...(end - start - length)
          where content.boundsTerm(from: start + offset, length: length) {
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
            let from = max(0, Int(content.tokens[start + offset].start) - TermExample.reach)
            let upTo = min(
              tokens.count, Int(content.tokens[start + offset + length - 1].end) + TermExample.reach)
            runs.append(
              Local(
                run: key, count: 1, sentence: Int32(truncatingIfNeeded: sentences[origin].index),
                forms: Forms(form), cases: cases, origin: Int32(truncatingIfNeeded: origin),
                exampleStart: Int32(truncatingIfNeeded: tokens[from].start),
                exampleEnd: Int32(truncatingIfNeeded: tokens[upTo - 1].end),
                cut: (from > 0, upTo < tokens.count)))
          }
        }
      }
    }
  }

  /// Names the articles anew: `rename` gives each name its new one.
  public mutating func renameArticles(_ rename: (String) -> String) {
    sources = sources.map(rename)
  }

  /// Adds an article's runs, counted on any thread, under the name `source`.
  public mutating func add(_ article: Article, source: String) {
    let number = Int32(truncatingIfNeeded: sources.count)
    sources.append(source)
    for word in article.reporting { reporting[word, default: 0] += 1 }
    let wordNumbers = article.words.indices.map {
      wordNumber(of: article.words[$0], cases: article.cases[$0])
    }
    let writtenWords = article.written.map { writtenNumber(of: $0) }
    numberRoots()
    let renumber = { (number: Int32) -> Int32 in
      number & 1 == 0 ? wordNumbers[Int(number >> 1)] * 2 : writtenWords[Int(number >> 1)] * 2 + 1
    }
    func renumbered(_ form: Form) -> Form {
      var form = form
      form.words = form.words.mapped(renumber)
      return form
    }
    // First every run's entry, made when new, so that a chain's group counts the articles
    // before this one as they were; then the counts.
    let found = article.runs.map { local -> Int in
      let key = local.run.mapped(wordNumbers)
      return entry(of: key, article: number, local: local, renumber: renumber)
    }
    var together: [(group: Int32, entry: Int32)] = []
    for (local, slot) in zip(article.runs, found) {
      let needed = needsExample(slot, article: number)
      // (A run's first occurrence: it has no count yet.)
      let first = keepsFirstExamples && entries[slot].count == 0
      if needed || first, article.appendExample(of: local, to: &exampleBytes) {
        examples.append((Int32(truncatingIfNeeded: exampleBytes.count), number, local.sentence))
        let kept = Int32(truncatingIfNeeded: examples.count - 1)
        if needed { entries[slot].example = kept }
        if first { firstExamples[slot] = kept }
      }
      entries[slot].count = Int32(clamping: Int(entries[slot].count) + local.count)
      entries[slot].cases.add(local.cases)
      entries[slot].articleCount += 1
      // (Forms are renumbered only when the run has none of their kind yet: most runs seen
      // again have both, or never one; a new run's first form is most often one of them.)
      if entries[slot].lowercase == CorpusTerms.noForm, let form = local.forms.lowercase {
        entries[slot].lowercase =
          form == local.forms.first && entries[slot].count == local.count
          ? entries[slot].first : packed(renumbered(form), of: entries[slot].run)
      }
      if entries[slot].capitalized == CorpusTerms.noForm, let form = local.forms.capitalized {
        entries[slot].capitalized =
          form == local.forms.first && entries[slot].count == local.count
          ? entries[slot].first : packed(renumbered(form), of: entries[slot].run)
      }
      if entries[slot].group >= 0 { together.append((entries[slot].group, Int32(truncatingIfNeeded: slot))) }
    }
    together.sort { $0.group != $1.group ? $0.group < $1.group : $0.entry < $1.entry }
    var start = 0
    while start < together.count {
      var end = start + 1
      while end < together.count, together[end].group == together[start].group { end += 1 }
      groups[Int(together[start].group)].together[together[start..<end].map(\.entry), default: 0] += 1
      start = end
    }
  }

  /// The number of `word` (numbered when new), whose counts of cases gain `cases`.
  mutating func wordNumber(of word: String, cases more: Cases) -> Int32 {
    let next = Int32(truncatingIfNeeded: words.count)
    let found = numbers[word, default: next]
    if found == next {
      numbers[word] = next
      words.append(word)
      cases.append(Cases())
    }
    cases[Int(found)].add(more)
    return found
  }

  /// The number of a word as written (numbered when new).
  mutating func writtenNumber(of word: String) -> Int32 {
    let next = Int32(truncatingIfNeeded: written.count)
    let found = writtenNumbers[word, default: next]
    if found == next {
      writtenNumbers[word] = next
      written.append(word)
    }
    return found
  }

  /// Numbers the roots of the words that have none yet (the words added last).
  mutating func numberRoots() {
    for word in roots.count..<words.count {
      // (FNV-1a: a word's root is hashed once, where a string key was hashed at each lookup.)
      let root = finder.pluralRoot(of: words[word]).utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) {
        ($0 ^ UInt64($1)) &* 0x100_0000_01b3
      }
      let next = Int32(truncatingIfNeeded: rootNumbers.count)
      let found = rootNumbers[root, default: next]
      if found == next { rootNumbers[root] = next }
      roots.append(found)
    }
  }

  /// Whether the run of `slot`, met in `article`, keeps an example there: it has none, and it or
  /// another run of its chain was met in an article before; or its example is in its own first
  /// article (kept for a run of its chain that the corpus may count apart: `pari` after
  /// `Paris`), and this one is later.
  private func needsExample(_ slot: Int, article: Int32) -> Bool {
    let entry = entries[slot]
    guard entry.example < 0 else {
      return entry.firstArticle < article && examples[Int(entry.example)].article == entry.firstArticle
    }
    return metBefore(slot, article: article)
  }

  /// Whether the run of `slot`, or another run of its chain, was met in an article before
  /// `article`.
  func metBefore(_ slot: Int, article: Int32) -> Bool {
    if entries[slot].firstArticle < article { return true }
    guard entries[slot].group >= 0 else { return false }
    // (A chain's head is found through the roots of any of its runs.)
    guard let head = slots[entries[slot].run.mapped(roots)].map(Int.init) else { return false }
    var other = head
    while other >= 0 {
      if entries[other].firstArticle < article { return true }
      other = Int(entries[other].next)
    }
    return false
  }

  /// The example numbered `number`.
  private func example(_ number: Int32) -> TermExample {
    let index = Int(number)
    let start = index == 0 ? 0 : Int(examples[index - 1].end)
    let kept = examples[index]
    return TermExample(
      text: String(decoding: exampleBytes[start..<Int(kept.end)], as: UTF8.self),
      source: sources[Int(kept.article)], sentence: Int(kept.sentence))
  }

  /// The entry of `key`, made when new (first seen in `article`, as `local` of that article,
  /// whose written words `renumber` numbers for the corpus) at the end of the chain of its
  /// roots; a chain that had one entry gets a group, whose articles so far are those of its
  /// first entry alone.
  private mutating func entry(
    of key: Run, article: Int32, local: Article.Local, renumber: (Int32) -> Int32
  ) -> Int {
    entry(of: key, article: article, sentence: local.sentence) {
      var form = local.forms.first
      form.words = form.words.mapped(renumber)
      return form
    }
  }

  /// The entry of `key`, made when new (first seen in `article`, in `sentence` there, first
  /// written as `firstForm` gives, in the corpus's numbers), as `entry(of:article:local:renumber:)`
  /// makes it.
  mutating func entry(of key: Run, article: Int32, sentence: Int32, firstForm: () -> Form) -> Int {
    let rootKey = key.mapped(roots)
    var (head, last) = (-1, -1)
    if let found = slots[rootKey].map(Int.init) {
      var slot = found
      while true {
        if entries[slot].run == key { return slot }
        guard entries[slot].next >= 0 else { break }
        slot = Int(entries[slot].next)
      }
      (head, last) = (found, slot)
    }
    let slot = entries.count
    let number = Int32(truncatingIfNeeded: slot)
    let first = packed(firstForm(), of: key)
    entries.append(Entry(run: key, firstArticle: article, sentence: sentence, first: first))
    if keepsFirstExamples { firstExamples.append(-1) }
    guard last >= 0 else {
      slots[rootKey] = number
      return slot
    }
    entries[last].next = number
    if entries[head].group < 0 {
      var group = Group()
      if entries[head].articleCount > 0 {
        group.together[[Int32(truncatingIfNeeded: head)]] = entries[head].articleCount
      }
      entries[head].group = Int32(truncatingIfNeeded: groups.count)
      groups.append(group)
    }
    entries[slot].group = entries[head].group
    return slot
  }

  /// A packed form that is none.
  static let noForm = UInt32.max
  /// The bit of a packed form that is kept in `unusualForms` (the bits below number it).
  static let unusualForm: UInt32 = 1 << 31

  /// A form of `run`, packed in 32 bits: most are the run's words as normalized, which need
  /// only their spaces (bits 0 to 7) and case (bits 8 and 9); another is kept in `unusualForms`.
  mutating func packed(_ form: Form, of run: Run) -> UInt32 {
    guard form.words != run.mapped({ $0 * 2 }) else {
      return UInt32(form.spaces) | UInt32(form.written) << 8
    }
    unusualForms.append(form)
    return CorpusTerms.unusualForm | UInt32(truncatingIfNeeded: unusualForms.count - 1)
  }

  /// The form of `run` packed in `bits`.
  func unpacked(_ bits: UInt32, of run: Run) -> Form {
    guard bits & CorpusTerms.unusualForm == 0 else {
      return unusualForms[Int(bits & ~CorpusTerms.unusualForm)]
    }
    return Form(
      words: run.mapped { $0 * 2 }, spaces: UInt8(truncatingIfNeeded: bits),
      written: UInt8(truncatingIfNeeded: bits >> 8))
  }

  /// The form to show for an entry: a name capitalized and a common word in lowercase, when the
  /// corpus has it so, whatever its first occurrence (`Fin` opening a sentence, `Monde` of `Le
  /// Monde`).
  private func shownForm(of entry: Entry) -> Form {
    let wanted = entry.cases.isName ? entry.capitalized : entry.lowercase
    return unpacked(wanted != CorpusTerms.noForm ? wanted : entry.first, of: entry.run)
  }

  /// How the terms of a corpus are ranked.
  public enum Ranking: String, Sendable, CaseIterable {
    /// Terms that gather in some articles first (`dispersionWeight`): `vélo`, `masque`,
    /// `gilet jaune` before `ans`, `lundi` and `déclaré`, which every kind of news has. The
    /// terms of a corpus of one article, and those no more gathered than chance would gather
    /// them, follow as `count` ranks them.
    case dispersion
    /// By the count weighed by the length, as `TermCandidates` ranks one article's terms.
    case count
  }

  /// How many articles have been added.
  public var articleCount: Int { sources.count }

  /// A term's weight over `articles` articles when it occurs `count` times in `held` of them:
  /// the logarithm of its count times its residual IDF (Church and Gale, 1995), the IDF observed
  /// less the IDF a term of that count would have if its occurrences fell on the articles at
  /// random (a Poisson law): log₂(N / held) + log₂(1 − e^(−count / N)). A word of every kind of
  /// news is spread as chance spreads it (`ans`: 1,099 times in 587 of 1,500 articles, a residual
  /// IDF of 0.4); a term is about some articles and comes back in them (`gilet jaune`: 159 times
  /// in 65, 1.2). The logarithm of the count puts, of two terms as gathered, the one a glossary
  /// row would render more often first.
  public static func dispersionWeight(count: Int, held: Int, articles: Int) -> Double {
    guard count > 0 else { return 0 }
    let total = Double(max(articles, 1))
    let observed = log2(total / Double(max(held, 1)))
    let expected = -log2(-expm1(-Double(count) / total))
    return log(Double(count)) * (observed - expected)
  }

  /// The terms proposed, most useful first (`ranking`), then by the first occurrence. A run in
  /// the plural is counted with its singular when the corpus has both, each mostly in lowercase
  /// (`Paris` is no plural of `pari`).
  public func candidates(ranking: Ranking = .dispersion) -> [CorpusTermCandidate] {
    let common = cases.map(\.isCommon)
    let singular = words.indices.map { number -> Int32 in
      finder.singular(of: number, words: words, number: { numbers[$0] }, lowercase: common) ?? Int32(number)
    }
    // The entries of each run made singular (first the first, the head), each kept when the run
    // recurs enough, its entries in `members`. They are found in the chains: a word and its
    // singular have the same root.
    struct Merged {
      var run: Run
      var members: Range<Int32>
      var count: Int
      var articles: Int
    }
    var members: [Int32] = []
    var frequent: [Merged] = []
    var set: [Int] = []
    func consider() {
      let entry = entries[set[0]]
      let count = set.count == 1 ? Int(entry.count) : set.reduce(0) { $0 + Int(entries[$1].count) }
      guard finder.recursEnough(count: count, words: entry.run.count, firstWritten: firstWord(of: entry))
      else { return }
      let articles =
        set.count == 1 ? Int(entry.articleCount) : groups[Int(entry.group)].articles(holding: set)
      let start = Int32(truncatingIfNeeded: members.count)
      members += set.lazy.map { Int32(truncatingIfNeeded: $0) }
      frequent.append(
        Merged(
          run: entry.run.mapped(singular), members: start..<Int32(truncatingIfNeeded: members.count),
          count: count, articles: articles))
    }
    var chain: [(key: Run, entry: Int, placed: Bool)] = []
    for head in slots.values.map(Int.init).sorted() {
      set.removeAll(keepingCapacity: true)
      guard entries[head].next >= 0 else {
        set.append(head)
        consider()
        continue
      }
      chain.removeAll(keepingCapacity: true)
      var slot = head
      while slot >= 0 {
        chain.append((entries[slot].run.mapped(singular), slot, false))
        slot = Int(entries[slot].next)
      }
      for index in chain.indices where !chain[index].placed {
        set.removeAll(keepingCapacity: true)
        for other in index..<chain.count where !chain[other].placed && chain[other].key == chain[index].key {
          chain[other].placed = true
          set.append(chain[other].entry)
        }
        consider()
      }
    }
    // A run inside a longer frequent run is kept when it recurs enough outside it.
    let holders = Run.holders(of: frequent.lazy.map { ($0.run, $0.count) })
    let kept = frequent.filter {
      $0.articles >= minimumArticles && $0.count - (holders[$0.run] ?? 0) >= finder.minimumCount
        && !isReportingVerb($0.run, count: $0.count)
    }
    // Each term's weight, computed once, then its count; equal ones keep the first occurrence's
    // order.
    let byDispersion = ranking == .dispersion && articleCount > 1
    let weights = kept.map { merged -> (Double, Int) in
      guard byDispersion else { return (Double(merged.count * (2 + merged.run.count)), 0) }
      // A run inside a longer one is weighed by its occurrences outside it (`gilet` outside
      // `gilet jaune`), in at most as many articles. A run spread as chance would spread it has
      // no weight, and such runs are ranked as one article's are: by the count weighed by the
      // length, all its occurrences counted (a small corpus's runs are mostly so, and there the
      // shorter run, `bouclier tarifaire`, is more often the term than the longer ones that hold
      // it, `bouclier tarifaire coûte cher`).
      let alone = merged.count - (holders[merged.run] ?? 0)
      let weight = CorpusTerms.dispersionWeight(
        count: alone, held: min(merged.articles, alone), articles: articleCount)
      return (max(weight, 0), merged.count * (2 + merged.run.count))
    }
    return kept.indices.sorted {
      weights[$0] != weights[$1]
        ? weights[$0] > weights[$1]
        : members[Int(kept[$0].members.lowerBound)] < members[Int(kept[$1].members.lowerBound)]
    }
    .map { index in
      let merged = kept[index]
      let all = members[Int(merged.members.lowerBound)..<Int(merged.members.upperBound)].map(Int.init)
      let shown = all.first { entries[$0].run == merged.run } ?? all[0]
      let forms = all.filter { $0 != shown }.map { text(of: entries[$0]) }
      let entry = entries[all[0]]
      var cases = Cases()
      for member in all { cases.add(entries[member].cases) }
      // The shown run's example, else the first kept of the others', in a later article than
      // the first (a run of the chain counted apart may have kept one in it).
      let example = ([shown] + all).lazy.map { entries[$0].example }
        .first { $0 >= 0 && examples[Int($0)].article > entry.firstArticle }.map(example)
      return CorpusTermCandidate(
        form: text(of: entries[shown]), count: merged.count, articles: merged.articles,
        firstSource: sources[Int(entry.firstArticle)], firstSentence: Int(entry.sentence), variants: forms,
        isName: cases.isName, weight: weights[index].0, example: example)
    }
  }

  /// Whether `run`, seen `count` times besides, is one word that reports quotations at least
  /// twice and in a quarter of its uses or more (`explique`: 106 times so over the 1,500 OrangeSum
  /// articles, 112 otherwise): a verb, whatever it shares with a noun. A noun that sometimes
  /// reports (`note`, 7 and 51; `demande`, 5 and 190) stays.
  private func isReportingVerb(_ run: Run, count: Int) -> Bool {
    guard run.count == 1, let number = run.numbers.first, let reports = reporting[words[Int(number)]]
    else { return false }
    return reports >= 2 && 3 * reports >= count
  }

  /// A written word's text.
  private func writtenWord(_ number: Int32) -> String {
    number & 1 == 0 ? words[Int(number >> 1)] : written[Int(number >> 1)]
  }

  /// A run's first word as shown.
  private func firstWord(of entry: Entry) -> String {
    shownForm(of: entry).words.numbers.first.map(writtenWord) ?? ""
  }

  /// A run's words as shown, with a space between two the text spaced apart.
  private func text(of entry: Entry) -> String {
    let form = shownForm(of: entry)
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
  /// What the ranking weighed them by: `CorpusTerms.dispersionWeight` (0 for words spread as
  /// chance spreads them), or the count weighed by the length.
  public var weight: Double
  /// The words in context, in an article after the first (none when only the first holds them).
  public var example: TermExample? = nil
}

/// A term in context: the words around one occurrence, within its sentence (`…` where the
/// sentence goes on), and where it is.
public struct TermExample: Sendable, Equatable {
  /// How many tokens on each side of the term an example shows at most.
  public static let reach = 6

  public var text: String
  /// The article (as named when added) and the sentence there.
  public var source: String
  public var sentence: Int
}
