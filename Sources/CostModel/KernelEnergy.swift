/// A kernel's energy (pJ): the datapath (MACs, vector operations and the PE registers they
/// read and write; host operations), each memory level's reads and writes, and the target's
/// static power over however long the kernel runs (`total(atCycles:)`: the analytical or the
/// simulated latency).
public struct KernelEnergy: Hashable, Sendable, Codable {
  public struct Level: Hashable, Sendable, Codable {
    public var level: String
    public var pJ: Double
  }

  /// Datapath energy (pJ).
  public var macPJ: Double = 0
  /// Per memory level, outermost first (pJ).
  public var levels: [Level] = []
  /// Static energy per cycle of the whole target while the kernel runs (pJ).
  public var staticPJPerCycle: Double = 0

  public init() {}

  public var dynamicPJ: Double { levels.reduce(macPJ) { $0 + $1.pJ } }

  public func totalPJ(atCycles cycles: Double) -> Double { dynamicPJ + staticPJPerCycle * cycles }

  /// `mac`, each level by name and `static`, in µJ.
  public func breakdownUJ(atCycles cycles: Double) -> [String: Double] {
    var parts = ["mac": macPJ / 1e6, "static": staticPJPerCycle * cycles / 1e6]
    for level in levels { parts[level.level, default: 0] += level.pJ / 1e6 }
    return parts
  }

  enum CodingKeys: String, CodingKey {
    case levels
    case macPJ = "mac_pj"
    case staticPJPerCycle = "static_pj_per_cycle"
  }
}
