import Foundation
import GraphIR

/// A report's energy and area totals: energy over its kernels (µJ), energy per MAC, average
/// power at the report's latency, and the target's area. JSON: `energy_uj`, `pj_per_mac`,
/// `average_power_mw`, `area_mm2` beside the report's latency.
public struct EnergyTotals: Sendable, Equatable {
  public var energyUJ: Double
  public var pJPerMAC: Double
  public var averagePowerMW: Double
  public var areaMM2: Double

  public init(energyUJ: Double, macs: Int, latencyMs: Double, areaMM2: Double) {
    self.energyUJ = energyUJ
    pJPerMAC = macs > 0 ? energyUJ * 1e6 / Double(macs) : 0
    // µJ / ms = mW.
    averagePowerMW = latencyMs > 0 ? energyUJ / latencyMs : 0
    self.areaMM2 = areaMM2
  }

  /// The sum of the kernels' energies at their analytical latencies.
  init(kernels: [EstimateReport.KernelRow], latencyMs: Double, areaMM2: Double) {
    self.init(
      energyUJ: kernels.reduce(0) { $0 + $1.energyUJ }, macs: kernels.reduce(0) { saturatingAdd($0, $1.macs) },
      latencyMs: latencyMs, areaMM2: areaMM2)
  }

  public init(energyUJ: Double, pJPerMAC: Double, averagePowerMW: Double, areaMM2: Double) {
    (self.energyUJ, self.pJPerMAC, self.averagePowerMW, self.areaMM2) = (energyUJ, pJPerMAC, averagePowerMW, areaMM2)
  }

  /// One line for the text reports.
  public func renderText() -> String {
    String(
      format: "energy %@ µJ (%.2f pJ/MAC), average power %.1f mW, area %.2f mm²\n", Self.figure(energyUJ), pJPerMAC,
      averagePowerMW, areaMM2)
  }

  static func figure(_ value: Double) -> String {
    value >= 100 ? String(format: "%.0f", value) : String(format: "%.3g", value)
  }
}

/// A report with energy totals as flat JSON fields (`energy_uj`, `pj_per_mac`,
/// `average_power_mw`, `area_mm2`), read and written together as `energy`.
protocol EnergyFields {
  var energyUJ: Double { get set }
  var pJPerMAC: Double { get set }
  var averagePowerMW: Double { get set }
  var areaMM2: Double { get set }
}

extension EnergyFields {
  public var energy: EnergyTotals {
    get { EnergyTotals(energyUJ: energyUJ, pJPerMAC: pJPerMAC, averagePowerMW: averagePowerMW, areaMM2: areaMM2) }
    set {
      (energyUJ, pJPerMAC, averagePowerMW, areaMM2) = (
        newValue.energyUJ, newValue.pJPerMAC, newValue.averagePowerMW, newValue.areaMM2
      )
    }
  }
}
