import GraphIR
import Testing

/// Small graphs built in code whose printed text is pinned in `Golden/*.tessera`.
struct GoldenGraph: Sendable, CustomTestStringConvertible {
  var file: String
  var build: @Sendable () throws -> Graph
  var testDescription: String { file }

  static let all: [GoldenGraph] = [
    GoldenGraph(file: "lenet.tessera", build: lenet),
    GoldenGraph(file: "quoted-names.tessera", build: quotedNames),
    GoldenGraph(file: "split-optional.tessera", build: splitWithOptionalInput),
    GoldenGraph(file: "dtypes.tessera", build: dtypes),
  ]

  /// conv → relu → maxPool → flatten → gemm → softmax, with dense and splat weights.
  @Sendable static func lenet() throws -> Graph {
    var graph = Graph(name: "lenet")
    let input = graph.addValue("input", f32(1, 1, 8, 8))
    graph.inputs = [input]
    let w1 = graph.addConstant(
      "conv1.weight", try Tensor(.float32, [2, 1, 3, 3], doubles: (0..<18).map { Double($0) * 0.25 - 2 }))
    let b1 = graph.addConstant("conv1.bias", .splat(.float32, [2], 0.125))
    let conv = try graph.addNode(
      "conv1", .conv(convAttributes(kernel: [3, 3])), inputs: [input, w1, b1], outputNames: ["conv1.out"])
    let relu = try graph.addNode("relu1", .unary(.relu), inputs: conv, outputNames: ["relu1.out"])
    let pool = try graph.addNode(
      "pool1", .maxPool(poolAttributes(kernel: [2, 2], strides: [2, 2])), inputs: relu,
      outputNames: ["pool1.out"])
    let flat = try graph.addNode(
      "flatten", .flatten(AxisAttributes(axis: 1)), inputs: pool, outputNames: ["flat"])
    let w2 = graph.addConstant("fc.weight", .splat(.float32, [4, 18], 0.5))
    let b2 = graph.addConstant("fc.bias", try Tensor(.float32, [4], doubles: [1, -1, 0.5, 0]))
    let fc = try graph.addNode(
      "fc", .gemm(GemmAttributes(transB: true)), inputs: [flat[0], w2, b2], outputNames: ["logits"])
    graph.outputs = try graph.addNode(
      "softmax", .softmax(SoftmaxAttributes(axis: 1)), inputs: fc, outputNames: ["probs"])
    return graph
  }

  /// ONNX exporter names (`onnx::Conv_12`, `/layer1/conv/Conv_output_0`) and names needing escapes.
  @Sendable static func quotedNames() throws -> Graph {
    var graph = Graph(name: "torch \"export\"")
    let input = graph.addValue("input.1", f32(1, 3, 4, 4))
    graph.inputs = [input]
    let w = graph.addConstant("onnx::Conv_12", .splat(.float32, [8, 3, 1, 1], -0.5))
    let b = graph.addConstant("onnx::Conv_13", try Tensor(.float32, [8], doubles: (0..<8).map { Double($0) }))
    let conv = try graph.addNode(
      "/layer1/conv/Conv", .conv(convAttributes(kernel: [1, 1])), inputs: [input, w, b],
      outputNames: ["/layer1/conv/Conv_output_0"])
    let relu = try graph.addNode(
      "/layer1/relu/Relu", .unary(.relu), inputs: conv, outputNames: ["/layer1/relu/Relu_output_0"])
    let shift = graph.addConstant("weird \"name\"\\with\ttab", .splat(.float32, [], 1))
    let sum = try graph.addNode(
      "/layer1/Add", .binary(.add), inputs: [relu[0], shift], outputNames: ["résumé 0"])
    graph.outputs = try graph.addNode(
      "/head/LeakyRelu", .leakyRelu(ActivationAttributes(alpha: 0.01)), inputs: sum, outputNames: ["output"])
    return graph
  }

  /// A multi-output split, a layer norm whose optional bias is absent (`_`) and dropout's mask.
  @Sendable static func splitWithOptionalInput() throws -> Graph {
    var graph = Graph(name: "split")
    let x = graph.addValue("x", f32(2, 6, 4))
    graph.inputs = [x]
    let scale = graph.addConstant("scale", .splat(.float32, [4], 1))
    let parts = try graph.addNode(
      "split", .split(SplitAttributes(axis: 1, sizes: [2, 4])), inputs: [x], outputNames: ["head", "tail"])
    let norm = try graph.addNode(
      "norm", .layerNormalization(LayerNormAttributes(axis: 2, epsilon: 1e-5)),
      inputs: [parts[1], scale, nil],
      outputNames: ["normed", "mean", "inv_std"])
    let joined = try graph.addNode(
      "concat", .concat(AxisAttributes(axis: 1)), inputs: [parts[0], norm[0]], outputNames: ["joined"])
    let dropped = try graph.addNode(
      "dropout", .dropout, inputs: [joined[0], nil, nil], outputNames: ["y", "mask"])
    graph.outputs = [dropped[0], norm[1], dropped[1]]
    return graph
  }

  /// float16, bfloat16, int64 (extremes), bool and uint8 constants.
  @Sendable static func dtypes() throws -> Graph {
    var graph = Graph(name: "dtypes")
    let x = graph.addValue("x", f32(3))
    graph.inputs = [x]
    let half = graph.addConstant("half", try Tensor(.float16, [3], doubles: [1, -2.5, 65504]))
    let mask = graph.addConstant("mask", try Tensor(.bool, [3], integers: [1, 0, 1]))
    let big = graph.addConstant("big", try Tensor(.int64, [4], integers: [.min, -1, 0, .max]))
    let zero = graph.addConstant("zero", .splat(.int64, [], 0))
    let indices = graph.addConstant("indices", try Tensor(.int64, [2], integers: [2, -1]))
    let brain = graph.addConstant("brain", .splat(.bfloat16, [2], 0.5))
    let codes = graph.addConstant("codes", try Tensor(.uint8, [2], integers: [0, 255]))
    let step = graph.addConstant("step", .splat(.float32, [], 0.1))
    let offset = graph.addConstant("offset", .splat(.uint8, [], 128))
    let widened = try graph.addNode(
      "widen", .cast(CastAttributes(to: .float32)), inputs: [half], outputNames: ["widened"])
    let selected = try graph.addNode(
      "select", .where, inputs: [mask, x, widened[0]], outputNames: ["selected"])
    let gathered = try graph.addNode(
      "gather", .gather(AxisAttributes(axis: 0)), inputs: [selected[0], indices], outputNames: ["gathered"])
    let brainFloat = try graph.addNode(
      "unbrain", .cast(CastAttributes(to: .float32)), inputs: [brain], outputNames: ["b32"])
    let levels = try graph.addNode(
      "dequantize", .dequantizeLinear(QuantizeAttributes(axis: 0, outputType: .float32)),
      inputs: [codes, step, offset],
      outputNames: ["levels"])
    let sum = try graph.addNode(
      "sum", .variadic(.sum), inputs: [gathered[0], brainFloat[0], levels[0]], outputNames: ["sum"])
    let clipped = try graph.addNode(
      "clip", .clip(ClipAttributes(min: nil, max: 6)), inputs: sum, outputNames: ["clipped"])
    let negative = try graph.addNode(
      "negative", .binary(.less), inputs: [big, zero], outputNames: ["negative"])
    graph.outputs = [clipped[0], negative[0]]
    return graph
  }
}
