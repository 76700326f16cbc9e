import GraphIR

/// Hooks around every pass of a `PassManager` run (MLIR's `PassInstrumentation`).
public protocol PassInstrumentation {
  /// Before the first pass, on the input graph.
  mutating func beforePipeline(_ graph: Graph) throws(PipelineError)
  mutating func beforePass(_ pass: String, _ graph: Graph) throws(PipelineError)
  /// After `pass` ran, on the graph it left; fills in what it measures in `record`.
  mutating func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError)
}

extension PassInstrumentation {
  public mutating func beforePipeline(_ graph: Graph) throws(PipelineError) {}
  public mutating func beforePass(_ pass: String, _ graph: Graph) throws(PipelineError) {}
  public mutating func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError) {}
}

/// Wall time of every pass (`PassRecord.wallMilliseconds`).
public struct PassTiming: PassInstrumentation {
  private let clock = ContinuousClock()
  private var start: ContinuousClock.Instant?

  public init() {}

  public mutating func beforePass(_ pass: String, _ graph: Graph) throws(PipelineError) { start = clock.now }

  public mutating func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError) {
    guard let start else { return }
    let elapsed = (clock.now - start).components
    record.wallMilliseconds = Double(elapsed.seconds) * 1e3 + Double(elapsed.attoseconds) * 1e-15
  }
}

/// Verifies the graph after every pass (`compile --verify-each`).
public struct PassVerifier: PassInstrumentation {
  public init() {}

  public func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError) {
    do { try graph.verify() } catch { throw PipelineError("after pass '\(pass)' the graph is invalid: \(error)") }
  }
}

/// Hands the printed IR to `print` after chosen passes (`--print-ir-after`; "*" is every pass).
public struct IRPrinter: PassInstrumentation {
  public var after: Set<String>
  public var print: (_ pass: String, _ ir: String) -> Void

  public init(after: Set<String>, print: @escaping (_ pass: String, _ ir: String) -> Void) {
    self.after = after
    self.print = print
  }

  public func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError) {
    guard after.contains(pass) || after.contains("*") else { return }
    print(pass, graph.printed(elideConstantsOver: 64))
  }
}

/// Prices the graph before the pipeline and after every pass (cycles before and after each
/// pass). The estimator is injected, so PassKit depends on no cost model.
public struct LatencyPricing: PassInstrumentation {
  public var estimate: (Graph) throws -> Double
  private var cycles = 0.0
  /// The graph `cycles` is the price of: a pass that leaves its structure as it was is not
  /// priced again.
  private var priced: Graph?

  public init(estimate: @escaping (Graph) throws -> Double) { self.estimate = estimate }

  public mutating func beforePipeline(_ graph: Graph) throws(PipelineError) {
    cycles = try price(graph, "input")
    priced = graph
  }

  public mutating func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError) {
    record.cyclesBefore = cycles
    if priced.map({ !graph.hasSameStructure(as: $0) }) ?? true {
      cycles = try price(graph, pass)
      priced = graph
    }
    record.cyclesAfter = cycles
  }

  private func price(_ graph: Graph, _ stage: String) throws(PipelineError) -> Double {
    do { return try estimate(graph) } catch {
      throw PipelineError("cannot estimate the graph after '\(stage)': \(error)")
    }
  }
}
