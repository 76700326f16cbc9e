import GraphIR
import ONNXImport
import Testing

/// Shape computations over constants fold at import, so every shape is concrete.
@Suite struct ConstantFoldingTests {
  /// `Shape → Gather → Unsqueeze → Concat → Reshape`, as exporters write `x.view(x.size(0), -1)`:
  /// only the Reshape remains, with its target resolved.
  @Test(arguments: [11, 13])
  func shapeSubgraphFoldsIntoReshape(opset: Int) throws {
    var m = ModelBuilder(opset: opset)
    m.input("x", ["N", 3, 4])
    m.initializer(.int64("zero", [], [0]))
    m.initializer(.int64("minus_one", [1], [-1]))
    m.node("Shape", ["x"], ["shape"])
    m.node("Gather", ["shape", "zero"], ["n"], Attr.int("axis", 0))
    if opset < 13 {
      m.node("Unsqueeze", ["n"], ["n1"], Attr.ints("axes", [0]))
    } else {
      m.initializer(.int64("axes", [1], [0]))
      m.node("Unsqueeze", ["n", "axes"], ["n1"])
    }
    m.node("Concat", ["n1", "minus_one"], ["target"], Attr.int("axis", 0))
    m.node("Reshape", ["x", "target"], ["y"])
    m.output("y")
    let graph = try m.importModel(options: ImportOptions(inputShapes: ["x": [2, 3, 4]])).graph
    #expect(graph.type(of: "y")?.shape == [2, 12])
    #expect(graph.nodes.map(\.op) == [.reshape(ShapeAttributes(shape: [2, 12]))])
  }

  @Test(
    arguments: [
      (nil, nil, [2, 3, 4, 5]), (1, -1, [3, 4]), (-1, nil, [5]), (3, 1, []), (-9, 9, [2, 3, 4, 5]),
    ] as [(Int64?, Int64?, [Int64])])
  func shapeWithStartAndEnd(start: Int64?, end: Int64?, expected: [Int64]) throws {
    var m = ModelBuilder(opset: 15)
    m.input("x", [2, 3, 4, 5])
    var attributes: [Onnx_AttributeProto] = []
    if let start { attributes.append(Attr.int("start", start)) }
    if let end { attributes.append(Attr.int("end", end)) }
    m.node("Shape", ["x"], ["y"], attributes: attributes)
    m.output("y")
    let y = try #require(try m.importModel().graph.constant(named: "y"))
    #expect(y.type == TensorType(.int64, [expected.count]))
    #expect(y.integers() == expected)
  }

  @Test func constantOfShapeWithValue() throws {
    var m = ModelBuilder(opset: 17)
    m.initializer(.int64("shape", [2], [2, 3]))
    m.node("ConstantOfShape", ["shape"], ["y"], Attr.tensor("value", .int64("", [1], [7])))
    m.output("y")
    let graph = try m.importModel().graph
    let y = try #require(graph.constant(named: "y"))
    #expect(y.type == TensorType(.int64, [2, 3]))
    #expect(y.integers() == Array(repeating: 7, count: 6))
    #expect(y.isSplat)
  }

  @Test func constantOfShapeOfEmptyShapeIsAScalar() throws {
    var m = ModelBuilder(opset: 17)
    m.initializer(.int64("shape", [0], []))
    m.node("ConstantOfShape", ["shape"], ["y"], Attr.tensor("value", .float("", [1], [2.5])))
    m.output("y")
    let y = try #require(try m.importModel().graph.constant(named: "y"))
    #expect(y.type == TensorType(.float32, []))
    #expect(y.doubles() == [2.5])
  }

  @Test func constantOfShapeDefaultsToFloatZero() throws {
    var m = ModelBuilder(opset: 9, irVersion: 4)
    m.initializer(.int64("shape", [1], [4]))
    m.node("ConstantOfShape", ["shape"], ["y"])
    m.output("y")
    let y = try #require(try m.importModel().graph.constant(named: "y"))
    #expect(y.type == TensorType(.float32, [4]))
    #expect(y.doubles() == [0, 0, 0, 0])
  }

  struct RangeCase: Sendable, CustomTestStringConvertible {
    var label: String
    var start: Onnx_TensorProto
    var limit: Onnx_TensorProto
    var delta: Onnx_TensorProto
    var expected: TensorType
    var values: [Double]
    var testDescription: String { label }
  }

  static let rangeCases = [
    RangeCase(
      label: "int64 step 3", start: .int64("start", [], [0]), limit: .int64("limit", [], [10]),
      delta: .int64("delta", [], [3]), expected: TensorType(.int64, [4]), values: [0, 3, 6, 9]),
    RangeCase(
      label: "float quarter steps", start: .float("start", [], [1]), limit: .float("limit", [], [2]),
      delta: .float("delta", [], [0.25]), expected: TensorType(.float32, [4]), values: [1, 1.25, 1.5, 1.75]),
    RangeCase(
      label: "negative delta", start: .int64("start", [], [5]), limit: .int64("limit", [], [0]),
      delta: .int64("delta", [], [-2]), expected: TensorType(.int64, [3]), values: [5, 3, 1]),
    RangeCase(
      label: "empty", start: .int64("start", [], [5]), limit: .int64("limit", [], [0]),
      delta: .int64("delta", [], [1]), expected: TensorType(.int64, [0]), values: []),
  ]

  @Test(arguments: rangeCases)
  func range(_ c: RangeCase) throws {
    var m = ModelBuilder(opset: 11)
    for tensor in [c.start, c.limit, c.delta] { m.initializer(tensor) }
    m.node("Range", ["start", "limit", "delta"], ["y"])
    m.output("y")
    let y = try #require(try m.importModel().graph.constant(named: "y"))
    #expect(y.type == c.expected)
    #expect(y.doubles() == c.values)
  }

  @Test func castOfConstantFolds() throws {
    var m = ModelBuilder(opset: 13)
    m.initializer(.float("c", [3], [1.7, -2.5, 3]))
    m.node("Cast", ["c"], ["y"], Attr.int("to", Int64(Onnx_TensorProto.DataType.int32.rawValue)))
    m.output("y")
    let y = try #require(try m.importModel().graph.constant(named: "y"))
    #expect(y.type == TensorType(.int32, [3]))
    #expect(y.integers() == [1, -2, 3])
  }

  @Test func castOfInputIsANode() throws {
    var m = ModelBuilder(opset: 13)
    m.input("x", [2, 3])
    m.node("Cast", ["x"], ["y"], Attr.int("to", Int64(Onnx_TensorProto.DataType.float16.rawValue)))
    m.output("y")
    let graph = try m.importModel().graph
    #expect(graph.type(of: "y") == TensorType(.float16, [2, 3]))
    #expect(graph.producer(of: "y")?.op == .cast(CastAttributes(to: .float16)))
  }
}
