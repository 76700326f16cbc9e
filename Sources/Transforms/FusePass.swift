import CostModel
import GraphIR
import PassKit

/// `fuse`: grows kernels from producer to consumer — a convolution or matrix product followed
/// by its bias, normalization, activation, residual add, pooling and requantization — when the
/// target runs every fused op in the contraction's output pipeline and the timing model says
/// the fused kernel is faster than the parts.
///
/// Before:
/// ```
/// node "conv" = conv(%x, %w, %b) -> (%c: f32[1,8,4,4]) {…}
/// node "relu" = relu(%c) -> (%y: f32[1,8,4,4])
/// ```
/// After:
/// ```
/// node "conv" = conv(%x, %w, %b) -> (%c: f32[1,8,4,4]) {…}
/// schedule {"kernel":"conv"}
/// node "relu" = relu(%c) -> (%y: f32[1,8,4,4])
/// schedule {"kernel":"conv"}
/// ```
public struct FusePass: CompilerPass {
  public static let name = "fuse"
  public static let summary = "Fuse producer-consumer chains into kernels the target runs as one."
  public static let description = """
    Walks the graph in order. A kernel starts at a node that is not fused yet and takes its
    only consumer while that consumer is an elementwise op, activation, normalization,
    residual add, pooling or (de)quantization the target's vector units run (or a pure
    relabelling such as reshape), the intermediate tensor has no other use, the consumer's
    other inputs already exist, and the whole kernel holds at most `max-ops` ops. Each step is
    priced: a fusion that makes the estimate slower, or that the target cannot run (its
    buffers cannot hold the kernel), is not applied. Fused nodes share a `kernel` label.
    """
  public static let options = [PassOption("max-ops", default: "6", help: "Most ops in one fused kernel.")]

  let maxOps: Int
  let target: CompilationTarget

  public init(options: PassOptions, target: CompilationTarget) {
    maxOps = max(options.int("max-ops") ?? 6, 1)
    self.target = target
  }

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var kernels = 0
    var fused = 0
    var rejected = 0
    var start = 0
    while start < graph.nodes.count {
      var end = start
      let label = graph.nodes[start].schedule.kernel ?? graph.nodes[start].name
      if graph.nodes[start].schedule.kernel == nil, canStartKernel(graph.nodes[start]) {
        while end - start + 1 < maxOps, let next = fusibleConsumer(of: start...end, in: graph) {
          var trial = graph
          let consumer = trial.nodes.remove(at: next)
          trial.nodes.insert(consumer, at: end + 1)
          for index in start...(end + 1) { trial.nodes[index].schedule.kernel = label }
          guard fusing(next, into: start...end, of: graph, gives: trial) else {
            rejected += 1
            break
          }
          graph = trial
          end += 1
          fused += 1
        }
        if end > start { kernels += 1 }
      }
      start = end + 1
      while start < graph.nodes.count, let kernel = graph.nodes[start].schedule.kernel,
        kernel == graph.nodes[start - 1].schedule.kernel
      {
        start += 1
      }
    }
    return [("kernels-formed", kernels), ("ops-fused", fused), ("fusions-rejected", rejected)]
  }

  private func canStartKernel(_ node: Node) -> Bool {
    !KernelLowering.passThroughOps.contains(node.op.name) && node.schedule.unit != "host"
  }

  /// The index of the kernel's only consumer when it may join the kernel.
  private func fusibleConsumer(of range: ClosedRange<Int>, in graph: Graph) -> Int? {
    let last = graph.nodes[range.upperBound]
    guard last.outputs.count == 1, let value = last.outputs.first, !graph.outputs.contains(value) else { return nil }
    let users = graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(value) }
    guard users.count == 1, let index = users.first, index > range.upperBound else { return nil }
    let consumer = graph.nodes[index]
    guard consumer.schedule.kernel == nil, consumer.schedule.unit != "host", isFusibleStage(consumer.op) else {
      return nil
    }
    // Moving the consumer up to the kernel is valid when its other inputs exist by then.
    let producers = graph.producers()
    let available = consumer.inputs.compactMap { $0 }.allSatisfy { input in
      input == value || (producers[input.index].map { $0 < range.lowerBound } ?? true)
    }
    return available ? index : nil
  }

  private func isFusibleStage(_ op: Op) -> Bool {
    if KernelLowering.passThroughOps.contains(op.name) { return true }
    switch op {
    case .unary, .leakyRelu, .hardSigmoid, .elu, .selu, .gelu, .clip, .binary, .batchNormalization, .maxPool,
      .averagePool, .globalAveragePool, .globalMaxPool:
      return target.model.vectorUnitRuns(op.name)
    default:
      return false
    }
  }

  /// Whether the kernel `range` with node `next` fused (as in `trial`) is estimated no slower
  /// than the two apart; only these kernels change, so only they are priced.
  private func fusing(_ next: Int, into range: ClosedRange<Int>, of graph: Graph, gives trial: Graph) -> Bool {
    let model = target.model
    guard let fused = try? model.cost(KernelLowering.kernel(trial, nodes: range.lowerBound..<(range.upperBound + 2))),
      let kernel = try? model.cost(KernelLowering.kernel(graph, nodes: range.lowerBound..<(range.upperBound + 1))),
      let consumer = try? model.cost(KernelLowering.kernel(graph, nodes: next..<(next + 1)))
    else { return false }
    return fused.totalCycles <= kernel.totalCycles + consumer.totalCycles
  }
}
