import Foundation
import GraphIR

/// Elementwise ops of several broadcast tensors: binary functions, Max/Min/Sum/Mean, Where.
///
/// Integer arithmetic wraps to the dtype's width (C semantics, as onnxruntime computes). Integer
/// division truncates toward zero; dividing by zero gives 0 for Div, Mod and Fmod alike (numpy's
/// convention; C leaves it undefined and onnxruntime traps), so a bad input never crashes.
/// uint64 compares, divides and takes remainders as unsigned.
extension Evaluator {
  static func binary(_ inputs: [NDArray?], _ f: BinaryFunction, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let a = try operand(inputs, 0)
    let b = try operand(inputs, 1)
    if f == .pow { return power(a, b, out) }
    switch (a.storage, b.storage) {
    case (.float(let x), .float(let y)): return try floatingBinary(f, x, a.shape, y, b.shape, out)
    case (.double(let x), .double(let y)): return try floatingBinary(f, x, a.shape, y, b.shape, out)
    case (.int(let x), .int(let y)):
      let unsigned = a.dtype == .uint64
      if let compare: (Int64, Int64) -> Bool = comparison(f) {
        let key: (Int64) -> Int64 = unsigned ? { $0 ^ .min } : { $0 }  // unsigned order via the flipped sign bit
        return NDArray(
          .bool, out.shape,
          ints: Broadcasting.map(x, a.shape, y, b.shape, to: out.shape) { compare(key($0), key($1)) ? 1 : 0 })
      }
      return NDArray(
        out.dtype, out.shape,
        ints: Broadcasting.map(x, a.shape, y, b.shape, to: out.shape, integerFunction(f, unsigned: unsigned)))
    default: throw InterpreterError("operand dtypes differ: \(a.dtype) and \(b.dtype)")
    }
  }

  /// `Max`, `Min`, `Sum`, `Mean` of any number of operands, folded pairwise with broadcasting.
  /// Max and Min propagate NaN (as numpy's maximum/minimum do).
  static func variadic(_ inputs: [NDArray?], _ f: VariadicFunction, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let operands = inputs.compactMap { $0 }
    guard let first = operands.first else { throw InterpreterError("\(f.rawValue) needs at least one operand") }
    let count = Double(operands.count)
    switch first.storage {
    case .float:
      let sum = try fold(operands, Float.self, floatingVariadic(f))
      return NDArray(out.dtype, sum.shape, floats: f == .mean ? sum.values.map { $0 / Float(count) } : sum.values)
    case .double:
      let sum = try fold(operands, Double.self, floatingVariadic(f))
      return NDArray(out.dtype, sum.shape, doubles: f == .mean ? sum.values.map { $0 / count } : sum.values)
    case .int:
      let key: (Int64) -> Int64 = first.dtype == .uint64 ? { $0 ^ .min } : { $0 }
      let combine: (Int64, Int64) -> Int64 =
        switch f {
        case .max: { key($0) >= key($1) ? $0 : $1 }
        case .min: { key($0) <= key($1) ? $0 : $1 }
        case .sum, .mean: { $0 &+ $1 }
        }
      let sum = try fold(operands, Int64.self, combine)
      let n = Int64(operands.count)
      return NDArray(out.dtype, sum.shape, ints: f == .mean ? sum.values.map { $0 / n } : sum.values)
    }
  }

  /// `Where(condition, x, y)` with the three operands broadcast.
  static func select(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray {
    let condition = try operand(inputs, 0)
    let x = try operand(inputs, 1)
    let y = try operand(inputs, 2)
    guard case .int(let c) = condition.storage else {
      throw InterpreterError("condition must be bool, got \(condition.dtype)")
    }
    func pick<T: StorageElement>(_: T.Type) throws(InterpreterError) -> NDArray {
      let v = try NDArray.elements([x, y], as: T.self)
      let picked = Broadcasting.map(c, condition.shape, v[0], x.shape, v[1], y.shape, to: out.shape) {
        $0 != 0 ? $1 : $2
      }
      return NDArray(unchecked: x.dtype, out.shape, T.storage(picked))
    }
    switch x.storage {
    case .float: return try pick(Float.self)
    case .double: return try pick(Double.self)
    case .int: return try pick(Int64.self)
    }
  }

  // MARK: - Kernels

  private static func floatingBinary<T: BinaryFloatingPoint & StorageElement>(
    _ f: BinaryFunction, _ x: [T], _ xShape: [Int], _ y: [T], _ yShape: [Int], _ out: TensorType
  ) throws(InterpreterError) -> NDArray {
    @inline(__always) func map(_ g: (T, T) -> T) -> NDArray {
      T.array(out.dtype, out.shape, Broadcasting.map(x, xShape, y, yShape, to: out.shape, g))
    }
    switch f {
    case .add: return map(+)
    case .sub: return map(-)
    case .mul: return map(*)
    case .div: return map(/)
    case .mod:
      return map { a, b in
        let r = a.truncatingRemainder(dividingBy: b)
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
      }
    case .fmod: return map { $0.truncatingRemainder(dividingBy: $1) }
    case .prelu: return map { $0 < 0 ? $0 * $1 : $0 }
    case .and, .or, .xor, .pow: throw InterpreterError("\(f.rawValue) is not defined on \(out.dtype)")
    case .equal, .less, .lessOrEqual, .greater, .greaterOrEqual:
      let compare: (T, T) -> Bool = comparison(f) ?? { _, _ in false }
      return NDArray(
        .bool, out.shape, ints: Broadcasting.map(x, xShape, y, yShape, to: out.shape) { compare($0, $1) ? 1 : 0 })
    }
  }

  /// The order relation of a comparison function; `nil` for the others.
  private static func comparison<T: Comparable>(_ f: BinaryFunction) -> ((T, T) -> Bool)? {
    switch f {
    case .equal: (==)
    case .less: (<)
    case .lessOrEqual: (<=)
    case .greater: (>)
    case .greaterOrEqual: (>=)
    default: nil
    }
  }

  /// Wrapping integer arithmetic (and the logical functions on 0/1).
  private static func integerFunction(_ f: BinaryFunction, unsigned: Bool) -> (Int64, Int64) -> Int64 {
    func bits(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }
    switch f {
    case .add: return (&+)
    case .sub: return (&-)
    case .mul: return (&*)
    case .div:
      if unsigned { return { $1 == 0 ? 0 : Int64(bitPattern: bits($0) / bits($1)) } }
      return { $1 == 0 ? 0 : $0.dividedReportingOverflow(by: $1).partialValue }
    case .mod, .fmod:
      if unsigned { return { $1 == 0 ? 0 : Int64(bitPattern: bits($0) % bits($1)) } }
      let divisorSign = f == .mod
      return { a, b in
        guard b != 0 else { return 0 }
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue
        return divisorSign && r != 0 && (r < 0) != (b < 0) ? r &+ b : r
      }
    case .prelu: return unsigned ? { a, _ in a } : { $0 < 0 ? $0 &* $1 : $0 }
    case .and: return (&)
    case .or: return (|)
    case .xor: return (^)
    case .pow, .equal, .less, .lessOrEqual, .greater, .greaterOrEqual: return { a, _ in a }  // handled by the caller
    }
  }

  /// `Pow`: base and exponent may have different dtypes; the result has the base's. Integer
  /// powers with a non-negative integer exponent are exact (wrapping); the rest is `pow` in
  /// `Double`, converted like a Cast.
  private static func power(_ a: NDArray, _ b: NDArray, _ out: TensorType) -> NDArray {
    if case .int(let base) = a.storage, case .int(let exponent) = b.storage {
      let unsigned = b.dtype == .uint64
      return NDArray(
        out.dtype, out.shape,
        ints: Broadcasting.map(base, a.shape, exponent, b.shape, to: out.shape) {
          integerPower($0, $1, unsignedExponent: unsigned)
        })
    }
    return NDArray(
      out.dtype, out.shape, doubles: Broadcasting.map(a.doubles, a.shape, b.doubles, b.shape, to: out.shape, pow))
  }

  /// `base^exponent` by repeated squaring, wrapping; a negative exponent gives the truncated
  /// reciprocal power (1 and -1 stay ±1, 0 gives 0 like a division by zero, the rest 0).
  static func integerPower(_ base: Int64, _ exponent: Int64, unsignedExponent: Bool) -> Int64 {
    if exponent < 0 && !unsignedExponent {
      return base == 1 ? 1 : (base == -1 ? (exponent & 1 == 0 ? 1 : -1) : 0)
    }
    var (result, square, remaining) = (Int64(1), base, UInt64(bitPattern: exponent))
    while remaining > 0 {
      if remaining & 1 == 1 { result = result &* square }
      square = square &* square
      remaining >>= 1
    }
    return result
  }

  private static func floatingVariadic<T: BinaryFloatingPoint>(_ f: VariadicFunction) -> (T, T) -> T {
    switch f {
    case .max: { $0.isNaN || $0 >= $1 ? $0 : $1 }
    case .min: { $0.isNaN || $0 <= $1 ? $0 : $1 }
    case .sum, .mean: (+)
    }
  }

  /// The operands combined left to right by `combine`, broadcasting at each step.
  private static func fold<T: StorageElement>(
    _ operands: [NDArray], _: T.Type, _ combine: (T, T) -> T
  ) throws(InterpreterError) -> (values: [T], shape: [Int]) {
    let arrays = try NDArray.elements(operands, as: T.self)
    var (values, shape) = (arrays[0], operands[0].shape)
    for (next, operand) in zip(arrays, operands).dropFirst() {
      let joined = try Broadcasting.shape(shape, operand.shape)
      values = Broadcasting.map(values, shape, next, operand.shape, to: joined, combine)
      shape = joined
    }
    return (values, shape)
  }
}
