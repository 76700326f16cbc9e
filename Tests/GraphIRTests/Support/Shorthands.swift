import GraphIR
import Testing

// MARK: - Types

func f32(_ shape: Int...) -> TensorType { TensorType(.float32, shape) }
func f16(_ shape: Int...) -> TensorType { TensorType(.float16, shape) }
func i64(_ shape: Int...) -> TensorType { TensorType(.int64, shape) }
func boolean(_ shape: Int...) -> TensorType { TensorType(.bool, shape) }
func tensorType(_ dtype: DType, _ shape: Int...) -> TensorType { TensorType(dtype, shape) }

// MARK: - Attributes with ONNX defaults

/// Conv attributes; strides and dilations default to 1, pads to 0.
func convAttributes(
  kernel: [Int], strides: [Int]? = nil, pads: [Int]? = nil, dilations: [Int]? = nil, group: Int = 1
) -> ConvAttributes {
  ConvAttributes(
    kernelShape: kernel, strides: strides ?? kernel.map { _ in 1 },
    pads: pads ?? (kernel + kernel).map { _ in 0 },
    dilations: dilations ?? kernel.map { _ in 1 }, group: group)
}

/// Pool attributes; strides and dilations default to 1, pads to 0.
func poolAttributes(
  kernel: [Int], strides: [Int]? = nil, pads: [Int]? = nil, dilations: [Int]? = nil, ceilMode: Bool = false
) -> PoolAttributes {
  PoolAttributes(
    kernelShape: kernel, strides: strides ?? kernel.map { _ in 1 },
    pads: pads ?? (kernel + kernel).map { _ in 0 },
    dilations: dilations ?? kernel.map { _ in 1 }, ceilMode: ceilMode, countIncludePad: false)
}

func slice(starts: [Int], ends: [Int], axes: [Int], steps: [Int]) -> Op {
  .slice(SliceAttributes(starts: starts, ends: ends, axes: axes, steps: steps))
}

// MARK: - Table rows

/// One shape-inference expectation: `op` applied to `inputs` gives `outputs`.
struct ShapeCase: Sendable, CustomTestStringConvertible {
  var name: String
  var op: Op
  var inputs: [TensorType?]
  var outputs: [TensorType]

  init(_ name: String, _ op: Op, _ inputs: [TensorType?], _ outputs: [TensorType]) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.outputs = outputs
  }

  var testDescription: String { name }

  /// Runs inference with as many outputs as expected and compares.
  func check(sourceLocation: SourceLocation = #_sourceLocation) {
    do {
      let inferred = try op.inferOutputTypes(inputs, outputCount: outputs.count)
      #expect(inferred == outputs, "\(name)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("\(name): unexpected error \(error)", sourceLocation: sourceLocation)
    }
  }
}

/// One rejected input: inference must throw an `IRError` whose message contains `message`.
struct ShapeErrorCase: Sendable, CustomTestStringConvertible {
  var name: String
  var op: Op
  var inputs: [TensorType?]
  var outputCount: Int
  var message: String

  init(_ name: String, _ op: Op, _ inputs: [TensorType?], outputCount: Int = 1, _ message: String) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.outputCount = outputCount
    self.message = message
  }

  var testDescription: String { name }
}
