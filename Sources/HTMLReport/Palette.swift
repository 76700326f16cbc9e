/// Colours: one per cost part (compute, each memory level, overhead) and for what bounds a
/// kernel; a sequential scale for a third dimension (area in the Pareto plot).
enum Palette {
  static let compute = "#3b7dd8"
  static let overhead = "#9a9a9a"
  static let better = "#2e9e5b"
  static let worse = "#d0463b"
  static let neutral = "#8c8c8c"
  private static let levels = ["#f28e2b", "#b07aa1", "#59a14f", "#edc948", "#76b7b2", "#ff9da7"]

  /// The colour of memory level `index` (outermost first).
  static func level(_ index: Int) -> String { levels[index % levels.count] }

  /// The colour of a kernel's bound (`compute`, `memory:LEVEL`, `memory:transfer`, `overhead`).
  static func bound(_ bound: String, levels names: [String]) -> String {
    if bound == "compute" { return compute }
    if bound == "overhead" { return overhead }
    if bound.hasPrefix("memory:"), let index = names.firstIndex(of: String(bound.dropFirst(7))) {
      return level(index)
    }
    return "#e15759"
  }

  /// `fraction` (0…1) on a blue-to-yellow scale (after viridis' end points).
  static func sequential(_ fraction: Double) -> String {
    let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
    let position = min(max(fraction.isFinite ? fraction : 0, 0), 1) * Double(stops.count - 1)
    let index = min(Int(position), stops.count - 2)
    let t = position - Double(index)
    let (a, b) = (stops[index], stops[index + 1])
    let channel = { (x: Double, y: Double) in Int((x + (y - x) * t).rounded()) }
    return "rgb(\(channel(a.0, b.0)),\(channel(a.1, b.1)),\(channel(a.2, b.2)))"
  }

  /// A legend line of coloured swatches.
  static func legend(_ items: [(String, String)]) -> String {
    "<div class=\"legend\">"
      + items.map { "<span><i style=\"background:\($0.1)\"></i>\(HTML.escape($0.0))</span>" }.joined() + "</div>\n"
  }
}
