import PrecisCore

/// Scores a pipeline's segmentation against gold records.
public enum SegmentationEvaluation {
  /// Runs `pipeline` (which must produce sentences) on every record's text and scores its
  /// boundaries; `miss` receives the report of each record that differs, up to `limit`.
  ///
  /// - Complexity: O(*n*) in the total length of the records, times the pipeline's cost.
  public static func evaluate(
    _ records: [SegmentationRecord], with pipeline: Pipeline, showing limit: Int = 0,
    miss: (String) -> Void = { _ in }
  ) throws -> BoundaryScore {
    var score = BoundaryScore()
    var shown = 0
    for record in records {
      var document = Document(source: record.id, input: Array(record.text.utf8))
      try pipeline.run(&document)
      let produced = (document.sentences ?? []).map(\.text)
      let exact = score.add(gold: record.sentences, produced: produced)
      if !exact, shown < limit {
        shown += 1
        miss(BoundaryMiss.report(id: record.id, gold: record.sentences, produced: produced))
      }
    }
    return score
  }
}
