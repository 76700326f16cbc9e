/// A static tensor shape: every dimension is a concrete, non-negative extent.
///
/// Tessera compiles for accelerators with static schedules, so symbolic dimensions are
/// bound at import (`--input-shape`) and never reach the IR.
public typealias Shape = [Int]

extension Array where Element == Int {
  /// Number of elements of a tensor of this shape (1 for a scalar), saturating at `Int.max`
  /// so that hostile shapes cannot trap.
  public var elementCount: Int { reduce(1, saturatingMultiply) }
}

/// `value` rounded up to an `Int`, clamped to the `Int` range (NaN becomes 0): for turning
/// cycle and byte estimates of hostile inputs into integers without trapping.
public func saturatingInt(_ value: Double) -> Int {
  if value.isNaN { return 0 }
  if value >= 9.2e18 { return .max }
  if value <= -9.2e18 { return .min }
  return Int(value.rounded(.up))
}

/// `a + b`, or `Int.max` when the sum overflows (inputs are non-negative counts).
public func saturatingAdd(_ a: Int, _ b: Int) -> Int {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? .max : sum
}

/// `a · b`, or `Int.max` when the product overflows (inputs are non-negative extents).
public func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
  let (product, overflow) = a.multipliedReportingOverflow(by: b)
  return overflow ? .max : product
}

/// Element type and shape of a value.
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
  public var dtype: DType
  public var shape: Shape

  public init(_ dtype: DType, _ shape: Shape) {
    self.dtype = dtype
    self.shape = shape
  }

  public var rank: Int { shape.count }
  public var elementCount: Int { shape.elementCount }
  public var byteCount: Int { saturatingMultiply(elementCount, dtype.byteWidth) }

  /// `f32[1,3,224,224]`; a scalar prints as `f32[]`.
  public var description: String {
    "\(dtype.rawValue)[\(shape.map(String.init).joined(separator: ","))]"
  }
}
