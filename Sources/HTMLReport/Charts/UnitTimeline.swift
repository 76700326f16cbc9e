import Compiler

/// Each simulated unit's busy fraction over time: one strip per unit, one cell per time bin,
/// darker when busier.
enum UnitTimeline {
  static func render(_ simulation: SimulationReport) -> String {
    let units = simulation.units.filter { !($0.utilizationOverTime ?? []).isEmpty }
    guard !units.isEmpty, let cycles = simulation.timelineBinCycles, cycles > 0 else {
      return "<p class=\"note\">No utilization timeline in this report.</p>\n"
    }
    let bins = units.map { $0.utilizationOverTime?.count ?? 0 }.max() ?? 1
    let frame = PlotFrame(left: 120, top: 10, right: 880, bottom: 10 + Double(units.count) * 26)
    var svg = SVG(width: 900, height: frame.bottom + 40)
    let cell = (frame.right - frame.left) / Double(bins)
    for (row, unit) in units.enumerated() {
      let top = frame.top + Double(row) * 26
      svg.text(unit.name, x: frame.left - 8, y: top + 16, anchor: .end, size: 12)
      svg.rect(x: frame.left, y: top + 2, width: frame.right - frame.left, height: 20, fill: "#f1f1f1", mark: false)
      for (bin, busy) in (unit.utilizationOverTime ?? []).enumerated() where busy > 0 {
        let start = Double(bin) * cycles
        svg.rect(
          x: frame.left + Double(bin) * cell, y: top + 2, width: cell + 0.3, height: 20, fill: Palette.compute,
          title:
            "\(unit.name): \(String(format: "%.1f", busy * 100)) % busy, cycles \(grouped(start))–\(grouped(start + cycles))",
          opacity: 0.15 + 0.85 * busy)
      }
    }
    let x = Scale(0, cycles * Double(bins), onto: frame.left, frame.right)
    for tick in x.ticks(6) {
      svg.line(x1: x(tick), y1: frame.bottom + 2, x2: x(tick), y2: frame.bottom + 7, stroke: "#888")
      svg.text(short(tick), x: x(tick), y: frame.bottom + 20, anchor: .middle, size: 11)
    }
    svg.text("cycles", x: (frame.left + frame.right) / 2, y: frame.bottom + 36, anchor: .middle, size: 12)
    return svg.render(plot: "timeline", label: "unit utilization over time")
  }
}
