import GraphIR
import Testing

@testable import Interpreter

/// One hand-computed evaluation: an op, its operands, the expected outputs.
struct OpCase: CustomTestStringConvertible, Sendable {
  var name: String
  var op: Op
  var inputs: [NDArray?]
  var expected: [NDArray]

  init(_ name: String, _ op: Op, _ inputs: [NDArray?], _ expected: NDArray...) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.expected = expected
  }

  init(name: String, op: Op, inputs: [NDArray?], expected: [NDArray]) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.expected = expected
  }

  var testDescription: String { name }

  /// Infers the output types as the importer would, evaluates, and compares (floats within
  /// 1e-6 relative, NaN equal to NaN; everything else exactly).
  func check() throws {
    let types = try op.inferOutputTypes(inputs.map { $0?.type }, outputCount: expected.count)
    let results = try Evaluator.evaluate(op, inputs, outputTypes: types)
    try #require(results.count == expected.count)
    for (result, expected) in zip(results, expected) {
      #expect(result.type == expected.type, "\(name)")
      let close = zip(result.doubles, expected.doubles).allSatisfy { a, e in
        a == e || (a.isNaN && e.isNaN) || Swift.abs(a - e) <= 1e-6 * Swift.max(1, Swift.abs(e))
      }
      #expect(close && result.count == expected.count, "\(name): got \(result.doubles), expected \(expected.doubles)")
      if !expected.dtype.isFloatingPoint { #expect(result.ints == expected.ints, "\(name)") }
    }
  }
}

func f32(_ shape: [Int], _ values: [Float]) -> NDArray { NDArray(.float32, shape, floats: values) }
func f64(_ shape: [Int], _ values: [Double]) -> NDArray { NDArray(.float64, shape, doubles: values) }
func ints(_ dtype: DType, _ shape: [Int], _ values: [Int64]) -> NDArray { NDArray(dtype, shape, ints: values) }
func bools(_ shape: [Int], _ values: [Bool]) -> NDArray { NDArray(.bool, shape, ints: values.map { $0 ? 1 : 0 }) }
