import HardwareModel
import Scheduler

/// What the simulator measured: end-to-end and per-kernel cycles, per-unit busy time, and how
/// much of the stream it simulated versus how much extrapolation stood for.
public struct SimulationResult: Sendable {
  public var target: String
  public var clockMHz: Double
  public var totalCycles: Double
  public var kernels: [KernelTiming]
  /// Per unit (`mesh`, `dma.load`, …), sorted by name.
  public var units: [UnitTiming]
  /// Events the event loop processed.
  public var events: Int
  /// Commands issued and executed one by one.
  public var simulatedCommands: Int
  /// Commands the stream holds: simulated plus those of extrapolated iterations.
  public var representedCommands: Int
  /// Spans of loop iterations that were extrapolated instead of simulated.
  public var extrapolated: [ExtrapolatedSpan]
  /// Every simulated command's timing, when `SimulationOptions.recordCommands` is set.
  public var records: [CommandRecord]
  /// DRAM bytes the simulated and extrapolated transfers moved.
  public var dramBytes: Int
  /// Cycles per bin of every unit's `utilizationOverTime`.
  public var timelineBinCycles = 1.0

  public var latencyMs: Double { clockMHz > 0 ? totalCycles / (clockMHz * 1000) : 0 }
}

public struct KernelTiming: Hashable, Sendable {
  public var index: Int
  public var name: String
  /// When its first command started and its last one finished.
  public var startCycle: Double
  public var endCycle: Double
  /// This kernel's end minus the previous kernel's end: the kernels' shares of the total.
  public var cycles: Double
  public var simulatedCommands: Int
  public var representedCommands: Int
}

public struct UnitTiming: Hashable, Sendable {
  public var name: String
  public var busyCycles: Double
  public var commands: Int
  /// Busy fraction per `SimulationResult.timelineBinCycles` from cycle 0 (extrapolated spans
  /// spread evenly over their cycles).
  public var utilizationOverTime: [Double] = []
}

public struct ExtrapolatedSpan: Hashable, Sendable {
  public var kernel: Int
  /// The loop (`tile.m`, `fold.k`, `chunk`).
  public var loop: String
  public var iterations: Int
  public var commands: Int
  public var startCycle: Double
  public var cyclesPerIteration: Double
  public var endCycle: Double { startCycle + Double(iterations) * cyclesPerIteration }
}

/// One simulated command: when it was issued into its queue, started and finished.
public struct CommandRecord: Hashable, Sendable {
  public var kernel: Int
  public var kind: Command.Kind
  public var mnemonic: String
  public var queue: String
  public var unit: String
  public var bytes: Int
  public var issueCycle: Double
  public var startCycle: Double
  public var endCycle: Double
}

public struct SimulationOptions: Sendable {
  /// Skip the middle iterations of loops whose per-iteration cycle increment is steady.
  public var extrapolate: Bool
  /// Keep every simulated command's timing (for a trace).
  public var recordCommands: Bool
  /// Consecutive equal increments that make a loop steady.
  public var stableIncrements: Int

  /// Commands a stream simulated without extrapolation may expand to (by default 10^8, about
  /// a minute of simulation on one core); larger streams are refused before any is simulated.
  public var maximumExpandedCommands = 100_000_000

  /// Called every 65,536 simulated commands with (commands represented so far, the stream's
  /// commands without extrapolation: 0 when it is on); `--no-extrapolate` draws a progress line.
  public var progress: (@Sendable (Int, Int) -> Void)?

  /// Keep each unit's busy time over the run (`UnitTiming.utilizationOverTime`); exploration,
  /// which reads only totals, turns it off.
  public var recordTimeline = true

  public init(extrapolate: Bool = true, recordCommands: Bool = false, stableIncrements: Int = 2) {
    self.extrapolate = extrapolate
    self.recordCommands = recordCommands
    self.stableIncrements = max(stableIncrements, 1)
  }
}
