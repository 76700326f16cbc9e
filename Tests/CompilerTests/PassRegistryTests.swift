import Compiler
import CostModel
import GraphIR
import HardwareModel
import PassKit
import Testing

struct PassRegistryTests {
  @Test func buildsPipelinesAndRejectsUnknownNames() throws {
    #expect(try PassRegistry.pipeline("canonicalize").count == 1)
    #expect {
      try PassRegistry.pipeline("canonicalize,fuse-everything")
    } throws: { "\($0)".contains("unknown pass 'fuse-everything'") }
    #expect {
      try PassRegistry.pipeline("canonicalize{aggressive=1}")
    } throws: { "\($0)".contains("has no option 'aggressive'") }
    #expect {
      try PassRegistry.pipeline("canonicalize{")
    } throws: { "\($0)".contains("position") }
  }

  /// Canonicalization never makes a sample slower on the SCALE-Sim-like target.
  @Test(arguments: EstimateTests.models)
  func canonicalizeNeverIncreasesLatency(_ model: String) throws {
    var graph = try EstimateTests.graph(model)
    let accelerator = try BuiltinTargets.load("systolic")
    var manager = PassManager(passes: try PassRegistry.pipeline("canonicalize")) { graph in
      try EstimateReport(graph: graph, accelerator: accelerator).totalCycles
    }
    manager.verifyEach = true
    let records = try manager.run(&graph)
    #expect(records[0].cyclesAfter <= records[0].cyclesBefore, "\(model)")
  }
}
