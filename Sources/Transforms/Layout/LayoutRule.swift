import GraphIR
import HardwareModel

/// How an op depends on the physical layout of its feature maps.
enum LayoutRule: Equatable {
  /// Computes the same whatever the layout (elementwise, pooling, spatial reductions,
  /// per-channel normalization, padding, channel concatenation and split, Q/DQ): runs in its
  /// producer's layout.
  case agnostic
  /// Reads the logical NCHW order (reshape, flatten, transpose, softmax, gather, matrix
  /// products, …): needs its feature maps in NCHW.
  case modelOrder
  /// A convolution: runs in the layout its unit wants (NCHW on the host or a unit stating none).
  case unitLayout

  /// The rule for `node`. A node none of whose activations has a layout-dependent order
  /// (`TensorLayout.orderMatters`: H and W are 1, or there is one channel) is agnostic,
  /// since every layout stores those tensors alike.
  static func of(_ node: Node, in graph: Graph) -> LayoutRule {
    let activations = node.inputs.compactMap { $0 }.filter { graph.constants[$0] == nil }
    let ordered = (activations + node.outputs).filter { TensorLayout.orderMatters(graph[$0].type.shape) }
    guard !ordered.isEmpty else { return .agnostic }
    switch node.op {
    case .conv, .convInteger, .qLinearConv, .convTranspose:
      return .unitLayout
    case .concat(let a):
      return a.axis == 1 ? agnosticIfAligned(node, ordered, graph) : .modelOrder
    case .split(let a):
      return a.axis == 1 ? agnosticIfAligned(node, ordered, graph) : .modelOrder
    case .maxPool, .averagePool, .globalAveragePool, .globalMaxPool, .batchNormalization, .instanceNormalization,
      .lrn, .pad, .resize, .identity, .dropout:
      return agnosticIfAligned(node, ordered, graph)
    case .reduce(_, let a):
      // Over spatial axes only, a reduction is a global pooling: per channel, in any layout.
      return a.axes.allSatisfy { $0 >= 2 } ? .agnostic : .modelOrder
    default:
      return node.op.isElementwise ? agnosticIfAligned(node, ordered, graph) : .modelOrder
    }
  }

  /// Agnostic when every layout-dependent tensor has the rank of the node's first output:
  /// broadcasting a lower-rank operand aligns trailing axes, which is NCHW's order.
  private static func agnosticIfAligned(_ node: Node, _ ordered: [ValueID], _ graph: Graph) -> LayoutRule {
    let rank = node.outputs.first.map { graph[$0].type.rank } ?? 0
    return ordered.allSatisfy { graph[$0].type.rank == rank } ? .agnostic : .modelOrder
  }
}
