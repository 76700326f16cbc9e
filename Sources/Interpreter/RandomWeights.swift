import GraphIR

extension Graph {
  /// The graph with its placeholder weights replaced by seeded random values: every float
  /// constant of rank ≥ 2 stored as one repeated element (what the ONNX light model zoo's
  /// `ConstantOfShape` weights import as) becomes He-uniform, U(−b, b) with
  /// b = √(6 / fan-in) (He et al., ICCV 2015), so activations keep their scale through deep
  /// networks. Fan-in is the rows of a MatMul's right operand, else elements per leading
  /// index (convolution filters, Gemm weights stored N×K). Rank-1 splats (biases,
  /// normalization parameters) stay as they are.
  public func materializingWeights(seed: UInt64) -> Graph {
    var graph = self
    var generator = SplitMix64(seed: seed)
    var matMulRight = Set<ValueID>()
    for node in nodes where node.op == .matMul { if let b = node.inputs[safe: 1] ?? nil { matMulRight.insert(b) } }
    for id in constantIDs {
      guard let tensor = constants[id], tensor.isSplat, tensor.type.dtype.isFloatingPoint, tensor.type.rank >= 2,
        tensor.type.elementCount > 1
      else { continue }
      let shape = tensor.type.shape
      let fanIn = matMulRight.contains(id) ? shape[shape.count - 2] : tensor.type.elementCount / max(shape[0], 1)
      let bound = (6 / Double(max(fanIn, 1))).squareRoot()
      let values = (0..<tensor.type.elementCount).map { _ in (2 * generator.unit() - 1) * bound }
      graph.constants[id] = (try? Tensor(tensor.type.dtype, shape, doubles: values)) ?? tensor
    }
    return graph
  }
}

extension Array {
  /// The element at `index`, or `nil` outside the array.
  public subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
