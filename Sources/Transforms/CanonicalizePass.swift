import GraphIR
import PassKit

/// `canonicalize`: folds nodes whose inputs are all constants, removes ops that do nothing
/// (identity, inference dropout, reshape/expand to the same shape, identity transpose,
/// relayout to the same layout) and drops what nothing uses.
///
/// Before:
/// ```
/// node "t" = transpose(%x) -> (%t: f32[2,3]) {"perm":[0,1]}
/// node "r" = relu(%t) -> (%y: f32[2,3])
/// ```
/// After:
/// ```
/// node "r" = relu(%x) -> (%y: f32[2,3])
/// ```
public struct CanonicalizePass: CompilerPass {
  public static let name = "canonicalize"
  public static let summary = "Fold constants, remove no-op ops and dead code."
  public static let description = """
    Folds nodes whose inputs are all constants (small tensors and splats), forwards the
    input of ops that do nothing (identity, dropout, same-shape reshape/expand/flatten,
    identity transpose, relayout to the same layout) to their users, and removes constants
    and nodes nothing uses. Graph outputs keep their names: a no-op whose result is a graph output stays.
    """
  public static let statistics = [
    PassStatistic("constants-folded", "nodes computed at compile time from constants"),
    PassStatistic("no-ops-removed", "nodes that change nothing, bypassed"),
    PassStatistic("dead-values-removed", "nodes and values nothing reads"),
  ]

  public init(options: PassOptions, target: CompilationTarget) {}

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var forwarded: [ValueID: ValueID] = [:]
    var folded = 0
    var bypassed = 0
    let graphOutputs = Set(graph.outputs)
    var kept: [Node] = []
    for var node in graph.nodes {
      node.inputs = node.inputs.map { $0.map { forwarded[$0] ?? $0 } }
      let present = node.inputs.compactMap { $0 }
      if !present.isEmpty, present.allSatisfy({ graph.constants[$0] != nil }),
        let tensors = ConstantFolder.fold(
          node.op, node.inputs.map { $0.flatMap { graph.constants[$0] } },
          outputTypes: node.outputs.map { graph[$0].type })
      {
        for (output, tensor) in zip(node.outputs, tensors) { graph.constants[output] = tensor }
        folded += 1
        continue
      }
      if let source = present.first, isNoOp(node, graph), !graphOutputs.contains(node.outputs[0]) {
        forwarded[node.outputs[0]] = source
        bypassed += 1
        continue
      }
      kept.append(node)
    }
    graph.nodes = kept
    let before = graph.nodes.count + graph.constants.count
    graph = graph.pruned()
    let removed = before - graph.nodes.count - graph.constants.count
    return [("constants-folded", folded), ("no-ops-removed", bypassed), ("dead-values-removed", removed)]
  }

  /// Whether the node's first output equals its first input element for element.
  private func isNoOp(_ node: Node, _ graph: Graph) -> Bool {
    guard node.outputs.count == 1, let input = node.inputs.first ?? nil else { return false }
    let sameType = graph[input].type == graph[node.outputs[0]].type
    switch node.op {
    case .identity, .dropout: return true
    case .reshape, .expand, .flatten, .squeeze, .unsqueeze, .cast: return sameType
    case .transpose(let a): return a.perm == Array(a.perm.indices)
    case .relayout(let a): return a.from == a.to
    default: return false
    }
  }
}
