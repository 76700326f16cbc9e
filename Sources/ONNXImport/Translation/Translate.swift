import GraphIR

/// The ONNX operators the importer understands (default domain), and where each goes.
enum OperatorTable {
  static let unary: [String: UnaryFunction] = [
    "Relu": .relu, "Sigmoid": .sigmoid, "Tanh": .tanh, "Erf": .erf, "Sqrt": .sqrt, "Exp": .exp, "Log": .log,
    "Neg": .neg, "Abs": .abs, "Reciprocal": .reciprocal, "Ceil": .ceil, "Floor": .floor, "Round": .round,
    "Sin": .sin, "Cos": .cos, "Sign": .sign, "Softplus": .softplus, "Softsign": .softsign,
    "HardSwish": .hardSwish, "Not": .not,
  ]
  static let binary: [String: BinaryFunction] = [
    "Add": .add, "Sub": .sub, "Mul": .mul, "Div": .div, "Pow": .pow, "PRelu": .prelu, "Equal": .equal,
    "Less": .less, "LessOrEqual": .lessOrEqual, "Greater": .greater, "GreaterOrEqual": .greaterOrEqual,
    "And": .and, "Or": .or, "Xor": .xor,
  ]
  static let variadic: [String: VariadicFunction] = ["Max": .max, "Min": .min, "Sum": .sum, "Mean": .mean]
  static let reductions: [String: ReduceFunction] = [
    "ReduceMean": .reduceMean, "ReduceSum": .reduceSum, "ReduceMax": .reduceMax, "ReduceMin": .reduceMin,
    "ReduceProd": .reduceProd, "ReduceL1": .reduceL1, "ReduceL2": .reduceL2, "ReduceSumSquare": .reduceSumSquare,
    "ReduceLogSumExp": .reduceLogSumExp, "ReduceLogSum": .reduceLogSum,
  ]
  static let others: Set<String> = [
    "Conv", "ConvTranspose", "QLinearConv", "ConvInteger", "Gemm", "MatMul", "QLinearMatMul", "MatMulInteger",
    "Einsum", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
    "LayerNormalization", "LRN", "Softmax", "LogSoftmax", "LeakyRelu", "HardSigmoid", "Elu", "Selu", "Gelu",
    "Clip", "Cast", "CastLike", "Where", "QuantizeLinear", "DequantizeLinear", "Identity", "Dropout", "Reshape",
    "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Concat", "Split", "Slice", "Gather", "GatherElements",
    "Pad", "Resize", "Upsample", "Expand", "Tile", "Constant", "ConstantOfShape", "Shape", "Size", "Range",
    "Trilu", "CumSum", "ArgMax", "ArgMin", "Mod", "InstanceNormalization", "DepthToSpace", "SpaceToDepth",
  ]

  private static let all = Set(unary.keys).union(binary.keys).union(variadic.keys).union(reductions.keys).union(others)

  static func supports(_ opType: String) -> Bool { all.contains(opType) }

  /// Every supported operator type, sorted.
  static var allOperators: [String] { all.sorted() }
}

extension GraphBuilder {
  /// Translates one node into IR nodes or constants.
  mutating func translate(_ node: NodeContext) throws(TranslationError) {
    let t = node.opType
    if let function = OperatorTable.unary[t] { return try emit(.unary(function), [node.input(0)], for: node) }
    if let function = OperatorTable.binary[t] {
      return try emit(.binary(function), [node.input(0), node.input(1)], for: node)
    }
    if let function = OperatorTable.variadic[t] { return try emit(.variadic(function), node.inputs, for: node) }
    if let function = OperatorTable.reductions[t] { return try translateReduction(function, node) }
    switch t {
    case "Conv", "ConvTranspose", "QLinearConv", "ConvInteger": try translateConvolution(node)
    case "Gemm", "MatMul", "QLinearMatMul", "MatMulInteger", "Einsum": try translateMatrixProduct(node)
    case "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool": try translatePooling(node)
    case "BatchNormalization", "LayerNormalization", "LRN", "Softmax", "LogSoftmax": try translateNormalization(node)
    case "Constant", "ConstantOfShape", "Shape", "Size", "Range": try translateConstant(node)
    case "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Expand", "Tile": try translateReshaping(node)
    case "Trilu", "CumSum", "ArgMax", "ArgMin": try translateScan(node)
    case "Mod":
      let fmod = try node.attributes.bool("fmod", default: false)
      try emit(.binary(fmod ? .fmod : .mod), [node.input(0), node.input(1)], for: node)
    case "InstanceNormalization":
      let epsilon = try node.attributes.float("epsilon", default: 1e-5)
      try emit(.instanceNormalization(BatchNormAttributes(epsilon: epsilon)), node.inputs, for: node)
    case "DepthToSpace", "SpaceToDepth": try translateBlockRearrangement(node)
    case "Concat", "Split", "Slice", "Gather", "GatherElements", "Pad", "Resize", "Upsample":
      try translateSelection(node)
    default: try translateElementwise(node)
    }
  }

  /// `axis` normalized against `rank` (negative counts from the end).
  func normalizedAxis(_ axis: Int, rank: Int, _ what: String = "axis") throws(TranslationError) -> Int {
    let value = axis < 0 ? axis + rank : axis
    guard value >= 0 && value < rank else {
      throw TranslationError("\(what) \(axis) is out of range for rank \(rank)")
    }
    return value
  }

  func normalizedAxes(_ axes: [Int], rank: Int) throws(TranslationError) -> [Int] {
    var result: [Int] = []
    for axis in axes { result.append(try normalizedAxis(axis, rank: rank, "axes")) }
    guard Set(result).count == result.count else { throw TranslationError("axes \(axes) repeat") }
    return result.sorted()
  }
}
