/// Structural and type checks of a graph.
extension Graph {
  /// Checks that every value is defined once before use, nodes are in topological order
  /// (so there is no cycle), constants match their types and every node's output types
  /// equal what shape inference gives for its inputs.
  ///
  /// - Throws: The first `IRError` found, naming the node at fault.
  public func verify() throws(IRError) {
    var names = Set<String>()
    for value in values where !names.insert(value.name).inserted {
      throw IRError("two values are named '\(value.name)'")
    }
    var defined = [Bool](repeating: false, count: values.count)
    func define(_ id: ValueID, by owner: String) throws(IRError) {
      guard id.index >= 0, id.index < values.count else { throw IRError("\(owner) refers to a missing value \(id)") }
      guard !defined[id.index] else { throw IRError("value '\(self[id].name)' is defined twice (again by \(owner))") }
      defined[id.index] = true
    }
    for id in inputs { try define(id, by: "graph input") }
    for id in constantIDs {
      try define(id, by: "constant")
      if let tensor = constants[id], tensor.type != self[id].type {
        throw IRError("constant '\(self[id].name)' holds \(tensor.type) but is declared \(self[id].type)")
      }
    }
    let producer = producers()
    for (index, node) in nodes.enumerated() {
      for input in node.inputs.compactMap({ $0 }) {
        guard input.index >= 0, input.index < values.count else {
          throw IRError("input refers to a missing value \(input)", node: node.name)
        }
        guard defined[input.index] else {
          let reason =
            producer[input.index].map { $0 >= index ? "is produced later (a cycle or unsorted nodes)" : "" }
            ?? "is never defined"
          throw IRError("input '\(self[input].name)' \(reason)", node: node.name)
        }
      }
      for output in node.outputs { try define(output, by: "node '\(node.name)'") }
      let inferred: [TensorType]
      do {
        inferred = try node.op.inferOutputTypes(
          node.inputs.map { $0.map { self[$0].type } }, outputCount: node.outputs.count)
      } catch { throw error.at(node: node.name) }
      for (output, type) in zip(node.outputs, inferred) where self[output].type != type {
        throw IRError(
          "output '\(self[output].name)' is \(self[output].type) but its inputs give \(type)", node: node.name)
      }
    }
    try verifySchedules()
    for id in outputs where id.index < 0 || id.index >= values.count || !defined[id.index] {
      throw IRError("graph output \(id) is never defined")
    }
  }

  /// Kernels are contiguous runs of nodes (so kernels are ordered like their nodes) and tiles
  /// are well formed.
  private func verifySchedules() throws(IRError) {
    var finished = Set<String>()
    var current: String?
    for node in nodes {
      if let problem = node.schedule.tile?.problem { throw IRError(problem, node: node.name) }
      let kernel = node.schedule.kernel
      if kernel != current, let previous = current { finished.insert(previous) }
      if let kernel, finished.contains(kernel) {
        throw IRError("kernel '\(kernel)' is not contiguous: other nodes run between its nodes", node: node.name)
      }
      current = kernel
    }
  }
}
