import Foundation
import Testing

/// Issue 8 item 6(b): the simulator against SCALE-Sim v3's `Total Cycles` and `Stall Cycles`
/// of the USER-bandwidth runs, per layer (docs/validation-scalesim.md explains the gaps).
///
/// What must agree does: the stall-free compute (SCALE-Sim's folds × per-fold cycles) is the
/// same to the cycle, and SCALE-Sim's totals are its own DRAM traffic over its interfaces'
/// rates. The totals differ because the two move very different amounts of data (SCALE-Sim
/// re-fetches operands and writes partial sums per fold; Tessera's tiles reuse them), so the
/// measured errors are pinned: a change to the engine or the command streams that moves a
/// layer by more than two points of SCALE-Sim's figure shows up here.
struct ScaleSimValidationTests {

  struct Run: CustomTestStringConvertible, Sendable {
    var topology: String
    var config: String
    var type: String
    var testDescription: String { "\(topology) × \(config)" }
  }

  static let runs = ScaleSimReference.runs.map { Run(topology: $0.0, config: $0.1, type: $0.2) }

  /// Measured total-cycle errors (simulated − SCALE-Sim) / SCALE-Sim, per layer: reads and
  /// writes at `Bandwidth` as the config says, and reads at the 10 words/cycle SCALE-Sim's
  /// reports show.
  static let pinned: [String: (literal: Double, observed: Double)] = [
    "gemm_small__ws16_bw4/Test 1": (-0.675, -0.696),
    "gemm_small__ws16_bw4/L0": (-0.602, -0.664),
    "gemm_small__ws16_bw4/L1": (-0.654, -0.663),
    "gemm_small__ws16_bw4/L2": (-0.555, -0.665),
    "gemm_small__os32_bw2/Test 1": (0.031, -0.626),
    "gemm_small__os32_bw2/L0": (1.805, -0.412),
    "gemm_small__os32_bw2/L1": (0.372, 0.334),
    "gemm_small__os32_bw2/L2": (0.981, -0.592),
    "alexnet__ws128_bw8/Conv1": (-0.441, -0.483),
    "alexnet__ws128_bw8/Conv2": (-0.934, -0.945),
    "alexnet__ws128_bw8/Conv3": (-0.952, -0.961),
    "alexnet__ws128_bw8/Conv4": (-0.984, -0.987),
    "alexnet__ws128_bw8/Conv5": (-0.951, -0.960),
  ]

  @Test(arguments: runs)
  func userBandwidthRuns(_ run: Run) throws {
    let literal = try ScaleSimReference.rows(topology: run.topology, config: run.config, type: run.type)
    let observed = try ScaleSimReference.rows(
      topology: run.topology, config: run.config, type: run.type, readWordsPerCycle: 10)
    #expect(!literal.isEmpty && literal.count == observed.count)
    for (row, seen) in zip(literal, observed) {
      let reference = row.reported
      // The same fold model: SCALE-Sim's Total − Stall is the last cycle's index (count − 1).
      #expect(row.computeCycles == reference.total - reference.stalls + 1, "\(row.layer) compute")
      // SCALE-Sim's totals are bandwidth-bound on its own traffic.
      let bound = reference.trafficBound(bandwidth: row.bandwidth)
      print(
        "| \(row.run) | \(row.layer) | \(Int(reference.total)) | \(Int(reference.stalls)) | "
          + "\(Int(bound)) | \(Int(reference.ifmapReads + reference.filterReads + reference.ofmapWrites)) | "
          + "\(Int(row.computeCycles)) | \(Int(row.simulatedCycles.rounded())) | "
          + "\(Int(row.simulatedStalls.rounded())) | \(String(format: "%+.1f", row.totalError * 100)) | "
          + "\(String(format: "%+.1f", row.stallError * 100)) | \(Int(seen.simulatedCycles.rounded())) | "
          + "\(String(format: "%+.1f", seen.totalError * 100)) | \(String(format: "%+.1f", seen.stallError * 100)) | "
          + "\(row.dramBytes) |")
      if let pin = Self.pinned["\(row.run)/\(row.layer)"] {
        #expect(abs(row.totalError - pin.literal) <= 0.02, "\(row.layer): \(row.totalError) vs pinned \(pin.literal)")
        #expect(
          abs(seen.totalError - pin.observed) <= 0.02, "\(row.layer): \(seen.totalError) vs pinned \(pin.observed)")
      } else {
        let line =
          "\"\(row.run)/\(row.layer)\": (\(String(format: "%.3f", row.totalError)), "
          + "\(String(format: "%.3f", seen.totalError))),"
        Issue.record(Comment(rawValue: "no pinned error; measured: \(line)"))
      }
    }
  }
}
