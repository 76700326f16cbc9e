import Foundation
import GraphIR
import ONNXImport
import Testing

/// Initializers decode the same from `raw_data` and from the typed fields, for every dtype.
@Suite struct TensorStorageTests {
  enum Values: Sendable, Equatable {
    case doubles([Double])
    case integers([Int64])
  }

  struct StorageCase: Sendable, CustomTestStringConvertible {
    var dataType: Onnx_TensorProto.DataType
    var dtype: DType
    var raw: Data
    var typed: @Sendable (inout Onnx_TensorProto) -> Void
    var values: Values
    var testDescription: String { dtype.onnxName }
  }

  static let cases: [StorageCase] = [
    StorageCase(
      dataType: .float, dtype: .float32, raw: littleEndianBytes([Float(1.5), -2, 3.25].map(\.bitPattern)),
      typed: { $0.floatData = [1.5, -2, 3.25] }, values: .doubles([1.5, -2, 3.25])),
    StorageCase(
      dataType: .float16, dtype: .float16, raw: littleEndianBytes([UInt16(0x3E00), 0xC000, 0x7BFF]),
      typed: { $0.int32Data = [0x3E00, 0xC000, 0x7BFF] }, values: .doubles([1.5, -2, 65504])),
    StorageCase(
      dataType: .bfloat16, dtype: .bfloat16, raw: littleEndianBytes([UInt16(0x3FC0), 0xC000, 0x4050]),
      typed: { $0.int32Data = [0x3FC0, 0xC000, 0x4050] }, values: .doubles([1.5, -2, 3.25])),
    StorageCase(
      dataType: .double, dtype: .float64, raw: littleEndianBytes([1e300, -0.5, 3].map(\.bitPattern)),
      typed: { $0.doubleData = [1e300, -0.5, 3] }, values: .doubles([1e300, -0.5, 3])),
    StorageCase(
      dataType: .int8, dtype: .int8, raw: Data([0x80, 0x00, 0x7F]),
      typed: { $0.int32Data = [-128, 0, 127] }, values: .integers([-128, 0, 127])),
    StorageCase(
      dataType: .int16, dtype: .int16, raw: littleEndianBytes([Int16.min, 1, Int16.max]),
      typed: { $0.int32Data = [-32768, 1, 32767] }, values: .integers([-32768, 1, 32767])),
    StorageCase(
      dataType: .int32, dtype: .int32, raw: littleEndianBytes([Int32.min, 0, Int32.max]),
      typed: { $0.int32Data = [.min, 0, .max] }, values: .integers([Int64(Int32.min), 0, Int64(Int32.max)])),
    StorageCase(
      dataType: .int64, dtype: .int64, raw: littleEndianBytes([Int64.min, -1, Int64.max]),
      typed: { $0.int64Data = [.min, -1, .max] }, values: .integers([.min, -1, .max])),
    StorageCase(
      dataType: .uint8, dtype: .uint8, raw: Data([0, 128, 255]),
      typed: { $0.int32Data = [0, 128, 255] }, values: .integers([0, 128, 255])),
    StorageCase(
      dataType: .bool, dtype: .bool, raw: Data([1, 0, 1]),
      typed: { $0.int32Data = [1, 0, 1] }, values: .integers([1, 0, 1])),
  ]

  private func decode(_ tensor: Onnx_TensorProto) throws -> Tensor? {
    var m = ModelBuilder(opset: 17)
    m.initializer(tensor)
    m.output(tensor.name)
    return try m.importModel().graph.constant(named: tensor.name)
  }

  private func values(_ tensor: Tensor, like expected: Values) -> Values {
    switch expected {
    case .doubles: .doubles(tensor.doubles())
    case .integers: .integers(tensor.integers())
    }
  }

  @Test(arguments: cases)
  func rawData(_ c: StorageCase) throws {
    let tensor = try #require(try decode(.raw("t", c.dataType, [3], c.raw)))
    #expect(tensor.type == TensorType(c.dtype, [3]))
    #expect(values(tensor, like: c.values) == c.values)
  }

  @Test(arguments: cases)
  func typedFields(_ c: StorageCase) throws {
    let tensor = try #require(try decode(.typed("t", c.dataType, [3], c.typed)))
    #expect(tensor.type == TensorType(c.dtype, [3]))
    #expect(values(tensor, like: c.values) == c.values)
  }

  @Test func scalarAndEmptyTensors() throws {
    let scalar = try #require(try decode(.float("s", [], [4])))
    #expect(scalar.type == TensorType(.float32, []) && scalar.doubles() == [4])
    let empty = try #require(try decode(.raw("e", .float, [0, 3], Data())))
    #expect(empty.type == TensorType(.float32, [0, 3]) && empty.doubles().isEmpty)
  }

  struct BadTensor: Sendable, CustomTestStringConvertible {
    var label: String
    var tensor: Onnx_TensorProto
    var mentions: String
    var testDescription: String { label }
  }

  static let badTensors = [
    BadTensor(
      label: "too few typed values", tensor: .float("w", [2, 2], [1, 2, 3]), mentions: "float_data holds 3"),
    BadTensor(
      label: "raw data too short", tensor: .raw("w", .float, [2, 2], Data(count: 15)), mentions: "found 15"),
    BadTensor(label: "negative dimension", tensor: .float("w", [-1], []), mentions: "negative dimension"),
    BadTensor(
      label: "absurd shape", tensor: .raw("w", .float, [1 << 32, 1 << 32], Data()), mentions: "too large"),
    BadTensor(
      label: "string tensor", tensor: .typed("w", .string, [1]) { $0.stringData = [Data("a".utf8)] },
      mentions: "STRING"),
    BadTensor(label: "no name", tensor: .float("", [1], [1]), mentions: "no name"),
  ]

  @Test(arguments: badTensors)
  func badTensorIsRejected(_ c: BadTensor) throws {
    var m = ModelBuilder(opset: 17)
    m.initializer(c.tensor)
    let error = expectImportFailure { _ = try m.importModel() }
    #expect(
      error?.description.contains(c.mentions) == true, "\(error.map(String.init(describing:)) ?? "imported")")
    if !c.tensor.name.isEmpty {
      #expect(error?.description.contains("'\(c.tensor.name)'") == true, "the message must name the tensor")
    }
  }
}
