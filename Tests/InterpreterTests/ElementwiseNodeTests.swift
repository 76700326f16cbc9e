import Foundation
import GraphIR
import Interpreter
import ONNXImport
import Testing

/// The ONNX backend node tests of the elementwise and data-movement ops (and the shape ops the
/// importer folds), from `../shared/onnx-node-tests`: import, run, compare with the expected
/// outputs (rtol 1e-3, atol 1e-7 for floats; exact otherwise). Cases needing an op family that
/// is not implemented yet, or a dtype the IR lacks, are counted as skipped and named.
@Suite struct ElementwiseNodeTests {
  static let ops: Set<String> = [
    "Add", "Sub", "Mul", "Div", "Pow", "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish",
    "Erf", "Gelu", "Sqrt", "Cast", "Where", "Concat", "Split", "Slice", "Reshape", "Flatten", "Transpose",
    "Squeeze", "Unsqueeze", "Gather", "Pad", "Expand", "Identity", "Dropout", "Constant", "ConstantOfShape",
    "Shape",
  ]

  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../shared/onnx-node-tests").standardized

  struct Case: Decodable {
    struct Port: Decodable {
      var name: String
      var file: String
    }
    var test: String
    var op_type: String
    var dir: String
    var inputs: [Port]
    var outputs: [Port]
    var exotic_dtypes: [String]
    var nondeterministic: Bool
  }

  enum Outcome: Equatable {
    case pass
    case skip(String)
    case fail(String)
  }

  @Test func nodeTestsOfElementwiseAndMovementOps() throws {
    let manifest = Self.folder.appendingPathComponent("manifest.json")
    guard let data = try? Data(contentsOf: manifest) else { return }  // corpus not on this machine
    struct Manifest: Decodable { var tests: [Case] }
    let cases = try JSONDecoder().decode(Manifest.self, from: data).tests.filter { Self.ops.contains($0.op_type) }
    let outcomes = cases.map { ($0.test, Self.run($0)) }
    let passed = outcomes.filter { $0.1 == .pass }.count
    var report = "\(passed)/\(cases.count) node tests pass"
    for (name, outcome) in outcomes {
      if case .skip(let why) = outcome { report += "\n  skipped \(name): \(why)" }
      if case .fail(let why) = outcome { report += "\n  FAILED \(name): \(why)" }
    }
    print(report)
    #expect(!outcomes.contains { if case .fail = $0.1 { true } else { false } }, "\(report)")
  }

  static func run(_ c: Case) -> Outcome {
    if !c.exotic_dtypes.isEmpty { return .skip("dtype \(c.exotic_dtypes.joined(separator: ", ")) is not in the IR") }
    if c.nondeterministic { return .skip("nondeterministic") }
    let directory = folder.appendingPathComponent(c.dir)
    do {
      let inputs = try c.inputs.map {
        (name: $0.name, value: try ONNXImporter.readTensor(at: directory.appendingPathComponent($0.file).path).tensor)
      }
      let model = directory.appendingPathComponent("model.onnx").path
      // Shape-like operands (Reshape shape, Slice starts, Pad pads and value, …) must be
      // constants: retry binding the integer inputs, then every input but the data.
      let attempts = [[], inputs.filter { !$0.value.type.dtype.isFloatingPoint }, Array(inputs.dropFirst())]
      var graph: Graph?
      var failure = ""
      for bound in attempts where graph == nil && (failure.isEmpty || !bound.isEmpty) {
        let values = Dictionary(uniqueKeysWithValues: bound.map { ($0.name, $0.value) })
        do { graph = try ONNXImporter.importModel(at: model, options: ImportOptions(inputValues: values)).graph } catch
        {
          failure = "\(error)"
        }
      }
      guard let graph else { return .fail("import: \(failure)") }
      let names = Set(graph.inputs.map { graph[$0].name })
      let given = Dictionary(
        uniqueKeysWithValues: inputs.filter { names.contains($0.name) }.map { ($0.name, NDArray($0.value)) })
      let results: [(name: String, value: NDArray)]
      do { results = try Interpreter(graph: graph).run(given) } catch {
        return error.message.contains("not implemented yet") ? .skip("\(error)") : .fail("run: \(error)")
      }
      guard results.count == c.outputs.count else {
        return .fail("\(results.count) outputs, expected \(c.outputs.count)")
      }
      for (result, port) in zip(results, c.outputs) {
        let expected = NDArray(try ONNXImporter.readTensor(at: directory.appendingPathComponent(port.file).path).tensor)
        if let mismatch = difference(result.value, expected) { return .fail("output '\(port.name)': \(mismatch)") }
      }
      return .pass
    } catch {
      return .fail("\(error)")
    }
  }

  /// Why `actual` does not match `expected`, or `nil` when it does.
  static func difference(_ actual: NDArray, _ expected: NDArray) -> String? {
    guard actual.dtype == expected.dtype, actual.shape == expected.shape else {
      return "got \(actual.type), expected \(expected.type)"
    }
    if !actual.dtype.isFloatingPoint {
      return actual.ints == expected.ints ? nil : "got \(actual.ints.prefix(8)), expected \(expected.ints.prefix(8))"
    }
    for (index, (a, e)) in zip(actual.doubles, expected.doubles).enumerated() {
      let close = a == e || (a.isNaN && e.isNaN) || Swift.abs(a - e) <= 1e-7 + 1e-3 * Swift.abs(e)
      if !close { return "element \(index): got \(a), expected \(e)" }
    }
    return nil
  }
}
