import Compiler
import Foundation
import GraphIR
import HardwareModel
import Interpreter
import ONNXImport
import TesseraTestSupport
import Testing

/// The interpreter keeps the compiler honest: a compiled graph computes what the original
/// does. fp32 pipelines agree within 1e-4 (largest error relative to the largest output
/// magnitude); int8 with percentile calibration keeps the output SQNR ≥ 25 dB on the CNNs
/// with real weights — except MobileNetV2, pinned at what it reaches (about 23 dB: its
/// random weights make every layer amplify the rounding noise of the one before; per-layer
/// SQNR falls about 1 dB per layer to 9 dB before global pooling averages it out).
struct NumericsTests {
  static let fp32Pipeline = "canonicalize,fold-batchnorm,fuse{max-ops=6},partition,layout,tile"

  /// A model with real weights (`testdata/models`) or a sample with seeded random ones.
  static func graph(_ model: String) throws -> Graph {
    let full = TestData.url("models/\(model)/model.onnx").path
    if FileManager.default.fileExists(atPath: full) { return try ONNXImporter.importModel(at: full).graph }
    return try EstimateTests.graph(model).materializingWeights(seed: 1)
  }

  static func numerics(_ model: String, _ target: String, _ pipeline: String) throws -> NumericsReport {
    let graph = try graph(model)
    let accelerator = try BuiltinTargets.load(target)
    let compiled = try Compilation.compile(graph, for: accelerator, options: CompileOptions(pipeline: pipeline))
    return try NumericsReport.measure(
      original: graph, compiled: compiled.graph, inputs: RandomInputs.make(for: graph, seed: 7), source: "seed 7")
  }

  static let fp32Models = [
    "bert_tiny", "lenet5", "mlp", "mobilenet_v2", "squeezenet1_1", "tc_resnet8", "resnet18", "alexnet",
  ]

  @Test(arguments: fp32Models, ["systolic", "gemmini"])
  func fp32PipelinesAgree(model: String, target: String) throws {
    let report = try Self.numerics(model, target, Self.fp32Pipeline)
    for output in report.outputs {
      #expect(
        output.normwiseRelativeError <= 1e-4, "\(model) on \(target): \(output.name) \(output.normwiseRelativeError)")
    }
  }

  /// The NVDLA sheet's ResNet-50 layers keep their 53 BatchNormalizations: folding them into
  /// the convolutions changes rounding only.
  @Test func foldingBatchNormKeepsTheSheetLayersWithin1e4() throws {
    let path = TestData.url("nvdla/resnet50_sheet_layers.onnx").path
    let graph = try ONNXImporter.importModel(at: path).graph.materializingWeights(seed: 1)
    let accelerator = try BuiltinTargets.load("nvdla-primer-2048")
    let compiled = try Compilation.compile(
      graph, for: accelerator, options: CompileOptions(pipeline: Self.fp32Pipeline))
    #expect(!compiled.graph.nodes.contains { if case .batchNormalization = $0.op { true } else { false } })
    let report = try NumericsReport.measure(
      original: graph, compiled: compiled.graph, inputs: RandomInputs.make(for: graph, seed: 7), source: "seed 7")
    #expect(report.outputs.count > 50)
    for output in report.outputs { #expect(output.normwiseRelativeError <= 1e-4, "\(output.name)") }
  }

  static let cnns = [("lenet5", 25.0), ("mobilenet_v2", 21.0), ("squeezenet1_1", 25.0), ("tc_resnet8", 25.0)]

  @Test(arguments: cnns)
  func int8PercentileCalibrationKeeps25dB(model: String, minimumDB: Double) throws {
    let pipeline = "canonicalize,fold-batchnorm,quantize{mode=int8,calibration=percentile,samples=4},fuse,layout"
    let report = try Self.numerics(model, "gemmini", pipeline)
    for output in report.outputs {
      print("\(model) int8 percentile: \(output.name) SQNR \(output.sqnrDB ?? .infinity) dB")
      #expect((output.sqnrDB ?? .infinity) >= minimumDB, "\(model): \(output.name)")
    }
    #expect(!report.layers.isEmpty)
  }
}
