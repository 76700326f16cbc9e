import Foundation
import GraphIR
import SwiftProtobuf

/// `Tensor` → ONNX `TensorProto` (dims, data type, little-endian `raw_data`).
enum TensorEncoder {
  static func proto(_ tensor: Tensor, name: String) -> Onnx_TensorProto {
    var proto = Onnx_TensorProto()
    proto.name = name
    proto.dims = tensor.type.shape.map(Int64.init)
    proto.dataType = Int32(DTypeMapping.code(tensor.type.dtype))
    switch tensor.storage {
    case .dense(let bytes): proto.rawData = bytes
    case .splat(let element):
      var bytes = Data(capacity: tensor.type.byteCount)
      for _ in 0..<tensor.type.elementCount { bytes.append(element) }
      proto.rawData = bytes
    }
    return proto
  }
}

extension ONNXImporter {
  /// A serialized `TensorProto` holding `tensor` under `name` (the format of ONNX test data).
  public static func serializeTensor(_ tensor: Tensor, name: String) throws(ImportError) -> Data {
    do { return try TensorEncoder.proto(tensor, name: name).serializedBytes() } catch {
      throw ImportError(file: name, message: "cannot serialize the tensor (\(error))")
    }
  }
}

extension ONNXImporter {
  /// Names of the model's graph inputs that are not initializers, in declaration order
  /// (what a test-data folder's `input_N.pb` files feed, by position).
  public static func declaredInputNames(at path: String) throws(ImportError) -> [String] {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
      throw ImportError(file: path, message: "cannot read the file")
    }
    do {
      let model = try Onnx_ModelProto(serializedBytes: ValueInfoStripper.strip(data) ?? data)
      let initializers = Set(model.graph.initializer.map(\.name))
      return model.graph.input.map(\.name).filter { !initializers.contains($0) }
    } catch { throw ImportError(file: path, message: "not a valid ONNX protobuf") }
  }
}
