import Foundation
import GraphIR
import ONNXImport
import Testing

/// One op exported in a one-node graph; importing the export must give the same graph
/// (`expected` names the op the import gives when ONNX has no exact form).
struct ExportCase: Sendable, CustomTestStringConvertible {
  var label: String
  var op: Op
  var inputs: [TensorType?]
  var outputs = 1
  var expected: Op?

  var testDescription: String { label }

  func graph() throws -> Graph {
    var graph = Graph(name: label)
    let ids = inputs.enumerated().map { index, type in type.map { graph.addValue("in\(index)", $0) } }
    graph.inputs = ids.compactMap { $0 }
    graph.outputs = try graph.addNode("node", op, inputs: ids, outputNames: (0..<outputs).map { "out\($0)" })
    return graph
  }
}

private func f32(_ shape: Shape) -> TensorType { TensorType(.float32, shape) }
private func t(_ dtype: DType, _ shape: Shape) -> TensorType { TensorType(dtype, shape) }

private let x4 = f32([1, 2, 4, 4])
private let conv = ConvAttributes(
  kernelShape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1)
private let pool = PoolAttributes(
  kernelShape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1], dilations: [1, 1], ceilMode: false, countIncludePad: false)
/// 2^-10: float attributes travel as float32, so test values are exact in it.
private let epsilon = 0.0009765625

private func resize(_ mode: String, _ transform: String, scales: [Double], output: Shape) -> Op {
  .resize(
    ResizeAttributes(
      mode: mode, coordinateTransformationMode: transform, nearestMode: "floor", cubicCoeffA: -0.75,
      excludeOutside: false, extrapolationValue: 0, scales: scales, outputShape: output, roi: []))
}

let exportCases: [ExportCase] = {
  var cases: [ExportCase] = [
    ExportCase(label: "conv", op: .conv(conv), inputs: [x4, f32([3, 2, 3, 3]), f32([3])]),
    ExportCase(
      label: "convTranspose",
      op: .convTranspose(
        ConvTransposeAttributes(
          conv: ConvAttributes(
            kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1),
          outputPadding: [1, 1])), inputs: [x4, f32([2, 3, 3, 3])]),
    ExportCase(
      label: "gemm", op: .gemm(GemmAttributes(alpha: 0.5, beta: 2, transB: true)),
      inputs: [f32([2, 3]), f32([4, 3]), f32([4])]),
    ExportCase(label: "matMul", op: .matMul, inputs: [f32([2, 3]), f32([3, 4])]),
    ExportCase(
      label: "einsum", op: .einsum(EinsumAttributes(equation: "ij,jk->ik")), inputs: [f32([2, 3]), f32([3, 4])]),
    ExportCase(
      label: "qLinearConv", op: .qLinearConv(conv),
      inputs: [
        t(.uint8, [1, 2, 4, 4]), f32([]), t(.uint8, []), t(.uint8, [3, 2, 3, 3]), f32([]), t(.uint8, []), f32([]),
        t(.uint8, []),
      ]),
    ExportCase(
      label: "convInteger", op: .convInteger(conv), inputs: [t(.uint8, [1, 2, 4, 4]), t(.uint8, [3, 2, 3, 3])]),
    ExportCase(
      label: "qLinearMatMul", op: .qLinearMatMul,
      inputs: [
        t(.uint8, [2, 3]), f32([]), t(.uint8, []), t(.uint8, [3, 4]), f32([]), t(.uint8, []), f32([]), t(.uint8, []),
      ]),
    ExportCase(label: "matMulInteger", op: .matMulInteger, inputs: [t(.uint8, [2, 3]), t(.uint8, [3, 4])]),
    ExportCase(label: "maxPool", op: .maxPool(pool), inputs: [x4]),
    ExportCase(
      label: "averagePool",
      op: .averagePool(
        PoolAttributes(
          kernelShape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1], ceilMode: true,
          countIncludePad: true)), inputs: [x4]),
    ExportCase(label: "globalAveragePool", op: .globalAveragePool, inputs: [x4]),
    ExportCase(label: "globalMaxPool", op: .globalMaxPool, inputs: [x4]),
    ExportCase(
      label: "batchNormalization", op: .batchNormalization(BatchNormAttributes(epsilon: epsilon)),
      inputs: [x4, f32([2]), f32([2]), f32([2]), f32([2])]),
    ExportCase(
      label: "instanceNormalization", op: .instanceNormalization(BatchNormAttributes(epsilon: epsilon)),
      inputs: [x4, f32([2]), f32([2])]),
    ExportCase(
      label: "layerNormalization", op: .layerNormalization(LayerNormAttributes(axis: 2, epsilon: epsilon)),
      inputs: [f32([2, 3, 4]), f32([4]), f32([4])]),
    ExportCase(label: "lrn", op: .lrn(LRNAttributes(size: 3, alpha: 0.125, beta: 0.75, bias: 2)), inputs: [x4]),
    ExportCase(label: "softmax", op: .softmax(SoftmaxAttributes(axis: 1)), inputs: [f32([2, 3, 4])]),
    ExportCase(label: "logSoftmax", op: .logSoftmax(SoftmaxAttributes(axis: 2)), inputs: [f32([2, 3, 4])]),
    ExportCase(label: "leakyRelu", op: .leakyRelu(ActivationAttributes(alpha: 0.25)), inputs: [f32([2, 3])]),
    ExportCase(
      label: "hardSigmoid", op: .hardSigmoid(ActivationAttributes(alpha: 0.25, beta: 0.5)), inputs: [f32([2, 3])]),
    ExportCase(label: "elu", op: .elu(ActivationAttributes(alpha: 0.5)), inputs: [f32([2, 3])]),
    ExportCase(label: "selu", op: .selu(ActivationAttributes(alpha: 1.5, beta: 1.25)), inputs: [f32([2, 3])]),
    ExportCase(label: "gelu", op: .gelu(GeluAttributes(tanhApproximation: false)), inputs: [f32([2, 3])]),
    ExportCase(label: "gelu-tanh", op: .gelu(GeluAttributes(tanhApproximation: true)), inputs: [f32([2, 3])]),
    ExportCase(label: "clip", op: .clip(ClipAttributes(min: -1, max: 6)), inputs: [f32([2, 3])]),
    ExportCase(label: "clip-min", op: .clip(ClipAttributes(min: 0, max: nil)), inputs: [f32([2, 3])]),
    ExportCase(
      label: "clip-operand", op: .clip(ClipAttributes(min: 0.5, max: nil)), inputs: [f32([2, 3]), nil, f32([])]),
    ExportCase(label: "cast", op: .cast(CastAttributes(to: .float16)), inputs: [f32([2, 3])]),
    ExportCase(label: "cast-int", op: .cast(CastAttributes(to: .int32)), inputs: [f32([2, 3])]),
    ExportCase(label: "where", op: .where, inputs: [t(.bool, [2, 3]), f32([2, 3]), f32([3])]),
    ExportCase(
      label: "quantizeLinear", op: .quantizeLinear(QuantizeAttributes(axis: 0, outputType: .int8)),
      inputs: [f32([2, 3]), f32([]), t(.int8, [])]),
    ExportCase(
      label: "quantizeLinear-axis", op: .quantizeLinear(QuantizeAttributes(axis: 1, outputType: .int8)),
      inputs: [f32([2, 3]), f32([3]), t(.int8, [3])]),
    ExportCase(
      label: "quantizeLinear-output-dtype", op: .quantizeLinear(QuantizeAttributes(axis: 0, outputType: .int8)),
      inputs: [f32([2, 3]), f32([])]),
    ExportCase(
      label: "quantizeLinear-int16", op: .quantizeLinear(QuantizeAttributes(axis: 0, outputType: .int16)),
      inputs: [f32([2, 3]), f32([]), t(.int16, [])]),
    ExportCase(
      label: "dequantizeLinear", op: .dequantizeLinear(QuantizeAttributes(axis: 0, outputType: .float32)),
      inputs: [t(.int8, [2, 3]), f32([]), t(.int8, [])]),
    ExportCase(
      label: "dequantizeLinear-axis", op: .dequantizeLinear(QuantizeAttributes(axis: 0, outputType: .float32)),
      inputs: [t(.int32, [3]), f32([3])]),
    ExportCase(label: "identity", op: .identity, inputs: [f32([2, 3])]),
    ExportCase(label: "dropout", op: .dropout, inputs: [f32([2, 3])]),
    ExportCase(label: "dropout-mask", op: .dropout, inputs: [f32([2, 3])], outputs: 2),
    ExportCase(label: "reshape", op: .reshape(ShapeAttributes(shape: [3, 2])), inputs: [f32([2, 3])]),
    ExportCase(label: "reshape-empty", op: .reshape(ShapeAttributes(shape: [3, 0])), inputs: [f32([0, 3])]),
    ExportCase(label: "flatten", op: .flatten(AxisAttributes(axis: 2)), inputs: [f32([2, 3, 4])]),
    ExportCase(label: "transpose", op: .transpose(TransposeAttributes(perm: [2, 0, 1])), inputs: [f32([2, 3, 4])]),
    ExportCase(label: "squeeze", op: .squeeze(AxesAttributes(axes: [1])), inputs: [f32([2, 1, 3, 1])]),
    ExportCase(label: "unsqueeze", op: .unsqueeze(AxesAttributes(axes: [0, 3])), inputs: [f32([2, 3])]),
    ExportCase(label: "concat", op: .concat(AxisAttributes(axis: 1)), inputs: [f32([2, 3]), f32([2, 1])]),
    ExportCase(
      label: "split", op: .split(SplitAttributes(axis: 1, sizes: [1, 2])), inputs: [f32([2, 3])], outputs: 2),
    ExportCase(
      label: "slice", op: .slice(SliceAttributes(starts: [0, -1], ends: [2, -5], axes: [0, 1], steps: [1, -2])),
      inputs: [f32([3, 4])]),
    ExportCase(label: "gather", op: .gather(AxisAttributes(axis: 1)), inputs: [f32([2, 3]), t(.int64, [2])]),
    ExportCase(
      label: "gatherElements", op: .gatherElements(AxisAttributes(axis: 1)), inputs: [f32([2, 3]), t(.int64, [2, 2])]),
    ExportCase(
      label: "pad-constant", op: .pad(PadAttributes(mode: .constant, pads: [0, 1, 1, 0], value: 1.5)),
      inputs: [f32([2, 3])]),
    ExportCase(
      label: "pad-reflect", op: .pad(PadAttributes(mode: .reflect, pads: [1, 1, 1, 1], value: 0)),
      inputs: [f32([2, 3])]),
    ExportCase(
      label: "pad-edge", op: .pad(PadAttributes(mode: .edge, pads: [0, 2, 1, 0], value: 0)), inputs: [f32([2, 3])]),
    ExportCase(
      label: "pad-wrap", op: .pad(PadAttributes(mode: .wrap, pads: [1, 0, 0, 2], value: 0)), inputs: [f32([2, 3])]),
    ExportCase(
      label: "resize-sizes", op: resize("nearest", "asymmetric", scales: [1, 1, 2, 2], output: [1, 2, 8, 8]),
      inputs: [x4]),
    ExportCase(
      label: "resize-scales", op: resize("linear", "half_pixel", scales: [1, 1, 1.625, 1.625], output: [1, 2, 6, 6]),
      inputs: [x4]),
    ExportCase(label: "expand", op: .expand(ShapeAttributes(shape: [2, 2, 3])), inputs: [f32([1, 3])]),
    ExportCase(label: "tile", op: .tile(TileAttributes(repeats: [2, 1])), inputs: [f32([2, 3])]),
    ExportCase(label: "trilu", op: .trilu(TriluAttributes(upper: false, k: 1)), inputs: [f32([3, 3])]),
    ExportCase(
      label: "depthToSpace", op: .depthToSpace(DepthToSpaceAttributes(blockSize: 2, columnRowDepth: true)),
      inputs: [f32([1, 8, 2, 2])]),
    ExportCase(
      label: "spaceToDepth", op: .spaceToDepth(DepthToSpaceAttributes(blockSize: 2, columnRowDepth: false)),
      inputs: [x4]),
    ExportCase(
      label: "cumSum", op: .cumSum(CumSumAttributes(axis: 1, exclusive: true, reverse: false)), inputs: [f32([2, 3])]),
    ExportCase(
      label: "relayout", op: .relayout(RelayoutAttributes(from: .nchw, to: .nhwc)), inputs: [x4],
      expected: .identity),
    ExportCase(
      label: "argMax", op: .argMax(ArgReduceAttributes(axis: 1, keepDims: true, selectLastIndex: true)),
      inputs: [f32([2, 3])]),
    ExportCase(
      label: "argMin", op: .argMin(ArgReduceAttributes(axis: 0, keepDims: false, selectLastIndex: false)),
      inputs: [f32([2, 3])]),
  ]
  for function in UnaryFunction.allCases {
    cases.append(
      ExportCase(
        label: function.rawValue, op: .unary(function), inputs: [t(function == .not ? .bool : .float32, [2, 3])]))
  }
  for function in BinaryFunction.allCases {
    let dtype: DType = [.and, .or, .xor].contains(function) ? .bool : function == .mod ? .int32 : .float32
    cases.append(
      ExportCase(label: function.rawValue, op: .binary(function), inputs: [t(dtype, [2, 3]), t(dtype, [3])]))
  }
  for function in VariadicFunction.allCases {
    cases.append(
      ExportCase(label: function.rawValue, op: .variadic(function), inputs: [f32([2, 3]), f32([3]), f32([1, 3])]))
  }
  for function in ReduceFunction.allCases {
    cases.append(
      ExportCase(
        label: function.rawValue, op: .reduce(function, ReduceAttributes(axes: [1], keepDims: false)),
        inputs: [f32([2, 3, 4])]))
  }
  return cases
}()

struct ExportRoundTripTests {
  @Test(arguments: exportCases)
  func everyOpRoundTrips(_ testCase: ExportCase) throws {
    let graph = try testCase.graph()
    let imported = try RoundTrip.run(graph, label: "op-\(testCase.label)")
    var expected = graph
    if let op = testCase.expected { expected.nodes[0].op = op }
    #expect(RoundTrip.canonical(imported) == RoundTrip.canonical(expected))
  }

  /// Every `Op` case has a row (the names of the cases the table covers).
  @Test func tableCoversEveryOpName() throws {
    let covered = Set(exportCases.map(\.op.name))
    for name in [
      "conv", "convTranspose", "gemm", "matMul", "einsum", "qLinearConv", "convInteger", "qLinearMatMul",
      "matMulInteger", "maxPool", "averagePool", "globalAveragePool", "globalMaxPool", "batchNormalization",
      "layerNormalization", "lrn", "instanceNormalization", "softmax", "logSoftmax", "leakyRelu", "hardSigmoid", "elu",
      "selu", "gelu", "clip", "cast", "where", "quantizeLinear", "dequantizeLinear", "identity", "dropout", "reshape",
      "flatten", "transpose", "squeeze", "unsqueeze", "concat", "split", "slice", "gather", "gatherElements", "pad",
      "resize", "expand", "tile", "trilu", "depthToSpace", "spaceToDepth", "cumSum", "relayout", "argMax", "argMin",
    ] {
      #expect(covered.contains(name), "\(name)")
    }
  }

  /// Opset < 13 Softmax (normalizing the 2-D flattening) becomes Flatten → Softmax → Reshape.
  @Test func coercedSoftmaxExpands() throws {
    let testCase = ExportCase(
      label: "softmax-coerced", op: .softmax(SoftmaxAttributes(axis: 1, coerced2D: true)), inputs: [f32([2, 3, 4])])
    let imported = try RoundTrip.run(try testCase.graph(), label: "softmax-coerced")
    #expect(imported.nodes.map(\.op.name) == ["flatten", "softmax", "reshape"])
    #expect(imported.nodes[1].op == .softmax(SoftmaxAttributes(axis: 1)))
    #expect(imported.outputs.map { imported[$0].type } == [f32([2, 3, 4])])
  }

  /// ONNX's Mod with the divisor's sign (fmod=0) is integer-only.
  @Test func floatModHasNoONNXForm() throws {
    let graph = try ExportCase(label: "mod", op: .binary(.mod), inputs: [f32([2]), f32([2])]).graph()
    #expect(throws: ExportError.self) { try ONNXExporter.export(graph) }
  }

  /// Large splats travel as ConstantOfShape and come back as splats; small ones as data.
  @Test func constantsKeepTheirStorage() throws {
    var graph = Graph(name: "constants")
    let x = graph.addValue("x", f32([64, 64]))
    graph.inputs = [x]
    let big = graph.addConstant("big", Tensor.splat(.float32, [64, 64], 0.5))
    let small = graph.addConstant("small", try Tensor(.float32, [64], doubles: (0..<64).map(Double.init)))
    let sum = try graph.addNode("add", .binary(.add), inputs: [x, big], outputNames: ["sum"])
    graph.outputs = try graph.addNode("mul", .binary(.mul), inputs: [sum[0], small], outputNames: ["y"])
      .map { $0 }
    let data = try ONNXExporter.export(graph)
    #expect(data.count < 1024)
    #expect(data == (try ONNXExporter.export(graph)))
    let imported = try RoundTrip.run(graph, label: "constants")
    #expect(RoundTrip.canonical(imported) == RoundTrip.canonical(graph))
    #expect(imported.constants.values.contains { $0.isSplat && $0.type.shape == [64, 64] })
  }

  static let samples: [String] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
    let sampleFolder = root.appendingPathComponent("onnx-samples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: sampleFolder.path)) ?? []
    let full = root.appendingPathComponent("testdata/models")
    let models = (try? FileManager.default.contentsOfDirectory(atPath: full.path)) ?? []
    return names.filter { $0.hasSuffix(".onnx") }.sorted().map { sampleFolder.appendingPathComponent($0).path }
      + models.filter { !$0.hasSuffix(".md") }.sorted().map { full.appendingPathComponent("\($0)/model.onnx").path }
  }()

  @Test(arguments: samples)
  func modelsRoundTrip(_ path: String) throws {
    let graph = try ONNXImporter.importModel(at: path).graph
    let parts = URL(fileURLWithPath: path).pathComponents.suffix(2).joined(separator: "-")
    let imported = try RoundTrip.run(graph, label: "model-\(parts)")
    #expect(RoundTrip.canonical(imported) == RoundTrip.canonical(graph))
  }
}
