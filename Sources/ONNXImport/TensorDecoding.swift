import Foundation
import GraphIR

/// Largest element count accepted for any tensor: far above any real model, low enough that
/// products of extents cannot overflow.
let maxElements = 1 << 44

/// Largest rank accepted for any tensor.
let maxRank = 64

/// Checks a shape against the import limits: rank ≤ 64, every extent in 0...2^44, and the
/// product of the non-zero extents ≤ 2^44 (a zero extent must not hide huge neighbours).
func checkShapeLimits(_ shape: [Int], _ label: String) throws(TranslationError) {
  guard shape.count <= maxRank else {
    throw TranslationError("\(label) has rank \(shape.count); at most \(maxRank) is supported")
  }
  var product = 1
  for extent in shape {
    guard extent >= 0 else { throw TranslationError("\(label) has a negative dimension") }
    guard extent <= maxElements else {
      throw TranslationError("\(label) is too large: a dimension of \(extent), over 2^44")
    }
    product = saturatingMultiply(product, max(extent, 1))
    guard product <= maxElements else { throw TranslationError("\(label) is too large: more than 2^44 elements") }
  }
}

/// Decodes `TensorProto`s in every storage form, reading external data files on demand.
struct TensorDecoder {
  /// Folder the model file is in; external data locations are relative to it.
  let baseDirectory: URL
  /// Mapped external data files, by location.
  private var files: [String: Data] = [:]

  init(baseDirectory: URL) { self.baseDirectory = baseDirectory }

  mutating func decode(_ proto: Onnx_TensorProto) throws(TranslationError) -> Tensor {
    let label = proto.name.isEmpty ? "tensor" : "tensor '\(proto.name)'"
    let dtype: DType
    do { dtype = try DTypeMapping.dtype(Int(proto.dataType)) } catch {
      throw TranslationError("\(label): \(error.message)")
    }
    let shape = try Self.shape(proto.dims.map { $0 }, label: label)
    let type = TensorType(dtype, shape)
    let bytes = try payload(proto, type: type, label: label)
    guard bytes.count == type.byteCount else {
      throw TranslationError("\(label): \(type) needs \(type.byteCount) bytes of data, found \(bytes.count)")
    }
    do { return try Tensor(type: type, storage: .dense(bytes)) } catch {
      throw TranslationError("\(label): \(error.message)")
    }
  }

  /// Checks extents are non-negative and the element count is within bounds.
  static func shape(_ dims: [Int64], label: String) throws(TranslationError) -> Shape {
    let shape = dims.map { Int($0) }
    try checkShapeLimits(shape, label)
    return shape
  }

  private mutating func payload(_ proto: Onnx_TensorProto, type: TensorType, label: String) throws(TranslationError)
    -> Data
  {
    if proto.dataLocation == .external { return try externalData(proto, label: label) }
    if proto.hasRawData { return proto.rawData }
    let count = type.elementCount
    func check(_ available: Int, _ field: String) throws(TranslationError) {
      guard available == count else {
        throw TranslationError("\(label): \(type) has \(count) elements but \(field) holds \(available)")
      }
    }
    switch type.dtype {
    case .float32:
      try check(proto.floatData.count, "float_data")
      return pack(proto.floatData)
    case .float64:
      try check(proto.doubleData.count, "double_data")
      return pack(proto.doubleData)
    case .int64:
      try check(proto.int64Data.count, "int64_data")
      return pack(proto.int64Data)
    case .uint32:
      try check(proto.uint64Data.count, "uint64_data")
      return pack(proto.uint64Data.map { UInt32(truncatingIfNeeded: $0) })
    case .uint64:
      try check(proto.uint64Data.count, "uint64_data")
      return pack(proto.uint64Data)
    case .int32:
      try check(proto.int32Data.count, "int32_data")
      return pack(proto.int32Data)
    case .int8, .uint8, .bool:
      try check(proto.int32Data.count, "int32_data")
      return pack(proto.int32Data.map { UInt8(truncatingIfNeeded: $0) })
    case .int16, .uint16, .float16, .bfloat16:
      try check(proto.int32Data.count, "int32_data")
      return pack(proto.int32Data.map { UInt16(truncatingIfNeeded: $0) })
    }
  }

  private func pack<T>(_ values: [T]) -> Data { values.withUnsafeBufferPointer { Data(buffer: $0) } }

  private mutating func externalData(_ proto: Onnx_TensorProto, label: String) throws(TranslationError) -> Data {
    var entries: [String: String] = [:]
    for entry in proto.externalData { entries[entry.key] = entry.value }
    guard let location = entries["location"], !location.isEmpty else {
      throw TranslationError("\(label): external data without a location")
    }
    let components = location.split(separator: "/", omittingEmptySubsequences: false)
    guard !location.hasPrefix("/"), !components.contains(".."), !location.contains("\\") else {
      throw TranslationError("\(label): external data location '\(location)' must stay inside the model's folder")
    }
    let file: Data
    if let cached = files[location] {
      file = cached
    } else {
      let url = baseDirectory.appendingPathComponent(location)
      do { file = try Data(contentsOf: url, options: .alwaysMapped) } catch {
        throw TranslationError("\(label): cannot read external data file '\(url.path)'")
      }
      files[location] = file
    }
    guard let offset = Int(entries["offset"] ?? "0"), offset >= 0, offset <= file.count else {
      throw TranslationError(
        "\(label): external data offset '\(entries["offset"] ?? "")' is outside '\(location)' (\(file.count) bytes)")
    }
    let available = file.count - offset
    let length = entries["length"].flatMap { Int($0) } ?? available
    guard length >= 0, length <= available else {
      throw TranslationError(
        "\(label): external data length \(length) at offset \(offset) runs past the end of '\(location)' (\(file.count) bytes)"
      )
    }
    let start = file.startIndex + offset
    return file.subdata(in: start..<start + length)
  }
}
