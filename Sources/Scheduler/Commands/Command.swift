import GraphIR

/// One command the accelerator receives: a DMA transfer, a compute step, a configuration
/// write or a synchronization, in the vocabulary of the target's family (`mvin`, `preload`,
/// `compute_preloaded`, `mvout` on Gemmini; `program`, `cdma_read`, `cmac`, `interrupt` on
/// NVDLA; …).
///
/// Commands name what they read and write on chip (`Region`s), so the simulator derives the
/// read-after-write and write-after-read dependencies a decoupled machine must respect.
public struct Command: Hashable, Sendable {
  public enum Kind: String, CaseIterable, Hashable, Sendable {
    /// A configuration write executed by the controller (Gemmini's config_*, a layer setup).
    case config
    /// DRAM → on-chip (`bytes` moved by a DMA engine).
    case load
    /// On-chip → DRAM.
    case store
    /// Work on the MAC array: `cycles` of occupancy.
    case compute
    /// Work on a vector unit (activation, pooling, elementwise): `cycles` of occupancy.
    case vector
    /// Work on the host CPU or its link: `cycles` of occupancy.
    case host
    /// Waits until every command issued before it has completed (Gemmini's fence).
    case fence
    /// Programs a register group for the next hardware layer; may run while the previous
    /// layer executes (NVDLA's ping-pong register groups).
    case program
    /// The completion interrupt the controlling CPU services after a layer; the next layer
    /// does not wait for it.
    case interrupt
  }

  public var kind: Kind
  /// The hardware's name for it (`mvin`, `compute_preloaded`, `cdma_read`).
  public var mnemonic: String
  /// The queue it is issued into (`load`, `execute`, `store`, `csb`).
  public var queue: String
  /// The engine that executes it (`dma.load`, `mesh`, `sdp`, `host`).
  public var unit: String
  /// Bytes a load or store moves (0 otherwise).
  public var bytes: Int
  /// Occupancy of the unit in cycles for compute, vector, host, config, program and
  /// interrupt commands (DMA time is the simulator's: bytes, bandwidth, latency).
  public var cycles: Double
  public var reads: [Region]
  public var writes: [Region]
  /// The tensor a transfer moves (empty otherwise).
  public var tensor: String
  /// Its writes add into the regions (an accumulator): a later accumulating write to the same
  /// region does not wait for this one (the accumulator adds in arrival order).
  public var accumulates: Bool
  /// A transfer moved as rows of this many bytes, one DMA request each (Gemmini's DMA issues
  /// a request per scratchpad row, however narrow); 0: full-size requests.
  public var requestBytes: Int

  public init(
    _ kind: Kind, _ mnemonic: String, queue: String, unit: String, bytes: Int = 0, cycles: Double = 0,
    reads: [Region] = [], writes: [Region] = [], tensor: String = "", accumulates: Bool = false,
    requestBytes: Int = 0
  ) {
    self.accumulates = accumulates
    self.requestBytes = requestBytes
    self.kind = kind
    self.mnemonic = mnemonic
    self.queue = queue
    self.unit = unit
    self.bytes = bytes
    self.cycles = cycles
    self.reads = reads
    self.writes = writes
    self.tensor = tensor
  }
}

/// A range of an on-chip memory level (or a register group) a command reads or writes.
///
/// The scheduler cuts each level into fixed blocks and always names a block the same way, so
/// two regions conflict exactly when they are equal.
public struct Region: Hashable, Sendable, CustomStringConvertible {
  public var level: String
  public var offsetBytes: Int
  public var sizeBytes: Int

  public init(level: String, offsetBytes: Int, sizeBytes: Int) {
    self.level = level
    self.offsetBytes = offsetBytes
    self.sizeBytes = sizeBytes
  }

  public var description: String { "\(level)[\(offsetBytes)+\(sizeBytes)]" }
}

/// A loop of the command stream: its name (`repeat`, `tile.m`, `fold.k`) and trip count.
public struct LoopLevel: Hashable, Sendable {
  public var name: String
  public var trips: Int

  public init(name: String, trips: Int) {
    self.name = name
    self.trips = trips
  }
}

/// The body of a kernel's loop nest: the commands of one iteration, a pure function of the
/// iteration's position (one index per level, outermost first). Being pure is what lets the
/// simulator skip iterations (steady-state extrapolation) and the writer list any of them.
///
/// A level's trip count may depend on the outer indices (the folds of a partial edge tile):
/// `trips(position, level)`; `levels` holds each level's largest.
public struct CommandLoop: Sendable {
  public var levels: [LoopLevel]
  public let body: @Sendable ([Int]) -> [Command]
  private let tripsAt: @Sendable ([Int], Int) -> Int

  /// - Parameters:
  ///   - levels: every level, outermost first.
  ///   - tripsAt: the trip count of a level given the position, when it varies; `nil`: the
  ///     level's own.
  public init(
    levels: [LoopLevel], tripsAt: (@Sendable ([Int], Int) -> Int)? = nil,
    body: @escaping @Sendable ([Int]) -> [Command]
  ) {
    self.levels = levels
    self.body = body
    let staticTrips = levels.map(\.trips)
    if let tripsAt {
      self.tripsAt = { position, level in min(tripsAt(position, level), staticTrips[level]) }
    } else {
      self.tripsAt = { _, level in staticTrips[level] }
    }
  }

  /// The trip count of `level` at `position` (its outer indices decide it).
  public func trips(_ position: [Int], _ level: Int) -> Int { tripsAt(position, level) }

  /// Iterations of the whole nest (saturating).
  public var iterations: Int {
    var count = 0
    forEachPosition { _ in count = saturatingAdd(count, 1) }
    return count
  }

  /// Moves `position` to the next iteration; false past the last.
  public func advance(_ position: inout [Int]) -> Bool {
    var level = levels.count - 1
    while level >= 0 {
      position[level] += 1
      if position[level] < trips(position, level) { return true }
      position[level] = 0
      level -= 1
    }
    return false
  }

  /// Every position in execution order (the innermost level fastest).
  public func forEachPosition<E: Error>(_ visit: ([Int]) throws(E) -> Void) throws(E) {
    var position = Array(repeating: 0, count: levels.count)
    guard levels.indices.allSatisfy({ trips(position, $0) > 0 }) else { return }
    repeat { try visit(position) } while advance(&position)
  }
}

/// The commands of one kernel: set-up, the loop nest, wind-down.
public struct CommandProgram: Sendable {
  /// The kernel's index in the schedule.
  public var kernel: Int
  public var name: String
  public var prologue: [Command]
  public var loop: CommandLoop?
  public var epilogue: [Command]
  /// Equal for two kernels whose programs are the same apart from tensor names (the
  /// simulator times such a kernel once when it starts on an idle machine); empty: unknown.
  public var shape: String

  public init(
    kernel: Int, name: String, prologue: [Command], loop: CommandLoop?, epilogue: [Command], shape: String = ""
  ) {
    self.kernel = kernel
    self.name = name
    self.prologue = prologue
    self.loop = loop
    self.epilogue = epilogue
    self.shape = shape
  }

  /// Commands the program stands for, loop iterations expanded (saturating).
  public var commandCount: Int {
    var count = prologue.count + epilogue.count
    if let loop { loop.forEachPosition { count = saturatingAdd(count, loop.body($0).count) } }
    return count
  }
}

/// A compiled model's whole command stream on one target.
public struct CommandStream: Sendable {
  public var target: String
  public var family: String
  public var clockMHz: Double
  public var kernels: [CommandProgram]
  /// How many commands each queue holds before issue stalls (looked up, never iterated).
  public var queueDepths: [String: Int]

  public init(
    target: String, family: String, clockMHz: Double, kernels: [CommandProgram], queueDepths: [String: Int]
  ) {
    self.target = target
    self.family = family
    self.clockMHz = clockMHz
    self.kernels = kernels
    self.queueDepths = queueDepths
  }
}
