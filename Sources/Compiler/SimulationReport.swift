import Foundation
import GraphIR
import Simulator

/// The `simulate` tier's part of a compile report: the final schedule's command stream run on
/// the event-driven simulator, next to the analytical figures (the passes are still priced
/// analytically; only the final schedule is simulated).
public struct SimulationReport: Codable, Sendable, EnergyFields {
  public struct KernelRow: Codable, Sendable, Equatable {
    public var index: Int
    public var name: String
    public var analyticalCycles: Double
    public var simulatedCycles: Double
    public var simulatedCommands: Int
    public var representedCommands: Int
    /// Energy at the simulated latency (µJ), and by part.
    public var energyUJ: Double = 0
    public var energyBreakdownUJ: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
      case index, name
      case analyticalCycles = "analytical_cycles"
      case simulatedCycles = "simulated_cycles"
      case simulatedCommands = "simulated_commands"
      case representedCommands = "represented_commands"
      case energyUJ = "energy_uj"
      case energyBreakdownUJ = "energy_breakdown_uj"
    }
  }

  public struct UnitRow: Codable, Sendable, Equatable {
    public var name: String
    public var busyCycles: Double
    /// Busy cycles over the simulated total.
    public var utilization: Double
    public var commands: Int
    /// Busy fraction per `timelineBinCycles` from cycle 0 (rounded to 1e-4); nil in reports
    /// saved before 0.20.
    public var utilizationOverTime: [Double]?

    enum CodingKeys: String, CodingKey {
      case name, utilization, commands
      case busyCycles = "busy_cycles"
      case utilizationOverTime = "utilization_over_time"
    }
  }

  public static let note = "passes priced analytically; final schedule simulated"

  public var note = SimulationReport.note
  /// Steady-state extrapolation was on (`--no-extrapolate` turns it off).
  public var extrapolate: Bool
  public var analyticalTotalCycles: Double
  public var totalCycles: Double
  public var latencyMs: Double
  public var events: Int
  public var simulatedCommands: Int
  public var representedCommands: Int
  public var extrapolatedSpans: Int
  public var dramBytes: Int
  public var kernels: [KernelRow]
  public var units: [UnitRow]
  /// Cycles per bin of the units' `utilizationOverTime` (nil before 0.20).
  public var timelineBinCycles: Double?
  /// Energy at the simulated latency: every kernel's dynamic energy, static power over the
  /// simulated total (kernels that overlap do not pay it twice).
  public var energyUJ = 0.0
  public var pJPerMAC = 0.0
  public var averagePowerMW = 0.0
  public var areaMM2 = 0.0

  enum CodingKeys: String, CodingKey {
    case note, extrapolate, events, kernels, units
    case timelineBinCycles = "timeline_bin_cycles"
    case energyUJ = "energy_uj"
    case averagePowerMW = "average_power_mw"
    case pJPerMAC = "pj_per_mac"
    case areaMM2 = "area_mm2"
    case analyticalTotalCycles = "analytical_total_cycles"
    case totalCycles = "total_cycles"
    case latencyMs = "latency_ms"
    case simulatedCommands = "simulated_commands"
    case representedCommands = "represented_commands"
    case extrapolatedSpans = "extrapolated_spans"
    case dramBytes = "dram_bytes"
  }

  public init(
    _ result: SimulationResult, analytical: [EstimateReport.KernelRow], extrapolate: Bool, areaMM2: Double = 0
  ) {
    self.extrapolate = extrapolate
    analyticalTotalCycles = analytical.reduce(0) { $0 + $1.cycles }
    totalCycles = result.totalCycles
    latencyMs = result.latencyMs
    events = result.events
    simulatedCommands = result.simulatedCommands
    representedCommands = result.representedCommands
    extrapolatedSpans = result.extrapolated.count
    dramBytes = result.dramBytes
    kernels = result.kernels.map { k in
      KernelRow(
        index: k.index, name: k.name, analyticalCycles: k.index < analytical.count ? analytical[k.index].cycles : 0,
        simulatedCycles: k.cycles, simulatedCommands: k.simulatedCommands, representedCommands: k.representedCommands,
        energyUJ: k.index < analytical.count ? analytical[k.index].energy.totalPJ(atCycles: k.cycles) / 1e6 : 0,
        energyBreakdownUJ: k.index < analytical.count ? analytical[k.index].energy.breakdownUJ(atCycles: k.cycles) : [:]
      )
    }
    let total = result.totalCycles
    units = result.units.map {
      UnitRow(
        name: $0.name, busyCycles: $0.busyCycles, utilization: total > 0 ? $0.busyCycles / total : 0,
        commands: $0.commands, utilizationOverTime: $0.utilizationOverTime.map { ($0 * 10_000).rounded() / 10_000 })
    }
    timelineBinCycles = result.timelineBinCycles
    let dynamicPJ = analytical.reduce(0) { $0 + $1.energy.dynamicPJ }
    let staticPJ = (analytical.first?.energy.staticPJPerCycle ?? 0) * result.totalCycles
    let totals = EnergyTotals(
      energyUJ: (dynamicPJ + staticPJ) / 1e6, macs: analytical.reduce(0) { saturatingAdd($0, $1.macs) },
      latencyMs: result.latencyMs, areaMM2: areaMM2)
    energy = totals
  }

  /// Simulated minus analytical, relative to analytical.
  public var gapPercent: Double {
    analyticalTotalCycles > 0 ? (totalCycles - analyticalTotalCycles) / analyticalTotalCycles * 100 : 0
  }

  /// Simulated energy per kernel index (µJ).
  func energy(ofKernel index: Int) -> Double? {
    index < kernels.count && kernels[index].index == index ? kernels[index].energyUJ : nil
  }

  /// Simulated cycles per kernel index (for the kernel table).
  public func cycles(ofKernel index: Int) -> Double? {
    index < kernels.count && kernels[index].index == index ? kernels[index].simulatedCycles : nil
  }

  /// The summary below the kernel table: commands, events, extrapolation, units.
  public func renderText() -> String {
    func grouped(_ value: Double) -> String { InspectReport.grouped(saturatingInt(value)) }
    var out = "\nsimulation (\(note)): \(InspectReport.grouped(events)) events, "
    out +=
      "\(InspectReport.grouped(simulatedCommands)) of \(InspectReport.grouped(representedCommands)) commands simulated, "
    out +=
      extrapolate
      ? "\(extrapolatedSpans) extrapolated loop spans\n" : "extrapolation off\n"
    var table = TextTable(headers: ["unit", "busy cycles", "util %", "commands"], rightAligned: [1, 2, 3])
    for unit in units {
      table.add([
        unit.name, grouped(unit.busyCycles), String(format: "%.1f", unit.utilization * 100),
        InspectReport.grouped(unit.commands),
      ])
    }
    return out + table.render()
  }
}
