import ArgumentParser
import Compiler
import Foundation
import HTMLReport

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Simulate a saved schedule (compile --out) on its target, or on a variant of it.",
    discussion: """
      A schedule file carries its kernel program (each kernel's work, bytes, tile, layout and \
      cost) and the target description it was compiled for, so no model is needed. Without \
      --set the saved schedule runs as it is: the cycles equal those of `compile --timing \
      simulate` to the last digit. With --set the target changes: every kernel is priced and \
      scheduled again on the variant (tiles and fusions stay as compiled), then simulated.

      Examples:
        tessera compile onnx-samples/resnet18.onnx --target gemmini \\
            --out resnet18.json
        tessera simulate resnet18.json
        tessera simulate resnet18.json --format json \\
            --set memory.dram.bandwidth_bytes_per_cycle=32
        tessera simulate resnet18.json --trace resnet18.trace.json
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

  @Argument(help: ArgumentHelp("A schedule file written by `tessera compile --out`.", valueName: "schedule.json"))
  var schedule: String

  @Option(name: .customLong("set"), help: "Override a target parameter, path=value (repeatable).")
  var overrides: [String] = []

  @Flag(help: "Simulate every loop iteration instead of extrapolating loops once their iterations are steady.")
  var noExtrapolate = false

  @Option(
    help: ArgumentHelp(
      "Also write a Chrome trace (open in Perfetto or chrome://tracing).", valueName: "file.json"))
  var trace: String?

  @Option(help: "Report format: text, json or csv.")
  var format: Format = .text

  @OptionGroup var htmlReport: HTMLOption

  func run() throws {
    let simulated: (report: CompileReport, notes: [String])
    let htmlFile = try htmlReport.open()
    let progress = SimulationFlags.progressLine(noExtrapolate: noExtrapolate)
    defer { progress?.finish() }
    do {
      let traceFile = try trace.map { try OutputFile($0, flag: "--trace") }
      simulated = try Session.simulateSaved(
        schedule, overrides: overrides, extrapolate: !noExtrapolate, trace: traceFile, explainGap: htmlFile != nil,
        progress: progress?.callback)
    } catch { throw UserError("\(error)") }
    simulated.notes.forEach { note($0) }
    let report = simulated.report
    if let htmlFile { try writePage(HTML.compile(report, model: baseName(schedule)), to: htmlFile) }
    switch format {
    case .text: print(report.renderText(), terminator: "")
    case .json: print(try JSONOutput.encode(report), terminator: "")
    case .csv: print(report.renderCSV(), terminator: "")
    }
  }
}
