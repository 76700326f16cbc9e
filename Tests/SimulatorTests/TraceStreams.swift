import HardwareModel
import Scheduler
import Simulator

/// A small hand-made Gemmini-like stream for the trace, command-line and gap tests: a config,
/// then `iterations` of load → compute → store on double-buffered blocks.
enum TraceStreams {
  static func stream(iterations: Int = 6, kernels: Int = 2) -> CommandStream {
    let programs = (0..<kernels).map { index in
      CommandProgram(
        kernel: index, name: "kernel\(index)",
        prologue: [Command(.config, "config_ex", queue: "execute", unit: "controller", cycles: 4)],
        loop: CommandLoop(levels: [LoopLevel(name: "tile.m", trips: iterations)]) { position in
          let block = position[0] % 2
          let sp = Region(level: "scratchpad", offsetBytes: block * 4096, sizeBytes: 4096)
          let acc = Region(level: "accumulator", offsetBytes: block * 1024, sizeBytes: 1024)
          return [
            Command(.load, "mvin", queue: "load", unit: "dma.load", bytes: 4096, writes: [sp], tensor: "x \"q\""),
            Command(.compute, "compute", queue: "execute", unit: "mesh", cycles: 64, reads: [sp], writes: [acc]),
            Command(.store, "mvout", queue: "store", unit: "dma.store", bytes: 1024, reads: [acc], tensor: "y"),
          ]
        },
        epilogue: [Command(.fence, "fence", queue: "execute", unit: "controller")])
    }
    return CommandStream(
      target: "toy", family: "gemmini", clockMHz: 500, kernels: programs,
      queueDepths: ["store": 2, "load": 4, "execute": 4])
  }

  static func parameters() throws -> SimulatorParameters {
    var p = SimulatorParameters(try BuiltinTargets.load("gemmini"))
    p.dramLatencyCycles = 200
    p.issueCycles = 1
    p.computeLatencyCycles = 8
    p.dramReadBytesPerCycle = 16
    p.dramWriteBytesPerCycle = 16
    p.dramSharedChannel = true
    p.dmaRequestBytes = 64
    p.dmaOutstandingRequests = 16
    return p
  }
}
