import Foundation
import GraphIR

/// `tessera compare`: several (target, pipeline) compilations of one model side by side, and
/// the kernels whose cycles differ most from the first configuration.
public struct CompareReport: Codable, Sendable {
  public struct Configuration: Codable, Sendable {
    public var target: String
    public var pipeline: String
    public var totalCycles: Double
    public var latencyMs: Double
    public var dramBytes: Int
    public var kernels: Int
    /// Latency of the first configuration over this one's (>1: this one is faster).
    public var speedup: Double

    enum CodingKeys: String, CodingKey {
      case target, pipeline, kernels, speedup
      case totalCycles = "total_cycles"
      case latencyMs = "latency_ms"
      case dramBytes = "dram_bytes"
    }
  }

  /// One kernel's cycles in the baseline and in another configuration (0 where it is absent,
  /// e.g. fused away).
  public struct KernelDelta: Codable, Sendable {
    public var name: String
    public var baselineCycles: Double
    public var cycles: Double
    public var deltaCycles: Double

    enum CodingKeys: String, CodingKey {
      case name, cycles
      case baselineCycles = "baseline_cycles"
      case deltaCycles = "delta_cycles"
    }
  }

  public struct Comparison: Codable, Sendable {
    public var configuration: Int
    public var kernels: [KernelDelta]
  }

  public var configurations: [Configuration]
  /// For every configuration after the first: its biggest per-kernel differences.
  public var deltas: [Comparison]

  /// - Parameter top: how many kernels each comparison lists, largest |Δ| first.
  public init(_ reports: [CompileReport], top: Int = 10) {
    let baseline = reports.first
    let baseLatency = baseline?.latencyMs ?? 0
    configurations = reports.map {
      Configuration(
        target: $0.target, pipeline: $0.pipeline, totalCycles: $0.totalCycles, latencyMs: $0.latencyMs,
        dramBytes: $0.dramBytes, kernels: $0.kernels.count, speedup: $0.latencyMs > 0 ? baseLatency / $0.latencyMs : 0)
    }
    deltas = reports.indices.dropFirst().map { index in
      Comparison(configuration: index, kernels: Self.kernelDeltas(baseline?.kernels ?? [], reports[index].kernels, top))
    }
  }

  static func kernelDeltas(
    _ base: [EstimateReport.KernelRow], _ other: [EstimateReport.KernelRow], _ top: Int
  ) -> [KernelDelta] {
    var names: [String] = []
    var baseCycles: [String: Double] = [:]
    var otherCycles: [String: Double] = [:]
    for kernel in base {
      if baseCycles[kernel.name] == nil { names.append(kernel.name) }
      baseCycles[kernel.name, default: 0] += kernel.cycles
    }
    for kernel in other {
      if baseCycles[kernel.name] == nil, otherCycles[kernel.name] == nil { names.append(kernel.name) }
      otherCycles[kernel.name, default: 0] += kernel.cycles
    }
    let rows = names.map { name in
      let a = baseCycles[name] ?? 0
      let b = otherCycles[name] ?? 0
      return KernelDelta(name: name, baselineCycles: a, cycles: b, deltaCycles: b - a)
    }
    // Stable: largest |Δ| first, ties in graph order.
    let ranked = rows.enumerated().sorted {
      abs($0.element.deltaCycles) != abs($1.element.deltaCycles)
        ? abs($0.element.deltaCycles) > abs($1.element.deltaCycles) : $0.offset < $1.offset
    }
    return ranked.prefix(top).map(\.element).filter { $0.deltaCycles != 0 }
  }

  public func renderText() -> String {
    func cycles(_ value: Double) -> String { InspectReport.grouped(saturatingInt(value)) }
    var table = TextTable(
      headers: ["#", "target", "pipeline", "cycles", "latency ms", "speedup", "DRAM bytes", "kernels"],
      rightAligned: [0, 3, 4, 5, 6, 7])
    for (index, c) in configurations.enumerated() {
      table.add([
        "\(index + 1)", c.target, c.pipeline, cycles(c.totalCycles), String(format: "%.4f", c.latencyMs),
        String(format: "%.2fx", c.speedup), InspectReport.grouped(c.dramBytes), "\(c.kernels)",
      ])
    }
    var out = table.render()
    for comparison in deltas where !comparison.kernels.isEmpty {
      let c = configurations[comparison.configuration]
      out += "\nbiggest kernel differences, #\(comparison.configuration + 1) (\(c.target), \(c.pipeline)) against #1\n"
      var kernels = TextTable(headers: ["kernel", "#1 cycles", "cycles", "Δ cycles"], rightAligned: [1, 2, 3])
      for k in comparison.kernels {
        let sign = k.deltaCycles > 0 ? "+" : ""
        kernels.add([k.name, cycles(k.baselineCycles), cycles(k.cycles), sign + cycles(k.deltaCycles)])
      }
      out += kernels.render()
    }
    return out
  }
}
