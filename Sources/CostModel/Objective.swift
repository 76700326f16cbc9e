/// What the passes that choose (`tile`, `fuse`, `layout`) minimize: the modeled latency, the
/// energy at that latency, or their product (`--objective`).
public enum Objective: String, CaseIterable, Hashable, Sendable {
  case latency, energy, edp

  /// The value to minimize for a kernel (or a group) of `cycles` and `energyPJ`.
  public func score(cycles: Double, energyPJ: Double) -> Double {
    switch self {
    case .latency: cycles
    case .energy: energyPJ
    case .edp: cycles * energyPJ
    }
  }
}

extension KernelCost {
  /// The kernel's `objective` value at its own latency.
  public func score(_ objective: Objective) -> Double {
    objective.score(cycles: totalCycles, energyPJ: energy.totalPJ(atCycles: totalCycles))
  }
}
