import GraphIR

/// Runs a graph on concrete inputs: the reference semantics every compiled graph is
/// checked against (ONNX operator semantics, `relayout` as the identity, quantization in
/// QDQ form as written).
///
/// Constants are converted once per interpreter, so running many inputs (calibration,
/// numerics checks) pays for the weights once. Evaluation is sequential over the graph's
/// topological order; the heavy kernels (GEMM, convolution) use every core.
public struct Interpreter: Sendable {
  public let graph: Graph
  private let constants: [NDArray?]
  private let lastUses: [Int]

  public init(graph: Graph) {
    self.graph = graph
    var constants = [NDArray?](repeating: nil, count: graph.values.count)
    for id in graph.constantIDs { constants[id.index] = graph.constants[id].map(NDArray.init) }
    self.constants = constants
    self.lastUses = Self.lastUses(of: graph)
  }

  /// Elements one value may have (8 GiB of float32): larger graphs are refused up front
  /// rather than exhausting memory part-way.
  public static let maxElementsPerValue = 1 << 31

  /// Throws if some value of `graph` is too large to hold in memory, or running it would
  /// need more than `MemoryBudget.limitBytes` at some node.
  public static func checkSize(_ graph: Graph) throws(InterpreterError) {
    if let value = graph.values.first(where: { $0.type.elementCount > Self.maxElementsPerValue }) {
      throw InterpreterError("'\(value.name)' (\(value.type)) has more than 2^31 elements: too large to run")
    }
    try MemoryBudget.check(graph, lastUses: lastUses(of: graph))
  }

  /// The last node reading each value (-1 for none, `Int.max` for outputs): values are
  /// dropped after it, so peak memory stays near the largest live set, not the sum of all
  /// activations.
  static func lastUses(of graph: Graph) -> [Int] {
    var lastUses = [Int](repeating: -1, count: graph.values.count)
    for (index, node) in graph.nodes.enumerated() {
      for input in node.inputs.compactMap({ $0 }) { lastUses[input.index] = index }
    }
    for output in graph.outputs { lastUses[output.index] = Int.max }
    return lastUses
  }

  /// The graph's outputs, in order, for `inputs` given by graph-input name.
  ///
  /// - Parameters:
  ///   - observe: called with every node output as it is computed (calibration and
  ///     per-layer error reports use it).
  ///   - timeNode: called with every node's index and the seconds it took (`run --profile`).
  /// - Throws: `InterpreterError` for a missing, unknown or mistyped input, or a node that
  ///   cannot be evaluated (naming it).
  public func run(
    _ inputs: [String: NDArray], observe: (ValueID, NDArray) -> Void = { _, _ in },
    timeNode: ((Int, Double) -> Void)? = nil
  ) throws(InterpreterError) -> [(name: String, value: NDArray)] {
    try Self.checkSize(graph)
    var values = constants
    try bind(inputs, into: &values)
    for (index, node) in graph.nodes.enumerated() {
      let operands = node.inputs.map { id in id.flatMap { values[$0.index] } }
      for (slot, id) in node.inputs.enumerated() where id != nil && operands[slot] == nil {
        throw InterpreterError("input \(slot) ('\(id.map { graph[$0].name } ?? "")') has no value", node: node.name)
      }
      let results: [NDArray]
      let start = timeNode == nil ? nil : ContinuousClock.now
      do {
        results = try Evaluator.evaluate(
          node.op, operands, outputTypes: node.outputs.map { graph[$0].type })
      } catch { throw InterpreterError(error.message, node: node.name) }
      if let start, let timeNode {
        let elapsed = ContinuousClock.now - start
        timeNode(index, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      }
      for (id, result) in zip(node.outputs, results) {
        guard result.shape == graph[id].type.shape, result.dtype == graph[id].type.dtype else {
          throw InterpreterError(
            "produced \(result.type) for '\(graph[id].name)', the graph says \(graph[id].type)", node: node.name)
        }
        values[id.index] = result
        observe(id, result)
      }
      for id in node.inputs.compactMap({ $0 }) where lastUses[id.index] == index && constants[id.index] == nil {
        values[id.index] = nil
      }
    }
    return try graph.outputs.map { id throws(InterpreterError) in
      guard let value = values[id.index] else { throw InterpreterError("output '\(graph[id].name)' was not computed") }
      return (graph[id].name, value)
    }
  }

  /// Checks every graph input is given with its declared type, and nothing else is.
  private func bind(_ inputs: [String: NDArray], into values: inout [NDArray?]) throws(InterpreterError) {
    let declared = Set(graph.inputs.map { graph[$0].name })
    if let unknown = inputs.keys.sorted().first(where: { !declared.contains($0) }) {
      let names = graph.inputs.map { "'\(graph[$0].name)'" }.joined(separator: ", ")
      throw InterpreterError("the model has no input '\(unknown)' (its inputs: \(names))")
    }
    for id in graph.inputs {
      let value = graph[id]
      guard let given = inputs[value.name] else {
        throw InterpreterError("input '\(value.name)' (\(value.type)) is missing")
      }
      guard given.dtype == value.type.dtype else {
        throw InterpreterError("input '\(value.name)' is \(given.dtype), the model expects \(value.type.dtype)")
      }
      guard given.shape == value.type.shape else {
        throw InterpreterError("input '\(value.name)' has shape \(given.shape), the model expects \(value.type.shape)")
      }
      values[id.index] = given
    }
  }
}
