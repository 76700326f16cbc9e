/// Index of a value in its graph's `values`.
public struct ValueID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (a: ValueID, b: ValueID) -> Bool { a.index < b.index }
  public var description: String { "v\(index)" }
}

/// A tensor flowing through the graph: a graph input, a constant or a node output.
public struct Value: Hashable, Sendable {
  /// The ONNX tensor name (unique in the graph).
  public var name: String
  public var type: TensorType

  public init(name: String, type: TensorType) {
    self.name = name
    self.type = type
  }
}

/// One operation: its op, operand values (`nil` for an absent optional input) and results.
public struct Node: Hashable, Sendable {
  public var name: String
  public var op: Op
  public var inputs: [ValueID?]
  public var outputs: [ValueID]
  /// The compiler's decisions for the node (fusion, unit, layout, tiling).
  public var schedule: NodeSchedule

  public init(name: String, op: Op, inputs: [ValueID?], outputs: [ValueID], schedule: NodeSchedule = NodeSchedule()) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.outputs = outputs
    self.schedule = schedule
  }
}

/// A dataflow graph with static shapes. Nodes are kept in a topological order.
public struct Graph: Sendable {
  public var name: String
  public var values: [Value] = []
  public var nodes: [Node] = []
  public var inputs: [ValueID] = []
  public var outputs: [ValueID] = []
  /// Constant data of values that are constants (weights, folded shape computations).
  public var constants: [ValueID: Tensor] = [:]

  public init(name: String) { self.name = name }

  public subscript(id: ValueID) -> Value {
    get { values[id.index] }
    set { values[id.index] = newValue }
  }

  /// Adds a value and returns its ID.
  @discardableResult
  public mutating func addValue(_ name: String, _ type: TensorType) -> ValueID {
    values.append(Value(name: name, type: type))
    return ValueID(values.count - 1)
  }

  /// Adds a constant value holding `tensor`.
  @discardableResult
  public mutating func addConstant(_ name: String, _ tensor: Tensor) -> ValueID {
    let id = addValue(name, tensor.type)
    constants[id] = tensor
    return id
  }

  /// Appends a node whose output types are inferred from its inputs; returns the outputs.
  ///
  /// - Throws: `IRError` naming the node if shape inference rejects the inputs.
  @discardableResult
  public mutating func addNode(
    _ name: String, _ op: Op, inputs: [ValueID?], outputNames: [String]
  ) throws(IRError) -> [ValueID] {
    let inputTypes = inputs.map { $0.map { self[$0].type } }
    let types: [TensorType]
    do { types = try op.inferOutputTypes(inputTypes, outputCount: outputNames.count) } catch {
      throw error.at(node: name)
    }
    let outputs = zip(outputNames, types).map { addValue($0, $1) }
    nodes.append(Node(name: name, op: op, inputs: inputs, outputs: outputs))
    return outputs
  }

  /// `base`, or `base.1`, `base.2`, … — the first name no value has yet.
  public func uniqueValueName(_ base: String) -> String {
    var taken = Set(values.map(\.name))
    return taken.claimUnique(base)
  }

  /// Constant IDs in ascending order (deterministic iteration).
  public var constantIDs: [ValueID] { constants.keys.sorted() }

  /// Equal nodes, values, inputs and outputs, and the same values constant (their data may
  /// differ): what the timing model reads of a graph, so a pass that leaves it so changed
  /// nothing the model would price differently. Cheap when nothing changed (arrays that
  /// share storage compare by identity).
  public func hasSameStructure(as other: Graph) -> Bool {
    nodes == other.nodes && values == other.values && inputs == other.inputs && outputs == other.outputs
      && constants.count == other.constants.count && constants.keys.allSatisfy { other.constants[$0] != nil }
  }

  /// For every value, the index of the node producing it (`nil` for inputs and constants).
  public func producers() -> [Int?] {
    var result = [Int?](repeating: nil, count: values.count)
    for (index, node) in nodes.enumerated() {
      for output in node.outputs { result[output.index] = index }
    }
    return result
  }
}
