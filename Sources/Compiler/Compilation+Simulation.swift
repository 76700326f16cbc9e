import HardwareModel
import Scheduler
import Simulator

/// A timing tier: the analytical model, or the event-driven simulation of the command stream.
public enum TimingTier: String, CaseIterable, Sendable, Codable {
  case analytical
  case simulate

  /// `analytical`, `simulate` or a comma list of them (each once, in the order given).
  public static func parseList(_ text: String) throws(CompileError) -> [TimingTier] {
    var tiers: [TimingTier] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let name = part.trimmingCharacters(in: .whitespaces)
      guard let tier = TimingTier(rawValue: name) else {
        let valid = allCases.map(\.rawValue).joined(separator: ", ")
        throw CompileError("unknown timing tier '\(name)' (valid: \(valid), or a comma list of them)")
      }
      if !tiers.contains(tier) { tiers.append(tier) }
    }
    return tiers
  }
}

extension Compilation {
  /// The command stream of a compilation on its target.
  public static func commandStream(_ result: CompileResult) throws(CompileError) -> CommandStream {
    do {
      return try CommandEmitter.stream(result.program, schedule: result.schedule, accelerator: result.accelerator)
    } catch {
      throw CompileError("emitting commands failed: \(error)")
    }
  }

  /// Simulates the compiled schedule's command stream and puts the simulation into the
  /// report (`timing` becomes `simulate`; the passes stay priced analytically).
  @discardableResult
  public static func simulate(
    _ result: inout CompileResult, stream: CommandStream, options: SimulationOptions = SimulationOptions()
  ) throws(CompileError) -> SimulationResult {
    try simulate(&result.report, stream: stream, on: result.accelerator, options: options)
  }

  /// Simulates the stream and attaches the simulation to `report`; with `explainGap`, by the
  /// ablation of `explainGap(_:stream:on:)`, whose gap by cause goes to `report.tierGap`.
  @discardableResult
  public static func simulate(
    _ report: inout CompileReport, stream: CommandStream, on accelerator: Accelerator,
    options: SimulationOptions = SimulationOptions(), explainGap: Bool = false
  ) throws(CompileError) -> SimulationResult {
    if explainGap {
      let explained = try Self.explainGap(&report, stream: stream, on: accelerator, options: options, top: 20)
      report.tierGap = explained.gap
      return explained.simulation
    }
    let simulation: SimulationResult
    do { simulation = try Simulator.simulate(stream, on: accelerator, options: options) } catch {
      throw CompileError("simulation failed: \(error)")
    }
    report.attach(simulation, extrapolate: options.extrapolate)
    return simulation
  }
}

extension CompileReport {
  /// Marks the report as simulated and records the simulation next to the analytical figures.
  public mutating func attach(_ simulation: SimulationResult, extrapolate: Bool) {
    timing = TimingTier.simulate.rawValue
    self.simulation = SimulationReport(simulation, analytical: kernels, extrapolate: extrapolate, areaMM2: areaMM2)
  }
}

extension Compilation {
  /// Simulates the stream, attaches the simulation to the report and explains each kernel's
  /// analytical-vs-simulated gap by ablation (`GapAttribution`).
  public static func explainGap(
    _ result: inout CompileResult, stream: CommandStream, options: SimulationOptions = SimulationOptions(),
    configuration: Int = 0, top: Int = 10
  ) throws(CompileError) -> TierGapReport {
    try explainGap(
      &result.report, stream: stream, on: result.accelerator, options: options, configuration: configuration, top: top
    ).gap
  }

  /// The same for a report and its target; also returns the baseline simulation.
  public static func explainGap(
    _ report: inout CompileReport, stream: CommandStream, on accelerator: Accelerator,
    options: SimulationOptions = SimulationOptions(), configuration: Int = 0, top: Int = 10
  ) throws(CompileError) -> (gap: TierGapReport, simulation: SimulationResult) {
    let attribution: GapAttribution.Result
    do {
      attribution = try GapAttribution.attribute(
        stream, parameters: SimulatorParameters(accelerator), analyticalCycles: report.kernels.map(\.cycles),
        options: options)
    } catch { throw CompileError("simulation failed: \(error)") }
    report.attach(attribution.baseline, extrapolate: options.extrapolate)
    return (TierGapReport(configuration: configuration, attribution, top: top), attribution.baseline)
  }
}
