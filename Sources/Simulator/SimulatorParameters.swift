import HardwareModel

/// The machine the simulator runs: rates and latencies from the target file, as plain
/// numbers a study can change (`unlimited()` for validation, or one at a time to attribute
/// a gap between the timing tiers to its cause).
public struct SimulatorParameters: Hashable, Sendable {
  /// Cycles the front end takes to issue one command.
  public var issueCycles: Double
  public var dramReadBytesPerCycle: Double
  public var dramWriteBytesPerCycle: Double
  /// Reads and writes share one channel (they contend).
  public var dramSharedChannel: Bool
  public var dramLatencyCycles: Double
  public var dmaRequestBytes: Double
  public var dmaOutstandingRequests: Double
  public var computeLatencyCycles: Double
  /// On-chip write bandwidth of each level a DMA fills (looked up, never iterated).
  public var levelBytesPerCycle: [String: Double]
  /// Whether NVDLA-style completion interrupts cost their cycles (`false`: free; the
  /// analytical tier has no such term).
  public var chargeInterrupts = true

  public init(_ accelerator: Accelerator) {
    let dram = accelerator.memoryLevels.first
    issueCycles = Double(accelerator.overheads.commandCycles)
    dramReadBytesPerCycle = dram?.readBytesPerCycle ?? .infinity
    dramWriteBytesPerCycle = dram?.writeBytesPerCycle ?? .infinity
    dramSharedChannel = dram?.sharedBandwidth ?? true
    dramLatencyCycles = Double(dram?.latencyCycles ?? 0)
    dmaRequestBytes = Double(accelerator.simulation.dmaRequestBytes)
    dmaOutstandingRequests = Double(accelerator.simulation.dmaOutstandingRequests)
    computeLatencyCycles = Double(accelerator.simulation.computeLatencyCycles)
    var levels: [String: Double] = [:]
    for level in accelerator.memoryLevels.dropFirst() { levels[level.name] = level.writeBytesPerCycle }
    levelBytesPerCycle = levels
  }

  /// Unlimited bandwidth everywhere and no latency or issue cost: what is left is compute and
  /// the fixed overheads, which the analytical tier computes the same way.
  public func unlimited() -> SimulatorParameters {
    var p = self
    p.issueCycles = 0
    p.dramReadBytesPerCycle = .infinity
    p.dramWriteBytesPerCycle = .infinity
    p.dramLatencyCycles = 0
    p.computeLatencyCycles = 0
    p.levelBytesPerCycle = [:]
    p.chargeInterrupts = false
    return p
  }

  /// The rate one DMA engine sustains into (or out of) `level`: the channel, the on-chip
  /// port, and requests in flight over the latency (Little's law), whichever is lowest.
  ///
  /// A transfer moved in rows of `requestBytes` (> 0) carries that much per request: a row
  /// narrower than a full request still takes a request slot for the whole latency.
  func engineBytesPerCycle(channel: Double, level: String?, requestBytes: Int = 0) -> Double {
    var rate = channel
    if let level, let port = levelBytesPerCycle[level] { rate = min(rate, port) }
    let perRequest = requestBytes > 0 ? min(Double(requestBytes), dmaRequestBytes) : dmaRequestBytes
    if dramLatencyCycles > 0 { rate = min(rate, dmaOutstandingRequests * perRequest / dramLatencyCycles) }
    return rate
  }
}
