import GraphIR

/// ONNX `TensorProto.DataType` ⇄ `DType`.
enum DTypeMapping {
  static func dtype(_ code: Int) throws(TranslationError) -> DType {
    guard let dtype = known(code) else { throw TranslationError("element type \(name(code)) is not supported") }
    return dtype
  }

  /// The type of a supported code (`nil` for any other, never an error: `name` uses it).
  private static func known(_ code: Int) -> DType? {
    switch code {
    case 1: .float32
    case 2: .uint8
    case 3: .int8
    case 4: .uint16
    case 5: .int16
    case 6: .int32
    case 7: .int64
    case 9: .bool
    case 10: .float16
    case 11: .float64
    case 12: .uint32
    case 13: .uint64
    case 16: .bfloat16
    default: nil
    }
  }

  static func name(_ code: Int) -> String {
    let names = [
      0: "UNDEFINED", 8: "STRING", 14: "COMPLEX64", 15: "COMPLEX128", 17: "FLOAT8E4M3FN", 18: "FLOAT8E4M3FNUZ",
      19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ", 21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1", 24: "FLOAT8E8M0",
      25: "UINT2", 26: "INT2",
    ]
    if let name = names[code] { return name }
    if let dtype = known(code) { return dtype.onnxName }
    return "#\(code)"
  }

  static func code(_ dtype: DType) -> Int {
    switch dtype {
    case .float32: 1
    case .uint8: 2
    case .int8: 3
    case .uint16: 4
    case .int16: 5
    case .int32: 6
    case .int64: 7
    case .bool: 9
    case .float16: 10
    case .float64: 11
    case .uint32: 12
    case .uint64: 13
    case .bfloat16: 16
    }
  }
}
