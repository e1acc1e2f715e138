import Dispatch
import Foundation

/// Work on one long document spread over the cores: a stage whose sentences are independent
/// hands each core a contiguous run of them and joins the results in order, so the output is
/// the same as one pass would give, whatever the number of cores.
public enum Parallel {
  /// How many sentences a document needs before its work is split: below it, a batch run
  /// already keeps every core busy with other articles, and threads would cost more than they
  /// save.
  public static let threshold = 2_000

  /// `transform` over `0..<count`, cut into one contiguous range per core when `count`
  /// reaches `threshold` (and into one range otherwise); the results are joined in index order.
  /// The first error, in index order, is thrown.
  ///
  /// `transform` gets a whole range so that it can open what it needs (a tokenizer, a
  /// stemmer) once per range.
  public static func map<T>(
    _ count: Int, threshold: Int = Parallel.threshold,
    cores: Int = ProcessInfo.processInfo.activeProcessorCount,
    _ transform: @Sendable (Range<Int>) throws -> [T]
  ) throws -> [T] {
    let parts = count >= threshold ? max(1, min(cores, count / max(1, threshold / 2))) : 1
    guard parts > 1 else { return try transform(0..<count) }
    let bounds = (0...parts).map { $0 * count / parts }
    let results = Slots<Result<[T], any Error>>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      results.store(Result { try transform(bounds[part]..<bounds[part + 1]) }, at: part)
    }
    var joined: [T] = []
    joined.reserveCapacity(count)
    for result in results.values {
      joined += try result.get()
    }
    return joined
  }
}

/// One slot per task, each written by its own task only.
private final class Slots<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ value: Value, at index: Int) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  var values: [Value] { slots.compactMap { $0 } }
}
