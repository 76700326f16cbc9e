import Foundation

/// Maps a data interval onto a pixel interval, linearly or by log10.
struct Scale {
  let low: Double
  let high: Double
  let from: Double
  let to: Double
  let logarithmic: Bool

  /// `low...high` onto `from...to`; a log scale needs positive bounds (clamped to 1e-12).
  init(_ low: Double, _ high: Double, onto from: Double, _ to: Double, logarithmic: Bool = false) {
    // Finite bounds (a saved report may hold anything); a log scale's are positive.
    var (low, high) = (Self.finite(low), Self.finite(high))
    if logarithmic { (low, high) = (min(max(low, 1e-12), 1e300), min(max(high, 1e-12), 1e300)) }
    if !(high > low) { high = logarithmic ? low * 10 : low + 1 }
    (self.low, self.high, self.from, self.to, self.logarithmic) = (low, high, from, to, logarithmic)
  }

  private static func finite(_ value: Double) -> Double {
    value.isNaN ? 0 : min(max(value, -1e300), 1e300)
  }

  func callAsFunction(_ value: Double) -> Double {
    let fraction =
      logarithmic
      ? (log10(max(value, 1e-12)) - log10(low)) / (log10(high) - log10(low)) : (value - low) / (high - low)
    return from + (to - from) * min(max(fraction, -0.05), 1.05)
  }

  /// Tick values: powers of ten on a log scale, else about `count` round steps (1, 2, 5 × 10^n).
  func ticks(_ count: Int = 5) -> [Double] {
    if logarithmic {
      let first = Int(floor(log10(low)))
      let last = Int(ceil(log10(high)))
      let powers = (first...last).map { pow(10, Double($0)) }.filter { $0 >= low * 0.999 && $0 <= high * 1.001 }
      if powers.count >= 3 { return stride(from: 0, to: powers.count, by: max(1, powers.count / 8)).map { powers[$0] } }
      // A narrow range: 1, 2 and 5 times the powers of ten, else round linear steps.
      var steps: [Double] = []
      for power in first...last {
        for factor in [1.0, 2, 5] {
          let value = factor * pow(10, Double(power))
          if value >= low * 0.999 && value <= high * 1.001 { steps.append(value) }
        }
      }
      if steps.count >= 3 { return steps }
      return Scale(low, high, onto: from, to).ticks(4)
    }
    let raw = (high - low) / Double(max(count, 1))
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
    var values: [Double] = []
    var value = ceil(low / step) * step
    while value <= high + step * 1e-9 && values.count < 50 {
      values.append(value)
      value += step
    }
    return values
  }

  /// A log scale's bounds around the data: whole decades when it spans two or more, else
  /// the data widened by a fifth of its range on each side.
  static func decades(_ values: [Double]) -> (Double, Double) {
    let positive = values.filter { $0 > 0 && $0 < 1e300 }
    guard let low = positive.min(), let high = positive.max() else { return (1, 10) }
    if high / low >= 100 { return (pow(10, floor(log10(low))), pow(10, ceil(log10(high) + 1e-9))) }
    let margin = pow(high / low, 0.2) * 1.02
    return (low / margin, high * margin)
  }
}

/// Axes and grid lines of a plot area.
struct PlotFrame {
  let left: Double
  let top: Double
  let right: Double
  let bottom: Double

  func drawAxes(_ svg: inout SVG, x: Scale, y: Scale, xLabel: String, yLabel: String) {
    for tick in y.ticks() {
      svg.line(x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: "#e3e3e3")
      svg.text(short(tick), x: left - 6, y: y(tick) + 4, anchor: .end, size: 11)
    }
    for tick in x.ticks() {
      svg.line(x1: x(tick), y1: top, x2: x(tick), y2: bottom, stroke: "#eeeeee")
      svg.text(short(tick), x: x(tick), y: bottom + 16, anchor: .middle, size: 11)
    }
    svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#888")
    svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#888")
    svg.text(xLabel, x: (left + right) / 2, y: bottom + 34, anchor: .middle, size: 12)
    svg.text(yLabel, x: 14, y: (top + bottom) / 2, anchor: .middle, size: 12, rotated: true)
  }
}
