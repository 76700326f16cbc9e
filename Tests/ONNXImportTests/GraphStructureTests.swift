import GraphIR
import ONNXImport
import Testing

/// How the graph's parts map over: inputs, initializers, names and the hints the importer ignores.
@Suite struct GraphStructureTests {
  /// IR 3 lists initializers among the graph inputs too; they stay constants.
  @Test func initializersListedAsInputsAreConstants() throws {
    var m = ModelBuilder(opset: 7, irVersion: 3)
    m.input("x", [2, 3])
    m.input("w", [3])
    m.initializer(.float("w", [3], [1, 2, 3]))
    m.node("Add", ["x", "w"], ["y"])
    m.output("y")
    let graph = try m.importModel().graph
    #expect(graph.inputs.map { graph[$0].name } == ["x"])
    #expect(graph.constant(named: "w")?.doubles() == [1, 2, 3])
  }

  /// Shapes are recomputed: a wrong `value_info` hint changes nothing.
  @Test func valueInfoHintsAreIgnored() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2, 3])
    m.node("Relu", ["x"], ["r"])
    m.node("Neg", ["r"], ["y"])
    var hint = Onnx_ValueInfoProto()
    hint.name = "r"
    hint.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.double.rawValue)
    hint.type.tensorType.shape.dim = [Dim.value(7).proto]
    m.model.graph.valueInfo = [hint]
    m.output("y")
    let graph = try m.importModel().graph
    #expect(graph.type(of: "r") == TensorType(.float32, [2, 3]))
    #expect(graph.type(of: "y") == TensorType(.float32, [2, 3]))
  }

  /// Unnamed nodes are named `OpType_index`; repeated names get a suffix.
  @Test func nodeNamesAreUnique() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2])
    m.node("Relu", ["x"], ["a"], name: "")
    m.node("Neg", ["a"], ["b"], name: "same")
    m.node("Abs", ["b"], ["y"], name: "same")
    m.output("y")
    let names = try m.importModel().graph.nodes.map(\.name)
    #expect(names == ["Relu_0", "same", "same_1"])
  }

  @Test func unsortedNodesAreOrdered() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2])
    m.node("Neg", ["a"], ["y"])
    m.node("Relu", ["x"], ["a"])
    m.output("y")
    let graph = try m.importModel().graph
    #expect(graph.nodes.map(\.op) == [.unary(.relu), .unary(.neg)])
  }

  @Test func graphInputCanBeAGraphOutput() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2])
    m.output("x")
    let graph = try m.importModel().graph
    #expect(graph.outputs == graph.inputs)
  }
}
