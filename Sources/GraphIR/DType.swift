/// Element type of a tensor.
///
/// The raw value is the short name used by the textual IR (`f32`, `i64`, …);
/// `onnxName` is the ONNX `TensorProto.DataType` spelling used in JSON reports.
public enum DType: String, CaseIterable, Codable, Sendable, Hashable, CustomStringConvertible {
  case float32 = "f32"
  case float16 = "f16"
  case bfloat16 = "bf16"
  case float64 = "f64"
  case int8 = "i8"
  case int16 = "i16"
  case int32 = "i32"
  case int64 = "i64"
  case uint8 = "u8"
  case uint16 = "u16"
  case uint32 = "u32"
  case uint64 = "u64"
  case bool = "bool"

  /// The textual IR name (`f32`).
  public var description: String { rawValue }

  /// Bytes one element occupies in memory.
  public var byteWidth: Int {
    switch self {
    case .int8, .uint8, .bool: 1
    case .float16, .bfloat16, .int16, .uint16: 2
    case .float32, .int32, .uint32: 4
    case .float64, .int64, .uint64: 8
    }
  }

  public var isFloatingPoint: Bool {
    switch self {
    case .float32, .float16, .bfloat16, .float64: true
    default: false
    }
  }

  public var isInteger: Bool { !isFloatingPoint && self != .bool }

  /// The ONNX `TensorProto.DataType` name (`FLOAT`, `INT64`, …).
  public var onnxName: String {
    switch self {
    case .float32: "FLOAT"
    case .float16: "FLOAT16"
    case .bfloat16: "BFLOAT16"
    case .float64: "DOUBLE"
    case .int8: "INT8"
    case .int16: "INT16"
    case .int32: "INT32"
    case .int64: "INT64"
    case .uint8: "UINT8"
    case .uint16: "UINT16"
    case .uint32: "UINT32"
    case .uint64: "UINT64"
    case .bool: "BOOL"
    }
  }
}
