import GraphIR

extension GraphBuilder {
  mutating func translateElementwise(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = try node.input(0)
    switch node.opType {
    case "LeakyRelu": try emit(.leakyRelu(ActivationAttributes(alpha: try a.float("alpha", default: 0.01))), [x], for: node)
    case "HardSigmoid":
      let attributes = ActivationAttributes(alpha: try a.float("alpha", default: 0.2), beta: try a.float("beta", default: 0.5))
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
      let bounds: ClipAttributes
      if opset < 11 {
        bounds = ClipAttributes(min: try a.optionalFloat("min"), max: try a.optionalFloat("max"))
      } else {
        bounds = ClipAttributes(min: try scalarBound(node, 1, "min"), max: try scalarBound(node, 2, "max"))
      }
      try emit(.clip(bounds), [x], for: node)
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
      try emit(.dropout, [x], for: node)
    default:
      throw TranslationError("operator \(node.opType) is not supported")
    }
  }

  /// A `Clip` bound given as an optional scalar input; it must be a constant.
  private func scalarBound(_ node: NodeContext, _ position: Int, _ what: String) throws(TranslationError) -> Double? {
    guard let values = try constantDoubles(node, position, what) else { return nil }
    guard values.count == 1 else { throw TranslationError("'\(what)' must be a scalar, got \(values.count) values") }
    return values[0]
  }

  private mutating func translateQuantization(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = type(try node.input(0))
    let scale = type(try node.input(1))
    let zeroPoint = node.optionalInput(2).map(type)
    let axis = scale.elementCount == 1 && scale.rank <= 1 ? 0 : try normalizedAxis(try a.int("axis", default: 1), rank: x.rank)
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
    try emit(node.opType == "QuantizeLinear" ? .quantizeLinear(attributes) : .dequantizeLinear(attributes), node.inputs, for: node)
  }
}
