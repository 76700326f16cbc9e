import Foundation
import GraphIR

extension Evaluator {
  /// Inference `BatchNormalization`: y = (x − mean) / √(var + ε) · scale + bias, per
  /// channel (axis 1); operands x, scale, bias, mean, var.
  static func batchNormalization(_ inputs: [NDArray?], _ a: BatchNormAttributes, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(x.rank >= 2, "batch normalization needs an N×C×… input, got \(x.type)")
    let layout = AxisLayout(x.shape, axis: 1)
    let scale = try channelParameter(inputs, 1, channels: layout.extent)
    let bias = try channelParameter(inputs, 2, channels: layout.extent)
    let mean = try channelParameter(inputs, 3, channels: layout.extent)
    let variance = try channelParameter(inputs, 4, channels: layout.extent)
    let gains = zip(scale, variance).map { $0 / ($1 + a.epsilon).squareRoot() }
    let y = x.doubles.enumerated().map { j, v in
      let c = layout.axisIndex(of: j)
      return (v - mean[c]) * gains[c] + bias[c]
    }
    return NDArray(out.dtype, out.shape, doubles: y)
  }

  /// `InstanceNormalization`: each (n, c) plane normalized by its own mean and (biased)
  /// variance, then scaled and shifted per channel.
  static func instanceNormalization(_ inputs: [NDArray?], _ a: BatchNormAttributes, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(x.rank >= 3, "instance normalization needs an N×C×D… input, got \(x.type)")
    let channels = x.shape[1]
    let scale = try channelParameter(inputs, 1, channels: channels)
    let bias = try channelParameter(inputs, 2, channels: channels)
    let planes = AxisLayout(x.shape, axes: 2..<x.rank)
    var y = x.doubles
    for plane in 0..<planes.outer {
      let range = plane * planes.extent..<(plane + 1) * planes.extent
      let (mean, variance) = moments(y[range])
      let c = plane % channels
      let gain = scale[c] / (variance + a.epsilon).squareRoot()
      for j in range { y[j] = (y[j] - mean) * gain + bias[c] }
    }
    return NDArray(out.dtype, out.shape, doubles: y)
  }

  /// `LayerNormalization` over axes `axis..<rank`: y = (x − mean) · invStdDev · scale + bias
  /// with scale and the optional bias broadcast to the normalized shape; the optional
  /// outputs Mean and InvStdDev (kept-dims shape, float32 since the stash type is float)
  /// are produced when the node has them.
  static func layerNormalization(_ inputs: [NDArray?], _ a: LayerNormAttributes, _ outs: [TensorType])
    throws(InterpreterError) -> [NDArray]
  {
    let x = try operand(inputs, 0)
    try check(a.axis >= 0 && a.axis < x.rank && !outs.isEmpty, "axis \(a.axis) out of range for \(x.type)")
    let normalized = Array(x.shape[a.axis...])
    let rows = AxisLayout(x.shape, axes: a.axis..<x.rank)
    let scale = try operand(inputs, 1)
    let bias = optionalOperand(inputs, 2)
    for p in [scale] + (bias.map { [$0] } ?? []) {
      try check(broadcastsTo(p.shape, normalized), "\(p.type) does not broadcast to the normalized shape \(normalized)")
    }
    let scales = broadcast(scale, to: normalized)
    let biases = bias.map { broadcast($0, to: normalized) }
    var y = x.doubles
    var means: [Double] = []
    var inverseDeviations: [Double] = []
    for row in 0..<rows.outer {
      let range = row * rows.extent..<(row + 1) * rows.extent
      let (mean, variance) = moments(y[range])
      let inverse = 1 / (variance + a.epsilon).squareRoot()
      for (k, j) in range.enumerated() { y[j] = (y[j] - mean) * inverse * scales[k] + (biases?[k] ?? 0) }
      means.append(mean)
      inverseDeviations.append(inverse)
    }
    let results = [
      NDArray(outs[0].dtype, outs[0].shape, doubles: y),
      NDArray(outs.count > 1 ? outs[1].dtype : .float32, outs.count > 1 ? outs[1].shape : [], doubles: means),
      NDArray(
        outs.count > 2 ? outs[2].dtype : .float32, outs.count > 2 ? outs[2].shape : [], doubles: inverseDeviations),
    ]
    return Array(results.prefix(outs.count))
  }

  /// `LRN` across channels: y = x / (bias + α/size · Σ x²)^β, the sum over channels
  /// c − ⌊(size−1)/2⌋ … c + ⌈(size−1)/2⌉ clipped to the tensor (ONNX operator spec).
  static func lrn(_ inputs: [NDArray?], _ a: LRNAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    try check(x.rank >= 2 && a.size > 0, "LRN needs an N×C×… input and a positive size, got \(x.type), size \(a.size)")
    let layout = AxisLayout(x.shape, axis: 1)
    let below = (a.size - 1) / 2
    let above = a.size - 1 - below
    let v = x.doubles
    let y = v.indices.map { j in
      let c = layout.axisIndex(of: j)
      let o = j / (layout.extent * layout.inner)
      let i = j % layout.inner
      let window = Swift.max(0, c - below)...Swift.min(layout.extent - 1, c + above)
      let squares = window.reduce(0.0) { sum, k in sum + v[layout.index(o, k, i)] * v[layout.index(o, k, i)] }
      return v[j] / pow(a.bias + a.alpha / Double(a.size) * squares, a.beta)
    }
    return NDArray(out.dtype, out.shape, doubles: y)
  }

  /// Operand `index` as one value per channel.
  private static func channelParameter(_ inputs: [NDArray?], _ index: Int, channels: Int)
    throws(InterpreterError) -> [Double]
  {
    let p = try operand(inputs, index)
    try check(p.count == channels, "operand \(index) has \(p.count) elements for \(channels) channels")
    return p.doubles
  }

  /// Mean and biased variance (two passes, so no cancellation) of `values`.
  private static func moments(_ values: ArraySlice<Double>) -> (mean: Double, variance: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n)
  }

  /// The elements of `p` repeated to `shape`.
  private static func broadcast(_ p: NDArray, to shape: [Int]) -> [Double] {
    let values = p.doubles
    return broadcastIndices(p.shape, to: shape).map { values[$0] }
  }

  /// Whether `shape` broadcasts to `target` without changing it (right-aligned).
  private static func broadcastsTo(_ shape: [Int], _ target: [Int]) -> Bool {
    shape.count <= target.count && zip(shape.reversed(), target.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
  }
}
