import Foundation
import GraphIR

/// The ONNX graph being written: nodes and initializers in order, and every name taken, so
/// that the operand initializers and helper nodes the exporter adds never collide.
struct GraphWriter {
  let graph: Graph
  private(set) var nodes: [Onnx_NodeProto] = []
  private(set) var initializers: [Onnx_TensorProto] = []
  private var valueNames: Set<String>
  private var nodeNames: Set<String>

  init(graph: Graph) {
    self.graph = graph
    valueNames = Set(graph.values.map(\.name))
    nodeNames = Set(graph.nodes.map(\.name))
  }

  /// The ONNX name of an operand; `""` for an absent optional one.
  func name(_ id: ValueID?) -> String { id.map { graph[$0].name } ?? "" }

  func type(_ id: ValueID) -> TensorType { graph[id].type }

  /// A fresh value name `base`, `base.1`, …
  mutating func claimValueName(_ base: String) -> String { valueNames.claimUnique(base) }

  // MARK: - Constants

  /// Writes the constants nodes read or the graph returns, in value order.
  mutating func writeConstants() throws(TranslationError) {
    var used = Set(graph.outputs)
    for node in graph.nodes { used.formUnion(node.inputs.compactMap { $0 }) }
    for id in graph.constantIDs where used.contains(id) {
      guard let tensor = graph.constants[id] else { continue }
      try writeConstant(tensor, named: graph[id].name)
    }
  }

  /// An initializer holding `tensor`, or a `ConstantOfShape` node for a large splat.
  private mutating func writeConstant(_ tensor: Tensor, named name: String) throws(TranslationError) {
    guard tensor.isSplat, tensor.type.byteCount > ONNXExporter.splatExpansionLimitBytes
    else { return initializers.append(TensorEncoder.proto(tensor, name: name)) }
    let shape = try operand(int64s: tensor.type.shape, for: name, "shape")
    let value = TensorEncoder.proto(tensor.broadcastElement(to: [1]), name: "")
    add(
      "ConstantOfShape", [shape], [name], name: claimNodeName("\(name)/ConstantOfShape"),
      [ONNXAttribute.tensor("value", value)])
  }

  // MARK: - Operand initializers

  /// A new initializer named after `owner` holding `tensor`; returns its name.
  mutating func operand(_ tensor: Tensor, for owner: String, _ suffix: String) -> String {
    let name = claimValueName("\(owner)/\(suffix)")
    initializers.append(TensorEncoder.proto(tensor, name: name))
    return name
  }

  /// A 1-D int64 initializer (shapes, axes, pads, sizes).
  mutating func operand(int64s values: [Int], for owner: String, _ suffix: String) throws(TranslationError) -> String {
    operand(try Self.tensor(.int64, [values.count], integers: values), for: owner, suffix)
  }

  /// A scalar initializer of `dtype`.
  mutating func operand(scalar value: Double, _ dtype: DType, for owner: String, _ suffix: String)
    throws(TranslationError) -> String
  {
    let tensor: Tensor
    do { tensor = try Tensor(dtype, [], doubles: [value]) } catch { throw TranslationError(error.message) }
    return operand(tensor, for: owner, suffix)
  }

  static func tensor(_ dtype: DType, _ shape: Shape, integers values: [Int]) throws(TranslationError) -> Tensor {
    do { return try Tensor(dtype, shape, integers: values.map { Int64($0) }) } catch {
      throw TranslationError(error.message)
    }
  }

  // MARK: - Nodes

  /// Appends an ONNX node (trailing absent inputs dropped); helper nodes claim their `name` first.
  mutating func add(
    _ opType: String, _ inputs: [String], _ outputs: [String], name: String, _ attributes: [Onnx_AttributeProto] = [],
    docString: String = ""
  ) {
    var proto = Onnx_NodeProto()
    proto.opType = opType
    proto.name = name
    var operands = inputs
    while operands.last?.isEmpty == true { operands.removeLast() }
    proto.input = operands
    proto.output = outputs
    proto.attribute = attributes
    if !docString.isEmpty { proto.docString = docString }
    nodes.append(proto)
  }

  /// A fresh node name for a helper node.
  mutating func claimNodeName(_ base: String) -> String { nodeNames.claimUnique(base) }
}

/// `AttributeProto` constructors with the type field set, as the IR requires.
enum ONNXAttribute {
  static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto { make(name, .int) { $0.i = Int64(value) } }
  static func bool(_ name: String, _ value: Bool) -> Onnx_AttributeProto { int(name, value ? 1 : 0) }
  static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
    make(name, .ints) { $0.ints = values.map { Int64($0) } }
  }
  static func float(_ name: String, _ value: Double) -> Onnx_AttributeProto {
    make(name, .float) { $0.f = Float(value) }
  }
  static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
    make(name, .string) { $0.s = Data(value.utf8) }
  }
  static func tensor(_ name: String, _ value: Onnx_TensorProto) -> Onnx_AttributeProto {
    make(name, .tensor) { $0.t = value }
  }

  private static func make(
    _ name: String, _ type: Onnx_AttributeProto.AttributeType, _ fill: (inout Onnx_AttributeProto) -> Void
  ) -> Onnx_AttributeProto {
    var attribute = Onnx_AttributeProto()
    attribute.name = name
    attribute.type = type
    fill(&attribute)
    return attribute
  }
}
