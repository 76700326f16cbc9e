import CostModel
import GraphIR
import HardwareModel

/// What `quantize{mode=…}` stores float32 tensors as, and the numbers that go with it.
///
/// Integer modes are symmetric linear quantization (zero point 0): a value x is stored as
/// `round(x / scale)` saturated to ±`maximum` (ONNX QuantizeLinear with a zero point of 0;
/// the symmetric range drops -128 so that negation stays exact — Krishnamoorthi,
/// "Quantizing deep convolutional networks for efficient inference", 2018, §2.1).
/// `fp16` rounds to half precision with `Cast` and needs no scales.
struct QuantizationScheme: Sendable {
  enum Mode: String, CaseIterable, Sendable { case int8, int16, fp16 }

  var mode: Mode
  /// The symmetric activation range ±`activationRange` every activation scale assumes until
  /// calibration measures real ranges.
  var activationRange: Double
  /// Measured ranges ±R per value (calibration); values without one use `activationRange`.
  var calibratedRanges: [ValueID: Double] = [:]
  /// int8 mode with calibration: values that are non-negative by construction, stored as
  /// uint8 codes (zero point 0, scale R / 255) so they get all 256 levels.
  var unsignedValues: Set<ValueID> = []

  /// The dtype quantized tensors are stored in.
  var storedType: DType {
    switch mode {
    case .int8: .int8
    case .int16: .int16
    case .fp16: .float16
    }
  }

  /// The element type the target's MAC arrays must have a rate for.
  var elementType: ElementType { ElementType(storedType) }

  var isInteger: Bool { mode != .fp16 }

  /// The largest stored code: 127 or 32767 (0 for fp16, which has no codes).
  var maximum: Float {
    switch mode {
    case .int8: 127
    case .int16: 32767
    case .fp16: 0
    }
  }

  /// The dtype activation `value` is stored in.
  func storedType(_ value: ValueID) -> DType { unsignedValues.contains(value) ? .uint8 : storedType }

  /// The scale of an activation tensor: its calibrated range (else the assumed one) over the
  /// largest code.
  func activationScale(_ value: ValueID) -> Float {
    let range = calibratedRanges[value].flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? activationRange
    return Float(range) / (unsignedValues.contains(value) ? 255 : maximum)
  }
}

extension QuantizationScheme {
  /// Ops whose integer result equals their float result on the same scale: they only
  /// compare, select or move elements, so they run on stored codes unchanged (on any unit,
  /// the host included) and their output keeps their input's scale.
  static func preservesScale(_ op: Op) -> Bool {
    switch op {
    case .unary(.relu), .maxPool, .globalMaxPool, .variadic(.max), .variadic(.min), .identity, .dropout, .reshape,
      .flatten, .squeeze, .unsqueeze, .transpose, .concat, .split, .slice, .gather, .expand, .tile, .depthToSpace,
      .spaceToDepth:
      true
    case .pad(let a): a.mode != .constant || a.value == 0
    default: false
    }
  }

  /// Ops a kernel without a contraction runs on stored codes wherever it runs, the host
  /// included: those that preserve scale, and integer arithmetic with one rescale of the
  /// result (add, sub, mul, clip, average pooling: sums or products of codes, then a
  /// requantization — the TensorFlow Lite 8-bit quantization specification has integer
  /// kernels for each). Ops that need float math (exp, division, normalization, softmax)
  /// are not among them.
  static func runsOnCodes(_ op: Op) -> Bool {
    switch op {
    case .binary(.add), .binary(.sub), .binary(.mul), .variadic(.sum), .clip, .averagePool, .globalAveragePool:
      true
    default: preservesScale(op)
    }
  }
}

extension QuantizationScheme {
  /// Float values of `graph` that are never negative by construction: ReLU and Clip (lower
  /// bound ≥ 0) outputs, scale-preserving ops (pooling, concat, reshape…) of such values, and
  /// values read only by such an activation (their negative part is discarded anyway).
  static func nonNegativeValues(_ graph: Graph) -> Set<ValueID> {
    var uses = [Int](repeating: 0, count: graph.values.count)
    for node in graph.nodes { for input in node.inputs.compactMap({ $0 }) { uses[input.index] += 1 } }
    for output in graph.outputs { uses[output.index] += 1 }
    var result = Set<ValueID>()
    for node in graph.nodes {
      let floatInputs = node.inputs.compactMap { $0 }.filter { graph[$0].type.dtype == .float32 }
      if clipsAtZero(node.op) {
        result.formUnion(node.outputs)
        if let input = floatInputs.first, uses[input.index] == 1, graph.constants[input] == nil { result.insert(input) }
      } else if preservesScale(node.op), !floatInputs.isEmpty, floatInputs.allSatisfy(result.contains) {
        result.formUnion(node.outputs)
      }
    }
    return result
  }

  private static func clipsAtZero(_ op: Op) -> Bool {
    switch op {
    case .unary(.relu): true
    case .clip(let a): (a.min ?? -1) >= 0
    default: false
    }
  }
}
