import Scheduler

/// Why the simulated cycles of a kernel differ from the analytical ones, by ablation: the
/// stream is simulated again with one modelled effect removed at a time (`Cause`), and each
/// kernel's gap is attributed to the causes by the cycles their removal saves.
///
/// Effects interact (removing DRAM latency also removes the request cap's limit, which is
/// requests over latency), so the savings need not add up to the gap; `residual` is what
/// none of them explains alone, and `unexplainedCycles` what remains with all of them
/// removed at once (queue, dependency and kernel-order serialization the analytical tier
/// does not see, or its own overlaps the commands cannot reproduce).
public enum GapAttribution {
  public enum Cause: String, CaseIterable, Sendable, Codable {
    case dramLatency = "dram_latency"
    case issueOverhead = "issue_overhead"
    case pipelineLatency = "pipeline_fill"
    case dmaRequests = "dma_request_cap"
    case channelContention = "load_store_contention"
    case onChipPorts = "on_chip_ports"
    case interrupts = "layer_interrupts"

    /// How a report names it.
    public var words: String {
      switch self {
      case .dramLatency: "DRAM latency"
      case .issueOverhead: "issue overhead"
      case .pipelineLatency: "pipeline fill"
      case .dmaRequests: "DMA request cap"
      case .channelContention: "load/store contention"
      case .onChipPorts: "on-chip ports"
      case .interrupts: "layer interrupts"
      }
    }

    /// `parameters` without this effect.
    public func removed(from parameters: SimulatorParameters) -> SimulatorParameters {
      var p = parameters
      switch self {
      case .dramLatency: p.dramLatencyCycles = 0
      case .issueOverhead: p.issueCycles = 0
      case .pipelineLatency: p.computeLatencyCycles = 0
      case .dmaRequests: p.dmaOutstandingRequests = 1e15
      case .channelContention: p.dramSharedChannel = false
      case .onChipPorts: p.levelBytesPerCycle = [:]
      case .interrupts: p.chargeInterrupts = false
      }
      return p
    }

    /// Whether removing it can change anything on this machine.
    func matters(_ parameters: SimulatorParameters) -> Bool { removed(from: parameters) != parameters }
  }

  public struct Share: Hashable, Sendable {
    public var cause: Cause
    /// Cycles the kernel takes less without this effect (negative: it takes more).
    public var savedCycles: Double
    /// `savedCycles` over the kernel's gap (0 when there is no gap).
    public var fraction: Double
  }

  public struct KernelGap: Hashable, Sendable {
    public var index: Int
    public var name: String
    public var analyticalCycles: Double
    public var simulatedCycles: Double
    /// Simulated minus analytical.
    public var gapCycles: Double { simulatedCycles - analyticalCycles }
    /// Causes by cycles saved, largest first (ties in `Cause` order).
    public var shares: [Share]
    /// The gap minus the cycles the causes save one by one.
    public var residualCycles: Double
    /// Simulated cycles with every cause removed, minus analytical.
    public var unexplainedCycles: Double

    /// "DRAM latency 41 %, pipeline fill 12 %" — the causes that save at least `minimum` of
    /// the gap, at most `top` of them.
    public func summary(top: Int = 3, minimum: Double = 0.05) -> String {
      guard gapCycles != 0 else { return "no gap" }
      let named = shares.filter { $0.fraction >= minimum }.prefix(top)
      guard !named.isEmpty else { return "no single cause (interactions, ordering)" }
      return named.map { "\($0.cause.words) \(Int(($0.fraction * 100).rounded())) %" }.joined(separator: ", ")
    }
  }

  public struct Result: Sendable {
    public var baseline: SimulationResult
    /// Every cause that matters on this machine, with the simulation without it.
    public var ablations: [(cause: Cause, result: SimulationResult)]
    public var withoutAll: SimulationResult
    public var kernels: [KernelGap]
  }

  /// Simulates `stream` with `parameters`, then once per cause with that cause removed and
  /// once with all removed, and attributes each kernel's gap against `analyticalCycles`
  /// (per kernel, in stream order; missing entries count as 0).
  public static func attribute(
    _ stream: CommandStream, parameters: SimulatorParameters, analyticalCycles: [Double],
    options: SimulationOptions = SimulationOptions()
  ) throws(SimulationError) -> Result {
    // The baseline records commands (a trace) and reports progress when asked; the ablations do neither.
    let baseline = try Simulator.simulate(stream, parameters: parameters, options: options)
    var options = options
    options.recordCommands = false
    options.progress = nil
    var ablations: [(cause: Cause, result: SimulationResult)] = []
    var all = parameters
    let interrupts = stream.kernels.contains { program in program.epilogue.contains { $0.kind == .interrupt } }
    for cause in Cause.allCases where cause.matters(parameters) && (cause != .interrupts || interrupts) {
      ablations.append(
        (cause, try Simulator.simulate(stream, parameters: cause.removed(from: parameters), options: options)))
      all = cause.removed(from: all)
    }
    let withoutAll = try Simulator.simulate(stream, parameters: all, options: options)
    let kernels = baseline.kernels.enumerated().map { offset, kernel in
      let analytical = offset < analyticalCycles.count ? analyticalCycles[offset] : 0
      let gap = kernel.cycles - analytical
      var shares = ablations.enumerated().map { rank, ablation in
        let saved =
          kernel.cycles - (offset < ablation.result.kernels.count ? ablation.result.kernels[offset].cycles : 0)
        return (rank, Share(cause: ablation.cause, savedCycles: saved, fraction: gap != 0 ? saved / gap : 0))
      }
      shares.sort { $0.1.savedCycles != $1.1.savedCycles ? $0.1.savedCycles > $1.1.savedCycles : $0.0 < $1.0 }
      let saved = shares.reduce(0) { $0 + max($1.1.savedCycles, 0) }
      let rest = offset < withoutAll.kernels.count ? withoutAll.kernels[offset].cycles : 0
      return KernelGap(
        index: kernel.index, name: kernel.name, analyticalCycles: analytical, simulatedCycles: kernel.cycles,
        shares: shares.map(\.1), residualCycles: gap - saved, unexplainedCycles: rest - analytical)
    }
    return Result(baseline: baseline, ablations: ablations, withoutAll: withoutAll, kernels: kernels)
  }
}
