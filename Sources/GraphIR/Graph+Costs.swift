// MARK: - Work and parameter counts

extension Graph {
  /// Multiply-accumulates of `node`, without bias terms.
  ///
  /// Conv N·K·∏out·(C/group)·∏kernel; ConvTranspose N·C_in·∏in·(C_out/group)·∏kernel;
  /// Gemm M·N·K; MatMul ∏batch·M·N·K; Einsum the product of all index extents.
  /// Quantized variants count like their float forms; every other op counts 0.
  public func macs(of node: Node) -> Int {
    func type(_ position: Int) -> TensorType? {
      position < node.inputs.count ? node.inputs[position].map { self[$0].type } : nil
    }
    guard let output = node.outputs.first.map({ self[$0].type }) else { return 0 }
    switch node.op {
    case .conv, .convInteger:
      guard let w = type(1) else { return 0 }
      return saturatingMultiply(output.elementCount, Array(w.shape.dropFirst()).elementCount)
    case .qLinearConv:
      guard let w = type(3) else { return 0 }
      return saturatingMultiply(output.elementCount, Array(w.shape.dropFirst()).elementCount)
    case .convTranspose:
      guard let x = type(0), let w = type(1) else { return 0 }
      return saturatingMultiply(x.elementCount, Array(w.shape.dropFirst()).elementCount)
    case .gemm, .matMul, .matMulInteger, .qLinearMatMul:
      guard let a = type(0) else { return 0 }
      let k: Int
      if case .gemm(let g) = node.op { k = g.transA ? a.shape[0] : a.shape[a.rank - 1] } else { k = a.shape.last ?? 1 }
      return saturatingMultiply(output.elementCount, k)
    case .einsum(let a):
      let shapes = node.inputs.compactMap { $0.map { self[$0].type.shape } }
      return (try? EinsumEquation(a.equation).macs(shapes)) ?? 0
    default:
      return 0
    }
  }

  /// Elements of the constant inputs of `node` (its weights, biases and other parameters).
  public func parameterCount(of node: Node) -> Int {
    node.inputs.compactMap { $0 }.filter { constants[$0] != nil }.reduce(0) {
      saturatingAdd($0, self[$1].type.elementCount)
    }
  }

  /// Elements of all constants consumed by nodes, each constant counted once.
  public var parameterCount: Int {
    var seen = Set<ValueID>()
    var total = 0
    for node in nodes {
      for input in node.inputs.compactMap({ $0 }) where constants[input] != nil && seen.insert(input).inserted {
        total = saturatingAdd(total, self[input].type.elementCount)
      }
    }
    return total
  }
}
