import CostModel
import Foundation
import GraphIR
import HardwareModel

/// Measurements matched to the kernels a target compiles the measured models into: each
/// kernel with a measured node is one sample, its measured seconds the sum of its measured
/// nodes' (nodes without a row — a fused ReLU a chip's layer figure includes, the compiler's
/// own quantize nodes — count as part of it); measured nodes no kernel runs (folded
/// constants, removed no-ops) are reported.
public struct CalibrationData: Sendable {
  public struct Sample: Sendable {
    public var model: String
    public var kernel: Kernel
    public var nodes: [String]
    public var measuredSeconds: Double
    /// Relative run-to-run spread (0: unknown).
    public var spread: Double
    public var opClass: HostOpClass { kernel.hostClass }
  }

  public var samples: [Sample] = []
  /// Per model (in first-seen order): measured seconds of nodes no kernel runs, and their count.
  public var unmatched: [(model: String, seconds: Double, nodes: Int)] = []
  /// Per model: measured end-to-end seconds (every row).
  public var measuredTotals: [(model: String, seconds: Double)] = []

  /// Compiles every measured (model, batch) once for `accelerator` with its default pipeline.
  public init(_ table: MeasurementTable, accelerator: Accelerator) throws(CompileError) {
    var groups: [String: [MeasurementTable.Row]] = [:]
    var order: [String] = []
    for row in table.rows {
      let key = "\(row.model)\u{0}\(row.batch)\u{0}\(row.inputShapes.joined(separator: ";"))"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(row)
    }
    for key in order {
      let rows = groups[key] ?? []
      guard let first = rows.first else { continue }
      let name = "\(URL(fileURLWithPath: first.model).lastPathComponent) (batch \(first.batch))"
      // Batch 1 is the model as it is (it may have no batch axis to set).
      let imported = try Session.importModel(
        first.model, inputShapes: first.inputShapes, batch: first.batch == 1 ? nil : first.batch)
      let result: CompileResult
      do { result = try Compilation.compile(imported.graph, for: accelerator, options: Self.options) } catch {
        throw CompileError("\(first.model): \(error.description)")
      }
      var byNode: [String: MeasurementTable.Row] = [:]
      for row in rows { byNode[row.node] = row }
      var used = Set<String>()
      for entry in result.program.entries where entry.kernel.work != .free {
        let measured = entry.nodes.compactMap { byNode[$0] }
        guard !measured.isEmpty else { continue }
        used.formUnion(entry.nodes)
        let seconds = measured.reduce(0) { $0 + $1.seconds }
        let spread = measured.reduce(0) { $0 + $1.spread * $1.seconds } / seconds
        samples.append(
          Sample(model: name, kernel: entry.kernel, nodes: entry.nodes, measuredSeconds: seconds, spread: spread))
      }
      let left = rows.filter { !used.contains($0.node) }
      unmatched.append((name, left.reduce(0) { $0 + $1.seconds }, left.count))
      measuredTotals.append((name, rows.reduce(0) { $0 + $1.seconds }))
    }
    guard !samples.isEmpty else {
      throw CompileError("no measured node matches a kernel of \(accelerator.name): are the node names the model's?")
    }
  }

  static var options: CompileOptions {
    var options = CompileOptions()
    options.recordWallTime = false
    return options
  }
}
