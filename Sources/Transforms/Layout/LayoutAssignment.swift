import CostModel
import GraphIR
import HardwareModel

/// One way of laying out a graph: every kernel's layout chosen, relayouts inserted where a
/// producer and a consumer disagree, chains of relayouts folded.
///
/// Kernels (fused groups, or single nodes) are the unit of choice: a kernel's tensors stay in
/// one layout on chip. A kernel with an op that reads the logical order needs NCHW; else a
/// convolution's kernel takes its unit's layout; else (agnostic ops only) the kernel adopts
/// the layout of its first layout-dependent input. Graph inputs come in whichever layout their
/// first consumer wants and graph outputs leave in their producer's: the runtime hands
/// tensors over in the accelerator's format.
struct LayoutAssignment {
  /// What a kernel asks of its inputs' layout.
  enum Requirement: Equatable {
    /// Runs in this layout.
    case fixed(TensorLayout)
    /// Adopts its producer's layout.
    case follow
    /// An existing relayout node: reads `from`, writes `to`.
    case relayout(from: TensorLayout, to: TensorLayout)
  }

  var graph: Graph
  var relayoutsInserted = 0
  var relayoutsFolded = 0
  var nodesLaidOut = 0

  /// Lays out `source`; `modelOrderOnly` keeps every kernel in NCHW (the default lowering's
  /// layout, decided explicitly).
  init(_ source: Graph, model: AnalyticalModel, modelOrderOnly: Bool) {
    graph = source
    let ranges = KernelLowering.nodeRanges(source)
    let kernels = KernelLowering.kernels(source)
    let requirements = zip(ranges, kernels).map { range, kernel -> Requirement in
      if range.count == 1, case .relayout(let a) = source.nodes[range.lowerBound].op {
        return .relayout(from: a.from, to: a.to)
      }
      if modelOrderOnly { return .fixed(.nchw) }
      let rules = source.nodes[range].map { LayoutRule.of($0, in: source) }
      if rules.contains(.modelOrder) { return .fixed(.nchw) }
      if rules.contains(.unitLayout) { return .fixed(model.preferredLayout(for: kernel) ?? .nchw) }
      return .follow
    }
    build(source, ranges: ranges, requirements: requirements)
    relayoutsFolded = graph.foldRelayouts()
  }

  // MARK: - Building the laid-out graph

  private mutating func build(_ source: Graph, ranges: [Range<Int>], requirements: [Requirement]) {
    let external = ranges.map { externalActivations(source, $0) }
    var layoutOf = [TensorLayout?](repeating: nil, count: source.values.count)
    let demand = Self.demand(source, ranges: ranges, requirements: requirements, external: external)
    let firstReader = Self.firstReader(source, ranges: ranges, external: external)
    for input in source.inputs {
      layoutOf[input.index] = firstReader[input.index].map { demand[$0] } ?? .nchw
    }
    var names = Set(source.values.map(\.name))
    var converted: [ValueID: [TensorLayout: ValueID]] = [:]
    graph.nodes = []
    for (group, range) in ranges.enumerated() {
      let (reads, writes) = layouts(requirements[group], external[group], layoutOf, source)
      var members = Array(source.nodes[range])
      for value in external[group] {
        guard let have = layoutOf[value.index], !have.sameOrder(as: reads, shape: source[value].type.shape) else {
          continue
        }
        let replacement: ValueID
        if let existing = converted[value]?[reads] {
          replacement = existing
        } else {
          replacement = insertRelayout(of: value, from: have, to: reads, names: &names)
          converted[value, default: [:]][reads] = replacement
        }
        for index in members.indices {
          members[index].inputs = members[index].inputs.map { $0 == value ? replacement : $0 }
        }
      }
      for index in members.indices {
        if members[index].schedule.layout != writes { nodesLaidOut += 1 }
        members[index].schedule.layout = writes
        for output in members[index].outputs { layoutOf[output.index] = writes }
      }
      graph.nodes += members
    }
  }

  /// The layout a kernel reads its inputs in and writes its outputs in.
  private func layouts(
    _ requirement: Requirement, _ inputs: [ValueID], _ layoutOf: [TensorLayout?], _ source: Graph
  ) -> (reads: TensorLayout, writes: TensorLayout) {
    switch requirement {
    case .fixed(let layout): return (layout, layout)
    case .relayout(let from, let to): return (from, to)
    case .follow:
      let ordered = inputs.first { TensorLayout.orderMatters(source[$0].type.shape) } ?? inputs.first
      let layout = ordered.flatMap { layoutOf[$0.index] } ?? .nchw
      return (layout, layout)
    }
  }

  /// Appends a relayout of `value` and returns its result.
  private mutating func insertRelayout(
    of value: ValueID, from: TensorLayout, to: TensorLayout, names: inout Set<String>
  ) -> ValueID {
    let name = names.claimUnique("\(graph[value].name).\(to)")
    let result = graph.addValue(name, graph[value].type)
    graph.nodes.append(
      Node(
        name: "relayout.\(name)", op: .relayout(RelayoutAttributes(from: from, to: to)), inputs: [value],
        outputs: [result], schedule: NodeSchedule(layout: to)))
    relayoutsInserted += 1
    return result
  }

  // MARK: - Facts about the kernels

  /// Non-constant values a kernel reads that it does not produce, in first-use order.
  private func externalActivations(_ source: Graph, _ range: Range<Int>) -> [ValueID] {
    var produced = Set<ValueID>()
    var result: [ValueID] = []
    for node in source.nodes[range] {
      for input in node.inputs.compactMap({ $0 })
      where source.constants[input] == nil && !produced.contains(input) && !result.contains(input) {
        result.append(input)
      }
      produced.formUnion(node.outputs)
    }
    return result
  }

  /// For every value, the first kernel reading it from outside.
  private static func firstReader(_ source: Graph, ranges: [Range<Int>], external: [[ValueID]]) -> [Int?] {
    var result = [Int?](repeating: nil, count: source.values.count)
    for (group, values) in external.enumerated() {
      for value in values where result[value.index] == nil { result[value.index] = group }
    }
    return result
  }

  /// The layout each kernel would like its inputs in: its own when it has one, else (for an
  /// agnostic kernel) what the first reader of its result wants, NCHW when nothing reads it.
  /// Decides the layout of graph inputs.
  private static func demand(
    _ source: Graph, ranges: [Range<Int>], requirements: [Requirement], external: [[ValueID]]
  ) -> [TensorLayout] {
    let firstReader = firstReader(source, ranges: ranges, external: external)
    var result = [TensorLayout](repeating: .nchw, count: ranges.count)
    for group in ranges.indices.reversed() {
      switch requirements[group] {
      case .fixed(let layout): result[group] = layout
      case .relayout(let from, _): result[group] = from
      case .follow:
        let readers = source.nodes[ranges[group]].flatMap(\.outputs).compactMap { firstReader[$0.index] }
        if let reader = readers.filter({ $0 > group }).min() { result[group] = result[reader] }
      }
    }
    return result
  }
}
