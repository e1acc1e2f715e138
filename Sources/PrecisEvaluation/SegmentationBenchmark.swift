import Dispatch
import PrecisCore

/// Times segmentation alone: the documents are normalized first, untimed, then the stages that
/// produce sentences run over all of them, several times; ICU's bare sentence iterator is timed
/// on the same text for reference.
public struct SegmentationBenchmark {
  /// One timed system.
  public struct Timing: Sendable {
    /// What was timed.
    public var name: String
    /// Seconds per pass over all documents, fastest first.
    public var seconds: [Double]
    /// Sentences found in one pass.
    public var sentences: Int
    /// UTF-8 bytes of text in one pass.
    public var bytes: Int

    /// Megabytes (10⁶ bytes) per second of the fastest pass.
    public var bestMBps: Double { Double(bytes) / 1e6 / max(seconds.first ?? 1, 1e-9) }
    /// Megabytes per second of the median pass.
    public var medianMBps: Double { Double(bytes) / 1e6 / max(seconds[seconds.count / 2], 1e-9) }
  }

  /// The normalized documents.
  public let documents: [Document]
  /// UTF-8 bytes of normalized text over all documents.
  public let bytes: Int
  let pipeline: Pipeline
  let segmentStages: Range<Int>

  /// Normalizes `texts` with the stages of `pipeline` before its first sentence-producing stage.
  public init(texts: [String], pipeline: Pipeline) throws {
    guard
      let segment = pipeline.entries.firstIndex(where: { entry in
        Swift.type(of: entry.stage).produces.contains(.sentences)
      })
    else {
      throw PipelineError([Diagnostic(.error, "no stage of \(pipeline.file) produces sentences")])
    }
    var documents: [Document] = []
    for (index, text) in texts.enumerated() {
      var document = Document(source: "#\(index + 1)", input: Array(text.utf8))
      try pipeline.run(&document, stages: 0..<segment)
      documents.append(document)
    }
    self.documents = documents
    self.bytes = documents.reduce(0) { $0 + ($1.text?.utf8.count ?? 0) }
    self.pipeline = pipeline
    self.segmentStages = segment..<(segment + 1)
  }

  /// Runs the segment stage over every document `passes` times.
  public func timeSegmentation(passes: Int) throws -> Timing {
    let (seconds, sentences) = try timed(passes: passes) { document in
      var document = document
      try pipeline.run(&document, stages: segmentStages)
      return document.sentences?.count ?? 0
    }
    return Timing(name: "precis segment", seconds: seconds, sentences: sentences, bytes: bytes)
  }

  /// Runs ICU's sentence iterator for `locale`, and nothing else, over every document: on the
  /// UTF-8 text, or on UTF-16 converted within the timing.
  public func timeICU(locale: String, utf16: Bool, passes: Int) throws -> Timing {
    let iterator = try ICUBreakIteratorPrototype(.sentence, locale: locale).makeIterator()
    let (seconds, sentences) = try timed(passes: passes) { document in
      let text = document.text ?? ""
      guard utf16 else { return try iterator.boundariesReadingUTF8(in: text).count }
      let units = Array(text.utf16)
      return try units.withUnsafeBufferPointer { try iterator.boundaries(utf16: $0) }.count
    }
    return Timing(
      name: "ICU \(locale) \(utf16 ? "UTF-16" : "UTF-8") alone", seconds: seconds,
      sentences: sentences, bytes: bytes)
  }

  /// Runs ICU's sentence iterator and then its word iterator for `locale` over every document's
  /// UTF-16 (converted within the timing), and nothing else: the part of a whole brief that is
  /// ICU's, a floor for the pipeline on the same text and the same core.
  public func timeICUSentencesAndWords(locale: String, passes: Int) throws -> Timing {
    let sentenceIterator = try ICUBreakIteratorPrototype(.sentence, locale: locale).makeIterator()
    let wordIterator = try ICUBreakIteratorPrototype(.word, locale: locale).makeIterator()
    let (seconds, sentences) = try timed(passes: passes) { document in
      let units = Array((document.text ?? "").utf16)
      return try units.withUnsafeBufferPointer { units in
        _ = try wordIterator.boundaries(utf16: units)
        return try sentenceIterator.boundaries(utf16: units).count
      }
    }
    return Timing(name: "ICU sentences + words", seconds: seconds, sentences: sentences, bytes: bytes)
  }

  /// Runs `count` over every document `passes` times: each pass's seconds, fastest first, and
  /// what `count` summed in one pass.
  private func timed(
    passes: Int, _ count: (Document) throws -> Int
  ) rethrows -> (seconds: [Double], total: Int) {
    var seconds: [Double] = []
    var total = 0
    for _ in 0..<max(1, passes) {
      var sum = 0
      let start = DispatchTime.now().uptimeNanoseconds
      for document in documents { sum += try count(document) }
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      total = sum
    }
    return (seconds.sorted(), total)
  }
}
