import ArgumentParser
import Compiler
import Foundation

struct Estimate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Estimate per-layer cycles of a model on a target, or of a SCALE-Sim topology.",
    discussion: """
      With MODEL and --target, imports the ONNX model and prices it with the default lowering \
      (every op its own kernel, tensors through DRAM; ops the target cannot run go to the host):
      the baseline the compile pipeline improves on.

      With --topology and --config:
      Reads SCALE-Sim v3 topology (conv or GEMM form) and config files and prices every layer with \
      the analytical systolic fold model. The CSV starts with SCALE-Sim's COMPUTE_REPORT columns, \
      one row per SCALE-Sim report row, so the two files can be diffed; `Total Cycles` matches \
      SCALE-Sim exactly when its config uses InterfaceBandwidth: CALC (no stalls).

      Examples:
        tessera estimate onnx-samples/resnet50.onnx --target nvdla-primer-2048
        tessera estimate onnx-samples/mobilenet_v2.onnx --target systolic \\
            --set compute.array.rows=64 --format json
        tessera estimate --topology net.csv --config ws16.cfg
        tessera estimate --topology gemms.csv --config os32.cfg --format text
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, text }

  @Argument(help: "An ONNX model (with --target).")
  var model: String?

  @Option(help: "A built-in target name or a target YAML file (see `tessera targets`).")
  var target: String?

  @Option(name: .customLong("set"), help: "Override a target parameter, path=value (repeatable).")
  var overrides: [String] = []

  @OptionGroup var shapes: ShapeOptions

  @Option(help: "A SCALE-Sim topology CSV (conv: name,H,W,Fh,Fw,C,NF,S; GEMM: name,M,N,K).")
  var topology: String?

  @Option(help: "A SCALE-Sim .cfg file (array size, dataflow, SRAM sizes, bandwidth).")
  var config: String?

  @Option(help: "Output format: text, json, or csv (topologies only). Default: text for models, csv for topologies.")
  var format: Format?

  func validate() throws {
    switch (model, target, topology, config) {
    case (.some, .some, nil, nil), (nil, nil, .some, .some): break
    default: throw ValidationError("give MODEL --target TARGET, or --topology FILE --config FILE")
    }
    if model != nil && format == .csv { throw ValidationError("--format csv is for topologies; use text or json") }
    if topology != nil && (shapes.batch != nil || !shapes.inputShapes.isEmpty) {
      throw ValidationError("--batch and --input-shape are for models; a topology gives its layers' shapes")
    }
  }

  func run() throws {
    guard let topology, let config else { return try estimateModel() }
    let estimate: TopologyEstimate
    do { estimate = try TopologyEstimate(topologyFile: topology, configFile: config) } catch {
      throw UserError(error.description)
    }
    switch format ?? .csv {
    case .csv: print(estimate.renderCSV(), terminator: "")
    case .json: print(try JSONOutput.encode(estimate), terminator: "")
    case .text: print(estimate.renderText(), terminator: "")
    }
  }

  private func estimateModel() throws {
    guard let model, let target else { return }
    let session = try session(target, overrides: overrides)
    let imported = try shapes.importModel(model)
    let report: EstimateReport
    do { report = try session.estimate(imported) } catch { throw UserError("\(model): \(error.description)") }
    switch format ?? .text {
    case .json: print(try JSONOutput.encode(report), terminator: "")
    default: print(report.renderText(), terminator: "")
    }
  }

}
