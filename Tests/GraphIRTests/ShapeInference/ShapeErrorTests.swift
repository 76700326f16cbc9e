import GraphIR
import Testing

/// Inputs that shape inference must reject with a message saying what is wrong.
@Suite("Shape inference: errors")
struct ShapeErrorTests {
  static let cases: [ShapeErrorCase] = [
    // Convolution and pooling
    ShapeErrorCase(
      "conv channel mismatch", .conv(convAttributes(kernel: [3, 3])), [f32(1, 3, 8, 8), f32(8, 4, 3, 3)],
      "input has 3 channels but weight f32[8,4,3,3] with group 1 expects 4"),
    ShapeErrorCase(
      "conv group does not divide output channels", .conv(convAttributes(kernel: [3, 3], group: 3)),
      [f32(1, 6, 8, 8), f32(8, 2, 3, 3)], "group 3 does not divide the 8 output channels"),
    ShapeErrorCase(
      "conv kernel_shape disagrees with weight", .conv(convAttributes(kernel: [5, 5])),
      [f32(1, 3, 8, 8), f32(8, 3, 3, 3)],
      "kernel_shape [5, 5] disagrees with weight f32[8,3,3,3]"),
    ShapeErrorCase(
      "conv window larger than padded input", .conv(convAttributes(kernel: [3, 3])),
      [f32(1, 1, 2, 2), f32(1, 1, 3, 3)],
      "does not fit input f32[1,1,2,2]"),
    ShapeErrorCase(
      "conv bias of the wrong length", .conv(convAttributes(kernel: [1, 1])),
      [f32(1, 3, 4, 4), f32(8, 3, 1, 1), f32(3)],
      "bias must have shape [8], got f32[3]"),
    ShapeErrorCase(
      "conv pads of the wrong count",
      .conv(
        ConvAttributes(kernelShape: [3, 3], strides: [1, 1], pads: [1, 1], dilations: [1, 1], group: 1)),
      [f32(1, 3, 8, 8), f32(8, 3, 3, 3)], "pads [1, 1] needs 4 entries"),
    ShapeErrorCase(
      "conv zero stride", .conv(convAttributes(kernel: [3, 3], strides: [0, 1])),
      [f32(1, 3, 8, 8), f32(8, 3, 3, 3)],
      "strides [0, 1] must be positive"),
    ShapeErrorCase(
      "conv weight rank differs", .conv(convAttributes(kernel: [3])), [f32(1, 3, 8, 8), f32(8, 3, 3)],
      "weight f32[8,3,3] and input f32[1,3,8,8] differ in rank"),
    ShapeErrorCase(
      "conv on a matrix", .conv(convAttributes(kernel: [])), [f32(3, 8), f32(8, 3)],
      "needs an N×C×spatial input"),
    ShapeErrorCase(
      "conv missing input", .conv(convAttributes(kernel: [3, 3])), [nil, f32(8, 3, 3, 3)],
      "Conv input 0 is required"),
    ShapeErrorCase(
      "convTranspose channel mismatch",
      .convTranspose(ConvTransposeAttributes(conv: convAttributes(kernel: [3]), outputPadding: [0])),
      [f32(1, 4, 5), f32(2, 4, 3)], "input has 4 channels, weight f32[2,4,3] expects 2"),
    ShapeErrorCase(
      "convTranspose output_padding count",
      .convTranspose(ConvTransposeAttributes(conv: convAttributes(kernel: [3, 3]), outputPadding: [1])),
      [f32(1, 4, 5, 5), f32(4, 2, 3, 3)], "output_padding [1] needs 2 non-negative entries"),
    ShapeErrorCase(
      "pool window larger than input", .maxPool(poolAttributes(kernel: [5, 5])), [f32(1, 1, 4, 4)],
      "window [5, 5] does not fit input f32[1,1,4,4]"),
    ShapeErrorCase(
      "global pool on a matrix", .globalAveragePool, [f32(2, 3)], "global pooling needs an N×C×spatial input"),

    // Matrix products
    ShapeErrorCase(
      "gemm inner dimensions differ", .gemm(GemmAttributes()), [f32(4, 8), f32(9, 16)],
      "inner dimensions differ: f32[4,8] and f32[9,16]"),
    ShapeErrorCase(
      "gemm 3-D operand", .gemm(GemmAttributes()), [f32(2, 4, 8), f32(8, 16)], "Gemm needs 2-D operands"),
    ShapeErrorCase(
      "gemm C does not broadcast", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16), f32(4)],
      "shapes [4] and [4, 16] do not broadcast"),
    ShapeErrorCase(
      "gemm C of higher rank", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16), f32(2, 4, 16)],
      "C f32[2,4,16] does not broadcast to [4,16]"),
    ShapeErrorCase(
      "matMul inner dimensions differ", .matMul, [f32(3, 4), f32(5, 6)],
      "inner dimensions differ: [3, 4] and [5, 6]"),
    ShapeErrorCase(
      "matMul batch does not broadcast", .matMul, [f32(2, 3, 4), f32(3, 4, 5)],
      "shapes [2] and [3] do not broadcast"),
    ShapeErrorCase("matMul scalar operand", .matMul, [f32(), f32(3)], "MatMul operands must not be scalars"),
    // Regressions: dtype agreement that shape inference once let through.
    ShapeErrorCase("matMul mixed dtypes", .matMul, [f32(3, 4), f16(4, 5)], "operand dtypes differ"),
    ShapeErrorCase(
      "conv input and weight dtypes differ", .conv(convAttributes(kernel: [1, 1])), [f32(1, 3, 4, 4), f16(8, 3, 1, 1)],
      "differ in dtype"),
    ShapeErrorCase(
      "gemm C of another dtype", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16), f16(16)], "differ in dtype"),
    ShapeErrorCase("and of floats", .binary(.and), [f32(2), f32(2)], "and needs bool operands"),
    ShapeErrorCase(
      "einsum label extents differ", .einsum(EinsumAttributes(equation: "ij,jk->ik")),
      [f32(2, 3), f32(4, 5)],
      "label 'j' has extents 3 and 4"),
    ShapeErrorCase(
      "einsum unknown output label", .einsum(EinsumAttributes(equation: "ij->ik")), [f32(2, 3)],
      "Einsum output label 'k' appears in no operand"),
    ShapeErrorCase(
      "einsum operand count", .einsum(EinsumAttributes(equation: "ij,jk->ik")), [f32(2, 3)],
      "Einsum equation has 2 operands, got 1 inputs"),
    ShapeErrorCase(
      "einsum operand rank", .einsum(EinsumAttributes(equation: "ij->i")), [f32(2, 3, 4)],
      "operand [2, 3, 4] does not match term of 2 labels"),
    ShapeErrorCase(
      "einsum output repeats a label", .einsum(EinsumAttributes(equation: "ij->ii")), [f32(2, 2)],
      "Einsum output repeats label 'i' in 'ij->ii'"),
    ShapeErrorCase(
      "einsum bad label", .einsum(EinsumAttributes(equation: "i1->i")), [f32(2, 3)], "has a bad label '1'"),

    // Elementwise
    ShapeErrorCase(
      "bad broadcast", .binary(.add), [f32(2, 3), f32(3, 2)], "shapes [2, 3] and [3, 2] do not broadcast"),
    ShapeErrorCase(
      "binary dtypes differ", .binary(.mul), [f32(3), i64(3)], "operand dtypes differ: f32[3] and i64[3]"),
    ShapeErrorCase("variadic dtypes differ", .variadic(.max), [f32(3), f16(3)], "operand dtypes differ"),
    ShapeErrorCase(
      "clip bound not a scalar", .clip(ClipAttributes(min: nil, max: nil)), [f32(3), f32(2)],
      "Clip bounds must be f32 scalars, got f32[2]"),
    ShapeErrorCase("not on floats", .unary(.not), [f32(3)], "Not needs a bool input, got f32[3]"),
    ShapeErrorCase("relu arity", .unary(.relu), [f32(3), f32(3)], "Relu takes 1 inputs, got 2"),
    ShapeErrorCase(
      "where condition not bool", .where, [f32(3), f32(3), f32(3)], "condition must be bool, got f32[3]"),
    ShapeErrorCase("where branch dtypes", .where, [boolean(3), f32(3), i64(3)], "branch dtypes differ"),
    ShapeErrorCase(
      "where does not broadcast", .where, [boolean(2), f32(3), f32(3)], "shapes [2] and [3] do not broadcast"),
    ShapeErrorCase(
      "per-axis scale of the wrong length", .quantizeLinear(QuantizeAttributes(axis: 1, outputType: .uint8)),
      [f32(1, 3, 4, 4), f32(4)], "per-axis scale must have shape [3], got f32[4]"),
    ShapeErrorCase(
      "zero point and scale differ", .dequantizeLinear(QuantizeAttributes(axis: 0, outputType: .float32)),
      [tensorType(.int8, 4), f32(4), tensorType(.int8, 2)],
      "zero point i8[2] and scale f32[4] differ in shape"),
    ShapeErrorCase(
      "blocked scale rank",
      .dequantizeLinear(QuantizeAttributes(axis: 1, blockSize: 4, outputType: .float32)),
      [tensorType(.int8, 4, 8), f32(2)], "blocked scale f32[2] must have the rank of i8[4,8]"),
    ShapeErrorCase(
      "batchNormalization parameter shape", .batchNormalization(BatchNormAttributes(epsilon: 1e-5)),
      [f32(1, 8, 2, 2), f32(8), f32(8), f32(4), f32(8)], "input 3 must have shape [8], got f32[4]"),
    ShapeErrorCase(
      "layerNormalization too many outputs", .layerNormalization(LayerNormAttributes(axis: 1, epsilon: 1e-5)),
      [f32(2, 3), f32(3)], outputCount: 4, "LayerNormalization has at most 3 outputs, the node has 4"),
    ShapeErrorCase(
      "softmax axis out of range", .softmax(SoftmaxAttributes(axis: 2)), [f32(2, 3)],
      "axis 2 out of range for f32[2,3]"),

    // Data movement
    ShapeErrorCase(
      "reshape element count", .reshape(ShapeAttributes(shape: [4, 2])), [f32(2, 3)],
      "cannot reshape f32[2,3] (6 elements) to [4, 2]"),
    ShapeErrorCase(
      "reshape unresolved -1", .reshape(ShapeAttributes(shape: [-1, 3])), [f32(2, 3)],
      "target shape [-1, 3] has negative extents"),
    ShapeErrorCase(
      "flatten axis", .flatten(AxisAttributes(axis: 4)), [f32(2, 3, 4)], "axis 4 out of range for f32[2,3,4]"),
    ShapeErrorCase(
      "transpose not a permutation", .transpose(TransposeAttributes(perm: [0, 0, 1])), [f32(2, 3, 4)],
      "perm [0, 0, 1] is not a permutation of 3 axes"),
    ShapeErrorCase(
      "squeeze non-unit axis", .squeeze(AxesAttributes(axes: [1])), [f32(1, 3)],
      "cannot squeeze axis 1 of f32[1,3]"),
    ShapeErrorCase(
      "unsqueeze repeated axis", .unsqueeze(AxesAttributes(axes: [0, 0])), [f32(3)],
      "bad axes [0, 0] for f32[3]"),
    ShapeErrorCase(
      "concat other extents differ", .concat(AxisAttributes(axis: 1)), [f32(2, 3), f32(3, 3)],
      "cannot concatenate f32[2,3] and f32[3,3] along axis 1"),
    ShapeErrorCase(
      "concat dtypes differ", .concat(AxisAttributes(axis: 0)), [f32(2), i64(2)],
      "cannot concatenate f32[2] and i64[2]"),
    ShapeErrorCase(
      "split sizes do not add up", .split(SplitAttributes(axis: 0, sizes: [2, 3])), [f32(6)], outputCount: 2,
      "split sizes [2, 3] do not add up to 6"),
    ShapeErrorCase(
      "split output count", .split(SplitAttributes(axis: 0, sizes: [3, 3])), [f32(6)], outputCount: 3,
      "2 split sizes for 3 outputs"),
    ShapeErrorCase(
      "slice step 0", slice(starts: [0], ends: [1], axes: [0], steps: [0]), [f32(4)], "step must not be 0"),
    ShapeErrorCase(
      "slice axis out of range", slice(starts: [0], ends: [1], axes: [2], steps: [1]), [f32(4)],
      "axis 2 out of range"),
    ShapeErrorCase(
      "slice lengths differ", slice(starts: [0, 0], ends: [1], axes: [0], steps: [1]), [f32(4)],
      "starts, ends, axes and steps must have equal lengths"),
    ShapeErrorCase(
      "slice repeated axes", slice(starts: [0, 0], ends: [1, 1], axes: [0, 0], steps: [1, 1]), [f32(4)],
      "repeat"),
    ShapeErrorCase(
      "gather float indices", .gather(AxisAttributes(axis: 0)), [f32(4), f32(2)],
      "indices must be int32 or int64, got f32[2]"),
    ShapeErrorCase(
      "gatherElements rank", .gatherElements(AxisAttributes(axis: 0)), [f32(3, 3), i64(3)],
      "indices i64[3] do not fit data f32[3,3]"),
    ShapeErrorCase(
      "pad count", .pad(PadAttributes(mode: .constant, pads: [1, 1], value: 0)), [f32(2, 2)],
      "pads [1, 1] needs 4 entries"),
    ShapeErrorCase(
      "pad crops too much", .pad(PadAttributes(mode: .constant, pads: [-2, -1], value: 0)), [f32(2)],
      "pads [-2, -1] remove more than f32[2] has"),
    ShapeErrorCase(
      "expand does not broadcast", .expand(ShapeAttributes(shape: [2, 4])), [f32(3)],
      "shapes [3] and [2, 4] do not broadcast"),
    ShapeErrorCase(
      "tile repeats count", .tile(TileAttributes(repeats: [2])), [f32(2, 3)],
      "repeats [2] do not fit f32[2,3]"),
    ShapeErrorCase(
      "resize rank",
      .resize(
        ResizeAttributes(
          mode: "linear", coordinateTransformationMode: "half_pixel", nearestMode: "floor",
          cubicCoeffA: -0.75,
          excludeOutside: false, extrapolationValue: 0, scales: [2, 2], outputShape: [8, 8], roi: [])),
      [f32(1, 3, 4, 4)], "output shape [8, 8] does not match f32[1,3,4,4]"),
    ShapeErrorCase(
      "reduce axis out of range", .reduce(.reduceSum, ReduceAttributes(axes: [3], keepDims: true)),
      [f32(2, 3)],
      "axes [3] out of range for f32[2,3]"),
  ]

  @Test("rejected inputs", arguments: cases)
  func rejected(_ c: ShapeErrorCase) {
    let error = #expect(throws: IRError.self, "\(c.name)") {
      try c.op.inferOutputTypes(c.inputs, outputCount: c.outputCount)
    }
    if let error {
      #expect(error.message.contains(c.message), "\(c.name): message was '\(error.message)'")
    }
  }
}
