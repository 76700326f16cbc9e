import Dispatch

/// A strided matrix operand: element (i, j) sits at `base[i * rowStride + j * columnStride]`, so
/// a transposed row-major matrix is the same memory with the strides swapped.
struct MatrixView<Element> {
  var base: UnsafePointer<Element>
  var rowStride: Int
  var columnStride: Int

  /// A row-major `rows × columns` matrix, or its transpose when `transposed` (the memory then
  /// holds `columns × rows`).
  init(_ base: UnsafePointer<Element>, columns: Int, rows: Int, transposed: Bool = false) {
    self.base = base
    (rowStride, columnStride) = transposed ? (1, rows) : (columns, 1)
  }

  @inline(__always) subscript(i: Int, j: Int) -> Element { base[i * rowStride + j * columnStride] }
}

/// Single-precision matrix product `C = A·B` (or `C += A·B`), blocked after Goto and van de Geijn,
/// "Anatomy of High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008): A is packed into
/// panels of `mr` rows and B into panels of `nr` columns (k-major, zero-padded at the edges), and a
/// register-tile kernel multiplies one `mr × kc` by one `kc × nr` panel pair.
///
/// Tasks are `mc × nc` tiles of C, run by `DispatchQueue.concurrentPerform`. Each element of C is
/// summed in the same order whatever the tiling or thread count (k ascending, in `kc` slices), and
/// edge tiles run the same kernel on a scratch tile, so results are bit-identical across runs.
enum GEMM {
  static let mr = 6, nr = 16, kc = 256, mc = 72, nc = 256
  /// Below this many multiply-adds the product runs on the calling thread.
  static let parallelThresholdMACs = 1 << 18

  /// `C[m×n] = A·B`, plus the old `C` when `accumulate`; `c` is row-major with row stride `ldc`.
  static func multiply(
    m: Int, n: Int, k: Int, _ a: MatrixView<Float>, _ b: MatrixView<Float>,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
  ) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
      if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
      return
    }
    let rowPanels = (m + mr - 1) / mr, columnPanels = (n + nr - 1) / nr
    let packedA = UnsafeMutablePointer<Float>.allocate(capacity: rowPanels * mr * k)
    let packedB = UnsafeMutablePointer<Float>.allocate(capacity: columnPanels * nr * k)
    defer {
      packedA.deallocate()
      packedB.deallocate()
    }
    let parallel = m * n * k >= parallelThresholdMACs
    forEach(rowPanels + columnPanels, parallel: parallel) { panel in
      if panel < rowPanels {
        pack(a, panel: panel, width: mr, count: m, k: k, into: packedA + panel * mr * k, transposed: false)
      } else {
        let j = panel - rowPanels
        pack(b, panel: j, width: nr, count: n, k: k, into: packedB + j * nr * k, transposed: true)
      }
    }
    let rowBlocks = (m + mc - 1) / mc, columnBlocks = (n + nc - 1) / nc
    forEach(rowBlocks * columnBlocks, parallel: parallel) { task in
      let i0 = (task / columnBlocks) * mc, j0 = (task % columnBlocks) * nc
      var scratch = [Float](repeating: 0, count: mr * nr)
      for p0 in stride(from: 0, to: k, by: kc) {
        let depth = min(kc, k - p0), load = accumulate || p0 > 0
        for j in stride(from: j0, to: min(j0 + nc, n), by: nr) {
          let bPanel = packedB + (j / nr * k + p0) * nr
          for i in stride(from: i0, to: min(i0 + mc, m), by: mr) {
            let aPanel = packedA + (i / mr * k + p0) * mr
            let rows = min(mr, m - i), columns = min(nr, n - j), tile = c + i * ldc + j
            if rows == mr && columns == nr {
              kernel(depth, aPanel, bPanel, tile, ldc, load: load)
              continue
            }
            scratch.withUnsafeMutableBufferPointer { s in
              guard let t = s.baseAddress else { return }
              for r in 0..<rows { (t + r * nr).update(from: tile + r * ldc, count: columns) }
              kernel(depth, aPanel, bPanel, t, nr, load: load)
              for r in 0..<rows { (tile + r * ldc).update(from: t + r * nr, count: columns) }
            }
          }
        }
      }
    }
  }

  /// Runs `body(0..<count)`, across the cores when `parallel`. Callers write disjoint memory per
  /// index, which is what makes handing the non-Sendable closure to Dispatch sound.
  static func forEach(_ count: Int, parallel: Bool, _ body: (Int) -> Void) {
    if parallel && count > 1 {
      withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let task = body
        DispatchQueue.concurrentPerform(iterations: count) { task($0) }
      }
    } else {
      for i in 0..<count { body(i) }
    }
  }

  /// Copies panel `panel` (`width` rows of A, or `width` columns of B when `transposed`) k-major
  /// into `dst`, zero-filling past `count`.
  private static func pack(
    _ m: MatrixView<Float>, panel: Int, width: Int, count: Int, k: Int, into dst: UnsafeMutablePointer<Float>,
    transposed: Bool
  ) {
    let valid = min(width, count - panel * width)
    for p in 0..<k {
      let row = dst + p * width
      for r in 0..<valid { row[r] = transposed ? m[p, panel * width + r] : m[panel * width + r, p] }
      for r in valid..<width { row[r] = 0 }
    }
  }

  /// One `mr × nr` register tile: `c (+)= a·b` over `depth` steps of packed panels.
  @inline(__always)
  private static func kernel(
    _ depth: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    _ ldc: Int, load: Bool
  ) {
    typealias V = SIMD16<Float>
    let raw = UnsafeMutableRawPointer(c)
    func row(_ r: Int) -> V { load ? raw.loadUnaligned(fromByteOffset: r * ldc * 4, as: V.self) : V() }
    var c0 = row(0), c1 = row(1), c2 = row(2), c3 = row(3), c4 = row(4), c5 = row(5)
    var ap = a, bp = UnsafeRawPointer(b)
    for _ in 0..<depth {
      let bv = bp.loadUnaligned(as: V.self)
      multiplyAdd(&c0, bv, ap[0])
      multiplyAdd(&c1, bv, ap[1])
      multiplyAdd(&c2, bv, ap[2])
      multiplyAdd(&c3, bv, ap[3])
      multiplyAdd(&c4, bv, ap[4])
      multiplyAdd(&c5, bv, ap[5])
      ap += mr
      bp += nr * 4
    }
    let stride = ldc * 4
    raw.storeBytes(of: c0, as: V.self)
    raw.storeBytes(of: c1, toByteOffset: stride, as: V.self)
    raw.storeBytes(of: c2, toByteOffset: 2 * stride, as: V.self)
    raw.storeBytes(of: c3, toByteOffset: 3 * stride, as: V.self)
    raw.storeBytes(of: c4, toByteOffset: 4 * stride, as: V.self)
    raw.storeBytes(of: c5, toByteOffset: 5 * stride, as: V.self)
  }

  /// `acc += b · a`, fused where the target has FMA (arm64, or x86-64 built with `TESSERA_FMA`):
  /// without the instruction a fused multiply-add is a slow library call per lane.
  @inline(__always)
  private static func multiplyAdd(_ acc: inout SIMD16<Float>, _ b: SIMD16<Float>, _ a: Float) {
    #if arch(arm64) || TESSERA_FMA
      acc.addProduct(b, SIMD16(repeating: a))
    #else
      acc += b * a
    #endif
  }
}

// MARK: - Double precision

extension GEMM {
  /// `C[m×n] = A·B` (plus the old `C` when `accumulate`) in Double, row by row; exact for integer
  /// products whose sums stay below 2^53 (the Integer and QLinear ops). Each element sums k in order.
  static func multiply(
    m: Int, n: Int, k: Int, _ a: MatrixView<Double>, _ b: MatrixView<Double>,
    into c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool = false
  ) {
    forEach(m, parallel: m * n * k >= parallelThresholdMACs) { i in
      let row = c + i * ldc
      if !accumulate { row.update(repeating: 0, count: n) }
      for p in 0..<k {
        let x = a[i, p]
        for j in 0..<n { row[j] += x * b[p, j] }
      }
    }
  }
}
