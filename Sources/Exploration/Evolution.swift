import Compiler
import Interpreter

/// NSGA-II (Deb et al., IEEE TEVC 2002) over the axes' value indices: a population ranked by
/// non-dominated fronts and crowding distance, binary tournaments, uniform crossover and
/// per-gene mutation; infeasible points rank behind every feasible one. Generations run until
/// `budget` distinct points are evaluated (or no new point can be bred). Seeded: the same spec
/// and the same results give the same points, so a run can be replayed from stored results.
struct Evolution {
  let spec: ExploreSpec
  var populationSize: Int { min(max(spec.budget / 10, 8), 32, spec.budget) }

  /// Every evaluated result, in order; nil when `evaluate` returned nil for a generation (it
  /// cannot be evaluated now: the distributed driver lists it and comes back).
  func run(_ evaluate: ([DesignPoint]) throws(CompileError) -> [PointResult]?) throws(CompileError) -> [PointResult]? {
    var generator = SplitMix64(seed: spec.seed)
    var seen = Set<DesignPoint>()
    var all: [PointResult] = []
    var initial = spec
    initial.budget = populationSize
    var population = PointSet.random(initial)
    population.forEach { seen.insert($0) }
    guard var results = try evaluate(population) else { return nil }
    all += results
    var stale = 0
    while all.count < min(spec.budget, spec.gridSize) && stale < 20 {
      let scores = rank(results)
      var offspring: [DesignPoint] = []
      var attempts = 0
      let wanted = min(populationSize, spec.budget - all.count)
      while offspring.count < wanted && attempts < wanted * 50 {
        attempts += 1
        let a = tournament(scores, &generator)
        let b = tournament(scores, &generator)
        var child = zip(population[a].indices, population[b].indices).map { generator.next() & 1 == 0 ? $0 : $1 }
        for gene in child.indices where generator.unit() < 1 / Double(max(child.count, 1)) {
          child[gene] = Int(generator.next() % UInt64(spec.axes[gene].values.count))
        }
        let point = DesignPoint(indices: child)
        if seen.insert(point).inserted { offspring.append(point) }
      }
      if offspring.isEmpty {
        stale += 1
        continue
      }
      guard let bred = try evaluate(offspring) else { return nil }
      all += bred
      // Parents and offspring compete for the next population.
      let pool = population + offspring
      let poolResults = results + bred
      let order = rank(poolResults).enumerated().sorted { lhs, rhs in
        (lhs.element.front, -lhs.element.crowding, lhs.offset) < (rhs.element.front, -rhs.element.crowding, rhs.offset)
      }.map(\.offset).prefix(populationSize)
      population = order.map { pool[$0] }
      results = order.map { poolResults[$0] }
    }
    return all
  }

  /// Front (0 best) and crowding distance of each result; infeasible ones after every front.
  func rank(_ results: [PointResult]) -> [(front: Int, crowding: Double)] {
    let feasible = results.indices.filter { results[$0].feasible }
    let values = feasible.map { i in spec.objectives.map { results[i].value($0) } }
    var scores = [(front: Int, crowding: Double)](repeating: (Int.max, 0), count: results.count)
    for (number, front) in Pareto.fronts(values).enumerated() {
      let crowding = Pareto.crowding(front, values)
      for member in front { scores[feasible[member]] = (number, crowding[member] ?? 0) }
    }
    return scores
  }

  /// The better of two random members (lower front, then larger crowding distance).
  func tournament(_ scores: [(front: Int, crowding: Double)], _ generator: inout SplitMix64) -> Int {
    let a = Int(generator.next() % UInt64(scores.count))
    let b = Int(generator.next() % UInt64(scores.count))
    if scores[a].front != scores[b].front { return scores[a].front < scores[b].front ? a : b }
    return scores[a].crowding >= scores[b].crowding ? a : b
  }
}
