import Foundation
import GraphIR
import SwiftProtobuf

/// Options of an import.
public struct ImportOptions: Sendable {
  /// Shapes for graph inputs, binding their symbolic (or unknown) dimensions.
  public var inputShapes: [String: Shape]
  /// Values for graph inputs, which then become constants (e.g. the shape operand of a
  /// Reshape that the model takes as an input).
  public var inputValues: [String: Tensor]
  /// The batch: axis 0 of every input of rank ≥ 2 whose axis 0 is symbolic or 1 (`--batch`).
  public var batch: Int?

  public init(inputShapes: [String: Shape] = [:], inputValues: [String: Tensor] = [:], batch: Int? = nil) {
    self.inputShapes = inputShapes
    self.inputValues = inputValues
    self.batch = batch
  }
}

/// An imported model: the graph and what the file said about itself.
public struct ImportedModel: Sendable {
  public var graph: Graph
  public var irVersion: Int
  public var opsetVersion: Int
  public var producer: String
}

/// Reads ONNX models into `Graph`s.
///
/// Supports IR versions 3–13 and default-domain opsets 7–25. Version-dependent operator
/// semantics are normalized into the IR's typed attributes; shape computations over
/// constants are folded, so every shape in the resulting graph is concrete.
public enum ONNXImporter {
  public static let irVersions = 3...13
  public static let opsetVersions = 7...25

  /// Imports the model file at `path`.
  /// - Throws: `ImportError` naming the file (and node) for anything wrong with the model.
  public static func importModel(at path: String, options: ImportOptions = ImportOptions()) throws(ImportError)
    -> ImportedModel
  {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
      throw ImportError(file: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
    }
    return try importModel(data: data, file: path, baseDirectory: url.deletingLastPathComponent(), options: options)
  }

  /// Imports a serialized `ModelProto`; `file` names it in errors, `baseDirectory` anchors external data.
  public static func importModel(
    data: Data, file: String, baseDirectory: URL, options: ImportOptions = ImportOptions()
  ) throws(ImportError) -> ImportedModel {
    guard !data.isEmpty else { throw ImportError(file: file, message: "the file is empty") }
    let model: Onnx_ModelProto
    do { model = try Onnx_ModelProto(serializedBytes: ValueInfoStripper.strip(data) ?? data) } catch {
      throw ImportError(file: file, message: "not a valid ONNX protobuf (\(describe(error)))")
    }
    do {
      return try ModelTranslator(model: model, baseDirectory: baseDirectory, options: options).run()
    } catch {
      throw ImportError(file: file, node: error.node, message: error.message)
    }
  }

  /// Reads a serialized `TensorProto` (the `input_0.pb` files of ONNX test data).
  /// - Returns: The tensor's name (possibly empty) and its value.
  public static func readTensor(at path: String) throws(ImportError) -> (name: String, tensor: Tensor) {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do { data = try Data(contentsOf: url) } catch { throw ImportError(file: path, message: "cannot read the file") }
    return try readTensor(data: data, file: path, baseDirectory: url.deletingLastPathComponent())
  }

  /// A serialized `TensorProto` from memory; `file` names it in errors, external data is
  /// looked up under `baseDirectory`.
  public static func readTensor(data: Data, file: String, baseDirectory: URL) throws(ImportError) -> (
    name: String, tensor: Tensor
  ) {
    do {
      let proto = try Onnx_TensorProto(serializedBytes: data)
      var decoder = TensorDecoder(baseDirectory: baseDirectory)
      return (proto.name, try decoder.decode(proto))
    } catch let error as TranslationError {
      throw ImportError(file: file, message: error.message)
    } catch {
      throw ImportError(file: file, message: "not a valid TensorProto (\(describe(error)))")
    }
  }

  /// ONNX operator types the importer supports (default domain), sorted.
  public static var supportedOperators: [String] { OperatorTable.allOperators }

  private static func describe(_ error: Error) -> String {
    switch error as? BinaryDecodingError {
    case .truncated?: "truncated data"
    case .malformedProtobuf?: "malformed data"
    case .messageDepthLimit?: "messages nested too deeply"
    case .invalidUTF8?: "a string is not valid UTF-8"
    default: "\(error)"
    }
  }
}

/// An importer error with the node it happened at.
struct LocatedError: Error {
  var node: String?
  var message: String
}
