import Foundation

/// Converts between packed little-endian element bytes and Swift numbers for every `DType`.
enum ElementCodec {
  static func encode(_ values: [Double], as dtype: DType) -> Data {
    switch dtype {
    case .float32: pack(values.map { Float($0) })
    case .float64: pack(values)
    case .float16: pack(values.map(HalfFloat.bits(from:)))
    case .bfloat16: pack(values.map(HalfFloat.bfloat16Bits(from:)))
    case .bool: pack(values.map { $0 != 0 ? UInt8(1) : UInt8(0) })
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

  /// The elements of `data` (little-endian, the host order on every supported platform),
  /// copied in one block.
  static func unpack<T: BitwiseCopyable>(_ data: Data, _: T.Type) -> [T] {
    let count = data.count / MemoryLayout<T>.stride
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      data.withUnsafeBytes { raw in
        UnsafeMutableRawBufferPointer(buffer).copyMemory(
          from: UnsafeRawBufferPointer(rebasing: raw[..<(count * MemoryLayout<T>.stride)]))
      }
      initialized = count
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
  static func bits(from value: Double) -> UInt16 {
    let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
    if value.isNaN { return sign | 0x7E00 }
    return sign | UInt16(roundedBits(abs(value), fractionBits: 10, exponentBias: 15))
  }

  static func float(fromBFloat16Bits b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }

  /// Round-to-nearest-even conversion to bfloat16.
  static func bfloat16Bits(from value: Double) -> UInt16 {
    if value.isNaN { return 0x7FC0 }
    let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
    return sign | UInt16(roundedBits(abs(value), fractionBits: 7, exponentBias: 127))
  }

  /// Exponent and fraction bits of `magnitude` (not NaN, not negative) in a binary format,
  /// rounded to nearest even in one step (going through `Float` first rounds twice), with
  /// overflow to infinity.
  static func roundedBits(_ magnitude: Double, fractionBits: Int, exponentBias: Int) -> Int {
    let infinity = (2 * exponentBias + 1) << fractionBits
    // Subnormals use the smallest normal exponent. A normal's leading 1, and rounding up to
    // the next power of two, carry into the exponent field.
    let exponent = max(magnitude.exponent, 1 - exponentBias)
    guard magnitude.isFinite, exponent <= exponentBias else { return infinity }
    let scale = Double(sign: .plus, exponent: fractionBits - exponent, significand: 1)
    let fraction = Int((magnitude * scale).rounded(.toNearestOrEven))
    return min((exponent + exponentBias - 1) << fractionBits + fraction, infinity)
  }
}
