import PrecisCore
import Testing

@testable import PrecisSummarization

/// A chosen sentence of a quotation over several sentences: chosen with the rest of it when
/// the quotation is short and fits the budget, else marked as cut.
@Suite("summarize: quotations over several sentences")
struct SummarizeQuotationTests {
  /// Sentence 0 is the title; 1 (`"Jamais.`, no content word) and 2 are one quotation; 3 and 4
  /// quote nobody; 5 to 8 are one quotation of four sentences.
  static let article = """
    Grève au chantier naval de Saint-Nazaire

    "Jamais. Nous resterons mobilisés jusqu'au retrait du plan de suppression de postes", a lancé mardi le délégué syndical devant les grévistes.

    La direction du chantier naval propose des départs volontaires et une prime de reclassement. Les négociations reprendront jeudi à la préfecture de Loire-Atlantique.

    Le maire a réagi dans la soirée : « Je soutiens les salariés du chantier. Leur colère est légitime. La ville a besoin de ses emplois industriels. J'appelle l'État à réunir les parties », a-t-il déclaré.
    """

  /// The article summarized by position (`lead`: sentence 2 ranks first) with `values`.
  static func summary(_ values: [String: OptionValue]) throws -> SummaryLayer {
    var all: [String: OptionValue] = ["scorer": .string("lead")]
    all.merge(values) { $1 }
    let budgets = values.keys.filter { ["sentences", "words"].contains($0) }
    let document = try Fixture.summarized(article, Fixture.options(all, explicit: budgets))
    #expect(document.sentences?.count == 9)
    return try #require(document.summary)
  }

  @Test("the article segments as the tests expect")
  func shape() throws {
    let sentences = try #require(try Fixture.segmented(Self.article).sentences)
    #expect(sentences.map(\.text.first) == ["G", "\"", "N", "L", "L", "L", "L", "L", "J"])
    #expect(try Self.summary(["sentences": .integer(1)]).scores[1].reason == "no content words")
  }

  @Test("a chosen sentence brings the rest of its quotation when the budget has room")
  func completed() throws {
    let summary = try Self.summary(["sentences": .integer(2)])
    #expect(summary.chosen == [1, 2])
    #expect(
      summary.scores[1].chosen && summary.scores[1].reason == "chosen with sentence 2, for its quotation")
    #expect(summary.scores[2].reason == "chosen")
    // Shown together: the second follows on from the first, and nothing is cut.
    #expect(summary.scores[1].quotation == nil)
    #expect(summary.scores[2].quotation == SummaryQuotation(followsOn: true))
    #expect(summary.scores[3].reason == "over budget")
  }

  @Test("a quotation that does not fit the budget is cut, and the cut is marked")
  func cutByBudget() throws {
    let summary = try Self.summary(["sentences": .integer(1)])
    #expect(summary.chosen == [2])
    #expect(summary.scores[2].quotation == SummaryQuotation(cutBefore: "\""))
    #expect(summary.scores[2].reason == "chosen (quotation cut: marked […])")
    #expect(SummaryQuotation(cutBefore: "\"").marking("Nous resterons.\"") == "\"[…] Nous resterons.\"")
    #expect(SummaryQuotation(cutAfter: "»").marking("« Je pars.") == "« Je pars. […] »")
    // The quotation's own omission mark stands for the cut.
    #expect(SummaryQuotation(cutBefore: "\"").marking("(...) Si votre but.\"") == "\"(...) Si votre but.\"")
    #expect(SummaryQuotation(cutBefore: "«").marking("[…] Il part. »") == "« […] Il part. »")
    #expect(SummaryQuotation(cutBefore: "\"").marking("(Il) part.\"") == "\"[…] (Il) part.\"")
  }

  @Test("complete-quotations: 0 never completes a quotation")
  func neverCompleted() throws {
    let summary = try Self.summary(["sentences": .integer(2), "complete-quotations": .integer(0)])
    #expect(summary.chosen == [2, 3])
    #expect(summary.scores[2].quotation?.cutBefore == "\"")
    #expect(summary.scores[3].quotation == nil)
  }

  @Test("a quotation longer than complete-quotations is cut where the summary stops")
  func longQuotation() throws {
    let cut = try Self.summary(["sentences": .integer(5)])
    #expect(cut.chosen == [1, 2, 3, 4, 5])
    #expect(cut.scores[5].quotation == SummaryQuotation(cutAfter: "»"))
    let whole = try Self.summary(["sentences": .integer(8), "complete-quotations": .integer(4)])
    #expect(whole.chosen == Array(1...8))
    #expect(
      whole.scores[5...8].map(\.quotation) == [
        nil, .init(followsOn: true), .init(followsOn: true), .init(followsOn: true),
      ])
    #expect(whole.scores[6].reason == "chosen with sentence 5, for its quotation")
  }

  @Test("a word budget completes a quotation only when its words fit")
  func wordBudget() throws {
    let sentences = try #require(try Fixture.segmented(Self.article).sentences)
    let both = try Fixture.wordCount(sentences[1].text) + Fixture.wordCount(sentences[2].text)
    #expect(try Self.summary(["words": .integer(both - 1)]).chosen == [2])
    #expect(try Self.summary(["words": .integer(both)]).chosen == [1, 2])
  }

  @Test("in score order, a completed quotation is shown whole where its sentence ranks")
  func scoreOrder() throws {
    let summary = try Self.summary(["sentences": .integer(3), "order": .string("score")])
    #expect(summary.chosen == [1, 2, 3])
  }
}
