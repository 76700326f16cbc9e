import Compiler
import Foundation
import GraphIR
import Interpreter
import ONNXImport
import TesseraTestSupport
import Testing

/// Every ONNX backend node test in `testdata/onnx-node-tests` (manifest.json gives op,
/// dtypes and tolerances): at least 95 % of those whose dtypes the IR has must pass. Cases
/// with exotic dtypes (float8, int4, …) are skipped, counted and listed.
///
/// `TESSERA_NODE_TESTS=DIR swift test --filter NodeConformance` adds every `test_*` folder
/// of DIR (an `onnx/backend/test/data/node` checkout): cases whose import fails on an
/// element type the IR lacks are skipped and listed like the manifest's exotic ones.
@Suite struct NodeConformanceTests {
  struct Manifest: Decodable {
    struct Tolerance: Decodable { var rtol: Double, atol: Double }
    struct Case: Decodable {
      var test: String
      var dir: String
      var exotic_dtypes: [String]
      var nondeterministic: Bool?
    }
    var tolerance: Tolerance
    var tests: [Case]
  }

  enum Outcome: Equatable {
    case passed, skipped(String), failed(String)
  }

  static let root = TestData.url("onnx-node-tests")

  @Test func conformance() throws {
    let data = try Data(contentsOf: Self.root.appendingPathComponent("manifest.json"))
    let manifest = try JSONDecoder().decode(Manifest.self, from: data)
    var passed = 0
    var failures: [String] = []
    var skipped: [String] = []
    for testCase in manifest.tests + Self.extraCases() {
      switch Self.run(testCase, manifest.tolerance) {
      case .passed: passed += 1
      case .skipped(let why): skipped.append("\(testCase.test) (\(why))")
      case .failed(let why): failures.append("\(testCase.test): \(why)")
      }
    }
    let supported = passed + failures.count
    print("ONNX node conformance: \(passed) of \(supported) supported cases pass; \(skipped.count) skipped")
    for line in skipped { print("  skipped \(line)") }
    for line in failures { print("  FAILED \(line)") }
    #expect(supported > 0 && Double(passed) >= 0.95 * Double(supported), "\(failures.joined(separator: "\n"))")
  }

  /// The `test_*` folders of `TESSERA_NODE_TESTS`, if set.
  static func extraCases() -> [Manifest.Case] {
    guard let directory = ProcessInfo.processInfo.environment["TESSERA_NODE_TESTS"] else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasPrefix("test_") }.sorted().map {
      Manifest.Case(test: $0, dir: URL(fileURLWithPath: directory).appendingPathComponent($0).path, exotic_dtypes: [])
    }
  }

  static let exoticTypeNames = [
    "FLOAT8", "FLOAT4", "INT4", "UINT4", "INT2", "UINT2", "STRING", "COMPLEX", "FLOAT8E8M0",
  ]

  static func run(_ testCase: Manifest.Case, _ tolerance: Manifest.Tolerance) -> Outcome {
    if !testCase.exotic_dtypes.isEmpty { return .skipped(testCase.exotic_dtypes.joined(separator: ", ")) }
    let folder =
      testCase.dir.hasPrefix("/") ? URL(fileURLWithPath: testCase.dir) : root.appendingPathComponent(testCase.dir)
    let dataSet = folder.appendingPathComponent("test_data_set_0").path
    let model = folder.appendingPathComponent("model.onnx").path
    do {
      let inputs = try ModelRun.loadInputs(
        [], directory: dataSet, graphInputs: ONNXImporter.declaredInputNames(at: model))
      let (graph, bound) = try ModelRun.importModel(model, inputs: inputs)
      let feed = inputs.filter { !bound.contains($0.key) }.mapValues(NDArray.init)
      let outputs = try Interpreter(graph: graph).run(feed)
      let expected = try ModelRun.numberedFiles("output", in: dataSet).map { try TensorFile.read($0).tensor }
      guard expected.count == outputs.count else {
        return .failed("\(outputs.count) outputs, expected \(expected.count)")
      }
      for (output, tensor) in zip(outputs, expected) {
        if testCase.nondeterministic == true {
          if output.value.type != tensor.type {
            return .failed("\(output.name): \(output.value.type) vs \(tensor.type)")
          }
          continue
        }
        let comparison = OutputComparison(
          name: output.name, actual: output.value, expected: tensor, rtol: tolerance.rtol, atol: tolerance.atol)
        if !comparison.passed {
          let s = comparison.statistics
          return .failed(
            "\(output.name): "
              + (comparison.problem ?? "max abs err \(s?.maxAbsoluteError ?? 0), \(s?.mismatches ?? 0) mismatches"))
        }
      }
      return .passed
    } catch {
      let message = "\(error)"
      if message.contains("element type"), let name = exoticTypeNames.first(where: message.contains) {
        return .skipped(name)
      }
      return .failed(message)
    }
  }
}
