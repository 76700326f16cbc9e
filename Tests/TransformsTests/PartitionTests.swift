import Foundation
import GraphIR
import PassKit
import TesseraTestSupport
import Testing
import Transforms

struct PartitionTests {
  static func run(on target: CompilationTarget) throws -> (Graph, [String: Int]) {
    var graph = try CanonicalizeTests.input("partition")
    let statistics = try PartitionPass(options: PassOptions(), target: target).run(on: &graph)
    try graph.verify()
    return (graph, Dictionary(uniqueKeysWithValues: statistics.map { ($0.name, $0.value) }))
  }

  /// The systolic array has no vector unit: relu, pool, the flatten between and sigmoid form one
  /// host kernel; the softmax after the matrix product is a host kernel of its own.
  @Test func groupsConsecutiveHostNodes() throws {
    let (graph, counts) = try Self.run(on: .testSystolic)
    Golden.check(graph.printed(), matches: "partition.output.tessera")
    #expect(counts["nodes-on-host"] == 5)
    #expect(counts["host-kernels"] == 2)
    #expect(counts["transfer-bytes"] == 0)
    // No launch overhead and compute-bound host ops: grouping saves nothing here, and costs nothing.
    let before = try CompilationTarget.testSystolic.cycles(try CanonicalizeTests.input("partition"))
    #expect(try CompilationTarget.testSystolic.cycles(graph) <= before)
  }

  /// TPU-v1 runs no float32 contraction: the convolution and the matrix product (with the
  /// softmax after it) go to the host with their tensors over PCIe; relu, pooling and sigmoid
  /// stay on the activation unit.
  @Test func countsTheBytesCrossingTheLink() throws {
    let (graph, counts) = try Self.run(on: try .builtin("tpu-v1"))
    let host = graph.nodes.filter { $0.schedule.unit == "host" }.map(\.name)
    #expect(host == ["conv", "fc", "flat2", "sm"])
    // conv: 192 floats in, 144 out; fc+flat2+sm: 36 in, 10 out.
    #expect(counts["transfer-bytes"] == (192 + 144 + 36 + 10) * 4)
    #expect(counts["host-kernels"] == 2)
    // Grouped, fc's output and softmax's input stay on the host: two PCIe transfers fewer.
    let tpu = try CompilationTarget.builtin("tpu-v1")
    #expect(try tpu.cycles(graph) < tpu.cycles(try CanonicalizeTests.input("partition")))
  }

  @Test func isIdempotent() throws {
    var (graph, _) = try Self.run(on: .testSystolic)
    let once = graph.printed()
    _ = try PartitionPass(options: PassOptions(), target: .testSystolic).run(on: &graph)
    #expect(graph.printed() == once)
  }
}
