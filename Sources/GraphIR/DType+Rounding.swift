extension DType {
  /// `value` rounded to the nearest value this floating-point dtype can hold (round to
  /// nearest even; overflow to infinity). `float32` and `float64` values pass through.
  public func roundedToStorage(_ value: Double) -> Double {
    switch self {
    case .float16: Double(HalfFloat.float(fromBits: HalfFloat.bits(from: value)))
    case .bfloat16: Double(HalfFloat.float(fromBFloat16Bits: HalfFloat.bfloat16Bits(from: value)))
    case .float32: Double(Float(value))
    default: value
    }
  }

  /// `value` wrapped to this integer dtype's width the way a C cast of an `Int64` does
  /// (`bool`: non-zero becomes 1).
  public func wrapped(_ value: Int64) -> Int64 {
    switch self {
    case .int8: Int64(Int8(truncatingIfNeeded: value))
    case .int16: Int64(Int16(truncatingIfNeeded: value))
    case .int32: Int64(Int32(truncatingIfNeeded: value))
    case .uint8: Int64(UInt8(truncatingIfNeeded: value))
    case .uint16: Int64(UInt16(truncatingIfNeeded: value))
    case .uint32: Int64(UInt32(truncatingIfNeeded: value))
    case .bool: value != 0 ? 1 : 0
    default: value
    }
  }

  /// The smallest and largest value of an integer dtype (as `Double`; `uint64`'s top is
  /// approximate); `nil` for floating-point dtypes.
  public var integerRange: ClosedRange<Double>? {
    switch self {
    case .int8: -128...127
    case .int16: -32768...32767
    case .int32: -2_147_483_648...2_147_483_647
    case .int64: -9.223372036854775808e18...9.223372036854775807e18
    case .uint8: 0...255
    case .uint16: 0...65535
    case .uint32: 0...4_294_967_295
    case .uint64: 0...1.8446744073709551615e19
    case .bool: 0...1
    default: nil
    }
  }
}
