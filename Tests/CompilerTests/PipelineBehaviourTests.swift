import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import Testing

/// What issue 6 promises of the default pipelines, on every sample and built-in target.
struct PipelineBehaviourTests {
  static let cnns = [
    "alexnet", "dilated_vgg", "lenet5", "mobilenet_v2", "resnet18", "resnet50", "squeezenet1_1", "tc_resnet8", "vgg16",
  ]

  static func compile(_ graph: Graph, _ target: String, _ pipeline: String? = nil) throws -> CompileReport {
    var options = CompileOptions(pipeline: pipeline)
    options.recordWallTime = false
    options.verifyEach = true
    return try Compilation.compile(graph, for: try BuiltinTargets.load(target), options: options).report
  }

  /// No pass of a default pipeline increases the estimate, and the default pipeline beats
  /// the import-only baseline on every CNN.
  @Test(arguments: EstimateTests.models)
  func defaultPipelineOnlyHelps(_ model: String) throws {
    let graph = try EstimateTests.graph(model)
    for target in BuiltinTargets.names {
      let report = try Self.compile(graph, target)
      for pass in report.passes {
        #expect(
          pass.cyclesAfter <= pass.cyclesBefore * (1 + 1e-12),
          "\(model) on \(target): \(pass.name) \(pass.cyclesBefore) -> \(pass.cyclesAfter)")
      }
      // host-cpu's pipeline keeps the graph as a runtime runs it (o0 plus canonicalize).
      if Self.cnns.contains(model), target != "host-cpu" {
        let baseline = try Self.compile(graph, target, "o0")
        #expect(
          report.totalCycles < baseline.totalCycles,
          "\(model) on \(target): default \(report.totalCycles) vs o0 \(baseline.totalCycles)")
      }
    }
  }

  @Test func reportsAreDeterministic() throws {
    let graph = try EstimateTests.graph("resnet18")
    let first = try JSONOutput.encode(try Self.compile(graph, "gemmini"))
    let second = try JSONOutput.encode(try Self.compile(try EstimateTests.graph("resnet18"), "gemmini"))
    #expect(first == second)
  }
}
