import GraphIR

/// A contraction `quantize` can store in fewer bits: a float32 activation times a constant
/// float32 weight (Conv, Gemm, MatMul with the weight as the second operand).
struct QuantizableContraction {
  /// The axis of the weight that indexes output channels (`nil`: the weight is a vector and
  /// gets one scale): 0 for Conv's M×C×kH×kW and Gemm's transposed N×K; the last axis for
  /// Gemm's K×N and MatMul's …×K×N.
  var channelAxis: Int?
  /// The input index of a constant float32 bias whose last axis is the output channels and
  /// which adds unscaled (`nil`: no such bias; one that is there stays float).
  var biasIndex: Int?

  init?(_ node: Node, in graph: Graph) {
    func isFloatConstant(_ index: Int) -> Bool {
      guard index < node.inputs.count, let id = node.inputs[index] else { return false }
      return graph.constants[id] != nil && graph[id].type.dtype == .float32
    }
    guard node.inputs.count >= 2, let input = node.inputs[0], graph.constants[input] == nil,
      graph[input].type.dtype == .float32, isFloatConstant(1), let weightID = node.inputs[1]
    else { return nil }
    let weight = graph[weightID].type
    switch node.op {
    case .conv:
      guard weight.rank >= 3 else { return nil }
      channelAxis = 0
    case .gemm(let a):
      guard weight.rank == 2 else { return nil }
      channelAxis = a.transB ? 0 : 1
      guard a.alpha == 1, a.beta == 1 else { return }  // a scaled bias is not on the product scale
    case .matMul:
      channelAxis = weight.rank >= 2 ? weight.rank - 1 : nil
      return
    default:
      return nil
    }
    let channels = channelAxis.map { weight.shape[$0] } ?? 1
    if isFloatConstant(2), let bias = node.inputs[2], graph[bias].type.shape.last == channels,
      graph[bias].type.elementCount == channels
    {
      biasIndex = 2
    }
  }
}
