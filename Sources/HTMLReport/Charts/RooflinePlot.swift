import Compiler

/// The target's roofline (log-log): the compute roof at peak MACs per cycle, one bandwidth
/// roof per memory level, and every kernel with MACs as a point — MACs per DRAM byte against
/// the MACs per cycle it achieves — coloured by what bounds it.
enum RooflinePlot {
  static let pointLimit = 2_000

  static func render(_ report: CompileReport) -> String {
    guard let roofline = report.roofline, roofline.peakMACsPerCycle > 0 else {
      return "<p class=\"note\">No roofline: the report does not name the target's roofs.</p>\n"
    }
    let levels = roofline.memory.map(\.level)
    let kernels = report.kernels.enumerated().filter { $0.element.macs > 0 && $0.element.cycles > 0 }
    let onChip = kernels.filter { $0.element.dramBytes == 0 }.count
    // The kernels with the most MACs (at most `pointLimit`), drawn in kernel order.
    let drawn = kernels.filter { $0.element.dramBytes > 0 }
    let kept = Set(
      drawn.sorted { ($0.element.macs, -$0.offset) > ($1.element.macs, -$1.offset) }.prefix(pointLimit).map(\.offset))
    let points = drawn.filter { kept.contains($0.offset) }.map { entry in
      (
        index: entry.offset, kernel: entry.element,
        intensity: Double(entry.element.macs) / Double(entry.element.dramBytes),
        rate: Double(entry.element.macs) / entry.element.cycles
      )
    }
    let frame = PlotFrame(left: 78, top: 16, right: 700, bottom: 380)
    var svg = SVG(width: 930, height: 430)
    let peak = roofline.peakMACsPerCycle
    let slowest = roofline.memory.map(\.bytesPerCycle).filter { $0 > 0 }.min() ?? 1
    let (xLow, xHigh) = Scale.decades(points.map(\.intensity) + [peak / slowest * 4, 0.1])
    let (yLow, yHigh) = Scale.decades(points.map(\.rate) + [peak * 1.5])
    let x = Scale(xLow, xHigh, onto: frame.left, frame.right, logarithmic: true)
    let y = Scale(yLow, yHigh, onto: frame.bottom, frame.top, logarithmic: true)
    frame.drawAxes(&svg, x: x, y: y, xLabel: "operational intensity (MACs per DRAM byte)", yLabel: "MACs per cycle")
    svg.line(x1: frame.left, y1: y(peak), x2: frame.right, y2: y(peak), stroke: Palette.compute, width: 2)
    svg.text(
      "compute roof \(short(peak)) MACs/cycle (\(roofline.dtype))", x: frame.right - 4, y: y(peak) - 6, anchor: .end,
      size: 11, fill: Palette.compute)
    for (index, roof) in roofline.memory.enumerated() where roof.bytesPerCycle > 0 {
      // MACs/cycle = intensity × bytes/cycle, up to the ridge where it meets the compute roof.
      let ridge = peak / roof.bytesPerCycle
      // From where the roof enters the plot (a slow memory's starts above the left edge).
      let start = max(xLow, yLow / roof.bytesPerCycle)
      guard start < min(ridge, xHigh) else { continue }
      svg.polyline(
        [(x(start), y(start * roof.bytesPerCycle)), (x(min(ridge, xHigh)), y(min(ridge, xHigh) * roof.bytesPerCycle))],
        stroke: Palette.level(index), width: 2,
        title: "\(roof.level): \(short(roof.bytesPerCycle)) bytes/cycle, ridge at \(short(ridge)) MACs/byte")
      svg.text(
        "\(roof.level) roof \(short(roof.bytesPerCycle)) B/cycle", x: frame.right + 10,
        y: frame.top + 20 + Double(index) * 18, size: 12, fill: Palette.level(index))
    }
    for point in points {
      let kernel = point.kernel
      let title =
        "#\(point.index) \(kernel.name) (\(kernel.ops.joined(separator: "+")))\n\(short(point.intensity)) MACs/byte, "
        + "\(short(point.rate)) MACs/cycle (\(String(format: "%.1f", point.rate / peak * 100)) % of peak)\nbound: \(kernel.bound)"
      svg.circle(
        x: x(point.intensity), y: y(point.rate), radius: 4.5, fill: Palette.bound(kernel.bound, levels: levels),
        stroke: "#fff", title: title)
    }
    let omitted = drawn.count - points.count
    let note =
      (omitted > 0
        ? "<p class=\"note\">\(omitted) kernels with the fewest MACs not drawn (at most \(pointLimit) points).</p>\n"
        : "")
      + (onChip > 0
        ? "<p class=\"note\">\(onChip) kernel\(onChip == 1 ? "" : "s") with no DRAM traffic (intensity unbounded) not drawn; kernels without MACs are left out.</p>\n"
        : "<p class=\"note\">Kernels without MACs are left out.</p>\n")
    let legend =
      [("compute-bound", Palette.compute)] + levels.enumerated().map { ("\($1)-bound", Palette.level($0)) }
      + [("overhead-bound", Palette.overhead)]
    return svg.render(plot: "roofline", label: "roofline of \(report.target) with every kernel")
      + Palette.legend(legend)
      + note
  }
}
