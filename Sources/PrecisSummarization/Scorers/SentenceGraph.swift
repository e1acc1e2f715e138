import PrecisCore

/// An undirected weighted graph of sentences, kept sparse: each node's edges to the nodes after
/// it, by ascending neighbour, with their weights, and one weight for every node's edge to
/// itself. TextRank and LexRank join two sentences only when they share a stem, so the edges
/// are found through the sentences of each stem, and a long text's graph holds only them (a
/// matrix of every pair took 128 MB for the 4,115 sentences of 600 KB of news).
struct SentenceGraph {
  /// Where each node's edges start in `neighbours` and `weights`; the last entry ends them.
  private(set) var rowStarts: [Int]
  /// The neighbour of each edge, after the node and ascending within it.
  private(set) var neighbours: [Int32]
  /// The weight of each edge, positive.
  private(set) var weights: [Double]
  /// The weight of each node's edge to itself (0 for none).
  let selfWeight: Double

  /// How many nodes the graph has.
  var count: Int { rowStarts.count - 1 }

  /// How many edges join two nodes.
  var edgeCount: Int { neighbours.count }

  /// The graph over `sets`, each node's distinct stem numbers ascending: `weight` gives the
  /// weight of the edge between two nodes that share a stem, and `selfWeight` each node's
  /// edge to itself.
  ///
  /// - Parameters:
  ///   - sets: each node's distinct stem numbers, ascending.
  ///   - stems: how many stem numbers there are.
  ///   - selfWeight: the weight of each node's edge to itself; 0 for none.
  ///   - product: the contribution of a shared stem to the sum `weight` is given, from the
  ///     stem's position in the set of node *i* and in that of node *j* (*i* < *j*); `nil`
  ///     when `weight` needs only how many stems are shared.
  ///   - weight: the edge weight of nodes *i* < *j* from the sum of the contributions of their
  ///     shared stems, added in ascending stem order, and from how many they share; 0 leaves
  ///     them unjoined.
  /// - Complexity: O(Σ *p*²) over the stems, *p* the nodes holding each, plus O(*e* log *d*)
  ///   for the *e* edges of nodes of at most *d* later neighbours.
  init(
    sets: [[Int]], stems: Int, selfWeight: Double = 0,
    product: ((_ i: Int, _ iPosition: Int, _ j: Int, _ jPosition: Int) -> Double)? = nil,
    weight: (_ i: Int, _ j: Int, _ sum: Double, _ shared: Int) -> Double
  ) {
    self.selfWeight = selfWeight
    // The nodes holding each stem, ascending, and where the stem is in each node's set.
    var holders = [[(node: Int32, position: Int32)]](repeating: [], count: stems)
    for (node, set) in sets.enumerated() {
      for (position, number) in set.enumerated() {
        holders[number].append((Int32(node), Int32(position)))
      }
    }
    rowStarts = [0]
    rowStarts.reserveCapacity(sets.count + 1)
    neighbours = []
    weights = []
    var sums = [Double](repeating: 0, count: sets.count)
    var shared = [Int](repeating: 0, count: sets.count)
    var touched: [Int] = []
    for (node, set) in sets.enumerated() {
      // Each later node's sum gets its shared stems' products in ascending stem order, as a
      // merge of the two sets would add them.
      for (position, number) in set.enumerated() {
        for holder in holders[number] where Int(holder.node) > node {
          let other = Int(holder.node)
          if shared[other] == 0 { touched.append(other) }
          shared[other] += 1
          if let product { sums[other] += product(node, position, other, Int(holder.position)) }
        }
      }
      touched.sort()
      for other in touched {
        let value = weight(node, other, sums[other], shared[other])
        if value > 0 {
          neighbours.append(Int32(other))
          weights.append(value)
        }
        sums[other] = 0
        shared[other] = 0
      }
      touched.removeAll(keepingCapacity: true)
      rowStarts.append(neighbours.count)
    }
  }

  /// Weighted PageRank over the graph (wⱼᵢ the weight of the edge between *j* and *i*): pᵢ =
  /// (1 − d) / *N* + d Σⱼ pⱼ wⱼᵢ / Σₖ wⱼₖ, from pᵢ = 1 / *N*, updated all at once until no value
  /// moves by `tolerance` or `maximumIterations` rounds have run. A node without edges passes
  /// nothing on. Dividing by Σₖ wⱼₖ normalizes each row to sum 1, so a row-stochastic matrix
  /// gives the power iteration p = (1 − d) / *N* + d Mᵀ p. Every sum runs in ascending node
  /// order, as over the full matrix: a node's edges to the nodes before it are met in their
  /// rows, before its own.
  ///
  /// - Complexity: O(*k* (*N* + *e*)) for *k* iterations over *e* edges.
  func pageRank(damping: Double, tolerance: Double = 1e-6, maximumIterations: Int = 200) -> [Double] {
    let count = self.count
    guard count > 0 else { return [] }
    var outgoing = [Double](repeating: 0, count: count)
    for node in 0..<count {
      outgoing[node] += selfWeight
      for edge in rowStarts[node]..<rowStarts[node + 1] {
        let other = Int(neighbours[edge])
        outgoing[node] += weights[edge]
        outgoing[other] += weights[edge]
      }
    }
    var ranks = [Double](repeating: 1 / Double(count), count: count)
    var next = ranks
    let base = (1 - damping) / Double(count)
    for _ in 0..<maximumIterations {
      for node in 0..<count { next[node] = base }
      // Shares are worked out once (as each node's turn as a source comes, all of it was met).
      var shares = [Double](repeating: 0, count: count)
      for node in 0..<count where outgoing[node] > 0 { shares[node] = damping * ranks[node] / outgoing[node] }
      for node in 0..<count {
        if outgoing[node] > 0, selfWeight > 0 { next[node] += shares[node] * selfWeight }
        for edge in rowStarts[node]..<rowStarts[node + 1] {
          let other = Int(neighbours[edge])
          // From this node to the later one, and from the later one to this node.
          if outgoing[node] > 0 { next[other] += shares[node] * weights[edge] }
          if outgoing[other] > 0 { next[node] += shares[other] * weights[edge] }
        }
      }
      let change = zip(ranks, next).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
      swap(&ranks, &next)
      if change < tolerance { break }
    }
    return ranks
  }
}
