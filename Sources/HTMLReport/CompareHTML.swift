import Compiler
import Foundation

extension HTML {
  /// `compare --html`: the configurations side by side and, for each after the first, its
  /// largest per-kernel differences from the first.
  public static func compare(_ report: CompareReport, model: String) -> String {
    var page = HTML(
      title: "\(model): \(report.configurations.count) configurations",
      subtitle: "timing \(report.timing.joined(separator: ", ")) · tessera \(ToolVersion.current)")
    let rows = report.configurations.enumerated().map { index, c -> [(text: String, value: Double?)] in
      [
        cell(String(index), Double(index)), cell(c.target), cell(c.pipeline),
        cell(grouped(c.totalCycles), c.totalCycles),
        cell(short(c.latencyMs), c.latencyMs), cell(String(format: "%.2f×", c.speedup), c.speedup),
        cell(short(c.energyUJ), c.energyUJ), cell(short(c.averagePowerMW), c.averagePowerMW),
        cell(short(c.areaMM2), c.areaMM2), cell(grouped(Double(c.dramBytes)), Double(c.dramBytes)),
        cell(String(c.kernels), Double(c.kernels)),
      ]
    }
    page.section(
      "Totals",
      table(
        headers: [
          "#", "target", "pipeline", "cycles", "latency ms", "speedup", "energy µJ", "power mW", "area mm²",
          "DRAM bytes",
          "kernels",
        ], numeric: [0, 3, 4, 5, 6, 7, 8, 9, 10], rows: rows)
        + totalsBars(report.configurations))
    for comparison in report.deltas where report.configurations.indices.contains(comparison.configuration) {
      let configuration = report.configurations[comparison.configuration]
      let bars = comparison.kernels.map { k in
        (
          k.name, k.deltaCycles,
          "\(k.name): \(grouped(k.baselineCycles)) → \(grouped(k.cycles)) cycles (\(k.deltaCycles >= 0 ? "+" : "")\(grouped(k.deltaCycles)))"
        )
      }
      page.section(
        "#\(comparison.configuration) \(configuration.target) · \(configuration.pipeline) vs #0",
        note: "Largest per-kernel differences in cycles (red: slower than #0, green: faster).",
        TierGapPlot.bars(bars, plot: "compare-kernels", label: "per-kernel differences"))
    }
    for gap in report.tierGaps where !gap.causes.isEmpty {
      page.section(
        "#\(gap.configuration): analytical vs simulated by cause", note: gap.explanation,
        TierGapPlot.bars(
          gap.causes.map { ($0.cause, $0.savedCycles, "\($0.cause): \(grouped($0.savedCycles)) cycles") },
          plot: "gap-causes", label: "gap by cause"))
    }
    return page.render()
  }

  /// Latency, energy and area of each configuration after the first relative to it, on a
  /// log scale around 1× (left: less, green; right: more, red).
  static func totalsBars(_ configurations: [CompareReport.Configuration]) -> String {
    guard let base = configurations.first, configurations.count > 1 else { return "" }
    let metrics: [(String, (CompareReport.Configuration) -> Double)] = [
      ("latency", { $0.latencyMs }), ("energy", { $0.energyUJ }), ("area", { $0.areaMM2 }),
    ]
    var rows: [(String, Double, String)] = []
    for (index, c) in configurations.enumerated().dropFirst() {
      for (name, value) in metrics where value(base) > 0 && value(c) > 0 {
        let ratio = value(c) / value(base)
        rows.append(
          (
            "#\(index) \(c.target) \(name)", log10(ratio),
            "#\(index) \(c.target) · \(c.pipeline): \(name) \(short(value(c))) vs \(short(value(base))) (\(String(format: "%.2f", ratio))× #0)"
          ))
      }
    }
    return TierGapPlot.bars(
      rows, plot: "compare-totals", label: "latency, energy and area relative to the first configuration",
      axis: "relative to #0 (log scale)", text: { String(format: "%.2f×", pow(10, $0)) })
  }
}
