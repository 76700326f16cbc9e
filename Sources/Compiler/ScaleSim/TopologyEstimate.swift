import CostModel
import Foundation
import HardwareModel

/// `tessera estimate --topology --config`: per-layer cycles in SCALE-Sim's report format.
public struct TopologyEstimate: Codable, Sendable {
  public struct Row: Codable, Sendable, Equatable {
    public var layerID: Int
    public var name: String
    /// Our estimate of SCALE-Sim's `Total Cycles (incl. prefetch)`: compute cycles plus the
    /// prefetch of the first SRAM half-buffer before cycle 0 (SCALE-Sim also counts the final
    /// output drain, which this omits).
    public var totalCyclesInclPrefetch: Int
    public var totalCycles: Int
    public var stallCycles: Int
    public var overallUtilPercent: Double
    public var mappingEfficiencyPercent: Double
    public var computeUtilPercent: Double
    public var macs: Int
    public var m: Int
    public var n: Int
    public var k: Int
    public var folds: Int
    public var cyclesPerFold: Int
    public var bound: String
  }

  public var config: String
  public var array: SystolicArray
  public var rows: [Row]

  public var totalCycles: Int { rows.reduce(0) { $0 + $1.totalCycles } }

  /// SCALE-Sim's prefetch runs at a fixed 10 words/cycle in CALC mode (a constant of its code).
  static let calcPrefetchWordsPerCycle = 10.0

  public init(topology: ScaleSimTopology, config: ScaleSimConfig) {
    self.config = config.runName
    array = config.array
    let prefetchRate =
      config.interfaceBandwidth == .calculated ? Self.calcPrefetchWordsPerCycle : config.array.dramWordsPerCycle
    rows = topology.layers.enumerated().map { index, layer in
      let fold = SystolicFold(layer.gemm, on: config.array)
      let g = layer.gemm
      // First working set: the larger operand, up to the active half of its SRAM (1-byte words).
      let ifmapWords = min(g.m * g.k, config.array.ifmapSRAMBytes / 2)
      let filterWords = min(g.k * g.n, config.array.filterSRAMBytes / 2)
      let prefetch = Int((Double(max(ifmapWords, filterWords)) / prefetchRate).rounded(.up))
      // USER bandwidth: every distinct word of each operand crosses its DRAM interface
      // (Bandwidth words/cycle per operand) at least once, less what the SRAM prefetched before
      // cycle 0, so compute cannot finish before the largest such transfer does: a lower bound
      // on SCALE-Sim's stalls.
      var stalls = 0
      if config.interfaceBandwidth == .user {
        let a = config.array
        let words =
          [
            layer.ifmapWords - a.ifmapSRAMBytes, g.k * g.n - a.filterSRAMBytes, g.m * g.n - a.ofmapSRAMBytes,
          ].max() ?? 0
        stalls = max(0, Int((Double(words) / a.dramWordsPerCycle).rounded(.up)) - fold.computeCycles)
      }
      return Row(
        layerID: index, name: layer.name, totalCyclesInclPrefetch: fold.computeCycles + stalls + prefetch,
        totalCycles: fold.computeCycles + stalls, stallCycles: stalls,
        overallUtilPercent: fold.overallUtilization * 100,
        mappingEfficiencyPercent: fold.mappingEfficiency * 100, computeUtilPercent: fold.computeUtilization * 100,
        macs: g.macs, m: g.m, n: g.n, k: g.k, folds: fold.folds, cyclesPerFold: fold.cyclesPerFold,
        bound: stalls > 0 ? "memory" : "compute")
    }
  }

  /// SCALE-Sim's COMPUTE_REPORT columns first (diffable against its file), then ours.
  public func renderCSV() -> String {
    var out =
      "LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, "
      + "Compute Util %, Layer Name, MACs, M, N, K, Folds, Cycles per Fold, Bound,\n"
    for r in rows {
      let cells: [String] = [
        "\(r.layerID)", "\(r.totalCyclesInclPrefetch)", "\(r.totalCycles)", "\(r.stallCycles)",
        "\(r.overallUtilPercent)",
        "\(r.mappingEfficiencyPercent)", "\(r.computeUtilPercent)", r.name, "\(r.macs)", "\(r.m)", "\(r.n)", "\(r.k)",
        "\(r.folds)", "\(r.cyclesPerFold)", r.bound,
      ]
      out += cells.joined(separator: ", ") + ",\n"
    }
    return out
  }

  public func renderText() -> String {
    let a = array
    let out = "array \(a.rows)×\(a.cols) \(a.dataflow.rawValue) · \(rows.count) layers\n\n"
    var table = TextTable(
      headers: ["layer", "GEMM M×N×K", "MACs", "folds", "cycles", "util %", "bound"], rightAligned: [2, 3, 4, 5])
    for r in rows {
      table.add([
        r.name, "\(r.m)×\(r.n)×\(r.k)", InspectReport.grouped(r.macs), InspectReport.grouped(r.folds),
        InspectReport.grouped(r.totalCycles), String(format: "%.1f", r.overallUtilPercent), r.bound,
      ])
    }
    table.add([
      "total", "", InspectReport.grouped(rows.reduce(0) { $0 + $1.macs }), "", InspectReport.grouped(totalCycles), "",
      "",
    ])
    return out + table.render()
  }
}

extension TopologyEstimate {
  /// Reads and prices a SCALE-Sim topology CSV with a SCALE-Sim `.cfg` file.
  public init(topologyFile: String, configFile: String) throws(CompileError) {
    let topology: ScaleSimTopology
    let config: ScaleSimConfig
    do { topology = try ScaleSimTopology.parse(try Self.text(topologyFile), file: topologyFile) } catch {
      throw error as? CompileError ?? CompileError("\(error)")
    }
    do { config = try ScaleSimConfig.parse(try Self.text(configFile), file: configFile) } catch {
      throw error as? CompileError ?? CompileError("\(error)")
    }
    self.init(topology: topology, config: config)
  }

  private static func text(_ path: String) throws(CompileError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CompileError("\(path): cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw CompileError("\(path): not UTF-8 text") }
    return text
  }
}
