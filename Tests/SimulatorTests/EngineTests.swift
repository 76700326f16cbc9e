import HardwareModel
import Scheduler
import Testing

@testable import Simulator

/// The event engine's rules on small hand-built streams whose timing follows from the rules.
@Suite struct EngineTests {
  /// A machine with one DRAM channel of `bandwidth` bytes/cycle and `latency`, no issue cost.
  static func parameters(bandwidth: Double = 16, latency: Double = 0, outstanding: Double = 1e9) throws
    -> SimulatorParameters
  {
    var p = SimulatorParameters(try BuiltinTargets.load("gemmini"))
    p.issueCycles = 0
    p.dramReadBytesPerCycle = bandwidth
    p.dramWriteBytesPerCycle = bandwidth
    p.dramSharedChannel = true
    p.dramLatencyCycles = latency
    p.dmaRequestBytes = 64
    p.dmaOutstandingRequests = outstanding
    p.computeLatencyCycles = 0
    p.levelBytesPerCycle = [:]
    return p
  }

  static let spad = Region(level: "scratchpad", offsetBytes: 0, sizeBytes: 256)

  static func load(_ bytes: Int, writes: [Region] = [spad], queue: String = "load") -> Command {
    Command(.load, "mvin", queue: queue, unit: "dma.load", bytes: bytes, writes: writes)
  }
  static func store(_ bytes: Int, reads: [Region] = [spad]) -> Command {
    Command(.store, "mvout", queue: "store", unit: "dma.store", bytes: bytes, reads: reads)
  }
  static func compute(_ cycles: Double, reads: [Region] = [], writes: [Region] = []) -> Command {
    Command(.compute, "compute", queue: "execute", unit: "mesh", cycles: cycles, reads: reads, writes: writes)
  }

  static func stream(_ kernels: [[Command]], depths: [String: Int] = [:]) -> CommandStream {
    CommandStream(
      target: "test", family: "systolic", clockMHz: 1000,
      kernels: kernels.enumerated().map {
        CommandProgram(kernel: $0, name: "k\($0)", prologue: $1, loop: nil, epilogue: [])
      },
      queueDepths: depths)
  }

  static func total(_ kernels: [[Command]], _ p: SimulatorParameters? = nil, depths: [String: Int] = [:]) throws
    -> Double
  {
    try Simulator.simulate(stream(kernels, depths: depths), parameters: p ?? Self.parameters()).totalCycles
  }

  @Test func computeTakesItsCycles() throws {
    #expect(try Self.total([[Self.compute(100)]]) == 100)
  }

  @Test func transferIsBytesOverBandwidthPlusLatency() throws {
    #expect(try Self.total([[Self.load(1600, writes: [])]], try Self.parameters(bandwidth: 16, latency: 100)) == 200)
  }

  /// Requests in flight over the latency cap an engine: 2 × 64 B per 100 cycles = 1.28 B/cycle.
  @Test func outstandingRequestsCapBandwidth() throws {
    let p = try Self.parameters(bandwidth: 16, latency: 100, outstanding: 2)
    #expect(try Self.total([[Self.load(1600, writes: [])]], p) == 1250 + 100)
  }

  @Test func readAfterWriteWaits() throws {
    let kernel = [Self.load(1600), Self.compute(50, reads: [Self.spad])]
    #expect(try Self.total([kernel]) == 100 + 50)
  }

  @Test func writeAfterReadWaits() throws {
    let kernel = [Self.compute(500, reads: [Self.spad]), Self.load(1600)]
    #expect(try Self.total([kernel]) == 500 + 100)
  }

  @Test func independentCommandsOverlap() throws {
    let other = Region(level: "scratchpad", offsetBytes: 256, sizeBytes: 256)
    let kernel = [Self.compute(500, reads: [Self.spad]), Self.load(1600, writes: [other])]
    #expect(try Self.total([kernel]) == 500)
  }

  /// A load and a store at once share the channel: 1600 B each at 16 B/cycle take 200 cycles.
  @Test func loadsAndStoresContend() throws {
    let other = Region(level: "scratchpad", offsetBytes: 256, sizeBytes: 256)
    let kernel = [Self.load(1600, writes: [other]), Self.store(1600)]
    #expect(try Self.total([kernel]) == 200)
    var separate = try Self.parameters()
    separate.dramSharedChannel = false
    #expect(try Self.total([kernel], separate) == 100)
  }

  @Test func issueCostsCyclesPerCommand() throws {
    var p = try Self.parameters()
    p.issueCycles = 5
    let kernel = (0..<4).map { _ in Command(.vector, "v", queue: "execute", unit: "vector", cycles: 1) }
    // Four one-cycle commands on one unit: the last is issued at 15 and ends at 16.
    #expect(try Self.total([kernel], p) == 16)
  }

  /// A queue of depth 1 holds one command until it completes: issue stalls behind it.
  @Test func fullQueueStallsIssue() throws {
    let loads = (0..<3).map {
      Self.load(1600, writes: [Region(level: "scratchpad", offsetBytes: 256 * $0, sizeBytes: 256)])
    }
    let kernel = loads + [Self.compute(250)]
    // Depth 1: the compute is issued with the third load (200) and ends at 450; depth 8: all
    // issue at once and the loads, one after another on the channel, end last (300).
    #expect(try Self.total([kernel], depths: ["load": 1]) == 450)
    #expect(try Self.total([kernel], depths: ["load": 8]) == 300)
  }

  /// Computes adding into one accumulator block pipeline; the store waits for the drain.
  @Test func accumulatingComputesPipeline() throws {
    var p = try Self.parameters()
    p.computeLatencyCycles = 10
    let acc = Region(level: "accumulator", offsetBytes: 0, sizeBytes: 64)
    let add = Command(.compute, "compute", queue: "execute", unit: "mesh", cycles: 50, writes: [acc], accumulates: true)
    let overwrite = Command(.compute, "compute", queue: "execute", unit: "mesh", cycles: 50, writes: [acc])
    #expect(try Self.total([[add, add, Self.store(0, reads: [acc])]], p) == 110)
    #expect(try Self.total([[overwrite, overwrite]], p) == 120)
  }

  @Test func fenceWaitsForEverythingBefore() throws {
    let other = Region(level: "scratchpad", offsetBytes: 256, sizeBytes: 256)
    let fence = Command(.fence, "fence", queue: "execute", unit: "controller")
    let kernel = [Self.load(1600, writes: [other]), fence, Self.compute(100)]
    #expect(try Self.total([kernel]) == 200)
  }

  /// Kernels run in order even across an empty kernel in between.
  @Test func kernelsWaitForEveryEarlierKernel() throws {
    let host = Command(.host, "host_compute", queue: "host", unit: "host", cycles: 1000)
    #expect(try Self.total([[host], [], [Self.compute(10)]]) == 1010)
  }

  @Test func sameStreamSameResult() throws {
    let kernel = [Self.load(1000), Self.compute(70, reads: [Self.spad]), Self.store(300)]
    let a = try Simulator.simulate(Self.stream([kernel, kernel]), parameters: try Self.parameters(latency: 30))
    let b = try Simulator.simulate(Self.stream([kernel, kernel]), parameters: try Self.parameters(latency: 30))
    #expect(a.totalCycles == b.totalCycles)
    #expect(a.kernels == b.kernels)
    #expect(a.units == b.units)
  }
}
