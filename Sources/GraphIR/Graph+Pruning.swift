extension Graph {
  /// The graph without values nothing uses: constants no node or output reads, and the
  /// outputs of nodes whose results are all unused (iterated, so dead chains go whole).
  /// Graph inputs are the interface and always stay. Value IDs are renumbered densely in
  /// their old order, so the result is deterministic.
  public func pruned() -> Graph {
    var live = [Bool](repeating: false, count: values.count)
    for id in inputs + outputs { live[id.index] = true }
    var keptNodes = [Bool](repeating: false, count: nodes.count)
    for (index, node) in nodes.enumerated().reversed() where node.outputs.contains(where: { live[$0.index] }) {
      keptNodes[index] = true
      for output in node.outputs { live[output.index] = true }
      for input in node.inputs.compactMap({ $0 }) { live[input.index] = true }
    }
    var newID = [ValueID?](repeating: nil, count: values.count)
    var result = Graph(name: name)
    for (index, value) in values.enumerated() where live[index] {
      newID[index] = result.addValue(value.name, value.type)
    }
    func map(_ id: ValueID) -> ValueID { newID[id.index] ?? id }
    result.inputs = inputs.map(map)
    result.outputs = outputs.map(map)
    for (id, tensor) in constants where live[id.index] { result.constants[map(id)] = tensor }
    result.nodes = nodes.indices.filter { keptNodes[$0] }.map { index in
      let node = nodes[index]
      return Node(
        name: node.name, op: node.op, inputs: node.inputs.map { $0.map(map) }, outputs: node.outputs.map(map),
        schedule: node.schedule)
    }
    return result
  }
}
