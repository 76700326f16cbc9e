/// What one kernel costs on one target, and why: the same breakdown for every timing tier.
public struct KernelCost: Hashable, Sendable, Codable {
  public enum Bound: String, Hashable, Sendable, Codable { case compute, memory, overhead }

  /// Bytes and cycles at one memory level.
  public struct LevelTraffic: Hashable, Sendable, Codable {
    public var level: String
    public var bytes: Int
    public var cycles: Double
  }

  /// The compute unit that runs the kernel (`host` when the accelerator cannot).
  public var unit: String
  public var computeCycles: Double
  public var memory: [LevelTraffic]
  public var overheadCycles: Double
  /// Cycles at peak rate with nothing else in the way; utilization = ideal / total.
  public var idealCycles: Double

  /// Resources overlap; the kernel takes as long as its slowest one, plus fixed overhead.
  public var totalCycles: Double { max(computeCycles, memory.map(\.cycles).max() ?? 0) + overheadCycles }

  public var bound: Bound {
    let slowestMemory = memory.map(\.cycles).max() ?? 0
    if overheadCycles > max(computeCycles, slowestMemory) { return .overhead }
    return slowestMemory > computeCycles ? .memory : .compute
  }

  /// The memory level that bounds the kernel, when memory does.
  public var boundLevel: String? {
    bound == .memory ? memory.max { $0.cycles < $1.cycles }?.level : nil
  }

  public var utilization: Double { totalCycles > 0 ? min(idealCycles / totalCycles, 1) : 0 }

  /// Bytes moved to and from the outermost level (DRAM).
  public var dramBytes: Int { memory.first?.bytes ?? 0 }
}
