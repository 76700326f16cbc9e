import Scheduler
import Simulator
import Testing

struct GapAttributionTests {
  @Test(arguments: GapAttribution.Cause.allCases)
  func removingACauseChangesOnlyItsParameter(cause: GapAttribution.Cause) throws {
    let parameters = try TraceStreams.parameters()
    let removed = cause.removed(from: parameters)
    #expect(removed != parameters)
    #expect(cause.removed(from: removed) == removed)
  }

  @Test func aLatencyBoundStreamBlamesDRAMLatency() throws {
    var parameters = try TraceStreams.parameters()
    parameters.dramLatencyCycles = 5000
    let stream = TraceStreams.stream(iterations: 4, kernels: 2)
    let unlimited = try Simulator.simulate(stream, parameters: parameters.unlimited())
    let result = try GapAttribution.attribute(
      stream, parameters: parameters, analyticalCycles: unlimited.kernels.map(\.cycles),
      options: SimulationOptions(extrapolate: false))
    #expect(result.kernels.count == 2)
    for kernel in result.kernels {
      #expect(kernel.gapCycles > 0)
      #expect(kernel.shares.first?.cause == .dramLatency)
      #expect(kernel.summary().hasPrefix("DRAM latency"))
      // Sorted by cycles saved.
      for (a, b) in zip(kernel.shares, kernel.shares.dropFirst()) { #expect(a.savedCycles >= b.savedCycles) }
    }
    // Every cause but the layer interrupts, which this stream does not have.
    #expect(result.ablations.map(\.cause) == GapAttribution.Cause.allCases.filter { $0 != .interrupts })
    #expect(result.withoutAll.totalCycles <= result.baseline.totalCycles)
  }

  @Test func causesThatCannotMatterAreNotSimulated() throws {
    var parameters = try TraceStreams.parameters()
    parameters.issueCycles = 0
    let stream = TraceStreams.stream(iterations: 2, kernels: 1)
    let result = try GapAttribution.attribute(stream, parameters: parameters, analyticalCycles: [0])
    #expect(!result.ablations.map(\.cause).contains(.issueOverhead))
    #expect(result.kernels.first?.summary() != "no gap")
  }
}
