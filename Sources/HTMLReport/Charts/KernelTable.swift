import Compiler

/// Per-kernel rows, sortable: the figures and a stacked bar of where the kernel's cycles go
/// (compute, each memory level's transfer cycles, overhead; parts overlap in time, so the
/// bar can pass the tick at the kernel's latency) with its bound's colour as a chip.
enum KernelTable {
  /// Kernels beyond this many get no inline bar (a page of 100,000 kernels stays tens of MB).
  static let barLimit = 2_000

  static func render(_ report: CompileReport) -> String {
    let levels = report.roofline?.memory.map(\.level) ?? levelNames(report.kernels)
    let parts = report.kernels.map { kernel -> [(String, Double, String)] in
      [("compute", kernel.computeCycles, Palette.compute)]
        + kernel.memory.map { traffic in
          (traffic.level, traffic.cycles, Palette.level(levels.firstIndex(of: traffic.level) ?? levels.count))
        } + [("overhead", kernel.overheadCycles, Palette.overhead)]
    }
    let widest = zip(report.kernels, parts).map { max($0.cycles, $1.reduce(0) { $0 + $1.1 }) }.max() ?? 1
    let simulated = report.simulation
    var headers = ["#", "kernel", "unit", "bound", "cycles"]
    if simulated != nil { headers.append("sim cycles") }
    headers += ["util %", "DRAM bytes", "energy µJ", "where the cycles go", "ops"]
    let numeric: Set<Int> = Set([0, 4, 5, 6, 7] + (simulated != nil ? [8] : []))
    var rows: [[(text: String, value: Double?)]] = []
    for (index, kernel) in report.kernels.enumerated() {
      let chip = "<i class=\"chip\" style=\"background:\(Palette.bound(kernel.bound, levels: levels))\"></i>"
      var row: [(text: String, value: Double?)] = [
        HTML.cell(String(index), Double(index)), HTML.cell(kernel.name), HTML.cell(kernel.unit),
        (chip + HTML.escape(kernel.bound), nil), HTML.cell(grouped(kernel.cycles), kernel.cycles),
      ]
      if let simulated {
        let cycles = simulated.cycles(ofKernel: index) ?? 0
        row.append(HTML.cell(grouped(cycles), cycles))
      }
      row += [
        HTML.cell(String(format: "%.1f", kernel.utilization * 100), kernel.utilization),
        HTML.cell(grouped(Double(kernel.dramBytes)), Double(kernel.dramBytes)),
        HTML.cell(short(kernel.energyUJ), kernel.energyUJ),
        (index < barLimit ? bar(parts[index], cycles: kernel.cycles, widest: widest, name: kernel.name) : "", nil),
        HTML.cell(CompileReport.workingOps(kernel.ops)),
      ]
      rows.append(row)
    }
    let legend =
      [("compute", Palette.compute)] + levels.enumerated().map { ($1, Palette.level($0)) } + [
        ("overhead", Palette.overhead)
      ]
    return Palette.legend(legend)
      + "<p class=\"note\">Bars: each part's cycles on one scale; parts overlap in time, the black tick is the kernel's latency; the chip is the bound's colour. Click a header to sort."
      + (report.kernels.count > barLimit ? " Kernels after the first \(grouped(Double(barLimit))) have no bar." : "")
      + "</p>\n"
      + HTML.table(headers: headers, numeric: numeric, rows: rows)
  }

  static func levelNames(_ kernels: [EstimateReport.KernelRow]) -> [String] {
    var names: [String] = []
    for kernel in kernels {
      for traffic in kernel.memory where !names.contains(traffic.level) { names.append(traffic.level) }
    }
    return names
  }

  /// One kernel's inline stacked bar (320 px for the widest kernel).
  static func bar(_ parts: [(String, Double, String)], cycles: Double, widest: Double, name: String) -> String {
    let width = 320.0
    let scale = Scale(0, widest, onto: 0, width)
    var svg = SVG(width: width + 4, height: 14)
    var x = 0.0
    for (label, value, color) in parts where value > 0 {
      let w = scale(value)
      svg.rect(x: x, y: 2, width: w, height: 10, fill: color, title: "\(name) · \(label): \(grouped(value)) cycles")
      x += w
    }
    svg.rect(x: min(scale(cycles), width + 2), y: 0, width: 2, height: 14, fill: "#000", mark: false)
    return svg.render(plot: "kernel-bar", label: "\(name): cycles by part")
  }
}
