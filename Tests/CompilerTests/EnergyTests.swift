import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import Testing

/// Issue 18: energy and area in every report, from the target's `energy:` and `area:`
/// sections (or the documented defaults), scaled by node.
struct EnergyTests {
  /// Every built-in target prices every kernel of a sample: the breakdown adds up to the
  /// kernel's energy, the totals to the kernels', and nothing is negative or NaN.
  @Test(arguments: BuiltinTargets.names)
  func breakdownsAddUp(_ target: String) throws {
    let report = try EstimateReport(
      graph: try EstimateTests.graph("resnet18"), accelerator: try BuiltinTargets.load(target))
    for kernel in report.kernels {
      let parts = kernel.energyBreakdownUJ.values.reduce(0, +)
      #expect(abs(parts - kernel.energyUJ) <= 1e-9 * max(kernel.energyUJ, 1), "\(target) \(kernel.name)")
      #expect(kernel.energyBreakdownUJ.values.allSatisfy { $0 >= 0 && $0.isFinite })
    }
    #expect(report.energyUJ > 0 && report.energyUJ.isFinite)
    #expect(abs(report.energyUJ - report.kernels.map(\.energyUJ).reduce(0, +)) <= 1e-9 * report.energyUJ)
    #expect(report.averagePowerMW > 0 && report.areaMM2 >= 0)
  }

  /// C·V² and L²: the documented rule, and a target quoted at 45 nm costs less at 22 nm.
  @Test func scalingFollowsTheNode() throws {
    #expect(abs(Technology.energyScale(from: 45, to: 65) - 65.0 / 45 * (1.0 / 0.9) * (1.0 / 0.9)) < 1e-12)
    #expect(Technology.areaScale(from: 45, to: 22.5) == 0.25)
    let at45 = try BuiltinTargets.load("systolic")
    let at22 = try BuiltinTargets.load("systolic", overrides: ["technology_nm=22"])
    let graph = try EstimateTests.graph("lenet5")
    let e45 = try EstimateReport(graph: graph, accelerator: at45)
    let e22 = try EstimateReport(graph: graph, accelerator: at22)
    #expect(e22.energyUJ < e45.energyUJ)
    #expect(abs(e22.areaMM2 / e45.areaMM2 - 22.0 * 22 / (45 * 45)) < 1e-9)
  }

  /// More MACs and a bigger buffer cost area; the SRAM curve is the documented fit.
  @Test func areaGrowsWithTheArrayAndTheBuffer() throws {
    let base = try BuiltinTargets.load("gemmini").areaBreakdown.totalMM2
    let wider = try BuiltinTargets.load("gemmini", overrides: ["compute.mesh.rows=32", "compute.mesh.cols=32"])
    let bigger = try BuiltinTargets.load("gemmini", overrides: ["memory.scratchpad.size_bytes=524288"])
    #expect(wider.areaBreakdown.totalMM2 > base && bigger.areaBreakdown.totalMM2 > base)
    #expect(abs(AreaDefaults.sramMM2PerKiB * pow(1024, AreaDefaults.sramExponent) - 4.2) < 0.1)
  }

  @Test(arguments: [
    (
      "energy:\n  levels:\n    nowhere: {read_pj_per_byte: 1, write_pj_per_byte: 1}\n",
      "energy.levels.nowhere: unknown key (allowed: dram, scratchpad, accumulator)"
    ),
    ("energy:\n  mac_pj: {int8: -1}\n", "energy.mac_pj.int8: must be greater than 0"),
    ("technology_nm: 5000\n", "technology_nm: must be a process node in 1...1000 nm"),
    ("area:\n  sram_exponent: 3\n", "area.sram_exponent: must be at most 2"),
  ])
  func badSectionsAreNamed(_ section: String, _ mention: String) throws {
    let gemmini = try #require(BuiltinTargets.yaml(named: "gemmini"))
    let text = gemmini.replacingOccurrences(of: "\ntechnology_nm:", with: "\n# technology_nm:") + "\n" + section
    #expect(performing: { try AcceleratorLoader.load(text, file: "t.yaml") }, throws: { "\($0)".contains(mention) })
  }

  /// The writer prints the sections back; loading the result gives the same target.
  @Test func sectionsRoundTrip() throws {
    let eyeriss = try BuiltinTargets.load("eyeriss")
    #expect(!eyeriss.energy.isEmpty && eyeriss.technologyNm == 65)
    let again = try AcceleratorLoader.load(AcceleratorWriter.yaml(eyeriss), file: "t.yaml")
    #expect(again.energy == eyeriss.energy && again.area == eyeriss.area && again.technologyNm == 65)
  }

  /// `--objective`: minimizing energy gives no more energy than minimizing latency, and
  /// minimizing latency no more cycles than minimizing energy (ResNet-18 on gemmini).
  @Test func theObjectiveSteersTheChoices() throws {
    let graph = try EstimateTests.graph("resnet18")
    let gemmini = try BuiltinTargets.load("gemmini")
    func compile(_ objective: Objective) throws -> CompileReport {
      var options = CompileOptions()
      options.objective = objective
      options.recordWallTime = false
      return try Compilation.compile(graph, for: gemmini, options: options).report
    }
    let fast = try compile(.latency)
    let frugal = try compile(.energy)
    #expect(frugal.energyUJ <= fast.energyUJ)
    #expect(fast.totalCycles <= frugal.totalCycles)
    #expect(frugal.energyUJ < fast.energyUJ || frugal.totalCycles == fast.totalCycles)
  }
}
