import Foundation
import GraphIR
import SwiftProtobuf

/// Why a graph could not be exported: one line naming the node when there is one.
public struct ExportError: Error, Sendable, CustomStringConvertible {
  public var node: String?
  public var message: String

  public init(node: String? = nil, _ message: String) {
    self.node = node
    self.message = message
  }

  public var description: String { node.map { "node '\($0)': \(message)" } ?? message }
}

/// Writes `Graph`s as ONNX models (`ModelProto`), e.g. the compiled graph in QDQ form.
///
/// Every op is written in its opset-21 form (the ONNX operator specification,
/// `docs/Operators.md` of onnx 1.16): shapes, axes, pads, split sizes, slice bounds, clip
/// bounds and resize scales become int64/float initializers read as inputs, everything else
/// attributes. Values keep their names; constants become `raw_data` initializers, except
/// splats over `splatExpansionLimitBytes`, which become `ConstantOfShape` nodes so that
/// placeholder weights stay a few bytes. Types and static shapes of inputs, outputs and every
/// intermediate value are declared (`value_info`). A node's `schedule` (fusion, unit, layout,
/// tile) goes into its `doc_string` as `tessera.schedule {json}`; importers ignore it.
///
/// What ONNX cannot say: `relayout` (a physical layout change, the identity on values)
/// becomes `Identity`; opset < 13 `Softmax` semantics (`coerced2D`) become
/// Flatten → Softmax → Reshape. The bytes depend only on the graph (no dictionary order).
public enum ONNXExporter {
  /// The default-domain opset every node is written for.
  public static let opset = 21
  /// IR version 10 is the one that introduced opset 21.
  public static let irVersion = 10
  /// Splats up to this many bytes are written as dense initializers.
  public static let splatExpansionLimitBytes = 1024

  /// The serialized `ModelProto` of `graph`.
  /// - Throws: `ExportError` for a node whose attributes ONNX cannot express.
  public static func export(_ graph: Graph) throws(ExportError) -> Data {
    let model = try modelProto(graph)
    do { return try model.serializedData() } catch { throw ExportError("cannot serialize the model (\(error))") }
  }

  static func modelProto(_ graph: Graph) throws(ExportError) -> Onnx_ModelProto {
    var writer = GraphWriter(graph: graph)
    do { try writer.writeConstants() } catch { throw ExportError(error.message) }
    for node in graph.nodes {
      do { try writer.write(node) } catch { throw ExportError(node: node.name, error.message) }
    }
    var proto = Onnx_GraphProto()
    proto.name = graph.name
    proto.input = graph.inputs.map { valueInfo(graph[$0]) }
    proto.output = graph.outputs.map { valueInfo(graph[$0]) }
    let outputs = Set(graph.outputs)
    proto.valueInfo = graph.nodes.flatMap(\.outputs).filter { !outputs.contains($0) }.map { valueInfo(graph[$0]) }
    proto.initializer = writer.initializers
    proto.node = writer.nodes

    var model = Onnx_ModelProto()
    model.irVersion = Int64(irVersion)
    model.producerName = "tessera"
    var entry = Onnx_OperatorSetIdProto()
    entry.domain = ""
    entry.version = Int64(opset)
    model.opsetImport = [entry]
    model.graph = proto
    return model
  }

  static func valueInfo(_ value: Value) -> Onnx_ValueInfoProto {
    var info = Onnx_ValueInfoProto()
    info.name = value.name
    info.type.tensorType.elemType = Int32(DTypeMapping.code(value.type.dtype))
    info.type.tensorType.shape.dim = value.type.shape.map { extent in
      var dim = Onnx_TensorShapeProto.Dimension()
      dim.dimValue = Int64(extent)
      return dim
    }
    return info
  }
}
