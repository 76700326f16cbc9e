import GraphIR
import PassKit

/// `fold-batchnorm`: folds an inference BatchNormalization, or a Mul/Add by a per-channel
/// constant, into the convolution that feeds it.
///
/// With s = scale / sqrt(var + ε): W′[k] = W[k]·s[k] and b′[k] = (b[k] − mean[k])·s[k] + bias[k].
/// Before:
/// ```
/// node "conv" = conv(%x, %w, %b) -> (%c: f32[1,8,4,4]) {…}
/// node "bn" = batchNormalization(%c, %scale, %bias, %mean, %var) -> (%y: f32[1,8,4,4]) {"epsilon":1e-05}
/// ```
/// After:
/// ```
/// node "conv" = conv(%x, %"conv/weight.folded", %"conv/bias.folded") -> (%y: f32[1,8,4,4]) {…}
/// ```
public struct FoldBatchNormPass: CompilerPass {
  public static let name = "fold-batchnorm"
  public static let summary = "Fold BatchNormalization and constant Mul/Add into the preceding convolution."
  public static let description = """
    A BatchNormalization whose input is a float32 convolution used nowhere else, with constant
    weights, bias and statistics, becomes part of that convolution: weights are scaled per
    output channel and the bias absorbs the mean and shift. The convolution takes over the
    normalization's output value. A Mul or Add by a constant scalar or per-channel tensor
    ([C,1,1], [1,C,1,1]) folds the same way (scale the weights and bias; shift the bias).
    Other normalizations are left alone and counted.
    """
  public static let statistics = [
    PassStatistic("batchnorms-folded", "BatchNormalizations folded into the contraction before them"),
    PassStatistic("muls-adds-folded", "constant per-channel Mul/Add folded likewise"),
    PassStatistic("batchnorms-left", "BatchNormalizations with no contraction to fold into"),
  ]

  public init(options: PassOptions, target: CompilationTarget) {}

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var uses = [Int](repeating: 0, count: graph.values.count)
    for node in graph.nodes { for input in node.inputs.compactMap({ $0 }) { uses[input.index] += 1 } }
    for output in graph.outputs { uses[output.index] += 1 }
    var producer = graph.producers()
    var folded = 0
    var affineFolded = 0
    var skipped = 0
    var removed = Set<Int>()
    for (index, node) in graph.nodes.enumerated() {
      let isNormalization = if case .batchNormalization = node.op { true } else { false }
      guard let input = node.inputs.first ?? nil, let convIndex = producer[input.index],
        case .conv = graph.nodes[convIndex].op, uses[input.index] == 1, !graph.outputs.contains(input),
        let channels = graph[input].type.shape.dropFirst().first,
        let affine = perChannelAffine(node, channels: channels, graph: graph),
        let parameters = try foldedParameters(conv: graph.nodes[convIndex], affine, graph: &graph)
      else {
        if isNormalization { skipped += 1 }
        continue
      }
      graph.nodes[convIndex].inputs = [graph.nodes[convIndex].inputs[0], parameters.weight, parameters.bias]
      graph.nodes[convIndex].outputs = node.outputs
      for output in node.outputs { producer[output.index] = convIndex }
      removed.insert(index)
      if isNormalization { folded += 1 } else { affineFolded += 1 }
    }
    graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    graph = graph.pruned()
    return [("batchnorms-folded", folded), ("muls-adds-folded", affineFolded), ("batchnorms-left", skipped)]
  }

  /// The node as y = x·scale[k] + shift[k] per channel k, when it is an inference
  /// normalization or a Mul/Add by a constant that is a scalar or one value per channel.
  private func perChannelAffine(_ node: Node, channels: Int, graph: Graph) -> (scale: [Float], shift: [Float])? {
    switch node.op {
    case .batchNormalization(let bn):
      guard node.inputs.count == 5 else { return nil }
      let constants = node.inputs.dropFirst().map { $0.flatMap { graph.constants[$0]?.float32Values() } }
      guard let gamma = constants[0], let beta = constants[1], let mean = constants[2], let variance = constants[3],
        [gamma, beta, mean, variance].allSatisfy({ $0.count == channels })
      else { return nil }
      let scale = (0..<channels).map { gamma[$0] / (variance[$0] + Float(bn.epsilon)).squareRoot() }
      return (scale, (0..<channels).map { beta[$0] - mean[$0] * scale[$0] })
    case .binary(let function) where function == .mul || function == .add:
      guard node.inputs.count == 2, let other = node.inputs[1], let tensor = graph.constants[other],
        graph[other].type.dtype == .float32, let values = perChannel(tensor.type.shape, channels: channels, tensor)
      else { return nil }
      let ones = [Float](repeating: 1, count: channels)
      let zeros = [Float](repeating: 0, count: channels)
      return function == .mul ? (values, zeros) : (ones, values)
    default:
      return nil
    }
  }

  /// One value per channel of a constant broadcast against an NCHW tensor: a scalar, [C],
  /// [C,1,1] or [1,C,1,1] (ONNX broadcasting aligns trailing axes, so a bare [C] only when
  /// the conv output is 2-D).
  private func perChannel(_ shape: [Int], channels: Int, _ tensor: Tensor) -> [Float]? {
    guard let values = tensor.float32Values() else { return nil }
    if values.count == 1 { return [Float](repeating: values[0], count: channels) }
    let trimmed = Array(shape.drop { $0 == 1 })
    guard trimmed.first == channels, trimmed.dropFirst().allSatisfy({ $0 == 1 }), shape.count - trimmed.count <= 1,
      trimmed.count >= 3
    else { return nil }
    return values
  }

  /// New constant weight and bias for `conv` with the affine map applied to its output.
  private func foldedParameters(
    conv: Node, _ affine: (scale: [Float], shift: [Float]), graph: inout Graph
  ) throws(IRError) -> (weight: ValueID, bias: ValueID)? {
    guard conv.inputs.count >= 2, let weightID = conv.inputs[1], graph[weightID].type.dtype == .float32,
      let weight = graph.constants[weightID]?.float32Values()
    else { return nil }
    let channels = affine.scale.count
    let bias: [Float]
    if conv.inputs.count > 2, let biasID = conv.inputs[2] {
      guard let values = graph.constants[biasID]?.float32Values() else { return nil }
      bias = values
    } else {
      bias = [Float](repeating: 0, count: channels)
    }
    let weightType = graph[weightID].type
    guard channels == weightType.shape.first, bias.count == channels, channels > 0 else { return nil }
    let perChannel = weight.count / channels
    var newWeight = weight
    var newBias = bias
    for k in 0..<channels {
      for i in k * perChannel..<(k + 1) * perChannel { newWeight[i] *= affine.scale[k] }
      newBias[k] = bias[k] * affine.scale[k] + affine.shift[k]
    }
    let w = graph.addConstant(
      graph.uniqueValueName("\(conv.name)/weight.folded"), try Tensor(float32: weightType.shape, newWeight))
    let b = graph.addConstant(
      graph.uniqueValueName("\(conv.name)/bias.folded"), try Tensor(float32: [channels], newBias))
    return (w, b)
  }
}
