import GraphIR
import HardwareModel

/// How the tile search explores tiles.
public enum TileSearchStrategy: String, CaseIterable, Hashable, Sendable {
  /// Every fitting combination of candidate extents, in all six loop orders, largest tiles
  /// first, up to the candidate budget.
  case exhaustive
  /// From the whole problem, shrink the dimension that adds the least traffic until the tile
  /// fits (per loop order), then move to better neighbouring tiles until none is better.
  case greedy
}

/// The outcome of a tile search for one kernel.
public struct TileSearchResult: Hashable, Sendable {
  /// The fastest fitting tile found (`nil`: no candidate fits).
  public var tile: Tile?
  /// The kernel's total cycles with `tile` (`infinity` without one).
  public var cycles: Double
  /// DRAM bytes with `tile`.
  public var dramBytes: Int
  /// The kernel's cycles under the default tiling heuristic.
  public var defaultCycles: Double
  /// Candidates priced by the timing model.
  public var candidatesEvaluated: Int
  /// The objective's value with `tile`, and under the default heuristic: the bar a tile must
  /// meet (cycles when the objective is latency).
  public var score: Double
  public var defaultScore: Double

  /// Whether the tile is at least as good as the default heuristic. A tie counts: the tile
  /// makes the decision explicit in the IR and the schedule.
  public var meetsDefault: Bool { tile != nil && score <= defaultScore }
}

extension AnalyticalModel {
  /// Searches tiles of `kernel` and returns the fastest that fits the on-chip buffers.
  ///
  /// Candidates are ranked by total cycles, then DRAM bytes, then fewer tiles, then larger
  /// extents and the order's place in `Tile.orders`: a total order, so the result is
  /// deterministic and the exhaustive search finds the best of everything the greedy one can
  /// reach (when the budget does not cut it short).
  /// - Parameters:
  ///   - search: exhaustive or greedy.
  ///   - maxCandidates: the most candidates priced.
  /// - Returns: `nil` when a tile means nothing for the kernel (`tileSupport` is not `.array`).
  /// - Throws: `CostError` when the kernel cannot be priced at all.
  public func bestTile(
    for kernel: Kernel, search: TileSearchStrategy = .exhaustive, maxCandidates: Int = 4096,
    objective: Objective = .latency
  ) throws(CostError) -> TileSearchResult? {
    guard case .array(let problem) = tileSupport(for: kernel), let dram = accelerator.memoryLevels.first else {
      return nil
    }
    var untiled = kernel
    untiled.tile = nil
    let base = try cost(untiled)
    // A tile changes DRAM traffic only: compute, on-chip levels, serialized transfers and
    // overhead are the untiled kernel's (summed in `KernelCost.totalCycles`' order).
    let fixed = max(base.computeCycles, base.memory.dropFirst().map(\.cycles).max() ?? 0)
    // Its energy too, but for DRAM's share: the base's dynamic energy with its DRAM bytes
    // swapped for the tile's, and static power over the tile's cycles.
    let dramEnergy = energyTable.levels.first ?? LevelEnergy(readPJPerByte: 0, writePJPerByte: 0)
    let otherPJ = base.energy.dynamicPJ - (base.energy.levels.first?.pJ ?? 0)
    var searcher = TileSearcher(
      problem: problem, lists: problem.extentCandidates(), budget: max(maxCandidates, 0)
    ) { bytes in
      let cycles =
        max(fixed, cycles(dram, read: bytes.read, write: bytes.write)) + base.transferCycles + base.overheadCycles
      let energyPJ =
        otherPJ + Double(bytes.read) * dramEnergy.readPJPerByte + Double(bytes.write) * dramEnergy.writePJPerByte
        + base.energy.staticPJPerCycle * cycles
      return (cycles, objective.score(cycles: cycles, energyPJ: energyPJ))
    }
    switch search {
    case .exhaustive: searcher.exhaustive()
    case .greedy: searcher.greedy()
    }
    return TileSearchResult(
      tile: searcher.best?.tile, cycles: searcher.best?.cycles ?? .infinity, dramBytes: searcher.best?.dramBytes ?? 0,
      defaultCycles: base.totalCycles, candidatesEvaluated: searcher.evaluated,
      score: searcher.best?.score ?? .infinity, defaultScore: base.score(objective))
  }

  /// The fitting tiles the exhaustive search prices for `kernel`, in its order (largest
  /// first), at most `maxCandidates`; empty when a tile means nothing for the kernel.
  public func tileCandidates(for kernel: Kernel, maxCandidates: Int = 4096) -> [Tile] {
    guard case .array(let problem) = tileSupport(for: kernel) else { return [] }
    let lists = problem.extentCandidates()
    let shapes = TileSearcher.fittingShapes(problem, lists)
    let tiles = shapes.lazy.flatMap { shape in
      Tile.orders.map { Tile(m: lists.m[shape.m], n: lists.n[shape.n], k: lists.k[shape.k], order: $0) }
    }
    return Array(tiles.prefix(max(maxCandidates, 0)))
  }
}

/// The search state: candidate lists, the pricing function, the best tile so far.
struct TileSearcher {
  struct Candidate {
    var tile: Tile
    var cycles: Double
    /// The objective's value (cycles for latency): what ranks candidates first.
    var score: Double
    var dramBytes: Int
    var tiles: Int
    var orderIndex: Int

    /// The ranking of `AnalyticalModel.bestTile`.
    func isBetter(than other: Candidate) -> Bool {
      if score != other.score { return score < other.score }
      if cycles != other.cycles { return cycles < other.cycles }
      if dramBytes != other.dramBytes { return dramBytes < other.dramBytes }
      if tiles != other.tiles { return tiles < other.tiles }
      if tile.m != other.tile.m { return tile.m > other.tile.m }
      if tile.n != other.tile.n { return tile.n > other.tile.n }
      if tile.k != other.tile.k { return tile.k > other.tile.k }
      return orderIndex < other.orderIndex
    }
  }

  /// Indices into the candidate lists (each sorted largest first).
  struct Point: Hashable {
    var m: Int
    var n: Int
    var k: Int
    var order: Int
  }

  let problem: TilingProblem
  let lists: (m: [Int], n: [Int], k: [Int])
  let budget: Int
  /// Cycles and the objective's value for the tile's DRAM reads and writes.
  let price: ((read: Int, write: Int)) -> (cycles: Double, score: Double)
  var best: Candidate?
  var evaluated = 0

  init(
    problem: TilingProblem, lists: (m: [Int], n: [Int], k: [Int]), budget: Int,
    price: @escaping ((read: Int, write: Int)) -> (cycles: Double, score: Double)
  ) {
    self.problem = problem
    self.lists = lists
    self.budget = budget
    self.price = price
  }

  func tile(_ p: Point) -> Tile { Tile(m: lists.m[p.m], n: lists.n[p.n], k: lists.k[p.k], order: Tile.orders[p.order]) }

  /// Prices the tile at `p` (counted against the budget); `nil` once the budget is spent.
  mutating func price(_ p: Point) -> Candidate? {
    guard evaluated < budget else { return nil }
    evaluated += 1
    let tile = tile(p)
    let bytes = problem.dramBytes(tile)
    let trips = problem.trips(tile)
    let priced = price(bytes)
    return Candidate(
      tile: tile, cycles: priced.cycles, score: priced.score, dramBytes: saturatingAdd(bytes.read, bytes.write),
      tiles: saturatingMultiply(saturatingMultiply(trips.m, trips.n), trips.k), orderIndex: p.order)
  }

  mutating func consider(_ candidate: Candidate) {
    if best.map(candidate.isBetter) ?? true { best = candidate }
  }

  func fits(_ p: Point) -> Bool { problem.fits(m: lists.m[p.m], n: lists.n[p.n], k: lists.k[p.k]) }

  // MARK: - Exhaustive

  /// Points (order 0) whose extents fit, fewest tiles first (ties: larger extents first).
  static func fittingShapes(_ problem: TilingProblem, _ lists: (m: [Int], n: [Int], k: [Int])) -> [Point] {
    var shapes: [(point: Point, tiles: Int)] = []
    for m in lists.m.indices {
      for n in lists.n.indices {
        for k in lists.k.indices where problem.fits(m: lists.m[m], n: lists.n[n], k: lists.k[k]) {
          let trips = problem.trips(Tile(m: lists.m[m], n: lists.n[n], k: lists.k[k], order: ""))
          let tiles = saturatingMultiply(saturatingMultiply(trips.m, trips.n), trips.k)
          shapes.append((Point(m: m, n: n, k: k, order: 0), tiles))
        }
      }
    }
    // Lists are largest first, so smaller indices are larger extents.
    shapes.sort { a, b in
      if a.tiles != b.tiles { return a.tiles < b.tiles }
      if a.point.m != b.point.m { return a.point.m < b.point.m }
      if a.point.n != b.point.n { return a.point.n < b.point.n }
      return a.point.k < b.point.k
    }
    return shapes.map(\.point)
  }

  mutating func exhaustive() {
    for shape in Self.fittingShapes(problem, lists) {
      for order in Tile.orders.indices {
        guard let candidate = price(Point(m: shape.m, n: shape.n, k: shape.k, order: order)) else { return }
        consider(candidate)
      }
    }
  }

  // MARK: - Greedy

  mutating func greedy() {
    for order in Tile.orders.indices {
      var point = Point(m: 0, n: 0, k: 0, order: order)
      while !fits(point) {
        guard let next = cheapestShrink(point) else { break }
        point = next
      }
      guard fits(point), var current = price(point) else { continue }
      // Local moves: one step along one dimension, or another loop order, while that is better.
      while let next = bestNeighbour(of: current, at: point), next.candidate.isBetter(than: current) {
        (current, point) = (next.candidate, next.point)
      }
      consider(current)
    }
  }

  private mutating func bestNeighbour(of current: Candidate, at p: Point) -> (candidate: Candidate, point: Point)? {
    var neighbours = Tile.orders.indices.filter { $0 != p.order }.map { Point(m: p.m, n: p.n, k: p.k, order: $0) }
    for step in [-1, 1] {
      neighbours.append(Point(m: p.m + step, n: p.n, k: p.k, order: p.order))
      neighbours.append(Point(m: p.m, n: p.n + step, k: p.k, order: p.order))
      neighbours.append(Point(m: p.m, n: p.n, k: p.k + step, order: p.order))
    }
    var best: (candidate: Candidate, point: Point)?
    for point in neighbours where inRange(point) && fits(point) {
      guard let candidate = price(point) else { break }
      if best.map({ candidate.isBetter(than: $0.candidate) }) ?? true { best = (candidate, point) }
    }
    return best
  }

  private func inRange(_ p: Point) -> Bool {
    lists.m.indices.contains(p.m) && lists.n.indices.contains(p.n) && lists.k.indices.contains(p.k)
  }

  /// The next smaller extent of one dimension an overflowing operand depends on, choosing
  /// the one whose tile moves the fewest DRAM bytes (ties: m, n, k).
  private mutating func cheapestShrink(_ p: Point) -> Point? {
    let bytes = problem.footprintBytes(tile(p))
    func over(_ needed: Int, _ buffer: TilingProblem.Buffer) -> Bool {
      buffer.capacityBytes > 0 && needed > buffer.capacityBytes
    }
    let a = over(bytes.inputs, problem.inputBuffer)
    let b = over(bytes.weights, problem.weightBuffer)
    let c = over(bytes.outputs, problem.outputBuffer)
    var options: [Point] = []
    if a || c, p.m + 1 < lists.m.count { options.append(Point(m: p.m + 1, n: p.n, k: p.k, order: p.order)) }
    if b || c, p.n + 1 < lists.n.count { options.append(Point(m: p.m, n: p.n + 1, k: p.k, order: p.order)) }
    if a || b, p.k + 1 < lists.k.count { options.append(Point(m: p.m, n: p.n, k: p.k + 1, order: p.order)) }
    var chosen: (point: Point, bytes: Int)?
    for option in options {
      guard let candidate = price(option) else { return nil }
      if chosen.map({ candidate.dramBytes < $0.bytes }) ?? true { chosen = (option, candidate.dramBytes) }
    }
    return chosen?.point
  }
}
