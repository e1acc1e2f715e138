import ArgumentParser
import Foundation
import PrecisCore
import PrecisEvaluation

/// `precis bench`: speed measures.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure speed (build with -c release first).",
    subcommands: [BenchSegmentation.self])
}

/// `precis bench segmentation`: megabytes per second of the segment stage alone.
struct BenchSegmentation: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "segmentation",
    abstract: "Time sentence segmentation alone, against ICU's bare iterators on the same text.",
    discussion: """
      A .jsonl file gives one document per line (its "text" field); any other file is one \
      document. The text is normalized first, untimed; then the segment stage runs over every \
      document, --passes times, on one core. Throughput is UTF-8 megabytes (10^6 bytes) of \
      normalized text per second. The last row is ICU's sentence and word iterators alone over \
      the same text: the part of a whole brief that is ICU's, a floor for any pipeline built on \
      them.

      Example: swift build -c release && .build/release/precis bench segmentation article.txt
      """)

  @Argument(help: ArgumentHelp("Text or JSON Lines files.", valueName: "file"))
  var files: [String]

  @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "file"))
  var pipeline: String?

  @Option(name: .long, help: ArgumentHelp("The language of the text.", valueName: "code"))
  var language: String?

  @Option(parsing: .unconditional, help: "How many timed passes (the fastest and the median are shown).")
  var passes: Int = 5

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one file") }
    guard passes >= 1 else { throw ValidationError("--passes must be at least 1") }
  }

  func run() throws {
    var pipelineOptions = try PipelineOptions.parse([])
    pipelineOptions.pipeline = pipeline
    pipelineOptions.language = language
    let loaded = try pipelineOptions.loadPipeline(through: .sentences)
    var texts: [String] = []
    for file in files {
      if file.hasSuffix(".jsonl") {
        texts += try SegmentationGold.texts(path: file)
      } else {
        texts.append(String(decoding: try DescriptorReader.readFile(file), as: UTF8.self))
      }
    }
    let benchmark = try SegmentationBenchmark(texts: texts, pipeline: loaded)
    #if DEBUG
      Console.error("warning: this is a debug build; measure with 'swift build -c release'")
    #endif
    Console.write(
      "\(benchmark.documents.count) documents, "
        + String(format: "%.2f", Double(benchmark.bytes) / 1e6) + " MB of normalized text, "
        + "\(passes) passes, ICU \(ICUError.libraryVersion)\n")
    let locale = loaded.sourceLanguage
    for timing in [
      try benchmark.timeSegmentation(passes: passes),
      try benchmark.timeICU(locale: locale, utf16: false, passes: passes),
      try benchmark.timeICU(locale: locale, utf16: true, passes: passes),
      try benchmark.timeICUSentencesAndWords(locale: locale, passes: passes),
    ] {
      let documentsPerSecond = Double(benchmark.documents.count) / max(timing.seconds[0], 1e-9)
      Console.write(
        "  " + timing.name.padding(toLength: 24, withPad: " ", startingAt: 0)
          + String(format: "%8.1f MB/s best  %8.1f MB/s median", timing.bestMBps, timing.medianMBps)
          + String(format: "  %9.0f documents/s best", documentsPerSecond)
          + "  \(timing.sentences) sentences\n")
    }
  }
}
