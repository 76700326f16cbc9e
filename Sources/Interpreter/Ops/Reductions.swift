import Foundation
import GraphIR

extension Evaluator {
  /// ONNX `Reduce*` over `a.axes`, which import resolved (no axes means all of them;
  /// `noop_with_empty_axes` became an identity there).
  ///
  /// Floats accumulate in `Double`. Integers sum and multiply in wrapping `Int64` and are
  /// wrapped to their width at the end (NumPy's behaviour, which the ONNX reference
  /// follows); their mean truncates, and L2/log-sum-exp go through `Double`. A reduction
  /// over no elements gives the function's identity, as the `reduce_*_empty_set` tests
  /// expect: 0 for sums, 1 for products, −∞/+∞ (the dtype's lowest/highest integer) for
  /// max/min, −∞ for log-sum-exp and log-sum.
  static func reduce(_ inputs: [NDArray?], _ f: ReduceFunction, _ a: ReduceAttributes, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(a.axes.allSatisfy { $0 >= 0 && $0 < x.rank }, "axes \(a.axes) out of range for \(x.type)")
    let kept = x.shape.indices.filter { !a.axes.contains($0) }.map { x.shape[$0] }
    try check(kept.elementCount == out.shape.elementCount, "reducing \(x.type) over \(a.axes) cannot give \(out)")
    let targets = reducedIndices(x.shape, axes: a.axes)
    let count = out.shape.elementCount
    let reduced = a.axes.map { x.shape[$0] }.elementCount
    if case .int(let values) = x.storage, ![.reduceL2, .reduceLogSumExp, .reduceLogSum].contains(f) {
      let sums = reduceIntegers(values, f, x.dtype, targets, count: count, reduced: reduced)
      return NDArray(out.dtype, out.shape, ints: sums)
    }
    let values = x.doubles
    if f == .reduceLogSumExp {
      // log Σ exp(x) = m + log Σ exp(x − m) with m the maximum, so large inputs do not overflow.
      var peaks = [Double](repeating: -.infinity, count: count)
      for (v, t) in zip(values, targets) where v > peaks[t] || v.isNaN { peaks[t] = v }
      let shifts = peaks.map { $0.isFinite ? $0 : 0 }
      var sums = [Double](repeating: 0, count: count)
      for (v, t) in zip(values, targets) { sums[t] += exp(v - shifts[t]) }
      return NDArray(out.dtype, out.shape, doubles: zip(sums, shifts).map { log($0) + $1 })
    }
    let (identity, combine): (Double, (Double, Double) -> Double) =
      switch f {
      case .reduceProd: (1, { $0 * $1 })
      case .reduceMax: (-.infinity, { $1 > $0 || $1.isNaN ? $1 : $0 })
      case .reduceMin: (.infinity, { $1 < $0 || $1.isNaN ? $1 : $0 })
      case .reduceL1: (0, { $0 + abs($1) })
      case .reduceL2, .reduceSumSquare: (0, { $0 + $1 * $1 })
      default: (0, { $0 + $1 })
      }
    var results = [Double](repeating: identity, count: count)
    for (v, t) in zip(values, targets) { results[t] = combine(results[t], v) }
    if f == .reduceMean { results = results.map { $0 / Double(reduced) } }
    if f == .reduceL2 { results = results.map { $0.squareRoot() } }
    if f == .reduceLogSum { results = results.map { log($0) } }
    return NDArray(out.dtype, out.shape, doubles: results)
  }

  /// Integer `Reduce*` in wrapping `Int64` (`uint64` compared as unsigned).
  private static func reduceIntegers(
    _ values: [Int64], _ f: ReduceFunction, _ dtype: DType, _ targets: [Int], count: Int, reduced: Int
  ) -> [Int64] {
    let unsigned = dtype == .uint64
    let less: (Int64, Int64) -> Bool = unsigned ? { UInt64(bitPattern: $0) < UInt64(bitPattern: $1) } : { $0 < $1 }
    let (lowest, highest) = integerBounds(dtype)
    let (identity, combine): (Int64, (Int64, Int64) -> Int64) =
      switch f {
      case .reduceProd: (1, { $0 &* $1 })
      case .reduceMax: (lowest, { less($0, $1) ? $1 : $0 })
      case .reduceMin: (highest, { less($1, $0) ? $1 : $0 })
      case .reduceL1: (0, { $0 &+ (!unsigned && $1 < 0 ? 0 &- $1 : $1) })
      case .reduceSumSquare: (0, { $0 &+ $1 &* $1 })
      default: (0, { $0 &+ $1 })
      }
    var results = [Int64](repeating: identity, count: count)
    for (v, t) in zip(values, targets) { results[t] = combine(results[t], v) }
    guard f == .reduceMean else { return results }
    // Division truncates toward zero like NumPy's mean cast back to the integer dtype.
    let n = Int64(max(reduced, 1))
    return results.map { unsigned ? Int64(bitPattern: UInt64(bitPattern: $0) / UInt64(n)) : $0 / n }
  }

  /// The lowest and highest value of an integer dtype, as stored (`uint64` max is all ones).
  private static func integerBounds(_ dtype: DType) -> (Int64, Int64) {
    switch dtype {
    case .int64: return (Int64.min, Int64.max)
    case .uint64: return (0, -1)
    default:
      guard let range = dtype.integerRange else { return (Int64.min, Int64.max) }
      return (Int64(range.lowerBound), Int64(range.upperBound))
    }
  }

  /// `ArgMax`/`ArgMin` along `a.axis`: the first (or, with `select_last_index`, the last)
  /// position of the extreme value, as int64.
  static func argReduce(_ inputs: [NDArray?], _ a: ArgReduceAttributes, max: Bool, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(a.axis >= 0 && a.axis < x.rank, "axis \(a.axis) out of range for \(x.type)")
    let layout = AxisLayout(x.shape, axis: a.axis)
    try check(layout.outer * layout.inner == out.shape.elementCount, "\(x.type) along \(a.axis) cannot give \(out)")
    try check(layout.extent > 0 || out.shape.elementCount == 0, "no extreme value along an empty axis of \(x.type)")
    let indices: [Int64] =
      switch x.storage {
      case .int(let v) where x.dtype == .uint64:
        argExtremes(v.map { UInt64(bitPattern: $0) }, layout, max: max, last: a.selectLastIndex)
      case .int(let v): argExtremes(v, layout, max: max, last: a.selectLastIndex)
      default: argExtremes(x.doubles, layout, max: max, last: a.selectLastIndex)
      }
    return NDArray(.int64, out.shape, ints: indices)
  }

  private static func argExtremes<T: Comparable>(_ v: [T], _ layout: AxisLayout, max: Bool, last: Bool) -> [Int64] {
    var result: [Int64] = []
    result.reserveCapacity(layout.outer * layout.inner)
    for o in 0..<layout.outer {
      for i in 0..<layout.inner {
        var best = 0
        for k in stride(from: 1, to: layout.extent, by: 1) {
          let value = v[layout.index(o, k, i)]
          let current = v[layout.index(o, best, i)]
          if (max ? value > current : value < current) || (last && value == current) { best = k }
        }
        result.append(Int64(best))
      }
    }
    return result
  }

  /// `Softmax`/`LogSoftmax` along `a.axis` (opset < 13: over every axis from `axis` on),
  /// computed as exp(x − m) / Σ exp(x − m) with m the maximum of the line, so large
  /// inputs do not overflow.
  static func softmax(_ inputs: [NDArray?], _ a: SoftmaxAttributes, log: Bool, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(a.axis >= 0 && a.axis < Swift.max(x.rank, 1), "axis \(a.axis) out of range for \(x.type)")
    let layout =
      a.coerced2D ? AxisLayout(x.shape, axes: Swift.min(a.axis, x.rank)..<x.rank) : AxisLayout(x.shape, axis: a.axis)
    return NDArray(out.dtype, out.shape, doubles: normalizedExponentials(x.doubles, layout, logarithmic: log))
  }

  private static func normalizedExponentials(_ v: [Double], _ layout: AxisLayout, logarithmic: Bool) -> [Double] {
    var y = [Double](repeating: 0, count: v.count)
    for o in 0..<layout.outer {
      for i in 0..<layout.inner {
        let line = (0..<layout.extent).map { layout.index(o, $0, i) }
        let peak = line.reduce(-Double.infinity) { v[$1] > $0 || v[$1].isNaN ? v[$1] : $0 }
        let sum = line.reduce(0.0) { $0 + exp(v[$1] - peak) }
        let logSum = log(sum)
        for j in line { y[j] = logarithmic ? v[j] - peak - logSum : exp(v[j] - peak) / sum }
      }
    }
    return y
  }
}
