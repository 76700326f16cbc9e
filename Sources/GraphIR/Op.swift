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

// MARK: - Names and groups

extension Op {
  /// The op's name in the textual IR (`conv`, `relu`, `reduceMean`).
  public var name: String {
    switch self {
    case .conv: "conv"
    case .convTranspose: "convTranspose"
    case .gemm: "gemm"
    case .matMul: "matMul"
    case .einsum: "einsum"
    case .qLinearConv: "qLinearConv"
    case .convInteger: "convInteger"
    case .qLinearMatMul: "qLinearMatMul"
    case .matMulInteger: "matMulInteger"
    case .maxPool: "maxPool"
    case .averagePool: "averagePool"
    case .globalAveragePool: "globalAveragePool"
    case .globalMaxPool: "globalMaxPool"
    case .batchNormalization: "batchNormalization"
    case .layerNormalization: "layerNormalization"
    case .lrn: "lrn"
    case .instanceNormalization: "instanceNormalization"
    case .depthToSpace: "depthToSpace"
    case .spaceToDepth: "spaceToDepth"
    case .softmax: "softmax"
    case .logSoftmax: "logSoftmax"
    case .unary(let function): function.rawValue
    case .leakyRelu: "leakyRelu"
    case .hardSigmoid: "hardSigmoid"
    case .elu: "elu"
    case .selu: "selu"
    case .gelu: "gelu"
    case .clip: "clip"
    case .cast: "cast"
    case .binary(let function): function.rawValue
    case .variadic(let function): function.rawValue
    case .where: "where"
    case .quantizeLinear: "quantizeLinear"
    case .dequantizeLinear: "dequantizeLinear"
    case .identity: "identity"
    case .dropout: "dropout"
    case .reshape: "reshape"
    case .flatten: "flatten"
    case .transpose: "transpose"
    case .squeeze: "squeeze"
    case .unsqueeze: "unsqueeze"
    case .concat: "concat"
    case .split: "split"
    case .slice: "slice"
    case .gather: "gather"
    case .gatherElements: "gatherElements"
    case .pad: "pad"
    case .resize: "resize"
    case .expand: "expand"
    case .tile: "tile"
    case .trilu: "trilu"
    case .cumSum: "cumSum"
    case .relayout: "relayout"
    case .argMax: "argMax"
    case .argMin: "argMin"
    case .reduce(let function, _): function.rawValue
    }
  }

  /// The ONNX operator type this op corresponds to (`Conv`, `Relu`, `ReduceMean`).
  public var onnxName: String {
    switch self {
    case .lrn: "LRN"
    case .binary(.prelu): "PRelu"
    default: name.prefix(1).uppercased() + name.dropFirst()
    }
  }

  /// Convolutions and matrix products: the ops a MAC array runs.
  public var isContraction: Bool {
    switch self {
    case .conv, .convTranspose, .gemm, .matMul, .einsum, .qLinearConv, .convInteger, .qLinearMatMul,
      .matMulInteger:
      true
    default: false
    }
  }

  /// Ops that only rearrange or relabel elements, computing nothing.
  public var isDataMovement: Bool {
    switch self {
    case .identity, .dropout, .reshape, .flatten, .transpose, .squeeze, .unsqueeze, .concat, .split,
      .slice, .gather, .gatherElements, .pad, .expand, .tile, .depthToSpace, .spaceToDepth, .relayout:
      true
    default: false
    }
  }

  /// Ops computing each output element from the same position of their (broadcast) inputs.
  public var isElementwise: Bool {
    switch self {
    case .unary, .leakyRelu, .hardSigmoid, .elu, .selu, .gelu, .clip, .cast, .binary, .variadic, .where,
      .quantizeLinear, .dequantizeLinear:
      true
    default: false
    }
  }
}
