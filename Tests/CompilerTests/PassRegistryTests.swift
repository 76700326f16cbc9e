import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import PassKit
import Testing
import Transforms

extension CompilationTarget {
  static let systolic: CompilationTarget = {
    guard let accelerator = try? BuiltinTargets.load("systolic") else { preconditionFailure("built-in target missing") }
    return CompilationTarget(accelerator)
  }()
}

struct PassRegistryTests {
  @Test func buildsPipelinesAndRejectsUnknownNames() throws {
    #expect(try PassRegistry.pipeline("canonicalize", target: .systolic).count == 1)
    #expect {
      try PassRegistry.pipeline("canonicalize,fuse-everything", target: .systolic)
    } throws: { "\($0)".contains("unknown pass 'fuse-everything'") }
    #expect {
      try PassRegistry.pipeline("canonicalize{aggressive=1}", target: .systolic)
    } throws: { "\($0)".contains("has no option 'aggressive'") }
    #expect {
      try PassRegistry.pipeline("canonicalize{", target: .systolic)
    } throws: { "\($0)".contains("position") }
  }

  /// Canonicalization never makes a sample slower on the SCALE-Sim-like target.
  @Test(arguments: EstimateTests.models)
  func canonicalizeNeverIncreasesLatency(_ model: String) throws {
    var graph = try EstimateTests.graph(model)
    let accelerator = try BuiltinTargets.load("systolic")
    let pricing = LatencyPricing { graph in try EstimateReport(graph: graph, accelerator: accelerator).totalCycles }
    var manager = PassManager(
      passes: try PassRegistry.pipeline("canonicalize", target: .systolic), instrumentations: [pricing, PassVerifier()])
    let records = try manager.run(&graph)
    #expect(records[0].cyclesAfter <= records[0].cyclesBefore, "\(model)")
  }
}

/// The NVDLA sheet's ResNet-50 layers: every BatchNormalization folds into its convolution.
struct SheetBatchNormTests {
  @Test func everyBatchNormFolds() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../testdata/nvdla/resnet50_sheet_layers.onnx").standardized.path
    var graph = try ONNXImporter.importModel(at: path).graph
    let bns = graph.nodes.filter { if case .batchNormalization = $0.op { true } else { false } }.count
    var manager = PassManager(passes: try PassRegistry.pipeline("canonicalize,fold-batchnorm", target: .systolic))
    let records = try manager.run(&graph)
    #expect(bns == 53)
    #expect(records[1].statistics.first?.value == 53)
    #expect(!graph.nodes.contains { if case .batchNormalization = $0.op { true } else { false } })
  }
}
