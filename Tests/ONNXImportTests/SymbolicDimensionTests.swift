import GraphIR
import ONNXImport
import Testing

/// Symbolic input dimensions are bound with `ImportOptions.inputShapes`, or listed in one error.
@Suite struct SymbolicDimensionTests {
  private func model() -> ModelBuilder {
    var m = ModelBuilder(opset: 17)
    m.input("image", ["batch", 3, "height", "width"])
    m.input("mask", ["batch", Dim.unknown])
    m.input("scale", [1])
    m.node("Mul", ["image", "scale"], ["y"])
    m.output("y")
    return m
  }

  @Test func unboundDimensionsAreAllListed() throws {
    let error = try #require(try model().importError())
    let message = error.description
    #expect(message.contains("image[batch, height, width]"), "\(message)")
    #expect(message.contains("mask[batch, ?1]"), "\(message)")
    #expect(!message.contains("scale"), "\(message)")
    #expect(error.node == nil)
  }

  @Test func boundDimensionsGiveConcreteShapes() throws {
    let options = ImportOptions(inputShapes: ["image": [2, 3, 8, 6], "mask": [2, 5]])
    let graph = try model().importModel(options: options).graph
    #expect(graph.type(of: "image")?.shape == [2, 3, 8, 6])
    #expect(graph.type(of: "mask")?.shape == [2, 5])
    #expect(graph.type(of: "y")?.shape == [2, 3, 8, 6])
  }

  @Test func aFixedExtentCanBeChanged() throws {
    let options = ImportOptions(inputShapes: ["image": [2, 4, 8, 8], "mask": [2, 5], "scale": [8]])
    let graph = try model().importModel(options: options).graph
    #expect(graph.type(of: "y")?.shape == [2, 4, 8, 8])
  }

  @Test func partlyBoundDimensionsListTheRest() throws {
    let error = try #require(
      try model().importError(options: ImportOptions(inputShapes: ["image": [1, 3, 4, 4]])))
    #expect(error.description.contains("mask[batch, ?1]"), "\(error)")
    #expect(!error.description.contains("image["), "\(error)")
  }

  @Test func inputWithoutShapeNeedsABinding() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", nil)
    m.node("Relu", ["x"], ["y"])
    m.output("y")
    #expect(try m.importError()?.description.contains("x (unknown rank)") == true)
    let graph = try m.importModel(options: ImportOptions(inputShapes: ["x": [4, 5]])).graph
    #expect(graph.type(of: "y")?.shape == [4, 5])
  }

  struct BadBinding: Sendable, CustomTestStringConvertible {
    var label: String
    var shapes: [String: Shape]
    var mentions: String
    var testDescription: String { label }
  }

  static let badBindings = [
    BadBinding(label: "wrong rank", shapes: ["image": [2, 3, 8], "mask": [2, 5]], mentions: "rank"),
    BadBinding(
      label: "one symbol bound to two extents", shapes: ["image": [2, 3, 8, 8], "mask": [4, 5]],
      mentions: "dimension 'batch' is bound to 2 by 'image' but to 4 by 'mask'"),
    BadBinding(label: "negative extent", shapes: ["image": [-1, 3, 8, 8], "mask": [2, 5]], mentions: "-1"),
    BadBinding(
      label: "names no input", shapes: ["image": [2, 3, 8, 8], "mask": [2, 5], "labels": [2]],
      mentions: "'labels'"),
  ]

  @Test(arguments: badBindings)
  func badBindingIsRejected(_ c: BadBinding) throws {
    let error = try #require(try model().importError(options: ImportOptions(inputShapes: c.shapes)))
    #expect(error.description.contains(c.mentions), "\(error)")
  }
}
