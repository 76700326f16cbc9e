/// The operation a node performs.
///
/// One enum for every node, with a typed payload per case (tinygrad's single op type with
/// MLIR's typed attributes). Elementwise functions, variadic functions and reductions are
/// grouped in raw-value enums so rules can match a whole family (`case .unary`).
public enum Op: Hashable, Sendable {
  // MARK: Contractions
  case conv(ConvAttributes)
  case convTranspose(ConvTransposeAttributes)
  case gemm(GemmAttributes)
  case matMul
  case einsum(EinsumAttributes)
  /// Inputs: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, bias?
  case qLinearConv(ConvAttributes)
  /// Inputs: x, w, x_zero_point?, w_zero_point?; int32 output.
  case convInteger(ConvAttributes)
  /// Inputs: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point.
  case qLinearMatMul
  /// Inputs: a, b, a_zero_point?, b_zero_point?; int32 output.
  case matMulInteger

  // MARK: Pooling and normalization
  case maxPool(PoolAttributes)
  case averagePool(PoolAttributes)
  case globalAveragePool
  case globalMaxPool
  /// Inputs: x, scale, bias, mean, variance.
  case batchNormalization(BatchNormAttributes)
  /// Inputs: x, scale, bias?; outputs: y, mean?, inverse std dev?
  case layerNormalization(LayerNormAttributes)
  case lrn(LRNAttributes)
  /// Inputs: x, scale[C], bias[C]; normalizes each (n, c) plane.
  case instanceNormalization(BatchNormAttributes)
  case softmax(SoftmaxAttributes)
  case logSoftmax(SoftmaxAttributes)

  // MARK: Elementwise
  case unary(UnaryFunction)
  case leakyRelu(ActivationAttributes)
  case hardSigmoid(ActivationAttributes)
  case elu(ActivationAttributes)
  case selu(ActivationAttributes)
  case gelu(GeluAttributes)
  /// Inputs: x, min?, max? (operands only for bounds computed at run time; constant
  /// bounds are attributes).
  case clip(ClipAttributes)
  case cast(CastAttributes)
  case binary(BinaryFunction)
  case variadic(VariadicFunction)
  /// Inputs: condition, x, y.
  case `where`
  /// Inputs: x, scale, zero_point?.
  case quantizeLinear(QuantizeAttributes)
  /// Inputs: x, scale, zero_point?.
  case dequantizeLinear(QuantizeAttributes)
  case identity
  /// Inference-mode dropout: the identity, with an all-true mask as optional second output.
  case dropout

  // MARK: Data movement
  case reshape(ShapeAttributes)
  case flatten(AxisAttributes)
  case transpose(TransposeAttributes)
  case squeeze(AxesAttributes)
  case unsqueeze(AxesAttributes)
  case concat(AxisAttributes)
  case split(SplitAttributes)
  case slice(SliceAttributes)
  /// Inputs: data, indices.
  case gather(AxisAttributes)
  /// Inputs: data, indices.
  case gatherElements(AxisAttributes)
  case pad(PadAttributes)
  case resize(ResizeAttributes)
  case expand(ShapeAttributes)
  case tile(TileAttributes)
  case trilu(TriluAttributes)
  case depthToSpace(DepthToSpaceAttributes)
  case spaceToDepth(DepthToSpaceAttributes)
  case cumSum(CumSumAttributes)
  /// A physical layout change of its one input (the identity on values).
  case relayout(RelayoutAttributes)

  // MARK: Reductions
  case reduce(ReduceFunction, ReduceAttributes)
  case argMax(ArgReduceAttributes)
  case argMin(ArgReduceAttributes)
}

/// Elementwise functions of one input whose output has the input's type.
public enum UnaryFunction: String, CaseIterable, Sendable, Hashable {
  case relu, sigmoid, tanh, erf, sqrt, exp, log, neg, abs, reciprocal, ceil, floor, round
  case sin, cos, sign, softplus, softsign, hardSwish
  /// Logical not (bool in, bool out).
  case not
}

/// Elementwise functions of two broadcast inputs.
public enum BinaryFunction: String, CaseIterable, Sendable, Hashable {
  /// `mod`: remainder with the divisor's sign (ONNX Mod, fmod=0); `fmod`: with the dividend's (fmod=1).
  case add, sub, mul, div, pow, mod, fmod, prelu
  case equal, less, lessOrEqual, greater, greaterOrEqual
  case and, or, xor

  /// Comparisons and logical functions produce `bool`.
  public var producesBool: Bool {
    switch self {
    case .add, .sub, .mul, .div, .pow, .mod, .fmod, .prelu: false
    default: true
    }
  }
}

/// Elementwise functions of any number of broadcast inputs.
public enum VariadicFunction: String, CaseIterable, Sendable, Hashable {
  case max, min, sum, mean
}

/// Reductions over a set of axes.
public enum ReduceFunction: String, CaseIterable, Sendable, Hashable {
  case reduceMean, reduceSum, reduceMax, reduceMin, reduceProd, reduceL1, reduceL2, reduceSumSquare
  case reduceLogSumExp, reduceLogSum
}
