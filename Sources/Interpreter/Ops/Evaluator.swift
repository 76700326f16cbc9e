import GraphIR

/// Evaluates one op on concrete operands. Output types come from the graph (shape
/// inference already ran), so each op only computes elements.
enum Evaluator {
  static func evaluate(_ op: Op, _ inputs: [NDArray?], outputTypes: [TensorType]) throws(InterpreterError) -> [NDArray]
  {
    let out = outputTypes.first ?? TensorType(.float32, [])
    switch op {
    // Contractions
    case .conv(let a): return [try conv(inputs, a, out)]
    case .convTranspose(let a): return [try convTranspose(inputs, a, out)]
    case .gemm(let a): return [try gemm(inputs, a, out)]
    case .matMul: return [try matMul(inputs, out)]
    case .einsum(let a): return [try einsum(inputs, a, out)]
    case .qLinearConv(let a): return [try qLinearConv(inputs, a, out)]
    case .convInteger(let a): return [try convInteger(inputs, a, out)]
    case .qLinearMatMul: return [try qLinearMatMul(inputs, out)]
    case .matMulInteger: return [try matMulInteger(inputs, out)]
    // Pooling and normalization
    case .maxPool(let a):
      let y = try pool(inputs, a, max: true, out)
      return outputTypes.count > 1 ? [y, try maxPoolIndices(inputs, a, outputTypes[1])] : [y]
    case .averagePool(let a): return [try pool(inputs, a, max: false, out)]
    case .globalAveragePool: return [try globalPool(inputs, max: false, out)]
    case .globalMaxPool: return [try globalPool(inputs, max: true, out)]
    case .batchNormalization(let a): return [try batchNormalization(inputs, a, out)]
    case .layerNormalization(let a): return try layerNormalization(inputs, a, outputTypes)
    case .lrn(let a): return [try lrn(inputs, a, out)]
    case .instanceNormalization(let a): return [try instanceNormalization(inputs, a, out)]
    case .softmax(let a): return [try softmax(inputs, a, log: false, out)]
    case .logSoftmax(let a): return [try softmax(inputs, a, log: true, out)]
    // Elementwise
    case .unary(let f): return [try unary(inputs, f, out)]
    case .leakyRelu, .hardSigmoid, .elu, .selu, .gelu: return [try activation(op, inputs, out)]
    case .clip(let a): return [try clip(inputs, a, out)]
    case .cast(let a): return [try cast(inputs, a, out)]
    case .binary(let f): return [try binary(inputs, f, out)]
    case .variadic(let f): return [try variadic(inputs, f, out)]
    case .where: return [try select(inputs, out)]
    case .quantizeLinear(let a): return [try quantizeLinear(inputs, a, out)]
    case .dequantizeLinear(let a): return [try dequantizeLinear(inputs, a, out)]
    case .identity, .relayout, .reshape, .flatten, .squeeze, .unsqueeze:
      return [try operand(inputs, 0).with(shape: out.shape)]
    case .dropout:
      let x = try operand(inputs, 0)
      return outputTypes.count > 1
        ? [
          x,
          NDArray(.bool, outputTypes[1].shape, ints: [Int64](repeating: 1, count: outputTypes[1].shape.elementCount)),
        ] : [x]
    // Data movement
    case .transpose(let a): return [try transpose(inputs, a, out)]
    case .concat(let a): return [try concat(inputs, a, out)]
    case .split(let a): return try split(inputs, a, outputTypes)
    case .slice(let a): return [try slice(inputs, a, out)]
    case .gather(let a): return [try gather(inputs, a, out)]
    case .gatherElements(let a): return [try gatherElements(inputs, a, out)]
    case .pad(let a): return [try pad(inputs, a, out)]
    case .resize(let a): return [try resize(inputs, a, out)]
    case .expand: return [try expand(inputs, out)]
    case .tile(let a): return [try tile(inputs, a, out)]
    case .trilu(let a): return [try trilu(inputs, a, out)]
    case .depthToSpace(let a): return [try depthToSpace(inputs, a, out)]
    case .spaceToDepth(let a): return [try spaceToDepth(inputs, a, out)]
    case .cumSum(let a): return [try cumSum(inputs, a, out)]
    // Reductions
    case .reduce(let f, let a): return [try reduce(inputs, f, a, out)]
    case .argMax(let a): return [try argReduce(inputs, a, max: true, out)]
    case .argMin(let a): return [try argReduce(inputs, a, max: false, out)]
    }
  }

  /// Operand `index`, which must be present.
  static func operand(_ inputs: [NDArray?], _ index: Int) throws(InterpreterError) -> NDArray {
    guard index < inputs.count, let value = inputs[index] else { throw InterpreterError("operand \(index) is missing") }
    return value
  }

  /// Operand `index` if the node has it.
  static func optionalOperand(_ inputs: [NDArray?], _ index: Int) -> NDArray? {
    index < inputs.count ? inputs[index] : nil
  }
}
