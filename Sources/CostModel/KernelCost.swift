/// What one kernel costs on one target, and why: the same breakdown for every timing tier.
public struct KernelCost: Hashable, Sendable, Codable {
  public enum Bound: String, Hashable, Sendable, Codable { case compute, memory, overhead }

  /// A fused stage's vector unit and its cycles over the contraction's output stream.
  public struct StageCost: Hashable, Sendable, Codable {
    public var unit: String
    public var cycles: Double
  }

  /// Bytes and cycles at one memory level.
  public struct LevelTraffic: Hashable, Sendable, Codable {
    public var level: String
    public var bytes: Int
    public var cycles: Double
  }

  /// Where the kernel runs (`host` when the accelerator cannot).
  public var placement: Placement
  /// Its name in reports and files.
  public var unit: String { placement.description }
  public var computeCycles: Double
  public var memory: [LevelTraffic]
  public var overheadCycles: Double
  /// Cycles at peak rate with nothing else in the way; utilization = ideal / total.
  public var idealCycles: Double
  /// Data movement that cannot overlap the kernel's work because the work waits for it or it
  /// waits for the work: a layout conversion of the operands before and after the kernel,
  /// and tensors crossing the host↔accelerator link for a host kernel.
  public var transferCycles: Double = 0
  /// A contraction's own cycles on its array, before its fused stages (0 for other kernels).
  public var arrayCycles: Double = 0
  /// The slowest fused stage a vector unit runs: it paces the pipeline behind the array.
  public var pipelinedStage: StageCost?
  /// Cycles of the fused stages no vector unit runs, done on the host after the array.
  public var hostStageCycles: Double = 0
  /// How the unit's own mapper laid the kernel out (a row-stationary mapping), `nil` when a
  /// tile or the layer model decides.
  public var mapping: String?
  /// The kernel's energy (`AnalyticalModel+Energy.swift`).
  public var energy = KernelEnergy()

  /// Resources overlap; the kernel takes as long as its slowest one, plus serialized transfers
  /// and fixed overhead.
  public var totalCycles: Double {
    max(computeCycles, memory.map(\.cycles).max() ?? 0) + transferCycles + overheadCycles
  }

  /// Memory when moving data (overlapped traffic plus serialized transfers) takes longer than
  /// computing, overhead when the fixed cost exceeds both.
  public var bound: Bound {
    let movement = (memory.map(\.cycles).max() ?? 0) + transferCycles
    if overheadCycles > max(computeCycles, movement) { return .overhead }
    return movement > computeCycles ? .memory : .compute
  }

  /// What limits the kernel, down to the memory level when memory does (`transfer` when
  /// the serialized transfers take longer than any level's traffic).
  public var limiter: Limiter {
    switch bound {
    case .compute: return .compute
    case .overhead: return .overhead
    case .memory:
      guard let slowest = memory.max(by: { $0.cycles < $1.cycles }), slowest.cycles >= transferCycles else {
        return .transfer
      }
      return .memory(level: slowest.level)
    }
  }

  public var utilization: Double { totalCycles > 0 ? min(idealCycles / totalCycles, 1) : 0 }

  /// Bytes moved to and from the outermost level (DRAM).
  public var dramBytes: Int { memory.first?.bytes ?? 0 }

  enum CodingKeys: String, CodingKey {
    case unit, memory
    case computeCycles = "compute_cycles"
    case overheadCycles = "overhead_cycles"
    case idealCycles = "ideal_cycles"
    case transferCycles = "transfer_cycles"
    case arrayCycles = "array_cycles"
    case pipelinedStage = "pipelined_stage"
    case hostStageCycles = "host_stage_cycles"
    case mapping, energy
  }

  init(
    placement: Placement, computeCycles: Double, memory: [LevelTraffic], overheadCycles: Double, idealCycles: Double,
    transferCycles: Double = 0
  ) {
    (self.placement, self.computeCycles, self.memory) = (placement, computeCycles, memory)
    (self.overheadCycles, self.idealCycles, self.transferCycles) = (overheadCycles, idealCycles, transferCycles)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    placement = Placement(try c.decode(String.self, forKey: .unit))
    memory = try c.decode([LevelTraffic].self, forKey: .memory)
    computeCycles = try c.decode(Double.self, forKey: .computeCycles)
    overheadCycles = try c.decode(Double.self, forKey: .overheadCycles)
    idealCycles = try c.decode(Double.self, forKey: .idealCycles)
    transferCycles = try c.decode(Double.self, forKey: .transferCycles)
    arrayCycles = try c.decode(Double.self, forKey: .arrayCycles)
    pipelinedStage = try c.decodeIfPresent(StageCost.self, forKey: .pipelinedStage)
    hostStageCycles = try c.decode(Double.self, forKey: .hostStageCycles)
    mapping = try c.decodeIfPresent(String.self, forKey: .mapping)
    energy = try c.decodeIfPresent(KernelEnergy.self, forKey: .energy) ?? KernelEnergy()
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(placement.description, forKey: .unit)
    try c.encode(memory, forKey: .memory)
    try c.encode(computeCycles, forKey: .computeCycles)
    try c.encode(overheadCycles, forKey: .overheadCycles)
    try c.encode(idealCycles, forKey: .idealCycles)
    try c.encode(transferCycles, forKey: .transferCycles)
    try c.encode(arrayCycles, forKey: .arrayCycles)
    try c.encode(pipelinedStage, forKey: .pipelinedStage)
    try c.encode(hostStageCycles, forKey: .hostStageCycles)
    try c.encode(mapping, forKey: .mapping)
    try c.encode(energy, forKey: .energy)
  }
}
