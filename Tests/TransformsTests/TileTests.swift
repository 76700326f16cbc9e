import CostModel
import Foundation
import GraphIR
import PassKit
import TesseraTestSupport
import Testing
import Transforms

/// IR in, IR out for `tile`, and its contract: tiles fit, the default heuristic is the bar,
/// a tile in the IR that cannot fit is an error naming its node and kernel.
struct TileTests {
  static func statistics(_ s: PassStatistics) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: s.map { ($0.name, $0.value) })
  }

  static func run(
    _ graph: inout Graph, on target: CompilationTarget, _ options: [String: String] = [:]
  ) throws -> [String: Int] {
    let resolved = try TilePass.resolveOptions(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    return statistics(try TilePass(options: resolved, target: target).run(on: &graph))
  }

  /// A fused int8 convolution (labelled kernel, tile on its conv node) and an int8 matrix product.
  @Test func tilesAConvKernelAndAMatrixProductOnGemmini() throws {
    var graph = try CanonicalizeTests.input("tile")
    let target = try CompilationTarget.builtin("gemmini")
    let before = try target.cycles(graph)
    let statistics = try Self.run(&graph, on: target)
    try graph.verify()
    Golden.check(graph.printed(), matches: "tile.output.tessera")
    #expect(statistics["kernels-tiled"] == 2)
    #expect(statistics["kernels-fixed-by-target"] == 0)
    #expect((statistics["candidates-evaluated"] ?? 0) > 0)
    #expect(try target.cycles(graph) <= before)
    #expect(graph.nodes.compactMap { $0.schedule.tile == nil ? nil : $0.name } == ["conv", "fc"])
  }

  @Test(arguments: ["gemmini", "systolic", "tpu-v1", "eyeriss", "ultratrail", "plasticine"])
  func recordedTilesFitAndNeverSlowDown(_ name: String) throws {
    var graph = try CanonicalizeTests.input("tile")
    let target = try CompilationTarget.builtin(name)
    let before = try target.cycles(graph)
    _ = try Self.run(&graph, on: target)
    #expect(try target.cycles(graph) <= before, "\(name)")
    for kernel in KernelLowering.kernels(graph) {
      guard let tile = kernel.tile, case .array(let problem) = target.model.tileSupport(for: kernel) else { continue }
      #expect(problem.overflow(tile) == nil, "\(name) \(kernel.name) \(tile)")
    }
  }

  @Test func isDeterministicAndKeepsTilesAlreadyChosen() throws {
    let target = try CompilationTarget.builtin("gemmini")
    var first = try CanonicalizeTests.input("tile")
    var second = try CanonicalizeTests.input("tile")
    _ = try Self.run(&first, on: target)
    _ = try Self.run(&second, on: target)
    #expect(first.printed() == second.printed())
    let once = first.printed()
    let again = try Self.run(&first, on: target)
    #expect(first.printed() == once)
    #expect(again["kernels-tiled"] == 0)
  }

  @Test func greedyIsNoBetterThanExhaustiveAndNoWorseThanTheDefault() throws {
    let target = try CompilationTarget.builtin("systolic")
    var exhaustive = try CanonicalizeTests.input("tile")
    var greedy = exhaustive
    let before = try target.cycles(exhaustive)
    _ = try Self.run(&exhaustive, on: target)
    let statistics = try Self.run(&greedy, on: target, ["search": "greedy"])
    #expect((statistics["candidates-evaluated"] ?? 0) > 0)
    #expect(try target.cycles(exhaustive) <= target.cycles(greedy))
    #expect(try target.cycles(greedy) <= before)
  }

  @Test func aBudgetOfNoCandidatesRecordsNothing() throws {
    var graph = try CanonicalizeTests.input("tile")
    let statistics = try Self.run(&graph, on: try .builtin("gemmini"), ["max-candidates": "0"])
    #expect(statistics["kernels-tiled"] == 0)
    #expect(statistics["candidates-evaluated"] == 0)
  }

  /// On NVDLA the layer model decides buffer residency: nothing is recorded.
  @Test func nvdlaKernelsAreFixedByTheTarget() throws {
    var graph = try CanonicalizeTests.input("tile")
    let once = graph.printed()
    let statistics = try Self.run(&graph, on: try .builtin("nvdla-small"))
    #expect(statistics["kernels-fixed-by-target"] == 2)
    #expect(statistics["kernels-tiled"] == 0)
    #expect(graph.printed() == once)
  }

  /// Float kernels on an int8-only array run on the host: there is nothing to tile.
  @Test func hostKernelsAreLeftAlone() throws {
    var graph = try CanonicalizeTests.input("fold-batchnorm")
    let statistics = try Self.run(&graph, on: try .builtin("gemmini"))
    #expect(statistics.values.allSatisfy { $0 == 0 })
  }

  @Test func aTileInTheIRThatCannotFitIsAnError() throws {
    var text = try String(
      contentsOf: CanonicalizeTests.golden.appendingPathComponent("tile.input.tessera"), encoding: .utf8)
    text = text.replacingOccurrences(
      of: "(%z: i32[1024,1024])\n",
      with: "(%z: i32[1024,1024])\n  schedule {\"tile\":{\"k\":1024,\"m\":1024,\"n\":1024,\"order\":\"mnk\"}}\n")
    var graph = try GraphParser.parse(text)
    let target = try CompilationTarget.builtin("gemmini")
    #expect {
      try Self.run(&graph, on: target)
    } throws: {
      "\($0)"
        == "node 'fc': tile 1024x1024x1024 mnk needs 1048576 bytes of scratchpad for inputs; the target has 65536 "
        + "available there (double buffering and sharing counted)"
    }
    // The timing model refuses it too, naming the kernel.
    #expect { try target.cycles(graph) } throws: { "\($0)".hasPrefix("kernel 'fc': tile 1024x1024x1024 mnk needs") }
  }

  @Test func aTooBigTileInALabelledKernelNamesTheKernel() throws {
    var graph = try CanonicalizeTests.input("tile")
    let conv = try #require(graph.nodes.firstIndex { $0.name == "conv" })
    graph.nodes[conv].schedule.tile = Tile(m: 3136, n: 64, k: 576, order: "mnk")
    #expect {
      try Self.run(&graph, on: try .builtin("gemmini"))
    } throws: {
      "\($0)".hasPrefix("node 'conv': kernel 'conv1': tile 3136x64x576 mnk needs")
    }
  }
}
