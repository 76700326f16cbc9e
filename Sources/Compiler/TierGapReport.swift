import Foundation
import GraphIR
import Simulator

/// `compare --timing analytical,simulate`: for one configuration, both tiers per kernel, the
/// gap, and its causes by ablation (`GapAttribution`: the cycles the simulator saves when one
/// modelled effect is removed).
public struct TierGapReport: Codable, Sendable {
  public struct Cause: Codable, Sendable, Equatable {
    public var cause: String
    public var savedCycles: Double
    /// Saved cycles over the gap.
    public var share: Double

    enum CodingKeys: String, CodingKey {
      case cause, share
      case savedCycles = "saved_cycles"
    }
  }

  public struct KernelRow: Codable, Sendable, Equatable {
    public var index: Int
    public var name: String
    public var analyticalCycles: Double
    public var simulatedCycles: Double
    public var gapCycles: Double
    public var causes: [Cause]
    /// Simulated cycles with every cause removed, minus analytical.
    public var unexplainedCycles: Double
    /// The top causes in words ("DRAM latency 41 %, pipeline fill 12 %").
    public var explanation: String

    enum CodingKeys: String, CodingKey {
      case index, name, causes, explanation
      case analyticalCycles = "analytical_cycles"
      case simulatedCycles = "simulated_cycles"
      case gapCycles = "gap_cycles"
      case unexplainedCycles = "unexplained_cycles"
    }
  }

  public var configuration: Int
  public var analyticalTotalCycles: Double
  public var simulatedTotalCycles: Double
  /// The whole model's gap by cause (each ablation's total saving).
  public var causes: [Cause]
  public var explanation: String
  /// Kernels with the largest |gap|, largest first.
  public var kernels: [KernelRow]

  enum CodingKeys: String, CodingKey {
    case configuration, causes, explanation, kernels
    case analyticalTotalCycles = "analytical_total_cycles"
    case simulatedTotalCycles = "simulated_total_cycles"
  }

  public init(configuration: Int, _ attribution: GapAttribution.Result, top: Int) {
    self.configuration = configuration
    let rows = attribution.kernels.map { k in
      KernelRow(
        index: k.index, name: k.name, analyticalCycles: k.analyticalCycles, simulatedCycles: k.simulatedCycles,
        gapCycles: k.gapCycles,
        causes: k.shares.map { Cause(cause: $0.cause.rawValue, savedCycles: $0.savedCycles, share: $0.fraction) },
        unexplainedCycles: k.unexplainedCycles, explanation: Self.explain(k))
    }
    analyticalTotalCycles = rows.reduce(0) { $0 + $1.analyticalCycles }
    simulatedTotalCycles = attribution.baseline.totalCycles
    let gap = simulatedTotalCycles - analyticalTotalCycles
    var total = attribution.ablations.enumerated().map { rank, ablation in
      (rank, ablation.cause, attribution.baseline.totalCycles - ablation.result.totalCycles)
    }
    total.sort { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
    causes = total.map { Cause(cause: $0.1.rawValue, savedCycles: $0.2, share: gap != 0 ? $0.2 / gap : 0) }
    explanation = Self.words(total.map { ($0.1, gap != 0 ? $0.2 / gap : 0) }, gap: gap)
    let ranked = rows.enumerated().sorted {
      abs($0.element.gapCycles) != abs($1.element.gapCycles)
        ? abs($0.element.gapCycles) > abs($1.element.gapCycles) : $0.offset < $1.offset
    }
    kernels = ranked.prefix(top).map(\.element).filter { $0.gapCycles != 0 }
  }

  /// The top causes, and what is left with all of them removed when that is a fair part of
  /// the gap (ordering: kernel boundaries, dependencies, queue depth, fixed overheads).
  static func explain(_ kernel: GapAttribution.KernelGap) -> String {
    let gap = kernel.gapCycles
    guard gap != 0, kernel.unexplainedCycles * gap > 0, abs(kernel.unexplainedCycles) >= 0.2 * abs(gap) else {
      return kernel.summary()
    }
    let rest = "\(Int((kernel.unexplainedCycles / gap * 100).rounded())) % remains with all removed (ordering)"
    let named = kernel.summary()
    return named.hasPrefix("no single cause") ? rest : named + "; " + rest
  }

  static func words(_ shares: [(GapAttribution.Cause, Double)], gap: Double) -> String {
    guard gap != 0 else { return "no gap" }
    let named = shares.filter { $0.1 >= 0.05 }.prefix(3)
    guard !named.isEmpty else { return "no single cause (interactions, ordering)" }
    return named.map { "\($0.0.words) \(Int(($0.1 * 100).rounded())) %" }.joined(separator: ", ")
  }

  func renderText(_ label: String) -> String {
    func grouped(_ value: Double) -> String { InspectReport.grouped(saturatingInt(value)) }
    func signed(_ value: Double) -> String { (value > 0 ? "+" : "") + grouped(value) }
    let gap = simulatedTotalCycles - analyticalTotalCycles
    var out = "\nanalytical vs simulated, #\(configuration + 1) (\(label)): \(grouped(analyticalTotalCycles)) → "
    out += "\(grouped(simulatedTotalCycles)) cycles (\(signed(gap)))"
    out += gap != 0 ? "; the gap by cause: \(explanation)\n" : "\n"
    var table = TextTable(
      headers: ["kernel", "analytical", "simulated", "gap", "gap %", "biggest causes (share of the gap)"],
      rightAligned: [1, 2, 3, 4])
    for k in kernels {
      let percent = k.analyticalCycles > 0 ? String(format: "%+.1f", k.gapCycles / k.analyticalCycles * 100) : "-"
      table.add([
        k.name, grouped(k.analyticalCycles), grouped(k.simulatedCycles), signed(k.gapCycles), percent, k.explanation,
      ])
    }
    return out + table.render()
  }
}
