import ArgumentParser
import Compiler

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show every node of a model with its output shapes, MACs and parameters.",
    discussion: """
      MACs count multiply-accumulates without bias terms: Conv N·K·∏out·(C/group)·∏kernel, \
      ConvTranspose N·C_in·∏in·(C_out/group)·∏kernel, Gemm M·N·K, MatMul ∏batch·M·N·K. \
      Shape computations over constants are folded at import, so they do not appear as nodes.

      Examples:
        tessera inspect onnx-samples/resnet50.onnx
        tessera inspect model.onnx --input-shape input_ids=1x128 --format json
        tessera inspect onnx-samples/lenet5.onnx --format ir
        tessera inspect testdata/zoo/bvlc_alexnet_replica.onnx --batch 4 \\
            --input-shape data_0=4x3x227x227
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, ir
  }

  @Argument(help: "The ONNX model file.")
  var model: String

  @OptionGroup var shapes: ShapeOptions

  @Option(help: "Output format: text (a table), json, or ir (the textual graph IR).")
  var format: Format = .text

  func run() throws {
    let imported = try shapes.importModel(model)
    switch format {
    case .text: print(InspectReport(model: model, imported: imported).renderText(), terminator: "")
    case .json: print(try JSONOutput.encode(InspectReport(model: model, imported: imported)), terminator: "")
    case .ir: print(InspectReport.irText(imported), terminator: "")
    }
  }
}
