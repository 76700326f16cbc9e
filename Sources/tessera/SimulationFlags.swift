import ArgumentParser
import Compiler
import Foundation
import HardwareModel
import Scheduler
import Simulator

/// `--timing` and `--no-extrapolate`, shared by `compile` and `compare`.
struct SimulationFlags: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Timing tier of the final schedule: analytical or simulate (compare: a comma list, e.g. analytical,simulate).",
      discussion: """
        analytical prices kernels with the closed-form model; simulate also runs the final \
        schedule's command stream on the event-driven simulator (queues, dependencies, DMA \
        latency and bandwidth, contention, pipeline fill, issue overhead). Passes are always \
        priced analytically.
        """, valueName: "tiers"))
  var timing = "analytical"

  @Flag(help: "Simulate every loop iteration instead of extrapolating loops once their iterations are steady.")
  var noExtrapolate = false

  func tiers() throws -> [TimingTier] {
    do { return try TimingTier.parseList(timing) } catch { throw UserError("--timing: \(error.description)") }
  }

  func options(recordCommands: Bool = false) -> SimulationOptions {
    SimulationOptions(extrapolate: !noExtrapolate, recordCommands: recordCommands)
  }
}

extension Compile {
  /// `--timing simulate`, `--emit-commands` and `--trace`: emits the command stream when one
  /// of them needs it, writes it, simulates it.
  func simulate(
    _ result: inout CompileResult, accelerator: Accelerator, tiers: [TimingTier], commandsFile: OutputFile?,
    traceFile: OutputFile?
  ) throws {
    let simulated = tiers.contains(.simulate)
    guard simulated || commandsFile != nil || traceFile != nil else { return }
    let stream: CommandStream
    do { stream = try Compilation.commandStream(result, on: accelerator) } catch {
      throw UserError("\(model): \(error.description)")
    }
    if let commandsFile {
      let count = try CommandLines.write(stream) { try commandsFile.write($0) }
      try commandsFile.close()
      note("wrote \(count) commands of \(stream.kernels.count) kernels to \(commandsFile.path)")
    }
    guard simulated || traceFile != nil else { return }
    let options = simulation.options(recordCommands: traceFile != nil)
    let simulationResult: SimulationResult
    do {
      var copy = result
      simulationResult = try Compilation.simulate(&copy, stream: stream, on: accelerator, options: options)
      if simulated { result = copy }
    } catch { throw UserError("\(model): \(error.description)") }
    if let traceFile {
      let events = try ChromeTrace.write(simulationResult) { try traceFile.write($0) }
      try traceFile.close()
      note(
        "wrote \(events) trace events (\(simulationResult.records.count) simulated commands) to \(traceFile.path)")
    }
  }
}

/// A line on stderr (progress the report on stdout must not contain).
func note(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
