import Foundation
import Testing

@testable import GraphIR

/// Element conversions of `Tensor`: half precision, bfloat16 and integer extremes.
@Suite("Tensor element codec")
struct ElementCodecTests {
  struct HalfCase: Sendable, CustomTestStringConvertible {
    var name: String
    var value: Double
    var bits: UInt16
    var testDescription: String { name }
  }

  static let float16: [HalfCase] = [
    HalfCase(name: "one", value: 1, bits: 0x3C00),
    HalfCase(name: "minus two", value: -2, bits: 0xC000),
    HalfCase(name: "0.1 rounds to nearest", value: 0.1, bits: 0x2E66),
    HalfCase(name: "largest finite", value: 65504, bits: 0x7BFF),
    HalfCase(name: "below the overflow midpoint", value: 65519.99, bits: 0x7BFF),
    HalfCase(name: "overflow midpoint rounds to infinity", value: 65520, bits: 0x7C00),
    HalfCase(name: "infinity", value: .infinity, bits: 0x7C00),
    HalfCase(name: "minus infinity", value: -.infinity, bits: 0xFC00),
    HalfCase(name: "minus zero", value: -0.0, bits: 0x8000),
    HalfCase(name: "smallest normal", value: 0x1p-14, bits: 0x0400),
    HalfCase(name: "largest subnormal", value: 0x1.ff8p-15, bits: 0x03FF),
    HalfCase(name: "smallest subnormal", value: 0x1p-24, bits: 0x0001),
    HalfCase(name: "negative subnormal", value: -0x1p-23, bits: 0x8002),
    HalfCase(name: "half the smallest subnormal ties to zero", value: 0x1p-25, bits: 0x0000),
    HalfCase(name: "1.5 × smallest subnormal ties to even", value: 0x1.8p-24, bits: 0x0002),
    HalfCase(name: "subnormal rounding up to the smallest normal", value: 0x1.ffcp-15, bits: 0x0400),
    HalfCase(name: "tie between 1 and next rounds to even", value: 1 + 0x1p-11, bits: 0x3C00),
    HalfCase(name: "tie above odd rounds up", value: 1 + 0x3p-11, bits: 0x3C02),
    HalfCase(
      name: "just above a tie rounds up (no double rounding)", value: 1 + 0x1p-11 + 0x1p-40, bits: 0x3C01),
    HalfCase(name: "just below a tie rounds down", value: 1 + 0x1p-11 - 0x1p-40, bits: 0x3C00),
  ]

  @Test("float16 encoding", arguments: float16)
  func float16Encoding(_ c: HalfCase) {
    #expect(ElementCodec.encode([c.value], as: .float16) == Data([UInt8(c.bits & 0xFF), UInt8(c.bits >> 8)]))
  }

  static let bfloat16: [HalfCase] = [
    HalfCase(name: "one", value: 1, bits: 0x3F80),
    HalfCase(name: "minus two", value: -2, bits: 0xC000),
    HalfCase(name: "pi", value: .pi, bits: 0x4049),
    HalfCase(name: "infinity", value: .infinity, bits: 0x7F80),
    HalfCase(name: "minus infinity", value: -.infinity, bits: 0xFF80),
    HalfCase(name: "largest finite", value: 0x1.fep127, bits: 0x7F7F),
    HalfCase(
      name: "float max rounds to infinity", value: Double(Float.greatestFiniteMagnitude), bits: 0x7F80),
    HalfCase(name: "beyond float range is infinity", value: 1e300, bits: 0x7F80),
    HalfCase(name: "smallest subnormal", value: 0x1p-133, bits: 0x0001),
    HalfCase(name: "tie rounds to even", value: 1 + 0x1p-8, bits: 0x3F80),
    HalfCase(name: "tie above odd rounds up", value: 1 + 0x3p-8, bits: 0x3F82),
    HalfCase(
      name: "just above a tie rounds up (no double rounding)", value: 1 + 0x1p-8 + 0x1p-40, bits: 0x3F81),
    HalfCase(name: "minus zero", value: -0.0, bits: 0x8000),
  ]

  @Test("bfloat16 encoding", arguments: bfloat16)
  func bfloat16Encoding(_ c: HalfCase) {
    #expect(
      ElementCodec.encode([c.value], as: .bfloat16) == Data([UInt8(c.bits & 0xFF), UInt8(c.bits >> 8)]))
  }

  @Test("every float16 bit pattern survives decode then encode", arguments: [DType.float16, .bfloat16])
  func halfRoundTrip(_ dtype: DType) {
    let patterns = (0...UInt16.max).map { $0 }
    let data = ElementCodec.pack(patterns)
    let values = ElementCodec.decodeDoubles(data, as: dtype)
    let again = ElementCodec.unpack(ElementCodec.encode(values, as: dtype), UInt16.self)
    var mismatches: [String] = []
    for (bits, (value, back)) in zip(patterns, zip(values, again)) {
      if value.isNaN {
        if !ElementCodec.decodeDoubles(ElementCodec.pack([back]), as: dtype)[0].isNaN {
          mismatches.append("NaN 0x\(String(bits, radix: 16))")
        }
      } else if back != bits {
        mismatches.append("0x\(String(bits, radix: 16)) → \(value) → 0x\(String(back, radix: 16))")
      }
    }
    #expect(mismatches.isEmpty, "\(dtype): \(mismatches.prefix(8).joined(separator: "; "))")
  }

  @Test("float16 decoding of special patterns")
  func float16Specials() {
    let values = ElementCodec.decodeDoubles(
      ElementCodec.pack([0x7C00, 0xFC00, 0x7E00, 0x0001, 0x8000, 0x7BFF] as [UInt16]), as: .float16)
    #expect(values[0] == .infinity)
    #expect(values[1] == -.infinity)
    #expect(values[2].isNaN)
    #expect(values[3] == 0x1p-24)
    #expect(values[4] == 0 && values[4].sign == .minus)
    #expect(values[5] == 65504)
  }

  @Test("NaN encodes as a quiet NaN", arguments: [DType.float16, .bfloat16, .float32, .float64])
  func nanEncoding(_ dtype: DType) {
    let tensor = Tensor.splat(dtype, [2], .nan)
    #expect(tensor.doubles().allSatisfy { $0.isNaN })
  }

  @Test("float16 tensor round trip of representable values")
  func float16Tensor() throws {
    let values: [Double] = [
      0, -0.0, 1, -1.5, 65504, -65504, 0x1p-14, 0x1p-24, 0x1.ff8p-15, .infinity, -.infinity, 1025,
    ]
    let tensor = try Tensor(.float16, [values.count], doubles: values)
    #expect(tensor.type.byteCount == 2 * values.count)
    #expect(tensor.doubles() == values)
  }

  @Test("int64 extremes are exact")
  func int64Extremes() throws {
    let values: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]
    let tensor = try Tensor(.int64, [values.count], integers: values)
    #expect(tensor.integers() == values)
    #expect(tensor.doubles()[0] == -0x1p63)
    let splat = try Tensor(
      type: TensorType(.int64, [3]), storage: .splat(ElementCodec.encode([Int64.max], as: .int64)))
    #expect(splat.integers() == [.max, .max, .max])
  }

  @Test("doubles saturate when stored as int64")
  func int64Saturation() throws {
    let tensor = try Tensor(.int64, [5], doubles: [1e19, -1e19, .nan, 0x1p63, -2.9])
    #expect(tensor.integers() == [.max, .min, 0, .max, -2])
  }

  struct IntegerCase: Sendable, CustomTestStringConvertible {
    var dtype: DType
    var values: [Int64]
    var decoded: [Int64]
    var testDescription: String { "\(dtype)" }
  }

  static let integers: [IntegerCase] = [
    IntegerCase(dtype: .int8, values: [-128, 127, 128, -129], decoded: [-128, 127, -128, 127]),
    IntegerCase(dtype: .uint8, values: [0, 255, 256, -1], decoded: [0, 255, 0, 255]),
    IntegerCase(dtype: .int16, values: [-32768, 32767], decoded: [-32768, 32767]),
    IntegerCase(dtype: .uint16, values: [65535, 65536], decoded: [65535, 0]),
    IntegerCase(
      dtype: .int32, values: [Int64(Int32.min), Int64(Int32.max), 1 << 32],
      decoded: [Int64(Int32.min), Int64(Int32.max), 0]),
    IntegerCase(dtype: .uint32, values: [Int64(UInt32.max)], decoded: [Int64(UInt32.max)]),
    IntegerCase(dtype: .uint64, values: [-1, .max], decoded: [-1, .max]),
    IntegerCase(dtype: .bool, values: [0, 1, 7, -1], decoded: [0, 1, 1, 1]),
  ]

  @Test("integer widths truncate like C", arguments: integers)
  func integerWidths(_ c: IntegerCase) throws {
    let tensor = try Tensor(c.dtype, [c.values.count], integers: c.values)
    #expect(tensor.type.byteCount == c.values.count * c.dtype.byteWidth)
    #expect(tensor.integers() == c.decoded)
  }

  @Test("uint64 above Int64.max decodes as a positive double")
  func uint64Doubles() throws {
    let tensor = try Tensor(.uint64, [1], integers: [-1])
    #expect(tensor.doubles() == [0x1p64])
  }

  @Test("doubles stored as bool: nonzero is true")
  func boolFromDoubles() throws {
    let tensor = try Tensor(.bool, [4], doubles: [0.5, 0, -3, .nan])
    #expect(tensor.integers() == [1, 0, 1, 1])
  }
}

/// `Tensor` construction checks and element access.
@Suite("Tensor")
struct TensorTests {
  @Test("splat of the wrong byte count is rejected")
  func splatBytes() {
    let error = #expect(throws: IRError.self) { try Tensor(type: f32(4), storage: .splat(Data([0, 0]))) }
    #expect(error?.message == "splat of 2 bytes for f32")
  }

  @Test("dense data of the wrong byte count is rejected")
  func denseBytes() {
    let error = #expect(throws: IRError.self) {
      try Tensor(type: f32(2, 2), storage: .dense(Data(count: 12)))
    }
    #expect(error?.message == "f32[2,2] needs 16 bytes, the data has 12")
  }

  @Test("value count must match the shape")
  func valueCount() {
    let error = #expect(throws: IRError.self) { try Tensor(.float32, [2, 2], doubles: [1, 2, 3]) }
    #expect(error?.message == "3 values for shape [2, 2]")
  }

  @Test("scalar value of splats and one-element tensors")
  func scalarValue() throws {
    #expect(Tensor.splat(.float32, [1000], 1.5).scalarValue == 1.5)
    #expect(try Tensor(.int64, [1, 1], integers: [-7]).scalarValue == -7)
    #expect(try Tensor(.int64, [2], integers: [1, 2]).scalarValue == nil)
  }

  @Test("splats expand on read and reshape keeps storage")
  func splatRead() throws {
    let splat = Tensor.splat(.float16, [2, 3], -0.5)
    #expect(splat.doubles() == Array(repeating: -0.5, count: 6))
    #expect(splat.reshaped([6]).storage == splat.storage)
    #expect(splat.reshaped([6]).type == f16(6))
  }

  @Test("element counts saturate instead of trapping")
  func saturatingCounts() {
    #expect([Int.max, 2].elementCount == .max)
    #expect(TensorType(.float64, [1 << 62]).byteCount == .max)
    #expect(Shape().elementCount == 1)
  }
}
