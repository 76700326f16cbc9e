import Compiler

extension HTML {
  /// `compile --html` and `simulate --html`: totals, the pass waterfall, the kernels, the
  /// roofline and, when simulated, the unit timeline and the tier gap.
  public static func compile(_ report: CompileReport, model: String) -> String {
    var page = HTML(
      title: "\(model) on \(report.target)",
      subtitle:
        "pipeline \(report.pipeline) · \(report.timing) timing · \(report.kernels.count) kernels · tessera \(ToolVersion.current)"
    )
    var totals = "<div class=\"totals\">"
    totals +=
      "<span>latency <b>\(short(report.latencyMs)) ms</b> (\(grouped(report.totalCycles)) cycles at \(number(report.clockMHz)) MHz)</span>"
    if let simulation = report.simulation {
      totals +=
        "<span>simulated <b>\(short(simulation.latencyMs)) ms</b> (\(String(format: "%+.1f %%", simulation.gapPercent)))</span>"
    }
    totals += "<span>energy <b>\(short(report.energyUJ)) µJ</b></span><span>\(short(report.pJPerMAC)) pJ/MAC</span>"
    totals +=
      "<span>power <b>\(short(report.averagePowerMW)) mW</b></span><span>area <b>\(short(report.areaMM2)) mm²</b></span>"
    totals += "<span>DRAM <b>\(short(Double(report.dramBytes)))B</b></span></div>\n"
    page.section("Totals", totals)
    if report.passes.isEmpty {
      page.section(
        "Passes", "<p class=\"note\">No passes in this report (a saved schedule: they ran when it was compiled).</p>\n")
    } else {
      page.section(
        "What each pass bought",
        note: "Cycles before → after each pass (priced analytically). Hover a bar for the pass statistics.",
        PassWaterfall.render(report.passes))
    }
    page.section("Kernels", KernelTable.render(report))
    page.section(
      "Roofline",
      note: "Hover a point or a roof for its figures. A memory roof ends where it meets the compute roof (its ridge).",
      RooflinePlot.render(report))
    if let simulation = report.simulation {
      page.section(
        "Units over time (simulated)",
        note:
          "Busy fraction per unit, \(grouped(simulation.timelineBinCycles ?? 0)) cycles per cell; the Chrome trace (--trace) has every command.",
        UnitTimeline.render(simulation))
      page.section("Analytical vs simulated", TierGapPlot.render(simulation, gap: report.tierGap))
    }
    return page.render()
  }
}
