import GraphIR
import Interpreter
import Transforms

/// The reference interpreter as the runner of calibrating passes: the user's samples
/// (`compile --calibration-data`), else seeded random inputs (seed + sample index).
public struct InterpreterRunner: GraphRunner {
  /// Inputs by graph-input name, one dictionary per sample.
  public var samples: [[String: NDArray]]

  public init(samples: [[String: NDArray]] = []) { self.samples = samples }

  public func run(
    _ graph: Graph, count: Int, seed: UInt64, observing observed: Set<ValueID>,
    observe: (ValueID, [Float]) -> Void
  ) throws(IRError) {
    let interpreter = Interpreter(graph: graph)
    let feeds =
      samples.isEmpty
      ? (0..<count).map { RandomInputs.make(for: graph, seed: seed &+ UInt64($0)) } : Array(samples.prefix(count))
    for feed in feeds {
      for id in graph.inputs where observed.contains(id) {
        if let value = feed[graph[id].name] { observe(id, value.floats) }
      }
      do {
        _ = try interpreter.run(feed) { id, value in if observed.contains(id) { observe(id, value.floats) } }
      } catch { throw IRError("calibration: \(error.description)") }
    }
  }
}
