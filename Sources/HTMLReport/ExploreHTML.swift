import Compiler
import Exploration

extension HTML {
  /// `explore --html`: every point as latency against energy, area as colour, the Pareto
  /// front ringed and joined; hover shows a point's `--set` overrides.
  public static func explore(points: [PointResult], pareto: [PointResult], title: String) -> String {
    var page = HTML(
      title: title,
      subtitle:
        "\(points.count) design points · \(points.filter(\.feasible).count) feasible · \(pareto.count) on the Pareto front · tessera \(ToolVersion.current)"
    )
    page.section(
      "Pareto front",
      note:
        "Latency against energy (summed over the models); colour is area. Ringed: the Pareto front over the spec's objectives; the red staircase: the latency-energy front. Hover a point for its overrides.",
      scatter(points, front: Set(pareto.map(\.overrides))))
    let rows = pareto.sorted { ($0.latencyMs, $0.energyUJ) < ($1.latencyMs, $1.energyUJ) }.map { r in
      [
        cell(short(r.latencyMs), r.latencyMs), cell(short(r.energyUJ), r.energyUJ), cell(short(r.powerMW), r.powerMW),
        cell(short(r.areaMM2), r.areaMM2), cell(r.overrides.joined(separator: " ")),
      ]
    }
    page.section(
      "Front points",
      table(
        headers: ["latency ms", "energy µJ", "power mW", "area mm²", "overrides"], numeric: [0, 1, 2, 3], rows: rows))
    return page.render()
  }

  static func scatter(_ points: [PointResult], front: Set<[String]>) -> String {
    let feasible = points.filter { $0.feasible && $0.latencyMs > 0 && $0.energyUJ > 0 }
    let frame = PlotFrame(left: 78, top: 16, right: 760, bottom: 420)
    var svg = SVG(width: 880, height: 470)
    let (xLow, xHigh) = Scale.decades(feasible.map(\.latencyMs))
    let (yLow, yHigh) = Scale.decades(feasible.map(\.energyUJ))
    let x = Scale(xLow, xHigh, onto: frame.left, frame.right, logarithmic: true)
    let y = Scale(yLow, yHigh, onto: frame.bottom, frame.top, logarithmic: true)
    frame.drawAxes(&svg, x: x, y: y, xLabel: "latency (ms, all models)", yLabel: "energy (µJ, all models)")
    let areas = feasible.map(\.areaMM2)
    let (low, high) = (areas.min() ?? 0, areas.max() ?? 1)
    let colour = { (area: Double) in Palette.sequential(high > low ? (area - low) / (high - low) : 0.5) }
    func title(_ r: PointResult) -> String {
      "latency \(short(r.latencyMs)) ms · energy \(short(r.energyUJ)) µJ · area \(short(r.areaMM2)) mm² · power \(short(r.powerMW)) mW\n"
        + r.overrides.joined(separator: "\n")
    }
    let onFront = feasible.filter { front.contains($0.overrides) }
    // The staircase: the latency-energy front of the plotted points (the ringed front may
    // have more objectives, area among them).
    var step: [(Double, Double)] = []
    var lowest = Double.infinity
    for point in feasible.sorted(by: { ($0.latencyMs, $0.energyUJ) < ($1.latencyMs, $1.energyUJ) })
    where point.energyUJ < lowest {
      lowest = point.energyUJ
      if let last = step.last { step.append((x(point.latencyMs), last.1)) }
      step.append((x(point.latencyMs), y(point.energyUJ)))
    }
    if step.count > 1 { svg.polyline(step, stroke: "#d0463b", width: 1.5) }
    for point in feasible where !front.contains(point.overrides) {
      svg.circle(
        x: x(point.latencyMs), y: y(point.energyUJ), radius: 3.5, fill: colour(point.areaMM2), title: title(point))
    }
    for point in onFront {
      svg.circle(
        x: x(point.latencyMs), y: y(point.energyUJ), radius: 6, fill: colour(point.areaMM2), stroke: "#d0463b",
        title: "Pareto · " + title(point))
    }
    // The colour bar.
    for step in 0..<20 {
      let fraction = Double(step) / 19
      svg.rect(
        x: frame.right + 40, y: frame.bottom - 200 + Double(19 - step) * 10, width: 16, height: 10,
        fill: Palette.sequential(fraction), mark: false)
    }
    svg.text("area mm²", x: frame.right + 30, y: frame.bottom - 208, size: 12)
    svg.text(short(high), x: frame.right + 60, y: frame.bottom - 190, size: 11)
    svg.text(short(low), x: frame.right + 60, y: frame.bottom, size: 11)
    let infeasible = points.count - feasible.count
    return svg.render(plot: "pareto", label: "design points: latency against energy")
      + (infeasible > 0
        ? "<p class=\"note\">\(infeasible) infeasible point\(infeasible == 1 ? "" : "s") (a constraint broken or compilation failed) not drawn.</p>\n"
        : "")
  }
}
