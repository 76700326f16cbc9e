import Foundation

/// Materialized elements of a small constant: integers (and bools) exactly, floats as Double.
enum Elements {
  case ints([Int64])
  case floats([Double])

  init(_ tensor: Tensor) {
    self = tensor.type.dtype.isFloatingPoint ? .floats(tensor.doubles()) : .ints(tensor.integers())
  }

  var count: Int {
    switch self {
    case .ints(let v): v.count
    case .floats(let v): v.count
    }
  }

  var doubles: [Double] {
    switch self {
    case .ints(let v): v.map { Double($0) }
    case .floats(let v): v
    }
  }

  func tensor(_ type: TensorType) -> Tensor? {
    guard count == type.elementCount else { return nil }
    switch self {
    case .ints(let v): return try? Tensor(type.dtype, type.shape, integers: v)
    case .floats(let v): return try? Tensor(type.dtype, type.shape, doubles: v)
    }
  }

  func converted(toInteger: Bool) -> Elements {
    switch self {
    case .floats(let v) where toInteger: .ints(v.map(ElementCodec.saturatingInt64))
    case .ints(let v) where !toInteger: .floats(v.map { Double($0) })
    default: self
    }
  }

  /// Elements at `sources` (indices into self); `nil` if any index is out of range.
  func gathered(_ sources: [Int]?) -> Elements? {
    guard let sources, sources.allSatisfy({ $0 >= 0 && $0 < count }) else { return nil }
    switch self {
    case .ints(let v): return .ints(sources.map { v[$0] })
    case .floats(let v): return .floats(sources.map { v[$0] })
    }
  }

  func map(unary function: UnaryFunction) -> Elements? {
    switch self {
    case .ints(let v):
      switch function {
      case .neg: return .ints(v.map { 0 &- $0 })
      case .abs: return .ints(v.map { $0 < 0 ? 0 &- $0 : $0 })
      case .relu: return .ints(v.map { max($0, 0) })
      case .sign: return .ints(v.map { $0.signum() })
      case .not: return .ints(v.map { $0 == 0 ? 1 : 0 })
      case .ceil, .floor, .round: return self
      default: return nil
      }
    case .floats(let v):
      guard let f = Kernel.unary(function) else { return nil }
      return .floats(v.map(f))
    }
  }

  static func combine(
    _ a: Elements, _ aShape: Shape, _ b: Elements, _ bShape: Shape, to shape: Shape, _ kernel: Kernel
  ) -> Elements? {
    guard let left = a.gathered(Indexing.broadcastSources(from: aShape, to: shape)),
      let right = b.gathered(Indexing.broadcastSources(from: bShape, to: shape))
    else { return nil }
    switch (left, right) {
    case (.ints(let x), .ints(let y)):
      guard let f = kernel.ints else { return nil }
      var out: [Int64] = []
      out.reserveCapacity(x.count)
      for (p, q) in zip(x, y) {
        guard let r = f(p, q) else { return nil }
        out.append(r)
      }
      return .ints(out)
    default:
      let values = zip(left.doubles, right.doubles).map(kernel.floats)
      return kernel.producesBool ? .ints(values.map { $0 != 0 ? 1 : 0 }) : .floats(values)
    }
  }

  static func select(
    _ c: Elements, _ cShape: Shape, _ x: Elements, _ xShape: Shape, _ y: Elements, _ yShape: Shape, to shape: Shape
  ) -> Elements? {
    guard case .ints(let condition)? = c.gathered(Indexing.broadcastSources(from: cShape, to: shape)),
      let left = x.gathered(Indexing.broadcastSources(from: xShape, to: shape)),
      let right = y.gathered(Indexing.broadcastSources(from: yShape, to: shape))
    else { return nil }
    switch (left, right) {
    case (.ints(let p), .ints(let q)): return .ints(condition.indices.map { condition[$0] != 0 ? p[$0] : q[$0] })
    default:
      let (p, q) = (left.doubles, right.doubles)
      return .floats(condition.indices.map { condition[$0] != 0 ? p[$0] : q[$0] })
    }
  }

  static func concatenate(_ parts: [Elements], shapes: [Shape], axis: Int) -> Elements? {
    guard let first = shapes.first else { return nil }
    let outer = Array(first.prefix(axis)).elementCount
    let inners = shapes.map { Array($0.dropFirst(axis)).elementCount }
    /// Interleaves the parts block by block (Concat's operands share one dtype).
    func interleave<T>(_ values: [[T]]) -> [T] {
      var out: [T] = []
      for block in 0..<outer {
        for (v, inner) in zip(values, inners) { out += v[block * inner..<(block + 1) * inner] }
      }
      return out
    }
    let ints = parts.compactMap { if case .ints(let v) = $0 { v } else { nil } }
    return ints.count == parts.count ? .ints(interleave(ints)) : .floats(interleave(parts.map(\.doubles)))
  }

  func reduced(_ function: ReduceFunction, shape: Shape, axes: [Int]) -> Elements? {
    let groups = Indexing.reductionGroups(shape, axes: axes)
    switch self {
    case .ints(let v):
      switch function {
      case .reduceSum: return .ints(groups.map { $0.reduce(0) { $0 &+ v[$1] } })
      case .reduceProd: return .ints(groups.map { $0.reduce(1) { $0 &* v[$1] } })
      case .reduceMax: return .ints(groups.map { $0.map { v[$0] }.max() ?? .min })
      case .reduceMin: return .ints(groups.map { $0.map { v[$0] }.min() ?? .max })
      default: return nil
      }
    case .floats(let v):
      switch function {
      case .reduceSum: return .floats(groups.map { $0.reduce(0) { $0 + v[$1] } })
      // The mean of nothing is 0/0 = NaN, as ONNX computes it.
      case .reduceMean: return .floats(groups.map { g in g.reduce(0) { $0 + v[$1] } / Double(g.count) })
      case .reduceProd: return .floats(groups.map { $0.reduce(1) { $0 * v[$1] } })
      case .reduceMax: return .floats(groups.map { $0.map { v[$0] }.max() ?? -.infinity })
      case .reduceMin: return .floats(groups.map { $0.map { v[$0] }.min() ?? .infinity })
      default: return nil
      }
    }
  }
}

/// Scalar functions used by folding.
struct Kernel {
  var floats: (Double, Double) -> Double
  var ints: ((Int64, Int64) -> Int64?)?
  var producesBool = false

  static func compare(_ f: @escaping (Double, Double) -> Bool, _ g: @escaping (Int64, Int64) -> Bool) -> Kernel {
    Kernel(floats: { f($0, $1) ? 1 : 0 }, ints: { g($0, $1) ? 1 : 0 }, producesBool: true)
  }

  static func binary(_ function: BinaryFunction) -> Kernel {
    switch function {
    case .add: Kernel(floats: +, ints: { $0 &+ $1 })
    case .sub: Kernel(floats: -, ints: { $0 &- $1 })
    case .mul: Kernel(floats: *, ints: { $0 &* $1 })
    case .div: Kernel(floats: /, ints: { $1 == 0 ? nil : $0.dividedReportingOverflow(by: $1).partialValue })
    case .fmod:
      Kernel(
        floats: { fmod($0, $1) },
        ints: { d, v in v == 0 ? nil : d.remainderReportingOverflow(dividingBy: v).partialValue })
    case .mod:
      Kernel(
        floats: { b, d in
          let r = fmod(b, d)
          return r != 0 && (r < 0) != (d < 0) ? r + d : r
        },
        ints: { b, d in
          // The remainder takes the divisor's sign; `Int64.min % -1` must not trap.
          guard d != 0 else { return nil }
          let r = b.remainderReportingOverflow(dividingBy: d).partialValue
          return r != 0 && (r < 0) != (d < 0) ? r + d : r
        })
    case .pow: Kernel(floats: { Foundation.pow($0, $1) }, ints: nil)
    case .prelu: Kernel(floats: { $0 < 0 ? $0 * $1 : $0 }, ints: { $0 < 0 ? $0 &* $1 : $0 })
    case .equal: compare(==, ==)
    case .less: compare(<, <)
    case .lessOrEqual: compare(<=, <=)
    case .greater: compare(>, >)
    case .greaterOrEqual: compare(>=, >=)
    case .and: compare({ $0 != 0 && $1 != 0 }, { $0 != 0 && $1 != 0 })
    case .or: compare({ $0 != 0 || $1 != 0 }, { $0 != 0 || $1 != 0 })
    case .xor: compare({ ($0 != 0) != ($1 != 0) }, { ($0 != 0) != ($1 != 0) })
    }
  }

  static func variadic(_ function: VariadicFunction) -> Kernel? {
    switch function {
    case .sum: binary(.add)
    case .max: Kernel(floats: { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }, ints: { Swift.max($0, $1) })
    case .min: Kernel(floats: { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }, ints: { Swift.min($0, $1) })
    case .mean: nil
    }
  }

  static func unary(_ function: UnaryFunction) -> ((Double) -> Double)? {
    switch function {
    case .relu: { Swift.max($0, 0) }
    case .neg: { -$0 }
    case .abs: { Swift.abs($0) }
    case .sqrt: { $0.squareRoot() }
    case .exp: { Foundation.exp($0) }
    case .log: { Foundation.log($0) }
    case .reciprocal: { 1 / $0 }
    case .ceil: { $0.rounded(.up) }
    case .floor: { $0.rounded(.down) }
    case .round: { $0.rounded(.toNearestOrEven) }
    case .sign: { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .sigmoid: { 1 / (1 + Foundation.exp(-$0)) }
    case .tanh: { Foundation.tanh($0) }
    case .erf: { Foundation.erf($0) }
    case .sin: { Foundation.sin($0) }
    case .cos: { Foundation.cos($0) }
    default: nil
    }
  }
}
