import Foundation
import PrecisCore

/// The counts of a corpus's uncovered terms (`CorpusTerms`), as a file keeps them to be added
/// to others': a week's worklist from its daily runs, or a corpus's from the parts several
/// machines counted. Parts added in the corpus's order give the rows the whole corpus gives,
/// exactly: the file keeps what a corpus keeps (its words and how they are written, its runs
/// with their counts, forms, articles and examples, and which runs were met together), plus the
/// example of each run's first occurrence, which a part's first article cannot tell is the
/// corpus's first.
///
/// The file starts with a line that names it, then its format's version and a value that tells
/// the byte order; integers are written as the machine holds them (every machine Precis is
/// built for is little-endian). Everything read is checked: a file cut short, damaged or of
/// another version is refused with an error that says so, never read wrongly.
public struct TermCounts: Sendable {
  /// The language and the digest of the stopwords the runs were found with: counts are added
  /// up only to a corpus that finds runs as they were found.
  var language: String
  var stopwordsDigest: UInt64
  /// The articles' names, in order.
  var sources: [String]
  /// How often each word was met reporting a quotation.
  var reportingWords: [String]
  var reportingCounts: [Int]
  /// The words, numbered, each with its `CorpusTerms.Cases` (lowercase, capitalized).
  var words: [String]
  var wordCases: [Int32]
  /// The words as written where that is not as normalized.
  var written: [String]
  /// Each run's words, four numbers a run (-1 past its end), in the corpus's order.
  var runs: [Int32]
  /// Each run's `Value`s, `Value.allCases.count` numbers a run.
  var values: [Int32]
  /// Each run's forms as `CorpusTerms` packs them: as first written, in lowercase,
  /// capitalized inside a sentence (`CorpusTerms.noForm` for none).
  var forms: [UInt32]
  /// The forms packed apart, six numbers each: four written words (-1 past the end), the
  /// spaces, the case.
  var unusualForms: [Int32]
  /// The sets of runs of a chain met together in articles (those of runs whose `grouped` is
  /// 1), one after another: how many runs, in how many articles, and the runs.
  var sets: [Int32]
  /// The examples' texts, one after another, and for each where it ends, its article and its
  /// sentence.
  var exampleBytes: [UInt8]
  var examples: [Int32]

  /// What `values` holds for each run, in this order.
  enum Value: Int, CaseIterable {
    case count, firstArticle, sentence, lowercase, capitalized, articles, grouped, example, firstExample
  }

  /// How many runs the counts hold.
  var runCount: Int { runs.count / 4 }

  /// How many articles were counted.
  public var articleCount: Int { sources.count }

  /// The articles' names, in order.
  public var articleNames: [String] { sources }

  /// The counts `corpus` holds.
  public init(_ corpus: CorpusTerms) {
    language = corpus.finder.language
    stopwordsDigest = corpus.finder.stopwordsDigest
    sources = corpus.sources
    let reporting = corpus.reporting.sorted { $0.key < $1.key }
    reportingWords = reporting.map(\.key)
    reportingCounts = reporting.map(\.value)
    words = corpus.words
    wordCases = corpus.cases.flatMap { [$0.lowercase, $0.capitalized] }
    written = corpus.written
    runs = []
    values = []
    forms = []
    runs.reserveCapacity(corpus.entries.count * 4)
    values.reserveCapacity(corpus.entries.count * Value.allCases.count)
    forms.reserveCapacity(corpus.entries.count * 3)
    for (index, entry) in corpus.entries.enumerated() {
      let numbers = entry.run.numbers
      runs += numbers + [Int32](repeating: -1, count: 4 - numbers.count)
      values += [
        entry.count, entry.firstArticle, entry.sentence, entry.cases.lowercase, entry.cases.capitalized,
        entry.articleCount, entry.group >= 0 ? 1 : 0, entry.example,
        corpus.keepsFirstExamples ? corpus.firstExamples[index] : -1,
      ]
      forms += [entry.first, entry.lowercase, entry.capitalized]
    }
    unusualForms = corpus.unusualForms.flatMap { form -> [Int32] in
      let numbers = form.words.numbers
      return numbers + [Int32](repeating: -1, count: 4 - numbers.count) + [
        Int32(form.spaces), Int32(form.written),
      ]
    }
    // (In a fixed order: the same corpus gives the same file.)
    sets = []
    for group in corpus.groups {
      for (members, articles) in group.together.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
        sets += [Int32(truncatingIfNeeded: members.count), articles] + members
      }
    }
    exampleBytes = corpus.exampleBytes
    examples = corpus.examples.flatMap { [$0.end, $0.article, $0.sentence] }
  }

  // MARK: The file

  /// The first line of a file of counts.
  static let signature = Array("precis term counts\n".utf8)
  /// The version of the format this build writes and reads.
  static let version = 1
  /// A value whose bytes tell the byte order the file was written in.
  static let byteOrderMark = 0x0102_0304_0506_0708

  /// The file's bytes.
  public func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    encode(into: &writer)
    return TermCounts.signature + writer.bytes
  }

  /// Gives the file's bytes to `sink` a chunk at a time, as `encoded()` has them (held whole,
  /// with their copy behind the signature, the counts of 1,500 articles cost 24 MB more);
  /// `sink` returns `false` to refuse them. Returns whether all were taken.
  public func write(to sink: @escaping (UnsafeRawBufferPointer) -> Bool) -> Bool {
    guard TermCounts.signature.withUnsafeBytes(sink) else { return false }
    var writer = BinaryWriter(sink: sink)
    encode(into: &writer)
    return writer.finish()
  }

  /// Writes the counts after the signature.
  private func encode(into writer: inout BinaryWriter) {
    writer.write(TermCounts.version)
    writer.write(TermCounts.byteOrderMark)
    writer.write(language)
    writer.write(Int(bitPattern: UInt(stopwordsDigest)))
    writer.write(sources)
    writer.write(reportingWords)
    writer.write(plain: reportingCounts)
    writer.write(words)
    writer.write(plain: wordCases)
    writer.write(written)
    writer.write(plain: runs)
    writer.write(plain: values)
    writer.write(plain: forms)
    writer.write(plain: unusualForms)
    writer.write(plain: sets)
    writer.write(plain: exampleBytes)
    writer.write(plain: examples)
  }

  /// Reads the counts a file at `path` holds in `bytes`, checking all of it.
  public init(decoding bytes: [UInt8], path: String) throws {
    let location = SourceLocation(file: path)
    let rewrite = "count the articles again with 'precis batch --terms-counts' or 'precis terms --counts'"
    guard bytes.starts(with: TermCounts.signature) else {
      throw InputError(
        "'\(path)' is no file of term counts: it does not start with 'precis term counts'", at: location,
        notes: ["give the files that 'precis batch --terms-counts' or 'precis terms --counts' wrote"])
    }
    func damaged(_ what: String) -> InputError {
      InputError("'\(path)' is damaged: \(what)", at: location, notes: [rewrite])
    }
    let body = bytes.dropFirst(TermCounts.signature.count)
    let read = body.withUnsafeBytes { raw -> Result<TermCounts, InputError> in
      var reader = BinaryReader(raw)
      do {
        let version = try reader.int()
        guard version == TermCounts.version else {
          return .failure(
            InputError(
              "'\(path)' holds term counts of format \(version); this Precis reads format \(TermCounts.version)",
              at: location, notes: ["count the articles again with this Precis"]))
        }
        guard try reader.int() == TermCounts.byteOrderMark else {
          return .failure(
            InputError(
              "'\(path)' was written on a machine of another byte order", at: location,
              notes: ["count the articles again on a machine of this one's byte order"]))
        }
        let language = try reader.validString()
        let digest = UInt64(bitPattern: Int64(try reader.int()))
        var counts = TermCounts(language: language, stopwordsDigest: digest)
        counts.sources = try reader.validStrings()
        counts.reportingWords = try reader.validStrings()
        counts.reportingCounts = try reader.plain(Int.self)
        counts.words = try reader.validStrings()
        counts.wordCases = try reader.plain(Int32.self)
        counts.written = try reader.validStrings()
        counts.runs = try reader.plain(Int32.self)
        counts.values = try reader.plain(Int32.self)
        counts.forms = try reader.plain(UInt32.self)
        counts.unusualForms = try reader.plain(Int32.self)
        counts.sets = try reader.plain(Int32.self)
        counts.exampleBytes = try reader.plain(UInt8.self)
        counts.examples = try reader.plain(Int32.self)
        guard reader.isAtEnd else { return .failure(damaged("it goes on after its counts")) }
        if let problem = counts.problem { return .failure(damaged(problem)) }
        return .success(counts)
      } catch {
        return .failure(
          damaged("it ends before its counts do, or holds an impossible length or text that is not UTF-8"))
      }
    }
    self = try read.get()
  }

  /// Empty counts of runs found in `language` with the stopwords of `stopwordsDigest`.
  private init(language: String, stopwordsDigest: UInt64) {
    self.language = language
    self.stopwordsDigest = stopwordsDigest
    (sources, reportingWords, reportingCounts, words, wordCases, written) = ([], [], [], [], [], [])
    (runs, values, forms, unusualForms, sets, exampleBytes, examples) = ([], [], [], [], [], [], [])
  }

  /// What is inconsistent in counts read from a file, or `nil`: every number that names a
  /// word, a run, an article or an example names one there is, and every count is positive.
  var problem: String? {
    let runCount = runs.count / 4
    let exampleCount = examples.count / 3
    let fields = Value.allCases.count
    guard reportingCounts.count == reportingWords.count, reportingCounts.allSatisfy({ $0 >= 0 }) else {
      return "its reporting words and their counts do not pair up"
    }
    guard wordCases.count == 2 * words.count, wordCases.allSatisfy({ $0 >= 0 }) else {
      return "its words and their cases do not pair up"
    }
    guard runs.count % 4 == 0, values.count == fields * runCount, forms.count == 3 * runCount else {
      return "its runs and their counts do not pair up"
    }
    // A run of one to four numbers below `limit`, -1 after them.
    func isRun(_ numbers: ArraySlice<Int32>, below limit: (Int32) -> Bool) -> Bool {
      let length = numbers.prefix { $0 >= 0 }.count
      return length >= 1 && numbers.prefix(length).allSatisfy(limit)
        && numbers.dropFirst(length).allSatisfy { $0 == -1 }
    }
    for run in 0..<runCount where !isRun(runs[(run * 4)..<(run * 4 + 4)], below: { Int($0) < words.count }) {
      return "run \(run + 1) has no words, or words it does not hold"
    }
    let unusualCount = unusualForms.count / 6
    guard unusualForms.count % 6 == 0 else { return "its forms are cut short" }
    for form in 0..<unusualCount {
      let base = form * 6
      let isWritten = { (number: Int32) in
        Int(number >> 1) < (number & 1 == 0 ? words.count : written.count)
      }
      guard isRun(unusualForms[base..<(base + 4)], below: isWritten),
        (0...255).contains(unusualForms[base + 4]),
        (0...2).contains(unusualForms[base + 5])
      else { return "form \(form + 1) names words it does not hold" }
    }
    for run in 0..<runCount {
      let value = { (field: Value) in self.values[run * fields + field.rawValue] }
      guard value(.count) >= 1, value(.sentence) >= 0, value(.lowercase) >= 0, value(.capitalized) >= 0,
        value(.articles) >= 1, (0...1).contains(value(.grouped)),
        (0..<sources.count).contains(Int(value(.firstArticle)))
      else { return "run \(run + 1) has an impossible count or article" }
      for field in [Value.example, .firstExample] where !(-1..<exampleCount).contains(Int(value(field))) {
        return "run \(run + 1) names an example it does not hold"
      }
      for slot in 0..<3 {
        let bits = forms[run * 3 + slot]
        if bits == CorpusTerms.noForm {
          if slot == 0 { return "run \(run + 1) has no first form" }
        } else if bits & CorpusTerms.unusualForm != 0, Int(bits & ~CorpusTerms.unusualForm) >= unusualCount {
          return "run \(run + 1) names a form it does not hold"
        }
      }
    }
    var index = 0
    while index < sets.count {
      let members = Int(sets[index])
      guard members >= 1, index + 2 + members <= sets.count, sets[index + 1] >= 1,
        sets[(index + 2)..<(index + 2 + members)].allSatisfy({ (0..<runCount).contains(Int($0)) })
      else { return "its sets of runs met together name runs it does not hold" }
      index += 2 + members
    }
    guard examples.count % 3 == 0 else { return "its examples are cut short" }
    var end: Int32 = 0
    for example in 0..<exampleCount {
      let (next, article, sentence) = (
        examples[example * 3], examples[example * 3 + 1], examples[example * 3 + 2]
      )
      guard next >= end, Int(next) <= exampleBytes.count, (0..<sources.count).contains(Int(article)),
        sentence >= 0
      else { return "example \(example + 1) is outside its texts or articles" }
      end = next
    }
    return nil
  }
}

extension CorpusTerms {
  /// Adds the articles counted in `counts` (read from `path`) after this corpus's, as adding
  /// them one by one would have: the same rows, counts, first places and examples.
  ///
  /// Refused when their runs were found otherwise: in another language, or bounded by other
  /// stopwords.
  public mutating func add(_ counts: TermCounts, from path: String) throws {
    guard counts.language == finder.language else {
      throw InputError(
        "'\(path)' counts terms of '\(counts.language)', and this pipeline's are '\(finder.language)'",
        at: SourceLocation(file: path),
        notes: ["add up counts of one language, with a pipeline (or --language) of that language"])
    }
    guard counts.stopwordsDigest == finder.stopwordsDigest else {
      throw InputError(
        "'\(path)' counts runs bounded by other stopwords than this pipeline's",
        at: SourceLocation(file: path),
        notes: [
          "add up counts made with the same translate-terms 'stopwords' (the same pipeline), or count "
            + "the articles again"
        ])
    }
    let offset = Int32(truncatingIfNeeded: sources.count)
    sources += counts.sources
    for (word, count) in zip(counts.reportingWords, counts.reportingCounts) {
      reporting[word] = CorpusTerms.sum(reporting[word] ?? 0, count)
    }
    let wordNumbers = counts.words.indices.map { index in
      wordNumber(
        of: counts.words[index],
        cases: Cases(lowercase: counts.wordCases[index * 2], capitalized: counts.wordCases[index * 2 + 1]))
    }
    let writtenNumbers = counts.written.map { writtenNumber(of: $0) }
    numberRoots()
    let renumber = { (number: Int32) -> Int32 in
      number & 1 == 0 ? wordNumbers[Int(number >> 1)] * 2 : writtenNumbers[Int(number >> 1)] * 2 + 1
    }
    let fields = TermCounts.Value.allCases.count
    func value(_ run: Int, _ field: TermCounts.Value) -> Int32 {
      counts.values[run * fields + field.rawValue]
    }
    func run(_ index: Int) -> Run { Run(counts.runs[(index * 4)..<(index * 4 + 4)].prefix { $0 >= 0 }) }
    // A form of run `index`, packed in `bits` as the counts pack it, in this corpus's numbers.
    func form(_ bits: UInt32, of index: Int) -> Form {
      var form: Form
      if bits & CorpusTerms.unusualForm != 0 {
        let base = Int(bits & ~CorpusTerms.unusualForm) * 6
        form = Form(
          words: Run(counts.unusualForms[base..<(base + 4)].prefix { $0 >= 0 }),
          spaces: UInt8(truncatingIfNeeded: counts.unusualForms[base + 4]),
          written: UInt8(truncatingIfNeeded: counts.unusualForms[base + 5]))
      } else {
        form = Form(
          words: run(index).mapped { $0 * 2 }, spaces: UInt8(truncatingIfNeeded: bits),
          written: UInt8(truncatingIfNeeded: bits >> 8))
      }
      form.words = form.words.mapped(renumber)
      return form
    }
    // First every run's entry, made when new, so that chains are whole; then the counts.
    let before = entries.count
    let slots = (0..<counts.runCount).map { index in
      entry(
        of: run(index).mapped(wordNumbers), article: offset &+ value(index, .firstArticle),
        sentence: value(index, .sentence)
      ) { form(counts.forms[index * 3], of: index) }
    }
    var copied: [Int32: Int32] = [:]
    func copy(_ example: Int32) -> Int32 {
      if let number = copied[example] { return number }
      let index = Int(example)
      let start = index == 0 ? 0 : Int(counts.examples[index * 3 - 3])
      exampleBytes += counts.exampleBytes[start..<Int(counts.examples[index * 3])]
      examples.append(
        (
          Int32(truncatingIfNeeded: exampleBytes.count), offset &+ counts.examples[index * 3 + 1],
          counts.examples[index * 3 + 2]
        ))
      let number = Int32(truncatingIfNeeded: examples.count - 1)
      copied[example] = number
      return number
    }
    for (index, slot) in slots.enumerated() {
      let (example, firstExample) = (value(index, .example), value(index, .firstExample))
      // The example the articles added one by one would keep. A run this corpus has keeps its
      // own, unless it is none or in the run's first article: the part's first occurrence
      // replaces it. A new run keeps the part's, else, when another run of its chain came
      // before, its first occurrence. (A part counted without first examples gives its own.)
      let kept: Int32
      if slot < before {
        let own = entries[slot].example
        kept =
          own >= 0 && examples[Int(own)].article != entries[slot].firstArticle
          ? -1 : firstExample >= 0 ? firstExample : example
      } else {
        kept =
          example >= 0
          ? example : metBefore(slot, article: offset &+ value(index, .firstArticle)) ? firstExample : -1
      }
      if kept >= 0 { entries[slot].example = copy(kept) }
      if keepsFirstExamples, slot >= before, firstExample >= 0 { firstExamples[slot] = copy(firstExample) }
      entries[slot].count = CorpusTerms.sum(entries[slot].count, value(index, .count))
      entries[slot].cases.add(
        Cases(lowercase: value(index, .lowercase), capitalized: value(index, .capitalized)))
      entries[slot].articleCount = CorpusTerms.sum(entries[slot].articleCount, value(index, .articles))
      if entries[slot].lowercase == CorpusTerms.noForm, counts.forms[index * 3 + 1] != CorpusTerms.noForm {
        entries[slot].lowercase = packed(form(counts.forms[index * 3 + 1], of: index), of: entries[slot].run)
      }
      if entries[slot].capitalized == CorpusTerms.noForm, counts.forms[index * 3 + 2] != CorpusTerms.noForm {
        entries[slot].capitalized = packed(
          form(counts.forms[index * 3 + 2], of: index), of: entries[slot].run)
      }
      // A run alone in its chain in the part, and not here: its articles had it alone.
      if value(index, .grouped) == 0, entries[slot].group >= 0 {
        let group = Int(entries[slot].group)
        groups[group].together[[Int32(truncatingIfNeeded: slot)], default: 0] = CorpusTerms.sum(
          groups[group].together[[Int32(truncatingIfNeeded: slot)]] ?? 0, value(index, .articles))
      }
    }
    var index = 0
    while index < counts.sets.count {
      let length = Int(counts.sets[index])
      let members = counts.sets[(index + 2)..<(index + 2 + length)].map {
        Int32(truncatingIfNeeded: slots[Int($0)])
      }
      .sorted()
      let group = entries[Int(members[0])].group
      if group >= 0, members.allSatisfy({ entries[Int($0)].group == group }) {
        groups[Int(group)].together[members] = CorpusTerms.sum(
          groups[Int(group)].together[members] ?? 0, counts.sets[index + 1])
      }
      index += 2 + length
    }
  }

  /// Two counts added, at most the largest a count holds.
  static func sum<Count: FixedWidthInteger>(_ first: Count, _ second: Count) -> Count {
    let (sum, overflow) = first.addingReportingOverflow(second)
    return overflow ? (second < 0 ? .min : .max) : sum
  }
}
