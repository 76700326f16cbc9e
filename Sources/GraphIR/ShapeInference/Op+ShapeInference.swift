/// Output types of an op from its input types (dtype and shape inference).
extension Op {
  /// Infers the type of every output.
  ///
  /// - Parameters:
  ///   - inputs: The input types, `nil` where an optional input is absent.
  ///   - outputCount: How many outputs the node has (for ops with optional outputs).
  /// - Throws: `IRError` when the inputs are inconsistent with each other or the attributes.
  public func inferOutputTypes(_ inputs: [TensorType?], outputCount: Int = 1) throws(IRError) -> [TensorType] {
    let args = InferenceArguments(op: self, inputs: inputs)
    let types = try inferTypes(args, outputCount: outputCount)
    try require(
      outputCount <= types.count, "\(onnxName) has at most \(types.count) outputs, the node has \(outputCount)")
    return Array(types.prefix(outputCount))
  }

  private func inferTypes(_ args: InferenceArguments, outputCount: Int) throws(IRError) -> [TensorType] {
    switch self {
    case .conv(let a):
      try args.arity(2...3)
      try require(args[0].dtype == args[1].dtype, "input \(args[0]) and weight \(args[1]) differ in dtype")
      return [try ConvShapes.conv(a, x: args[0], w: args[1], bias: args.optional(2), outputType: args[0].dtype)]
    case .qLinearConv(let a):
      try args.arity(8...9)
      return [try ConvShapes.conv(a, x: args[0], w: args[3], bias: nil, outputType: args[7].dtype)]
    case .convInteger(let a):
      try args.arity(2...4)
      return [try ConvShapes.conv(a, x: args[0], w: args[1], bias: nil, outputType: .int32)]
    case .convTranspose(let a):
      try args.arity(2...3)
      return [try ConvShapes.convTranspose(a, x: args[0], w: args[1], bias: args.optional(2))]
    case .gemm(let a):
      try args.arity(2...3)
      return [try MatrixShapes.gemm(a, args[0], args[1], args.optional(2))]
    case .matMul:
      try args.arity(2...2)
      try require(args[0].dtype == args[1].dtype, "operand dtypes differ: \(args[0]) and \(args[1])")
      return [TensorType(args[0].dtype, try MatrixShapes.matMul(args[0].shape, args[1].shape))]
    case .qLinearMatMul:
      try args.arity(8...8)
      return [TensorType(args[7].dtype, try MatrixShapes.matMul(args[0].shape, args[3].shape))]
    case .matMulInteger:
      try args.arity(2...4)
      return [TensorType(.int32, try MatrixShapes.matMul(args[0].shape, args[1].shape))]
    case .einsum(let a):
      try args.arity(1...64)
      let equation = try EinsumEquation(a.equation)
      return [TensorType(args[0].dtype, try equation.outputShape(args.all.map(\.shape)))]
    case .maxPool(let a):
      try args.arity(1...1)
      let y = try ConvShapes.pool(a, x: args[0])
      return [y, TensorType(.int64, y.shape)]
    case .averagePool(let a):
      try args.arity(1...1)
      return [try ConvShapes.pool(a, x: args[0])]
    case .globalAveragePool, .globalMaxPool:
      try args.arity(1...1)
      try require(args[0].rank >= 3, "global pooling needs an N×C×spatial input, got \(args[0])")
      return [TensorType(args[0].dtype, Array(args[0].shape.prefix(2)) + Array(repeating: 1, count: args[0].rank - 2))]
    case .batchNormalization:
      try args.arity(5...5)
      return [try args.perChannel(minimumRank: 2)]
    case .layerNormalization(let a):
      try args.arity(2...3)
      let x = args[0]
      try require(a.axis >= 0 && a.axis < x.rank, "axis \(a.axis) out of range for \(x)")
      let statsShape = Array(x.shape.prefix(a.axis)) + Array(repeating: 1, count: x.rank - a.axis)
      return [x, TensorType(.float32, statsShape), TensorType(.float32, statsShape)]
    case .lrn:
      try args.arity(1...1)
      return [args[0]]
    case .instanceNormalization:
      try args.arity(3...3)
      return [try args.perChannel(minimumRank: 3)]
    case .softmax(let a), .logSoftmax(let a):
      try args.arity(1...1)
      try require(a.axis >= 0 && a.axis < max(args[0].rank, 1), "axis \(a.axis) out of range for \(args[0])")
      return [args[0]]
    case .unary(let function):
      try args.arity(1...1)
      if function == .not { try require(args[0].dtype == .bool, "Not needs a bool input, got \(args[0])") }
      return [args[0]]
    case .leakyRelu, .hardSigmoid, .elu, .selu, .gelu:
      try args.arity(1...1)
      return [args[0]]
    case .clip:
      try args.arity(1...3)
      for bound in args.all.dropFirst() {
        try require(
          bound.elementCount == 1 && bound.dtype == args[0].dtype,
          "Clip bounds must be \(args[0].dtype.rawValue) scalars, got \(bound)")
      }
      return [args[0]]
    case .identity:
      try args.arity(1...1)
      return [args[0]]
    case .relayout:
      try args.arity(1...1)
      return [args[0]]
    case .dropout:
      try args.arity(1...3)
      return [args[0], TensorType(.bool, args[0].shape)]
    case .cast(let a):
      try args.arity(1...1)
      return [TensorType(a.to, args[0].shape)]
    case .binary(let function):
      try args.arity(2...2)
      let shape = try Broadcast.shape(args[0].shape, args[1].shape)
      if function == .prelu {
        try require(shape == args[0].shape, "slope \(args[1]) must broadcast to the input \(args[0])")
      }
      if function != .pow {
        try require(args[0].dtype == args[1].dtype, "operand dtypes differ: \(args[0]) and \(args[1])")
      }
      if function == .and || function == .or || function == .xor {
        try require(args[0].dtype == .bool, "\(function.rawValue) needs bool operands, got \(args[0])")
      }
      return [TensorType(function.producesBool ? .bool : args[0].dtype, shape)]
    case .variadic:
      try args.arity(1...1024)
      var shape = args[0].shape
      for input in args.all.dropFirst() {
        try require(input.dtype == args[0].dtype, "operand dtypes differ: \(args[0]) and \(input)")
        shape = try Broadcast.shape(shape, input.shape)
      }
      return [TensorType(args[0].dtype, shape)]
    case .where:
      try args.arity(3...3)
      try require(args[0].dtype == .bool, "condition must be bool, got \(args[0])")
      try require(args[1].dtype == args[2].dtype, "branch dtypes differ: \(args[1]) and \(args[2])")
      let shape = try Broadcast.shape(try Broadcast.shape(args[0].shape, args[1].shape), args[2].shape)
      return [TensorType(args[1].dtype, shape)]
    case .quantizeLinear(let a), .dequantizeLinear(let a):
      try args.arity(2...3)
      try QuantShapes.checkScale(a, x: args[0], scale: args[1], zeroPoint: args.optional(2))
      return [TensorType(a.outputType, args[0].shape)]
    case .reshape, .flatten, .transpose, .squeeze, .unsqueeze, .concat, .split, .slice, .gather, .gatherElements, .pad,
      .resize, .expand, .tile, .reduce, .depthToSpace, .spaceToDepth, .trilu, .cumSum, .argMax, .argMin:
      return try inferMovementTypes(args, outputCount: outputCount)
    }
  }
}

/// Input types of one inference call, with arity checks and indexed access.
struct InferenceArguments {
  let op: Op
  let inputs: [TensorType?]

  /// All inputs that are present.
  var all: [TensorType] { inputs.compactMap { $0 } }

  /// Checks the input count, and that the first `range.lowerBound` inputs are present.
  func arity(_ range: ClosedRange<Int>) throws(IRError) {
    let expected =
      range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    try require(range.contains(inputs.count), "\(op.onnxName) takes \(expected) inputs, got \(inputs.count)")
    for index in 0..<range.lowerBound where inputs[index] == nil {
      throw IRError("\(op.onnxName) input \(index) is required")
    }
  }

  /// Input `index`; call `arity` first, which guarantees required inputs are present.
  subscript(index: Int) -> TensorType {
    index < inputs.count ? inputs[index] ?? TensorType(.float32, []) : TensorType(.float32, [])
  }

  /// Input 0 (N×C×…, at least `minimumRank` axes), checking that every other input is a
  /// per-channel vector of length C.
  func perChannel(minimumRank: Int) throws(IRError) -> TensorType {
    let x = self[0]
    try require(x.rank >= minimumRank, "\(op.onnxName) needs an input of rank \(minimumRank) or more (N×C×…), got \(x)")
    for index in 1..<inputs.count {
      try require(
        self[index].shape == [x.shape[1]], "input \(index) must have shape [\(x.shape[1])], got \(self[index])")
    }
    return x
  }

  func optional(_ index: Int) -> TensorType? { index < inputs.count ? inputs[index] : nil }
}
