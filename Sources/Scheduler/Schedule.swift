import CostModel
import Foundation
import GraphIR

/// A compiled model on one target: its kernels in execution order, each with its cost, the
/// on-chip buffers its tensors occupy and the DMA transfers that move them.
///
/// The JSON form (`json()`) is the file `tessera compile --out` writes; its schema is
/// documented in `docs/schedule.md` and versioned by `schemaVersion`. Keys are snake_case and
/// sorted, so the same schedule always serializes to the same bytes.
public struct Schedule: Codable, Hashable, Sendable {
  /// The schema this type reads and writes. Bump it when a field changes meaning or goes away.
  public static let currentSchemaVersion = 2

  public var schemaVersion: Int
  /// The accelerator's name (`gemmini`).
  public var target: String
  /// The whole target file the schedule was made for (YAML, as `tessera targets show` prints it):
  /// `tessera simulate` runs the schedule on it, or on a variant of it (`--set`).
  public var targetDescription: String
  /// The pipeline that produced the schedule: its name and its text (empty when unknown).
  public var pipeline = ""
  public var pipelineText = ""
  public var clockMHz: Double
  /// End-to-end cycles: the kernels run back to back, so this is the last kernel's end.
  public var totalCycles: Double
  public var latencyMs: Double
  public var kernels: [ScheduledKernel]

  public init(target: String, targetDescription: String, clockMHz: Double, kernels: [ScheduledKernel]) {
    schemaVersion = Self.currentSchemaVersion
    self.target = target
    self.targetDescription = targetDescription
    self.clockMHz = clockMHz
    self.kernels = kernels
    totalCycles = kernels.last?.endCycle ?? 0
    latencyMs = clockMHz > 0 ? totalCycles / (clockMHz * 1000) : 0
  }

  enum CodingKeys: String, CodingKey {
    case target, kernels, pipeline
    case schemaVersion = "schema_version"
    case targetDescription = "target_description"
    case pipelineText = "pipeline_text"
    case clockMHz = "clock_mhz"
    case totalCycles = "total_cycles"
    case latencyMs = "latency_ms"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
    guard schemaVersion == Self.currentSchemaVersion else {
      throw DecodingError.dataCorruptedError(
        forKey: .schemaVersion, in: container,
        debugDescription: "schedule schema_version \(schemaVersion) is not supported (this build reads "
          + "\(Self.currentSchemaVersion))")
    }
    target = try container.decode(String.self, forKey: .target)
    targetDescription = try container.decode(String.self, forKey: .targetDescription)
    pipeline = try container.decode(String.self, forKey: .pipeline)
    pipelineText = try container.decode(String.self, forKey: .pipelineText)
    clockMHz = try container.decode(Double.self, forKey: .clockMHz)
    totalCycles = try container.decode(Double.self, forKey: .totalCycles)
    latencyMs = try container.decode(Double.self, forKey: .latencyMs)
    kernels = try container.decode([ScheduledKernel].self, forKey: .kernels)
  }

  /// The schedule as pretty-printed JSON with sorted keys and a trailing newline.
  ///
  /// - Throws: `EncodingError` if a number is not finite (JSON cannot hold it).
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }

  /// The kernel program the schedule serializes: every kernel with its nodes, boundary
  /// tensors, dependencies and cost, as the compiler lowered and priced it.
  public var program: KernelProgram {
    KernelProgram(
      entries: kernels.map {
        KernelProgram.Entry(
          kernel: $0.kernel, nodes: $0.nodes, tensors: $0.tensors, dependencies: $0.dependencies, cost: $0.cost)
      })
  }
}

/// One kernel of a schedule: what it runs, what it costs, where its tensors live.
public struct ScheduledKernel: Codable, Hashable, Sendable {
  public var name: String
  /// Names of the graph nodes the kernel runs, in order.
  public var nodes: [String]
  /// Their op names (the textual IR's), in order.
  public var ops: [String]
  /// The compute unit that runs it (`host` off the accelerator, `none` for a relabelling).
  public var unit: String
  /// The element type the kernel computes in (`int8`, `fp32`, …).
  public var dtype: String
  /// The contraction's tiling, `nil` for the default heuristic (or no contraction).
  public var tile: Tile?
  public var cycles: Double
  public var computeCycles: Double
  public var overheadCycles: Double
  public var bound: Limiter
  public var utilization: Double
  public var dramBytes: Int
  public var macs: Int
  public var startCycle: Double
  public var endCycle: Double
  public var buffers: [Buffer]
  public var transfers: [Transfer]
  /// Indices of earlier kernels whose outputs this kernel reads, ascending.
  public var dependencies: [Int]
  /// The kernel as the cost model sees it (its work, bytes, fused stages, tile, layout).
  public var kernel: Kernel
  /// The tensors crossing its boundary (what its buffers and transfers are made for).
  public var tensors: [BoundaryTensor]
  /// Its cost breakdown on the target (what `cycles`, `bound` and the rest are made of).
  public var cost: KernelCost

  public init(
    name: String, nodes: [String], ops: [String], unit: String, dtype: String, tile: Tile?, cycles: Double,
    computeCycles: Double, overheadCycles: Double, bound: Limiter, utilization: Double, dramBytes: Int, macs: Int,
    startCycle: Double, buffers: [Buffer], transfers: [Transfer], dependencies: [Int], kernel: Kernel,
    tensors: [BoundaryTensor], cost: KernelCost
  ) {
    self.name = name
    self.nodes = nodes
    self.ops = ops
    self.unit = unit
    self.dtype = dtype
    self.tile = tile
    self.cycles = cycles
    self.computeCycles = computeCycles
    self.overheadCycles = overheadCycles
    self.bound = bound
    self.utilization = utilization
    self.dramBytes = dramBytes
    self.macs = macs
    self.startCycle = startCycle
    self.endCycle = startCycle + cycles
    self.buffers = buffers
    self.transfers = transfers
    self.dependencies = dependencies
    self.kernel = kernel
    self.tensors = tensors
    self.cost = cost
  }

  enum CodingKeys: String, CodingKey {
    case name, nodes, ops, unit, dtype, tile, cycles, bound, utilization, macs, buffers, transfers, dependencies
    case kernel, tensors, cost
    case computeCycles = "compute_cycles"
    case overheadCycles = "overhead_cycles"
    case dramBytes = "dram_bytes"
    case startCycle = "start_cycle"
    case endCycle = "end_cycle"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    nodes = try c.decode([String].self, forKey: .nodes)
    ops = try c.decode([String].self, forKey: .ops)
    unit = try c.decode(String.self, forKey: .unit)
    dtype = try c.decode(String.self, forKey: .dtype)
    tile = try c.decodeIfPresent(Tile.self, forKey: .tile)
    cycles = try c.decode(Double.self, forKey: .cycles)
    computeCycles = try c.decode(Double.self, forKey: .computeCycles)
    overheadCycles = try c.decode(Double.self, forKey: .overheadCycles)
    bound = try c.decode(Limiter.self, forKey: .bound)
    utilization = try c.decode(Double.self, forKey: .utilization)
    dramBytes = try c.decode(Int.self, forKey: .dramBytes)
    macs = try c.decode(Int.self, forKey: .macs)
    startCycle = try c.decode(Double.self, forKey: .startCycle)
    endCycle = try c.decode(Double.self, forKey: .endCycle)
    buffers = try c.decode([Buffer].self, forKey: .buffers)
    transfers = try c.decode([Transfer].self, forKey: .transfers)
    dependencies = try c.decode([Int].self, forKey: .dependencies)
    kernel = try c.decode(Kernel.self, forKey: .kernel)
    tensors = try c.decode([BoundaryTensor].self, forKey: .tensors)
    cost = try c.decode(KernelCost.self, forKey: .cost)
  }

  /// Writes every key, `tile` as `null` when undecided: unspecified is not absent.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(nodes, forKey: .nodes)
    try c.encode(ops, forKey: .ops)
    try c.encode(unit, forKey: .unit)
    try c.encode(dtype, forKey: .dtype)
    try c.encode(tile, forKey: .tile)
    try c.encode(cycles, forKey: .cycles)
    try c.encode(computeCycles, forKey: .computeCycles)
    try c.encode(overheadCycles, forKey: .overheadCycles)
    try c.encode(bound, forKey: .bound)
    try c.encode(utilization, forKey: .utilization)
    try c.encode(dramBytes, forKey: .dramBytes)
    try c.encode(macs, forKey: .macs)
    try c.encode(startCycle, forKey: .startCycle)
    try c.encode(endCycle, forKey: .endCycle)
    try c.encode(buffers, forKey: .buffers)
    try c.encode(transfers, forKey: .transfers)
    try c.encode(dependencies, forKey: .dependencies)
    try c.encode(kernel, forKey: .kernel)
    try c.encode(tensors, forKey: .tensors)
    try c.encode(cost, forKey: .cost)
  }
}

/// Where a tensor of a kernel lives on chip while the kernel runs.
///
/// Offsets are relative to the start of the level; in a double-buffered level they address
/// the first half, and the prefetch copy sits at the same offset in the second half.
public struct Buffer: Codable, Hashable, Sendable {
  public var tensor: String
  public var role: TensorRole
  /// The on-chip memory level's name.
  public var level: String
  public var offsetBytes: Int
  public var sizeBytes: Int
  /// The whole tensor's size; larger than `sizeBytes` when the tensor is streamed.
  public var tensorBytes: Int
  /// The tensor does not fit and passes through the buffer a tile at a time.
  public var streamed: Bool

  public init(
    tensor: String, role: TensorRole, level: String, offsetBytes: Int, sizeBytes: Int, tensorBytes: Int,
    streamed: Bool
  ) {
    self.tensor = tensor
    self.role = role
    self.level = level
    self.offsetBytes = offsetBytes
    self.sizeBytes = sizeBytes
    self.tensorBytes = tensorBytes
    self.streamed = streamed
  }

  /// One past the last byte the buffer occupies (saturating: decoded schedules may be hostile).
  public var endOffsetBytes: Int { saturatingAdd(offsetBytes, sizeBytes) }

  enum CodingKeys: String, CodingKey {
    case tensor, role, level, streamed
    case offsetBytes = "offset_bytes"
    case sizeBytes = "size_bytes"
    case tensorBytes = "tensor_bytes"
  }
}

/// One DMA transfer between DRAM and the chip.
public struct Transfer: Codable, Hashable, Sendable {
  public enum Direction: String, Codable, Hashable, Sendable { case load, store }

  public var direction: Direction
  public var tensor: String
  /// Source and destination: memory level names, or the compute unit's name when the unit
  /// reads or writes DRAM without an on-chip buffer (the host, NVDLA's output path).
  public var from: String
  public var to: String
  public var bytes: Int

  public init(direction: Direction, tensor: String, from: String, to: String, bytes: Int) {
    self.direction = direction
    self.tensor = tensor
    self.from = from
    self.to = to
    self.bytes = bytes
  }
}
