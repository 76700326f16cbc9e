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

  /// How many inputs (counting empty optional ones) each operator takes, from the ONNX
  /// operator specification (any opset the importer reads); absent: 1...1.
  static let inputCounts: [String: ClosedRange<Int>] = {
    var counts: [String: ClosedRange<Int>] = [:]
    for name in binary.keys { counts[name] = 2...2 }
    for name in variadic.keys { counts[name] = 1...Int.max }
    for name in reductions.keys { counts[name] = 1...2 }
    let others: [String: ClosedRange<Int>] = [
      "Conv": 2...3, "ConvTranspose": 2...3, "QLinearConv": 8...9, "ConvInteger": 2...4, "Gemm": 2...3,
      "MatMul": 2...2, "QLinearMatMul": 8...8, "MatMulInteger": 2...4, "Einsum": 1...Int.max,
      "BatchNormalization": 5...5, "LayerNormalization": 2...3, "Clip": 1...3, "CastLike": 2...2, "Where": 3...3,
      "QuantizeLinear": 2...3, "DequantizeLinear": 2...3, "Dropout": 1...3, "Reshape": 1...2, "Squeeze": 1...2,
      "Unsqueeze": 1...2, "Concat": 1...Int.max, "Split": 1...2, "Slice": 1...5, "Gather": 2...2,
      "GatherElements": 2...2, "Pad": 1...4, "Resize": 1...4, "Upsample": 1...2, "Expand": 2...2, "Tile": 2...2,
      "Constant": 0...0, "Range": 3...3, "Trilu": 1...2, "CumSum": 2...2, "Mod": 2...2,
      "InstanceNormalization": 3...3,
    ]
    counts.merge(others) { $1 }
    return counts
  }()

  /// Every supported operator type, sorted.
  static var allOperators: [String] { all.sorted() }
}

extension GraphBuilder {
  /// Translates one node into IR nodes or constants.
  mutating func translate(_ node: NodeContext) throws(TranslationError) {
    let t = node.opType
    let expected = OperatorTable.inputCounts[t] ?? 1...1
    guard expected.contains(node.inputs.count) else {
      let range =
        expected.lowerBound == expected.upperBound
        ? "\(expected.lowerBound)"
        : expected.upperBound == Int.max
          ? "at least \(expected.lowerBound)"
          : "\(expected.lowerBound) to \(expected.upperBound)"
      throw TranslationError(
        "\(t) takes \(range) input\(expected.upperBound == 1 ? "" : "s"), got \(node.inputs.count)")
    }
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
