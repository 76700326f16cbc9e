import GraphIR
import ONNXImport
import Testing

/// One row of a table-driven operator test: a small model, and what its import must give.
///
/// `expected` holds output shapes by tensor name; `op`, if set, is the op of the node that
/// produces the first expected output (the typed attributes show how the opset was read).
struct OpCase: Sendable, CustomTestStringConvertible {
  var label: String
  var opset: Int
  var inputShapes: [String: Shape] = [:]
  var build: @Sendable (inout ModelBuilder) -> Void
  var expected: [(String, Shape)]
  var op: Op?

  init(
    _ label: String, opset: Int, inputShapes: [String: Shape] = [:], expect expected: [(String, Shape)],
    op: Op? = nil,
    _ build: @escaping @Sendable (inout ModelBuilder) -> Void
  ) {
    self.label = label
    self.opset = opset
    self.inputShapes = inputShapes
    self.build = build
    self.expected = expected
    self.op = op
  }

  var testDescription: String { "\(label) (opset \(opset))" }

  /// Builds and imports the model, then checks shapes and the op.
  func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
    var builder = ModelBuilder(opset: opset)
    build(&builder)
    for (name, _) in expected { builder.output(name) }
    let graph = try builder.importModel(options: ImportOptions(inputShapes: inputShapes)).graph
    for (name, shape) in expected {
      #expect(graph.type(of: name)?.shape == shape, "\(self): '\(name)'", sourceLocation: sourceLocation)
    }
    if let op {
      let name = expected[0].0
      #expect(graph.producer(of: name)?.op == op, "\(self): op of '\(name)'", sourceLocation: sourceLocation)
    }
  }
}

/// The error message of importing a one-node model built by `build` at `opset`.
func importMessage(opset: Int, _ build: (inout ModelBuilder) -> Void) throws -> String? {
  var builder = ModelBuilder(opset: opset)
  build(&builder)
  return try builder.importError()?.description
}
