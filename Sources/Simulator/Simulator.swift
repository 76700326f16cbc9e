import HardwareModel
import Scheduler

/// The `simulate` timing tier: runs a command stream on an event-driven model of the target.
///
/// The model: a front end issues commands in program order, one per `issueCycles`, into
/// in-order queues of bounded depth (a full queue stalls issue); a queue's head starts when
/// the commands it depends on have finished (read-after-write, write-after-read and
/// write-after-write on the on-chip regions they name, and the kernel order), and its unit is
/// free. DMA engines stream at the lowest of the DRAM channel, the on-chip port and their
/// requests in flight over the latency, and share the channel (loads and stores contend when
/// the target's DRAM has one shared bandwidth); compute units are pipelined (a dependent
/// command sees results `computeLatencyCycles` after the unit frees). Repetitive loops are
/// extrapolated once their per-iteration cycle increment is steady (`SimulationOptions`).
public enum Simulator {
  public static func simulate(
    _ stream: CommandStream, parameters: SimulatorParameters, options: SimulationOptions = SimulationOptions()
  ) throws(SimulationError) -> SimulationResult {
    var expected = 0
    if !options.extrapolate {
      let limit = options.maximumExpandedCommands
      expected = expandedCommands(stream, stoppingPast: limit)
      guard expected <= limit else {
        throw SimulationError(
          "without loop extrapolation the stream expands to more than \(limit) commands, "
            + "the simulator's limit; simulate with extrapolation (the default) or a smaller model")
      }
    }
    let engine = Engine(stream, parameters, options)
    engine.expectedCommands = expected
    engine.run()
    options.progress?(engine.representedCommands, expected)
    if let stuck = engine.stuckCommand() {
      throw SimulationError("the command stream deadlocked: \(stuck) never ran (a scheduler bug; please report it)")
    }
    return engine.result()
  }

  /// Commands `stream` expands to with every loop iteration simulated; counting stops once
  /// it passes `limit` (the nest itself may be too large to walk).
  static func expandedCommands(_ stream: CommandStream, stoppingPast limit: Int) -> Int {
    struct Stop: Error {}
    var count = 0
    for program in stream.kernels {
      count += program.prologue.count + program.epilogue.count
      guard let loop = program.loop else { continue }
      do {
        try loop.forEachPosition { (position) throws(Stop) in
          count += loop.body(position).count
          if count > limit { throw Stop() }
        }
      } catch { return count }
    }
    return count
  }

  /// `simulate` with the target's own parameters.
  public static func simulate(
    _ stream: CommandStream, on accelerator: Accelerator, options: SimulationOptions = SimulationOptions()
  ) throws(SimulationError) -> SimulationResult {
    try simulate(stream, parameters: SimulatorParameters(accelerator), options: options)
  }
}

public struct SimulationError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
