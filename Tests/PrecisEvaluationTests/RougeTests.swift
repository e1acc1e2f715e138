import PrecisEvaluation
import Testing

/// ROUGE as `rouge-score` computes it with the tokenizer of `rouge_eval.py`: the expected
/// figures below were printed by `rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"],
/// tokenizer=Tok(None))` on the same pairs.
struct RougeTests {
  static let pairs: [(summary: String, reference: String, expected: [[Double]])] = [
    (
      "Le gouvernement a présenté mardi un plan de relance.",
      "Le gouvernement présente un plan de relance de 12 milliards d'euros.",
      [[0.666667, 0.5, 0.571429], [0.5, 0.363636, 0.421053], [0.666667, 0.5, 0.571429]]
    ),
    (
      "Été déçu, l'équipe rentre à Paris.",
      "L'équipe de France rentre déçue à Paris après l'été.",
      [[0.857143, 0.545455, 0.666667], [0.333333, 0.2, 0.25], [0.714286, 0.454545, 0.555556]]
    ),
    ("a b c d e", "e d c b a", [[1, 1, 1], [0, 0, 0], [0.2, 0.2, 0.2]]),
    ("", "quelque chose", [[0, 0, 0], [0, 0, 0], [0, 0, 0]]),
  ]

  @Test(arguments: 0..<4)
  func agreesWithRougeScore(_ index: Int) {
    let pair = RougeTests.pairs[index]
    let summary = Rouge.tokens(pair.summary)
    let reference = Rouge.tokens(pair.reference)
    let scores = [
      Rouge.n(1, summary: summary, reference: reference), Rouge.n(2, summary: summary, reference: reference),
      Rouge.l(summary: summary, reference: reference),
    ]
    for (score, expected) in zip(scores, pair.expected) {
      #expect(abs(score.precision - expected[0]) < 1e-5)
      #expect(abs(score.recall - expected[1]) < 1e-5)
      #expect(abs(score.f1 - expected[2]) < 1e-5)
    }
  }

  @Test func tokensKeepAccentsAndDropPunctuation() {
    #expect(Rouge.tokens("L'Été déçu, 12 ÉTATS_unis !") == ["l", "été", "déçu", "12", "états_unis"])
  }

  @Test func tableAveragesTimesHundred() {
    var table = Rouge.Table()
    table.add(summary: "a b", reference: "a b")
    table.add(summary: "a b", reference: "c d")
    #expect(table.count == 2)
    #expect(table.averages[0].f1 == 50)
    #expect(table.averages[2].recall == 50)
  }
}
