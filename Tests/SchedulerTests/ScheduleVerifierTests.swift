import GraphIR
import HardwareModel
import Scheduler
import Testing

/// Hand-broken schedules: the verifier names the kernel and what is wrong.
struct ScheduleVerifierTests {
  struct Breakage: CustomStringConvertible, Sendable {
    var description: String
    var expected: String
    var breakIt: @Sendable (inout Schedule) -> Void
  }

  static let breakages: [Breakage] = [
    Breakage(description: "overlapping buffers", expected: "overlaps") { schedule in
      let index = firstKernel(schedule) { $0.buffers.count >= 2 }
      let level = schedule.kernels[index].buffers[0].level
      schedule.kernels[index].buffers[1].level = level
      schedule.kernels[index].buffers[1].role = schedule.kernels[index].buffers[0].role
      schedule.kernels[index].buffers[1].offsetBytes = schedule.kernels[index].buffers[0].offsetBytes
    },
    Breakage(description: "buffer over capacity", expected: "usable bytes") { schedule in
      let index = firstKernel(schedule) { !$0.buffers.isEmpty }
      schedule.kernels[index].buffers[0].offsetBytes = 1 << 30
    },
    Breakage(description: "resident buffer smaller than its tensor", expected: "resident buffer") { schedule in
      let index = firstKernel(schedule) { $0.buffers.contains { !$0.streamed && $0.sizeBytes > 0 } }
      let buffer = schedule.kernels[index].buffers.firstIndex { !$0.streamed && $0.sizeBytes > 0 } ?? 0
      schedule.kernels[index].buffers[buffer].sizeBytes -= 1
    },
    Breakage(description: "unknown level", expected: "no on-chip memory level 'sram'") { schedule in
      let index = firstKernel(schedule) { !$0.buffers.isEmpty }
      schedule.kernels[index].buffers[0].level = "sram"
    },
    Breakage(description: "forward dependency", expected: "depends on kernel #") { schedule in
      schedule.kernels[1].dependencies = [1, schedule.kernels.count - 1]
    },
    Breakage(description: "transfers short of dram_bytes", expected: "transfers move") { schedule in
      let index = firstKernel(schedule) { !$0.transfers.isEmpty }
      schedule.kernels[index].transfers.removeLast()
    },
    Breakage(description: "gap between kernels", expected: "not where the previous kernel ended") { schedule in
      schedule.kernels[2].startCycle += 10
      schedule.kernels[2].endCycle += 10
    },
    Breakage(description: "end not start plus cycles", expected: "not start_cycle + cycles") { schedule in
      schedule.kernels[1].cycles += 1
    },
    Breakage(description: "wrong total", expected: "total_cycles") { schedule in
      schedule.totalCycles += 1
    },
  ]

  /// The first kernel matching `condition` (the schedule under test has one for every breakage).
  static func firstKernel(_ schedule: Schedule, where condition: (ScheduledKernel) -> Bool) -> Int {
    schedule.kernels.firstIndex(where: condition) ?? 0
  }

  /// LeNet-5 on the systolic target, whose array runs fp32: every kind of kernel has buffers.
  static func lenetOnSystolic() throws -> (Schedule, Accelerator) {
    let accelerator = try BuiltinTargets.load("systolic")
    return (try Scheduler.schedule(graph: try SchedulerTests.graph("lenet5"), accelerator: accelerator), accelerator)
  }

  @Test(arguments: breakages)
  func brokenSchedulesAreRejected(_ breakage: Breakage) throws {
    let (valid, accelerator) = try Self.lenetOnSystolic()
    var schedule = valid
    try ScheduleVerifier.verify(schedule, accelerator)
    breakage.breakIt(&schedule)
    #expect {
      try ScheduleVerifier.verify(schedule, accelerator)
    } throws: { error in
      let message = "\(error)"
      return message.contains(breakage.expected)
        && (message.contains("kernel #") || breakage.expected == "total_cycles")
    }
  }

  @Test func aScheduleForAnotherTargetIsRejected() throws {
    let (schedule, _) = try Self.lenetOnSystolic()
    #expect {
      try ScheduleVerifier.verify(schedule, try BuiltinTargets.load("eyeriss"))
    } throws: { "\($0)".contains("the schedule is for target 'systolic', not 'eyeriss'") }
  }

  @Test func overlapMessageNamesBothTensorsAndTheKernel() throws {
    let (valid, accelerator) = try Self.lenetOnSystolic()
    var schedule = valid
    let index = Self.firstKernel(schedule) { $0.buffers.count >= 2 }
    let kernel = schedule.kernels[index]
    schedule.kernels[index].buffers[1].level = kernel.buffers[0].level
    schedule.kernels[index].buffers[1].role = kernel.buffers[0].role
    schedule.kernels[index].buffers[1].offsetBytes = kernel.buffers[0].offsetBytes
    #expect {
      try ScheduleVerifier.verify(schedule, accelerator)
    } throws: { error in
      let message = "\(error)"
      return message.contains("kernel #\(index) '\(kernel.name)'") && message.contains("'\(kernel.buffers[0].tensor)'")
        && message.contains("'\(kernel.buffers[1].tensor)'")
    }
  }
}
