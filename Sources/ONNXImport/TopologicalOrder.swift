/// Orders ONNX nodes so every node comes after the producers of its inputs.
///
/// Already-sorted graphs keep their order. Runs iteratively, so a hostile deep chain
/// cannot exhaust the stack. Throws naming a node on a cycle.
func topologicalOrder(_ g: Onnx_GraphProto) throws(LocatedError) -> [Int] {
  var producer: [String: Int] = [:]
  for (index, node) in g.node.enumerated() {
    for output in node.output where !output.isEmpty {
      if producer[output] != nil {
        throw LocatedError(node: node.name, message: "tensor '\(output)' is produced by two nodes")
      }
      producer[output] = index
    }
  }
  enum Mark { case new, visiting, done }
  var marks = [Mark](repeating: .new, count: g.node.count)
  var order: [Int] = []
  order.reserveCapacity(g.node.count)
  for root in g.node.indices where marks[root] == .new {
    var stack: [(node: Int, next: Int)] = [(root, 0)]
    marks[root] = .visiting
    while let top = stack.last {
      let inputs = g.node[top.node].input
      if top.next < inputs.count {
        stack[stack.count - 1].next += 1
        guard let dependency = producer[inputs[top.next]] else { continue }
        switch marks[dependency] {
        case .new:
          marks[dependency] = .visiting
          stack.append((dependency, 0))
        case .visiting:
          let name = g.node[dependency].name
          throw LocatedError(
            node: name.isEmpty ? "#\(dependency)" : name, message: "the graph has a cycle through this node")
        case .done: break
        }
      } else {
        marks[top.node] = .done
        order.append(top.node)
        stack.removeLast()
      }
    }
  }
  return order
}
