/// Non-dominated sorting over the spec's objectives (all minimized).
public enum Pareto {
  /// `a` is no worse than `b` in every objective and better in one.
  static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
    var better = false
    for (x, y) in zip(a, b) {
      if x > y { return false }
      if x < y { better = true }
    }
    return better
  }

  /// Indices of the non-dominated entries of `values`, in their order.
  public static func front(_ values: [[Double]]) -> [Int] {
    values.indices.filter { i in !values.indices.contains { j in j != i && dominates(values[j], values[i]) } }
  }

  /// Fronts of `values` (NSGA-II's fast non-dominated sort): front 0 first.
  static func fronts(_ values: [[Double]]) -> [[Int]] {
    var dominatedBy = [[Int]](repeating: [], count: values.count)
    var counts = [Int](repeating: 0, count: values.count)
    for i in values.indices {
      for j in values.indices where i != j {
        if dominates(values[i], values[j]) {
          dominatedBy[i].append(j)
        } else if dominates(values[j], values[i]) {
          counts[i] += 1
        }
      }
    }
    var fronts: [[Int]] = []
    var current = values.indices.filter { counts[$0] == 0 }
    while !current.isEmpty {
      fronts.append(current)
      var next: [Int] = []
      for i in current {
        for j in dominatedBy[i] {
          counts[j] -= 1
          if counts[j] == 0 { next.append(j) }
        }
      }
      current = next.sorted()
    }
    return fronts
  }

  /// NSGA-II's crowding distance of each member of one front (boundary points infinite).
  static func crowding(_ front: [Int], _ values: [[Double]]) -> [Int: Double] {
    var distance = Dictionary(uniqueKeysWithValues: front.map { ($0, 0.0) })
    guard let objectives = front.first.map({ values[$0].count }) else { return distance }
    for objective in 0..<objectives {
      let sorted = front.sorted { (values[$0][objective], $0) < (values[$1][objective], $1) }
      guard let first = sorted.first, let last = sorted.last else { continue }
      let span = values[last][objective] - values[first][objective]
      distance[first] = .infinity
      distance[last] = .infinity
      guard span > 0, sorted.count > 2 else { continue }
      for k in 1..<(sorted.count - 1) {
        distance[sorted[k], default: 0] += (values[sorted[k + 1]][objective] - values[sorted[k - 1]][objective]) / span
      }
    }
    return distance
  }
}
