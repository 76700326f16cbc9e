/// Output shapes of convolutions and pooling windows.
enum ConvShapes {
  /// Extents beyond this are treated as overflow (far above any real tensor).
  static let maxExtent = 1 << 50

  static func conv(
    _ a: ConvAttributes, x: TensorType, w: TensorType, bias: TensorType?, outputType: DType
  ) throws(IRError) -> TensorType {
    let spatial = x.rank - 2
    try require(spatial >= 1, "convolution needs an N×C×spatial input, got \(x)")
    try require(w.rank == x.rank, "weight \(w) and input \(x) differ in rank")
    try checkWindow(spatial: spatial, kernel: a.kernelShape, strides: a.strides, pads: a.pads, dilations: a.dilations)
    try require(
      a.kernelShape == Array(w.shape.dropFirst(2)), "kernel_shape \(a.kernelShape) disagrees with weight \(w)")
    try require(
      a.group >= 1 && w.shape[0] % a.group == 0, "group \(a.group) does not divide the \(w.shape[0]) output channels")
    try require(
      x.shape[1] == saturatingMultiply(w.shape[1], a.group),
      "input has \(x.shape[1]) channels but weight \(w) with group \(a.group) expects \(saturatingMultiply(w.shape[1], a.group))"
    )
    if let bias { try require(bias.shape == [w.shape[0]], "bias must have shape [\(w.shape[0])], got \(bias)") }
    var out = [x.shape[0], w.shape[0]]
    for i in 0..<spatial {
      let window = saturatingMultiply(a.dilations[i], a.kernelShape[i] - 1)
      let extent = x.shape[i + 2] + a.pads[i] + a.pads[i + spatial] - window - 1
      try require(extent >= 0, "window \(a.kernelShape) does not fit input \(x) with pads \(a.pads)")
      out.append(extent / a.strides[i] + 1)
    }
    return TensorType(outputType, out)
  }

  static func convTranspose(
    _ a: ConvTransposeAttributes, x: TensorType, w: TensorType, bias: TensorType?
  ) throws(IRError) -> TensorType {
    let c = a.conv
    let spatial = x.rank - 2
    try require(spatial >= 1, "convolution needs an N×C×spatial input, got \(x)")
    try require(w.rank == x.rank, "weight \(w) and input \(x) differ in rank")
    try checkWindow(spatial: spatial, kernel: c.kernelShape, strides: c.strides, pads: c.pads, dilations: c.dilations)
    try require(
      a.outputPadding.count == spatial && a.outputPadding.allSatisfy { $0 >= 0 },
      "output_padding \(a.outputPadding) needs \(spatial) non-negative entries")
    try require(
      c.kernelShape == Array(w.shape.dropFirst(2)), "kernel_shape \(c.kernelShape) disagrees with weight \(w)")
    try require(
      c.group >= 1 && x.shape[1] == w.shape[0], "input has \(x.shape[1]) channels, weight \(w) expects \(w.shape[0])")
    try require(w.shape[0] % c.group == 0, "group \(c.group) does not divide \(w.shape[0]) input channels")
    let outChannels = saturatingMultiply(w.shape[1], c.group)
    if let bias { try require(bias.shape == [outChannels], "bias must have shape [\(outChannels)], got \(bias)") }
    var out = [x.shape[0], outChannels]
    for i in 0..<spatial {
      let span = saturatingMultiply(c.strides[i], x.shape[i + 2] - 1)
      let window = saturatingMultiply(c.kernelShape[i] - 1, c.dilations[i])
      let extent =
        span > maxExtent || window > maxExtent
        ? maxExtent : span + a.outputPadding[i] + window + 1 - c.pads[i] - c.pads[i + spatial]
      try require(extent >= 1, "pads \(c.pads) leave no output for input \(x)")
      out.append(extent)
    }
    return TensorType(x.dtype, out)
  }

  static func pool(_ a: PoolAttributes, x: TensorType) throws(IRError) -> TensorType {
    let spatial = x.rank - 2
    try require(spatial >= 1, "pooling needs an N×C×spatial input, got \(x)")
    try checkWindow(spatial: spatial, kernel: a.kernelShape, strides: a.strides, pads: a.pads, dilations: a.dilations)
    var out = Array(x.shape.prefix(2))
    for i in 0..<spatial {
      let input = x.shape[i + 2]
      let padded = input + a.pads[i] + a.pads[i + spatial]
      let window = saturatingMultiply(a.dilations[i], a.kernelShape[i] - 1) + 1
      try require(
        window < Int.max && padded >= window, "window \(a.kernelShape) does not fit input \(x) with pads \(a.pads)")
      var count = (padded - window) / a.strides[i] + 1
      if a.ceilMode {
        count = (padded - window + a.strides[i] - 1) / a.strides[i] + 1
        // The last window must start inside the input or its leading padding.
        if saturatingMultiply(count - 1, a.strides[i]) >= input + a.pads[i] { count -= 1 }
      }
      out.append(count)
    }
    return TensorType(x.dtype, out)
  }

  static func checkWindow(spatial: Int, kernel: [Int], strides: [Int], pads: [Int], dilations: [Int]) throws(IRError) {
    try require(kernel.count == spatial, "kernel_shape \(kernel) needs \(spatial) entries")
    try require(strides.count == spatial, "strides \(strides) needs \(spatial) entries")
    try require(dilations.count == spatial, "dilations \(dilations) needs \(spatial) entries")
    try require(pads.count == 2 * spatial, "pads \(pads) needs \(2 * spatial) entries")
    try require(kernel.allSatisfy { $0 >= 1 }, "kernel_shape \(kernel) must be positive")
    try require(strides.allSatisfy { $0 >= 1 }, "strides \(strides) must be positive")
    try require(dilations.allSatisfy { $0 >= 1 }, "dilations \(dilations) must be positive")
    try require(pads.allSatisfy { $0 >= 0 }, "pads \(pads) must not be negative")
  }
}
