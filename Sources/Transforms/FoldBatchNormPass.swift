import GraphIR
import PassKit

/// `fold-batchnorm`: folds an inference BatchNormalization into the convolution that feeds it.
///
/// With s = scale / sqrt(var + ε): W′[k] = W[k]·s[k] and b′[k] = (b[k] − mean[k])·s[k] + bias[k].
/// Before:
/// ```
/// node "conv" = conv(%x, %w, %b) -> (%c: f32[1,8,4,4]) {…}
/// node "bn" = batchNormalization(%c, %scale, %bias, %mean, %var) -> (%y: f32[1,8,4,4]) {"epsilon":1e-05}
/// ```
/// After:
/// ```
/// node "conv" = conv(%x, %"conv/weight.bn", %"conv/bias.bn") -> (%y: f32[1,8,4,4]) {…}
/// ```
public struct FoldBatchNormPass: CompilerPass {
  public static let name = "fold-batchnorm"
  public static let summary = "Fold BatchNormalization into the preceding convolution's weights and bias."
  public static let description = """
    A BatchNormalization whose input is a float32 convolution used nowhere else, with constant
    weights, bias and statistics, becomes part of that convolution: weights are scaled per
    output channel and the bias absorbs the mean and shift. The convolution takes over the
    normalization's output value and name. Other normalizations are left alone and counted.
    """

  public init(options: PassOptions, target: CompilationTarget) {}

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var uses = [Int](repeating: 0, count: graph.values.count)
    for node in graph.nodes { for input in node.inputs.compactMap({ $0 }) { uses[input.index] += 1 } }
    for output in graph.outputs { uses[output.index] += 1 }
    let producer = graph.producers()
    var folded = 0
    var skipped = 0
    var removed = Set<Int>()
    for (index, node) in graph.nodes.enumerated() {
      guard case .batchNormalization(let bn) = node.op else { continue }
      guard let input = node.inputs.first ?? nil, let convIndex = producer[input.index], uses[input.index] == 1,
        let parameters = try foldedParameters(
          conv: graph.nodes[convIndex], bn: node, epsilon: bn.epsilon, graph: &graph)
      else {
        skipped += 1
        continue
      }
      graph.nodes[convIndex].inputs = [graph.nodes[convIndex].inputs[0], parameters.weight, parameters.bias]
      graph.nodes[convIndex].outputs = node.outputs
      removed.insert(index)
      folded += 1
    }
    graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    graph = graph.pruned()
    return [("batchnorms-folded", folded), ("batchnorms-left", skipped)]
  }

  /// New constant weight and bias for `conv`, or nil when the pattern does not apply.
  private func foldedParameters(
    conv: Node, bn: Node, epsilon: Double, graph: inout Graph
  ) throws(IRError) -> (weight: ValueID, bias: ValueID)? {
    guard case .conv = conv.op, conv.inputs.count >= 2, let weightID = conv.inputs[1],
      let weight = graph.constants[weightID]?.float32Values(), bn.inputs.count == 5
    else { return nil }
    let constants = bn.inputs.dropFirst().map { $0.flatMap { graph.constants[$0]?.float32Values() } }
    guard constants.allSatisfy({ $0 != nil }) else { return nil }
    let (scale, shift, mean, variance) = (
      constants[0] ?? [], constants[1] ?? [], constants[2] ?? [], constants[3] ?? []
    )
    let channels = scale.count
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
      let s = scale[k] / (variance[k] + Float(epsilon)).squareRoot()
      for i in k * perChannel..<(k + 1) * perChannel { newWeight[i] *= s }
      newBias[k] = (bias[k] - mean[k]) * s + shift[k]
    }
    let w = graph.addConstant("\(conv.name)/weight.bn", try Tensor(float32: weightType.shape, newWeight))
    let b = graph.addConstant("\(conv.name)/bias.bn", try Tensor(float32: [channels], newBias))
    return (w, b)
  }
}
