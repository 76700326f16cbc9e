import Foundation
import GraphIR
import HardwareModel
import PassKit
import TesseraTestSupport
import Testing
import Transforms

struct LayoutTests {
  static func run(_ name: String, on target: CompilationTarget) throws -> (Graph, [String: Int]) {
    var graph = try CanonicalizeTests.input(name)
    let statistics = try LayoutPass(options: PassOptions(), target: target).run(on: &graph)
    try graph.verify()
    return (graph, Dictionary(uniqueKeysWithValues: statistics.map { ($0.name, $0.value) }))
  }

  /// On the NHWC systolic array: the convolutions and what follows them run channels-last, the
  /// graph input arrives NHWC, one relayout feeds the flatten that reads the logical order;
  /// the 1×1 pooled map needs none.
  @Test func convolutionsGetTheirUnitsLayout() throws {
    let (graph, counts) = try Self.run("layout", on: .testSystolic)
    Golden.check(graph.printed(), matches: "layout.output.tessera")
    #expect(counts["relayouts-inserted"] == 1)
    #expect(counts["relayouts-folded"] == 0)
    #expect(counts["nodes-laid-out"] == 9)
    let before = try CompilationTarget.testSystolic.cycles(try CanonicalizeTests.input("layout"))
    #expect(try CompilationTarget.testSystolic.cycles(graph) < before)
  }

  /// NHWC→NCHW→NCHWc32 becomes one NHWC→NCHWc32 (its result is a graph output), and the
  /// relayout back to NHWC disappears: relu reads the convolution directly.
  @Test func foldsChainsOfRelayouts() throws {
    let (graph, counts) = try Self.run("layout-folding", on: .testSystolic)
    Golden.check(graph.printed(), matches: "layout-folding.output.tessera")
    #expect(counts["relayouts-folded"] == 2)
    #expect(counts["relayouts-inserted"] == 0)
    #expect(graph.nodes.map(\.name) == ["conv", "to_blocked", "relu"])
  }

  @Test func isIdempotent() throws {
    var (graph, _) = try Self.run("layout", on: .testSystolic)
    let once = graph.printed()
    let statistics = try LayoutPass(options: PassOptions(), target: .testSystolic).run(on: &graph)
    #expect(graph.printed() == once)
    #expect(statistics.map(\.value) == [0, 0, 0])
  }

  /// A unit without a layout preference (Plasticine's, NCHW) needs no relayout anywhere.
  @Test func nchwTargetsNeedNoRelayouts() throws {
    let (graph, counts) = try Self.run("layout", on: try .builtin("plasticine"))
    #expect(counts["relayouts-inserted"] == 0)
    #expect(graph.nodes.allSatisfy { $0.schedule.layout == .nchw })
  }

  /// When relayouting at the boundaries would cost more than converting inside the
  /// convolution, everything stays NCHW (decided), and the estimate does not grow.
  @Test func fallsBackToNCHWWhenRelayoutsCostMore() throws {
    // A launch overhead larger than the convolution's conversions makes the relayout kernel dearer.
    let target = CompilationTarget(try BuiltinTargets.load("systolic", overrides: ["overheads.kernel_cycles=100000"]))
    var graph = try CanonicalizeTests.input("layout")
    graph.outputs = graph.outputs.filter { graph[$0].name == "y" }
    let before = try target.cycles(graph)
    let statistics = try LayoutPass(options: PassOptions(), target: target).run(on: &graph)
    #expect(statistics.first?.value == 0)
    #expect(graph.nodes.allSatisfy { $0.schedule.layout == .nchw })
    #expect(try target.cycles(graph) <= before)
  }
}
