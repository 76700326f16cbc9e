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
    var kernels = 0
    var fused = 0
    var rejected = 0
    var index = 0
    var ranges = KernelLowering.nodeRanges(graph)
    while index < ranges.count {
      var unit = ranges[index]
      if canStartKernel(unit, graph) {
        let first = graph.nodes[unit.lowerBound]
        let label = first.schedule.kernel ?? first.name
        var merged = false
        while workingOps(unit, graph) < maxOps, let consumer = fusibleConsumer(of: unit, ranges, graph) {
          guard workingOps(unit, graph) + workingOps(consumer, graph) <= maxOps else { break }
          var trial = graph
          let moved = Array(trial.nodes[consumer])
          trial.nodes.removeSubrange(consumer)
          trial.nodes.insert(contentsOf: moved, at: unit.upperBound)
          let grown = unit.lowerBound..<(unit.upperBound + moved.count)
          for node in grown { trial.nodes[node].schedule.kernel = label }
          guard noSlower(fused: KernelLowering.kernel(trial, nodes: grown), unit, consumer, graph) else {
            rejected += 1
            break
          }
          fused += workingOps(consumer, graph)
          graph = trial
          unit = grown
          merged = true
          ranges = KernelLowering.nodeRanges(graph)
        }
        if merged { kernels += 1 }
      }
      index = (ranges.firstIndex { $0.lowerBound >= unit.upperBound }) ?? ranges.count
    }
    return [("kernels-formed", kernels), ("ops-fused", fused), ("fusions-rejected", rejected)]
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
  private func fusibleConsumer(of unit: Range<Int>, _ ranges: [Range<Int>], _ graph: Graph) -> Range<Int>? {
    let produced = Set(graph.nodes[unit].flatMap(\.outputs))
    var leaving = Set<ValueID>()
    var consumers: [Int] = []
    for (index, node) in graph.nodes.enumerated() where !unit.contains(index) {
      let used = node.inputs.compactMap { $0 }.filter(produced.contains)
      if !used.isEmpty {
        leaving.formUnion(used)
        consumers.append(index)
      }
    }
    guard leaving.count == 1, let value = leaving.first, !graph.outputs.contains(where: produced.contains),
      let firstConsumer = consumers.first, firstConsumer >= unit.upperBound,
      let consumer = ranges.first(where: { $0.contains(firstConsumer) }),
      consumers.allSatisfy(consumer.contains)
    else { return nil }
    let nodes = graph.nodes[consumer]
    guard workingOps(consumer, graph) > 0, nodes.allSatisfy({ !$0.schedule.isOnHost && isFusibleStage($0.op) })
    else { return nil }
    let inside = Set(nodes.flatMap(\.outputs))
    let producers = graph.producers()
    // A residual: an activation the consumer reads from memory besides this kernel's result.
    let readsResidual = nodes.flatMap { $0.inputs.compactMap { $0 } }.contains {
      $0 != value && !inside.contains($0) && graph.constants[$0] == nil
    }
    if readsResidual && !fusesResiduals { return nil }
    let available = nodes.flatMap { $0.inputs.compactMap { $0 } }.allSatisfy { input in
      input == value || inside.contains(input) || (producers[input.index].map { $0 < unit.lowerBound } ?? true)
    }
    return available ? consumer : nil
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
  private func noSlower(fused: Kernel, _ unit: Range<Int>, _ consumer: Range<Int>, _ graph: Graph) -> Bool {
    func cycles(_ kernel: Kernel) -> Double? {
      guard let cost = try? target.model.cost(kernel) else { return nil }
      return cost.placement == .host ? cost.totalCycles : cost.totalCycles - cost.transferCycles
    }
    guard let together = cycles(fused), let apart = cycles(KernelLowering.kernel(graph, nodes: unit)),
      let next = cycles(KernelLowering.kernel(graph, nodes: consumer))
    else { return false }
    return together <= apart + next
  }
}
