import Foundation
import GraphIR
import Interpreter
import ONNXImport
import Scheduler
import Simulator

/// Where a simulation's long outputs go (files the caller opened; closed when written).
public struct SimulationOutputs {
  /// The command stream as JSON lines (`--emit-commands`).
  public var commands: OutputFile?
  /// A Chrome trace of the simulation (`--trace`).
  public var trace: OutputFile?
  /// With the simulate tier, also explain the analytical-vs-simulated gap by cause (`--html`).
  public var explainGap = false
  /// Progress of a long simulation (see `SimulationOptions.progress`).
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(commands: OutputFile? = nil, trace: OutputFile? = nil) {
    self.commands = commands
    self.trace = trace
  }
}

extension Session {
  /// Emits the command stream when a tier or an output needs it, writes it, simulates it;
  /// with `simulate` among `tiers` the report gains the simulation. - Returns: one note per
  /// output written.
  public func simulate(
    _ result: inout CompileResult, tiers: [TimingTier], extrapolate: Bool, outputs: SimulationOutputs = .init()
  ) throws(CompileError) -> [String] {
    let simulated = tiers.contains(.simulate)
    guard simulated || outputs.commands != nil || outputs.trace != nil else { return [] }
    let stream = try Compilation.commandStream(result)
    var notes: [String] = []
    if let file = outputs.commands {
      let count = try CommandLines.write(stream, to: file.write)
      try file.close()
      notes.append("wrote \(count) commands of \(stream.kernels.count) kernels to \(file.path)")
    }
    guard simulated || outputs.trace != nil else { return notes }
    var copy = result
    var options = SimulationOptions(extrapolate: extrapolate, recordCommands: outputs.trace != nil)
    options.progress = outputs.progress
    let simulation = try Compilation.simulate(
      &copy.report, stream: stream, on: result.accelerator, options: options,
      explainGap: simulated && outputs.explainGap)
    if simulated { result = copy }
    if let file = outputs.trace { notes.append(try Self.writeTrace(simulation, file)) }
    return notes
  }

  /// Simulates every configuration's schedule (`compare --timing`): with both tiers, also
  /// explains each kernel's analytical-vs-simulated gap.
  public func simulateForComparison(
    _ result: inout CompileResult, tiers: [TimingTier], extrapolate: Bool, configuration: Int, top: Int
  ) throws(CompileError) -> TierGapReport? {
    guard tiers.contains(.simulate) else { return nil }
    let stream = try Compilation.commandStream(result)
    let options = SimulationOptions(extrapolate: extrapolate)
    guard tiers.count > 1 else {
      try Compilation.simulate(&result, stream: stream, options: options)
      return nil
    }
    return try Compilation.explainGap(
      &result, stream: stream, options: options, configuration: configuration, top: top)
  }

  /// Simulates a saved schedule (`compile --out`) on its target, or on the variant
  /// `overrides` make of it. - Returns: the report and one note per output written.
  public static func simulateSaved(
    _ path: String, overrides: [String], extrapolate: Bool, trace: OutputFile?, explainGap: Bool = false,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws(CompileError) -> (report: CompileReport, notes: [String]) {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw CompileError("\(path): cannot read the file (\(error.localizedDescription))")
    }
    let saved = try SavedSchedule(text, file: path, overrides: overrides)
    var report = saved.report
    var options = SimulationOptions(extrapolate: extrapolate, recordCommands: trace != nil)
    options.progress = progress
    let simulation = try Compilation.simulate(
      &report, stream: try saved.commandStream(), on: saved.accelerator, options: options, explainGap: explainGap)
    guard let trace else { return (report, []) }
    return (report, [try writeTrace(simulation, trace)])
  }

  private static func writeTrace(_ simulation: SimulationResult, _ file: OutputFile) throws(CompileError) -> String {
    let events = try ChromeTrace.write(simulation, to: file.write)
    try file.close()
    return "wrote \(events) trace events (\(simulation.records.count) simulated commands) to \(file.path)"
  }

  /// Runs the original and the compiled graph on the reference interpreter and compares
  /// them: inputs from `directory` (input_N.pb / .npy), else seeded random ones.
  public static func numerics(
    original: ImportedModel, compiled: CompileResult, inputs directory: String?, seed: UInt64
  ) throws(CompileError) -> NumericsReport {
    let graph = original.graph
    do { try Interpreter.checkSize(graph) } catch { throw CompileError("--verify-numerics: \(error)") }
    var feed = RandomInputs.make(for: graph, seed: seed)
    var source = "seeded random inputs (seed \(seed))"
    if let directory {
      let names = graph.inputs.map { graph[$0].name }
      do { feed = try ModelRun.loadInputs([], directory: directory, graphInputs: names).mapValues(NDArray.init) } catch
      {
        throw CompileError("--inputs \(error)")
      }
      source = directory
    }
    do {
      return try NumericsReport.measure(original: graph, compiled: compiled.graph, inputs: feed, source: source)
    } catch { throw CompileError("--verify-numerics: \(error)") }
  }
}
