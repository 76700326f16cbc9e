import GraphIR
import HardwareModel

extension Graph {
  /// Folds chains of relayouts: `relayout(relayout(x, A→B), B→C)` reads `x` directly as
  /// `A→C`, and disappears when `C` is `A` (its users read `x`). One sweep in node order
  /// handles chains of any length, since a relayout is rewritten before its users are seen.
  /// A relayout whose result is a graph output keeps its value (and name). Relayouts nothing
  /// reads any more are removed afterwards.
  ///
  /// - Returns: How many relayout pairs were folded.
  mutating func foldRelayouts() -> Int {
    let producer = producers()
    let graphOutputs = Set(outputs)
    var forwarded: [ValueID: ValueID] = [:]
    var removed = Set<Int>()
    var folded = 0
    for index in nodes.indices {
      nodes[index].inputs = nodes[index].inputs.map { $0.map { forwarded[$0] ?? $0 } }
      guard case .relayout(var outer) = nodes[index].op, let middle = nodes[index].inputs.first ?? nil,
        let inner = producer[middle.index], case .relayout(let first) = nodes[inner].op,
        let source = nodes[inner].inputs.first ?? nil, let result = nodes[index].outputs.first
      else { continue }
      folded += 1
      outer.from = first.from
      let sameOrder = outer.from == outer.to || !TensorLayout.orderMatters(self[source].type.shape)
      if sameOrder, !graphOutputs.contains(result) {
        forwarded[result] = source
        removed.insert(index)
      } else {
        nodes[index].op = .relayout(outer)
        nodes[index].inputs[0] = source
      }
    }
    nodes = nodes.indices.filter { !removed.contains($0) }.map { nodes[$0] }
    removeUnusedRelayouts()
    return folded
  }

  /// Removes relayout nodes whose result nothing reads (walking backwards, so a chain left
  /// dead by folding goes whole).
  mutating func removeUnusedRelayouts() {
    var uses = [Int](repeating: 0, count: values.count)
    for node in nodes { for input in node.inputs.compactMap({ $0 }) { uses[input.index] += 1 } }
    for output in outputs { uses[output.index] += 1 }
    var removed = Set<Int>()
    for index in nodes.indices.reversed() {
      guard case .relayout = nodes[index].op, nodes[index].outputs.allSatisfy({ uses[$0.index] == 0 }) else {
        continue
      }
      removed.insert(index)
      for input in nodes[index].inputs.compactMap({ $0 }) { uses[input.index] -= 1 }
    }
    if !removed.isEmpty { nodes = nodes.indices.filter { !removed.contains($0) }.map { nodes[$0] } }
  }
}
