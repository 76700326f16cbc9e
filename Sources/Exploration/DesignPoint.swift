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
    var generator = SplitMix64(state: spec.seed)
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

/// Steele, Lea & Flood's SplitMix64: the seeded generator of the random and evolutionary
/// strategies (same seed, same points).
public struct SplitMix64: Sendable {
  public var state: UInt64
  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
