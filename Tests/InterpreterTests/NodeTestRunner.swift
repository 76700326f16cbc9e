import Foundation
import GraphIR
import ONNXImport
import TesseraTestSupport

@testable import Interpreter

/// Runs ONNX backend node tests (`<test>/model.onnx` + `test_data_set_0/{input,output}_N.pb`)
/// through the importer and the interpreter and compares with the expected outputs
/// (rtol 1e-3, atol 1e-7 for floats, NaN equal to NaN; integers exactly).
enum NodeTestRunner {
  /// `../shared/onnx-node-tests` beside the repository.
  static let sharedRoot = SharedData.url("onnx-node-tests")

  /// Folders to scan: the shared corpus, plus `TESSERA_NODE_TESTS` (a folder of more
  /// node tests, e.g. generated from the onnx package's test cases) when set.
  static var roots: [URL] {
    [sharedRoot] + (ProcessInfo.processInfo.environment["TESSERA_NODE_TESTS"].map { [URL(fileURLWithPath: $0)] } ?? [])
  }

  /// Test folders whose names start with one of `prefixes` and are not `_expanded`, sorted.
  static func tests(prefixes: [String]) -> [URL] {
    roots.flatMap { root in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
      return names.filter { name in prefixes.contains { name.hasPrefix($0) } && !name.contains("_expanded") }
        .sorted().map { root.appendingPathComponent($0) }
    }
  }

  /// Runs one test; nil when it passes, else the reason.
  static func failure(_ folder: URL) -> String? {
    do {
      let data = folder.appendingPathComponent("test_data_set_0")
      let inputs = try files(data, "input").map { try ONNXImporter.readTensor(at: $0.path) }
      let expected = try files(data, "output").map { try ONNXImporter.readTensor(at: $0.path).tensor }
      let model = folder.appendingPathComponent("model.onnx").path
      var imported: ImportedModel
      var bound: Set<String> = []
      do { imported = try ONNXImporter.importModel(at: model) } catch {
        // A shape-like operand (Resize scales/sizes, Reduce axes) given as a graph input:
        // bind every input but the first as a constant.
        let constants = inputs.dropFirst()
        bound = Set(constants.map(\.name))
        imported = try ONNXImporter.importModel(
          at: model,
          options: ImportOptions(inputValues: Dictionary(constants.map { ($0.name, $0.tensor) }) { a, _ in a }))
      }
      let feeds = Dictionary(inputs.filter { !bound.contains($0.name) }.map { ($0.name, NDArray($0.tensor)) }) { a, _ in
        a
      }
      let outputs = try Interpreter(graph: imported.graph).run(feeds)
      guard outputs.count == expected.count else { return "\(outputs.count) outputs, expected \(expected.count)" }
      for (index, (actual, wanted)) in zip(outputs.map(\.value), expected.map(NDArray.init)).enumerated() {
        if let mismatch = compare(actual, wanted) { return "output \(index): \(mismatch)" }
      }
      return nil
    } catch {
      return "\(error)"
    }
  }

  private static func files(_ folder: URL, _ stem: String) -> [URL] {
    var urls: [URL] = []
    while true {
      let url = folder.appendingPathComponent("\(stem)_\(urls.count).pb")
      guard FileManager.default.fileExists(atPath: url.path) else { return urls }
      urls.append(url)
    }
  }

  /// Why `actual` differs from `expected`, or nil (integers must match exactly).
  static func compare(_ actual: NDArray, _ expected: NDArray, rtol: Double = 1e-3, atol: Double = 1e-7) -> String? {
    guard actual.dtype == expected.dtype, actual.shape == expected.shape else {
      return "got \(actual.type), expected \(expected.type)"
    }
    if NDArray.kind(of: actual.dtype) == .int {
      // Exactly, in Int64: int64 values beyond 2^53 are not distinct as doubles.
      let differing = zip(actual.ints, expected.ints).filter { $0 != $1 }.count
      return differing == 0 ? nil : "\(differing) of \(actual.count) integers differ"
    }
    let errors = ErrorStatistics(actual: actual, expected: expected, relativeTolerance: rtol, absoluteTolerance: atol)
    guard errors.mismatches > 0 else { return nil }
    return "\(errors.mismatches) of \(errors.count) elements differ, max abs error \(errors.maxAbsoluteError)"
  }
}
