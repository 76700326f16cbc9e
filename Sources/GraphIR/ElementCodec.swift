import Foundation

/// Converts between packed little-endian element bytes and Swift numbers for every `DType`.
enum ElementCodec {
  static func encode(_ values: [Double], as dtype: DType) -> Data {
    switch dtype {
    case .float32: pack(values.map { Float($0) })
    case .float64: pack(values)
    case .float16: pack(values.map { HalfFloat.bits(fromFloat: Float($0)) })
    case .bfloat16: pack(values.map { HalfFloat.bfloat16Bits(fromFloat: Float($0)) })
    default: encode(values.map(saturatingInt64), as: dtype)
    }
  }

  static func encode(_ values: [Int64], as dtype: DType) -> Data {
    switch dtype {
    case .int8: pack(values.map { Int8(truncatingIfNeeded: $0) })
    case .int16: pack(values.map { Int16(truncatingIfNeeded: $0) })
    case .int32: pack(values.map { Int32(truncatingIfNeeded: $0) })
    case .int64: pack(values)
    case .uint8: pack(values.map { UInt8(truncatingIfNeeded: $0) })
    case .uint16: pack(values.map { UInt16(truncatingIfNeeded: $0) })
    case .uint32: pack(values.map { UInt32(truncatingIfNeeded: $0) })
    case .uint64: pack(values.map { UInt64(bitPattern: $0) })
    case .bool: pack(values.map { $0 != 0 ? UInt8(1) : UInt8(0) })
    default: encode(values.map { Double($0) }, as: dtype)
    }
  }

  static func decodeDoubles(_ data: Data, as dtype: DType) -> [Double] {
    switch dtype {
    case .float32: unpack(data, Float.self).map { Double($0) }
    case .float64: unpack(data, Double.self)
    case .float16: unpack(data, UInt16.self).map { Double(HalfFloat.float(fromBits: $0)) }
    case .bfloat16: unpack(data, UInt16.self).map { Double(HalfFloat.float(fromBFloat16Bits: $0)) }
    case .uint64: unpack(data, UInt64.self).map { Double($0) }
    default: decodeIntegers(data, as: dtype).map { Double($0) }
    }
  }

  static func decodeIntegers(_ data: Data, as dtype: DType) -> [Int64] {
    switch dtype {
    case .int8: unpack(data, Int8.self).map { Int64($0) }
    case .int16: unpack(data, Int16.self).map { Int64($0) }
    case .int32: unpack(data, Int32.self).map { Int64($0) }
    case .int64: unpack(data, Int64.self)
    case .uint8, .bool: unpack(data, UInt8.self).map { Int64($0) }
    case .uint16: unpack(data, UInt16.self).map { Int64($0) }
    case .uint32: unpack(data, UInt32.self).map { Int64($0) }
    case .uint64: unpack(data, UInt64.self).map { Int64(bitPattern: $0) }
    default: decodeDoubles(data, as: dtype).map(saturatingInt64)
    }
  }

  /// `value` truncated toward zero and clamped to the `Int64` range (NaN becomes 0).
  static func saturatingInt64(_ value: Double) -> Int64 {
    if value.isNaN { return 0 }
    if value >= 9.223372036854775807e18 { return .max }
    if value <= -9.223372036854775808e18 { return .min }
    return Int64(value)
  }

  static func pack<T>(_ values: [T]) -> Data {
    values.withUnsafeBufferPointer { Data(buffer: $0) }
  }

  @inline(__always)
  static func unpack<T: BitwiseCopyable>(_ data: Data, _: T.Type) -> [T] {
    let stride = MemoryLayout<T>.stride
    return data.withUnsafeBytes { raw in
      (0..<raw.count / stride).map { raw.loadUnaligned(fromByteOffset: $0 * stride, as: T.self) }
    }
  }
}

/// IEEE 754 half precision and bfloat16 conversions, done on bits so they work everywhere.
enum HalfFloat {
  static func float(fromBits h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31
    let exponent = Int((h >> 10) & 0x1F)
    let mantissa = UInt32(h & 0x3FF)
    if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
    if exponent == 0 {
      let magnitude = Float(mantissa) * 0x1p-24
      return sign == 0 ? magnitude : -magnitude
    }
    return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
  }

  /// Round-to-nearest-even conversion to half precision.
  static func bits(fromFloat value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16((bits >> 16) & 0x8000)
    if value.isNaN { return sign | 0x7E00 }
    let magnitude = abs(value)
    if magnitude >= 65520 { return sign | 0x7C00 }
    if magnitude < 0x1p-14 {
      // Subnormal half: round magnitude / 2^-24 to nearest even integer.
      return sign | UInt16((magnitude * 0x1p24).rounded(.toNearestOrEven))
    }
    let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
    var mantissa = (bits & 0x7F_FFFF) >> 13
    let rest = bits & 0x1FFF
    var result = UInt32(exponent) << 10 | mantissa
    if rest > 0x1000 || (rest == 0x1000 && (mantissa & 1) == 1) {
      result += 1
      mantissa += 1
    }
    return sign | UInt16(result)
  }

  static func float(fromBFloat16Bits b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }

  static func bfloat16Bits(fromFloat value: Float) -> UInt16 {
    if value.isNaN { return 0x7FC0 }
    let bits = value.bitPattern
    let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
    return UInt16((bits &+ rounding) >> 16)
  }
}
