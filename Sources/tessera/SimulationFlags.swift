import ArgumentParser
import Compiler
import Foundation

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

  /// A progress line for a simulation without extrapolation (long: every command runs).
  static func progressLine(noExtrapolate: Bool) -> ProgressLine? {
    noExtrapolate ? ProgressLine(label: "simulate", unit: "commands") : nil
  }

  func tiers() throws -> [TimingTier] {
    do { return try TimingTier.parseList(timing) } catch { throw UserError("--timing: \(error.description)") }
  }
}

/// A line on stderr (progress the report on stdout must not contain).
func note(_ text: String, terminator: String = "\n") {
  FileHandle.standardError.write(Data((text + terminator).utf8))
}
