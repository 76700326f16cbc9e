import GraphIR
import Testing

@testable import Interpreter

/// Seeded values in [-1, 1) (xorshift), so failures reproduce.
func seededValues(_ count: Int, seed: UInt64) -> [Float] {
  var state = seed | 1
  return (0..<count).map { _ in
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return Float(state >> 40) / Float(1 << 23) - 1
  }
}

@Suite struct GEMMTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var m: Int
    var n: Int
    var k: Int
    var transA = false
    var transB = false
    var accumulate = false
    var testDescription: String { "\(m)×\(n)×\(k) tA=\(transA) tB=\(transB) acc=\(accumulate)" }
  }

  @Test(arguments: [
    Case(m: 1, n: 1, k: 1), Case(m: 7, n: 13, k: 5), Case(m: 67, n: 129, k: 33), Case(m: 67, n: 129, k: 300),
    Case(m: 7, n: 13, k: 5, transA: true), Case(m: 67, n: 129, k: 33, transB: true),
    Case(m: 80, n: 300, k: 513, transA: true, transB: true), Case(m: 13, n: 17, k: 260, accumulate: true),
    Case(m: 5, n: 3, k: 0),
  ])
  func matchesNaiveTripleLoop(_ c: Case) {
    let a = seededValues(c.m * c.k, seed: 1), b = seededValues(c.k * c.n, seed: 2)
    var y = seededValues(c.m * c.n, seed: 3)
    var expected = c.accumulate ? y.map(Double.init) : [Double](repeating: 0, count: c.m * c.n)
    for i in 0..<c.m {
      for j in 0..<c.n {
        for p in 0..<c.k {
          let x = a[c.transA ? p * c.m + i : i * c.k + p], w = b[c.transB ? j * c.k + p : p * c.n + j]
          expected[i * c.n + j] += Double(x) * Double(w)
        }
      }
    }
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        y.withUnsafeMutableBufferPointer { py in
          GEMM.multiply(
            m: c.m, n: c.n, k: c.k, MatrixView(pa.baseAddress!, columns: c.k, rows: c.m, transposed: c.transA),
            MatrixView(pb.baseAddress!, columns: c.n, rows: c.k, transposed: c.transB), into: py.baseAddress!,
            ldc: c.n, accumulate: c.accumulate)
        }
      }
    }
    let worst = zip(y, expected).map { abs(Double($0) - $1) }.max() ?? 0
    #expect(worst <= 1e-5 * Double(max(c.k, 1)), "max error \(worst)")
  }
}

@Suite struct ConvolutionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var batch = 1
    var channels: Int
    var outChannels: Int
    var groups = 1
    var size: [Int]
    var kernel: [Int]
    var strides = [1, 1]
    var dilations = [1, 1]
    var pads = [0, 0, 0, 0]
    var testDescription: String {
      "N\(batch) C\(channels)→\(outChannels) g\(groups) \(size) k\(kernel) s\(strides) d\(dilations) p\(pads)"
    }
  }

  @Test(arguments: [
    Case(channels: 3, outChannels: 4, size: [7, 9], kernel: [3, 3]),
    Case(
      batch: 2, channels: 4, outChannels: 6, groups: 2, size: [8, 7], kernel: [3, 2], strides: [2, 1],
      pads: [1, 0, 1, 2]),
    Case(
      channels: 5, outChannels: 3, size: [9, 9], kernel: [3, 3], strides: [2, 2], dilations: [2, 1], pads: [2, 1, 0, 1]),
    Case(
      channels: 6, outChannels: 6, groups: 6, size: [10, 11], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1]),
    Case(
      channels: 4, outChannels: 8, groups: 4, size: [6, 6], kernel: [3, 3], dilations: [2, 2], pads: [2, 2, 2, 2]),
    Case(batch: 2, channels: 8, outChannels: 5, size: [5, 6], kernel: [1, 1]),
  ])
  func matchesDirectConvolution(_ c: Case) throws {
    let attributes = ConvAttributes(
      kernelShape: c.kernel, strides: c.strides, pads: c.pads, dilations: c.dilations, group: c.groups)
    let inC = c.channels / c.groups, outC = c.outChannels / c.groups
    let out = (0..<2).map { (i: Int) -> Int in
      let span: Int = c.size[i] + c.pads[i] + c.pads[i + 2] - c.dilations[i] * (c.kernel[i] - 1) - 1
      return span / c.strides[i] + 1
    }
    let x = seededValues(c.batch * c.channels * c.size[0] * c.size[1], seed: 5)
    let w = seededValues(c.outChannels * inC * c.kernel[0] * c.kernel[1], seed: 6)
    let bias = seededValues(c.outChannels, seed: 7)
    var expected = [Double](repeating: 0, count: c.batch * c.outChannels * out[0] * out[1])
    for n in 0..<c.batch {
      for m in 0..<c.outChannels {
        for oy in 0..<out[0] {
          for ox in 0..<out[1] {
            var sum = Double(bias[m])
            for ci in 0..<inC {
              for ky in 0..<c.kernel[0] {
                for kx in 0..<c.kernel[1] {
                  let iy = oy * c.strides[0] + ky * c.dilations[0] - c.pads[0]
                  let ix = ox * c.strides[1] + kx * c.dilations[1] - c.pads[1]
                  guard iy >= 0, iy < c.size[0], ix >= 0, ix < c.size[1] else { continue }
                  let channel = m / outC * inC + ci
                  sum +=
                    Double(x[((n * c.channels + channel) * c.size[0] + iy) * c.size[1] + ix])
                    * Double(w[((m * inC + ci) * c.kernel[0] + ky) * c.kernel[1] + kx])
                }
              }
            }
            expected[((n * c.outChannels + m) * out[0] + oy) * out[1] + ox] = sum
          }
        }
      }
    }
    let y = try Evaluator.conv(
      [
        NDArray(.float32, [c.batch, c.channels] + c.size, floats: x),
        NDArray(.float32, [c.outChannels, inC] + c.kernel, floats: w), NDArray(.float32, [c.outChannels], floats: bias),
      ], attributes, TensorType(.float32, [c.batch, c.outChannels] + out))
    let worst = zip(y.floats, expected).map { abs(Double($0) - $1) }.max() ?? 0
    #expect(y.count == expected.count && worst < 1e-4, "max error \(worst)")
  }
}

@Suite struct ContractionOpTests {
  @Test func gemmBroadcastsCAndScales() throws {
    let a = NDArray(.float32, [2, 2], floats: [1, 2, 3, 4]), b = NDArray(.float32, [2, 2], floats: [1, 0, 0, 1])
    let c = NDArray(.float32, [2], floats: [10, 20])
    let y = try Evaluator.gemm(
      [a, b, c], GemmAttributes(alpha: 2, beta: 0.5, transA: true), TensorType(.float32, [2, 2]))
    #expect(y.floats == [7, 16, 9, 18] as [Float])
  }

  @Test func matMulOneDimensionalAndBatchBroadcast() throws {
    let v = NDArray(.float32, [2], floats: [1, 2])
    let m = NDArray(.float32, [3, 2, 2], floats: [1, 0, 0, 1, 2, 0, 0, 2, 0, 1, 1, 0])
    #expect(try Evaluator.matMul([v, m], TensorType(.float32, [3, 2])).floats == [1, 2, 2, 4, 2, 1])
    #expect(try Evaluator.matMul([v, v], TensorType(.float32, [])).floats == [5])
  }

  @Test func qLinearMatMulRoundsHalfToEvenAndSaturates() throws {
    // acc = (3 − 1)·(5 − 0) = 10; 10 · 0.25 / 1 = 2.5 → 2 (+ zero point 126 → 128 → saturates to 127).
    let operands: [NDArray?] = [
      NDArray(.int8, [1, 1], ints: [3]), NDArray(.float32, [], floats: [0.5]), NDArray(.int8, [], ints: [1]),
      NDArray(.int8, [1, 1], ints: [5]), NDArray(.float32, [], floats: [0.5]), NDArray(.int8, [], ints: [0]),
      NDArray(.float32, [], floats: [1]), NDArray(.int8, [], ints: [126]),
    ]
    #expect(try Evaluator.qLinearMatMul(operands, TensorType(.int8, [1, 1])).ints == [127])
    var even = operands
    even[7] = NDArray(.int8, [], ints: [0])
    #expect(try Evaluator.qLinearMatMul(even, TensorType(.int8, [1, 1])).ints == [2])
  }

  @Test func maxPoolOnUInt8AndAverageCountIncludePad() throws {
    let x = NDArray(.uint8, [1, 1, 2, 2], ints: [1, 200, 3, 4])
    let pool = PoolAttributes(
      kernelShape: [2, 2], strides: [1, 1], pads: [0, 0, 1, 1], dilations: [1, 1], ceilMode: false,
      countIncludePad: true)
    #expect(try Evaluator.pool([x], pool, max: true, TensorType(.uint8, [1, 1, 2, 2])).ints == [200, 200, 4, 4])
    let f = NDArray(.float32, [1, 1, 2, 2], floats: [1, 2, 3, 4])
    #expect(
      try Evaluator.pool([f], pool, max: false, TensorType(.float32, [1, 1, 2, 2])).floats == [2.5, 1.5, 1.75, 1])
  }
}

@Test func maxPoolIndicesAreRowMajorPositionsOfTheFirstMaximum() throws {
  let pool = PoolAttributes(
    kernelShape: [2, 2], strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], ceilMode: false,
    countIncludePad: false)
  // Two channels of 2×3; the second channel's indices continue after the first's 6 elements.
  let x = f32([1, 2, 2, 3], [1, 5, 2, 4, 5, 0, 9, 8, 7, 6, 5, 4])
  try OpCase(
    "maxPool indices", .maxPool(pool), [x], f32([1, 2, 1, 2], [5, 5, 9, 8]),
    ints(.int64, [1, 2, 1, 2], [1, 1, 6, 7])
  ).check()
}
