import Foundation
import GraphIR
import ONNXImport

/// Export → import of graphs, and a comparison that ignores what the round trip may change:
/// value numbering, constant order, splat versus dense storage, and node schedules.
enum RoundTrip {
  /// `graph` exported and imported again. `TESSERA_EXPORT_DIR` keeps each export as
  /// `<dir>/<label>.onnx` (for `tools/check-onnxruntime.py`).
  static func run(_ graph: Graph, label: String) throws -> Graph {
    let data = try ONNXExporter.export(graph)
    if let directory = ProcessInfo.processInfo.environment["TESSERA_EXPORT_DIR"] {
      let safe = String(label.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
      try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(safe).onnx"))
    }
    return try ONNXImporter.importModel(
      data: data, file: "\(label).onnx", baseDirectory: FileManager.default.temporaryDirectory
    ).graph
  }

  /// Everything the round trip must keep, keyed by names.
  struct Canonical: Equatable {
    var lines: [String]
    var constants: [String: String]
  }

  static func canonical(_ graph: Graph) -> Canonical {
    var unscheduled = graph
    for index in unscheduled.nodes.indices { unscheduled.nodes[index].schedule = NodeSchedule() }
    unscheduled.constants = [:]
    let lines = unscheduled.printed().split(separator: "\n").map(String.init)
    var constants: [String: String] = [:]
    for (id, tensor) in graph.constants { constants[graph[id].name] = "\(tensor.type) \(content(tensor))" }
    return Canonical(lines: lines, constants: constants)
  }

  /// A dense tensor of equal elements prints like a splat.
  private static func content(_ tensor: Tensor) -> String {
    switch tensor.storage {
    case .splat(let element): return "splat \(Array(element))"
    case .dense(let bytes):
      let width = tensor.type.dtype.byteWidth
      let first = bytes.prefix(width)
      let uniform =
        tensor.type.elementCount > 0
        && stride(from: 0, to: bytes.count, by: width).allSatisfy {
          bytes[bytes.startIndex + $0..<bytes.startIndex + $0 + width] == first
        }
      return uniform ? "splat \(Array(first))" : "dense \(bytes.count) bytes, hash \(Array(bytes).hashValue)"
    }
  }
}
