import Testing

@testable import GraphIR

/// Folds `op` over constant `inputs`, with output types from shape inference.
func fold(_ op: Op, _ inputs: [Tensor?], outputCount: Int = 1) throws -> [Tensor]? {
  let types = try op.inferOutputTypes(inputs.map { $0?.type }, outputCount: outputCount)
  return ConstantFolder.fold(op, inputs, outputTypes: types)
}

// Table helpers build tensors without the throwing checks so that tables need no `try!`.

/// A dense int64 tensor.
func int64s(_ shape: Shape, _ values: [Int64]) -> Tensor {
  Tensor(unchecked: TensorType(.int64, shape), .dense(ElementCodec.encode(values, as: .int64)))
}

/// A dense float32 tensor.
func float32s(_ shape: Shape, _ values: [Double]) -> Tensor {
  Tensor(unchecked: TensorType(.float32, shape), .dense(ElementCodec.encode(values, as: .float32)))
}

/// A dense bool tensor.
func bools(_ shape: Shape, _ values: [Bool]) -> Tensor {
  Tensor(
    unchecked: TensorType(.bool, shape), .dense(ElementCodec.encode(values.map { $0 ? Int64(1) : 0 }, as: .bool)))
}

/// A splat holding exactly `value` (not rounded through `Double`).
func int64Splat(_ shape: Shape, _ value: Int64) -> Tensor {
  Tensor(unchecked: TensorType(.int64, shape), .splat(ElementCodec.encode([value], as: .int64)))
}

/// One folding expectation on small dense constants.
struct FoldCase: Sendable, CustomTestStringConvertible {
  var name: String
  var op: Op
  var inputs: [Tensor?]
  /// Expected result, or `nil` when the op must not be folded.
  var expected: Tensor?

  init(_ name: String, _ op: Op, _ inputs: [Tensor?], _ expected: Tensor?) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.expected = expected
  }

  var testDescription: String { name }
}
