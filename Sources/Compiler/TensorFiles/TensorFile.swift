import Foundation
import GraphIR
import ONNXImport

/// Why a tensor file could not be read or written.
public struct TensorFileError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Tensor files by extension: ONNX `TensorProto` (`.pb`, the model-zoo test-data format)
/// and NumPy `.npy`.
public enum TensorFile {
  /// The tensor in `path` and the name stored with it (`.pb` only; `nil` otherwise).
  public static func read(_ path: String) throws(TensorFileError) -> (name: String?, tensor: Tensor) {
    if path.lowercased().hasSuffix(".npy") {
      let data: Data
      do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw TensorFileError("\(path): cannot read the file")
      }
      return (nil, try decode(data, npy: true, file: path))
    }
    do {
      let (name, tensor) = try ONNXImporter.readTensor(at: path)
      return (name.isEmpty ? nil : name, tensor)
    } catch { throw TensorFileError(error.description) }
  }

  /// A tensor file's bytes decoded as `.npy` (`npy`) or as a `TensorProto` (what `read` does
  /// once it has the bytes; the fuzz harnesses call it directly).
  public static func decode(_ data: Data, npy: Bool, file: String) throws(TensorFileError) -> Tensor {
    if npy {
      do { return try NPYFormat.decode(data) } catch { throw TensorFileError("\(file): \(error.message)") }
    }
    do {
      return try ONNXImporter.readTensor(data: data, file: file, baseDirectory: URL(fileURLWithPath: "/nonexistent"))
        .tensor
    } catch { throw TensorFileError(error.description) }
  }

  /// Writes `tensor` to `path` (`.npy` by extension, else a `TensorProto` named `name`).
  public static func write(_ tensor: Tensor, name: String, to path: String) throws(TensorFileError) {
    let data: Data
    if path.lowercased().hasSuffix(".npy") {
      data = NPYFormat.encode(tensor)
    } else {
      do { data = try ONNXImporter.serializeTensor(tensor, name: name) } catch {
        throw TensorFileError(error.description)
      }
    }
    do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
      throw TensorFileError("\(path): cannot write the file (\((error as NSError).localizedDescription))")
    }
  }
}
