import GraphIR
import HardwareModel

/// A graph lowered once for one target: its kernels in execution order, each with the nodes and
/// tensors it comes from and its cost. Built after the pass pipeline; the scheduler, the command
/// emitter and the reports read it instead of lowering and pricing the graph again.
public struct KernelProgram: Sendable {
  public struct Entry: Sendable {
    public var kernel: Kernel
    public var span: KernelSpan
    public var cost: KernelCost
  }

  public var entries: [Entry]

  /// Lowers `graph` (`KernelLowering`) and prices every kernel with `model`.
  public init(_ graph: Graph, model: AnalyticalModel) throws(AnalyticalModel.CostError) {
    let context = KernelLowering.Context(graph)
    entries = []
    for range in KernelLowering.nodeRanges(graph) {
      let span = context.span(range)
      let kernel = context.kernel(span)
      entries.append(Entry(kernel: kernel, span: span, cost: try model.cost(kernel)))
    }
  }
}
