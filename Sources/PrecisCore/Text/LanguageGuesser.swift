import Foundation

/// Which of several languages a text is written in, by how many of its words each language's
/// word list holds (`--language auto`, with the lists a pipeline's `language: detect:` names,
/// its stopwords). Function words tell languages apart on a few dozen words: French news has a
/// third of its words or more among the French stopwords and a twentieth among the English
/// ones, and English the other way round.
public struct LanguageGuesser: Sendable {
  /// The languages, in the order ties are broken.
  public let languages: [String]
  /// Every listed word, with the languages that list it (bit `n` for `languages[n]`).
  let table: WordTable<UInt64>
  /// How many words of a text are read at most: enough to tell, and a long article costs no
  /// more than a short one.
  public let limit: Int

  /// A guesser among `languages`, each with its word list (lowercase, elided forms with a
  /// straight apostrophe: `l'`); the first wins a tie (put the pipeline's own language first).
  /// Up to 64 languages.
  public init(languages: [(code: String, words: Set<String>)], limit: Int = 250) {
    precondition(languages.count <= 64, "a LanguageGuesser tells 64 languages apart at most")
    self.languages = languages.map(\.code)
    var table = WordTable<UInt64>()
    for (index, language) in languages.enumerated() {
      for word in language.words.sorted() { table[word] = (table[word] ?? 0) | (1 << UInt64(index)) }
    }
    self.table = table
    self.limit = limit
  }

  /// The text's first `limit` words, and how many of them each language's list holds (in
  /// `languages` order). A word is a run of letters, lowercased (Latin-1's capitals too: `À`);
  /// one followed by an apostrophe (`'`, `’`) is looked up with a straight one first (`l'`,
  /// `qu'`), then alone (`don't` is `don`, `t`). ASCII other than letters, Latin-1's signs and
  /// spaces (U+0080–U+00BF, `«`, no-break space) and general punctuation (U+2000–U+206F: `’`,
  /// `—`, `…`) end a word. Read by bytes: hashing each word as a `String` cost as much as
  /// normalizing the article.
  public func counts(in text: String) -> (words: Int, hits: [Int]) {
    var scan = Scan(languages: languages.count)
    var text = text
    text.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count, scan.words < limit {
        let byte = bytes[offset]
        switch byte {
        case 0x61...0x7A:
          if scan.start < 0 { scan.start = offset }
          offset += 1
        case 0x41...0x5A:
          if scan.start < 0 { scan.start = offset }
          scan.capitals = true
          offset += 1
        case 0x00..<0x80:
          scan.finish(at: offset, in: bytes, elided: byte == 0x27, straight: true, table: table)
          offset += 1
        case 0xC2:
          scan.finish(at: offset, in: bytes, elided: false, straight: false, table: table)
          offset += 2
        case 0xE2 where offset + 2 < bytes.count && (bytes[offset + 1] == 0x80 || bytes[offset + 1] == 0x81):
          let apostrophe = bytes[offset + 1] == 0x80 && bytes[offset + 2] == 0x99
          scan.finish(at: offset, in: bytes, elided: apostrophe, straight: false, table: table)
          offset += 3
        default:
          if scan.start < 0 { scan.start = offset }
          if byte == 0xC3, offset + 1 < bytes.count, bytes[offset + 1] >= 0x80, bytes[offset + 1] <= 0x9E {
            scan.capitals = true
          }
          offset += 1
        }
      }
      if scan.words < limit {
        scan.finish(at: min(offset, bytes.count), in: bytes, elided: false, straight: false, table: table)
      }
    }
    return (scan.words, scan.hits)
  }

  /// The state of `counts(in:)`: the words read, each language's hits, and where the word being
  /// read starts (`-1` between words) and whether it has capitals.
  private struct Scan {
    var words = 0
    var hits: [Int]
    var start = -1
    var capitals = false
    /// The word lowercased, or with a straight apostrophe, when it must be copied to be looked up.
    var copy: [UInt8] = []

    init(languages: Int) {
      hits = [Int](repeating: 0, count: languages)
      copy.reserveCapacity(64)
    }

    /// Looks up the word that ends at `end` in `table`, if one is being read: with the
    /// apostrophe at `end` first when `elided` (`straight` when it is `'`, so that the word and
    /// it are looked up in place), then alone. Most words are looked up where they are.
    mutating func finish(
      at end: Int, in bytes: UnsafeBufferPointer<UInt8>, elided: Bool, straight: Bool,
      table: WordTable<UInt64>
    ) {
      guard start >= 0 else { return }
      words += 1
      var found: UInt64 = 0
      if capitals || (elided && !straight) {
        copy.removeAll(keepingCapacity: true)
        var index = start
        while index < end {
          let byte = bytes[index]
          if byte >= 0x41, byte <= 0x5A {
            copy.append(byte | 0x20)
          } else if byte == 0xC3, index + 1 < end, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0x9E,
            bytes[index + 1] != 0x97
          {
            // À to Þ (not ×): à to þ.
            copy.append(0xC3)
            copy.append(bytes[index + 1] + 0x20)
            index += 1
          } else {
            copy.append(byte)
          }
          index += 1
        }
        if elided {
          copy.append(0x27)
          found = copy.withUnsafeBufferPointer { LanguageGuesser.languages(of: $0, in: table) }
          copy.removeLast()
        }
        found |= copy.withUnsafeBufferPointer { LanguageGuesser.languages(of: $0, in: table) }
      } else {
        if elided {
          found = LanguageGuesser.languages(
            of: UnsafeBufferPointer(rebasing: bytes[start..<(end + 1)]), in: table)
        }
        found |= LanguageGuesser.languages(of: UnsafeBufferPointer(rebasing: bytes[start..<end]), in: table)
      }
      while found != 0 {
        hits[found.trailingZeroBitCount] += 1
        found &= found - 1
      }
      start = -1
      capitals = false
    }
  }

  /// The languages whose lists hold the word `bytes` (bit `n` for `languages[n]`).
  private static func languages(of bytes: UnsafeBufferPointer<UInt8>, in table: WordTable<UInt64>) -> UInt64 {
    table.index(of: bytes).map(table.value(at:)) ?? 0
  }

  /// The language whose list holds most of the text's words; `fallback` when none holds any,
  /// and the first of `languages` among those tied.
  public func guess(_ text: String, fallback: String) -> String {
    guess(hits: counts(in: text).hits, fallback: fallback)
  }

  /// The language of the most `hits` (as `counts(in:)` gives them); `fallback` when all are 0,
  /// and the first of `languages` among those tied.
  public func guess(hits: [Int], fallback: String) -> String {
    guard let best = hits.indices.max(by: { hits[$0] < hits[$1] || (hits[$0] == hits[$1] && $0 > $1) }),
      hits[best] > 0
    else { return fallback }
    return languages[best]
  }
}

extension LanguageGuesser {
  /// `code`'s English name and the code (`Spanish ('es')`), or the code alone (`'xx'`).
  public static func name(of code: String) -> String {
    guard let name = Locale(identifier: "en").localizedString(forLanguageCode: code), name != code else {
      return "'\(code)'"
    }
    return "\(name) ('\(code)')"
  }
}

/// The word lists a pipeline names to tell languages apart (`language: detect:` and
/// `recognize:`), and the guesser over them, found and read the first time they are asked
/// for: a run without `--language auto` reads them only for an article its language check
/// doubts (listing their folders at each load cost 2.7 M instructions).
public final class LanguageLists: @unchecked Sendable {
  private let own: String
  private let detect: Pipeline.DetectList?
  private let recognize: Pipeline.DetectList?
  private let lock = NSLock()
  /// (Guarded by `lock`.)
  private var found: (lists: [(code: String, path: String)], detected: Set<String>)?
  /// (Guarded by `lock`.)
  private var made: LanguageGuesser?

  /// The lists of `own` and the other languages `detect` and `recognize` (templates with
  /// `{source}`, resolved) name an existing file for.
  public init(own: String, detect: Pipeline.DetectList?, recognize: Pipeline.DetectList?) {
    self.own = own
    self.detect = detect
    self.recognize = recognize
  }

  /// Each language with its list's path, in the guesser's order: the pipeline's own first, then
  /// the others `detect` has a list for, then those `recognize` has one for.
  public var lists: [(code: String, path: String)] { lock.withLock { lockedFound().lists } }

  /// The languages `detect` has a list for (the pipeline's lexicons may have them); the others
  /// are only recognized.
  public var detected: Set<String> { lock.withLock { lockedFound().detected } }

  /// The guesser over the lists, read the first time (a list that cannot be read throws).
  public func guesser() throws -> LanguageGuesser {
    try lock.withLock {
      if let made { return made }
      let guesser = LanguageGuesser(
        languages: try lockedFound().lists.map { ($0.code, try LexiconFile.wordSet(at: $0.path)) })
      made = guesser
      return guesser
    }
  }

  /// `found`, looked for the first time. (Called with `lock` held.)
  private func lockedFound() -> (lists: [(code: String, path: String)], detected: Set<String>) {
    if let found { return found }
    var lists: [(code: String, path: String)] = []
    if let detect {
      lists.append((own, detect.path(for: own)))
      for language in PipelineLoader.languages(for: detect.template, baseDirectory: ".").sorted()
      where language != own {
        lists.append((language, detect.path(for: language)))
      }
    }
    let detected = Set(lists.map(\.code))
    if let recognize {
      for language in PipelineLoader.languages(for: recognize.template, baseDirectory: ".").sorted()
      where !lists.contains(where: { $0.code == language }) {
        lists.append((language, recognize.path(for: language)))
      }
    }
    found = (lists, detected)
    return (lists, detected)
  }
}
