import GraphIR

/// How much memory running a graph takes, checked before it runs: the largest set of values
/// alive at once (a value lives from the node that makes it to the last node reading it;
/// constants and outputs throughout) plus the convolution scratch of the node running then
/// (the im2col or col2im column and its tap table). A graph over the budget is refused with
/// the node where the peak is and both figures, rather than aborting part-way on an
/// allocation the machine cannot make.
public enum MemoryBudget {
  /// 8 GiB: well above any model the interpreter runs in reasonable time, below what a
  /// developer machine can allocate.
  public static let limitBytes = 8 << 30

  /// Bytes an element takes in the interpreter's storage: 4 for `Float`-held dtypes, 8 for
  /// `Double` and `Int64`-held ones.
  static func storageBytes(_ type: TensorType) -> Int {
    let width = [.float32, .float16, .bfloat16].contains(type.dtype) ? 4 : 8
    return saturatingMultiply(type.elementCount, width)
  }

  /// Throws if the peak exceeds `limitBytes`.
  public static func check(_ graph: Graph, lastUses: [Int]) throws(InterpreterError) {
    let producers = graph.producers()
    var live = 0
    var dying = [[Int]](repeating: [], count: graph.nodes.count)
    for (index, last) in lastUses.enumerated() {
      // A value nothing reads is dropped as soon as it is made.
      guard let dies = last >= 0 ? last : producers[index], dies < graph.nodes.count else { continue }
      dying[dies].append(index)
    }
    for index in graph.values.indices where producers[index] == nil {
      live = saturatingAdd(live, storageBytes(graph.values[index].type))
    }
    for (index, node) in graph.nodes.enumerated() {
      for output in node.outputs { live = saturatingAdd(live, storageBytes(graph[output].type)) }
      let peak = saturatingAdd(live, scratchBytes(node, graph))
      guard peak <= limitBytes else {
        throw InterpreterError(
          "running it needs \(peak) bytes at this node, over the interpreter's limit of \(limitBytes) (8 GiB)",
          node: node.name)
      }
      for value in dying[index] { live -= storageBytes(graph.values[value].type) }
    }
  }

  /// The column buffer and tap table a convolution allocates while it runs.
  static func scratchBytes(_ node: Node, _ graph: Graph) -> Int {
    let isTransposed: Bool
    switch node.op {
    case .conv, .convInteger: isTransposed = false
    case .convTranspose: isTransposed = true
    default: return 0
    }
    guard node.inputs.count >= 2, let x = node.inputs[0], let w = node.inputs[1], let y = node.outputs.first else {
      return 0
    }
    let weights = graph[w].type.shape
    let taps = weights.dropFirst(2).reduce(1, saturatingMultiply)
    let positions = (isTransposed ? graph[x].type.shape : graph[y].type.shape).dropFirst(2).reduce(
      1, saturatingMultiply)
    let rows = saturatingMultiply(weights.count > 1 ? weights[1] : 1, taps)
    let column = saturatingMultiply(saturatingMultiply(rows, positions), 8)
    return saturatingAdd(column, saturatingMultiply(saturatingMultiply(taps, positions), 4))
  }
}
