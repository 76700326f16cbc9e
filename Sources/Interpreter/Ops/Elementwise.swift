import Foundation
import GraphIR

/// Elementwise ops of one tensor: unary functions, parameterized activations, Clip and Cast.
///
/// Floating-point functions are computed in `Double` and stored back in the input's dtype
/// (fp16/bf16 rounded, as `NDArray` always does). Integer inputs keep exact integer
/// arithmetic where ONNX defines it (Relu, Neg, Abs, Sign, rounding, Not, Clip); other
/// functions of integers go through `Double` and are truncated and saturated like a Cast.
extension Evaluator {
  static func unary(_ inputs: [NDArray?], _ f: UnaryFunction, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    if case .int(let v) = x.storage, let exact = integerFunction(f, unsigned: x.dtype == .uint64) {
      return NDArray(x.dtype, x.shape, ints: v.map(exact))
    }
    if case .float(let v) = x.storage, x.dtype == .float32, f == .relu {
      return x.with(storage: .float(v.map { $0 < 0 ? 0 : $0 }))  // the hot path of CNNs; NaN stays NaN
    }
    return x.mappedReal(realFunction(f))
  }

  static func activation(_ op: Op, _ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    switch op {
    case .leakyRelu(let a): return x.mappedReal { $0 < 0 ? a.alpha * $0 : $0 }
    case .hardSigmoid(let a): return x.mappedReal { clamped(a.alpha * $0 + a.beta, 0, 1) }
    case .elu(let a): return x.mappedReal { $0 < 0 ? a.alpha * expm1($0) : $0 }
    case .selu(let a): return x.mappedReal { $0 > 0 ? a.beta * $0 : a.beta * a.alpha * expm1($0) }
    case .gelu(let a) where a.tanhApproximation:
      // Hendrycks & Gimpel, "Gaussian Error Linear Units", eq. for the tanh approximation.
      return x.mappedReal { 0.5 * $0 * (1 + tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }
    case .gelu: return x.mappedReal { 0.5 * $0 * (1 + erf($0 / 2.squareRoot())) }
    default: throw InterpreterError("\(op.onnxName) is not an activation")
    }
  }

  /// `Clip`: bounds from operands 1 and 2 when present (computed at run time), else the
  /// attributes. As ONNX specifies, the max bound wins when min > max.
  static func clip(_ inputs: [NDArray?], _ a: ClipAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    let low = optionalOperand(inputs, 1)
    let high = optionalOperand(inputs, 2)
    if case .int(let v) = x.storage {
      // uint64 bit patterns compare unsigned once the sign bit is flipped.
      let key: (Int64) -> Int64 = x.dtype == .uint64 ? { $0 ^ .min } : { $0 }
      let lo = low?.ints.first ?? a.min.map(x.dtype.converted) ?? (x.dtype == .uint64 ? 0 : .min)
      let hi = high?.ints.first ?? a.max.map(x.dtype.converted) ?? (x.dtype == .uint64 ? -1 : .max)
      let (keyLo, keyHi) = (key(lo), key(hi))
      return x.with(storage: .int(v.map { key($0) < keyLo ? (keyLo > keyHi ? hi : lo) : (key($0) > keyHi ? hi : $0) }))
    }
    let lo = low?.doubles.first ?? a.min ?? -.infinity
    let hi = high?.doubles.first ?? a.max ?? .infinity
    if case .float(let v) = x.storage, x.dtype == .float32 {  // ReLU6 of every MobileNet block
      let (low, high) = (Float(lo), Float(hi))
      return x.with(
        storage: .float(
          v.map { y in
            let z = y < low ? low : y; return z > high ? high : z
          }))
    }
    return x.mappedReal { clamped($0, lo, hi) }
  }

  /// `Cast` between any two dtypes: floats to integers truncate and saturate, integers wrap
  /// to the target width (C conversion), anything non-zero (NaN included) becomes `true`.
  static func cast(_ inputs: [NDArray?], _ a: CastAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    switch x.storage {
    case .float(let v): return NDArray(a.to, x.shape, floats: v)
    case .double(let v): return NDArray(a.to, x.shape, doubles: v)
    case .int(let v):
      return NDArray.kind(of: a.to) == .int
        ? NDArray(a.to, x.shape, ints: v) : NDArray(a.to, x.shape, doubles: x.doubles)
    }
  }

  // MARK: - Scalar functions

  /// `x` limited to `low...high`, `high` winning when they cross; NaN stays NaN.
  static func clamped(_ x: Double, _ low: Double, _ high: Double) -> Double {
    let y = x < low ? low : x
    return y > high ? high : y
  }

  /// The real-valued function of `f` (ONNX operator definitions).
  static func realFunction(_ f: UnaryFunction) -> (Double) -> Double {
    switch f {
    case .relu: { $0 < 0 ? 0 : $0 }
    case .sigmoid: { $0 >= 0 ? 1 / (1 + exp(-$0)) : exp($0) / (1 + exp($0)) }
    case .tanh: { tanh($0) }
    case .erf: { erf($0) }
    case .sqrt: { $0.squareRoot() }
    case .exp: { exp($0) }
    case .log: { log($0) }
    case .neg: { -$0 }
    case .abs: { Swift.abs($0) }
    case .reciprocal: { 1 / $0 }
    case .ceil: { $0.rounded(.up) }
    case .floor: { $0.rounded(.down) }
    case .round: { $0.rounded(.toNearestOrEven) }
    case .sin: { sin($0) }
    case .cos: { cos($0) }
    case .sign: { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }  // ±0 and NaN map to themselves
    case .softplus: { $0 > 0 ? $0 + log1p(exp(-$0)) : log1p(exp($0)) }  // log(1 + e^x) without overflow
    case .softsign: { $0 / (1 + Swift.abs($0)) }
    case .hardSwish: { $0 * clamped($0 / 6 + 0.5, 0, 1) }  // ONNX HardSwish: alpha 1/6, beta 0.5
    case .not: { $0 == 0 ? 1 : 0 }
    }
  }

  /// Exact integer versions of the functions ONNX defines on integers; `nil` for the others.
  /// `unsigned` is only needed for uint64, whose bit patterns may look negative.
  static func integerFunction(_ f: UnaryFunction, unsigned: Bool) -> ((Int64) -> Int64)? {
    switch f {
    case .relu: unsigned ? { $0 } : { Swift.max($0, 0) }
    case .neg: { 0 &- $0 }
    case .abs: unsigned ? { $0 } : { $0 < 0 ? 0 &- $0 : $0 }
    case .sign: unsigned ? { $0 == 0 ? 0 : 1 } : { $0.signum() }
    case .ceil, .floor, .round: { $0 }
    case .not: { $0 == 0 ? 1 : 0 }
    default: nil
    }
  }
}

extension NDArray {
  /// Elements mapped through `f`, computed in `Double` and stored back in the dtype (rounded for
  /// fp16/bf16; truncated and saturated for integer dtypes).
  func mappedReal(_ f: (Double) -> Double) -> NDArray {
    switch storage {
    case .float(let v) where dtype == .float32: with(storage: .float(v.map { Float(f(Double($0))) }))
    case .float(let v): NDArray(dtype, shape, doubles: v.map { f(Double($0)) })
    case .double(let v): with(storage: .double(v.map(f)))
    case .int: NDArray(dtype, shape, doubles: doubles.map(f))
    }
  }
}
