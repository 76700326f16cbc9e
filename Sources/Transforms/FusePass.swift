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
    Walks the kernels in order (a kernel is a run of nodes sharing a `kernel` label, e.g. a
    convolution with the (de)quantization `quantize` put around it, or a single node). A
    kernel takes the kernel that alone consumes its only result while that kernel's ops are
    elementwise ops, activations, normalizations, residual adds or pooling the target's
    vector units run (relabelling and (de)quantization ride along), its other inputs already
    exist, and the whole kernel does at most `max-ops` working ops. Each step is priced: a
    fusion that makes the estimate slower, or that the target cannot run (its buffers cannot
    hold the kernel), is not applied. Fused nodes share the first kernel's label. Run after
    `quantize` so fusion is priced in the types the kernels run in.
    """
  public static let options: [PassOption] = [
    .integer("max-ops", default: 6, in: 1...1024, help: "Most ops in one fused kernel."),
    .choice(
      "residual", default: "fuse", from: ["fuse", "separate"],
      help:
        "Fuse residual adds (an operand read from memory) into the contraction, or leave them kernels of their own (as gemmini-rocc-tests' resnet50.c runs tiled_resadd_auto)."
    ),
  ]
  public static let statistics = [
    PassStatistic("kernels-formed", "fused kernels of two or more ops"),
    PassStatistic("ops-fused", "ops in fused kernels"),
    PassStatistic("fusions-rejected", "legal fusions the timing model priced slower"),
  ]

  let maxOps: Int
  let fusesResiduals: Bool
  let target: CompilationTarget

  public init(options: PassOptions, target: CompilationTarget) {
    maxOps = options.integer("max-ops")
    fusesResiduals = options.choice("residual", as: Residual.self) != .separate
    self.target = target
  }

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var (kernels, fused, rejected) = (0, 0, 0)
    var ranges = KernelLowering.nodeRanges(graph)
    // Graph-wide facts, computed once and again only when a fusion moves nodes: a fusion of
    // adjacent kernels only relabels, and labels are applied at the end (linear time in the
    // graph, not quadratic).
    var uses = Uses(graph)
    var lowerer = KernelLowering.Lowerer(graph)
    var labels: [(node: Int, label: String)] = []
    var index = 0
    while index < ranges.count {
      var unit = ranges[index]
      if canStartKernel(unit, graph) {
        let first = graph.nodes[unit.lowerBound]
        let label = first.schedule.kernel ?? first.name
        var merged = false
        while workingOps(unit, graph) < maxOps, let position = fusibleConsumer(of: unit, ranges, graph, uses) {
          let consumer = ranges[position]
          guard workingOps(unit, graph) + workingOps(consumer, graph) <= maxOps else { break }
          let grown = unit.lowerBound..<(unit.upperBound + consumer.count)
          let adjacent = consumer.lowerBound == unit.upperBound
          var trial = graph
          if !adjacent {
            Self.apply(labels, to: &trial)
            let moved = Array(trial.nodes[consumer])
            trial.nodes.removeSubrange(consumer)
            trial.nodes.insert(contentsOf: moved, at: unit.upperBound)
          }
          let together = adjacent ? lowerer.kernel(nodes: grown) : KernelLowering.kernel(trial, nodes: grown)
          guard noSlower(together, lowerer.kernel(nodes: unit), lowerer.kernel(nodes: consumer)) else {
            rejected += 1
            break
          }
          fused += workingOps(consumer, graph)
          if adjacent {
            labels += grown.map { ($0, label) }
            // The consumer's range stays as an empty one (removing it would shift the rest:
            // quadratic on long chains); ranges stay sorted by upper bound, and an empty one
            // is never the first to end after a node, so `position(of:in:)` skips it.
            ranges[index] = grown
            ranges[position] = consumer.upperBound..<consumer.upperBound
          } else {
            for node in grown { trial.nodes[node].schedule.kernel = label }
            (graph, labels) = (trial, [])
            (uses, lowerer, ranges) = (Uses(graph), KernelLowering.Lowerer(graph), KernelLowering.nodeRanges(graph))
            index = Self.position(of: grown.lowerBound, in: ranges) ?? index
          }
          unit = grown
          merged = true
        }
        if merged { kernels += 1 }
      }
      index = unit.isEmpty ? index + 1 : (Self.position(of: unit.lowerBound, in: ranges) ?? index) + 1
    }
    Self.apply(labels, to: &graph)
    return [("kernels-formed", kernels), ("ops-fused", fused), ("fusions-rejected", rejected)]
  }

  private static func apply(_ labels: [(node: Int, label: String)], to graph: inout Graph) {
    for (node, label) in labels { graph.nodes[node].schedule.kernel = label }
  }

  /// The index of the range starting at `node` (ranges are sorted and disjoint).
  private static func position(of node: Int, in ranges: [Range<Int>]) -> Int? {
    var (low, high) = (0, ranges.count)
    while low < high {
      let middle = (low + high) / 2
      if ranges[middle].upperBound <= node { low = middle + 1 } else { high = middle }
    }
    return low < ranges.count && ranges[low].contains(node) ? low : nil
  }

  /// Who consumes and who produces every value, and the graph's outputs: what
  /// `fusibleConsumer` asks of each kernel, answered without scanning the graph.
  struct Uses {
    var consumers: [[Int]]
    var producers: [Int?]
    var outputs: Set<ValueID>

    init(_ graph: Graph) {
      var consumers = [[Int]](repeating: [], count: graph.values.count)
      for (index, node) in graph.nodes.enumerated() {
        for input in node.inputs.compactMap({ $0 }) where consumers[input.index].last != index {
          consumers[input.index].append(index)
        }
      }
      (self.consumers, producers, outputs) = (consumers, graph.producers(), Set(graph.outputs))
    }
  }

  /// Ops of a kernel that do work (not relabelling or type conversion).
  private func workingOps(_ range: Range<Int>, _ graph: Graph) -> Int {
    graph.nodes[range].filter { !$0.op.isPassThrough }.count
  }

  private func canStartKernel(_ range: Range<Int>, _ graph: Graph) -> Bool {
    workingOps(range, graph) > 0 && graph.nodes[range].allSatisfy { !$0.schedule.isOnHost }
  }

  /// The kernel that alone consumes this kernel's only result, when it may join it: all its
  /// working ops are output-pipeline stages the target runs, and its other inputs exist
  /// before this kernel starts (so it can move up to it).
  private func fusibleConsumer(of unit: Range<Int>, _ ranges: [Range<Int>], _ graph: Graph, _ uses: Uses) -> Int? {
    let produced = graph.nodes[unit].flatMap(\.outputs)
    guard !produced.contains(where: uses.outputs.contains) else { return nil }
    var leaving: [ValueID] = []
    var consumers: [Int] = []
    for value in produced {
      let outside = uses.consumers[value.index].filter { !unit.contains($0) }
      if !outside.isEmpty { leaving.append(value) }
      consumers += outside
    }
    guard leaving.count == 1, let value = leaving.first, let firstConsumer = consumers.min(),
      firstConsumer >= unit.upperBound, let position = Self.position(of: firstConsumer, in: ranges),
      consumers.allSatisfy(ranges[position].contains)
    else { return nil }
    let consumer = ranges[position]
    let nodes = graph.nodes[consumer]
    guard workingOps(consumer, graph) > 0, nodes.allSatisfy({ !$0.schedule.isOnHost && isFusibleStage($0.op) })
    else { return nil }
    let inside = Set(nodes.flatMap(\.outputs))
    // A residual: an activation the consumer reads from memory besides this kernel's result.
    let readsResidual = nodes.flatMap { $0.inputs.compactMap { $0 } }.contains {
      $0 != value && !inside.contains($0) && graph.constants[$0] == nil
    }
    if readsResidual && !fusesResiduals { return nil }
    let available = nodes.flatMap { $0.inputs.compactMap { $0 } }.allSatisfy { input in
      input == value || inside.contains(input) || (uses.producers[input.index].map { $0 < unit.lowerBound } ?? true)
    }
    return available ? position : nil
  }

  enum Residual: String { case fuse, separate }

  private func isFusibleStage(_ op: Op) -> Bool {
    if op.isPassThrough { return true }
    switch op {
    case .unary, .leakyRelu, .hardSigmoid, .elu, .selu, .gelu, .clip, .binary, .batchNormalization, .maxPool,
      .averagePool, .globalAveragePool, .globalMaxPool:
      return target.model.vectorUnitRuns(op.name)
    default:
      return false
    }
  }

  /// Whether the fused kernel is estimated no slower than the two kernels apart; only these
  /// kernels change, so only they are priced. A kernel the target cannot run is never fused.
  /// Layout conversions charged for a layout not decided yet are left out: `layout` decides
  /// them after fusion, and a fused kernel's boundary is what it converts.
  private func noSlower(_ fused: Kernel, _ unit: Kernel, _ consumer: Kernel) -> Bool {
    func price(_ kernel: Kernel) -> (cycles: Double, energy: Double)? {
      guard let cost = try? target.model.cost(kernel) else { return nil }
      let cycles = cost.placement == .host ? cost.totalCycles : cost.totalCycles - cost.transferCycles
      return (cycles, cost.energy.totalPJ(atCycles: cycles))
    }
    guard let together = price(fused), let apart = price(unit), let next = price(consumer) else { return false }
    // With the energy or EDP objective the pair is scored as one: its cycles and energy summed.
    let objective = target.objective
    return objective.score(cycles: together.cycles, energyPJ: together.energy)
      <= objective.score(cycles: apart.cycles + next.cycles, energyPJ: apart.energy + next.energy)
  }
}
