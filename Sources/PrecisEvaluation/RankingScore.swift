/// How high a ranked list puts the items a gold list holds: the share of gold items among its
/// first K (precision at K, for each depth asked) and the average precision over its first
/// `depth` items (the mean, over the gold items found there, of the precision at each one's
/// rank, divided by as many gold items as could fit).
public struct RankingScore: Sendable, Equatable {
  /// The items ranked.
  public var items: Int
  /// The gold items among them.
  public var relevant: Int
  /// The depths precision was measured at, in the order asked.
  public var depths: [Int]
  /// The precision at each depth: the gold items among the first `depth` (among all, for a list
  /// shorter than that), over `depth`.
  public var precision: [Double]
  /// The depth the average precision is measured to.
  public var depth: Int
  /// The average precision over the first `depth` items.
  public var averagePrecision: Double

  /// Scores a list given, rank by rank, whether each item is a gold item.
  ///
  /// - Complexity: O(*n*) in the length of `relevance`, plus the depths.
  public init(relevance: [Bool], depths: [Int] = [25, 50, 100, 200, 500], depth: Int = 500) {
    items = relevance.count
    relevant = relevance.lazy.filter { $0 }.count
    self.depths = depths
    self.depth = depth
    var found = 0
    var sum = 0.0
    var foundAt: [Int] = []
    foundAt.reserveCapacity(relevance.count + 1)
    foundAt.append(0)
    for (rank, isGold) in relevance.enumerated() {
      if isGold {
        found += 1
        if rank < depth { sum += Double(found) / Double(rank + 1) }
      }
      foundAt.append(found)
    }
    precision = depths.map { depth in
      depth <= 0 ? 0 : Double(foundAt[min(depth, relevance.count)]) / Double(depth)
    }
    let possible = min(relevant, depth)
    averagePrecision = possible == 0 ? 0 : sum / Double(possible)
  }
}
