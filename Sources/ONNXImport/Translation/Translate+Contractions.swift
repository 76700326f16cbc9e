import GraphIR

extension GraphBuilder {
  mutating func translateConvolution(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = type(try node.input(0))
    let weightPosition = node.opType == "QLinearConv" ? 3 : 1
    let w = type(try node.input(weightPosition))
    let spatial = x.rank - 2
    guard spatial >= 1, w.rank == x.rank else {
      throw TranslationError("input \(x) and weight \(w) do not form a convolution")
    }
    let kernel = try a.ints("kernel_shape") ?? Array(w.shape.dropFirst(2))
    let strides = try a.ints("strides") ?? Array(repeating: 1, count: spatial)
    let dilations = try a.ints("dilations") ?? Array(repeating: 1, count: spatial)
    var pads = try a.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
    let group = try a.int("group", default: 1)
    guard kernel.count == spatial, strides.count == spatial, dilations.count == spatial, pads.count == 2 * spatial
    else {
      throw TranslationError("kernel_shape, strides, dilations and pads do not match \(spatial) spatial axes")
    }
    try checkWindow(
      kernel: kernel, dilations: dilations, strides: strides, input: Array(x.shape.dropFirst(2)),
      transposed: node.opType == "ConvTranspose")
    let autoPad = try a.string("auto_pad", default: "NOTSET")
    guard ["NOTSET", "", "SAME_UPPER", "SAME_LOWER", "VALID"].contains(autoPad) else {
      throw TranslationError("auto_pad '\(autoPad)' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")
    }
    if node.opType == "ConvTranspose" {
      var outputPadding = try a.ints("output_padding") ?? Array(repeating: 0, count: spatial)
      guard outputPadding.count == spatial else { throw TranslationError("output_padding needs \(spatial) entries") }
      var outputShape = try a.ints("output_shape")
      if outputShape == nil, autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" {
        outputShape = (0..<spatial).map { x.shape[$0 + 2] * strides[$0] }
      }
      if var target = outputShape {
        if target.count == x.rank { target = Array(target.dropFirst(2)) }
        guard target.count == spatial else { throw TranslationError("output_shape needs \(spatial) entries") }
        for i in 0..<spatial {
          let total =
            strides[i] * (x.shape[i + 2] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1 - target[i]
          if total < 0 {
            outputPadding[i] -= total
            (pads[i], pads[i + spatial]) = (0, 0)
          } else if autoPad == "SAME_UPPER" {
            (pads[i], pads[i + spatial]) = (total / 2, total - total / 2)
          } else {
            (pads[i], pads[i + spatial]) = (total - total / 2, total / 2)
          }
        }
      } else if autoPad == "VALID" {
        pads = Array(repeating: 0, count: 2 * spatial)
      }
      let conv = ConvAttributes(kernelShape: kernel, strides: strides, pads: pads, dilations: dilations, group: group)
      return try emit(
        .convTranspose(ConvTransposeAttributes(conv: conv, outputPadding: outputPadding)), node.inputs, for: node)
    }
    pads = try resolveAutoPad(
      autoPad, input: Array(x.shape.dropFirst(2)), kernel: kernel, strides: strides, dilations: dilations, pads: pads)
    let attributes = ConvAttributes(
      kernelShape: kernel, strides: strides, pads: pads, dilations: dilations, group: group)
    switch node.opType {
    case "QLinearConv": try emit(.qLinearConv(attributes), node.inputs, for: node)
    case "ConvInteger": try emit(.convInteger(attributes), node.inputs, for: node)
    default: try emit(.conv(attributes), node.inputs, for: node)
    }
  }

  /// Rejects windows larger than any tensor. Each attribute is within ±2^40, but the products
  /// that shape arithmetic forms (a dilated kernel; a transposed convolution's strided input)
  /// can overflow `Int`, which traps.
  func checkWindow(
    kernel: [Int], dilations: [Int], strides: [Int], input: [Int], transposed: Bool
  ) throws(TranslationError) {
    func fits(_ a: Int, _ b: Int) -> Bool {
      let (product, overflow) = a.multipliedReportingOverflow(by: b)
      return !overflow && product.magnitude <= maxElements.magnitude
    }
    for i in kernel.indices
    where !fits(kernel[i] - 1, dilations[i]) || transposed && !fits(input[i] - 1, strides[i]) {
      throw TranslationError(
        "kernel_shape \(kernel), dilations \(dilations) and strides \(strides) span more than any tensor")
    }
  }

  /// Explicit pads for `auto_pad` (`SAME_UPPER` puts the odd pixel at the end, `SAME_LOWER` at the start).
  func resolveAutoPad(
    _ autoPad: String, input: [Int], kernel: [Int], strides: [Int], dilations: [Int], pads: [Int]
  ) throws(TranslationError) -> [Int] {
    let spatial = input.count
    switch autoPad {
    case "NOTSET", "": return pads
    case "VALID": return Array(repeating: 0, count: 2 * spatial)
    case "SAME_UPPER", "SAME_LOWER":
      var result = Array(repeating: 0, count: 2 * spatial)
      for i in 0..<spatial {
        guard strides[i] >= 1 else { throw TranslationError("strides must be positive") }
        let output = (input[i] + strides[i] - 1) / strides[i]
        let total = max(0, (output - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - input[i])
        let small = total / 2
        (result[i], result[i + spatial]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small)
      }
      return result
    default: throw TranslationError("auto_pad '\(autoPad)' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")
    }
  }

  mutating func translateMatrixProduct(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    switch node.opType {
    case "Gemm":
      let gemm = GemmAttributes(
        alpha: try a.float("alpha", default: 1), beta: try a.float("beta", default: 1),
        transA: try a.bool("transA", default: false), transB: try a.bool("transB", default: false))
      try emit(.gemm(gemm), node.inputs, for: node)
    case "MatMul": try emit(.matMul, node.inputs, for: node)
    case "QLinearMatMul": try emit(.qLinearMatMul, node.inputs, for: node)
    case "MatMulInteger": try emit(.matMulInteger, node.inputs, for: node)
    default:
      try emit(.einsum(EinsumAttributes(equation: try a.string("equation", default: ""))), node.inputs, for: node)
    }
  }

  mutating func translatePooling(_ node: NodeContext) throws(TranslationError) {
    switch node.opType {
    case "GlobalAveragePool": return try emit(.globalAveragePool, node.inputs, for: node)
    case "GlobalMaxPool": return try emit(.globalMaxPool, node.inputs, for: node)
    default: break
    }
    let a = node.attributes
    let x = type(try node.input(0))
    let spatial = x.rank - 2
    guard spatial >= 1 else { throw TranslationError("pooling needs an N×C×spatial input, got \(x)") }
    guard let kernel = try a.ints("kernel_shape") else {
      throw TranslationError("attribute 'kernel_shape' is required")
    }
    let strides = try a.ints("strides") ?? Array(repeating: 1, count: spatial)
    let dilations = try a.ints("dilations") ?? Array(repeating: 1, count: spatial)
    let pads = try a.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
    guard kernel.count == spatial, strides.count == spatial, dilations.count == spatial, pads.count == 2 * spatial
    else {
      throw TranslationError("kernel_shape, strides, dilations and pads do not match \(spatial) spatial axes")
    }
    try checkWindow(
      kernel: kernel, dilations: dilations, strides: strides, input: Array(x.shape.dropFirst(2)),
      transposed: false)
    let resolved = try resolveAutoPad(
      try a.string("auto_pad", default: "NOTSET"), input: Array(x.shape.dropFirst(2)), kernel: kernel, strides: strides,
      dilations: dilations, pads: pads)
    let pool = PoolAttributes(
      kernelShape: kernel, strides: strides, pads: resolved, dilations: dilations,
      ceilMode: try a.bool("ceil_mode", default: false),
      countIncludePad: try a.bool("count_include_pad", default: false))
    if node.opType == "MaxPool", node.outputNames.count > 1, try a.int("storage_order", default: 0) != 0 {
      throw TranslationError("MaxPool Indices in column-major order (storage_order=1) are not supported")
    }
    try emit(node.opType == "MaxPool" ? .maxPool(pool) : .averagePool(pool), node.inputs, for: node)
  }

  mutating func translateNormalization(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let rank = type(try node.input(0)).rank
    switch node.opType {
    case "BatchNormalization":
      if try a.bool("training_mode", default: false) || node.outputNames.count > 1 {
        throw TranslationError("BatchNormalization in training mode is not supported (inference graphs only)")
      }
      let epsilon = try a.float("epsilon", default: 1e-5)
      if opset < 9, try !a.bool("spatial", default: true) {
        return try expandPerActivationBatchNorm(node, epsilon: epsilon)
      }
      try emit(.batchNormalization(BatchNormAttributes(epsilon: epsilon)), node.inputs, for: node)
    case "LayerNormalization":
      let axis = try normalizedAxis(try a.int("axis", default: -1), rank: rank)
      let epsilon = try a.float("epsilon", default: 1e-5)
      try emit(.layerNormalization(LayerNormAttributes(axis: axis, epsilon: epsilon)), node.inputs, for: node)
    case "LRN":
      let size = try a.int("size", default: 0)
      guard size >= 1 else { throw TranslationError("attribute 'size' is required and must be positive") }
      let lrn = LRNAttributes(
        size: size, alpha: try a.float("alpha", default: 1e-4), beta: try a.float("beta", default: 0.75),
        bias: try a.float("bias", default: 1))
      try emit(.lrn(lrn), node.inputs, for: node)
    default:
      let legacy = opset < 13
      let axis = try normalizedAxis(try a.int("axis", default: legacy ? 1 : -1), rank: rank)
      let softmax = SoftmaxAttributes(axis: axis, coerced2D: legacy && axis != rank - 1)
      try emit(node.opType == "Softmax" ? .softmax(softmax) : .logSoftmax(softmax), node.inputs, for: node)
    }
  }

  /// Opset 7–8 `spatial=0`: statistics per activation, so expand to broadcast arithmetic:
  /// `(x − mean) / sqrt(var + ε) · scale + bias`.
  private mutating func expandPerActivationBatchNorm(_ node: NodeContext, epsilon: Double) throws(TranslationError) {
    let x = try node.input(0)
    let scale = try node.input(1), bias = try node.input(2), mean = try node.input(3), variance = try node.input(4)
    let dtype = type(variance).dtype
    let eps = try literal(Tensor.splat(dtype, [], epsilon), for: node, suffix: "epsilon")
    let shifted = try emitTemporary(.binary(.add), [variance, eps], for: node, suffix: "var_eps")
    let deviation = try emitTemporary(.unary(.sqrt), [shifted], for: node, suffix: "std")
    let centered = try emitTemporary(.binary(.sub), [x, mean], for: node, suffix: "centered")
    let normalized = try emitTemporary(.binary(.div), [centered, deviation], for: node, suffix: "normalized")
    let scaled = try emitTemporary(.binary(.mul), [normalized, scale], for: node, suffix: "scaled")
    try emit(.binary(.add), [scaled, bias], for: node)
  }
}
