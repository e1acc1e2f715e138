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

  /// The cores this process may use, asked once: asking costs tens of thousands of
  /// instructions, which a batch paid several times an article.
  public static let cores = ProcessInfo.processInfo.activeProcessorCount

  /// `transform` over `0..<count`, cut into one contiguous range per core when `count`
  /// reaches `threshold` (and into one range otherwise); the results are joined in index order.
  /// The first error, in index order, is thrown.
  ///
  /// `transform` gets a whole range so that it can open what it needs (a tokenizer, a
  /// stemmer) once per range.
  @inlinable
  public static func map<T>(
    _ count: Int, threshold: Int = Parallel.threshold,
    cores: Int = Parallel.cores,
    _ transform: @Sendable (Range<Int>) throws -> [T]
  ) throws -> [T] {
    guard partCount(count, threshold: threshold, cores: cores) > 1 else { return try transform(0..<count) }
    let results = try spread(count, threshold: threshold, cores: cores, transform)
    var joined: [T] = []
    joined.reserveCapacity(count)
    for result in results { joined += result }
    return joined
  }

  /// `transform` over contiguous ranges covering `0..<count`, one per core when `count`
  /// reaches `threshold` (one range otherwise, so never none), in order: for work whose parts
  /// are merged otherwise than by joining. The first error, in range order, is thrown.
  ///
  /// (Inlined, so that the one range of an article, which nearly every call is, costs a call of
  /// `transform` alone: the generic function, called from the stages' modules unspecialized,
  /// looked up the metadata of its arrays at every call.)
  @inlinable
  public static func parts<T>(
    _ count: Int, threshold: Int = Parallel.threshold,
    cores: Int = Parallel.cores,
    _ transform: @Sendable (Range<Int>) throws -> T
  ) throws -> [T] {
    guard partCount(count, threshold: threshold, cores: cores) > 1 else { return [try transform(0..<count)] }
    return try spread(count, threshold: threshold, cores: cores, transform)
  }

  /// How many ranges `parts` cuts `0..<count` into.
  @usableFromInline
  static func partCount(_ count: Int, threshold: Int, cores: Int) -> Int {
    count >= threshold ? max(1, min(cores, count / max(1, threshold / 2))) : 1
  }

  /// `parts` over two ranges or more, each on a core of its own.
  @usableFromInline
  static func spread<T>(
    _ count: Int, threshold: Int, cores: Int, _ transform: @Sendable (Range<Int>) throws -> T
  ) throws -> [T] {
    let parts = partCount(count, threshold: threshold, cores: cores)
    let bounds = (0...parts).map { $0 * count / parts }
    let results = Slots<Result<T, any Error>>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      results.store(Result { try transform(bounds[part]..<bounds[part + 1]) }, at: part)
    }
    return try results.values.map { try $0.get() }
  }
}

extension Parallel {
  /// How many bytes a text needs before the stages that read it whole (normalize, segment)
  /// cut it into parts for the cores.
  public static let textThreshold = 1 << 18

  /// Up to `parts` contiguous ranges covering `bytes`, each cut just after a blank line
  /// (`\n\n`) and before a printable ASCII character, so that every part starts a new paragraph
  /// with a line that is not blank. A text shorter than `threshold` bytes, or with no such
  /// place near a cut, gives fewer ranges (one at least).
  ///
  /// - Complexity: O(*n*) in the worst case; a scan from each of the `parts - 1` targets.
  public static func paragraphRanges(
    _ bytes: UnsafeBufferPointer<UInt8>, parts: Int = Parallel.cores,
    threshold: Int = Parallel.textThreshold
  ) -> [Range<Int>] {
    let count = bytes.count
    guard parts > 1, count >= threshold else { return [0..<count] }
    var cuts: [Int] = [0]
    for part in 1..<parts {
      var index = max(part * count / parts, cuts[cuts.count - 1] + 1, 2)
      while index < count
        && !(bytes[index - 2] == 0x0A && bytes[index - 1] == 0x0A && (0x21...0x7E).contains(bytes[index]))
      {
        index += 1
      }
      guard index < count else { break }
      cuts.append(index)
    }
    cuts.append(count)
    return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
  }
}

extension Parallel {
  /// `work` on each of `0..<count` on up to `workers` threads, the calling one among them,
  /// each taking the next index left (so that a long item holds up one worker only), and
  /// `deliver` called on the calling thread with each result in index order, as soon as it and
  /// those before it are done. At most `ahead` items a worker are taken past the last
  /// delivered (the memory a run holds). When `deliver` throws, no item is taken any more, those taken finish,
  /// and the error is rethrown. (For several articles of a command: each is independent, their
  /// lengths differ too much for `map`'s contiguous ranges, and their outputs go out while the
  /// next are worked on.)
  /// The most threads `ordered` runs, whatever it is asked for.
  public static let maximumWorkers = 512

  public static func ordered<T: Sendable>(
    _ count: Int, workers: Int, ahead: Int = 4, _ work: @escaping @Sendable (Int) -> T,
    deliver: (Int, T) throws -> Void
  ) rethrows {
    // (No more threads than items, nor than `maximumWorkers`: `--jobs` of a hundred billion
    // would have queued as many tasks.)
    let threads = max(1, min(workers, count, Parallel.maximumWorkers))
    let window = OrderedWindow<T>(count: count, ahead: threads * min(max(1, ahead), 1 << 20))
    let group = DispatchGroup()
    for _ in 1..<threads {
      DispatchQueue.global().async(group: group) {
        while let index = window.take(waiting: true) { window.store(work(index), at: index) }
      }
    }
    defer {
      window.stop()
      group.wait()
    }
    for index in 0..<count {
      // Deliver what is done; else work on the next item here; else wait for this one.
      while true {
        if let value = window.result(of: index, waiting: false) {
          try deliver(index, value)
          break
        }
        if let mine = window.take(waiting: false) {
          window.store(work(mine), at: mine)
          continue
        }
        if let value = window.result(of: index, waiting: true) {
          try deliver(index, value)
          break
        }
      }
    }
  }
}

/// The items of `Parallel.ordered` between its workers and its deliverer: a ring of `ahead`
/// results, the next item to take and the next to deliver.
private final class OrderedWindow<Value>: @unchecked Sendable {
  private let condition = NSCondition()
  private var slots: [Value?]
  private let count: Int
  private var next = 0
  private var delivered = 0
  private var stopped = false

  init(count: Int, ahead: Int) {
    self.count = count
    slots = Array(repeating: nil, count: ahead)
  }

  /// The next item to work on, or `nil` when all are taken or the run stopped; waiting (a
  /// worker) or not (the deliverer) while the window is full.
  func take(waiting: Bool) -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while waiting, !stopped, next < count, next - delivered >= slots.count { condition.wait() }
    guard !stopped, next < count, next - delivered < slots.count else { return nil }
    next += 1
    return next - 1
  }

  func store(_ value: Value, at index: Int) {
    condition.lock()
    slots[index % slots.count] = value
    condition.broadcast()
    condition.unlock()
  }

  /// The result of `index`, the next to deliver, once done (`nil` when not done and not
  /// `waiting`); its slot is freed for an item further on.
  func result(of index: Int, waiting: Bool) -> Value? {
    condition.lock()
    defer { condition.unlock() }
    while waiting, slots[index % slots.count] == nil { condition.wait() }
    guard let value = slots[index % slots.count] else { return nil }
    slots[index % slots.count] = nil
    delivered = index + 1
    condition.broadcast()
    return value
  }

  /// No item is taken from now on.
  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
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
