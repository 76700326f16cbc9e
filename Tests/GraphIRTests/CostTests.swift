import GraphIR
import Testing

/// Multiply-accumulate and parameter counts.
@Suite("Costs")
struct CostTests {
  struct MacCase: Sendable, CustomTestStringConvertible {
    var name: String
    var op: Op
    var inputs: [TensorType?]
    var macs: Int
    var testDescription: String { name }
  }

  static let cases: [MacCase] = [
    // N·K·∏out·(C/group)·∏kernel
    MacCase(
      name: "conv", op: .conv(convAttributes(kernel: [3, 3], pads: [1, 1, 1, 1])),
      inputs: [f32(2, 3, 8, 8), f32(16, 3, 3, 3), f32(16)], macs: 2 * 16 * 64 * 3 * 9),
    MacCase(
      name: "depthwise conv", op: .conv(convAttributes(kernel: [3, 3], group: 8)),
      inputs: [f32(1, 8, 6, 6), f32(8, 1, 3, 3)], macs: 8 * 16 * 9),
    // N·C_in·∏in·(C_out/group)·∏kernel
    MacCase(
      name: "convTranspose",
      op: .convTranspose(
        ConvTransposeAttributes(
          conv: convAttributes(kernel: [2, 2], strides: [2, 2]), outputPadding: [0, 0])),
      inputs: [f32(1, 4, 5, 5), f32(4, 6, 2, 2)], macs: 4 * 25 * 6 * 4),
    MacCase(
      name: "gemm", op: .gemm(GemmAttributes()), inputs: [f32(4, 8), f32(8, 16), f32(16)], macs: 4 * 16 * 8),
    MacCase(
      name: "gemm transA", op: .gemm(GemmAttributes(transA: true)), inputs: [f32(8, 4), f32(8, 16)],
      macs: 4 * 16 * 8),
    MacCase(name: "batched matMul", op: .matMul, inputs: [f32(3, 4, 5), f32(5, 6)], macs: 3 * 4 * 6 * 5),
    MacCase(name: "matMul vector", op: .matMul, inputs: [f32(5), f32(5)], macs: 5),
    MacCase(
      name: "einsum", op: .einsum(EinsumAttributes(equation: "bij,bjk->bik")),
      inputs: [f32(2, 3, 4), f32(2, 4, 5)], macs: 2 * 3 * 4 * 5),
    MacCase(name: "relu", op: .unary(.relu), inputs: [f32(100)], macs: 0),
  ]

  @Test("macs", arguments: cases)
  func macs(_ c: MacCase) throws {
    var graph = Graph(name: "macs")
    let inputs = c.inputs.enumerated().map { index, type in type.map { graph.addValue("in\(index)", $0) } }
    try graph.addNode("node", c.op, inputs: inputs, outputNames: ["out"])
    #expect(graph.macs(of: graph.nodes[0]) == c.macs)
  }

  @Test("parameters count constant inputs, each constant once")
  func parameters() throws {
    var graph = Graph(name: "params")
    let x = graph.addValue("x", f32(1, 4))
    let w = graph.addConstant("w", .splat(.float32, [4, 4], 1))
    let unused = graph.addConstant("unused", .splat(.float32, [100], 1))
    let y = try graph.addNode("a", .matMul, inputs: [x, w], outputNames: ["y"])
    try graph.addNode("b", .matMul, inputs: [y[0], w], outputNames: ["z"])
    #expect(graph.parameterCount(of: graph.nodes[0]) == 16)
    #expect(graph.parameterCount == 16)
    #expect(graph[unused].type.elementCount == 100)
  }
}
