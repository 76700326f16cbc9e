import GraphIR
import ONNXImport
import Testing

/// The unsupported-operator pre-check: one message for all of them, nothing for supported ones.
@Suite struct OperatorSupportTests {
  @Test func unsupportedOperatorsAreListedTogether() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2, 3])
    m.node("FooOp", ["x"], ["a"], name: "foo_first")
    m.node("FooOp", ["a"], ["b"], name: "foo_second")
    m.node("Bar", ["b"], ["c"], name: "bar_only", domain: "com.microsoft")
    m.node("FooOp", ["c"], ["d"], name: "foo_third")
    m.node("Relu", ["d"], ["y"])
    m.output("y")
    let error = try #require(expectImportFailure { _ = try m.importModel() })
    let message = error.description
    #expect(message.contains("unsupported operators"), "\(message)")
    #expect(message.contains("FooOp ×3 (first: 'foo_first')"), "\(message)")
    #expect(message.contains("com.microsoft.Bar ×1 (first: 'bar_only')"), "\(message)")
    #expect(!message.contains("Relu"), "\(message)")
    // Most frequent first.
    let foo = try #require(message.range(of: "FooOp"))
    let bar = try #require(message.range(of: "com.microsoft.Bar"))
    #expect(foo.lowerBound < bar.lowerBound)
  }

  @Test func supportedOperatorInAnotherDomainIsUnsupported() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2, 3])
    m.node("Relu", ["x"], ["y"], name: "custom_relu", domain: "com.example")
    m.output("y")
    let message = try #require(try m.importError()).description
    #expect(message.contains("com.example.Relu ×1 (first: 'custom_relu')"), "\(message)")
  }

  @Test func supportedOperatorsAreSortedAndUnique() {
    let operators = ONNXImporter.supportedOperators
    #expect(operators == operators.sorted())
    #expect(Set(operators).count == operators.count)
    #expect(operators.contains("Conv") && operators.contains("Resize"))
  }

  /// A model made of one node of `opType` passes the pre-check (it may still fail later for
  /// lack of proper inputs, but never as an unsupported or untranslatable operator).
  @Test(arguments: ONNXImporter.supportedOperators)
  func supportedOperatorPassesThePreCheck(opType: String) throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [1, 2, 4, 4])
    m.node(opType, ["x"], ["y"], name: "probe")
    m.output("y")
    guard let message = try m.importError()?.description else { return }
    #expect(!message.contains("unsupported operators"), "\(message)")
    #expect(!message.contains("operator \(opType) is not supported"), "\(message)")
  }

  @Test func aiOnnxDomainIsTheDefaultDomain() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [2, 3])
    m.node("Relu", ["x"], ["y"], domain: "ai.onnx")
    m.output("y")
    #expect(try m.importModel().graph.producer(of: "y")?.op == .unary(.relu))
  }
}
