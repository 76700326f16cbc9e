/// Busy cycles per unit over time, in at most `binLimit` equal bins that widen as the run
/// grows (the width doubles and neighbouring bins merge), so any run length gives a compact
/// timeline at a cost of a few additions per command.
public struct UtilizationTimeline: Hashable, Sendable {
  public static let binLimit = 96
  /// Cycles each bin covers.
  public private(set) var binCycles = 1.0
  /// Busy cycles per unit (in the engine's unit order) per bin.
  public private(set) var busy: [[Double]] = []

  public init() {}

  /// `cycles` of busy time spread evenly over `start..<end` on `unit`.
  mutating func add(unit: Int, cycles: Double, from start: Double, to end: Double) {
    guard cycles > 0, end > start, start.isFinite, end.isFinite else { return }
    while busy.count <= unit { busy.append([Double](repeating: 0, count: Self.binLimit)) }
    while end > binCycles * Double(Self.binLimit) { widen() }
    let rate = cycles / (end - start)
    var bin = Int(start / binCycles)
    while bin < Self.binLimit, Double(bin) * binCycles < end {
      let overlap = min(end, Double(bin + 1) * binCycles) - max(start, Double(bin) * binCycles)
      if overlap > 0 { busy[unit][bin] += overlap * rate }
      bin += 1
    }
  }

  private mutating func widen() {
    binCycles *= 2
    for unit in busy.indices {
      let row = busy[unit]
      busy[unit] = (0..<Self.binLimit).map { $0 * 2 + 1 < row.count ? row[$0 * 2] + row[$0 * 2 + 1] : 0 }
    }
  }

  /// Each unit's busy fraction per bin up to `totalCycles` (the last bin over its covered part).
  public func utilization(unit: Int, totalCycles: Double) -> [Double] {
    guard unit < busy.count, totalCycles > 0 else { return [] }
    let bins = min(Int((totalCycles / binCycles).rounded(.up)), Self.binLimit)
    return (0..<bins).map { bin in
      let covered = min(binCycles, totalCycles - Double(bin) * binCycles)
      return covered > 0 ? min(busy[unit][bin] / covered, 1) : 0
    }
  }
}
