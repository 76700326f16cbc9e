import Foundation
import GraphIR
import PassKit

/// `tessera compile`'s report: end-to-end estimate, per-kernel table, per-pass table.
/// JSON keys are snake_case and sorted, so the same inputs give the same bytes (pass wall
/// times aside, which `--no-wall-time` zeroes).
public struct CompileReport: Codable, Sendable, EnergyFields {
  public struct PassRow: Codable, Sendable, Equatable {
    public var name: String
    public var cyclesBefore: Double
    public var cyclesAfter: Double
    public var wallMs: Double
    public var statistics: [String: Int]

    enum CodingKeys: String, CodingKey {
      case name, statistics
      case cyclesBefore = "cycles_before"
      case cyclesAfter = "cycles_after"
      case wallMs = "wall_ms"
    }

    init(_ record: PassRecord) {
      name = record.name
      cyclesBefore = record.cyclesBefore
      cyclesAfter = record.cyclesAfter
      wallMs = record.wallMilliseconds
      statistics = Dictionary(record.statistics.map { ($0.name, $0.value) }, uniquingKeysWith: +)
      orderedStatistics = record.statistics.map { "\($0.name)=\($0.value)" }
    }

    /// Statistics in the order the pass declares them (for text).
    var orderedStatistics: [String] = []

    public var deltaPercent: Double { cyclesBefore > 0 ? (cyclesAfter - cyclesBefore) / cyclesBefore * 100 : 0 }
  }

  public var target: String
  public var timing = "analytical"
  public var clockMHz: Double
  public var pipeline: String
  public var pipelineText: String
  public var totalCycles: Double
  public var latencyMs: Double
  public var kernels: [EstimateReport.KernelRow]
  public var passes: [PassRow]
  /// `--verify-numerics`: compiled vs original graph on the reference interpreter.
  public var numerics: NumericsReport?
  /// `--timing simulate`: the final schedule simulated (the passes stay analytical).
  public var simulation: SimulationReport?
  /// The target's roofs, for the HTML report's roofline plot.
  public var roofline: Roofline?
  /// `--html` with `--timing simulate`: the analytical-vs-simulated gap by cause.
  public var tierGap: TierGapReport?
  /// Energy at the analytical latency (the simulation carries its own), and the area.
  public var energyUJ = 0.0
  public var pJPerMAC = 0.0
  public var averagePowerMW = 0.0
  public var areaMM2 = 0.0

  enum CodingKeys: String, CodingKey {
    case target, timing, pipeline, kernels, passes, numerics, simulation, roofline
    case tierGap = "tier_gap"
    case clockMHz = "clock_mhz"
    case pipelineText = "pipeline_text"
    case totalCycles = "total_cycles"
    case latencyMs = "latency_ms"
    case energyUJ = "energy_uj"
    case averagePowerMW = "average_power_mw"
    case pJPerMAC = "pj_per_mac"
    case areaMM2 = "area_mm2"
  }

  init(
    target: String, clockMHz: Double, pipeline: String, pipelineText: String, kernels: [EstimateReport.KernelRow],
    passes: [PassRow], areaMM2: Double
  ) {
    self.target = target
    self.clockMHz = clockMHz
    self.pipeline = pipeline
    self.pipelineText = pipelineText
    self.kernels = kernels
    self.passes = passes
    totalCycles = kernels.reduce(0) { $0 + $1.cycles }
    latencyMs = totalCycles / (clockMHz * 1000)
    energy = EnergyTotals(kernels: kernels, latencyMs: latencyMs, areaMM2: areaMM2)
  }

  public var dramBytes: Int { kernels.reduce(0) { saturatingAdd($0, $1.dramBytes) } }

  public func renderText() -> String {
    let cycles = InspectReport.grouped(saturatingInt(totalCycles))
    var out = "target \(target) · pipeline \(pipeline) · \(timing) timing"
    out += simulation.map { " (\($0.note))" } ?? ""
    out += String(format: "\ntotal %@ cycles = %.4f ms at %g MHz", cycles, latencyMs, clockMHz)
    if let simulation {
      out += String(
        format: " analytical; simulated %@ cycles = %.4f ms (%+.1f %%)",
        InspectReport.grouped(saturatingInt(simulation.totalCycles)), simulation.latencyMs, simulation.gapPercent)
    }
    out += "\n" + energy.renderText()
    if let simulation { out += "simulated: " + simulation.energy.renderText() }
    out += "\n"
    let simulated = simulation != nil
    var table = TextTable(
      headers: ["kernel", "ops", "dtype", "unit", "tile", "cycles"] + (simulated ? ["sim cycles"] : [])
        + ["bound", "util %", "DRAM bytes", "energy µJ"],
      rightAligned: simulated ? [5, 6, 8, 9, 10] : [5, 7, 8, 9])
    for (index, k) in kernels.enumerated() where k.unit != "none" {
      let sim = simulation?.cycles(ofKernel: index).map { InspectReport.grouped(saturatingInt($0)) } ?? "-"
      table.add(
        [
          k.name, Self.workingOps(k.ops), k.dtype, k.unit, k.tile ?? "-",
          InspectReport.grouped(saturatingInt(k.cycles)),
        ]
          + (simulated ? [sim] : [])
          + [
            k.bound, String(format: "%.1f", k.utilization * 100), InspectReport.grouped(k.dramBytes),
            EnergyTotals.figure(k.energyUJ),
          ])
    }
    let simTotal = simulation.map { InspectReport.grouped(saturatingInt($0.totalCycles)) }
    table.add(
      ["total", "\(kernels.count) kernels", "", "", "", cycles] + (simTotal.map { [$0] } ?? [])
        + ["", "", InspectReport.grouped(dramBytes), EnergyTotals.figure(energyUJ)])
    out += table.render()
    out += simulation?.renderText() ?? ""
    guard !passes.isEmpty else {
      // A pipeline with text always records passes: without them, the report is a saved schedule's.
      let note =
        !pipelineText.isEmpty
        ? "passes ran when the schedule was compiled (\(pipelineText))" : "no passes (pipeline \(pipeline))"
      return out + "\n\(note)\n" + (numerics.map { "\n" + $0.renderText() } ?? "")
    }
    var passTable = TextTable(
      headers: ["pass", "cycles before", "cycles after", "Δ %", "wall ms", "statistics"], rightAligned: [1, 2, 3, 4])
    if simulation != nil { out += "\npasses (priced analytically)" }
    for pass in passes {
      passTable.add([
        pass.name, InspectReport.grouped(saturatingInt(pass.cyclesBefore)),
        InspectReport.grouped(saturatingInt(pass.cyclesAfter)), String(format: "%+.2f", pass.deltaPercent),
        String(format: "%.2f", pass.wallMs), pass.orderedStatistics.joined(separator: " "),
      ])
    }
    out += "\n" + passTable.render()
    return out + (numerics.map { "\n" + $0.renderText() } ?? "")
  }

  /// A kernel's ops for the text table: the (de)quantizations of its load and store paths
  /// are left out (JSON and CSV list every op).
  public static func workingOps(_ ops: [String]) -> String {
    let working = ops.filter { !["quantizeLinear", "dequantizeLinear", "cast"].contains($0) }
    return (working.isEmpty ? ops : working).joined(separator: "+")
  }

  /// One row per kernel, for spreadsheets.
  public func renderCSV() -> String {
    var out = "kernel,ops,dtype,unit,tile,cycles,compute_cycles,overhead_cycles,bound,utilization,dram_bytes,macs"
    out += ",energy_uj," + energyParts.map { "energy_\($0)_uj" }.joined(separator: ",")
    out += simulation != nil ? ",simulated_cycles,simulated_energy_uj\n" : "\n"
    for (index, k) in kernels.enumerated() {
      var fields: [String] = [
        k.name, Self.workingOps(k.ops), k.dtype, k.unit, k.tile ?? "", String(k.cycles), String(k.computeCycles),
        String(k.overheadCycles), k.bound, String(k.utilization), String(k.dramBytes), String(k.macs),
      ]
      fields.append(String(k.energyUJ))
      fields += energyParts.map { String(k.energyBreakdownUJ[$0] ?? 0) }
      if let simulation {
        fields.append(simulation.cycles(ofKernel: index).map { String($0) } ?? "")
        fields.append(simulation.energy(ofKernel: index).map { String($0) } ?? "")
      }
      out += fields.map(Self.csvField).joined(separator: ",") + "\n"
    }
    return out
  }

  /// The energy breakdown's parts over all kernels: `mac`, the memory levels in order of
  /// first appearance, `static`.
  var energyParts: [String] {
    var names = ["mac"]
    for kernel in kernels {
      for level in kernel.energy.levels where !names.contains(level.level) { names.append(level.level) }
    }
    return names + ["static"]
  }

  /// A CSV field, quoted when it holds a comma, a quote or a newline (RFC 4180).
  public static func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }
}
