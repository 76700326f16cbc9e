import GraphIR
import HardwareModel

/// Turns a graph into kernels. Nodes sharing a `kernel` label in their schedule form one
/// fused kernel; every other node is its own kernel whose tensors round-trip DRAM (the
/// default lowering for what is not decided yet).
public enum KernelLowering {
  /// Type conversions (`OpGroup.conversion`): inside a kernel with other work they run in its
  /// load and store path (quantize on store, dequantize or cast on load) and cost nothing
  /// extra, on the host too: ops such as relu and max pooling run on stored codes directly,
  /// and the rescale of the others is taken as part of loading them.
  static func working(_ indices: [Int], of nodes: [Node]) -> [Int] {
    let working = indices.filter { nodes[$0].op.group != .conversion }
    return working.isEmpty ? indices : working
  }

  public static func kernels(_ graph: Graph) -> [Kernel] {
    let context = Context(graph)
    return nodeRanges(graph).map { context.kernel(context.span($0)) }
  }

  /// Where each kernel of `kernels(graph)` comes from, in the same order: its nodes and the
  /// tensors crossing its boundary. The scheduler needs names the cost model does not.
  public static func spans(_ graph: Graph) -> [KernelSpan] {
    let context = Context(graph)
    return nodeRanges(graph).map(context.span)
  }

  /// Node ranges of the kernels, in the order `kernels` returns them: a run of nodes sharing
  /// a `kernel` label, or one unlabelled node.
  public static func nodeRanges(_ graph: Graph) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    while start < graph.nodes.count {
      var end = start + 1
      if let label = graph.nodes[start].schedule.kernel {
        while end < graph.nodes.count, graph.nodes[end].schedule.kernel == label { end += 1 }
      }
      result.append(start..<end)
      start = end
    }
    return result
  }

  /// The kernel formed by `nodes` alone (a fusion candidate), priced as if they were one kernel.
  public static func kernel(_ graph: Graph, nodes: Range<Int>) -> Kernel {
    Lowerer(graph).kernel(nodes: nodes)
  }

  /// Lowers spans of one graph repeatedly (a pass pricing fusion candidates): the graph-wide
  /// facts are computed once. Valid while the graph's nodes keep their order and edges.
  public struct Lowerer: Sendable {
    let context: Context
    public init(_ graph: Graph) { context = Context(graph) }
    /// The kernel formed by `nodes` alone, priced as if they were one kernel.
    public func kernel(nodes: Range<Int>) -> Kernel { context.kernel(context.span(nodes)) }
  }

  /// The index of the kernel's anchor: its first contraction node, which carries the tile.
  public static func anchor(of range: Range<Int>, in graph: Graph) -> Int? {
    range.first { graph.nodes[$0].op.isContraction }
  }

  /// Facts about the graph every kernel needs.
  struct Context {
    let graph: Graph
    let graphInputs: Set<ValueID>
    let graphOutputs: Set<ValueID>
    /// For every value, the index of the last node consuming it (-1 when none).
    let lastConsumer: [Int]
    /// `Graph.zeroFractions`, per value.
    let zeroFractions: [Double]

    init(_ graph: Graph) {
      self.graph = graph
      zeroFractions = graph.zeroFractions()
      graphInputs = Set(graph.inputs)
      graphOutputs = Set(graph.outputs)
      var last = [Int](repeating: -1, count: graph.values.count)
      for (index, node) in graph.nodes.enumerated() {
        for input in node.inputs.compactMap({ $0 }) { last[input.index] = index }
      }
      lastConsumer = last
    }

    /// The nodes in `range` and the tensors entering (activations, weights) and leaving it.
    func span(_ range: Range<Int>) -> KernelSpan {
      let members = graph.nodes[range]
      var produced = Set<ValueID>()
      var external: [ValueID] = []
      for node in members {
        for input in node.inputs.compactMap({ $0 }) where !produced.contains(input) && !external.contains(input) {
          external.append(input)
        }
        produced.formUnion(node.outputs)
      }
      let leaving = members.flatMap(\.outputs).filter {
        graphOutputs.contains($0) || lastConsumer[$0.index] >= range.upperBound
      }
      return KernelSpan(
        nodes: range, inputs: external.filter { graph.constants[$0] == nil },
        weights: external.filter { graph.constants[$0] != nil }, outputs: leaving, produced: produced)
    }

    func kernel(_ span: KernelSpan) -> Kernel {
      let (range, activations, weights, leaving, produced) =
        (span.nodes, span.inputs, span.weights, span.outputs, span.produced)
      let nodes = graph.nodes
      let members = nodes[range]
      let first = nodes[range.lowerBound]
      let working = KernelLowering.working(Array(range), of: nodes)
      // The vector work of each working node, counted once for the host and the kernel.
      let works = working.map { index in
        let node = nodes[index]
        let output = node.outputs.first.map { graph[$0].type } ?? TensorType(.float32, [])
        return KernelLowering.work(of: node, in: graph, output: output, readsNetworkInput: false)
      }
      var kernel = Kernel(
        name: first.schedule.kernel ?? first.name, ops: range.map { nodes[$0].op.name }, work: .free,
        elementType: ElementType(activations.first.map { graph[$0].type.dtype } ?? graph[first.outputs[0]].type.dtype),
        inputBytes: activations.reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) },
        weightBytes: weights.reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) },
        outputBytes: leaving.reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) },
        placement: range.lazy.compactMap { nodes[$0].schedule.unit }.first.map(Placement.init),
        vectorOps: KernelLowering.working(range.filter { !nodes[$0].op.isPassThrough }, of: nodes).map {
          nodes[$0].op.name
        })
      kernel.layoutDependentBytes = (activations + leaving).filter { TensorLayout.orderMatters(graph[$0].type.shape) }
        .reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) }
      kernel.hostOperations = zip(working, works).reduce(0) { sum, pair in
        saturatingAdd(sum, hostOperations(of: nodes[pair.0], work: pair.1))
      }
      kernel.inputZeroFraction = zeroFraction(of: activations)
      kernel.outputZeroFraction = zeroFraction(of: leaving)
      if let anchor = range.first(where: { nodes[$0].op.isContraction }) {
        fillContraction(&kernel, anchor: nodes[anchor], members: members, produced: produced)
      } else {
        kernel.work = combinedWork(works)
      }
      kernel.hostClass = KernelLowering.hostClass(kernel.work, working.first.map { nodes[$0].op.group })
      return kernel
    }

    /// The expected fraction of zeros over `tensors`, weighted by their sizes.
    private func zeroFraction(of tensors: [ValueID]) -> Double {
      let elements = tensors.map { Double(graph[$0].type.elementCount) }
      let total = elements.reduce(0, +)
      guard total > 0 else { return 0 }
      return zip(tensors, elements).map { zeroFractions[$0.index] * $1 }.reduce(0, +) / total
    }

    /// A contraction with the ops after it fused as pipeline stages.
    private func fillContraction(
      _ kernel: inout Kernel, anchor: Node, members: ArraySlice<Node>, produced: Set<ValueID>
    ) {
      let traced = anchor.inputs.first.flatMap { $0 }.map { origin(of: $0, within: members) }
      if let traced {
        // The array multiplies in the wider of its operands' types: int8 activations times
        // float32 weights is a float32 product.
        let weightIndex = anchor.op.traits.weightInput ?? 1
        let weight = weightIndex < anchor.inputs.count ? anchor.inputs[weightIndex] : nil
        let weightType = weight.map { origin(of: $0, within: members).narrowest } ?? traced.narrowest
        kernel.elementType = ElementType(
          weightType.byteWidth > traced.narrowest.byteWidth ? weightType : traced.narrowest)
      }
      let source = traced?.source
      let readsImage = source.map {
        graphInputs.contains($0) && graph[$0].type.rank == 4 && graph[$0].type.shape[1] <= 4
      }
      let output = anchor.outputs.first.map { graph[$0].type } ?? TensorType(.float32, [])
      kernel.work = work(of: anchor, in: graph, output: output, readsNetworkInput: readsImage ?? false)
      kernel.tile = anchor.schedule.tile
      kernel.layout = anchor.schedule.layout
      var hasResidual = false
      var pooling: ConvolutionNest.Pooling?
      for node in members
      where node.name != anchor.name && !node.op.isPassThrough && node.op.group != .conversion {
        let streamed =
          node.inputs.compactMap { $0 }.filter { graph.constants[$0] == nil }
          .map { graph[$0].type.elementCount }.max() ?? 0
        kernel.fusedStages.append(Kernel.FusedStage(op: node.op.name, elements: streamed))
        // A residual operand comes from outside the kernel, possibly through its load conversions.
        if case .binary = node.op,
          node.inputs.contains(where: {
            $0.map { origin(of: $0, within: members).source }
              .map { !produced.contains($0) && graph.constants[$0] == nil } ?? false
          })
        {
          hasResidual = true
        }
        if let window = poolingWindow(node) { pooling = window }
      }
      if case .convolution(var nest) = kernel.work {
        nest.residual = hasResidual
        nest.pooling = pooling
        kernel.work = .convolution(nest)
      }
    }

    /// Scalar operations of `node` on the host: two per MAC of a contraction, else its vector work.
    private func hostOperations(of node: Node, work: Kernel.Work) -> Int {
      if node.op.isContraction { return saturatingMultiply(2, graph.macs(of: node)) }
      if case .vector(let operations) = work { return operations }
      return 0
    }

    /// The value a kernel input really comes from (through the kernel's own dequantize,
    /// quantize and cast nodes) and the narrowest dtype on the way there: the type the
    /// operand is multiplied in. A kernel that quantizes on load, `conv(dq(q(x: f32)), …)`,
    /// reads f32 but multiplies int8; one that loads int8, `conv(dq(x: i8), …)`, does both.
    private func origin(of value: ValueID, within members: ArraySlice<Node>) -> (source: ValueID, narrowest: DType) {
      var current = value
      var narrowest = graph[value].type.dtype
      while let producer = members.first(where: { $0.outputs.contains(current) }),
        producer.op.group == .conversion,
        let input = producer.inputs.first.flatMap({ $0 })
      {
        current = input
        if graph[current].type.dtype.byteWidth < narrowest.byteWidth { narrowest = graph[current].type.dtype }
      }
      return (current, narrowest)
    }

    private func poolingWindow(_ node: Node) -> ConvolutionNest.Pooling? {
      guard let input = node.inputs.first.flatMap({ $0 }) else { return nil }
      let shape = graph[input].type.shape
      switch node.op {
      case .maxPool(let p), .averagePool(let p):
        let k = p.kernelShape
        let s = p.strides
        guard k.count == 2, s.count == 2 else { return nil }
        return ConvolutionNest.Pooling(height: k[0], width: k[1], strideV: s[0], strideH: s[1])
      case .globalAveragePool, .globalMaxPool:
        guard shape.count == 4 else { return nil }
        return ConvolutionNest.Pooling(height: shape[2], width: shape[3], strideV: shape[2], strideH: shape[3])
      default: return nil
      }
    }

    /// Work of a kernel without a contraction: the sum of its working members' vector work, else
    /// movement if anything moves data, else free. Conversions count only in a kernel that
    /// does nothing else.
    private func combinedWork(_ works: [Kernel.Work]) -> Kernel.Work {
      var operations = 0
      var moves = false
      for work in works {
        switch work {
        case .vector(let count): operations = saturatingAdd(operations, count)
        case .movement: moves = true
        default: break
        }
      }
      if operations > 0 { return .vector(operations: operations) }
      return moves ? .movement : .free
    }
  }

  /// The CPU class of a kernel: its contraction's kind, else its first working op's group.
  static func hostClass(_ work: Kernel.Work, _ group: OpGroup?) -> HostOpClass {
    switch work {
    case .convolution(let nest):
      return nest.groups == 1 ? .convolution : nest.inputChannels == 1 ? .depthwise : .grouped
    case .matrix: return .matrix
    case .movement, .free: return .movement
    case .vector:
      switch group {
      case .pooling: return .pooling
      case .normalization: return .normalization
      case .reduction: return .reduction
      case .movement, .relabel, .resampling: return .movement
      default: return .elementwise
      }
    }
  }

  static func work(of node: Node, in graph: Graph, output: TensorType, readsNetworkInput: Bool) -> Kernel.Work {
    func type(_ i: Int) -> TensorType? { i < node.inputs.count ? node.inputs[i].map { graph[$0].type } : nil }
    switch node.op {
    case .conv(let a), .convInteger(let a), .qLinearConv(let a):
      guard let x = type(0), let w = type(node.op.traits.weightInput ?? 1), x.rank >= 3 else {
        return .vector(operations: output.elementCount)
      }
      return convolution(a, x: x, w: w, output: output, readsNetworkInput: readsNetworkInput)
    case .convTranspose(let a):
      // The GEMM of the usual lowering (then a col2im scatter-add of the columns): per group,
      // every input pixel (M) times its channels (K) against each output channel's kernel
      // window (N).
      guard let x = type(0), let w = type(1), x.rank >= 3, w.rank == x.rank else { return .free }
      let groups = max(a.conv.group, 1)
      let pixels = saturatingMultiply(x.shape[0], Array(x.shape.dropFirst(2)).elementCount)
      return .matrix(
        GEMMShape(m: pixels, n: Array(w.shape.dropFirst()).elementCount, k: max(x.shape[1] / groups, 1)),
        batch: groups)
    case .gemm(let a):
      guard let x = type(0) else { return .free }
      let k = a.transA ? x.shape[0] : x.shape.last ?? 1
      return .matrix(GEMMShape(m: output.shape.first ?? 1, n: output.shape.last ?? 1, k: k), batch: 1)
    case .matMul, .matMulInteger, .qLinearMatMul, .einsum:
      guard let a = type(0), output.rank >= 1 else { return .free }
      let n = output.shape.last ?? 1
      var m = output.rank >= 2 ? output.shape[output.rank - 2] : 1
      var batch = max(output.elementCount / max(saturatingMultiply(m, n), 1), 1)
      // A right operand without batch dimensions (a `[K, N]` weight broadcast over the left
      // operand's leading dimensions) makes one GEMM over all the left operand's rows, as
      // GEMM libraries and Gemmini's `tiled_matmul_auto` run it, not `batch` GEMMs of M rows.
      if let b = type(node.op.traits.weightInput ?? 1), b.shape.dropLast(2).allSatisfy({ $0 == 1 }) {
        (m, batch) = (saturatingMultiply(m, batch), 1)
      }
      let k = max(graph.macs(of: node) / max(saturatingMultiply(saturatingMultiply(m, n), batch), 1), a.shape.last ?? 1)
      return .matrix(GEMMShape(m: m, n: n, k: k), batch: batch)
    case .maxPool(let p), .averagePool(let p):
      return .vector(operations: saturatingMultiply(output.elementCount, p.kernelShape.elementCount))
    case .globalAveragePool, .globalMaxPool, .reduce, .softmax, .logSoftmax, .layerNormalization, .lrn,
      .instanceNormalization:
      return .vector(operations: saturatingAdd(inputsElements(node, graph), output.elementCount))
    case .reshape, .flatten, .squeeze, .unsqueeze, .identity, .dropout:
      return .free
    case .transpose, .concat, .split, .slice, .gather, .gatherElements, .pad, .expand, .tile, .resize, .depthToSpace,
      .spaceToDepth, .relayout:
      return .movement
    case .batchNormalization, .unary, .leakyRelu, .hardSigmoid, .elu, .selu, .gelu, .clip, .cast, .binary, .variadic,
      .where, .quantizeLinear, .dequantizeLinear, .trilu, .cumSum, .argMax, .argMin:
      return .vector(operations: output.elementCount)
    }
  }

  private static func inputsElements(_ node: Node, _ graph: Graph) -> Int {
    node.inputs.compactMap { $0 }.filter { graph.constants[$0] == nil }.reduce(0) {
      saturatingAdd($0, graph[$1].type.elementCount)
    }
  }

  /// A convolution's loop nest: 1-D taken as height 1; the leading spatial dimensions of a
  /// 3-D one folded into the height.
  static func convolution(
    _ a: ConvAttributes, x: TensorType, w: TensorType, output: TensorType, readsNetworkInput: Bool
  ) -> Kernel.Work {
    let spatial = Array(x.shape.dropFirst(2))
    let outSpatial = Array(output.shape.dropFirst(2))
    let samePadding = zip(spatial, zip(a.strides, outSpatial)).allSatisfy { input, pair in
      (input + pair.0 - 1) / pair.0 == pair.1
    }
    func split(_ extents: [Int]) -> (Int, Int) { (Array(extents.dropLast()).elementCount, extents.last ?? 1) }
    func pair(_ values: [Int]) -> (Int, Int) { (values.count >= 2 ? values[values.count - 2] : 1, values.last ?? 1) }
    let groups = max(a.group, 1)
    let (h, width) = split(spatial)
    let (outH, outW) = split(outSpatial)
    let (r, s) = split(a.kernelShape)
    let (sv, sh) = pair(a.strides)
    let (dv, dh) = pair(a.dilations)
    return .convolution(
      ConvolutionNest(
        batch: output.shape.first ?? 1, groups: groups, inputChannels: x.shape[1] / groups,
        outputChannels: w.shape[0] / groups, inputHeight: h, inputWidth: width, outputHeight: outH,
        outputWidth: outW, kernelHeight: r, kernelWidth: s, strideV: sv, strideH: sh, dilationV: dv, dilationH: dh,
        samePadding: samePadding, readsNetworkInput: readsNetworkInput))
  }
}

/// One kernel's place in the graph: its contiguous nodes and the tensors crossing its
/// boundary, each list in order of first use.
public struct KernelSpan: Hashable, Sendable {
  /// Indices into `graph.nodes`.
  public var nodes: Range<Int>
  /// Activations read from outside the kernel (graph inputs or other kernels' outputs).
  public var inputs: [ValueID]
  /// Constants the kernel reads.
  public var weights: [ValueID]
  /// Values the kernel writes that are graph outputs or read outside it.
  public var outputs: [ValueID]
  /// Every value the kernel's nodes produce, leaving or not (membership only, never iterated).
  var produced: Set<ValueID>
}
