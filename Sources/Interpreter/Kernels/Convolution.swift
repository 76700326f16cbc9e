import GraphIR

/// The element types the GEMM kernels multiply: `Float` (blocked SIMD kernel) and `Double`
/// (exact integer sums for the Integer and QLinear ops, and float64 tensors).
protocol GEMMScalar: BinaryFloatingPoint {
  static func gemm(
    m: Int, n: Int, k: Int, _ a: MatrixView<Self>, _ b: MatrixView<Self>, into c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: GEMMScalar {
  static func gemm(
    m: Int, n: Int, k: Int, _ a: MatrixView<Float>, _ b: MatrixView<Float>, into c: UnsafeMutablePointer<Float>,
    ldc: Int
  ) { GEMM.multiply(m: m, n: n, k: k, a, b, into: c, ldc: ldc) }
}

extension Double: GEMMScalar {
  static func gemm(
    m: Int, n: Int, k: Int, _ a: MatrixView<Double>, _ b: MatrixView<Double>, into c: UnsafeMutablePointer<Double>,
    ldc: Int
  ) { GEMM.multiply(m: m, n: n, k: k, a, b, into: c, ldc: ldc) }
}

/// A convolution window normalized to three spatial axes (1-D and 2-D get leading extents of 1,
/// so one loop nest serves every rank).
struct ConvGeometry {
  /// Extents of the tensor the window reads (a Conv's input, a ConvTranspose's output).
  var source: [Int]
  /// Extents of the window positions (a Conv's output, a ConvTranspose's input).
  var positions: [Int]
  var kernel: [Int], strides: [Int], dilations: [Int], padsBegin: [Int]

  init(source: [Int], positions: [Int], _ a: ConvAttributes) throws(InterpreterError) {
    let spatial = source.count
    try check(
      (1...3).contains(spatial) && positions.count == spatial && a.kernelShape.count == spatial
        && a.strides.count == spatial && a.dilations.count == spatial && a.pads.count >= spatial,
      "only 1-D to 3-D windows are supported")
    func lifted(_ v: some Collection<Int>) -> [Int] { Array(repeating: 1, count: 3 - spatial) + v }
    self.source = lifted(source)
    self.positions = lifted(positions)
    kernel = lifted(a.kernelShape)
    strides = lifted(a.strides)
    dilations = lifted(a.dilations)
    padsBegin = Array(repeating: 0, count: 3 - spatial) + a.pads.prefix(spatial)
  }

  var sourceCount: Int { source.reduce(1, *) }
  var positionCount: Int { positions.reduce(1, *) }
  var tapCount: Int { kernel.reduce(1, *) }

  /// For kernel tap `t` and window position `p`, `taps[t * positionCount + p]` is the source
  /// offset the tap reads, or -1 in the padding: `coordinate = position · stride + tap · dilation
  /// − padBegin` per axis (ONNX Conv). Independent of channels, so it is built once per op.
  func taps() -> [Int32] {
    var result = [Int32](repeating: -1, count: tapCount * positionCount)
    var index = 0
    for k0 in 0..<kernel[0] {
      for k1 in 0..<kernel[1] {
        for k2 in 0..<kernel[2] {
          for p0 in 0..<positions[0] {
            let s0 = coordinate(0, p0, k0)
            for p1 in 0..<positions[1] {
              let s1 = coordinate(1, p1, k1)
              for p2 in 0..<positions[2] {
                let s2 = coordinate(2, p2, k2)
                if s0 >= 0 && s1 >= 0 && s2 >= 0 { result[index] = Int32((s0 * source[1] + s1) * source[2] + s2) }
                index += 1
              }
            }
          }
        }
      }
    }
    return result
  }

  /// The source coordinate on `axis`, or -1 outside it.
  @inline(__always) private func coordinate(_ axis: Int, _ position: Int, _ tap: Int) -> Int {
    let s = position * strides[axis] + tap * dilations[axis] - padsBegin[axis]
    return s >= 0 && s < source[axis] ? s : -1
  }
}

/// Convolution and transposed convolution as im2col / col2im around GEMM, one product per batch
/// item and group; depthwise convolutions (one input channel per group) run directly.
enum Convolution {
  /// Elements per op above which the copy loops use both cores.
  static let parallelThreshold = 1 << 16

  /// `y[N, M, positions] = conv(x[N, C, source], w[M, C/G, kernel]) + bias`.
  static func forward<T: GEMMScalar>(
    x: [T], w: [T], bias: [T]?, batch: Int, channels: Int, outChannels: Int, groups: Int, _ g: ConvGeometry
  ) -> [T] {
    let inC = channels / groups, outC = outChannels / groups
    let sourceCount = g.sourceCount, positions = g.positionCount, taps = g.tapCount
    let parallel = outChannels * positions * taps >= parallelThreshold
    var y = [T](repeating: 0, count: batch * outChannels * positions)
    let table = g.taps()
    let pointwise = taps == 1 && table.elementsEqual(0..<Int32(positions)) && sourceCount == positions
    x.withUnsafeBufferPointer { xb in
      w.withUnsafeBufferPointer { wb in
        y.withUnsafeMutableBufferPointer { yb in
          guard let x = xb.baseAddress, let w = wb.baseAddress, let y = yb.baseAddress else { return }
          if inC == 1 && !pointwise {  // depthwise: y[m] = Σ_tap w[m, tap] · x[m / outC] at the tap
            GEMM.forEach(batch * outChannels, parallel: parallel) { nm in
              let out = y + nm * positions,
                source = x + (nm / outChannels * channels + nm % outChannels / outC) * sourceCount
              let weights = w + nm % outChannels * taps
              if g.source[0] == 1 && g.kernel[0] == 1 {
                depthwisePlane(out, source, weights, g)
                return
              }
              table.withUnsafeBufferPointer { table in
                for t in 0..<taps {
                  let weight = weights[t], row = t * positions
                  for p in 0..<positions where table[row + p] >= 0 { out[p] += weight * source[Int(table[row + p])] }
                }
              }
            }
            return
          }
          let rows = inC * taps
          var column = [T](repeating: 0, count: pointwise ? 0 : rows * positions)
          column.withUnsafeMutableBufferPointer { cb in
            for n in 0..<batch {
              for group in 0..<groups {
                let source = x + (n * channels + group * inC) * sourceCount
                var b = source
                if !pointwise, let col = cb.baseAddress {
                  GEMM.forEach(rows, parallel: parallel) { r in
                    let c = source + r / taps * sourceCount, row = r % taps * positions
                    table.withUnsafeBufferPointer { table in
                      for p in 0..<positions {
                        let t = table[row + p]
                        col[r * positions + p] = t >= 0 ? c[Int(t)] : 0
                      }
                    }
                  }
                  b = UnsafePointer(col)
                }
                T.gemm(
                  m: outC, n: positions, k: rows, MatrixView(w + group * outC * rows, columns: rows, rows: outC),
                  MatrixView(b, columns: positions, rows: rows),
                  into: y + (n * outChannels + group * outC) * positions, ldc: positions)
              }
            }
          }
        }
      }
    }
    if let bias { addBias(&y, bias, positions: positions) }
    return y
  }

  /// `y[N, M, source] = convTranspose(x[N, C, positions], w[C, M/G, kernel]) + bias`: each input
  /// element scatters `x · w` to the outputs whose window would read it (col2im).
  static func transposed<T: GEMMScalar>(
    x: [T], w: [T], bias: [T]?, batch: Int, channels: Int, outChannels: Int, groups: Int, _ g: ConvGeometry
  ) -> [T] {
    let inC = channels / groups, outC = outChannels / groups
    let outputCount = g.sourceCount, positions = g.positionCount, taps = g.tapCount
    let rows = outC * taps
    let table = g.taps()
    var y = [T](repeating: 0, count: batch * outChannels * outputCount)
    var column = [T](repeating: 0, count: rows * positions)
    x.withUnsafeBufferPointer { xb in
      w.withUnsafeBufferPointer { wb in
        y.withUnsafeMutableBufferPointer { yb in
          column.withUnsafeMutableBufferPointer { cb in
            guard let x = xb.baseAddress, let w = wb.baseAddress, let y = yb.baseAddress, let col = cb.baseAddress
            else { return }
            for n in 0..<batch {
              for group in 0..<groups {
                T.gemm(
                  m: rows, n: positions, k: inC,
                  MatrixView(w + group * inC * rows, columns: inC, rows: rows, transposed: true),
                  MatrixView(x + (n * channels + group * inC) * positions, columns: positions, rows: inC),
                  into: col, ldc: positions)
                GEMM.forEach(outC, parallel: rows * positions >= parallelThreshold) { m in
                  let out = y + (n * outChannels + group * outC + m) * outputCount
                  for t in 0..<taps {
                    let row = t * positions, values = col + (m * taps + t) * positions
                    for p in 0..<positions where table[row + p] >= 0 { out[Int(table[row + p])] += values[p] }
                  }
                }
              }
            }
          }
        }
      }
    }
    if let bias { addBias(&y, bias, positions: outputCount) }
    return y
  }

  /// One channel of a 1-D or 2-D depthwise convolution, tap by tap (the table's order): for
  /// each tap, the output columns whose input column is inside the plane form one contiguous
  /// range, so the inner loop is a strided multiply-add without per-element checks.
  static func depthwisePlane<T: GEMMScalar>(
    _ out: UnsafeMutablePointer<T>, _ source: UnsafePointer<T>, _ w: UnsafePointer<T>, _ g: ConvGeometry
  ) {
    let (height, width, outHeight, outWidth) = (g.source[1], g.source[2], g.positions[1], g.positions[2])
    let (strideH, strideW) = (g.strides[1], g.strides[2])
    for kh in 0..<g.kernel[1] {
      for kw in 0..<g.kernel[2] {
        let weight = w[kh * g.kernel[2] + kw]
        let offset = kw * g.dilations[2] - g.padsBegin[2]  // input column of output column 0
        guard width - 1 - offset >= 0 else { continue }
        let first = offset >= 0 ? 0 : (strideW - 1 - offset) / strideW
        let end = min(outWidth, (width - 1 - offset) / strideW + 1)
        guard first < end else { continue }
        for oh in 0..<outHeight {
          let ih = oh * strideH + kh * g.dilations[1] - g.padsBegin[1]
          guard ih >= 0 && ih < height else { continue }
          let row = source + ih * width + offset, o = out + oh * outWidth
          if strideW == 1 {
            for ow in first..<end { o[ow] += weight * row[ow] }
          } else {
            for ow in first..<end { o[ow] += weight * row[ow * strideW] }
          }
        }
      }
    }
  }

  /// Adds `bias[channel]` to every position of each `[N, C, positions]` channel.
  static func addBias<T: FloatingPoint>(_ y: inout [T], _ bias: [T], positions: Int) {
    guard !bias.isEmpty, positions > 0 else { return }
    y.withUnsafeMutableBufferPointer { y in
      for plane in 0..<y.count / positions {
        let b = bias[plane % bias.count], start = plane * positions
        for p in start..<start + positions { y[p] += b }
      }
    }
  }
}
