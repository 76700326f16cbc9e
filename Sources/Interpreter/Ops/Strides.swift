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
    let strides = Self.rowMajorStrides(shape)
    let lead = output.count - shape.count
    tables = output.indices.map { axis in
      let own = axis - lead
      let stride = own >= 0 && shape[own] != 1 ? strides[own] : 0
      return (0..<output[axis]).map { $0 * stride }
    }
  }

  /// An affine view: coordinate `j` of output axis `i` adds `j * strides[i]` (plus `base` once).
  init(extents: [Int], strides: [Int], base: Int = 0) {
    tables = zip(extents, strides).map { extent, stride in (0..<extent).map { $0 * stride } }
    if !tables.isEmpty { tables[0] = tables[0].map { $0 + base } }
  }

  /// Element strides of a contiguous row-major tensor.
  static func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in shape.indices.reversed().dropFirst() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
    return strides
  }

  /// Calls `body(outputOffset, bases)` for each run of the output's innermost axis, in row-major
  /// order; `bases[k]` is operand `k`'s offset for the run's first outer coordinates, to which its
  /// innermost table (`innermost`) is added per element. Nothing is called for an empty output.
  ///
  /// Complexity: O(elements / innermost extent · rank) besides the calls.
  static func forEachRow(_ operands: [OffsetTables], _ body: (_ output: Int, _ bases: [Int]) -> Void) {
    let rank = operands.first?.tables.count ?? 0
    let extents = operands.first?.tables.map(\.count) ?? []
    guard rank > 0 else { return body(0, operands.map { _ in 0 }) }
    guard !extents.contains(0) else { return }
    let inner = extents[rank - 1]
    var coordinate = [Int](repeating: 0, count: rank)
    var bases = operands.map { operand in (0..<rank - 1).reduce(0) { $0 + operand.tables[$1][0] } }
    var output = 0
    while true {
      body(output, bases)
      output += inner
      // Odometer over the outer axes, updating each base by the difference of table entries.
      var axis = rank - 2
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

  /// The innermost table (`[0]` for a rank-0 output).
  var innermost: [Int] { tables.last ?? [0] }

  /// `source` read through these tables into a row-major output; positions outside the source
  /// get `fill`.
  func gather<T>(_ source: [T], fill: T) -> [T] {
    let count = tables.reduce(1) { $0 * $1.count }
    let inner = innermost
    return [T](unsafeUninitializedCapacity: count) { out, initialized in
      Self.forEachRow([self]) { offset, bases in
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
  static func map<A, B, R>(
    _ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int], to shape: [Int], _ f: (A, B) -> R
  ) -> [R] {
    let count = shape.elementCount
    if aShape == shape && bShape == shape {
      return [R](unsafeUninitializedCapacity: count) { out, initialized in
        for i in 0..<count { out.initializeElement(at: i, to: f(a[i], b[i])) }
        initialized = count
      }
    }
    let ta = OffsetTables(broadcasting: aShape, to: shape)
    let tb = OffsetTables(broadcasting: bShape, to: shape)
    let (ia, ib) = (ta.innermost, tb.innermost)
    return [R](unsafeUninitializedCapacity: count) { out, initialized in
      OffsetTables.forEachRow([ta, tb]) { offset, bases in
        let (baseA, baseB) = (bases[0], bases[1])
        for k in ia.indices { out.initializeElement(at: offset + k, to: f(a[baseA + ia[k]], b[baseB + ib[k]])) }
      }
      initialized = count
    }
  }

  static func map<A, B, C, R>(
    _ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int], _ c: [C], _ cShape: [Int], to shape: [Int],
    _ f: (A, B, C) -> R
  ) -> [R] {
    let tables = [aShape, bShape, cShape].map { OffsetTables(broadcasting: $0, to: shape) }
    let (ia, ib, ic) = (tables[0].innermost, tables[1].innermost, tables[2].innermost)
    let count = shape.elementCount
    return [R](unsafeUninitializedCapacity: count) { out, initialized in
      OffsetTables.forEachRow(tables) { offset, bases in
        for k in ia.indices {
          out.initializeElement(
            at: offset + k, to: f(a[bases[0] + ia[k]], b[bases[1] + ib[k]], c[bases[2] + ic[k]]))
        }
      }
      initialized = count
    }
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
