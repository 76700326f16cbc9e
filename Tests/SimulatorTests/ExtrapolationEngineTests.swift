import HardwareModel
import Scheduler
import Testing

@testable import Simulator

/// Steady-state extrapolation and the kernel memo on synthetic double-buffered loops: they
/// must give the cycles of simulating everything while simulating a small part.
@Suite struct ExtrapolationEngineTests {
  /// A tiled loop: per iteration load into one half, compute from it into an output block,
  /// store that block; `inner` folds per tile (the last tile is partial).
  static func loop(tiles: Int, inner: Int) -> CommandLoop {
    CommandLoop(
      levels: [LoopLevel(name: "tile", trips: tiles), LoopLevel(name: "fold", trips: inner)],
      tripsAt: { position, level in level == 1 && position[0] == tiles - 1 ? max(inner / 2, 1) : inner }
    ) { position in
      let half = position[0] % 2
      let input = Region(level: "scratchpad", offsetBytes: half * 4096 + position[1] * 256, sizeBytes: 256)
      let output = Region(level: "accumulator", offsetBytes: half * 4096, sizeBytes: 1024)
      var commands = [
        Command(.load, "mvin", queue: "load", unit: "dma.load", bytes: 256, writes: [input]),
        Command(.compute, "compute", queue: "execute", unit: "mesh", cycles: 13, reads: [input], writes: [output]),
      ]
      if position[1] == inner - 1 || (position[0] == tiles - 1 && position[1] == inner / 2 - 1) {
        commands.append(Command(.store, "mvout", queue: "store", unit: "dma.store", bytes: 1024, reads: [output]))
      }
      return commands
    }
  }

  static func stream(kernels: Int, tiles: Int, inner: Int, fence: Bool) -> CommandStream {
    let programs = (0..<kernels).map { index in
      CommandProgram(
        kernel: index, name: "k\(index)",
        prologue: [Command(.config, "config_ex", queue: "execute", unit: "controller", cycles: 7)],
        loop: loop(tiles: tiles, inner: inner),
        epilogue: fence ? [Command(.fence, "fence", queue: "execute", unit: "controller")] : [],
        shape: "tiles \(tiles) inner \(inner)")
    }
    return CommandStream(
      target: "test", family: "gemmini", clockMHz: 1000, kernels: programs,
      queueDepths: ["load": 8, "execute": 8, "store": 2])
  }

  static func parameters() throws -> SimulatorParameters {
    var p = try EngineTests.parameters()
    p.issueCycles = 1
    p.dramReadBytesPerCycle = 16
    p.dramWriteBytesPerCycle = 16
    p.dramSharedChannel = true
    p.dramLatencyCycles = 40
    p.dmaOutstandingRequests = 16
    p.dmaRequestBytes = 64
    p.computeLatencyCycles = 5
    return p
  }

  @Test(arguments: [(1, 40, 30), (3, 101, 7), (4, 7, 64), (2, 2, 2), (3, 101, 30)])
  func extrapolatedEqualsFull(kernels: Int, tiles: Int, inner: Int) throws {
    for fence in [false, true] {
      let stream = Self.stream(kernels: kernels, tiles: tiles, inner: inner, fence: fence)
      let full = try Simulator.simulate(
        stream, parameters: try Self.parameters(), options: SimulationOptions(extrapolate: false))
      let fast = try Simulator.simulate(stream, parameters: try Self.parameters())
      #expect(abs(fast.totalCycles - full.totalCycles) <= 1e-6 * full.totalCycles)
      #expect(fast.representedCommands == full.simulatedCommands)
      #expect(full.representedCommands == full.simulatedCommands)
      #expect(abs(fast.dramBytes - full.dramBytes) <= 1)
      for (a, b) in zip(fast.units, full.units) {
        #expect(a.name == b.name)
        #expect(abs(a.busyCycles - b.busyCycles) <= 1e-6 * max(b.busyCycles, 1))
        #expect(a.commands == b.commands)
      }
    }
  }

  @Test func longLoopsAreMostlyExtrapolated() throws {
    let stream = Self.stream(kernels: 3, tiles: 101, inner: 30, fence: true)
    let fast = try Simulator.simulate(stream, parameters: try Self.parameters())
    #expect(fast.simulatedCommands * 10 < fast.representedCommands)
    #expect(fast.extrapolated.contains { $0.loop == "kernel" })
    #expect(fast.extrapolated.contains { $0.loop == "tile" })
  }
}
