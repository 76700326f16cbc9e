import GraphIR

/// A GEMM element type that reads and writes `NDArray` elements.
protocol ArrayScalar: GEMMScalar {
  static func elements(_ a: NDArray) -> [Self]
  static func array(_ values: [Self], _ type: TensorType) -> NDArray
}

extension Float: ArrayScalar {
  static func elements(_ a: NDArray) -> [Float] { a.floats }
  static func array(_ values: [Float], _ type: TensorType) -> NDArray {
    NDArray(type.dtype, type.shape, floats: values)
  }
}

extension Double: ArrayScalar {
  static func elements(_ a: NDArray) -> [Double] { a.doubles }
  static func array(_ values: [Double], _ type: TensorType) -> NDArray {
    NDArray(type.dtype, type.shape, doubles: values)
  }
}

extension Evaluator {
  /// Float kinds (f32, f16, bf16) compute in `Float`; float64 and integers in `Double`.
  static func usesFloat(_ dtype: DType) -> Bool { NDArray.kind(of: dtype) == .float }

  static func conv(_ inputs: [NDArray?], _ a: ConvAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0), w = try operand(inputs, 1), bias = optionalOperand(inputs, 2)
    return usesFloat(out.dtype)
      ? try convolve(Float.self, x, w, bias, a, out, transposed: false)
      : try convolve(Double.self, x, w, bias, a, out, transposed: false)
  }

  static func convTranspose(
    _ inputs: [NDArray?], _ a: ConvTransposeAttributes, _ out: TensorType
  ) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0), w = try operand(inputs, 1), bias = optionalOperand(inputs, 2)
    return usesFloat(out.dtype)
      ? try convolve(Float.self, x, w, bias, a.conv, out, transposed: true)
      : try convolve(Double.self, x, w, bias, a.conv, out, transposed: true)
  }

  private static func convolve<T: ArrayScalar>(
    _: T.Type, _ x: NDArray, _ w: NDArray, _ bias: NDArray?, _ a: ConvAttributes, _ out: TensorType, transposed: Bool
  ) throws(InterpreterError) -> NDArray {
    let y = try convolve(T.elements(x), x.shape, T.elements(w), w.shape, bias.map(T.elements), a, out.shape, transposed)
    return T.array(y, out)
  }

  /// The shared Conv / ConvTranspose driver after operands are converted to `T`.
  private static func convolve<T: ArrayScalar>(
    _ x: [T], _ xShape: [Int], _ w: [T], _ wShape: [Int], _ bias: [T]?, _ a: ConvAttributes, _ outShape: [Int],
    _ transposed: Bool
  ) throws(InterpreterError) -> [T] {
    try check(
      xShape.count >= 3 && outShape.count == xShape.count && wShape.count == xShape.count && a.group >= 1
        && outShape[0] == xShape[0] && xShape[1] % a.group == 0 && outShape[1] % a.group == 0,
      "input \(xShape), weight \(wShape) and output \(outShape) do not form a convolution with group \(a.group)")
    let spatialIn = Array(xShape.dropFirst(2)), spatialOut = Array(outShape.dropFirst(2))
    let g = try ConvGeometry(
      source: transposed ? spatialOut : spatialIn, positions: transposed ? spatialIn : spatialOut, a)
    let expectedWeight = xShape[1] / a.group * outShape[1] * g.tapCount
    try check(w.count == expectedWeight, "weight \(wShape) does not match the channels and kernel")
    try check(bias == nil || bias?.count == outShape[1], "bias needs \(outShape[1]) elements")
    return transposed
      ? Convolution.transposed(
        x: x, w: w, bias: bias, batch: xShape[0], channels: xShape[1], outChannels: outShape[1], groups: a.group, g)
      : Convolution.forward(
        x: x, w: w, bias: bias, batch: xShape[0], channels: xShape[1], outChannels: outShape[1], groups: a.group, g)
  }

  static func gemm(_ inputs: [NDArray?], _ a: GemmAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0), w = try operand(inputs, 1), c = optionalOperand(inputs, 2)
    return usesFloat(out.dtype)
      ? try gemm(Float.self, x, w, c, a, out) : try gemm(Double.self, x, w, c, a, out)
  }

  /// `alpha · op(A)·op(B) + beta · C`, C broadcast unidirectionally to `[M, N]`.
  private static func gemm<T: ArrayScalar>(
    _: T.Type, _ x: NDArray, _ w: NDArray, _ c: NDArray?, _ a: GemmAttributes, _ out: TensorType
  ) throws(InterpreterError) -> NDArray {
    try check(x.rank == 2 && w.rank == 2 && out.rank == 2, "Gemm needs matrices, got \(x.shape) and \(w.shape)")
    let m = out.shape[0], n = out.shape[1], k = a.transA ? x.shape[0] : x.shape[1]
    try check(
      (a.transA ? x.shape[1] : x.shape[0]) == m && (a.transB ? w.shape : w.shape.reversed()) == [n, k],
      "Gemm operands \(x.shape) and \(w.shape) do not give \(out.shape)")
    var y = try multiply(T.elements(x), T.elements(w), m: m, n: n, k: k, transA: a.transA, transB: a.transB)
    let alpha = T(a.alpha), beta = T(a.beta)
    if alpha != 1 { for i in y.indices { y[i] *= alpha } }
    if let c, beta != 0 {
      let rows = c.rank == 2 ? c.shape[0] : 1, columns = c.shape.last ?? 1
      try check(c.rank <= 2 && [1, m].contains(rows) && [1, n].contains(columns), "C \(c.shape) does not broadcast")
      let values = T.elements(c)
      for i in 0..<m {
        for j in 0..<n { y[i * n + j] += beta * values[(rows == 1 ? 0 : i) * columns + (columns == 1 ? 0 : j)] }
      }
    }
    return T.array(y, out)
  }

  /// `op(A)[m×k] · op(B)[k×n]` of row-major operands (stored transposed when the flag is set).
  private static func multiply<T: GEMMScalar>(
    _ a: [T], _ b: [T], m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, aOffset: Int = 0,
    bOffset: Int = 0
  ) -> [T] {
    var y = [T](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { ab in
      b.withUnsafeBufferPointer { bb in
        y.withUnsafeMutableBufferPointer { yb in
          guard let pa = ab.baseAddress, let pb = bb.baseAddress, let py = yb.baseAddress else { return }
          T.gemm(
            m: m, n: n, k: k, MatrixView(pa + aOffset, columns: k, rows: m, transposed: transA),
            MatrixView(pb + bOffset, columns: n, rows: k, transposed: transB), into: py, ldc: n)
        }
      }
    }
    return y
  }

  static func matMul(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray {
    let a = try operand(inputs, 0), b = try operand(inputs, 1)
    return usesFloat(out.dtype)
      ? Float.array(try batchedProduct(a.floats, a.shape, b.floats, b.shape, out), out)
      : Double.array(try batchedProduct(a.doubles, a.shape, b.doubles, b.shape, out), out)
  }

  /// NumPy `matmul`: 1-D operands gain a unit axis (dropped again in `out`), batch axes broadcast.
  private static func batchedProduct<T: GEMMScalar>(
    _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], _ out: TensorType
  ) throws(InterpreterError) -> [T] {
    let aMatrix = aShape.count == 1 ? [1] + aShape : aShape, bMatrix = bShape.count == 1 ? bShape + [1] : bShape
    guard aMatrix.count >= 2, bMatrix.count >= 2 else { throw InterpreterError("MatMul operands must not be scalars") }
    let m = aMatrix[aMatrix.count - 2], k = aMatrix[aMatrix.count - 1], n = bMatrix[bMatrix.count - 1]
    try check(bMatrix[bMatrix.count - 2] == k, "MatMul operands \(aShape) and \(bShape) disagree on K")
    let rank = max(aMatrix.count, bMatrix.count) - 2
    let aBatch = Array(repeating: 1, count: rank - aMatrix.count + 2) + aMatrix.dropLast(2)
    let bBatch = Array(repeating: 1, count: rank - bMatrix.count + 2) + bMatrix.dropLast(2)
    var batch: [Int] = []
    for (p, q) in zip(aBatch, bBatch) {
      try check(p == q || p == 1 || q == 1, "MatMul batch axes \(aShape) and \(bShape) do not broadcast")
      batch.append(p == 1 ? q : p)
    }
    let count = batch.reduce(1, *)
    try check(count * m * n == out.shape.elementCount, "MatMul result does not have \(out.shape)")
    var y: [T] = []
    y.reserveCapacity(count * m * n)
    for index in 0..<count {
      // Offsets of this batch item in A and B (a unit axis repeats its only matrix).
      var rest = index, aOffset = 0, bOffset = 0, aStride = m * k, bStride = k * n
      for axis in stride(from: rank - 1, through: 0, by: -1) {
        let i = rest % batch[axis]
        rest /= batch[axis]
        if aBatch[axis] != 1 { aOffset += i * aStride }
        if bBatch[axis] != 1 { bOffset += i * bStride }
        aStride *= aBatch[axis]
        bStride *= bBatch[axis]
      }
      y += multiply(a, b, m: m, n: n, k: k, aOffset: aOffset, bOffset: bOffset)
    }
    return y
  }

  // MARK: - Integer and quantized

  static func qLinearConv(_ inputs: [NDArray?], _ a: ConvAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let x = try operand(inputs, 0), w = try operand(inputs, 3), channels = w.shape.first ?? 0
    let acc = try integerConv(
      x, optionalOperand(inputs, 2), w, optionalOperand(inputs, 5), a, out, optionalOperand(inputs, 8))
    let xScale = try perChannel(try operand(inputs, 1), 1)[0], wScale = try perChannel(try operand(inputs, 4), channels)
    let plane = out.shape.dropFirst(2).reduce(1, *)
    return try requantize(acc, out, scale: try operand(inputs, 6), zeroPoint: optionalOperand(inputs, 7)) { i in
      xScale * wScale[i / plane % channels]
    }
  }

  static func convInteger(_ inputs: [NDArray?], _ a: ConvAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let acc = try integerConv(
      try operand(inputs, 0), optionalOperand(inputs, 2), try operand(inputs, 1), optionalOperand(inputs, 3), a, out,
      nil)
    return NDArray(out.dtype, out.shape, doubles: acc)
  }

  /// `Σ (x − x_zero) · (w − w_zero[m]) (+ bias[m])`, exact in Double (integer operands).
  private static func integerConv(
    _ x: NDArray, _ xZero: NDArray?, _ w: NDArray, _ wZero: NDArray?, _ a: ConvAttributes, _ out: TensorType,
    _ bias: NDArray?
  ) throws(InterpreterError) -> [Double] {
    let channels = w.shape.first ?? 0, perChannel = channels == 0 ? 0 : w.count / channels
    let xz = try Self.perChannel(xZero, 1)[0], wz = try Self.perChannel(wZero, channels)
    let xs = x.doubles.map { $0 - xz }, ws = w.doubles.enumerated().map { $1 - wz[$0 / perChannel] }
    return try convolve(xs, x.shape, ws, w.shape, bias?.doubles, a, out.shape, false)
  }

  static func qLinearMatMul(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray {
    let a = try operand(inputs, 0), b = try operand(inputs, 3)
    let (m, n) = (a.rank == 1 ? 1 : a.shape[a.rank - 2], b.rank == 1 ? 1 : b.shape[b.rank - 1])
    let acc = try integerProduct(a, optionalOperand(inputs, 2), b, optionalOperand(inputs, 5), out)
    let aScale = try perChannel(try operand(inputs, 1), m), bScale = try perChannel(try operand(inputs, 4), n)
    return try requantize(acc, out, scale: try operand(inputs, 6), zeroPoint: optionalOperand(inputs, 7)) { i in
      aScale[i / n % m] * bScale[i % n]
    }
  }

  static func matMulInteger(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray {
    let acc = try integerProduct(
      try operand(inputs, 0), optionalOperand(inputs, 2), try operand(inputs, 1), optionalOperand(inputs, 3), out)
    return NDArray(out.dtype, out.shape, doubles: acc)
  }

  /// `(a − a_zero[row]) · (b − b_zero[column])` with zero points per tensor, per row of A or per
  /// column of B; exact in Double.
  private static func integerProduct(
    _ a: NDArray, _ aZero: NDArray?, _ b: NDArray, _ bZero: NDArray?, _ out: TensorType
  ) throws(InterpreterError) -> [Double] {
    let (m, k, n) = (a.rank == 1 ? 1 : a.shape[a.rank - 2], a.shape.last ?? 1, b.rank == 1 ? 1 : b.shape[b.rank - 1])
    let az = try perChannel(aZero, m), bz = try perChannel(bZero, n)
    let ad = a.doubles.enumerated().map { $1 - az[$0 / max(k, 1) % m] }
    let bd = b.doubles.enumerated().map { $1 - bz[$0 % n] }
    return try batchedProduct(ad, a.shape, bd, b.shape, out)
  }

  /// `saturate(round_half_even(acc · scale(i) / y_scale) + y_zero)` in the zero point's dtype.
  private static func requantize(
    _ acc: [Double], _ out: TensorType, scale: NDArray, zeroPoint: NDArray?, _ inputScale: (Int) -> Double
  ) throws(InterpreterError) -> NDArray {
    let yScale = try perChannel(scale, 1)[0], yZero = try perChannel(zeroPoint, 1)[0]
    let y = acc.indices.map { i in (acc[i] * inputScale(i) / yScale).rounded(.toNearestOrEven) + yZero }
    return NDArray(out.dtype, out.shape, doubles: y)
  }

  /// A scale or zero point given per tensor (one element, or absent: 0) or per channel, as
  /// `count` values.
  private static func perChannel(_ v: NDArray?, _ count: Int) throws(InterpreterError) -> [Double] {
    guard let v else { return Array(repeating: 0, count: count) }
    try check(v.count == 1 || v.count == count, "a scale or zero point has \(v.count) elements, expected 1 or \(count)")
    return v.count == 1 ? Array(repeating: v.doubles[0], count: count) : v.doubles
  }
}
