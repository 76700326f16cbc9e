import GraphIR

/// The ONNX node(s) of each `Op` case, in opset-21 form.
extension GraphWriter {
  mutating func write(_ node: Node) throws(TranslationError) {
    let inputs = node.inputs.map(name)
    let outputs = node.outputs.map(name)
    let doc = node.schedule.isEmpty ? "" : "tessera.schedule \(node.schedule.json)"
    func emit(_ opType: String, _ operands: [String] = inputs, _ attributes: [Onnx_AttributeProto] = []) {
      add(opType, operands, outputs, name: node.name, attributes, docString: doc)
    }
    typealias A = ONNXAttribute
    switch node.op {
    case .conv(let a): emit("Conv", inputs, Self.convAttributes(a))
    case .qLinearConv(let a): emit("QLinearConv", inputs, Self.convAttributes(a))
    case .convInteger(let a): emit("ConvInteger", inputs, Self.convAttributes(a))
    case .convTranspose(let a):
      emit("ConvTranspose", inputs, Self.convAttributes(a.conv) + [A.ints("output_padding", a.outputPadding)])
    case .gemm(let a):
      emit(
        "Gemm", inputs,
        [A.float("alpha", a.alpha), A.float("beta", a.beta), A.bool("transA", a.transA), A.bool("transB", a.transB)])
    case .matMul, .qLinearMatMul, .matMulInteger, .globalAveragePool, .globalMaxPool, .where, .unary, .variadic:
      emit(node.op.onnxName)
    case .einsum(let a): emit("Einsum", inputs, [A.string("equation", a.equation)])
    case .maxPool(let a): emit("MaxPool", inputs, Self.poolAttributes(a))
    case .averagePool(let a):
      emit("AveragePool", inputs, Self.poolAttributes(a) + [A.bool("count_include_pad", a.countIncludePad)])
    case .batchNormalization(let a): emit("BatchNormalization", inputs, [A.float("epsilon", a.epsilon)])
    case .instanceNormalization(let a): emit("InstanceNormalization", inputs, [A.float("epsilon", a.epsilon)])
    case .layerNormalization(let a):
      emit("LayerNormalization", inputs, [A.int("axis", a.axis), A.float("epsilon", a.epsilon)])
    case .lrn(let a):
      emit(
        "LRN", inputs,
        [A.int("size", a.size), A.float("alpha", a.alpha), A.float("beta", a.beta), A.float("bias", a.bias)])
    case .softmax(let a), .logSoftmax(let a):
      if a.coerced2D { return try writeCoercedSoftmax(node, a) }
      emit(node.op.onnxName, inputs, [A.int("axis", a.axis)])
    case .leakyRelu(let a), .elu(let a): emit(node.op.onnxName, inputs, [A.float("alpha", a.alpha)])
    case .hardSigmoid(let a): emit("HardSigmoid", inputs, [A.float("alpha", a.alpha), A.float("beta", a.beta)])
    case .selu(let a): emit("Selu", inputs, [A.float("alpha", a.alpha), A.float("gamma", a.beta)])
    case .gelu(let a): emit("Gelu", inputs, [A.string("approximate", a.tanhApproximation ? "tanh" : "none")])
    case .clip(let a): emit("Clip", try clipOperands(node, a))
    case .cast(let a):
      // `saturate` only affects float8 targets, which the IR has none of; it is written when not the default.
      emit("Cast", inputs, [A.int("to", DTypeMapping.code(a.to))] + (a.saturate ? [] : [A.bool("saturate", false)]))
    case .binary(let function) where function == .mod || function == .fmod:
      if function == .mod, let x = node.inputs.first ?? nil, type(x).dtype.isFloatingPoint {
        throw TranslationError("ONNX Mod takes floats only with fmod=1; a floating-point 'mod' has no ONNX form")
      }
      emit("Mod", inputs, [A.bool("fmod", function == .fmod)])
    case .binary: emit(node.op.onnxName)
    case .quantizeLinear(let a):
      var attributes = quantizeAttributes(node, a)
      if node.inputs.count < 3 || node.inputs[2] == nil, a.outputType != .uint8 {
        attributes.append(A.int("output_dtype", DTypeMapping.code(a.outputType)))
      }
      emit("QuantizeLinear", inputs, attributes)
    case .dequantizeLinear(let a): try writeDequantize(node, a, doc: doc)
    case .identity, .relayout: emit("Identity")
    case .dropout: emit("Dropout")
    case .reshape, .expand, .tile, .flatten, .transpose, .squeeze, .unsqueeze, .concat, .gather, .gatherElements,
      .split,
      .slice, .pad, .trilu, .cumSum, .depthToSpace, .spaceToDepth, .reduce, .argMax, .argMin, .resize:
      let (opType, operands, attributes) = try dataMovement(node, inputs)
      emit(opType, operands, attributes)
    }
  }

  static func convAttributes(_ a: ConvAttributes) -> [Onnx_AttributeProto] {
    [
      ONNXAttribute.ints("kernel_shape", a.kernelShape), ONNXAttribute.ints("strides", a.strides),
      ONNXAttribute.ints("pads", a.pads), ONNXAttribute.ints("dilations", a.dilations),
      ONNXAttribute.int("group", a.group),
    ]
  }

  static func poolAttributes(_ a: PoolAttributes) -> [Onnx_AttributeProto] {
    [
      ONNXAttribute.ints("kernel_shape", a.kernelShape), ONNXAttribute.ints("strides", a.strides),
      ONNXAttribute.ints("pads", a.pads), ONNXAttribute.ints("dilations", a.dilations),
      ONNXAttribute.bool("ceil_mode", a.ceilMode),
    ]
  }

  /// Clip-13: bounds are optional scalar inputs of the input's type; constant bounds (held as
  /// attributes in the IR) become initializers.
  private mutating func clipOperands(_ node: Node, _ a: ClipAttributes) throws(TranslationError) -> [String] {
    guard let x = node.inputs.first ?? nil else { throw TranslationError("Clip has no input") }
    var operands = [name(x)]
    for (position, bound, label) in [(1, a.min, "min"), (2, a.max, "max")] {
      if position < node.inputs.count, let operand = node.inputs[position] {
        operands.append(name(operand))
      } else if let bound {
        operands.append(try operand(scalar: bound, type(x).dtype, for: node.name, label))
      } else {
        operands.append("")
      }
    }
    return operands
  }

  /// `axis` only for per-axis scales (a per-tensor scale may sit on a scalar, where any axis
  /// is out of range); `block_size` when blocked.
  private func quantizeAttributes(_ node: Node, _ a: QuantizeAttributes) -> [Onnx_AttributeProto] {
    var attributes: [Onnx_AttributeProto] = []
    if node.inputs.count > 1, let scale = node.inputs[1], type(scale).elementCount != 1 || type(scale).rank > 1 {
      attributes.append(ONNXAttribute.int("axis", a.axis))
    }
    if a.blockSize > 0 { attributes.append(ONNXAttribute.int("block_size", a.blockSize)) }
    return attributes
  }

  /// DequantizeLinear-21 yields the scale's type; another output type takes a `Cast` after it.
  private mutating func writeDequantize(_ node: Node, _ a: QuantizeAttributes, doc: String) throws(TranslationError) {
    guard node.inputs.count > 1, let scale = node.inputs[1], let output = node.outputs.first else {
      throw TranslationError("DequantizeLinear needs an input and a scale")
    }
    let inputs = node.inputs.map(name)
    let attributes = quantizeAttributes(node, a)
    guard type(scale).dtype != a.outputType else {
      return add("DequantizeLinear", inputs, [name(output)], name: node.name, attributes, docString: doc)
    }
    let dequantized = claimValueName("\(name(output))/dequantized")
    add("DequantizeLinear", inputs, [dequantized], name: node.name, attributes, docString: doc)
    add(
      "Cast", [dequantized], [name(output)], name: claimNodeName("\(node.name)/cast"),
      [ONNXAttribute.int("to", DTypeMapping.code(a.outputType))])
  }

  /// Opset < 13 Softmax normalizes the input flattened to 2-D at `axis`: Flatten, Softmax
  /// over axis 1, Reshape back.
  private mutating func writeCoercedSoftmax(_ node: Node, _ a: SoftmaxAttributes) throws(TranslationError) {
    guard let x = node.inputs.first ?? nil, let output = node.outputs.first else {
      throw TranslationError("Softmax needs an input and an output")
    }
    let flat = claimValueName("\(name(output))/flat")
    let normalized = claimValueName("\(name(output))/2d")
    add("Flatten", [name(x)], [flat], name: claimNodeName("\(node.name)/flatten"), [ONNXAttribute.int("axis", a.axis)])
    add(node.op.onnxName, [flat], [normalized], name: node.name, [ONNXAttribute.int("axis", 1)])
    let shape = try operand(int64s: type(x).shape, for: node.name, "shape")
    add("Reshape", [normalized, shape], [name(output)], name: claimNodeName("\(node.name)/reshape"))
  }
}
