import Compiler
import Foundation
import GraphIR
import Interpreter
import ONNXImport
import TesseraTestSupport
import Testing

/// The models with real weights in `testdata/models/` reproduce onnxruntime's
/// `test_data_set_0/output_*.pb` within rtol 1e-3 / atol 1e-4.
@Suite struct FullModelTests {
  static let models = ["bert_tiny", "lenet5", "mlp", "mobilenet_v2", "squeezenet1_1", "tc_resnet8"]

  @Test(arguments: models)
  func reproducesReferenceOutputs(model: String) throws {
    let folder = TestData.url("models/\(model)")
    let path = folder.appendingPathComponent("model.onnx").path
    let dataSet = folder.appendingPathComponent("test_data_set_0").path
    let inputs = try ModelRun.loadInputs([], directory: dataSet, graphInputs: ONNXImporter.declaredInputNames(at: path))
    let (graph, bound) = try ModelRun.importModel(path, inputs: inputs)
    #expect(bound.isEmpty)
    let outputs = try Interpreter(graph: graph).run(inputs.mapValues(NDArray.init))
    let expected = try ModelRun.numberedFiles("output", in: dataSet).map { try TensorFile.read($0).tensor }
    try #require(outputs.count == expected.count)
    for (output, tensor) in zip(outputs, expected) {
      let comparison = OutputComparison(
        name: output.name, actual: output.value, expected: tensor, rtol: 1e-3, atol: 1e-4)
      let s = comparison.statistics
      print("\(model) \(output.name): max abs \(s?.maxAbsoluteError ?? .nan), max rel \(s?.maxRelativeError ?? .nan)")
      #expect(
        comparison.passed, "\(model) \(output.name): \(comparison.problem ?? "\(s?.mismatches ?? 0) elements differ")")
    }
  }
}
