import Interpreter

/// One design: a value index per axis, and the `--set` overrides it stands for.
public struct DesignPoint: Hashable, Sendable {
  public var indices: [Int]

  public func overrides(_ spec: ExploreSpec) -> [String] {
    zip(spec.axes, indices).map { axis, index in "\(axis.path)=\(axis.values[index])" }
  }
}

/// The points a grid or random strategy evaluates, in a fixed order.
public enum PointSet {
  /// Every combination, the last axis fastest.
  public static func grid(_ spec: ExploreSpec) -> [DesignPoint] {
    var points: [DesignPoint] = []
    var indices = [Int](repeating: 0, count: spec.axes.count)
    guard spec.axes.allSatisfy({ !$0.values.isEmpty }) else { return [] }
    while true {
      points.append(DesignPoint(indices: indices))
      var axis = spec.axes.count - 1
      while axis >= 0 {
        indices[axis] += 1
        if indices[axis] < spec.axes[axis].values.count { break }
        indices[axis] = 0
        axis -= 1
      }
      if axis < 0 { return points }
    }
  }

  /// `budget` distinct points drawn with the spec's seed (all of the grid when it is smaller).
  public static func random(_ spec: ExploreSpec) -> [DesignPoint] {
    let size = spec.axes.reduce(1.0) { $0 * Double($1.values.count) }
    if Double(spec.budget) >= size { return grid(spec) }
    var generator = SplitMix64(seed: spec.seed)
    var seen = Set<DesignPoint>()
    var points: [DesignPoint] = []
    var attempts = 0
    while points.count < spec.budget && attempts < spec.budget * 100 {
      attempts += 1
      let point = DesignPoint(indices: spec.axes.map { Int(generator.next() % UInt64($0.values.count)) })
      if seen.insert(point).inserted { points.append(point) }
    }
    return points
  }
}
