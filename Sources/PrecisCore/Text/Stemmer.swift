import CStemmer
import Foundation

/// A Snowball stemmer (libstemmer) for one language, owned by one task at a time.
public final class Stemmer {
  private let pointer: OpaquePointer

  /// Opens the Snowball algorithm for `language` (`fr`, `en`, or a Snowball name such as
  /// `french`). Returns `nil` when libstemmer has no such algorithm.
  public init?(language: String) {
    guard let stemmer = sb_stemmer_new(Stemmer.algorithm(for: language), "UTF_8") else {
      return nil
    }
    pointer = stemmer
  }

  deinit { sb_stemmer_delete(pointer) }

  /// The Snowball algorithm name for an ISO 639-1 code (`fr` → `french`).
  public static func algorithm(for language: String) -> String {
    let names = [
      "fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian",
      "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
      "fi": "finnish", "ru": "russian", "ro": "romanian", "hu": "hungarian", "tr": "turkish",
    ]
    return names[language] ?? language
  }

  /// Stems already computed: news repeats its words, and a lookup costs a fraction of Snowball.
  /// Emptied when full, so that memory stays flat over a corpus.
  private var memo = WordTable<String>()
  /// How many stems `memo` holds at most.
  static let memoLimit = 50_000

  /// The stem of a lowercase word.
  public func stem(_ word: String) -> String {
    if let known = memo[word] { return known }
    let stem = snowball(word)
    if memo.count >= Stemmer.memoLimit { memo.removeAll(keepingCapacity: true) }
    memo[word] = stem
    return stem
  }

  /// Snowball's stem of `word`; the library's buffer is copied at once.
  private func snowball(_ word: String) -> String {
    var word = word
    return word.withUTF8 { buffer -> String in
      guard let base = buffer.baseAddress,
        let result = sb_stemmer_stem(pointer, base, Int32(buffer.count))
      else { return String(decoding: buffer, as: UTF8.self) }
      let length = Int(sb_stemmer_length(pointer))
      return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
    }
  }
}

/// Stemmers for one language, opened once per pipeline and lent to one task at a time.
public final class StemmerPool: @unchecked Sendable {
  /// The language's ISO code.
  public let language: String
  private let lock = NSLock()
  private var idle: [Stemmer] = []

  /// Opens a pool for `language`; throws a configuration error if Snowball lacks it.
  public init(language: String, location: SourceLocation) throws {
    guard let first = Stemmer(language: language) else {
      throw LexiconError(
        "libstemmer has no Snowball stemmer for language '\(language)'", at: location,
        notes: ["use a language Snowball supports, such as 'fr' or 'en'"])
    }
    self.language = language
    idle = [first]
  }

  /// Runs `body` with a stemmer no other task uses meanwhile.
  public func withStemmer<T>(_ body: (Stemmer) throws -> T) rethrows -> T {
    lock.lock()
    let stemmer = idle.popLast() ?? Stemmer(language: language)
    lock.unlock()
    guard let stemmer else { preconditionFailure("libstemmer refused a language it accepted") }
    defer {
      lock.lock()
      idle.append(stemmer)
      lock.unlock()
    }
    return try body(stemmer)
  }
}
