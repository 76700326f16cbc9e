import GraphIR

extension Evaluator {
  /// `MaxPool` / `AveragePool`: padding never wins a max; an average divides by the taps inside
  /// the input, or (`count_include_pad`) inside the padded input, so a ceil-mode window hanging
  /// past the end padding still excludes that overhang (ONNX reference semantics).
  static func pool(_ inputs: [NDArray?], _ a: PoolAttributes, max: Bool, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(
      x.rank >= 3 && out.rank == x.rank && Array(out.shape.prefix(2)) == Array(x.shape.prefix(2)),
      "pooling input \(x.shape) does not give \(out.shape)")
    let window = ConvAttributes(
      kernelShape: a.kernelShape, strides: a.strides, pads: a.pads, dilations: a.dilations, group: 1)
    let g = try ConvGeometry(source: Array(x.shape.dropFirst(2)), positions: Array(out.shape.dropFirst(2)), window)
    let table = g.taps(), positions = g.positionCount
    var divisors: [Double] = []
    if !max {
      // Taps per position: valid ones, or with count_include_pad those inside the padded extent.
      let spatial = x.rank - 2
      let padded = a.countIncludePad ? (0..<spatial).map { x.shape[$0 + 2] + a.pads[$0] + a.pads[$0 + spatial] } : nil
      divisors = (0..<positions).map { p in
        guard let padded else { return Double((0..<g.tapCount).count { table[$0 * positions + p] >= 0 }) }
        var rest = p, count = 1
        for axis in stride(from: spatial - 1, through: 0, by: -1) {
          let lifted = axis + 3 - spatial, position = rest % g.positions[lifted]
          rest /= g.positions[lifted]
          count *= (0..<a.kernelShape[axis]).count { k in
            position * a.strides[axis] + k * a.dilations[axis] < padded[axis]
          }
        }
        return Double(count)
      }
    }
    return usesFloat(x.dtype)
      ? Float.array(pool(x.floats, table, g, divisors.map(Float.init)), out)
      : Double.array(pool(x.doubles, table, g, divisors), out)
  }

  /// Windows of every `[N·C]` plane: the max (`divisors` empty) or the sum over `divisors`.
  private static func pool<T: BinaryFloatingPoint>(_ x: [T], _ table: [Int32], _ g: ConvGeometry, _ divisors: [T])
    -> [T]
  {
    let positions = g.positionCount, sourceCount = g.sourceCount, planes = sourceCount == 0 ? 0 : x.count / sourceCount
    var y = [T](repeating: divisors.isEmpty ? -.infinity : 0, count: planes * positions)
    let parallel = y.count * g.tapCount >= Convolution.parallelThreshold
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeMutableBufferPointer { yb in
        guard let xp = xb.baseAddress, let yp = yb.baseAddress else { return }
        GEMM.forEach(planes, parallel: parallel) { plane in
          let source = xp + plane * sourceCount, out = yp + plane * positions
          for t in 0..<g.tapCount {
            let row = t * positions
            for p in 0..<positions where table[row + p] >= 0 {
              let v = source[Int(table[row + p])]
              if divisors.isEmpty { out[p] = v > out[p] ? v : out[p] } else { out[p] += v }
            }
          }
          if !divisors.isEmpty { for p in 0..<positions { out[p] /= divisors[p] } }
        }
      }
    }
    return y
  }

  /// MaxPool's optional `Indices`: for each output, the row-major position in the whole input
  /// (batch and channel included, ONNX `storage_order=0`) of its window's first maximum.
  static func maxPoolIndices(_ inputs: [NDArray?], _ a: PoolAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(x.rank >= 3 && out.rank == x.rank, "pooling input \(x.shape) does not give indices \(out.shape)")
    let window = ConvAttributes(
      kernelShape: a.kernelShape, strides: a.strides, pads: a.pads, dilations: a.dilations, group: 1)
    let g = try ConvGeometry(source: Array(x.shape.dropFirst(2)), positions: Array(out.shape.dropFirst(2)), window)
    let table = g.taps(), positions = g.positionCount, sourceCount = g.sourceCount
    let values = x.doubles
    let planes = sourceCount == 0 ? 0 : x.count / sourceCount
    var indices = [Int64](repeating: 0, count: planes * positions)
    for plane in 0..<planes {
      for p in 0..<positions {
        var best = -Double.infinity, bestOffset = -1
        for t in 0..<g.tapCount where table[t * positions + p] >= 0 {
          let offset = Int(table[t * positions + p])
          if bestOffset < 0 || values[plane * sourceCount + offset] > best {
            (best, bestOffset) = (values[plane * sourceCount + offset], offset)
          }
        }
        indices[plane * positions + p] = Int64(plane * sourceCount + max(bestOffset, 0))
      }
    }
    return NDArray(out.dtype, out.shape, ints: indices)
  }

  static func globalPool(_ inputs: [NDArray?], max: Bool, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    try check(x.rank >= 3, "global pooling needs an N×C×spatial input, got \(x.shape)")
    let plane = x.shape.dropFirst(2).reduce(1, *), values = x.doubles
    try check(plane > 0 && out.shape.elementCount * plane == x.count, "global pooling cannot give \(out.shape)")
    let y = (0..<out.shape.elementCount).map { i in
      let window = values[i * plane..<(i + 1) * plane]
      return max ? window.max() ?? 0 : window.reduce(0, +) / Double(plane)
    }
    return NDArray(out.dtype, out.shape, doubles: y)
  }
}
