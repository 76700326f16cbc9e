import Foundation
import GraphIR

/// What happened in one pass: latency estimates around it, wall time, statistics.
public struct PassRecord: Sendable {
  public var name: String
  public var cyclesBefore: Double
  public var cyclesAfter: Double
  public var wallMilliseconds: Double
  public var statistics: PassStatistics
}

/// Runs passes in order with instrumentations around each: verification (`verifyEach`),
/// IR printing after chosen passes, wall time, and the estimated latency before and after
/// every pass (the estimator is injected, so PassKit depends on no cost model).
public struct PassManager: Sendable {
  public var passes: [any Pass]
  public var verifyEach = false
  /// Pass names after which the IR is handed to `printIR`; "*" prints after every pass.
  public var printIRAfter: Set<String> = []
  public var printIR: @Sendable (String, String) -> Void = { _, _ in }
  /// Prices a graph (cycles) at any point of the pipeline.
  public var estimate: @Sendable (Graph) throws -> Double

  public init(passes: [any Pass], estimate: @escaping @Sendable (Graph) throws -> Double) {
    self.passes = passes
    self.estimate = estimate
  }

  /// Runs the pipeline on `graph`. - Throws: `PipelineError` naming the pass that failed or
  /// left the graph invalid.
  public func run(_ graph: inout Graph) throws(PipelineError) -> [PassRecord] {
    var records: [PassRecord] = []
    var cycles = try price(graph, after: "input")
    for pass in passes {
      let name = type(of: pass).name
      let clock = ContinuousClock()
      let start = clock.now
      let statistics: PassStatistics
      do { statistics = try pass.run(on: &graph) } catch { throw PipelineError("pass '\(name)' failed: \(error)") }
      let elapsed = clock.now - start
      if verifyEach {
        do { try graph.verify() } catch { throw PipelineError("after pass '\(name)' the graph is invalid: \(error)") }
      }
      if printIRAfter.contains(name) || printIRAfter.contains("*") {
        printIR(name, graph.printed(elideConstantsOver: 64))
      }
      let after = try price(graph, after: name)
      let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
      records.append(
        PassRecord(
          name: name, cyclesBefore: cycles, cyclesAfter: after, wallMilliseconds: milliseconds, statistics: statistics))
      cycles = after
    }
    return records
  }

  private func price(_ graph: Graph, after stage: String) throws(PipelineError) -> Double {
    do { return try estimate(graph) } catch {
      throw PipelineError("cannot estimate the graph after '\(stage)': \(error)")
    }
  }
}
