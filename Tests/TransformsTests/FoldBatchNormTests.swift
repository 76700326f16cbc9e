import Foundation
import GraphIR
import PassKit
import TesseraTestSupport
import Testing
import Transforms

struct FoldBatchNormTests {
  @Test func foldsIntoTheConvolution() throws {
    var graph = try CanonicalizeTests.input("fold-batchnorm")
    let statistics = try FoldBatchNormPass(options: PassOptions(), target: .testSystolic).run(on: &graph)
    try graph.verify()
    Golden.check(graph.printed(), matches: "fold-batchnorm.output.tessera")
    #expect(statistics.first?.value == 1)
    #expect(graph.nodes.map(\.name) == ["conv", "r"])
    // Channel 0: s = 1/√1 = 1, w = 1, b = (0 − 0)·1 + 0 = 0.
    // Channel 1: s = 2/√3, w = 2s, b = (1 − 1)·s + 1 = 1.
    let conv = try #require(graph.nodes.first)
    let weight = try #require(conv.inputs[1].flatMap { graph.constants[$0]?.float32Values() })
    let bias = try #require(conv.inputs[2].flatMap { graph.constants[$0]?.float32Values() })
    let s: Float = 2 / Float(3).squareRoot()
    #expect(weight == [1, 2 * s])
    #expect(bias == [0, 1])
  }

  @Test func leavesANormalizationWhoseConvHasOtherUsers() throws {
    var text = try String(
      contentsOf: CanonicalizeTests.golden.appendingPathComponent("fold-batchnorm.input.tessera"), encoding: .utf8)
    text = text.replacingOccurrences(of: "  output %out\n", with: "  output %out\n  output %c\n")
    var graph = try GraphParser.parse(text)
    let statistics = try FoldBatchNormPass(options: PassOptions(), target: .testSystolic).run(on: &graph)
    #expect(statistics.map(\.value) == [0, 0, 1])
    #expect(graph.nodes.count == 3)
  }
}

struct FoldAffineTests {
  /// Mul by [1,2,1,1] and Add of a scalar fold (w = [1·2, 2·3], b = [0·2+1, 0·3+1]); the Add
  /// of a per-column row [3] does not: it varies along W, not per channel.
  @Test func foldsPerChannelMulAndAdd() throws {
    var graph = try CanonicalizeTests.input("fold-affine")
    let statistics = try FoldBatchNormPass(options: PassOptions(), target: .testSystolic).run(on: &graph)
    try graph.verify()
    Golden.check(graph.printed(), matches: "fold-affine.output.tessera")
    #expect(statistics.map(\.value) == [0, 2, 0])
    #expect(graph.nodes.map(\.name) == ["conv", "addRow"])
    let conv = try #require(graph.nodes.first)
    #expect(conv.inputs[1].flatMap { graph.constants[$0]?.float32Values() } == [2, 6])
    #expect(conv.inputs[2].flatMap { graph.constants[$0]?.float32Values() } == [1, 1])
  }
}
