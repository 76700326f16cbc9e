import Foundation
import GraphIR

/// NumPy's `.npy` format (versions 1–3): a magic string, a Python-literal header dict
/// (`descr`, `fortran_order`, `shape`) padded to 64 bytes, then the raw elements.
/// Reference: numpy.lib.format (NEP 1).
enum NPYFormat {
  static let magic = Data([0x93] + Array("NUMPY".utf8))

  static func decode(_ data: Data) throws(TensorFileError) -> Tensor {
    guard data.count >= 10, data.prefix(6) == magic else { throw TensorFileError("not a .npy file (bad magic)") }
    let major = data[data.startIndex + 6]
    let lengthBytes = major == 1 ? 2 : 4
    guard (1...3).contains(major), data.count >= 8 + lengthBytes else {
      throw TensorFileError("unsupported .npy version \(major)")
    }
    let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(data[data.startIndex + 8 + $1]) << (8 * $1) }
    let headerStart = 8 + lengthBytes
    guard data.count >= headerStart + headerLength,
      let header = String(
        data: data.subdata(in: data.startIndex + headerStart..<data.startIndex + headerStart + headerLength),
        encoding: .utf8)
    else { throw TensorFileError("the .npy header is truncated") }
    let descr = try field("descr", in: header)
    guard try field("fortran_order", in: header) == "False" else {
      throw TensorFileError("Fortran-ordered arrays are not supported (save with np.ascontiguousarray)")
    }
    let dtype = try dtype(descr)
    let shape = try shape(field("shape", in: header))
    let type = TensorType(dtype, shape)
    let payload = data.subdata(in: data.startIndex + headerStart + headerLength..<data.endIndex)
    guard payload.count == type.byteCount else {
      throw TensorFileError("\(type) needs \(type.byteCount) bytes of data, the file has \(payload.count)")
    }
    do { return try Tensor(type: type, storage: .dense(payload)) } catch { throw TensorFileError(error.message) }
  }

  static func encode(_ tensor: Tensor) -> Data {
    let dims = tensor.type.shape.map(String.init)
    let shape = dims.count == 1 ? "(\(dims[0]),)" : "(\(dims.joined(separator: ", ")))"
    var header = "{'descr': '\(descr(tensor.type.dtype))', 'fortran_order': False, 'shape': \(shape), }"
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var data = magic + Data([1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
    data.append(Data(header.utf8))
    switch tensor.storage {
    case .dense(let bytes): data.append(bytes)
    case .splat(let element): for _ in 0..<tensor.type.elementCount { data.append(element) }
    }
    return data
  }

  private static let descriptors: [(String, DType)] = [
    ("f4", .float32), ("f2", .float16), ("f8", .float64), ("i1", .int8), ("i2", .int16), ("i4", .int32),
    ("i8", .int64), ("u1", .uint8), ("u2", .uint16), ("u4", .uint32), ("u8", .uint64), ("b1", .bool),
  ]

  private static func descr(_ dtype: DType) -> String {
    let code = descriptors.first { $0.1 == dtype }?.0 ?? "u2"  // bfloat16 has no NumPy dtype: raw bits
    return (dtype.byteWidth == 1 ? "|" : "<") + code
  }

  private static func dtype(_ descr: String) throws(TensorFileError) -> DType {
    let order = descr.first
    let code = String(descr.dropFirst())
    guard order == "<" || order == "|" || order == "=", let match = descriptors.first(where: { $0.0 == code })
    else { throw TensorFileError("unsupported .npy dtype '\(descr)' (little-endian numeric and bool only)") }
    return match.1
  }

  /// The text after `'key':` up to the next top-level comma (tuples kept whole).
  private static func field(_ key: String, in header: String) throws(TensorFileError) -> String {
    guard let range = header.range(of: "'\(key)':") else { throw TensorFileError("the .npy header has no '\(key)'") }
    var depth = 0
    var value = ""
    for character in header[range.upperBound...] {
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
      if (character == "," && depth == 0) || character == "}" { break }
      value.append(character)
    }
    return value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
  }

  private static func shape(_ text: String) throws(TensorFileError) -> Shape {
    let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
    let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var shape: Shape = []
    for part in parts {
      guard let extent = Int(part), extent >= 0, extent < 1 << 40 else {
        throw TensorFileError("bad .npy shape \(text)")
      }
      shape.append(extent)
    }
    guard shape.elementCount < 1 << 40 else { throw TensorFileError("the .npy shape \(text) is too large") }
    return shape
  }
}
