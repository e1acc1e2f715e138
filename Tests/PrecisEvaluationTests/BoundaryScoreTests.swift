import Foundation
import PrecisCore
import PrecisEvaluation
import PrecisTestSupport
import Testing

/// The boundary measure, computed as `../shared/eval/seg_eval.py` computes it.
struct BoundaryScoreTests {
  @Test func endsCountNonSpaceCharacters() {
    #expect(BoundaryScore.ends(of: ["Un chat.", "Deux  chiens !"]) == [7, 18])
    #expect(BoundaryScore.ends(of: ["A.", "", "  ", "B."]) == [2, 4])
    #expect(BoundaryScore.ends(of: ["Été 😀.", "Fin."]) == [5, 9])
  }

  @Test func precisionRecallAndF1() {
    var score = BoundaryScore()
    // Gold ends 2, 4, 6; produced 2, 6: one miss.
    let first = score.add(gold: ["A.", "B.", "C."], produced: ["A.", "B. C."])
    // Gold ends 2, 4; produced 1, 2, 4: one extra.
    let second = score.add(gold: ["A.", "B."], produced: ["A", ".", "B."])
    let third = score.add(gold: ["X y."], produced: ["X  y."])
    #expect(!first && !second && third)
    #expect(score.truePositives == 5)
    #expect(score.falseNegatives == 1)
    #expect(score.falsePositives == 1)
    #expect(score.exactRecords == 1)
    #expect(score.records == 3)
    #expect(abs(score.precision - 5.0 / 6.0) < 1e-12)
    #expect(abs(score.recall - 5.0 / 6.0) < 1e-12)
    #expect(abs(score.f1 - 5.0 / 6.0) < 1e-12)
  }

  @Test func anEmptyScoreIsZero() {
    let score = BoundaryScore()
    #expect(score.precision == 0 && score.recall == 0 && score.f1 == 0)
  }

  @Test func missesShowGoldAgainstProduced() {
    let report = BoundaryMiss.report(id: "r1", gold: ["A b.", "C d."], produced: ["A b. C d."])
    #expect(report == "MISS r1\n  gold ✗ A b.\n  gold   C d.\n   got   A b. C d.")
  }

  @Test func gluedRecordsLoseTheSpaceAfterFinalPunctuation() {
    let record = SegmentationRecord(
      id: "1", text: "", sentences: ["Le Progrès.", "« Oui ! »", "Titre", "Après le Lyonnais."])
    #expect(record.glued.text == "Le Progrès.« Oui ! »Titre Après le Lyonnais.")
  }

  @Test func goldFilesNameTheirBadLine() throws {
    let path = try TemporaryFile.write(
      "{\"id\": 1, \"text\": \"A. B.\", \"sentences\": [\"A.\", \"B.\"]}\n\n{\"text\": 3}\n",
      named: "gold.jsonl")
    #expect {
      try SegmentationGold.load(path: path)
    } throws: { error in
      (error as? InputError)?.diagnostic.location == SourceLocation(file: path, line: 3, column: 1)
    }
  }

  @Test func goldRecordsKeepTheirIdsAndFlags() throws {
    let path = try TemporaryFile.write(
      """
      {"id": 7, "text": "A. B.", "sentences": ["A.", "B."]}
      {"text": "T A.", "sentences": ["T", "A."], "boundaries_punctuated": false}
      """, named: "gold.jsonl")
    let records = try SegmentationGold.load(path: path)
    #expect(records.map(\.id) == ["7", "line 2"])
    #expect(records.map(\.boundariesPunctuated) == [true, false])
  }
}
