import GraphIR
import HardwareModel

/// A graph lowered once for one target: its kernels in execution order, each with the nodes it
/// runs, the tensors crossing its boundary, the kernels it waits for and its cost. Built after
/// the pass pipeline; the scheduler, the command emitter and the reports read it instead of
/// lowering and pricing the graph again, and it holds everything they need without the graph.
public struct KernelProgram: Sendable {
  public struct Entry: Sendable {
    public var kernel: Kernel
    /// Names of the graph nodes the kernel runs, in order.
    public var nodes: [String]
    /// Activations read, weights read and values written, in that order, each in order of use.
    public var tensors: [BoundaryTensor]
    /// Indices of the earlier kernels producing its inputs, ascending.
    public var dependencies: [Int]
    public var cost: KernelCost

    public init(kernel: Kernel, nodes: [String], tensors: [BoundaryTensor], dependencies: [Int], cost: KernelCost) {
      (self.kernel, self.nodes, self.tensors, self.dependencies, self.cost) = (
        kernel, nodes, tensors, dependencies, cost
      )
    }
  }

  public var entries: [Entry]

  public init(entries: [Entry]) { self.entries = entries }

  /// The same kernels priced by `model` (another target, or a variant of this one).
  public func repriced(by model: AnalyticalModel) throws(AnalyticalModel.CostError) -> KernelProgram {
    var copy = self
    for index in copy.entries.indices { copy.entries[index].cost = try model.cost(copy.entries[index].kernel) }
    return copy
  }

  /// Lowers `graph` (`KernelLowering`) and prices every kernel with `model`.
  public init(_ graph: Graph, model: AnalyticalModel) throws(AnalyticalModel.CostError) {
    let context = KernelLowering.Context(graph)
    var producer: [ValueID: Int] = [:]
    entries = []
    for range in KernelLowering.nodeRanges(graph) {
      let span = context.span(range)
      let kernel = context.kernel(span)
      func tensors(_ values: [ValueID], _ role: TensorRole) -> [BoundaryTensor] {
        values.map {
          BoundaryTensor(
            name: graph[$0].name, role: role, bytes: graph[$0].type.byteCount,
            elementBytes: graph[$0].type.dtype.byteWidth)
        }
      }
      entries.append(
        Entry(
          kernel: kernel, nodes: graph.nodes[range].map(\.name),
          tensors: tensors(span.inputs, .input) + tensors(span.weights, .weight) + tensors(span.outputs, .output),
          dependencies: Set(span.inputs.compactMap { producer[$0] }).sorted(), cost: try model.cost(kernel)))
      for node in graph.nodes[range] {
        for output in node.outputs { producer[output] = entries.count - 1 }
      }
    }
  }
}

/// Which side of a kernel a tensor is on.
public enum TensorRole: String, Codable, Hashable, Sendable, CaseIterable {
  case input, weight, output
}

/// A tensor crossing a kernel's boundary.
public struct BoundaryTensor: Codable, Hashable, Sendable {
  public var name: String
  public var role: TensorRole
  public var bytes: Int
  /// Bytes of one element (what a tile of the tensor occupies per element).
  public var elementBytes: Int

  enum CodingKeys: String, CodingKey {
    case name, role, bytes
    case elementBytes = "element_bytes"
  }

  public init(name: String, role: TensorRole, bytes: Int, elementBytes: Int) {
    self.name = name
    self.role = role
    self.bytes = bytes
    self.elementBytes = elementBytes
  }
}
