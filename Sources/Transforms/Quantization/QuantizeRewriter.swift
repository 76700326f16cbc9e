import CostModel
import GraphIR

/// Rebuilds a graph's node list kernel by kernel, adding the conversions a
/// `QuantizationPlan` asks for, in ONNX's QDQ form: every quantized tensor is a
/// QuantizeLinear output, and each kernel that reads it starts with a DequantizeLinear, so
/// the IR states every stored dtype and scale while the ops themselves stay float (`fp16`
/// uses Cast the same way).
///
/// Conversions join the kernel they belong to (their `schedule.kernel` label): a kernel
/// dequantizes what it loads at its start and quantizes what it stores at its end, so kernels
/// stay contiguous and the order topological.
struct QuantizeRewriter {
  var graph: Graph
  let scheme: QuantizationScheme
  /// Nodes inserted so far.
  private(set) var inserted = 0

  private var nodes: [Node] = []
  /// Float values a quantized kernel stores quantized: the stored value.
  private var stored: [ValueID: ValueID] = [:]
  /// Activation scales, and the constants holding them and their zero points.
  private var scales: [ValueID: Float] = [:]
  private var scaleConstants: [ValueID: ValueID] = [:]
  private var zeroPoints: [ValueID: ValueID] = [:]
  /// Converted weights by (weight, channel axis), shared by contractions that share a weight.
  private var weights: [WeightKey: ConvertedWeight] = [:]
  private var valueNames: Set<String>
  private var nodeNames: Set<String>
  private var labels: Set<String>

  private struct WeightKey: Hashable {
    var weight: ValueID
    var axis: Int?
  }

  private struct ConvertedWeight {
    var codes: ValueID
    var scales: ValueID?
    var channelScales: [Float]
  }

  init(graph: Graph, scheme: QuantizationScheme) {
    self.graph = graph
    self.scheme = scheme
    valueNames = Set(graph.values.map(\.name))
    nodeNames = Set(graph.nodes.map(\.name))
    labels = Set(graph.nodes.compactMap(\.schedule.kernel))
  }

  /// The graph with every span rewritten as `plan` says.
  mutating func rewrite(_ spans: [KernelSpan], plan: QuantizationPlan) throws(IRError) -> Graph {
    var lastUse = [Int](repeating: -1, count: graph.values.count)
    for (index, node) in graph.nodes.enumerated() {
      for input in node.inputs.compactMap({ $0 }) { lastUse[input.index] = index }
    }
    for (index, span) in spans.enumerated() {
      let members = Array(graph.nodes[span.nodes])
      let loads = QuantizationPlan.floatInputs(of: span, in: graph)
      if index < plan.quantized.count, plan.quantized[index] {
        let label = kernelLabel(members)
        try quantizedKernel(members, loads: loads, label: label)
        for node in members {
          for output in node.outputs
          where graph[output].type.dtype == .float32 && lastUse[output.index] >= span.nodes.upperBound {
            stored[output] = try quantize(output, label: label)
          }
        }
      } else if loads.contains(where: { stored[$0] != nil }) {
        let label = kernelLabel(members)
        var replaced: [ValueID: ValueID] = [:]
        for value in loads {
          if let codes = stored[value] { replaced[value] = try dequantize(codes, of: value, label: label) }
        }
        nodes += members.map { relabelled($0, label: label, replacing: replaced) }
      } else {
        nodes += members
      }
    }
    graph.nodes = nodes
    return graph.pruned()
  }

  // MARK: - Kernels

  /// A quantized kernel's loads, converted weights and body (its stores follow).
  private mutating func quantizedKernel(_ members: [Node], loads: [ValueID], label: String) throws(IRError) {
    var replaced: [ValueID: ValueID] = [:]
    for value in loads {
      let codes: ValueID
      if let previous = stored[value] {
        codes = previous
      } else {
        scales[value] = scheme.activationScale(value)
        codes = try quantize(value, label: label)
      }
      replaced[value] = try dequantize(codes, of: value, label: label)
    }
    var body = members.map { relabelled($0, label: label, replacing: replaced) }
    for (index, node) in members.enumerated() {
      guard let contraction = QuantizableContraction(node, in: graph), let weight = node.inputs[1] else { continue }
      let converted = try convertedWeight(weight, axis: contraction.channelAxis)
      body[index].inputs[1] = try load(converted, of: weight, axis: contraction.channelAxis ?? 0, label: label)
      if let biasIndex = contraction.biasIndex, let bias = node.inputs[biasIndex],
        let loaded = try convertedBias(
          bias,
          inputScale: node.inputs[0].map { scales[$0] ?? scheme.activationScale($0) } ?? scheme.activationScale(bias),
          weightScales: converted.channelScales, label: label)
      {
        body[index].inputs[biasIndex] = loaded
      }
    }
    nodes += body
    let keepsScale = members.allSatisfy { QuantizationScheme.preservesScale($0.op) }
    let inputScale = loads.first.flatMap { scales[$0] }
    for node in members {
      for output in node.outputs {
        scales[output] = keepsScale ? inputScale ?? scheme.activationScale(output) : scheme.activationScale(output)
      }
    }
  }

  /// The label of the kernel `members` form; a lone unlabelled node is labelled with its own
  /// name (made unique) so that conversions can join it.
  private mutating func kernelLabel(_ members: [Node]) -> String {
    if let label = members.first?.schedule.kernel { return label }
    return labels.claimUnique(members.first?.name ?? "kernel")
  }

  private func relabelled(_ node: Node, label: String, replacing replaced: [ValueID: ValueID]) -> Node {
    var node = node
    node.schedule.kernel = label
    node.inputs = node.inputs.map { $0.map { replaced[$0] ?? $0 } }
    return node
  }

  // MARK: - Activations

  /// Appends the node storing float `value` quantized (QuantizeLinear or a Cast to f16).
  private mutating func quantize(_ value: ValueID, label: String) throws(IRError) -> ValueID {
    let name = graph[value].name
    guard scheme.isInteger else {
      return try emit("\(name).to_f16", .cast(CastAttributes(to: .float16)), [value], output: "\(name).f16", label)
    }
    let scale = scaleConstant(value)
    let storedType = scheme.storedType(value)
    let zeroPoint = zeroPoints[value] ?? addConstant("\(name).zero_point", .splat(storedType, [], 0))
    zeroPoints[value] = zeroPoint
    return try emit(
      "\(name).quantize", .quantizeLinear(QuantizeAttributes(axis: 0, outputType: storedType)),
      [value, scale, zeroPoint], output: "\(name).\(storedType.rawValue)", label)
  }

  /// Appends the node loading `codes`, the stored form of `value`, as float32.
  private mutating func dequantize(_ codes: ValueID, of value: ValueID, label: String) throws(IRError) -> ValueID {
    let name = graph[value].name
    guard scheme.isInteger else {
      return try emit("\(name).to_f32", .cast(CastAttributes(to: .float32)), [codes], output: "\(name).f32", label)
    }
    return try emit(
      "\(name).dequantize", .dequantizeLinear(QuantizeAttributes(axis: 0, outputType: .float32)),
      [codes, scaleConstant(value)], output: "\(name).dq", label)
  }

  private mutating func scaleConstant(_ value: ValueID) -> ValueID {
    if let constant = scaleConstants[value] { return constant }
    let scale = Double(scales[value] ?? scheme.activationScale(value))
    let constant = addConstant("\(graph[value].name).scale", .splat(.float32, [], scale))
    scaleConstants[value] = constant
    return constant
  }

  // MARK: - Weights and biases

  private mutating func convertedWeight(_ weight: ValueID, axis: Int?) throws(IRError) -> ConvertedWeight {
    let key = WeightKey(weight: weight, axis: axis)
    if let converted = weights[key] { return converted }
    guard let tensor = graph.constants[weight] else { throw IRError("weight '\(graph[weight].name)' is not constant") }
    let name = graph[weight].name
    let converted: ConvertedWeight
    if scheme.isInteger {
      let q = try ConstantQuantizer.weight(tensor, axis: axis, maximum: scheme.maximum, as: scheme.storedType)
      converted = ConvertedWeight(
        codes: addConstant("\(name).\(scheme.storedType.rawValue)", q.codes),
        scales: addConstant("\(name).scale", q.scales), channelScales: q.channelScales)
    } else {
      converted = ConvertedWeight(
        codes: addConstant("\(name).f16", try ConstantQuantizer.half(tensor)), scales: nil, channelScales: [])
    }
    weights[key] = converted
    return converted
  }

  /// Appends the node loading a converted constant as float32 (per channel along `axis`).
  private mutating func load(
    _ converted: ConvertedWeight, of original: ValueID, axis: Int, label: String
  ) throws(IRError) -> ValueID {
    let name = graph[original].name
    guard let scales = converted.scales else {
      return try emit(
        "\(name).to_f32", .cast(CastAttributes(to: .float32)), [converted.codes], output: "\(name).f32", label)
    }
    return try emit(
      "\(name).dequantize", .dequantizeLinear(QuantizeAttributes(axis: axis, outputType: .float32)),
      [converted.codes, scales], output: "\(name).dq", label)
  }

  /// The loaded bias: int32 on the product scale (integer modes, when it fits), f16 (fp16),
  /// or `nil` to keep it float.
  private mutating func convertedBias(
    _ bias: ValueID, inputScale: Float, weightScales: [Float], label: String
  ) throws(IRError) -> ValueID? {
    guard let tensor = graph.constants[bias] else { return nil }
    let name = graph[bias].name
    let axis = max(graph[bias].type.rank - 1, 0)
    guard scheme.isInteger else {
      let half = addConstant("\(name).f16", try ConstantQuantizer.half(tensor))
      return try load(ConvertedWeight(codes: half, scales: nil, channelScales: []), of: bias, axis: axis, label: label)
    }
    guard let q = try ConstantQuantizer.bias(tensor, inputScale: inputScale, weightScales: weightScales) else {
      return nil
    }
    let converted = ConvertedWeight(
      codes: addConstant("\(name).i32", q.codes), scales: addConstant("\(name).scale", q.scales),
      channelScales: q.channelScales)
    return try load(converted, of: bias, axis: axis, label: label)
  }

  // MARK: - Building

  private mutating func addConstant(_ name: String, _ tensor: Tensor) -> ValueID {
    graph.addConstant(valueNames.claimUnique(name), tensor)
  }

  /// Appends a one-output node of kernel `label`, its output type inferred.
  private mutating func emit(
    _ name: String, _ op: Op, _ inputs: [ValueID], output: String, _ label: String
  ) throws(IRError) -> ValueID {
    let nodeName = nodeNames.claimUnique(name)
    let types: [TensorType]
    do { types = try op.inferOutputTypes(inputs.map { graph[$0].type }) } catch { throw error.at(node: nodeName) }
    guard let type = types.first else { throw IRError("no output type", node: nodeName) }
    let value = graph.addValue(valueNames.claimUnique(output), type)
    nodes.append(Node(name: nodeName, op: op, inputs: inputs, outputs: [value], schedule: NodeSchedule(kernel: label)))
    inserted += 1
    return value
  }
}
