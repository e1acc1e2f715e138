import PrecisCore

/// One glossary entry: a source term and how to render it.
public struct GlossaryEntry: Sendable, Equatable {
  /// The source term as written (`puce électronique`).
  public var source: String
  /// The English singular (`electronic chip`).
  public var target: String
  /// The English plural, given after a bar or made by rule.
  public var pluralTarget: String
  /// The part of speech, when given (`noun`, `adjective`, `proper noun`).
  public var pos: String?
  /// The domain, when given (`economy`); entries with the same source and different domains
  /// are alternatives that the pipeline's `domains` option chooses between.
  public var domain: String?
  /// Whether the term matches only with the capitals it is written with (`CE`, not `ce`).
  public var caseSensitive: Bool
  /// Whether the term is kept as it is (a name that looks like a word: `Le Monde`).
  public var keep: Bool
  /// Whether the term is also a past participle (`communiqué`, `réfugié`): a one-word term so
  /// flagged matches only where a noun stands (see `TermMatcher.isNounPlace`).
  public var participle = false
  /// Whether the entry is a people's noun for women (`française` → `Frenchwoman`), rendered for
  /// the word's feminine forms where English tells the two apart (`Frenchman`, `Frenchwoman`).
  public var feminine = false
  /// Whether the pipeline renders the term: false for the entries of a glossary loaded with
  /// `render: false`, whose terms are matched (so that their words match nothing shorter) and
  /// reported with their suggested English, but not rendered.
  public var render = true
  /// A note for translators.
  public var note: String?
  /// Words that choose this entry over its alternatives (`Trump`, `américain`, `Maison
  /// Blanche`): it is rendered where one of them is written near the term (see
  /// `ContextCues`), the alternatives without such words elsewhere. Empty for most entries.
  public var context: [String] = []
  /// The file and line of the entry.
  public var location: SourceLocation
  /// The term's words, lowercased, without hyphens.
  public var tokens: [String]
  /// The term's words as written.
  public var written: [String]

  /// The words joined by spaces: entries with the same key are the same term. An entry matched
  /// only as written (`case`, `keep`) keys on its words as written, so that two kept names
  /// that differ by a capital (`Est Républicain`, `Est républicain`) are two terms, not one
  /// listed twice.
  public var key: String { (caseSensitive || keep ? written : tokens).joined(separator: " ") }

  /// Creates an entry; `tokens` and `written` come from the tokenizer.
  public init(
    source: String, target: String, pluralTarget: String? = nil, pos: String? = nil,
    domain: String? = nil, caseSensitive: Bool = false, keep: Bool = false, note: String? = nil,
    location: SourceLocation, tokens: [String], written: [String]
  ) {
    self.source = source
    self.target = target
    self.pluralTarget = pluralTarget ?? English.plural(of: target)
    self.pos = pos
    self.domain = domain
    self.caseSensitive = caseSensitive
    self.keep = keep
    self.note = note
    self.location = location
    self.tokens = tokens
    self.written = written
  }

  /// Whether the part of speech is `noun` (a common noun), in any case.
  var isCommonNoun: Bool { pos.map { GlossaryEntry.isPartOfSpeech($0, "noun") } ?? false }

  /// Whether `pos` is `name` (lowercase ASCII) in any case, compared by bytes: asked of entries
  /// as terms are rendered, where lowercasing made a string each time.
  static func isPartOfSpeech(_ pos: String, _ name: StaticString) -> Bool {
    let bytes = pos.utf8
    guard bytes.count == name.utf8CodeUnitCount else { return false }
    return name.withUTF8Buffer { name in
      zip(bytes, name).allSatisfy { byte, lower in
        byte == lower || (byte &- 0x41 < 26 && byte | 0x20 == lower)
      }
    }
  }

  /// Whether the part of speech is `demonym`, in any case: the English noun for a people
  /// (`espagnol → Spaniard`, `polonais → Pole`), where it is not the adjective's word. French
  /// capitalizes that noun alone (`les Espagnols`, `une Suédoise`); lowercase, the word is the
  /// adjective or the language (`l'espagnol`, Spanish).
  var isDemonym: Bool { pos.map { GlossaryEntry.isPartOfSpeech($0, "demonym") } ?? false }

  /// Whether the part of speech names an adjective (`TermMatcher.namesAdjective`).
  var isAdjective: Bool { pos.map(TermMatcher.namesAdjective) ?? false }

  /// Whether `self` and `other`, entries with the same source, are the same word's adjective
  /// and noun (`démocrate`: `Democratic`, and `Democrat` after a determiner; `espagnol`:
  /// `Spanish`, and `Spaniard` where capitalized): alternatives of the same domain and context
  /// words, rendered by the word's place in the sentence or its capital.
  func isOtherWordClass(of other: GlossaryEntry) -> Bool {
    domain == other.domain && context == other.context
      && ((isAdjective && other.isNoun) || (isNoun && other.isAdjective))
  }

  /// Whether the entry is a common noun or a people's (`isDemonym`).
  var isNoun: Bool { isCommonNoun || isDemonym }

  /// The entry matched and reported but not rendered.
  func heldBack() -> GlossaryEntry {
    var entry = self
    entry.render = false
    return entry
  }
}

/// A row as a glossary file gives it, before tokenizing.
struct GlossaryRow {
  var source: String
  var target: String
  var pos: String?
  var domain: String?
  var flags: [String] = []
  var note: String?
  /// The `context` column's words, split at its commas.
  var context: [String] = []
  var location: SourceLocation
  /// Where a TSV or CSV row's fields are written, for an error to point at one; `nil` for an
  /// entry of a TBX file.
  var columns: Columns?
  /// The fields past the columns the header names, not empty (read nowhere: a warning says so).
  var ignored: [String] = []
  /// The index in the row of the first of them.
  var ignoredFrom: Int?

  /// The fields of a delimited row that an error may point at, by their index in the row.
  struct Columns {
    var source: Int
    var target: Int
    var flags: Int?
    var delimiter: Unicode.Scalar
  }

  /// The fields an error may be about.
  enum Field { case source, target, flags }

  /// An error about the row's `field`, placed at its column with the row printed under it
  /// (read from `contents`, the file's bytes): for a TBX entry, where its line holds the source
  /// term as written.
  func error(_ message: String, about field: Field, contents: [UInt8], notes: [String] = []) -> LexiconError {
    guard let columns else {
      return LexiconError(message, at: location, showing: source, contents: contents, notes: notes)
    }
    let index: Int? =
      switch field {
      case .source: columns.source
      case .target: columns.target
      case .flags: columns.flags
      }
    guard let index else { return LexiconError(message, at: location, notes: notes) }
    return LexiconError(message, at: location, contents: contents, notes: notes) {
      DelimitedGlossary.column(ofField: index, in: $0, delimiter: columns.delimiter)
    }
  }
}

/// Glossary entries read from TSV, CSV or TBX files, with the warnings reading them raised.
public struct Glossary: Sendable {
  /// The entries, in file order; several entries may share a key when their domains differ.
  public private(set) var entries: [GlossaryEntry] = []
  /// Problems that do not stop the pipeline: a source listed twice with different targets.
  public private(set) var warnings: [Diagnostic] = []
  /// The rows flagged `todo` left out for want of a target, each with the key an entry of its
  /// source would have (`GlossaryEntry.key`), in file order.
  private(set) var waiting: [(key: String, row: GlossaryRow)] = []

  /// The flags an entry may carry.
  public static let flags = ["case", "keep", "participle", "feminine", "todo"]

  /// Glossary entries as they are.
  public init(entries: [GlossaryEntry], warnings: [Diagnostic] = []) {
    self.entries = entries
    self.warnings = warnings
  }

  /// Reads one glossary file: TSV (our format), CSV as terminology owners publish it, or TBX;
  /// `file.settings` may give `format` and `columns.*` (which column holds the source, …).
  public init(
    file: SourceFile, sourceLanguage: String, targetLanguage: String, tokenizer: WordTokenizer.Worker
  )
    throws
  {
    guard let data = FilePath.regularFileContents(file.path) else {
      throw LexiconError(
        "cannot read glossary '\(file.path)'", at: SourceLocation(file: file.path),
        notes: ["name a readable TSV, CSV or TBX file, or a folder of them"])
    }
    try self.init(
      file: file, contents: data, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
      tokenizer: tokenizer)
  }

  /// Reads a glossary from `contents`, the bytes of `file` (which names it in messages and
  /// gives its format).
  public init(
    file: SourceFile, contents: [UInt8], sourceLanguage: String, targetLanguage: String,
    tokenizer: WordTokenizer.Worker
  ) throws {
    let rows: [GlossaryRow]
    switch try GlossaryFormat(file: file) {
    case .tsv: rows = try DelimitedGlossary.rows(file: file, data: contents, delimiter: "\t")
    case .csv: rows = try DelimitedGlossary.rows(file: file, data: contents, delimiter: ",")
    case .tbx:
      rows = try TBXGlossary.rows(
        path: file.path, data: contents, source: sourceLanguage, target: targetLanguage)
    }
    var read: [GlossaryEntry] = []
    var waiting: [(key: String, row: GlossaryRow)] = []
    for row in rows {
      if let entry = try Glossary.entry(from: row, tokenizer: tokenizer, contents: contents) {
        read.append(entry)
      } else {
        // (Keyed as an entry of it would be, so that another glossary's entry for the term is
        // found; a source of no words has no key.)
        let tokens = (try? tokenizer.tokens(in: row.source)) ?? TokenList()
        let words = tokens.indices.filter { tokens[$0].kind != .punctuation }.map(tokens.normalized(at:))
        waiting.append((words.joined(separator: " "), row))
      }
    }
    self.init(layer: [read])
    self.waiting = waiting.filter { !$0.key.isEmpty }
    warnings =
      rows.filter { !$0.ignored.isEmpty }.enumerated().map { number, row in
        let fields = row.ignored.map { "'\($0)'" }.joined(separator: ", ")
        let message =
          "\(row.ignored.count == 1 ? "a field" : "fields") past the columns the header names: \(fields) "
          + "\(row.ignored.count == 1 ? "is" : "are") ignored"
        let notes = [
          "name the column in the header (note, pos, domain, flags or context), or remove the field"
        ]
        // The warnings shown (the first of a file) point at the first field ignored, with the
        // row printed; reading a row back for every one would cost the square of the file.
        guard number < Glossary.shownWarnings, let field = row.ignoredFrom, let columns = row.columns else {
          return Diagnostic(.warning, message, at: row.location, notes: notes)
        }
        return Diagnostic(.warning, message, at: row.location, contents: contents, notes: notes) {
          DelimitedGlossary.column(ofField: field, in: $0, delimiter: columns.delimiter)
        }
      } + warnings + Glossary.waitingNote(waiting.map(\.row))
  }

  /// The note on the rows flagged `todo`, still to fill in, whose term another entry of the
  /// glossaries renders (another glossary's, or a row of the same file that is filled in): how
  /// many, at the first of each file's, with the entry that covers it. A worklist kept over
  /// weeks sees its terms enter the glossaries it is read with; a translator need not do them.
  static func coveredNotes(waiting: [(key: String, row: GlossaryRow)], entries: [GlossaryEntry])
    -> [Diagnostic]
  {
    guard !waiting.isEmpty else { return [] }
    let keys = Set(waiting.map(\.key))
    var covering: [String: GlossaryEntry] = [:]
    // (An entry held back, `render: false`, only suggests its target: the row would render one.)
    for entry in entries where entry.render && covering[entry.key] == nil && keys.contains(entry.key) {
      covering[entry.key] = entry
    }
    guard !covering.isEmpty else { return [] }
    var notes: [Diagnostic] = []
    var files: [String] = []
    var covered: [String: [(row: GlossaryRow, by: GlossaryEntry)]] = [:]
    for (key, row) in waiting {
      guard let entry = covering[key] else { continue }
      if covered[row.location.file] == nil { files.append(row.location.file) }
      covered[row.location.file, default: []].append((row, entry))
    }
    for file in files {
      guard let rows = covered[file], let first = rows.first else { continue }
      let count = rows.count
      notes.append(
        Diagnostic(
          .note,
          "\(count) row\(count == 1 ? "" : "s") flagged 'todo' \(count == 1 ? "is a term" : "are terms") "
            + "another entry already translates, '\(first.row.source)' first ('\(first.by.target)' at "
            + "\(first.by.location))",
          at: first.row.location,
          notes: [
            "remove such a row, or fill it in to use your own target (the glossary listed first in "
              + "'glossary:' wins)"
          ]))
    }
    return notes
  }

  /// The note on the rows flagged `todo` that were left out for want of a target: how many,
  /// at the first of them. A worklist of `precis terms` added to `glossary:` before all its
  /// rows are filled in says so at each run, so that none is forgotten.
  static func waitingNote(_ rows: [GlossaryRow]) -> [Diagnostic] {
    guard let first = rows.first else { return [] }
    let count = rows.count
    return [
      Diagnostic(
        .note,
        "\(count) row\(count == 1 ? "" : "s") flagged 'todo' \(count == 1 ? "has" : "have") no target yet "
          + "and \(count == 1 ? "is" : "are") left out, '\(first.source)' first",
        at: first.location,
        notes: [
          "fill in a row's target to read it, or give it the flag 'keep' to keep the term as written"
        ])
    ]
  }

  /// How many warnings a glossary file shows; one more says how many were left out.
  static let shownWarnings = 5

  /// Reads the glossary file at `path`, its format from its extension (French to English).
  public init(path: String, tokenizer: WordTokenizer.Worker) throws {
    try self.init(
      file: SourceFile(path: path), sourceLanguage: "fr", targetLanguage: "en", tokenizer: tokenizer)
  }

  /// Merges the entries of several glossaries read as one layer (the files of one folder): a
  /// source given twice with different targets and the same domain is a warning, and the first
  /// line wins.
  init(layer: [[GlossaryEntry]]) {
    // An accented key is hashed through NFC, most of what this costs: each is joined once,
    // and the table is sized up front so that growing never hashes them all again. A key
    // maps to its first entry; the few keys kept more than once (other domains) list the rest
    // apart, and the entries are copied only when one is dropped (a million rows had made a
    // million one-element arrays and copied every entry).
    let all = layer.count == 1 ? layer[0] : Array(layer.joined())
    var found: [Diagnostic] = []
    var firstOf: [String: Int] = [:]
    firstOf.reserveCapacity(all.count)
    var others: [Int: [Int]] = [:]
    var dropped: [Bool] = []
    for (position, entry) in all.enumerated() {
      let key = entry.key
      guard let first = firstOf[key] else {
        firstOf[key] = position
        continue
      }
      let kept = [first] + (others[first] ?? [])
      guard
        let same = kept.lazy.map({ all[$0] }).first(where: {
          $0.domain == entry.domain && $0.context == entry.context && $0.feminine == entry.feminine
            && !$0.isOtherWordClass(of: entry)
        })
      else {
        others[first, default: []].append(position)
        continue
      }
      // (Two names kept as written are one, whatever their spellings: `Météo-France`, `Météo
      // France`.)
      if same.keep != entry.keep || (same.target != entry.target && !entry.keep) {
        found.append(
          Diagnostic(
            .warning,
            "'\(entry.source)' is listed twice with different targets: '\(same.target)' at "
              + "\(same.location) and '\(entry.target)' here; the first is used",
            at: entry.location,
            notes: [
              "keep one, or give each a different domain (for 'domains:' to choose) or context words"
            ]))
      }
      if dropped.isEmpty { dropped = Array(repeating: false, count: all.count) }
      dropped[position] = true
    }
    entries = dropped.isEmpty ? all : all.indices.filter { !dropped[$0] }.map { all[$0] }
    warnings = found
  }

  /// Merges glossaries in priority order: for each term, the first glossary that has it decides
  /// (a client's list over the bundled one); warnings are kept.
  public init(merging glossaries: [Glossary]) {
    var taken: Set<String> = []
    taken.reserveCapacity(glossaries.reduce(0) { $0 + $1.entries.count })
    for glossary in glossaries {
      var added: Set<String> = []
      added.reserveCapacity(glossary.entries.count)
      for entry in glossary.entries {
        let key = entry.key
        guard !taken.contains(key) else { continue }
        entries.append(entry)
        added.insert(key)
      }
      taken.formUnion(added)
      warnings += glossary.warnings
    }
  }

  /// Merges files read one by one into layers: consecutive files named by one pipeline item (a
  /// folder) form one layer, checked together for conflicting entries.
  public static func load(
    _ files: [SourceFile], sourceLanguage: String, targetLanguage: String, tokenizer: WordTokenizer
  ) throws -> Glossary {
    // The files are read on the cores (each part with its own tokenizer), then merged in order;
    // the first error, in file order, is the one a single pass would meet.
    let read = try Parallel.map(files.count, threshold: 2) { range in
      let worker = try tokenizer.makeWorker()
      return try range.map { position in
        let file = files[position]
        let glossary = try Glossary(
          file: file, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, tokenizer: worker)
        return (glossary: glossary, render: try Glossary.render(file))
      }
    }
    var layers: [Glossary] = []
    var current: [[GlossaryEntry]] = []
    var currentWarnings: [Diagnostic] = []
    var currentItem: SourceLocation??
    func flush() {
      guard !current.isEmpty else { return }
      // One file's entries were merged as a layer when it was read: merging them again would
      // keep the same entries and find nothing more (and cost a million-row glossary seconds).
      var merged = current.count == 1 ? Glossary(entries: current[0]) : Glossary(layer: current)
      merged.warnings = currentWarnings + merged.warnings
      layers.append(merged)
      current = []
      currentWarnings = []
    }
    for (file, (glossary, render)) in zip(files, read) {
      if let currentItem, currentItem != file.location || file.location == nil { flush() }
      currentItem = .some(file.location)
      current.append(render ? glossary.entries : glossary.entries.map { $0.heldBack() })
      currentWarnings += glossary.warnings
    }
    flush()
    // (A single layer merged with nothing is itself.)
    var merged = layers.count == 1 ? layers[0] : Glossary(merging: layers)
    merged.warnings = Glossary.capped(
      merged.warnings
        + Glossary.coveredNotes(waiting: read.flatMap(\.glossary.waiting), entries: merged.entries),
      perFile: Glossary.shownWarnings)
    return merged
  }

  /// The `render:` setting beside a glossary's path: `true` (the default) or `false`.
  static func render(_ file: SourceFile) throws -> Bool {
    guard let value = file.settings["render"] else { return true }
    switch value.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      throw LexiconError(
        "'render' must be true or false, not '\(value)'",
        at: file.location ?? SourceLocation(file: file.path),
        notes: ["'render: false' matches and reports the glossary's terms without rendering them"])
    }
  }

  /// At most `limit` warnings per file, then one saying how many more there are; notes (one
  /// a file at most, on its rows still to do) are all kept.
  static func capped(_ warnings: [Diagnostic], perFile limit: Int) -> [Diagnostic] {
    var shown: [String: Int] = [:]
    var result: [Diagnostic] = []
    for warning in warnings {
      guard warning.severity == .warning else {
        result.append(warning)
        continue
      }
      let file = warning.location?.file ?? ""
      shown[file, default: 0] += 1
      if shown[file, default: 0] <= limit { result.append(warning) }
    }
    for (file, count) in shown.sorted(by: { $0.key < $1.key }) where count > limit {
      result.append(
        Diagnostic(
          .warning, "\(count - limit) more warning\(count - limit == 1 ? "" : "s") about this glossary",
          at: SourceLocation(file: file),
          notes: ["only the first \(limit) are shown"]))
    }
    return result
  }

  /// An entry from a row: flags checked, the target split into singular and plural, the source
  /// tokenized; none for a row flagged `todo` whose target is not filled in yet. An error
  /// points at the field at fault in the row, read from `contents`, the file's bytes.
  static func entry(from row: GlossaryRow, tokenizer: WordTokenizer.Worker, contents: [UInt8]) throws
    -> GlossaryEntry?
  {
    for flag in row.flags where !Glossary.flags.contains(flag) {
      throw row.error(
        "unknown flag '\(flag)' for '\(row.source)'", about: .flags, contents: contents,
        notes: [
          "flags are 'case' (match the capitals as written), 'keep' (do not translate), "
            + "'participle' (the word is also a past participle: match it only where a noun stands), "
            + "'feminine' (a people's noun for women, of part of speech 'demonym') and "
            + "'todo' (a row still to fill in: left out while its target is empty)"
        ])
    }
    if row.flags.contains("feminine"), row.pos?.lowercased() != "demonym" {
      throw row.error(
        "the flag 'feminine' is for a people's noun, and '\(row.source)' is no 'demonym'", about: .flags,
        contents: contents,
        notes: [
          "give the row the part of speech 'demonym' (française → Frenchwoman), or leave the flag out"
        ])
    }
    let keep = row.flags.contains("keep")
    if !row.source.isEmpty, row.target.isEmpty, !keep, row.flags.contains("todo") { return nil }
    guard !row.source.isEmpty, !row.target.isEmpty || keep else {
      throw row.error(
        "empty \(row.source.isEmpty ? "source" : "target")", about: row.source.isEmpty ? .source : .target,
        contents: contents,
        notes: [
          "every entry needs a source and a target (or the flag 'keep'); the flag 'todo' leaves a row out "
            + "until its target is filled in"
        ])
    }
    let tokens = try tokenizer.tokens(in: row.source)
    let words = tokens.indices.filter { tokens[$0].kind != .punctuation }
    guard !words.isEmpty else {
      throw row.error("source '\(row.source)' has no words", about: .source, contents: contents)
    }
    let target = keep && row.target.isEmpty ? row.source : row.target
    // `singular | plural`, cut at the first bar's byte (a Character split cost 5,000
    // instructions a row).
    let parts =
      target.utf8.firstIndex(of: UInt8(ascii: "|")).map { bar in
        [String(target[..<bar]), String(target[target.utf8.index(after: bar)...])]
      } ?? [target]
    let trimmed = parts.map { $0.trimmingCharacters(in: " ") }
    var plural = trimmed.count > 1 && !trimmed[1].isEmpty ? trimmed[1] : nil
    // English adjectives do not take the plural: `contagieuses` → `contagious`.
    if plural == nil, row.pos?.lowercased().hasPrefix("adj") == true { plural = trimmed[0] }
    var entry = GlossaryEntry(
      source: row.source, target: trimmed[0], pluralTarget: plural, pos: row.pos, domain: row.domain,
      caseSensitive: row.flags.contains("case"), keep: keep, note: row.note, location: row.location,
      tokens: words.map(tokens.normalized(at:)), written: words.map(tokens.text(at:)))
    entry.participle = row.flags.contains("participle")
    entry.feminine = row.flags.contains("feminine")
    entry.context = row.context
    return entry
  }
}

/// The formats a glossary file may have.
enum GlossaryFormat: String, CaseIterable {
  case tsv, csv, tbx

  /// The format named by `format:` beside the path, else by the file's extension.
  init(file: SourceFile) throws {
    if let named = file.settings["format"] {
      guard let format = GlossaryFormat(rawValue: named.lowercased()) else {
        throw LexiconError(
          "unknown glossary format '\(named)'", at: file.location ?? SourceLocation(file: file.path),
          notes: ["use one of tsv, csv, tbx"])
      }
      self = format
      return
    }
    let lowered = file.path.lowercased()
    if lowered.hasSuffix(".csv") {
      self = .csv
    } else if lowered.hasSuffix(".tbx") || lowered.hasSuffix(".xml") {
      self = .tbx
    } else {
      self = .tsv
    }
  }
}

extension String {
  fileprivate func trimmingCharacters(in character: Character) -> String {
    // Most targets have nothing to trim: told from their first and last bytes.
    if let ascii = character.asciiValue, utf8.first != ascii, utf8.last != ascii { return self }
    var text = Substring(self)
    while text.first == character { text = text.dropFirst() }
    while text.last == character { text = text.dropLast() }
    return String(text)
  }
}

/// English number agreement for targets.
public enum English {
  /// Number words that stay singular after a number (`3 billion`, `two million`), though
  /// plural without one (`billions of euros`).
  public static let numberWords: Set<String> = [
    "hundred", "thousand", "million", "billion", "trillion", "dozen",
  ]

  /// The regular plural of an English term: its head noun pluralized, the last word
  /// (`electronic chip` → `electronic chips`, `policy` → `policies`, `tax` → `taxes`) or the
  /// word before a complement (`place of worship` → `places of worship`).
  public static func plural(of term: String) -> String {
    if let complement = complementStart(in: term) {
      let head = String(term[..<complement])
      return (asciiPlural(of: head) ?? characterPlural(of: head)) + term[complement...]
    }
    return asciiPlural(of: term) ?? characterPlural(of: term)
  }

  /// The prepositions that open a noun's complement in a glossary's English (`sphere of
  /// influence`, `minister for relations with parliament`, `crime against humanity`).
  static let complementPrepositions: [String.UTF8View] = [
    "of", "for", "against", "to", "in", "on", "with", "from", "without", "between", "under",
  ].map(\.utf8)

  /// Where the complement of `term`'s head noun starts (the space before its first
  /// preposition, `place| of worship`), or `nil` when the last word is the head. A preposition
  /// that opens the term heads nothing.
  static func complementStart(in term: String) -> String.Index? {
    let utf8 = term.utf8
    var previousEnd: String.Index?  // where the last word read ends
    var wordStart = utf8.startIndex
    var index = utf8.startIndex
    while index < utf8.endIndex {
      guard utf8[index] == 0x20 else {
        index = utf8.index(after: index)
        continue
      }
      if wordStart < index {
        let word = utf8[wordStart..<index]
        if let previousEnd, complementPrepositions.contains(where: { $0.elementsEqual(word) }) {
          return previousEnd
        }
        previousEnd = index
      }
      index = utf8.index(after: index)
      wordStart = index
    }
    return nil
  }

  /// `plural(of:)` read character by character, for any term.
  static func characterPlural(of term: String) -> String {
    guard let lastSpace = term.lastIndex(of: " ") else { return pluralWord(term) }
    let head = term[...lastSpace]
    return head + pluralWord(String(term[term.index(after: lastSpace)...]))
  }

  /// `plural(of:)` read from the bytes, for an ASCII term (most targets), or `nil`: the
  /// string searches by character cost about 2,000 instructions a term, a fifth of reading a
  /// glossary row.
  static func asciiPlural(of term: String) -> String? {
    var term = term
    return term.withUTF8 { bytes -> String? in
      guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      let start = (bytes.lastIndex(of: 0x20) ?? -1) + 1
      let word = UnsafeBufferPointer(rebasing: bytes[start...])
      func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
      func endsWith(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard word.count >= count else { return false }
        return (0..<count).allSatisfy { lower(word[word.count - count + $0]) == suffix.utf8Start[$0] }
      }
      let ending: String
      var drop = 0
      guard let last = word.last else { return String(decoding: bytes, as: UTF8.self) }
      if word.count > 1, word.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) {
        ending = "s"
      } else if (0x41...0x5A).contains(word[0]),
        endsWith("ese") || endsWith("ch") || endsWith("sh") || endsWith("ss")
      {
        ending = ""  // the Chinese, the French, the British, the Swiss
      } else if endsWith("s") || endsWith("x") || endsWith("z") || endsWith("ch") || endsWith("sh") {
        ending = "es"
      } else if last == UInt8(ascii: "y"), word.count > 1,
        !"aeiou".utf8.contains(lower(word[word.count - 2]))
      {
        ending = "ies"
        drop = 1
      } else {
        ending = "s"
      }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - drop)]), as: UTF8.self)
        + ending
    }
  }

  static func pluralWord(_ word: String) -> String {
    guard let last = word.last else { return word }
    if word.count > 1, word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return word + "s" }
    let lower = word.lowercased()
    // Nationalities: the Chinese, the French, the British, the Swiss.
    if word.first?.isUppercase == true,
      lower.hasSuffix("ese") || lower.hasSuffix("ch") || lower.hasSuffix("sh") || lower.hasSuffix("ss")
    {
      return word
    }
    if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("z") || lower.hasSuffix("ch")
      || lower.hasSuffix("sh")
    {
      return word + "es"
    }
    if last == "y", word.count > 1 {
      let before = lower[lower.index(lower.endIndex, offsetBy: -2)]
      if !"aeiou".contains(before) { return String(word.dropLast()) + "ies" }
    }
    return word + "s"
  }
}
