import Foundation
import GraphIR
import HardwareModel
import Simulator
import TesseraTestSupport

/// SCALE-Sim v3's USER-bandwidth runs in `testdata/scalesim/`, rebuilt layer by
/// layer as Tessera kernels on the `systolic` target configured as the SCALE-Sim config says,
/// and simulated (issue 8 item 6(b)).
enum ScaleSimReference {
  /// (topology, config, input type) of the runs with `InterfaceBandwidth: USER`.
  static let runs = [
    ("gemm_small", "ws16_bw4", "gemm"), ("gemm_small", "os32_bw2", "gemm"), ("alexnet", "ws128_bw8", "conv"),
  ]

  /// One layer as SCALE-Sim describes it (a GEMM row is the 1×K conv SCALE-Sim loads it as).
  struct Layer {
    var name: String
    var height: Int
    var width: Int
    var filterHeight: Int
    var filterWidth: Int
    var channels: Int
    var filters: Int
    var stride: Int
    var isGEMM: Bool

    /// SCALE-Sim's output size: ceil((H − Fh) / S) + 1 (no padding).
    var outputHeight: Int { (height - filterHeight + stride - 1) / stride + 1 }
    var outputWidth: Int { (width - filterWidth + stride - 1) / stride + 1 }
  }

  /// SCALE-Sim's COMPUTE_REPORT row of one layer, with the DRAM words its
  /// DETAILED_ACCESS_REPORT counts.
  struct Reported {
    var totalInclPrefetch: Double
    var total: Double
    var stalls: Double
    var ifmapReads = 0.0
    var filterReads = 0.0
    var ofmapWrites = 0.0

    /// SCALE-Sim's own traffic over its interfaces: ifmap and filter reads at 10 words per
    /// cycle each, ofmap writes at `Bandwidth`; the slowest interface bounds the layer.
    func trafficBound(bandwidth: Double) -> Double {
      max(ifmapReads / 10, filterReads / 10, ofmapWrites / bandwidth)
    }
  }

  struct Row {
    var run: String
    var bandwidth: Double
    var layer: String
    var reported: Reported
    var computeCycles: Double
    var simulatedCycles: Double
    var dramBytes: Int
    var simulatedStalls: Double { simulatedCycles - computeCycles }
    var totalError: Double { (simulatedCycles - reported.total) / reported.total }
    var stallError: Double { (simulatedStalls - reported.stalls) / max(reported.stalls, 1) }
  }

  static var folder: URL { TestData.url("scalesim") }

  static func fields(_ line: Substring) -> [String] {
    line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
  }

  static func layers(_ topology: String, gemm: Bool) throws -> [Layer] {
    let text = try String(contentsOf: folder.appendingPathComponent("topologies/\(topology).csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().compactMap { line in
      let f = fields(line)
      if gemm {
        guard f.count >= 4, let m = Int(f[1]), let n = Int(f[2]), let k = Int(f[3]) else { return nil }
        return Layer(
          name: f[0], height: m, width: k, filterHeight: 1, filterWidth: k, channels: 1, filters: n, stride: 1,
          isGEMM: true)
      }
      let numbers = f.dropFirst().prefix(7).compactMap { Int($0) }
      guard numbers.count == 7 else { return nil }
      return Layer(
        name: f[0], height: numbers[0], width: numbers[1], filterHeight: numbers[2], filterWidth: numbers[3],
        channels: numbers[4], filters: numbers[5], stride: numbers[6], isGEMM: false)
    }
  }

  static func reported(_ run: String) throws -> [Reported] {
    func numbers(_ report: String) throws -> [[Double]] {
      let text = try String(
        contentsOf: folder.appendingPathComponent("results/\(run)/\(report).csv"), encoding: .utf8)
      return text.split(separator: "\n").dropFirst().map { fields($0).compactMap { Double($0) } }
    }
    let access = try numbers("DETAILED_ACCESS_REPORT")
    return try numbers("COMPUTE_REPORT").enumerated().compactMap { index, row in
      guard row.count >= 4 else { return nil }
      var reported = Reported(totalInclPrefetch: row[1], total: row[2], stalls: row[3])
      if index < access.count, access[index].count >= 19 {
        // DRAM IFMAP Reads, DRAM Filter Reads, DRAM OFMAP Writes (columns 13, 16, 19).
        (reported.ifmapReads, reported.filterReads, reported.ofmapWrites) =
          (access[index][12], access[index][15], access[index][18])
      }
      return reported
    }
  }

  /// The `systolic` target as the SCALE-Sim config describes it: array size and dataflow,
  /// the three SRAM sizes, and `Bandwidth` words per cycle (1-byte words) for DRAM reads and,
  /// separately, writes (SCALE-Sim's ofmap write buffer has its own interface).
  ///
  /// `readWordsPerCycle` replaces the read rate: SCALE-Sim 3.0.0's reports show its ifmap
  /// and filter DRAM reads running at 10 words per cycle in every USER run (Avg IFMAP/FILTER
  /// DRAM BW ≈ 10.0 whatever `Bandwidth` is, the `[layout]` bank bandwidth of these configs)
  /// and only the ofmap writes at `Bandwidth` (Avg OFMAP DRAM BW = 2.0 with Bandwidth 2).
  static func accelerator(_ config: ScaleSimConfig, readWordsPerCycle: Double? = nil) throws -> Accelerator {
    let a = config.array
    var accelerator = try BuiltinTargets.load(
      "systolic",
      overrides: [
        "compute.array.rows=\(a.rows)", "compute.array.cols=\(a.cols)",
        "memory.ifmap_sram.size_bytes=\(a.ifmapSRAMBytes)",
        "memory.filter_sram.size_bytes=\(a.filterSRAMBytes)", "memory.ofmap_sram.size_bytes=\(a.ofmapSRAMBytes)",
        "memory.dram.bandwidth_bytes_per_cycle=\(a.dramWordsPerCycle)",
      ])
    accelerator.memoryLevels[0].sharedBandwidth = false
    if let readWordsPerCycle { accelerator.memoryLevels[0].readBytesPerCycle = readWordsPerCycle }
    // `--set compute.array.dataflows=[ws]` sets a string, not a list: set the dataflow here.
    for (index, unit) in accelerator.computeUnits.enumerated() {
      if case .systolic(var array) = unit.kind {
        array.dataflows = [a.dataflow]
        accelerator.computeUnits[index].kind = .systolic(array)
      }
    }
    return accelerator
  }

  /// The layer as a one-node graph of 1-byte elements (SCALE-Sim's word): a matMul for a
  /// GEMM row, else an unpadded conv whose input is cut so that the usual floor formula
  /// gives SCALE-Sim's ceil output size.
  static func graph(_ layer: Layer) throws -> Graph {
    if layer.isGEMM {
      let (m, n, k) = (layer.height, layer.filters, layer.width)
      return try GraphParser.parse(
        """
        graph "\(layer.name)" {
          input %a: i8[\(m),\(k)]
          const %b: i8[\(k),\(n)] = splat 0x01
          node "gemm" = matMul(%a, %b) -> (%y: i8[\(m),\(n)])
          output %y
        }
        """)
    }
    let (eh, ew, s) = (layer.outputHeight, layer.outputWidth, layer.stride)
    let h = (eh - 1) * s + layer.filterHeight
    let w = (ew - 1) * s + layer.filterWidth
    return try GraphParser.parse(
      """
      graph "\(layer.name)" {
        input %x: i8[1,\(layer.channels),\(h),\(w)]
        const %w: i8[\(layer.filters),\(layer.channels),\(layer.filterHeight),\(layer.filterWidth)] = splat 0x01
        node "conv" = conv(%x, %w) -> (%y: i8[1,\(layer.filters),\(eh),\(ew)]) {"dilations":[1,1],"group":1,"kernelShape":[\(layer.filterHeight),\(layer.filterWidth)],"pads":[0,0,0,0],"strides":[\(s),\(s)]}
        output %y
      }
      """)
  }

  /// Every layer of one run: SCALE-Sim's numbers beside the simulator's.
  static func rows(topology: String, config configName: String, type: String, readWordsPerCycle: Double? = nil)
    throws -> [Row]
  {
    let configURL = folder.appendingPathComponent("configs/\(configName).cfg")
    let config = try ScaleSimConfig.parse(String(contentsOf: configURL, encoding: .utf8), file: configURL.path)
    let accelerator = try accelerator(config, readWordsPerCycle: readWordsPerCycle)
    let run = "\(topology)__\(configName)"
    let reported = try reported(run)
    let layers = try layers(topology, gemm: type == "gemm")
    var rows: [Row] = []
    for (layer, reference) in zip(layers, reported) {
      let compiled = try SimValidation.compile(try graph(layer), for: accelerator, pipeline: "canonicalize,layout,tile")
      let result = try Simulator.simulate(compiled.stream, on: accelerator)
      rows.append(
        Row(
          run: run, bandwidth: config.array.dramWordsPerCycle, layer: layer.name, reported: reference,
          computeCycles: compiled.costs.reduce(0) { $0 + $1.computeCycles }, simulatedCycles: result.totalCycles,
          dramBytes: result.dramBytes))
    }
    return rows
  }
}
