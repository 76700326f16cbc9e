import Foundation
import GraphIR

/// Builds a `Graph` from ONNX nodes: keeps the name → value table, folds nodes whose inputs
/// are all constants, and names everything after the ONNX tensors.
struct GraphBuilder {
  var graph: Graph
  var ids: [String: ValueID] = [:]
  let opset: Int
  var decoder: TensorDecoder
  /// Set when the inputs' fixed batch (axis 0) was changed: Reshapes whose constant target pins
  /// the old batch carry the new one through (`BatchChange.carried`).
  var batchChange: BatchChange?
  private var nodeNames = Set<String>()
  private var nextSuffix: [String: Int] = [:]

  init(name: String, opset: Int, decoder: TensorDecoder) {
    graph = Graph(name: name)
    self.opset = opset
    self.decoder = decoder
  }

  mutating func define(_ name: String, as id: ValueID) throws(TranslationError) {
    guard ids[name] == nil else { throw TranslationError("tensor '\(name)' is defined twice") }
    ids[name] = id
  }

  mutating func addConstant(_ name: String, _ tensor: Tensor) throws(TranslationError) {
    try define(name, as: graph.addConstant(name, tensor))
  }

  /// A unique node name: the ONNX name, or `OpType_index` for unnamed nodes.
  mutating func uniqueNodeName(_ proposed: String, opType: String, index: Int) -> String {
    let base = proposed.isEmpty ? "\(opType)_\(index)" : proposed
    var name = base
    // Each base name remembers its next suffix, so thousands of equal names stay linear.
    var suffix = nextSuffix[base, default: 1]
    while nodeNames.contains(name) {
      name = "\(base)_\(suffix)"
      suffix += 1
    }
    nextSuffix[base] = suffix
    nodeNames.insert(name)
    return name
  }

  // MARK: - Reading operands

  func type(_ id: ValueID) -> TensorType { graph[id].type }

  func constant(_ id: ValueID?) -> Tensor? { id.flatMap { graph.constants[$0] } }

  /// Integer contents of a constant operand, each within ±2^40; `nil` if the operand is absent.
  func constantInts(_ node: NodeContext, _ position: Int, _ what: String) throws(TranslationError) -> [Int]? {
    try constantInt64s(node, position, what)?.map { value throws(TranslationError) in
      guard value.magnitude <= AttributeReader.maxMagnitude.magnitude else {
        throw TranslationError("'\(what)' value \(value) is out of range")
      }
      return Int(value)
    }
  }

  /// Raw 64-bit integer contents of a constant operand (Slice starts/ends may be INT64_MAX).
  func constantInt64s(_ node: NodeContext, _ position: Int, _ what: String) throws(TranslationError) -> [Int64]? {
    guard let id = node.optionalInput(position) else { return nil }
    guard let tensor = graph.constants[id] else {
      throw TranslationError("input \(position) ('\(what)') must be a constant; dynamic \(what) is not supported")
    }
    guard tensor.type.dtype.isInteger else { throw TranslationError("'\(what)' must be integers, got \(tensor.type)") }
    guard tensor.type.elementCount <= ConstantFolder.maxElements else {
      throw TranslationError("'\(what)' is too large")
    }
    return tensor.integers()
  }

  /// Float contents of a constant operand; `nil` if absent.
  func constantDoubles(_ node: NodeContext, _ position: Int, _ what: String) throws(TranslationError) -> [Double]? {
    guard let id = node.optionalInput(position) else { return nil }
    guard let tensor = graph.constants[id], tensor.type.elementCount <= ConstantFolder.maxElements else {
      throw TranslationError("input \(position) ('\(what)') must be a constant; dynamic \(what) is not supported")
    }
    return tensor.doubles()
  }

  // MARK: - Emitting

  /// Adds `op` as a node producing the ONNX node's outputs, or folds it into constants.
  mutating func emit(_ op: Op, _ inputs: [ValueID?], for node: NodeContext) throws(TranslationError) {
    // Identity of a constant (how exporters share weights) names the same constant again.
    if op == .identity || (op == .dropout && node.outputNames.count == 1), let source = inputs.first ?? nil,
      graph.constants[source] != nil
    {
      return try define(node.outputNames[0], as: source)
    }
    let ids = try add(op, inputs, names: node.outputNames, nodeName: node.name)
    for (name, id) in zip(node.outputNames, ids) { try define(name, as: id) }
  }

  /// Adds an intermediate node (for ops expanded into several) and returns its one output.
  mutating func emitTemporary(_ op: Op, _ inputs: [ValueID?], for node: NodeContext, suffix: String)
    throws(TranslationError) -> ValueID
  {
    let name = "\(node.name)/\(suffix)"
    let ids = try add(op, inputs, names: [name], nodeName: uniqueNodeName(name, opType: "", index: 0))
    try define(name, as: ids[0])
    return ids[0]
  }

  /// Adds a constant made by the importer (e.g. a literal of an expanded op).
  mutating func literal(_ tensor: Tensor, for node: NodeContext, suffix: String) throws(TranslationError) -> ValueID {
    let name = "\(node.name)/\(suffix)"
    let id = graph.addConstant(name, tensor)
    try define(name, as: id)
    return id
  }

  private mutating func add(_ op: Op, _ inputs: [ValueID?], names: [String], nodeName: String) throws(TranslationError)
    -> [ValueID]
  {
    let types: [TensorType]
    do { types = try op.inferOutputTypes(inputs.map { $0.map(type) }, outputCount: names.count) } catch {
      throw TranslationError(error.message)
    }
    for type in types { try checkShapeLimits(type.shape, "output \(type.dtype)") }
    let present = inputs.compactMap { $0 }
    if !present.isEmpty, present.allSatisfy({ graph.constants[$0] != nil }),
      let folded = ConstantFolder.fold(op, inputs.map(constant), outputTypes: types)
    {
      return zip(names, folded).map { graph.addConstant($0, $1) }
    }
    do { return try graph.addNode(nodeName, op, inputs: inputs, outputNames: names) } catch {
      throw TranslationError(error.message)
    }
  }
}

/// One ONNX node being translated: its name, operands and attributes.
struct NodeContext {
  let opType: String
  let name: String
  let inputs: [ValueID?]
  let outputNames: [String]
  let attributes: AttributeReader

  /// Operand `position`; throws if it is absent.
  func input(_ position: Int) throws(TranslationError) -> ValueID {
    guard let id = optionalInput(position) else { throw TranslationError("\(opType) needs input \(position)") }
    return id
  }

  func optionalInput(_ position: Int) -> ValueID? { position < inputs.count ? inputs[position] : nil }
}
