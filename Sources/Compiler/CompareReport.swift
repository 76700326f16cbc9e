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
    /// Both tiers' totals when the comparison ran the simulator (`total_cycles` is the
    /// first tier's).
    public var analyticalCycles: Double?
    public var simulatedCycles: Double?
    /// Energy at the first tier's latency, its average power, and the target's area.
    public var energyUJ = 0.0
    public var averagePowerMW = 0.0
    public var areaMM2 = 0.0

    enum CodingKeys: String, CodingKey {
      case target, pipeline, kernels, speedup
      case energyUJ = "energy_uj"
      case averagePowerMW = "average_power_mw"
      case areaMM2 = "area_mm2"
      case analyticalCycles = "analytical_cycles"
      case simulatedCycles = "simulated_cycles"
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

  /// The timing tiers compared, in the order given; totals, speedups and kernel differences
  /// use the first.
  public var timing: [String]
  public var configurations: [Configuration]
  /// For every configuration after the first: its biggest per-kernel differences.
  public var deltas: [Comparison]
  /// With both tiers: per configuration, the kernels whose tiers differ most and why.
  public var tierGaps: [TierGapReport]

  enum CodingKeys: String, CodingKey {
    case timing, configurations, deltas
    case tierGaps = "tier_gaps"
  }

  /// - Parameters:
  ///   - top: how many kernels each comparison lists, largest |Δ| first.
  ///   - timing: the tiers; with `simulate` first, the reports must carry their simulation.
  ///   - tierGaps: the analytical-vs-simulated explanations, one per configuration.
  public init(
    _ reports: [CompileReport], top: Int = 10, timing: [TimingTier] = [.analytical], tierGaps: [TierGapReport] = []
  ) {
    self.timing = timing.map(\.rawValue)
    self.tierGaps = tierGaps
    let simulated = timing.first == .simulate
    let primary = reports.map { report in
      simulated ? Self.simulatedKernels(report) : report.kernels
    }
    func total(_ index: Int) -> Double {
      simulated ? reports[index].simulation?.totalCycles ?? 0 : reports[index].totalCycles
    }
    func latency(_ index: Int) -> Double {
      simulated ? reports[index].simulation?.latencyMs ?? 0 : reports[index].latencyMs
    }
    let baseLatency = reports.isEmpty ? 0 : latency(0)
    configurations = reports.indices.map { index in
      let r = reports[index]
      let l = latency(index)
      let energy = simulated ? r.simulation?.energy ?? r.energy : r.energy
      return Configuration(
        target: r.target, pipeline: r.pipeline, totalCycles: total(index), latencyMs: l,
        dramBytes: r.dramBytes, kernels: r.kernels.count, speedup: l > 0 ? baseLatency / l : 0,
        analyticalCycles: r.simulation.map { _ in r.totalCycles }, simulatedCycles: r.simulation?.totalCycles,
        energyUJ: energy.energyUJ, averagePowerMW: energy.averagePowerMW, areaMM2: energy.areaMM2)
    }
    deltas = reports.indices.dropFirst().map { index in
      Comparison(configuration: index, kernels: Self.kernelDeltas(primary.first ?? [], primary[index], top))
    }
  }

  /// The report's kernels with their simulated cycles.
  static func simulatedKernels(_ report: CompileReport) -> [EstimateReport.KernelRow] {
    report.kernels.enumerated().map { index, row in
      var row = row
      row.cycles = report.simulation?.cycles(ofKernel: index) ?? 0
      return row
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
    let both = timing.count > 1
    let first = timing.first ?? TimingTier.analytical.rawValue
    var table = TextTable(
      headers: ["#", "target", "pipeline", both ? "\(first) cycles" : "cycles"]
        + (both ? ["\(timing[1]) cycles", "gap %"] : [])
        + ["latency ms", "speedup", "DRAM bytes", "kernels", "energy µJ", "power mW", "area mm²"],
      rightAligned: Set([0] + Array(3..<(both ? 13 : 11))))
    for (index, c) in configurations.enumerated() {
      var row = ["\(index + 1)", c.target, c.pipeline, cycles(c.totalCycles)]
      if both {
        let second = first == TimingTier.simulate.rawValue ? c.analyticalCycles : c.simulatedCycles
        let a = c.analyticalCycles ?? 0
        let gap = a > 0 ? String(format: "%+.1f", ((c.simulatedCycles ?? 0) - a) / a * 100) : "-"
        row += [second.map(cycles) ?? "-", gap]
      }
      table.add(
        row + [
          String(format: "%.4f", c.latencyMs), String(format: "%.2fx", c.speedup), InspectReport.grouped(c.dramBytes),
          "\(c.kernels)", EnergyTotals.figure(c.energyUJ), String(format: "%.1f", c.averagePowerMW),
          String(format: "%.3f", c.areaMM2),
        ])
    }
    var out =
      (timing == [TimingTier.analytical.rawValue]
        ? "" : "timing: \(timing.joined(separator: ", ")) (passes priced analytically; final schedules simulated)\n")
      + table.render()
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
    for gap in tierGaps where gap.configuration < configurations.count {
      let c = configurations[gap.configuration]
      out += gap.renderText("\(c.target), \(c.pipeline)")
    }
    return out
  }
}
