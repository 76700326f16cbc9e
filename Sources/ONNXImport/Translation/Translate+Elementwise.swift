import GraphIR

extension GraphBuilder {
  mutating func translateElementwise(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = try node.input(0)
    switch node.opType {
    case "LeakyRelu":
      try emit(.leakyRelu(ActivationAttributes(alpha: try a.float("alpha", default: 0.01))), [x], for: node)
    case "HardSigmoid":
      let attributes = ActivationAttributes(
        alpha: try a.float("alpha", default: 0.2), beta: try a.float("beta", default: 0.5))
      try emit(.hardSigmoid(attributes), [x], for: node)
    case "Elu": try emit(.elu(ActivationAttributes(alpha: try a.float("alpha", default: 1))), [x], for: node)
    case "Selu":
      let attributes = ActivationAttributes(
        alpha: try a.float("alpha", default: 1.67326319217681884765625),
        beta: try a.float("gamma", default: 1.05070102214813232421875))
      try emit(.selu(attributes), [x], for: node)
    case "Gelu":
      let approximate = try a.string("approximate", default: "none")
      guard approximate == "none" || approximate == "tanh" else {
        throw TranslationError("attribute 'approximate' must be 'none' or 'tanh', got '\(approximate)'")
      }
      try emit(.gelu(GeluAttributes(tanhApproximation: approximate == "tanh")), [x], for: node)
    case "Clip":
      if opset < 11 {
        let bounds = ClipAttributes(min: try a.optionalFloat("min"), max: try a.optionalFloat("max"))
        return try emit(.clip(bounds), [x], for: node)
      }
      // Constant bounds become attributes; bounds computed at run time stay operands.
      let (low, lowOperand) = try clipBound(node, 1)
      let (high, highOperand) = try clipBound(node, 2)
      let operands = highOperand != nil ? [x, lowOperand, highOperand] : (lowOperand != nil ? [x, lowOperand] : [x])
      try emit(.clip(ClipAttributes(min: low, max: high)), operands, for: node)
    case "Cast":
      let dtype = try DTypeMapping.dtype(try a.int("to", default: 0))
      try emit(.cast(CastAttributes(to: dtype, saturate: try a.bool("saturate", default: true))), [x], for: node)
    case "CastLike":
      let dtype = type(try node.input(1)).dtype
      try emit(.cast(CastAttributes(to: dtype, saturate: try a.bool("saturate", default: true))), [x], for: node)
    case "Where": try emit(.where, node.inputs, for: node)
    case "QuantizeLinear", "DequantizeLinear": try translateQuantization(node)
    case "Identity": try emit(.identity, [x], for: node)
    case "Dropout":
      if opset >= 12, let training = constant(node.optionalInput(2)), training.integers().first ?? 0 != 0 {
        throw TranslationError("Dropout in training mode is not supported (inference graphs only)")
      }
      if opset < 10, node.outputNames.count > 1 {
        // Opsets 7–9 type the mask like the input, not bool; in inference it is all ones.
        try addConstant(node.outputNames[1], Tensor.splat(type(x).dtype, type(x).shape, 1))
        let output = NodeContext(
          opType: node.opType, name: node.name, inputs: node.inputs, outputNames: [node.outputNames[0]],
          attributes: a)
        return try emit(.dropout, [x], for: output)
      }
      try emit(.dropout, [x], for: node)
    default:
      throw TranslationError("operator \(node.opType) is not supported")
    }
  }

  /// A `Clip` bound: its value when constant, else the operand that computes it.
  private func clipBound(_ node: NodeContext, _ position: Int) throws(TranslationError) -> (Double?, ValueID?) {
    guard let id = node.optionalInput(position) else { return (nil, nil) }
    guard type(id).elementCount == 1 else {
      throw TranslationError("Clip bound \(position) must be a scalar, got \(type(id))")
    }
    guard let tensor = constant(id) else { return (nil, id) }
    return (tensor.scalarValue, nil)
  }

  private mutating func translateQuantization(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = type(try node.input(0))
    let scale = type(try node.input(1))
    let zeroPoint = node.optionalInput(2).map(type)
    let axis =
      scale.elementCount == 1 && scale.rank <= 1 ? 0 : try normalizedAxis(try a.int("axis", default: 1), rank: x.rank)
    let blockSize = try a.int("block_size", default: 0)
    let outputType: DType
    if node.opType == "QuantizeLinear" {
      if let zeroPoint {
        outputType = zeroPoint.dtype
      } else {
        let code = try a.int("output_dtype", default: 0)
        outputType = code == 0 ? .uint8 : try DTypeMapping.dtype(code)
      }
    } else {
      let code = try a.int("output_dtype", default: 0)
      outputType = code == 0 ? scale.dtype : try DTypeMapping.dtype(code)
    }
    let attributes = QuantizeAttributes(axis: axis, blockSize: blockSize, outputType: outputType)
    try emit(
      node.opType == "QuantizeLinear" ? .quantizeLinear(attributes) : .dequantizeLinear(attributes), node.inputs,
      for: node)
  }
}
