import Foundation
import GraphIR
import ONNXImport
import Testing

/// Imports every ONNX backend node test in testdata/onnx-node-tests and checks the output
/// shapes and dtypes against the expected outputs. Where input values decide output shapes
/// (a Reshape's shape given as a graph input), every input but a float data input is bound as a
/// constant, as the manifest's `onnx_inferred_shape_inputs_bound` does.
struct NodeTestCorpusTests {
  struct Manifest: Decodable {
    struct Port: Decodable {
      var name: String
      var file: String
      var dtype: String?
      var shape: [Int]?
    }
    struct Case: Decodable {
      var test: String
      var dir: String
      var inputs: [Port]
      var outputs: [Port]
      var output_shapes_static: [Bool]
      var exotic_dtypes: [String]
      var non_tensor_io: Bool
    }
    var tests: [Case]
  }

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../testdata/onnx-node-tests"
  ).standardized

  static func manifest() throws -> Manifest {
    try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json")))
  }

  /// Imports one case; returns nil on success or a one-line reason.
  static func check(_ test: Manifest.Case) -> String? {
    let folder = root.appendingPathComponent(test.dir)
    var options = ImportOptions()
    let valuesDecideShapes = test.output_shapes_static.contains(false)
    for (position, port) in test.inputs.enumerated() {
      do {
        let (_, tensor) = try ONNXImporter.readTensor(at: folder.appendingPathComponent(port.file).path)
        if valuesDecideShapes && (position > 0 || !tensor.type.dtype.isFloatingPoint) {
          options.inputValues[port.name] = tensor
        } else {
          options.inputShapes[port.name] = tensor.type.shape
        }
      } catch { return "input \(port.name): \(error)" }
    }
    let model: ImportedModel
    do {
      model = try ONNXImporter.importModel(at: folder.appendingPathComponent("model.onnx").path, options: options)
    } catch {
      return "\(error)"
    }
    let graph = model.graph
    guard graph.outputs.count == test.outputs.count else {
      return "\(graph.outputs.count) outputs, expected \(test.outputs.count)"
    }
    for (id, port) in zip(graph.outputs, test.outputs) {
      let type = graph[id].type
      if let shape = port.shape, type.shape != shape {
        return "output \(port.name): shape \(type.shape), expected \(shape)"
      }
      if let dtype = port.dtype, type.dtype.onnxName != dtype {
        return "output \(port.name): \(type.dtype.onnxName), expected \(dtype)"
      }
    }
    return nil
  }

  @Test func importsTheNodeTestCorpus() throws {
    let cases = try Self.manifest().tests.filter { $0.exotic_dtypes.isEmpty && !$0.non_tensor_io }
    var failures: [String] = []
    for test in cases {
      if let reason = Self.check(test) { failures.append("\(test.test): \(reason)") }
    }
    let passed = cases.count - failures.count
    print("node-test import: \(passed)/\(cases.count) cases import with the expected output shapes")
    for failure in failures { print("  FAIL \(failure)") }
    #expect(
      Double(passed) >= 0.95 * Double(cases.count), "\(failures.count) failures:\n\(failures.joined(separator: "\n"))")
  }
}
