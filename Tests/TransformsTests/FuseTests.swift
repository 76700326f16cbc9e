import CostModel
import Foundation
import GraphIR
import PassKit
import TesseraTestSupport
import Testing
import Transforms

struct FuseTests {
  static func fused(_ target: CompilationTarget, maxOps: Int = 6, residual: String = "fuse") throws -> (
    Graph, PassStatistics
  ) {
    var graph = try CanonicalizeTests.input("fuse")
    let options = try FusePass.resolveOptions([("max-ops", "\(maxOps)"), ("residual", residual)])
    let pass = FusePass(options: options, target: target)
    let statistics = try pass.run(on: &graph)
    try graph.verify()
    return (graph, statistics)
  }

  /// On Plasticine (fp32 contractions, vector units for relu, pooling and add) conv1 takes its
  /// ReLU and pooling, and the residual add and ReLU join conv3, whose other input exists
  /// by then; softmax stays alone (the vector unit runs it, but it is no output-pipeline stage).
  @Test func fusesOutputPipelinesOnPlasticine() throws {
    let target = try CompilationTarget.builtin("plasticine")
    let before = try target.cycles(try CanonicalizeTests.input("fuse"))
    let (graph, statistics) = try Self.fused(target)
    Golden.check(graph.printed(), matches: "fuse.output.tessera")
    #expect(
      graph.nodes.map { $0.schedule.kernel ?? "-" } == ["conv1", "conv1", "conv1", "-", "conv3", "conv3", "conv3", "-"])
    #expect(statistics.map(\.value) == [2, 4, 0])
    #expect(try target.cycles(graph) < before)
  }

  @Test func respectsMaxOps() throws {
    let (graph, _) = try Self.fused(try CompilationTarget.builtin("plasticine"), maxOps: 2)
    #expect(graph.nodes.prefix(3).map { $0.schedule.kernel ?? "-" } == ["conv1", "conv1", "-"])
  }

  /// `residual=separate` (how resnet50.c runs Gemmini's residual adds): conv3 keeps the add
  /// and its ReLU out; conv1's own pipeline still fuses.
  @Test func separateResidualsStayKernelsOfTheirOwn() throws {
    let (graph, _) = try Self.fused(try CompilationTarget.builtin("plasticine"), residual: "separate")
    #expect(
      graph.nodes.map { $0.schedule.kernel ?? "-" } == ["conv1", "conv1", "conv1", "-", "-", "add", "add", "-"])
  }

  /// The SCALE-Sim-like array has no vector unit: nothing can join a convolution.
  @Test func fusesNothingWithoutAnOutputPipeline() throws {
    let (graph, statistics) = try Self.fused(.testSystolic)
    #expect(graph.nodes.allSatisfy { $0.schedule.kernel == nil })
    #expect(statistics.first?.value == 0)
  }
}
