import GraphIR

/// What happened in one pass: latency estimates around it, wall time, statistics. The
/// instrumentations fill in what they measure (0 where none measured it).
public struct PassRecord: Sendable {
  public var name: String
  public var cyclesBefore = 0.0
  public var cyclesAfter = 0.0
  public var wallMilliseconds = 0.0
  public var statistics: PassStatistics = []

  public init(name: String) { self.name = name }
}

/// Runs passes in order with instrumentations around each (MLIR's pass instrumentation):
/// before-hooks in the order the instrumentations were added, after-hooks in reverse, so the
/// last one added sits closest to the pass (add timing last to time the pass alone). Every
/// statistic a pass reports must be one it declares.
public struct PassManager {
  public var passes: [any Pass]
  public var instrumentations: [any PassInstrumentation] = []

  public init(passes: [any Pass], instrumentations: [any PassInstrumentation] = []) {
    self.passes = passes
    self.instrumentations = instrumentations
  }

  /// Runs the pipeline on `graph`. - Throws: `PipelineError` naming the pass that failed, or
  /// what an instrumentation found.
  public mutating func run(_ graph: inout Graph) throws(PipelineError) -> [PassRecord] {
    for index in instrumentations.indices { try instrumentations[index].beforePipeline(graph) }
    var records: [PassRecord] = []
    for pass in passes {
      let type = type(of: pass)
      var record = PassRecord(name: type.name)
      for index in instrumentations.indices { try instrumentations[index].beforePass(type.name, graph) }
      do { record.statistics = try pass.run(on: &graph) } catch {
        throw PipelineError("pass '\(type.name)' failed: \(error)")
      }
      if let unknown = record.statistics.first(where: { s in !type.statistics.contains { $0.name == s.name } }) {
        throw PipelineError("pass '\(type.name)' reported the undeclared statistic '\(unknown.name)'")
      }
      for index in instrumentations.indices.reversed() {
        try instrumentations[index].afterPass(type.name, graph, &record)
      }
      records.append(record)
    }
    return records
  }
}
