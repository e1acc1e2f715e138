import PrecisCore

/// The inflected forms a glossary word may take in text, generated from its dictionary form by
/// the regular rules of the language, so that an entry written once (`puce électronique`,
/// `autorité chinoise`… or `chinois`) also matches `puces électroniques` and `autorités
/// chinoises`. Explicit rules, not stems: a Snowball stem would make `technologie` and
/// `technologique` one word (both stem to `technolog`), and the glossary would render an
/// adjective as a noun. A form the rules generate wrongly (`chinoisse`) only costs an index entry:
/// it never occurs in text.
public enum Inflection {
  /// How a word may vary.
  public enum Role: Sendable {
    /// A noun, or any word of unknown kind: singular and plural.
    case noun
    /// An adjective (or a word that may be one): masculine and feminine, singular and plural.
    case adjective
    /// A function word inside a term (`de`, `l'`): as written.
    case fixed
  }

  /// Each form of `word` with whether it is plural; the word itself comes first.
  public static func forms(of word: String, role: Role, language: String) -> [(form: String, plural: Bool)] {
    guard language == "fr", role != .fixed, word.unicodeScalars.count > 1,
      word.unicodeScalars.allSatisfy({
        $0.isASCII ? ($0.value | 0x20) &- 0x61 < 26 || $0 == "-" : $0.properties.isAlphabetic
      })
    else { return [(word, false)] }
    var result: [(form: String, plural: Bool)] = [(word, false)]
    func add(_ form: String, plural: Bool) {
      if !result.contains(where: { $0.form == form }) { result.append((form, plural)) }
    }
    for plural in frenchPlurals(of: word) { add(plural, plural: true) }
    if role == .adjective {
      for feminine in frenchFeminines(of: word) {
        add(feminine, plural: false)
        add(feminine + "s", plural: true)
      }
    }
    return result
  }

  /// `puce` → `puces`, `journal` → `journaux`, `prix` → `prix`, `réseau` → `réseaux`.
  static func frenchPlurals(of word: String) -> [String] {
    if word.endsWith("s") || word.endsWith("x") || word.endsWith("z") { return [] }
    if word.endsWith("al") { return [String(word.dropLast(2)) + "aux", word + "s"] }
    if word.endsWith("ail") { return [String(word.dropLast(3)) + "aux", word + "s"] }
    if word.endsWith("eau") || word.endsWith("au") || word.endsWith("eu") {
      return [word + "x", word + "s"]
    }
    return [word + "s"]
  }

  /// `chinois` → `chinoise`, `européen` → `européenne`, `premier` → `première`,
  /// `public` → `publique`, `actif` → `active`, `nucléaire` → `nucléaire`.
  static func frenchFeminines(of word: String) -> [String] {
    if word.endsWith("e") { return [] }
    let stem = { (count: Int) in String(word.dropLast(count)) }
    if word.endsWith("eux") { return [stem(1) + "se"] }
    if word.endsWith("teur") { return [stem(3) + "rice", stem(1) + "se", word + "e"] }
    if word.endsWith("eur") { return [stem(1) + "se", word + "e"] }
    if word.endsWith("er") { return [stem(2) + "ère"] }
    if word.endsWith("if") { return [stem(1) + "ve"] }
    if word.endsWith("c") { return [stem(1) + "que", stem(1) + "che"] }
    if word.endsWith("g") { return [word + "ue"] }
    if word.endsWith("et") { return [word + "te", stem(2) + "ète"] }
    if word.endsWith("en") || word.endsWith("on") || word.endsWith("el") || word.endsWith("il") {
      let last = String(word.suffix(1))
      return [word + last + "e", word + "e"]
    }
    return [word + "e"]
  }
}

extension String {
  /// Whether the text ends with the ASCII `suffix`, compared by bytes. `hasSuffix` compares
  /// characters (about 400 instructions a call, a dozen calls a glossary word); for an ASCII
  /// suffix the answers are the same, but for a suffix that a preceding scalar would join into
  /// one character (a prepended mark), which no word of a glossary has.
  /// (Read from the contiguous bytes: slicing the UTF-8 view cost more than the comparison.)
  func endsWith(_ suffix: StaticString) -> Bool {
    let count = suffix.utf8CodeUnitCount
    return withUTF8Bytes { bytes in
      guard bytes.count >= count else { return false }
      let start = bytes.count - count
      for offset in 0..<count where bytes[start + offset] != suffix.utf8Start[offset] { return false }
      return true
    }
  }
}
