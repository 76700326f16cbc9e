import GraphIR
import ONNXImport

/// What `tessera inspect` prints: every node with its outputs, MACs and parameters.
public struct InspectReport: Codable, Sendable, Equatable {
  public struct TensorInfo: Codable, Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var dtype: String
  }

  public struct NodeInfo: Codable, Sendable, Equatable {
    public var name: String
    public var op: String
    public var outputs: [TensorInfo]
    public var macs: Int
    public var params: Int
  }

  public struct Totals: Codable, Sendable, Equatable {
    public var nodes: Int
    public var macs: Int
    public var params: Int
  }

  public var model: String
  public var irVersion: Int
  public var opset: Int
  public var inputs: [TensorInfo]
  public var outputs: [TensorInfo]
  public var nodes: [NodeInfo]
  public var totals: Totals

  public init(model: String, imported: ImportedModel) {
    let graph = imported.graph
    func info(_ id: ValueID) -> TensorInfo {
      TensorInfo(name: graph[id].name, shape: graph[id].type.shape, dtype: graph[id].type.dtype.onnxName)
    }
    self.model = model
    irVersion = imported.irVersion
    opset = imported.opsetVersion
    inputs = graph.inputs.map(info)
    outputs = graph.outputs.map(info)
    nodes = graph.nodes.map { node in
      NodeInfo(
        name: node.name, op: node.op.onnxName, outputs: node.outputs.map(info), macs: graph.macs(of: node),
        params: graph.parameterCount(of: node))
    }
    totals = Totals(
      nodes: nodes.count, macs: nodes.reduce(0) { saturatingAdd($0, $1.macs) }, params: graph.parameterCount)
  }
}

// MARK: - Text rendering

extension InspectReport {
  /// An aligned table: one row per node output, then totals.
  public func renderText() -> String {
    func tensor(_ t: TensorInfo) -> String {
      "\(t.name): \(t.dtype.lowercased())[\(t.shape.map(String.init).joined(separator: "×"))]"
    }
    var out = "model \(model) · IR \(irVersion) · opset \(opset)\n"
    for t in inputs { out += "  input  \(tensor(t))\n" }
    for t in outputs { out += "  output \(tensor(t))\n" }
    out += "\n"
    var table = TextTable(headers: ["node", "op", "output", "MACs", "params"], rightAligned: [3, 4])
    for node in nodes {
      for (index, output) in node.outputs.enumerated() {
        let first = index == 0
        table.add([
          first ? node.name : "", first ? node.op : "", tensor(output),
          first ? Self.grouped(node.macs) : "", first ? Self.grouped(node.params) : "",
        ])
      }
    }
    table.add(["total", "\(totals.nodes) nodes", "", Self.grouped(totals.macs), Self.grouped(totals.params)])
    return out + table.render()
  }

  /// `4089184256` → `4,089,184,256`.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, c) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return value < 0 ? "-" + out : out
  }
}

extension InspectReport {
  /// The imported graph in the textual IR (constants over 64 elements elided).
  public static func irText(_ imported: ImportedModel) -> String { imported.graph.printed(elideConstantsOver: 64) }
}
