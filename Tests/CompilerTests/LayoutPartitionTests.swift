import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import PassKit
import Testing
import Transforms

/// `layout` and `partition` on every sample and every built-in target: neither pass, alone or
/// after the other, increases the estimated latency, and the result verifies.
struct LayoutPartitionTests {
  static let pipelines = ["layout", "partition", "partition,layout", "layout,partition"]

  /// Every built-in target, and Gemmini and NVDLA with a float32 rate on their MAC unit, so
  /// the float samples exercise their NHWC and NCHWc32 convolutions.
  static let targets: [(name: String, overrides: [String])] =
    BuiltinTargets.names.map { ($0, []) } + [
      ("gemmini", ["compute.mesh.macs_per_pe_per_cycle.fp32=1"]),
      ("nvdla-full", ["compute.cmac.macs_per_cycle.fp32=512"]),
    ]

  @Test(arguments: EstimateTests.models)
  func neverIncreasesLatency(_ model: String) throws {
    let source = try EstimateTests.graph(model)
    for (name, overrides) in Self.targets {
      let target = CompilationTarget(try BuiltinTargets.load(name, overrides: overrides))
      for pipeline in Self.pipelines {
        var graph = source
        var manager = PassManager(
          passes: try PassRegistry.pipeline(pipeline, target: target),
          instrumentations: [LatencyPricing { try target.cycles($0) }, PassVerifier()])
        for record in try manager.run(&graph) {
          #expect(
            record.cyclesAfter <= record.cyclesBefore,
            "\(model) on \(name)\(overrides) \(pipeline): \(record.name) \(record.cyclesBefore) → \(record.cyclesAfter)"
          )
        }
      }
    }
  }

  /// A convolution whose window exceeds the convolution buffer cannot run on NVDLA at all; the
  /// partition puts it on the host, and the graph can be estimated again.
  @Test func convolutionsTooLargeForTheTargetGoToTheHost() throws {
    var graph = try EstimateTests.graph("resnet50")
    let target = CompilationTarget(
      try BuiltinTargets.load(
        "nvdla-full", overrides: ["memory.cbuf.size_bytes=1024", "compute.cmac.macs_per_cycle.fp32=2048"]))
    #expect(throws: AnalyticalModel.CostError.self) { try target.cycles(graph) }
    let statistics = try PartitionPass(options: PassOptions(), target: target).run(on: &graph)
    try graph.verify()
    #expect(graph.nodes.first { $0.name == "/conv1/Conv" }?.schedule.unit == "host")
    #expect(statistics.first { $0.name == "nodes-on-host" }.map(\.value) ?? 0 > 0)
    #expect(try target.cycles(graph) > 0)
  }
}
