import Foundation
import GraphIR
import Testing

@testable import ONNXImport

/// `--batch` and `--input-shape` over fixed extents: shapes are inferred anew, and Reshapes that
/// pin the exported batch in a constant carry the new batch when they reshape within a sample.
struct BatchOverrideTests {
  static let zooAlexNet = RepositoryFiles.repositoryRoot.appendingPathComponent(
    "testdata/zoo/bvlc_alexnet_replica.onnx"
  ).path

  static func sample(_ name: String) -> String { RepositoryFiles.samples.appendingPathComponent("\(name).onnx").path }

  @Test(arguments: ["lenet5", "mlp", "tc_resnet8", "resnet18", "mobilenet_v2", "squeezenet1_1", "bert_tiny"])
  func macsScaleWithTheBatch(_ name: String) throws {
    let one = try ONNXImporter.importModel(at: Self.sample(name)).graph
    let four = try ONNXImporter.importModel(at: Self.sample(name), options: ImportOptions(batch: 4)).graph
    #expect(four.totalMACs == 4 * one.totalMACs)
    for (a, b) in zip(one.outputs, four.outputs) {
      #expect(four[b].type.shape == [4] + one[a].type.shape.dropFirst(), "\(name)")
    }
  }

  /// The ONNX model zoo's AlexNet declares 1×3×224×224 but needs 227×227, and flattens with a
  /// Reshape to the constant [1, 9216]: Eyeriss's measured workload is it at batch 4.
  @Test func zooAlexNetAtBatchFourAnd227() throws {
    let options = ImportOptions(inputShapes: ["data_0": [4, 3, 227, 227]], batch: 4)
    let graph = try ONNXImporter.importModel(at: Self.zooAlexNet, options: options).graph
    #expect(graph.type(of: "OC2_DUMMY_0")?.shape == [4, 9216])
    #expect(graph.type(of: "prob_1")?.shape == [4, 1000])
    let convMACs = graph.nodes.filter { if case .conv = $0.op { true } else { false } }.reduce(0) {
      $0 + graph.macs(of: $1)
    }
    #expect(convMACs == 4 * 665_784_864)  // Eyeriss, JSSC 2017, Table V: 2,663 M MACs per batch of 4
  }

  @Test func zooAlexNetAt224NamesTheReshape() throws {
    let error = try #require(
      expectImportFailure { _ = try ONNXImporter.importModel(at: Self.zooAlexNet, options: ImportOptions(batch: 4)) })
    #expect(error.node == "Reshape_20", "\(error)")
    #expect(error.description.contains("batch changed from 1 to 4"), "\(error)")
  }

  struct Carry: Sendable, CustomTestStringConvertible {
    var target: [Int]
    var input: Shape
    var carried: [Int]?
    var testDescription: String { "\(target) on \(input)" }
  }

  static let carries = [
    Carry(target: [1, -1], input: [4, 256, 6, 6], carried: [4, -1]),
    Carry(target: [1, 9216], input: [4, 256, 6, 6], carried: [4, 9216]),
    Carry(target: [1, 128, 2, 64], input: [4, 128, 128], carried: [4, 128, 2, 64]),
    Carry(target: [1, 0, -1], input: [4, 3, 8, 8], carried: [4, 0, -1]),
    Carry(target: [1, 3, 5], input: [4, 256, 6, 6], carried: nil),  // not within a sample
    Carry(target: [1, -1, -1], input: [4, 6], carried: nil),
    Carry(target: [2, -1], input: [4, 6], carried: nil),  // does not pin the old batch
    Carry(target: [1, -1], input: [3, 6], carried: nil),  // not led by the new batch
    Carry(target: [1, 1 << 62, 1 << 62], input: [4, 6], carried: nil),
  ]

  @Test(arguments: carries)
  func reshapeCarriesTheBatchWithinASample(_ c: Carry) {
    #expect(BatchChange(old: 1, new: 4).carried(c.target, input: c.input, allowZero: false) == c.carried)
  }

  @Test func aReshapeAcrossSamplesFailsNamingTheNode() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [1, 6])
    m.initializer(.int64("to", [1], [6]))
    m.node("Reshape", ["x", "to"], ["y"], name: "mix")
    m.output("y")
    let error = try #require(try m.importError(options: ImportOptions(batch: 4)))
    #expect(error.node == "mix")
    #expect(error.description.contains("the model may fix it at 1 here"), "\(error)")
  }

  @Test func symbolicBatchIsBoundEverywhere() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", ["N", 3])
    m.input("lengths", ["N"], elemType: .int64)
    m.node("Relu", ["x"], ["y"])
    m.node("Neg", ["lengths"], ["z"])
    m.output("y", "z")
    let graph = try m.importModel(options: ImportOptions(batch: 5)).graph
    #expect(graph.type(of: "y")?.shape == [5, 3])
    #expect(graph.type(of: "z")?.shape == [5])
  }

  @Test func noBatchAxisIsAnError() throws {
    var m = ModelBuilder(opset: 17)
    m.input("x", [6])
    m.node("Relu", ["x"], ["y"])
    m.output("y")
    let error = try #require(try m.importError(options: ImportOptions(batch: 2)))
    #expect(error.description.contains("no input has a batch axis"), "\(error)")
  }
}
