/// How the event-driven simulator models a target beyond what the analytical tier needs: the
/// command vocabulary (`family`), queue depths, DMA engines and fixed latencies.
///
/// Read from the optional `simulator:` section of a target file; every field has a default,
/// so a target without the section simulates as a generic systolic (or NVDLA-style) machine.
public struct SimulationSettings: Hashable, Sendable {
  /// Which accelerator's commands the scheduler emits.
  public enum Family: String, CaseIterable, Hashable, Sendable {
    case gemmini, nvdla, systolic, tpu, eyeriss, plasticine, ultratrail
  }

  /// `nil`: chosen from the compute units (MAC cells: nvdla; otherwise systolic).
  public var family: Family?
  /// Commands a queue holds before the front end stalls issuing into it.
  public var loadQueueDepth: Int
  public var executeQueueDepth: Int
  public var storeQueueDepth: Int
  /// Bytes per DMA request and requests one DMA engine keeps in flight: with the DRAM
  /// latency they cap an engine's bandwidth at requests × bytes ÷ latency (Little's law).
  public var dmaRequestBytes: Int
  public var dmaOutstandingRequests: Int
  /// Cycles from the last operand entering the compute unit to its result being readable
  /// (pipeline fill and drain between dependent commands).
  public var computeLatencyCycles: Int
  /// NVDLA-style layer control: register groups programmed ahead (ping-pong = 2) and the
  /// cycles the controlling CPU spends per completion interrupt.
  public var registerGroups: Int
  public var interruptCycles: Int

  public init(
    family: Family? = nil, loadQueueDepth: Int = 8, executeQueueDepth: Int = 8, storeQueueDepth: Int = 8,
    dmaRequestBytes: Int = 64, dmaOutstandingRequests: Int = 16, computeLatencyCycles: Int = 0,
    registerGroups: Int = 2, interruptCycles: Int = 0
  ) {
    self.family = family
    self.loadQueueDepth = loadQueueDepth
    self.executeQueueDepth = executeQueueDepth
    self.storeQueueDepth = storeQueueDepth
    self.dmaRequestBytes = dmaRequestBytes
    self.dmaOutstandingRequests = dmaOutstandingRequests
    self.computeLatencyCycles = computeLatencyCycles
    self.registerGroups = registerGroups
    self.interruptCycles = interruptCycles
  }
}

extension Accelerator {
  /// The command family the scheduler emits for this target.
  public var simulationFamily: SimulationSettings.Family {
    if let family = simulation.family { return family }
    let hasMACCells = computeUnits.contains { if case .macCells = $0.kind { true } else { false } }
    return hasMACCells ? .nvdla : .systolic
  }
}
