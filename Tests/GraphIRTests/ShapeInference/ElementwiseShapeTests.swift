import GraphIR
import Testing

/// Output types of elementwise ops, normalizations and quantization.
@Suite("Shape inference: elementwise and normalization")
struct ElementwiseShapeTests {
  static let broadcasting: [ShapeCase] = [
    ShapeCase("add trailing broadcast", .binary(.add), [f32(2, 3, 4), f32(4)], [f32(2, 3, 4)]),
    ShapeCase("mul both sides broadcast", .binary(.mul), [f32(1, 3, 1), f32(2, 1, 5)], [f32(2, 3, 5)]),
    ShapeCase("sub scalar", .binary(.sub), [f32(), f32(3)], [f32(3)]),
    ShapeCase("div zero extent", .binary(.div), [f32(0, 3), f32(1, 3)], [f32(0, 3)]),
    ShapeCase("pow mixed dtypes keeps the base's", .binary(.pow), [f32(2, 2), i64()], [f32(2, 2)]),
    ShapeCase(
      "prelu slope per channel", .binary(.prelu), [f32(1, 8, 4, 4), f32(8, 1, 1)], [f32(1, 8, 4, 4)]),
    ShapeCase("equal gives bool", .binary(.equal), [i64(4), i64(1)], [boolean(4)]),
    ShapeCase("less on floats gives bool", .binary(.less), [f32(2, 3), f32(3)], [boolean(2, 3)]),
    ShapeCase("greaterOrEqual gives bool", .binary(.greaterOrEqual), [f16(5), f16()], [boolean(5)]),
    ShapeCase("and on bools", .binary(.and), [boolean(2, 1), boolean(3)], [boolean(2, 3)]),
    ShapeCase("max of three broadcasts", .variadic(.max), [f32(3), f32(2, 1), f32(1)], [f32(2, 3)]),
    ShapeCase("sum of one is identity", .variadic(.sum), [i64(4, 4)], [i64(4, 4)]),
    ShapeCase("where broadcasts all three", .where, [boolean(3, 1), f32(1, 4), f32()], [f32(3, 4)]),
    ShapeCase("where on int64 branches", .where, [boolean(), i64(2), i64(2)], [i64(2)]),
  ]

  @Test("broadcasting and bool outputs", arguments: broadcasting)
  func broadcastingShapes(_ c: ShapeCase) { c.check() }

  static let unary: [ShapeCase] = [
    ShapeCase("relu", .unary(.relu), [f32(2, 3)], [f32(2, 3)]),
    ShapeCase("not on bool", .unary(.not), [boolean(4)], [boolean(4)]),
    ShapeCase("leakyRelu", .leakyRelu(ActivationAttributes(alpha: 0.1)), [f16(8)], [f16(8)]),
    ShapeCase("clip", .clip(ClipAttributes(min: 0, max: 6)), [f32(1, 2)], [f32(1, 2)]),
    ShapeCase(
      "clip with run-time bounds", .clip(ClipAttributes(min: nil, max: nil)), [f16(1, 2), f16(), f16(1)],
      [f16(1, 2)]),
    ShapeCase(
      "clip with only a run-time max", .clip(ClipAttributes(min: 0, max: nil)), [f32(3), nil, f32()], [f32(3)]
    ),
    ShapeCase("gelu", .gelu(GeluAttributes(tanhApproximation: true)), [f32(3)], [f32(3)]),
    ShapeCase("cast f32 to f16", .cast(CastAttributes(to: .float16)), [f32(2, 3)], [f16(2, 3)]),
    ShapeCase("cast i64 to bool", .cast(CastAttributes(to: .bool)), [i64(5)], [boolean(5)]),
    ShapeCase("cast scalar to i64", .cast(CastAttributes(to: .int64)), [f32()], [i64()]),
    ShapeCase("identity", .identity, [i64(7)], [i64(7)]),
    ShapeCase("dropout with mask", .dropout, [f32(2, 4), nil, nil], [f32(2, 4), boolean(2, 4)]),
    ShapeCase("dropout without mask", .dropout, [f32(2, 4)], [f32(2, 4)]),
    ShapeCase("softmax", .softmax(SoftmaxAttributes(axis: 1)), [f32(2, 10)], [f32(2, 10)]),
    ShapeCase(
      "logSoftmax coerced 2-D", .logSoftmax(SoftmaxAttributes(axis: 1, coerced2D: true)), [f32(2, 3, 4)],
      [f32(2, 3, 4)]),
    ShapeCase(
      "lrn", .lrn(LRNAttributes(size: 5, alpha: 1e-4, beta: 0.75, bias: 1)), [f32(1, 8, 4, 4)],
      [f32(1, 8, 4, 4)]),
  ]

  @Test("unary, cast and activations", arguments: unary)
  func unaryShapes(_ c: ShapeCase) { c.check() }

  static let normalization: [ShapeCase] = [
    ShapeCase(
      "batchNormalization", .batchNormalization(BatchNormAttributes(epsilon: 1e-5)),
      [f32(2, 8, 4, 4), f32(8), f32(8), f32(8), f32(8)], [f32(2, 8, 4, 4)]),
    ShapeCase(
      "layerNormalization last axis", .layerNormalization(LayerNormAttributes(axis: 2, epsilon: 1e-5)),
      [f32(2, 5, 8), f32(8), f32(8)], [f32(2, 5, 8)]),
    ShapeCase(
      "layerNormalization mean and inverse std dev",
      .layerNormalization(LayerNormAttributes(axis: 2, epsilon: 1e-5)),
      [f32(2, 5, 8), f32(8), nil], [f32(2, 5, 8), f32(2, 5, 1), f32(2, 5, 1)]),
    ShapeCase(
      "layerNormalization axis 1 keeps rank in statistics",
      .layerNormalization(LayerNormAttributes(axis: 1, epsilon: 1e-5)),
      [f32(2, 5, 8), f32(5, 8)], [f32(2, 5, 8), f32(2, 1, 1)]),
    ShapeCase(
      "layerNormalization f16 input has f32 statistics",
      .layerNormalization(LayerNormAttributes(axis: 1, epsilon: 1e-5)),
      [f16(3, 4), f16(4)], [f16(3, 4), f32(3, 1), f32(3, 1)]),
  ]

  @Test("normalization", arguments: normalization)
  func normalizationShapes(_ c: ShapeCase) { c.check() }

  static let quantization: [ShapeCase] = [
    ShapeCase(
      "quantizeLinear per tensor", .quantizeLinear(QuantizeAttributes(axis: 1, outputType: .uint8)),
      [f32(1, 3, 4, 4), f32(), tensorType(.uint8)], [tensorType(.uint8, 1, 3, 4, 4)]),
    ShapeCase(
      "quantizeLinear per tensor with [1] scale",
      .quantizeLinear(QuantizeAttributes(axis: 1, outputType: .int8)),
      [f32(2, 3), f32(1), tensorType(.int8, 1)], [tensorType(.int8, 2, 3)]),
    ShapeCase(
      "quantizeLinear per axis", .quantizeLinear(QuantizeAttributes(axis: 1, outputType: .int8)),
      [f32(1, 3, 4, 4), f32(3), tensorType(.int8, 3)], [tensorType(.int8, 1, 3, 4, 4)]),
    ShapeCase(
      "dequantizeLinear per axis 0", .dequantizeLinear(QuantizeAttributes(axis: 0, outputType: .float32)),
      [tensorType(.int8, 4, 3), f32(4), nil], [f32(4, 3)]),
    ShapeCase(
      "dequantizeLinear blocked",
      .dequantizeLinear(QuantizeAttributes(axis: 1, blockSize: 4, outputType: .float16)),
      [tensorType(.int8, 4, 8), f16(4, 2)], [f16(4, 8)]),
  ]

  @Test("quantize and dequantize", arguments: quantization)
  func quantizationShapes(_ c: ShapeCase) { c.check() }
}
