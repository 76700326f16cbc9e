import Foundation
import GraphIR
import ONNXImport
import Testing

@testable import Interpreter

/// The ONNX backend node tests of the contraction and pooling ops
/// (/work/shared/onnx-node-tests): import, run, compare with the recorded outputs
/// (rtol 1e-3, atol 1e-7 for floats as onnx.backend.test; exact for integers).
@Suite struct ContractionNodeTests {
  static let directory = "/work/shared/onnx-node-tests"
  static let prefixes = [
    "test_conv", "test_basic_conv", "test_convtranspose", "test_gemm", "test_matmul", "test_qlinearconv",
    "test_qlinearmatmul", "test_convinteger", "test_matmulinteger", "test_maxpool", "test_averagepool",
    "test_globalaveragepool", "test_globalmaxpool",
  ]
  static let cases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { name in prefixes.contains { name.hasPrefix($0) } && !name.hasSuffix("_expanded") }.sorted()
  }()

  @Test(.enabled(if: !cases.isEmpty), arguments: cases)
  func nodeTest(_ name: String) throws {
    let data = "\(Self.directory)/\(name)/test_data_set_0"
    let files = try FileManager.default.contentsOfDirectory(atPath: data)
    func tensors(_ prefix: String) throws -> [(name: String, tensor: Tensor)] {
      try (0..<files.count { $0.hasPrefix(prefix) }).map {
        try ONNXImporter.readTensor(at: "\(data)/\(prefix)\($0).pb")
      }
    }
    let inputs = try tensors("input_"), outputs = try tensors("output_")
    let graph = try ONNXImporter.importModel(at: "\(Self.directory)/\(name)/model.onnx").graph
    let bound = Dictionary(uniqueKeysWithValues: zip(graph.inputs, inputs).map { (graph[$0].name, NDArray($1.tensor)) })
    let results = try Interpreter(graph: graph).run(bound)
    #expect(results.count == outputs.count)
    for (result, expected) in zip(results, outputs) {
      let want = NDArray(expected.tensor)
      #expect(result.value.shape == want.shape && result.value.dtype == want.dtype, "\(name)")
      if NDArray.kind(of: want.dtype) == .int {
        #expect(result.value.ints == want.ints, "\(name)")
      } else {
        let bad = zip(result.value.doubles, want.doubles).filter { abs($0 - $1) > 1e-7 + 1e-3 * abs($1) }
        #expect(bad.isEmpty, "\(name): \(bad.count) elements differ, first \(bad.prefix(3))")
      }
    }
  }
}
