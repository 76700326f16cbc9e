import GraphIR
import Testing

/// The op-trait table: names both ways, groups, weight operands.
struct OpTraitsTests {
  static let conv = ConvAttributes(
    kernelShape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1)

  @Test(arguments: [
    (Op.conv(conv), "conv", "Conv", OpGroup.contraction, 1 as Int?),
    (.qLinearConv(conv), "qLinearConv", "QLinearConv", .contraction, 3),
    (.qLinearMatMul, "qLinearMatMul", "QLinearMatMul", .contraction, 3),
    (.binary(.prelu), "prelu", "PRelu", .elementwise, nil),
    (.lrn(LRNAttributes(size: 5, alpha: 1e-4, beta: 0.75, bias: 1)), "lrn", "LRN", .normalization, nil),
    (.unary(.relu), "relu", "Relu", .elementwise, nil),
    (.reduce(.reduceMean, ReduceAttributes(axes: [1], keepDims: true)), "reduceMean", "ReduceMean", .reduction, nil),
    (.cast(CastAttributes(to: .float16)), "cast", "Cast", .conversion, nil),
    (.identity, "identity", "Identity", .relabel, nil),
    (.relayout(RelayoutAttributes(from: .nchw, to: .nhwc)), "relayout", "Relayout", .movement, nil),
  ])
  func rows(op: Op, name: String, onnx: String, group: OpGroup, weightInput: Int?) throws {
    #expect(op.name == name && op.onnxName == onnx && op.group == group && op.traits.weightInput == weightInput)
    #expect(Op.names.contains(name))
  }

  /// Relabelling and requantization ride the load/store path; a cast converts on the vector path.
  @Test func passThroughOps() {
    #expect(Op.identity.isPassThrough && Op.reshape(ShapeAttributes(shape: [1])).isPassThrough)
    #expect(Op.quantizeLinear(QuantizeAttributes(axis: 1, outputType: .int8)).isPassThrough)
    #expect(!Op.cast(CastAttributes(to: .float16)).isPassThrough)
    #expect(!Op.unary(.relu).isPassThrough && !Op.transpose(TransposeAttributes(perm: [1, 0])).isPassThrough)
  }
}
