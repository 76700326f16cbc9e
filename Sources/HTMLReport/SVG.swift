import Compiler
import Foundation
import GraphIR

/// An SVG picture built element by element. Coordinates print with two decimals and text is
/// escaped, so the same data gives the same bytes. Every data mark has class `mark` (the
/// browser check counts them) and a `<title>` child: the browser's own hover tooltip.
struct SVG {
  let width: Double
  let height: Double
  private(set) var body = ""

  init(width: Double, height: Double) {
    (self.width, self.height) = (width, height)
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil, mark: Bool = true,
    opacity: Double? = nil
  ) {
    let extra = opacity.map { " fill-opacity=\"\(number($0))\"" } ?? ""
    element(
      "rect",
      "x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(width, 0)))\" height=\"\(number(max(height, 0)))\" fill=\"\(fill)\"\(extra)",
      mark: mark, title: title)
  }

  mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, title: String?) {
    let outline = stroke.map { " stroke=\"\($0)\" stroke-width=\"1.5\"" } ?? ""
    element(
      "circle", "cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(radius))\" fill=\"\(fill)\"\(outline)",
      mark: true,
      title: title)
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: Bool = false
  ) {
    body +=
      "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\""
      + (dash ? " stroke-dasharray=\"4 3\"" : "") + "/>\n"
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, title: String? = nil) {
    let list = points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
    element(
      "polyline", "points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\"",
      mark: false, title: title)
  }

  enum Anchor: String { case start, middle, end }

  mutating func text(
    _ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12, bold: Bool = false,
    rotated: Bool = false, fill: String = "#222"
  ) {
    let rotation = rotated ? " transform=\"rotate(-90 \(number(x)) \(number(y)))\"" : ""
    body +=
      "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(number(size))\" fill=\"\(fill)\""
      + (bold ? " font-weight=\"bold\"" : "") + rotation + ">\(HTML.escape(text))</text>\n"
  }

  private mutating func element(_ name: String, _ attributes: String, mark: Bool, title: String?) {
    let cls = mark ? " class=\"mark\"" : ""
    if let title {
      body += "<\(name)\(cls) \(attributes)><title>\(HTML.escape(title))</title></\(name)>\n"
    } else {
      body += "<\(name)\(cls) \(attributes)/>\n"
    }
  }

  /// The picture, `plot` naming it for the browser check; drawn at its own size (a narrow
  /// screen scrolls it instead of shrinking the text).
  func render(plot: String, label: String) -> String {
    "<div class=\"plot\"><svg data-plot=\"\(plot)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">\n"
      + body + "</svg></div>\n"
  }
}

/// Two decimals, trailing zeros dropped ("12", "3.5", "0.25"): short, fixed, locale-free.
func number(_ value: Double) -> String {
  guard value.isFinite else { return "0" }
  var text = String(format: "%.2f", value)
  while text.hasSuffix("0") { text.removeLast() }
  if text.hasSuffix(".") { text.removeLast() }
  return text == "-0" ? "0" : text
}

/// A figure for labels: 3 significant digits with k/M/G/T ("1.23M", "950", "0.012").
func short(_ value: Double) -> String {
  let magnitude = abs(value)
  for (limit, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= limit {
    return significant(value / limit) + suffix
  }
  return significant(value)
}

private func significant(_ value: Double) -> String {
  guard value.isFinite, value != 0 else { return "0" }
  let digits = max(0, 2 - Int(floor(log10(abs(value)))))
  return String(format: "%.\(min(digits, 6))f", value)
}

/// An integer with thousands separators ("1,234,567"), as the text reports print it.
func grouped(_ value: Double) -> String {
  guard value.isFinite, abs(value) < 9e18 else { return short(value) }
  return InspectReport.grouped(saturatingInt(value))
}
