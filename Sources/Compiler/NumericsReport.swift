import Foundation
import GraphIR
import Interpreter

/// `compile --verify-numerics`: the original and the compiled graph run on the same inputs
/// by the reference interpreter; how far the compiled graph's outputs (and every layer
/// output both graphs still have) are from the original's.
public struct NumericsReport: Codable, Sendable {
  public struct Row: Codable, Sendable {
    public var name: String
    public var maxAbsoluteError: Double
    public var maxRelativeError: Double
    /// `max |compiled − original| / max |original|`: the figure the fp32 pipelines are held to.
    public var normwiseRelativeError: Double
    /// `nil` when the two are identical (infinite SQNR).
    public var sqnrDB: Double?

    enum CodingKeys: String, CodingKey {
      case name
      case maxAbsoluteError = "max_abs_error"
      case maxRelativeError = "max_rel_error"
      case normwiseRelativeError = "normwise_rel_error"
      case sqnrDB = "sqnr_db"
    }

    init(name: String, actual: NDArray, expected: NDArray) {
      let statistics = ErrorStatistics(actual: actual, expected: expected, relativeTolerance: 0, absoluteTolerance: 0)
      let scale = expected.doubles.lazy.map { abs($0) }.filter(\.isFinite).max() ?? 0
      self.name = name
      maxAbsoluteError = statistics.maxAbsoluteError
      maxRelativeError = statistics.maxRelativeError
      normwiseRelativeError = scale > 0 ? statistics.maxAbsoluteError / scale : statistics.maxAbsoluteError
      sqnrDB = statistics.sqnrDecibels.isFinite ? statistics.sqnrDecibels : nil
    }
  }

  /// Where the inputs came from ("seeded random (seed 0)" or a folder).
  public var inputs: String
  public var outputs: [Row]
  /// Node outputs of the original graph that the compiled graph still computes (same name
  /// and type), in the original's order.
  public var layers: [Row]

  /// Runs both graphs on `inputs` and compares them.
  public static func measure(
    original: Graph, compiled: Graph, inputs: [String: NDArray], source: String
  ) throws(InterpreterError) -> NumericsReport {
    let compiledTypes = Dictionary(compiled.values.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    var reference: [String: NDArray] = [:]
    var order: [String] = []
    let expected = try Interpreter(graph: original).run(inputs) { id, value in
      let name = original[id].name
      if compiledTypes[name] == value.type {
        reference[name] = value
        order.append(name)
      }
    }
    var layerRows: [String: Row] = [:]
    let actual = try Interpreter(graph: compiled).run(inputs) { id, value in
      let name = compiled[id].name
      if let original = reference[name], original.type == value.type {
        layerRows[name] = Row(name: name, actual: value, expected: original)
      }
    }
    let outputs = zip(actual, expected).map { Row(name: $1.name, actual: $0.value, expected: $1.value) }
    return NumericsReport(inputs: source, outputs: outputs, layers: order.compactMap { layerRows[$0] })
  }

  public func renderText(worstLayers: Int = 10) -> String {
    func cells(_ row: Row) -> [String] {
      [
        row.name, String(format: "%.3g", row.maxAbsoluteError), String(format: "%.3g", row.maxRelativeError),
        String(format: "%.3g", row.normwiseRelativeError), row.sqnrDB.map { String(format: "%.1f", $0) } ?? "inf",
      ]
    }
    let headers = ["", "max abs err", "max rel err", "err/max|ref|", "SQNR dB"]
    var table = TextTable(headers: ["output"] + headers.dropFirst(), rightAligned: [1, 2, 3, 4])
    outputs.forEach { table.add(cells($0)) }
    var out = "numerics: compiled vs original graph on \(inputs)\n" + table.render()
    let worst = layers.sorted { ($0.sqnrDB ?? .infinity) < ($1.sqnrDB ?? .infinity) }.prefix(worstLayers)
    guard !worst.isEmpty else { return out }
    var layerTable = TextTable(
      headers: ["layer (lowest SQNR first)"] + headers.dropFirst(), rightAligned: [1, 2, 3, 4])
    worst.forEach { layerTable.add(cells($0)) }
    out += "\n\(layers.count) layers compared; the \(worst.count) with the lowest SQNR:\n" + layerTable.render()
    return out
  }
}
