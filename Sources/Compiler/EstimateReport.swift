import CostModel
import Foundation
import GraphIR
import HardwareModel

/// `tessera estimate MODEL --target T`: the graph priced with the default lowering.
/// JSON keys are the ones `tessera compile` reports use, so one script reads both.
public struct EstimateReport: Codable, Sendable, EnergyFields {
  public struct KernelRow: Codable, Sendable, Equatable {
    public var name: String
    public var ops: [String]
    public var unit: String
    public var cycles: Double
    public var computeCycles: Double
    public var overheadCycles: Double
    /// Layout conversions and host-link transfers serialized with the kernel.
    public var transferCycles: Double = 0
    /// Bytes and cycles per memory level, outermost first.
    public var memory: [KernelCost.LevelTraffic]
    public var bound: String
    public var dramBytes: Int
    public var utilization: Double
    public var macs: Int
    /// The element type the kernel computes in.
    public var dtype: String
    /// The chosen tiling (`m`x`n`x`k` and loop order), absent under the default heuristic.
    public var tile: String?
    /// How the unit's own mapper laid the kernel out (a row-stationary mapping), if it did.
    public var mapping: String?
    /// Energy at the modeled latency (µJ), and by part: `mac`, each memory level, `static`.
    public var energyUJ: Double = 0
    public var energyBreakdownUJ: [String: Double] = [:]
    /// The energy model's figures, to price the kernel at another latency (not encoded).
    public var energy = KernelEnergy()

    enum CodingKeys: String, CodingKey {
      case name, ops, unit, cycles, bound, utilization, macs, memory, dtype, tile, mapping
      case computeCycles = "compute_cycles"
      case overheadCycles = "overhead_cycles"
      case transferCycles = "transfer_cycles"
      case dramBytes = "dram_bytes"
      case energyUJ = "energy_uj"
      case energyBreakdownUJ = "energy_breakdown_uj"
    }
  }

  public var target: String
  public var timing: String
  public var totalCycles: Double
  public var latencyMs: Double
  public var kernels: [KernelRow]
  public var energyUJ = 0.0
  public var pJPerMAC = 0.0
  public var averagePowerMW = 0.0
  public var areaMM2 = 0.0

  enum CodingKeys: String, CodingKey {
    case target, timing, kernels
    case totalCycles = "total_cycles"
    case latencyMs = "latency_ms"
    case energyUJ = "energy_uj"
    case averagePowerMW = "average_power_mw"
    case pJPerMAC = "pj_per_mac"
    case areaMM2 = "area_mm2"
  }

  /// - Throws: `AnalyticalModel.CostError` for a kernel the target cannot run at all.
  public init(graph: Graph, accelerator: Accelerator) throws(AnalyticalModel.CostError) {
    let model = AnalyticalModel(accelerator)
    target = accelerator.name
    timing = "analytical"
    kernels = try KernelLowering.kernels(graph).map { kernel throws(AnalyticalModel.CostError) in
      KernelRow(kernel, try model.cost(kernel))
    }
    totalCycles = kernels.reduce(0) { $0 + $1.cycles }
    latencyMs = totalCycles / (accelerator.clockMHz * 1000)
    energy = EnergyTotals(kernels: kernels, latencyMs: latencyMs, areaMM2: accelerator.areaBreakdown.totalMM2)
  }

  public func renderText() -> String {
    let out =
      "target \(target) · \(timing) timing · default lowering (every op its own kernel, tensors through DRAM)\n\n"
    var table = TextTable(
      headers: ["kernel", "op", "unit", "cycles", "bound", "util %", "DRAM bytes"], rightAligned: [3, 5, 6])
    for k in kernels where k.unit != "none" {
      table.add([
        k.name, k.ops.joined(separator: "+"), k.unit, InspectReport.grouped(saturatingInt(k.cycles)), k.bound,
        String(format: "%.1f", k.utilization * 100), InspectReport.grouped(k.dramBytes),
      ])
    }
    table.add([
      "total", "\(kernels.count) kernels", "", InspectReport.grouped(saturatingInt(totalCycles)), "", "",
      InspectReport.grouped(kernels.reduce(0) { saturatingAdd($0, $1.dramBytes) }),
    ])
    return out + table.render()
      + String(format: "\nlatency %.4f ms at %g MHz\n", latencyMs, totalCycles / (latencyMs * 1000))
      + energy.renderText()
  }
}

extension EstimateReport.KernelRow {
  init(_ kernel: Kernel, _ cost: KernelCost) {
    self.init(
      name: kernel.name, ops: kernel.ops, unit: cost.unit, cycles: cost.totalCycles, computeCycles: cost.computeCycles,
      overheadCycles: cost.overheadCycles, transferCycles: cost.transferCycles, memory: cost.memory,
      bound: cost.limiter.description, dramBytes: cost.dramBytes,
      utilization: cost.utilization, macs: kernel.macs, dtype: kernel.elementType.rawValue,
      tile: kernel.tile?.description, mapping: cost.mapping,
      energyUJ: cost.energy.totalPJ(atCycles: cost.totalCycles) / 1e6,
      energyBreakdownUJ: cost.energy.breakdownUJ(atCycles: cost.totalCycles), energy: cost.energy)
  }
}
