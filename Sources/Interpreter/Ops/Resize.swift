import GraphIR

/// One output position along a resized axis: the input positions it reads and their
/// weights, or `nil` for a `tf_crop_and_resize` position outside the input (which takes
/// the extrapolation value).
private typealias Taps = [(index: Int, weight: Double)]?

extension Evaluator {
  /// `Resize` (and `Upsample`) with ONNX semantics, separably one axis at a time, as the
  /// ONNX reference implementation does (onnx/reference/ops/op_resize.py); axes whose
  /// scale is 1 with an unchanged extent and full region of interest are left alone.
  ///
  /// Coordinates and weights are computed in `Double`; integer outputs are rounded half to
  /// even and saturated (the reference's saturate_cast).
  static func resize(_ inputs: [NDArray?], _ a: ResizeAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let x = try operand(inputs, 0)
    let rank = x.rank
    try check(
      a.outputShape == out.shape && a.scales.count == rank && (a.roi.isEmpty || a.roi.count == 2 * rank),
      "resize attributes do not match \(x.type) → \(out)")
    var shape = x.shape
    var values = x.doubles
    for axis in 0..<rank {
      let roi = a.roi.isEmpty ? (0.0, 1.0) : (a.roi[axis], a.roi[axis + rank])
      let unchanged = abs(a.scales[axis] - 1) < 1e-9 && out.shape[axis] == shape[axis]
      if unchanged && (a.coordinateTransformationMode != "tf_crop_and_resize" || roi == (0, 1)) { continue }
      try check(shape[axis] > 0 || out.shape[axis] == 0, "cannot resize an empty axis \(axis) of \(x.type)")
      let taps = (0..<out.shape[axis]).map { resizeTaps(a, position: $0, axis: axis, input: shape[axis], roi: roi) }
      values = resample(values, AxisLayout(shape, axis: axis), taps, extrapolation: a.extrapolationValue)
      shape[axis] = out.shape[axis]
    }
    if NDArray.kind(of: out.dtype) == .int { values = values.map { $0.rounded(.toNearestOrEven) } }
    return NDArray(out.dtype, out.shape, doubles: values)
  }

  /// Applies per-position `taps` along the axis of `layout`.
  private static func resample(_ values: [Double], _ layout: AxisLayout, _ taps: [Taps], extrapolation: Double)
    -> [Double]
  {
    var result: [Double] = []
    result.reserveCapacity(layout.outer * taps.count * layout.inner)
    for o in 0..<layout.outer {
      for tap in taps {
        for i in 0..<layout.inner {
          result.append(
            tap.map { $0.reduce(0) { $0 + $1.weight * values[layout.index(o, $1.index, i)] } } ?? extrapolation)
        }
      }
    }
    return result
  }

  /// The input positions and weights of output `position` along `axis`.
  ///
  /// Following the reference, the source coordinate x is split as base + ratio with
  /// ratio in (0, 1] (an integral x counts as ratio 1 from the position before it); the
  /// kernel then covers base + start … base + 1 − start with start = ⌊−support/s⌋ + 1,
  /// s being min(scale, 1) when antialiasing and 1 otherwise. Positions off the input
  /// take the edge value, or drop out and renormalize with `exclude_outside`.
  private static func resizeTaps(_ a: ResizeAttributes, position: Int, axis: Int, input: Int, roi: (Double, Double))
    -> Taps
  {
    let scale = a.scales[axis]
    let length = Double(input)
    let x = sourceCoordinate(a, Double(position), scale: scale, input: length, outputInt: a.outputShape[axis], roi: roi)
    // An absurd region of interest gives absurd coordinates: those extrapolate too.
    guard abs(x) < 1e12 else { return nil }
    if a.coordinateTransformationMode == "tf_crop_and_resize" && (x < 0 || x > length - 1) { return nil }
    let base = Int(x.rounded(.up)) - 1
    let ratio = x - Double(base)
    let clamp = { (i: Int) in Swift.min(Swift.max(i, 0), input - 1) }
    if a.mode == "nearest" {
      let up =
        switch a.nearestMode {
        case _ where ratio == 1, "ceil": true
        case "floor": false
        case "round_prefer_ceil": ratio >= 0.5
        default: ratio > 0.5
        }
      return [(clamp(base + (up ? 1 : 0)), 1)]
    }
    let cubic = a.mode == "cubic"
    let s = a.antialias ? Swift.min(scale, 1) : 1
    let start = Int((-(cubic ? 2 : 1) / s).rounded(.down)) + 1
    var taps = (start..<2 - start).map { i in
      let d = abs((Double(i) - ratio) * s)
      return (index: base + i, weight: cubic ? cubicKernel(d, a: a.cubicCoeffA) : Swift.max(0, 1 - d))
    }
    if a.excludeOutside {
      taps = taps.map { ($0.index, $0.index < 0 || $0.index >= input ? 0 : $0.weight) }
    }
    if a.excludeOutside || a.antialias {
      let sum = taps.reduce(0) { $0 + $1.weight }
      if sum != 0 { taps = taps.map { ($0.index, $0.weight / sum) } }
    }
    return taps.map { (clamp($0.index), $0.weight) }
  }

  /// The input coordinate of output coordinate `y` (ONNX `coordinate_transformation_mode`);
  /// like the reference, the output length is scale · input, not the rounded extent.
  private static func sourceCoordinate(
    _ a: ResizeAttributes, _ y: Double, scale: Double, input: Double, outputInt: Int, roi: (Double, Double)
  ) -> Double {
    let output = scale * input
    switch a.coordinateTransformationMode {
    case "align_corners": return output == 1 ? 0 : y * (input - 1) / (output - 1)
    case "asymmetric": return y / scale
    case "tf_crop_and_resize":
      let span = roi.1 - roi.0
      return (output == 1 ? span * (input - 1) / 2 : y * span * (input - 1) / (output - 1)) + roi.0 * (input - 1)
    case "pytorch_half_pixel": return output == 1 ? -0.5 : (y + 0.5) / scale - 0.5
    case "half_pixel_symmetric":
      let adjustment = Double(outputInt) / output
      return input / 2 * (1 - adjustment) + (y + 0.5) / scale - 0.5
    default: return (y + 0.5) / scale - 0.5
    }
  }

  /// Keys' cubic convolution kernel with coefficient `a` at distance `d` ≥ 0
  /// (Keys 1981; ONNX `cubic_coeff_a`, −0.75 by default as in TensorFlow).
  private static func cubicKernel(_ d: Double, a: Double) -> Double {
    if d <= 1 { return ((a + 2) * d - (a + 3)) * d * d + 1 }
    if d < 2 { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
    return 0
  }
}
