import Compiler

/// Per-pass latency waterfall: the imported graph's cycles, then each pass as a bar from its
/// cycles before to after (green faster, red slower), then the final cycles. Hover: the pass
/// statistics.
enum PassWaterfall {
  static func render(_ passes: [CompileReport.PassRow]) -> String {
    guard let first = passes.first, let last = passes.last else { return "" }
    let barWidth = min(64.0, max(26, 760 / Double(passes.count + 2)))
    let frame = PlotFrame(left: 78, top: 16, right: 78 + barWidth * Double(passes.count + 2), bottom: 250)
    var svg = SVG(width: frame.right + 20, height: 330)
    let values = passes.flatMap { [$0.cyclesBefore, $0.cyclesAfter] }
    let highest = values.max() ?? 1
    // Passes can change the cycles by orders of magnitude (quantizing a float graph): then
    // a log scale keeps the later passes visible.
    let lowest = values.filter { $0 > 0 }.min() ?? highest
    let logarithmic = highest > lowest * 20
    let (low, high) = logarithmic ? Scale.decades(values) : (0, highest * 1.05)
    let y = Scale(low, high, onto: frame.bottom, frame.top, logarithmic: logarithmic)
    for tick in y.ticks() {
      svg.line(x1: frame.left, y1: y(tick), x2: frame.right, y2: y(tick), stroke: "#e3e3e3")
      svg.text(short(tick), x: frame.left - 6, y: y(tick) + 4, anchor: .end, size: 11)
    }
    svg.text(
      logarithmic ? "cycles (log scale)" : "cycles", x: 14, y: (frame.top + frame.bottom) / 2, anchor: .middle,
      size: 12, rotated: true)
    func bar(_ index: Int, _ from: Double, _ to: Double, _ color: String, _ label: String, _ title: String) {
      let x = frame.left + Double(index) * barWidth + 3
      svg.rect(
        x: x, y: y(max(from, to)), width: barWidth - 6, height: max(abs(y(from) - y(to)), 1), fill: color, title: title)
      svg.text(label, x: x + barWidth / 2 - 3, y: frame.bottom + 10, anchor: .end, size: 11, rotated: true)
    }
    bar(
      0, low, first.cyclesBefore, Palette.neutral, "imported", "imported graph: \(grouped(first.cyclesBefore)) cycles")
    for (index, pass) in passes.enumerated() {
      let color =
        pass.cyclesAfter < pass.cyclesBefore
        ? Palette.better : pass.cyclesAfter > pass.cyclesBefore ? Palette.worse : Palette.neutral
      let statistics = pass.statistics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      let title =
        "\(pass.name): \(grouped(pass.cyclesBefore)) → \(grouped(pass.cyclesAfter)) cycles ("
        + String(format: "%+.2f %%", pass.deltaPercent) + ")"
        + (statistics.isEmpty ? "" : "\n" + statistics.joined(separator: "\n"))
      bar(index + 1, pass.cyclesBefore, pass.cyclesAfter, color, pass.name, title)
    }
    bar(
      passes.count + 1, low, last.cyclesAfter, Palette.compute, "final",
      "final schedule: \(grouped(last.cyclesAfter)) cycles")
    svg.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: "#888")
    return svg.render(plot: "waterfall", label: "cycles before and after each pass")
      + Palette.legend([("faster", Palette.better), ("slower", Palette.worse), ("unchanged", Palette.neutral)])
  }
}
