import GraphIR

/// Where an operand's elements are found while walking a row-major output: for every output
/// axis, the storage offset each coordinate adds. The offset of an output position is the
/// sum over its axes.
///
/// Every affine view is such a table set (broadcasting, transpose, slice, tile, depth-to-space
/// all read `Σ f_axis(coordinate)`), and non-affine per-axis maps too (reflect/edge/wrap
/// padding). A sum below zero means "no element" (constant padding): entries for absent
/// positions are `outside`, far below any real offset.
///
/// Tables cost one `Int` per output coordinate, not per output element, so a walk allocates
/// O(Σ extents) however large the tensor.
struct OffsetTables {
  /// `tables[axis][coordinate]`; rank-0 outputs have no tables.
  var tables: [[Int]]

  /// Marks a position with no source element; any sum containing it stays negative for tensors
  /// below 2^40 elements on up to 2^20 axes.
  static let outside = -(1 << 60)

  init(_ tables: [[Int]]) { self.tables = tables }

  /// An operand of `shape` broadcast (numpy rules, axes aligned right) to `output`.
  init(broadcasting shape: [Int], to output: [Int]) {
    self.init(extents: output, strides: Self.broadcastStrides(shape, to: output))
  }

  /// An affine view: coordinate `j` of output axis `i` adds `j * strides[i]` (plus `base` once).
  init(extents: [Int], strides: [Int], base: Int = 0) {
    tables = zip(extents, strides).map { extent, stride in (0..<extent).map { $0 * stride } }
    if !tables.isEmpty { tables[0] = tables[0].map { $0 + base } }
  }

  /// Strides reading a row-major operand of `shape` broadcast to `output`: 0 on the axes it
  /// repeats (its extent-1 axes and the missing leading ones).
  static func broadcastStrides(_ shape: [Int], to output: [Int]) -> [Int] {
    let strides = shape.rowMajorStrides
    let lead = output.count - shape.count
    return output.indices.map { axis in axis >= lead && shape[axis - lead] != 1 ? strides[axis - lead] : 0 }
  }

  /// Element strides of a contiguous row-major tensor.

  /// Calls `body(outputOffset, bases)` for each row of `rowLength` elements of a row-major
  /// output whose outer axes `operands` describe (one table set per operand, all of the same
  /// extents), in order; `bases[k]` is operand `k`'s offset at the row's outer coordinates.
  /// Nothing is called for an empty output.
  ///
  /// Complexity: O(rows · rank) besides the calls.
  @inline(__always)  // lets the callers' element functions inline into their row loops
  static func forEachRow(
    _ operands: [OffsetTables], rowLength: Int, _ body: (_ output: Int, _ bases: [Int]) -> Void
  ) {
    let extents = operands.first?.tables.map(\.count) ?? []
    guard rowLength > 0 && !extents.contains(0) else { return }
    var coordinate = [Int](repeating: 0, count: extents.count)
    var bases = operands.map { operand in operand.tables.reduce(0) { $0 + $1[0] } }
    var output = 0
    while true {
      body(output, bases)
      output += rowLength
      // Odometer over the outer axes, updating each base by the difference of table entries.
      var axis = extents.count - 1
      while axis >= 0 {
        let next = coordinate[axis] + 1
        let wraps = next == extents[axis]
        for k in operands.indices {
          let table = operands[k].tables[axis]
          bases[k] += table[wraps ? 0 : next] - table[coordinate[axis]]
        }
        coordinate[axis] = wraps ? 0 : next
        if !wraps { break }
        axis -= 1
      }
      if axis < 0 { return }
    }
  }

  /// The tables of all axes but the innermost.
  var outer: OffsetTables { OffsetTables(Array(tables.dropLast())) }

  /// The innermost table (`[0]` for a rank-0 output).
  var innermost: [Int] { tables.last ?? [0] }

  /// `source` read through these tables into a row-major output; positions outside the source
  /// get `fill`.
  func gather<T>(_ source: [T], fill: T) -> [T] {
    let count = tables.reduce(1) { $0 * $1.count }
    let inner = innermost
    return [T](unsafeUninitializedCapacity: count) { out, initialized in
      Self.forEachRow([outer], rowLength: inner.count) { offset, bases in
        for (k, step) in inner.enumerated() {
          let at = bases[0] + step
          out.initializeElement(at: offset + k, to: at >= 0 ? source[at] : fill)
        }
      }
      initialized = count
    }
  }
}

/// Numpy broadcasting of operands to an output shape, mapping elements through `f`.
///
/// Operands already of the output's shape are read straight through (the common case of
/// residual adds and activations); others through `OffsetTables`.
enum Broadcasting {
  @inline(__always)  // so `f` is inlined into the loops at each call site
  static func map<A, B, R>(
    _ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int], to output: [Int], _ f: (A, B) -> R
  ) -> [R] {
    let count = output.elementCount
    if aShape == output && bShape == output {
      return [R](unsafeUninitializedCapacity: count) { out, initialized in
        for i in 0..<count { out.initializeElement(at: i, to: f(a[i], b[i])) }
        initialized = count
      }
    }
    let (tables, steps, row) = views([aShape, bShape], output)
    let (sa, sb) = (steps[0], steps[1])
    return [R](unsafeUninitializedCapacity: count) { out, initialized in
      OffsetTables.forEachRow(tables, rowLength: row) { offset, bases in
        let (baseA, baseB) = (bases[0], bases[1])
        // Rows where one operand repeats a single element get their own loops, which vectorize.
        if sa == 1 && sb == 0 {
          let y = b[baseB]
          for k in 0..<row { out.initializeElement(at: offset + k, to: f(a[baseA + k], y)) }
        } else if sa == 0 && sb == 1 {
          let x = a[baseA]
          for k in 0..<row { out.initializeElement(at: offset + k, to: f(x, b[baseB + k])) }
        } else {
          for k in 0..<row { out.initializeElement(at: offset + k, to: f(a[baseA + k * sa], b[baseB + k * sb])) }
        }
      }
      initialized = count
    }
  }

  @inline(__always)
  static func map<A, B, C, R>(
    _ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int], _ c: [C], _ cShape: [Int], to output: [Int],
    _ f: (A, B, C) -> R
  ) -> [R] {
    let (tables, steps, row) = views([aShape, bShape, cShape], output)
    let count = output.elementCount
    return [R](unsafeUninitializedCapacity: count) { out, initialized in
      OffsetTables.forEachRow(tables, rowLength: row) { offset, bases in
        for k in 0..<row {
          out.initializeElement(
            at: offset + k, to: f(a[bases[0] + k * steps[0]], b[bases[1] + k * steps[1]], c[bases[2] + k * steps[2]]))
        }
      }
      initialized = count
    }
  }

  /// How to read each operand broadcast to `output`, row by row: tables of the outer axes, the
  /// stride along a row (0 or 1) and the row length, after coalescing.
  private static func views(_ operands: [[Int]], _ output: [Int]) -> (
    tables: [OffsetTables], rowSteps: [Int], rowLength: Int
  ) {
    let (shapes, shape) = coalesced(operands, output)
    let strides = shapes.map { OffsetTables.broadcastStrides($0, to: shape) }
    let outer = Array(shape.dropLast())
    let tables = strides.map { OffsetTables(extents: outer, strides: Array($0.dropLast())) }
    return (tables, strides.map { $0.last ?? 0 }, shape.last ?? 1)
  }

  /// The same broadcast over fewer, longer axes: output axes of extent 1 dropped, and
  /// neighbours merged where every operand spans both or broadcasts both (a bias of
  /// `[1,64,1,1]` against `[1,64,56,56]` becomes `[64,1]` against `[64,3136]`), so inner loops
  /// run long. Row-major order is unchanged.
  static func coalesced(_ operands: [[Int]], _ output: [Int]) -> (operands: [[Int]], output: [Int]) {
    let aligned = operands.map { [Int](repeating: 1, count: output.count - $0.count) + $0 }
    var merged = operands.map { _ in [Int]() }
    var shape = [Int]()
    for axis in output.indices where output[axis] != 1 {
      let spans = aligned.map { $0[axis] != 1 }
      if let last = shape.indices.last, zip(merged, spans).allSatisfy({ ($0[last] != 1) == $1 }) {
        shape[last] *= output[axis]
        for k in merged.indices where spans[k] { merged[k][last] *= output[axis] }
      } else {
        shape.append(output[axis])
        for k in merged.indices { merged[k].append(spans[k] ? output[axis] : 1) }
      }
    }
    return (merged, shape)
  }

  /// The broadcast of two shapes as an interpreter error.
  static func shape(_ a: [Int], _ b: [Int]) throws(InterpreterError) -> [Int] {
    do { return try Broadcast.shape(a, b) } catch { throw InterpreterError(error.message) }
  }
}

extension NDArray {
  /// This array read through `tables` into an array of `shape` (the tables' extents), with
  /// `fill` (converted to the dtype) where they point outside.
  func gathered(_ tables: OffsetTables, shape: [Int], fill: Double = 0) -> NDArray {
    switch storage {
    case .float(let v):
      NDArray(unchecked: dtype, shape, .float(tables.gather(v, fill: Float(dtype.roundedToStorage(fill)))))
    case .double(let v): NDArray(unchecked: dtype, shape, .double(tables.gather(v, fill: fill)))
    case .int(let v): NDArray(unchecked: dtype, shape, .int(tables.gather(v, fill: dtype.converted(fill))))
    }
  }
}
