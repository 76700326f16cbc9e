import CostModel
import GraphIR
import HardwareModel

/// Checks a schedule against its target: the invariants a simulator or code generator
/// relies on, whether the schedule came from `Scheduler` or from a file.
///
/// - buffers lie inside the usable bytes of an on-chip level that holds their role (half the
///   level when double buffered) and do not overlap within a kernel;
/// - a resident buffer holds its whole tensor, a streamed one at most the tensor;
/// - every dependency names an earlier kernel;
/// - the transfers of a kernel add up to its DRAM bytes;
/// - kernels run back to back: each starts where the previous one ended, ends `cycles`
///   later, and the total is the last kernel's end;
/// - a kernel's `cycles`, `unit` and `dram_bytes` are those of its cost breakdown.
public enum ScheduleVerifier {
  /// Relative slack for cycle sums (they are Doubles, and may have been through JSON).
  static let cycleTolerance = 1e-9

  /// - Throws: `ScheduleError` listing every problem, each naming its kernel.
  public static func verify(_ schedule: Schedule, _ accelerator: Accelerator) throws(ScheduleError) {
    var problems: [String] = []
    if schedule.schemaVersion != Schedule.currentSchemaVersion {
      problems.append(
        "schema_version \(schedule.schemaVersion) is not \(Schedule.currentSchemaVersion)")
    }
    if schedule.target != accelerator.name {
      problems.append("the schedule is for target '\(schedule.target)', not '\(accelerator.name)'")
    }
    if schedule.clockMHz != accelerator.clockMHz {
      problems.append("clock_mhz \(schedule.clockMHz) is not the target's \(accelerator.clockMHz)")
    }
    var previousEnd = 0.0
    for (index, kernel) in schedule.kernels.enumerated() {
      let name = "kernel #\(index) '\(kernel.name)'"
      problems += timingProblems(kernel, previousEnd: previousEnd).map { "\(name): \($0)" }
      problems += bufferProblems(kernel, accelerator).map { "\(name): \($0)" }
      problems += transferProblems(kernel).map { "\(name): \($0)" }
      problems += costProblems(kernel).map { "\(name): \($0)" }
      for dependency in kernel.dependencies where !(0..<index).contains(dependency) {
        problems.append("\(name): depends on kernel #\(dependency), which does not run before it")
      }
      previousEnd = kernel.endCycle
    }
    if !close(schedule.totalCycles, previousEnd) {
      problems.append("total_cycles \(schedule.totalCycles) is not the last kernel's end cycle \(previousEnd)")
    }
    let latencyMs = schedule.clockMHz > 0 ? schedule.totalCycles / (schedule.clockMHz * 1000) : 0
    if !close(schedule.latencyMs, latencyMs) {
      problems.append("latency_ms \(schedule.latencyMs) is not total_cycles at clock_mhz (\(latencyMs))")
    }
    if !problems.isEmpty { throw ScheduleError(problems) }
  }

  private static func costProblems(_ kernel: ScheduledKernel) -> [String] {
    var problems: [String] = []
    if !close(kernel.cycles, kernel.cost.totalCycles) {
      problems.append("cycles \(kernel.cycles) are not its cost's \(kernel.cost.totalCycles)")
    }
    if kernel.unit != kernel.cost.unit {
      problems.append("unit '\(kernel.unit)' is not its cost's '\(kernel.cost.unit)'")
    }
    if kernel.dramBytes != kernel.cost.dramBytes {
      problems.append("dram_bytes \(kernel.dramBytes) are not its cost's \(kernel.cost.dramBytes)")
    }
    return problems
  }

  private static func close(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= cycleTolerance * max(abs(a), abs(b), 1)
  }

  private static func timingProblems(_ kernel: ScheduledKernel, previousEnd: Double) -> [String] {
    var problems: [String] = []
    for (field, value) in [
      ("cycles", kernel.cycles), ("compute_cycles", kernel.computeCycles), ("overhead_cycles", kernel.overheadCycles),
      ("start_cycle", kernel.startCycle), ("end_cycle", kernel.endCycle),
    ] where !(value.isFinite && value >= 0) {
      problems.append("\(field) \(value) is not a finite non-negative number")
    }
    if !close(kernel.startCycle, previousEnd) {
      problems.append("starts at cycle \(kernel.startCycle), not where the previous kernel ended (\(previousEnd))")
    }
    if !close(kernel.endCycle, kernel.startCycle + kernel.cycles) {
      problems.append(
        "ends at cycle \(kernel.endCycle), not start_cycle + cycles (\(kernel.startCycle + kernel.cycles))")
    }
    return problems
  }

  private static func bufferProblems(_ kernel: ScheduledKernel, _ accelerator: Accelerator) -> [String] {
    var problems: [String] = []
    let onChip = Array(accelerator.memoryLevels.dropFirst())
    for buffer in kernel.buffers {
      let what = "\(buffer.role.rawValue) '\(buffer.tensor)' in \(buffer.level)"
      guard let level = onChip.first(where: { $0.name == buffer.level }) else {
        problems.append("\(what): the target has no on-chip memory level '\(buffer.level)'")
        continue
      }
      let operand: OperandRole =
        switch buffer.role {
        case .input: .inputs
        case .weight: .weights
        case .output: .outputs
        }
      if !level.holds.contains(operand) {
        problems.append("\(what): \(level.name) does not hold \(operand.rawValue)")
      }
      let usable = BufferAllocator.usableBytes(level)
      if buffer.offsetBytes < 0 || buffer.sizeBytes < 0 || buffer.endOffsetBytes > usable {
        let half = level.doubleBuffered ? " (half of the double-buffered level)" : ""
        problems.append(
          "\(what): bytes [\(buffer.offsetBytes), \(buffer.endOffsetBytes)) exceed its \(usable) usable bytes\(half)")
      }
      if buffer.streamed ? buffer.sizeBytes > buffer.tensorBytes : buffer.sizeBytes != buffer.tensorBytes {
        problems.append(
          "\(what): a \(buffer.streamed ? "streamed" : "resident") buffer of \(buffer.sizeBytes) bytes for a "
            + "tensor of \(buffer.tensorBytes) bytes")
      }
    }
    // Overlaps: sort each level's buffers by offset; a buffer must start at or after the
    // furthest end seen before it (empty buffers occupy nothing).
    let occupied = kernel.buffers.indices.filter { kernel.buffers[$0].sizeBytes > 0 }.sorted {
      let (a, b) = (kernel.buffers[$0], kernel.buffers[$1])
      return (a.level, a.offsetBytes, $0) < (b.level, b.offsetBytes, $1)
    }
    var furthest: (index: Int, end: Int)?
    for (position, index) in occupied.enumerated() {
      let buffer = kernel.buffers[index]
      if position > 0, kernel.buffers[occupied[position - 1]].level != buffer.level { furthest = nil }
      if let furthest, buffer.offsetBytes < furthest.end {
        let other = kernel.buffers[furthest.index]
        problems.append(
          "\(buffer.role.rawValue) '\(buffer.tensor)' [\(buffer.offsetBytes), \(buffer.endOffsetBytes)) overlaps "
            + "\(other.role.rawValue) '\(other.tensor)' [\(other.offsetBytes), \(other.endOffsetBytes)) in \(buffer.level)"
        )
      }
      if furthest.map({ buffer.endOffsetBytes > $0.end }) ?? true { furthest = (index, buffer.endOffsetBytes) }
    }
    return problems
  }

  private static func transferProblems(_ kernel: ScheduledKernel) -> [String] {
    var problems: [String] = []
    for transfer in kernel.transfers where transfer.bytes < 0 {
      problems.append("\(transfer.direction.rawValue) of '\(transfer.tensor)' moves \(transfer.bytes) bytes")
    }
    let moved = kernel.transfers.reduce(0) { saturatingAdd($0, $1.bytes) }
    if moved != kernel.dramBytes {
      problems.append("transfers move \(moved) bytes but dram_bytes is \(kernel.dramBytes)")
    }
    return problems
  }
}
