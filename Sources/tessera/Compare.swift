import ArgumentParser
import Compiler
import Foundation
import HTMLReport

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compile a model for several targets and pipelines; compare totals and kernels.",
    discussion: """
      Compiles MODEL for every target in --target (comma separated) with every --pipeline \
      (repeatable; each target's default pipeline when none is given), prints the totals side \
      by side with the speedup over the first configuration, and for every other configuration \
      the kernels whose cycles differ most from the first.

      --timing simulate runs each final schedule on the event-driven simulator; \
      --timing analytical,simulate shows both tiers per configuration, the kernels whose tiers \
      differ most, and the causes of each gap: the simulation is repeated with one effect \
      removed at a time (DRAM latency, issue overhead, pipeline fill, the DMA request cap, \
      load/store contention on a shared DRAM channel, on-chip port bandwidth) and each kernel's \
      gap is split by the cycles each removal saves.

      Examples:
        tessera compare onnx-samples/resnet50.onnx \\
            --target gemmini,tpu-v1,nvdla-primer-2048
        tessera compare onnx-samples/resnet18.onnx --target gemmini \\
            --pipeline o0 --pipeline default
        tessera compare onnx-samples/resnet50.onnx --target gemmini \\
            --timing analytical,simulate
        tessera compare onnx-samples/mobilenet_v2.onnx --target systolic \\
            --pipeline 'fuse,tile{search=greedy}' --pipeline 'fuse,tile' \\
            --format json
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "An ONNX model.")
  var model: String

  @Option(help: "Targets to compare, comma separated (built-in names or YAML files).")
  var target: String

  @Option(help: "A pipeline to compare (repeatable): a built-in name, a file or pipeline text.")
  var pipeline: [String] = []

  @OptionGroup var objective: ObjectiveOption
  @OptionGroup var shapes: ShapeOptions

  @Option(help: "Kernels listed per comparison, biggest difference first.")
  var top = 10

  @Option(help: "Report format: text or json.")
  var format: Format = .text

  @OptionGroup var simulation: SimulationFlags
  @OptionGroup var htmlReport: HTMLOption

  func validate() throws {
    guard top >= 0 else { throw ValidationError("--top must be zero or more") }
    guard !target.split(separator: ",").isEmpty else { throw ValidationError("--target needs at least one target") }
  }

  func run() throws {
    let tiers = try simulation.tiers()
    let htmlFile = try htmlReport.open()
    let imported = try shapes.importModel(model)
    var reports: [CompileReport] = []
    var gaps: [TierGapReport] = []
    for name in target.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
      let session = try session(name, overrides: [])
      for choice in pipeline.isEmpty ? [nil] : pipeline.map(Optional.some) {
        var options = CompileOptions(pipeline: choice)
        options.recordWallTime = false
        options.objective = objective.objective
        do {
          var result = try session.compile(imported, options: options)
          let gap = try session.simulateForComparison(
            &result, tiers: tiers, extrapolate: !simulation.noExtrapolate, configuration: reports.count, top: top)
          gaps += gap.map { [$0] } ?? []
          reports.append(result.report)
        } catch {
          throw UserError("\(model): \(error)")
        }
      }
    }
    let report = CompareReport(reports, top: top, timing: tiers, tierGaps: gaps)
    if let htmlFile { try writePage(HTML.compare(report, model: baseName(model)), to: htmlFile) }
    switch format {
    case .text: print(report.renderText(), terminator: "")
    case .json: print(try JSONOutput.encode(report), terminator: "")
    }
  }
}
