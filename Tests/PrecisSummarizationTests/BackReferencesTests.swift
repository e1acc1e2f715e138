import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisSummarization

/// Sentence openings that refer back to the sentence before, and what they do to the choice.
@Suite("summarize: sentences that refer back")
struct BackReferencesTests {
  static let french = Fixture.root + "/lexicons/fr/back-references.txt"
  static let english = Fixture.root + "/lexicons/en/back-references.txt"

  @Test(
    "the French openings, as written, with quotation marks, case and apostrophes",
    arguments: [
      ("Il a démissionné.", "Il", "pronoun"),
      ("ILS ont refusé.", "ILS", "pronoun"),
      ("« Elle n'a rien dit », affirme-t-il.", "Elle", "pronoun"),
      ("\"Mais nous resterons\", dit-il.", "Mais", "connective"),
      ("— Et pourtant elle tourne.", "Et", "connective"),
      ("Ce dernier a été interpellé.", "Ce dernier", "pronoun"),
      ("Lui-même l'a reconnu.", "Lui-même", "pronoun"),
      ("En revanche, la direction refuse.", "En revanche", "connective"),
      ("D'après lui, rien n'est joué.", "D'après lui", "pronoun"),
      ("D\u{2019}après lui, rien n'est joué.", "D\u{2019}après lui", "pronoun"),
      ("Ça a été très dur.", "Ça", "pronoun"),
      ("ÇA suffit.", "ÇA", "pronoun"),
      ("La veille, le ministre avait parlé.", "La veille", "time"),
      ("Il s'agit du troisième accident.", "Il", "pronoun"),
    ])
  func french(text: String, opening: String, kind: String) throws {
    let references = try BackReferences(path: Self.french)
    #expect(references.opening(of: text) == BackReferences.Opening(text: opening, kind: kind))
  }

  @Test(
    "openings that refer to nothing before, and words that only start like one",
    arguments: [
      "Il y a trois blessés.", "Il n'y a plus rien.", "Il faut agir vite.",
      "Il est possible que la loi change.",
      "Il n'existe aucun obstacle.", "Ainsi que l'a rappelé le maire, la ville paiera.", "Cela fait dix ans.",
      "Île-de-France : le trafic reprend.", "Ilona Smet a défilé.", "Ethan a gagné.",
      "Orange a publié ses comptes.",
      "Elliott est parti.", "Le trafic reprend.", "Cette décision surprend.", "Ce mardi, le trafic reprend.",
      "",
      "« ", "Et-", "Lui-ci",
    ])
  func notFrench(text: String) throws {
    #expect(try BackReferences(path: Self.french).opening(of: text) == nil)
  }

  @Test(
    "the English openings",
    arguments: [
      ("He resigned on Monday.", "He", "pronoun"), ("However, the board refused.", "However", "connective"),
      ("The latter was arrested.", "The latter", "pronoun"),
      ("The next day, talks resumed.", "The next day", "time"),
    ])
  func english(text: String, opening: String, kind: String) throws {
    let references = try BackReferences(path: Self.english)
    #expect(references.opening(of: text) == BackReferences.Opening(text: opening, kind: kind))
    #expect(references.opening(of: "It is likely to rain.") == nil)
    #expect(references.opening(of: "Theresa May spoke.") == nil)
    #expect(references.opening(of: "So far, twelve people have died.") == nil)
  }

  @Test("no lexicon, no openings")
  func empty() {
    #expect(BackReferences().isEmpty)
    #expect(BackReferences().opening(of: "Il a démissionné.") == nil)
  }

  @Test(
    "a line without its kind, or with a field too many, is an error at its line and field",
    arguments: [
      ("# openings\nil\tpronoun\nmais\n", 3, 5),
      ("il\tpronoun\nce dernier  pronoun\n", 2, 11),
      ("il\tpronoun\n\tpronoun\n", 2, 1),
      ("il\tpronoun\tmasculine\n", 1, 12),
    ])
  func malformed(_ contents: String, _ line: Int, _ column: Int) throws {
    let path = try Fixture.file(contents, named: "back-references.txt")
    let error = try #require(throws: LexiconError.self) { try BackReferences(path: path) }
    #expect(error.diagnostic.location == SourceLocation(file: path, line: line, column: column))
    #expect(error.diagnostic.message.contains("kind"))
  }

  /// Sentence 0 is the title, 1 a section label; 2 opens with `Il` right after the label; 5
  /// opens with `Mais`.
  static let article = """
    Grève des contrôleurs à la SNCF

    Ce qu'il faut savoir

    Il devrait reprendre progressivement vendredi matin selon la direction régionale. Le trafic sera très perturbé jeudi sur les lignes régionales de la SNCF. Les syndicats réclament une hausse des salaires de cinq pour cent. Mais la direction refuse toute augmentation avant les négociations annuelles. Les usagers sont invités à reporter leurs déplacements.
    """

  /// `text` summarized by position (`lead`: candidates score 5, 4, 3, 2, 1) with `values` and
  /// the French openings.
  static func summary(_ values: [String: OptionValue], of text: String = article, sentences: Int = 7) throws
    -> SummaryLayer
  {
    var all: [String: OptionValue] = ["scorer": .string("lead"), "back-references": .paths([french])]
    all.merge(values) { $1 }
    let document = try Fixture.summarized(text, Fixture.options(all, explicit: ["sentences"]))
    #expect(document.sentences?.count == sentences)
    return try #require(document.summary)
  }

  @Test("a sentence that refers back to a sentence not chosen weighs its score by the factor")
  func weighedDown() throws {
    #expect(try Self.summary(["sentences": .integer(1)]).scores[1].reason.hasPrefix("debris"))
    // Sentence 2 ranks first but counts 5 × 0.5: after 3 (4) and 4 (3).
    let two = try Self.summary(["sentences": .integer(2)])
    #expect(two.chosen == [3, 4])
    #expect(two.scores[2].reason == "over budget (“Il” refers back to sentence 1, not chosen: score × 0.5)")
    #expect(
      two.scores[2].backReference
        == SummaryBackReference(opening: "Il", kind: "pronoun", sentence: 1, factor: 0.5))
    // Before 5 (2), whose sentence before it is chosen and which is weighed by nothing.
    let three = try Self.summary(["sentences": .integer(3)])
    #expect(three.chosen == [2, 3, 4])
    #expect(three.scores[2].reason == "chosen (“Il” refers back to sentence 1, not chosen: score × 0.5)")
    // 5 was weighed against 2, with the sentence before it chosen.
    #expect(three.scores[5].reason == "over budget")
    #expect(three.scores[5].backReference?.factor == 1)
    #expect(three.scores[6].backReference == nil)  // never reached
    let four = try Self.summary(["sentences": .integer(4)])
    #expect(four.chosen == [2, 3, 4, 5])
    #expect(four.scores[5].reason == "chosen")
    #expect(four.scores[5].backReference?.factor == 1)
    #expect(four.scores[5].backReference?.opening == "Mais")
  }

  @Test("a sentence right after the title may refer to it: the brief shows the title")
  func afterTheTitle() throws {
    let text = Self.article.replacingOccurrences(of: "Ce qu'il faut savoir\n\n", with: "")
    let summary = try Self.summary(["sentences": .integer(2)], of: text, sentences: 6)
    #expect(summary.chosen == [1, 2])
    #expect(summary.scores[1].backReference?.factor == 1)
    #expect(summary.scores[1].reason == "chosen")
  }

  @Test("back-reference-factor 1, or no lexicon, chooses by score alone")
  func off() throws {
    for values: [String: OptionValue] in [
      ["back-reference-factor": .number(1)], ["back-references": .paths([])],
    ] {
      let summary = try Self.summary(values.merging(["sentences": .integer(2)]) { $1 })
      #expect(summary.chosen == [2, 3])
      #expect(summary.scores.allSatisfy { $0.backReference == nil })
    }
  }

  @Test("factor 0 leaves such a sentence last; maximal marginal relevance weighs it too")
  func zeroAndRedundancy() throws {
    let everything = try Self.summary(["sentences": .integer(5), "back-reference-factor": .number(0)])
    #expect(everything.chosen == [2, 3, 4, 5, 6])
    let four = try Self.summary(["sentences": .integer(4), "back-reference-factor": .number(0)])
    #expect(four.chosen == [3, 4, 5, 6])
    let mmr = try Self.summary(["sentences": .integer(2), "mmr-lambda": .number(0.9)])
    #expect(mmr.chosen == [3, 4])
    #expect(mmr.scores[2].backReference?.factor == 0.5)
  }

  @Test("a waiting sentence whose sentence before is chosen meanwhile counts its whole score again")
  func released() throws {
    // Scored on overlap with the title alone: 2 shares three of its words, 1 and 3 two, 4 none.
    let article = """
      Grève des contrôleurs de la SNCF

      Les contrôleurs de la SNCF ont voté la reconduction du mouvement jeudi matin. Il s'agit de la plus longue grève des contrôleurs de la SNCF depuis vingt ans. Les contrôleurs de la SNCF réclament une hausse des salaires. La direction refuse toute augmentation avant les négociations annuelles.
      """
    let options = Fixture.options(
      [
        "sentences": .integer(2), "weight-position": .number(0), "weight-centrality": .number(0),
        "weight-title": .number(1), "weight-key-terms": .number(0), "back-references": .paths([Self.french]),
      ], explicit: ["sentences"])
    let summary = try #require(try Fixture.summarized(article, options).summary)
    let totals = summary.scores.map(\.total)
    #expect(totals[2] > totals[1] && totals[1] == totals[3] && totals[3] > totals[2] * 0.5, "\(totals)")
    // 2 waits at half its score; 1 is chosen, then 2 with its whole score, before 3.
    #expect(summary.chosen == [1, 2], "\(summary.scores.map(\.reason))")
    #expect(summary.scores[2].reason == "chosen")
    #expect(summary.scores[2].backReference?.factor == 1)
  }

  @Test("a waiting sentence chosen with the quotation of the sentence before it keeps its reason")
  func waitingInAQuotation() throws {
    // Scored on overlap with the title alone: 2 (three of its words) above 1 (two); they are one
    // quotation. 2 waits at half its score, 1 is chosen, and 2 comes with it for the quotation.
    let article = """
      Grève des contrôleurs de la SNCF

      « Les contrôleurs de la SNCF ont voté la reconduction. Il s'agit de la plus longue grève des contrôleurs de la SNCF », a dit le délégué. La direction refuse toute augmentation avant les négociations annuelles.
      """
    let options = Fixture.options(
      [
        "sentences": .integer(2), "weight-position": .number(0), "weight-centrality": .number(0),
        "weight-title": .number(1), "weight-key-terms": .number(0), "back-references": .paths([Self.french]),
      ], explicit: ["sentences"])
    let summary = try #require(try Fixture.summarized(article, options).summary)
    #expect(summary.scores[2].total > summary.scores[1].total, "\(summary.scores.map(\.total))")
    #expect(summary.chosen == [1, 2], "\(summary.scores.map(\.reason))")
    #expect(summary.scores[2].reason == "chosen with sentence 1, for its quotation")
  }

  @Test("the row's description goes through JSON and back")
  func codable() throws {
    let row = try Self.summary(["sentences": .integer(2)]).scores[2]
    let json = try JSONEncoder().encode(row)
    #expect(try JSONDecoder().decode(SentenceScore.self, from: json) == row)
    #expect(String(decoding: json, as: UTF8.self).contains("\"backReference\""))
  }
}
