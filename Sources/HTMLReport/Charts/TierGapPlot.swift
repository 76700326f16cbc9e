import Compiler

/// The analytical-vs-simulated gap: by cause when the report carries the ablation (`--html`
/// with `--timing simulate`), and per kernel (the largest gaps) from the simulation.
enum TierGapPlot {
  static func render(_ simulation: SimulationReport, gap: TierGapReport?) -> String {
    var out = "<div class=\"totals\"><span>analytical <b>\(grouped(simulation.analyticalTotalCycles))</b> cycles</span>"
    out += "<span>simulated <b>\(grouped(simulation.totalCycles))</b> cycles</span>"
    out += "<span>gap <b>\(String(format: "%+.1f %%", simulation.gapPercent))</b></span></div>\n"
    if let gap, !gap.causes.isEmpty {
      out +=
        "<p class=\"note\">By cause: the cycles the simulator saves when one modelled effect is removed. \(HTML.escape(gap.explanation))</p>\n"
      out += bars(
        gap.causes.map {
          (
            $0.cause, $0.savedCycles,
            "\($0.cause): \(grouped($0.savedCycles)) cycles, \(String(format: "%.1f", $0.share * 100)) % of the gap"
          )
        },
        plot: "gap-causes", label: "gap by cause")
    } else {
      out +=
        "<p class=\"note\">No gap by cause in this report (it comes with --html and --timing simulate, or compare --timing analytical,simulate).</p>\n"
    }
    let kernels = simulation.kernels.enumerated().sorted {
      (abs($0.element.simulatedCycles - $0.element.analyticalCycles), $1.offset)
        > (abs($1.element.simulatedCycles - $1.element.analyticalCycles), $0.offset)
    }.prefix(15).map(\.element)
    out += "<p class=\"note\">Kernels with the largest gap (simulated − analytical).</p>\n"
    out += bars(
      kernels.map { k in
        let gap = k.simulatedCycles - k.analyticalCycles
        return (
          "#\(k.index) \(k.name)", gap,
          "\(k.name): analytical \(grouped(k.analyticalCycles)), simulated \(grouped(k.simulatedCycles)) cycles"
        )
      }, plot: "gap-kernels", label: "gap per kernel")
    return out
  }

  /// Horizontal bars around zero, one per row (positive right, in red; negative left, in
  /// green), each labelled `text(value)`.
  static func bars(
    _ rows: [(String, Double, String)], plot: String, label: String, axis: String = "cycles",
    text: (Double) -> String = short
  ) -> String {
    guard !rows.isEmpty else { return "" }
    let frame = PlotFrame(left: 240, top: 8, right: 820, bottom: 8 + Double(rows.count) * 22)
    var svg = SVG(width: 900, height: frame.bottom + 28)
    let largest = rows.map { abs($0.1) }.max() ?? 1
    let low = rows.contains { $0.1 < 0 } ? -largest : 0
    let x = Scale(low, largest, onto: frame.left, frame.right)
    for (row, (name, value, title)) in rows.enumerated() {
      let top = frame.top + Double(row) * 22
      svg.text(name.count > 34 ? "…" + name.suffix(33) : name, x: frame.left - 8, y: top + 15, anchor: .end, size: 12)
      svg.rect(
        x: min(x(0), x(value)), y: top + 3, width: max(abs(x(value) - x(0)), 1), height: 16,
        fill: value > 0 ? Palette.worse : Palette.better, title: title)
      svg.text(text(value), x: max(x(0), x(value)) + 4, y: top + 15, size: 11)
    }
    svg.line(x1: x(0), y1: frame.top, x2: x(0), y2: frame.bottom, stroke: "#666")
    svg.text(axis, x: (frame.left + frame.right) / 2, y: frame.bottom + 20, anchor: .middle, size: 12)
    return svg.render(plot: plot, label: label)
  }
}
