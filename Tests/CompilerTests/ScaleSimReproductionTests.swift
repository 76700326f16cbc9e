import Compiler
import Foundation
import HardwareModel
import Testing

/// The systolic fold model against SCALE-Sim v3's own reports in testdata/scalesim.
struct ScaleSimReproductionTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../testdata/scalesim").standardized

  struct Run: Decodable, Sendable, CustomTestStringConvertible {
    var topology: String
    var config: String
    var report: String
    var testDescription: String { report }
  }

  /// SCALE-Sim's COMPUTE_REPORT rows: LayerID → numeric columns.
  static func report(_ path: String) throws -> [Int: [Double]] {
    let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    var rows: [Int: [Double]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let cells = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
      if let id = cells.first, !id.isNaN { rows[Int(id)] = Array(cells.dropFirst()) }
    }
    return rows
  }

  static func estimate(_ topology: String, _ config: String) throws -> TopologyEstimate {
    let t = try String(contentsOf: root.appendingPathComponent(topology), encoding: .utf8)
    let c = try String(contentsOf: root.appendingPathComponent(config), encoding: .utf8)
    return TopologyEstimate(
      topology: try ScaleSimTopology.parse(t, file: topology), config: try ScaleSimConfig.parse(c, file: config))
  }

  static var calcRuns: [Run] {
    let runs =
      (try? JSONDecoder().decode([Run].self, from: Data(contentsOf: root.appendingPathComponent("runs.json")))) ?? []
    return runs.filter { !$0.config.contains("_bw") } + [
      Run(
        topology: "topologies/vgg16.csv", config: "configs/ws128.cfg",
        report: "results/vgg16__ws128.partial/COMPUTE_REPORT.csv")
    ]
  }

  @Test func everyCalcRunIsListed() {
    #expect(Self.calcRuns.count == 11)
  }

  @Test(arguments: calcRuns)
  func totalCyclesMatchSCALESimExactly(_ run: Run) throws {
    let reference = try Self.report(run.report)
    let ours = try Self.estimate(run.topology, run.config)
    #expect(!reference.isEmpty)
    for (id, columns) in reference.sorted(by: { $0.key < $1.key }) {
      let row = try #require(ours.rows.first { $0.layerID == id })
      #expect(Double(row.totalCycles) == columns[1], "layer \(id) \(row.name)")
      #expect(Double(row.stallCycles) == columns[2])
      #expect(abs(row.overallUtilPercent - columns[3]) < 1e-9, "layer \(id) overall util")
      #expect(abs(row.mappingEfficiencyPercent - columns[4]) < 1e-9, "layer \(id) mapping efficiency")
      #expect(abs(row.computeUtilPercent - columns[5]) < 1e-9, "layer \(id) compute util")
    }
  }

  /// With USER bandwidth SCALE-Sim adds memory stalls; the stall-free fold model is a lower bound.
  @Test(arguments: ["gemm_small__ws16_bw4", "gemm_small__os32_bw2", "alexnet__ws128_bw8"])
  func userBandwidthRunsAreBoundedFromBelow(_ name: String) throws {
    let parts = name.split(separator: "__").map(String.init)
    let ours = try Self.estimate("topologies/\(parts[0]).csv", "configs/\(parts[1]).cfg")
    let reference = try Self.report("results/\(name)/COMPUTE_REPORT.csv")
    for row in ours.rows {
      let columns = try #require(reference[row.layerID])
      #expect(Double(row.totalCycles) <= columns[1], "layer \(row.layerID): a lower bound")
      #expect(Double(row.totalCycles - row.stallCycles) == columns[1] - columns[2], "compute part = total − stalls")
    }
  }
}
