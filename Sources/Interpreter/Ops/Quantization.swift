import GraphIR

/// ONNX `QuantizeLinear` / `DequantizeLinear` (opsets 10–25): per tensor, per axis (1-D
/// scale along `axis`) or blocked (`blockSize` elements of `axis` share a scale).
extension Evaluator {
  /// `y = saturate(round_half_even(x / scale) + zero_point)`, computed in float32 as
  /// onnxruntime does, saturated to the output dtype's range.
  static func quantizeLinear(_ inputs: [NDArray?], _ a: QuantizeAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let x = try operand(inputs, 0)
    let scale = try operand(inputs, 1)
    let zeroPoint = optionalOperand(inputs, 2)
    let scaleOf = try quantizationParameterIndex(x.shape, scale.shape, a)
    let scales = scale.floats
    let zeroPoints = zeroPoint?.doubles ?? [0]
    let range = out.dtype.integerRange ?? -Double.infinity...Double.infinity
    let values = x.floats
    var result = [Double](repeating: 0, count: values.count)
    for i in values.indices {
      let p = scaleOf(i)
      let q = Double((values[i] / scales[p]).rounded(.toNearestOrEven)) + zeroPoints[zeroPoint == nil ? 0 : p]
      result[i] = q.isNaN ? 0 : min(max(q, range.lowerBound), range.upperBound)
    }
    return NDArray(out.dtype, out.shape, doubles: result)
  }

  /// `y = (x - zero_point) · scale` in the scale's dtype.
  static func dequantizeLinear(_ inputs: [NDArray?], _ a: QuantizeAttributes, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    let scale = try operand(inputs, 1)
    let zeroPoint = optionalOperand(inputs, 2)
    let scaleOf = try quantizationParameterIndex(x.shape, scale.shape, a)
    let scales = scale.floats
    let zeroPoints = zeroPoint?.floats ?? [0]
    let values = x.floats
    var result = [Float](repeating: 0, count: values.count)
    for i in values.indices {
      let p = scaleOf(i)
      result[i] = (values[i] - zeroPoints[zeroPoint == nil ? 0 : p]) * scales[p]
    }
    return NDArray(out.dtype, out.shape, floats: result)
  }

  /// Maps an element's row-major position in `shape` to its scale's position: 0 for a
  /// scalar scale, the `axis` coordinate for a 1-D scale, the blocked coordinate otherwise.
  static func quantizationParameterIndex(
    _ shape: [Int], _ scaleShape: [Int], _ a: QuantizeAttributes
  ) throws(InterpreterError) -> (Int) -> Int {
    if scaleShape.elementCount == 1 && a.blockSize == 0 { return { _ in 0 } }
    try check(a.axis < shape.count, "quantization axis \(a.axis) is outside rank \(shape.count)")
    let inner = Array(shape[(a.axis + 1)...]).elementCount
    let extent = shape[a.axis]
    if a.blockSize == 0 {
      try check(scaleShape == [extent], "scale shape \(scaleShape) does not match axis \(a.axis) of extent \(extent)")
      return { ($0 / inner) % extent }
    }
    let blocks = (extent + a.blockSize - 1) / a.blockSize
    var expected = shape
    expected[a.axis] = blocks
    try check(scaleShape == expected, "blocked scale shape \(scaleShape) should be \(expected)")
    let blockSize = a.blockSize
    return { i in
      let outer = i / (inner * extent)
      let coordinate = (i / inner) % extent
      return (outer * blocks + coordinate / blockSize) * inner + i % inner
    }
  }
}
