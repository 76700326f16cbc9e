import GraphIR

/// Data-movement ops: each output element is a copy of an input element (or padding), found
/// through per-axis `OffsetTables`, so every dtype shares one code path and no per-element
/// index arrays are built.
extension Evaluator {
  static func transpose(_ inputs: [NDArray?], _ a: TransposeAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(a.perm.sorted() == Array(0..<x.rank), "perm \(a.perm) is not a permutation of \(x.rank) axes")
    let strides = x.shape.rowMajorStrides
    return x.gathered(OffsetTables(extents: out.shape, strides: a.perm.map { strides[$0] }), shape: out.shape)
  }

  static func concat(_ inputs: [NDArray?], _ a: AxisAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let parts = inputs.compactMap { $0 }
    try check(!parts.isEmpty && parts.allSatisfy { a.axis < $0.rank }, "axis \(a.axis) out of range")
    // Row-major: the output is, for each outer index, each input's slab in turn.
    let outer = Array(out.shape.prefix(a.axis)).elementCount
    let slabs = parts.map { Array($0.shape[a.axis...]).elementCount }
    func join<T: StorageElement>(_: T.Type) throws(InterpreterError) -> NDArray {
      let arrays = try NDArray.elements(parts, as: T.self)
      var joined = [T]()
      joined.reserveCapacity(out.shape.elementCount)
      for o in 0..<outer {
        for (values, slab) in zip(arrays, slabs) { joined.append(contentsOf: values[o * slab..<(o + 1) * slab]) }
      }
      return NDArray(unchecked: out.dtype, out.shape, T.storage(joined))
    }
    switch parts[0].storage {
    case .float: return try join(Float.self)
    case .double: return try join(Double.self)
    case .int: return try join(Int64.self)
    }
  }

  static func split(_ inputs: [NDArray?], _ a: SplitAttributes, _ outs: [TensorType]) throws(InterpreterError)
    -> [NDArray]
  {
    let x = try operand(inputs, 0)
    try check(a.axis < x.rank && outs.allSatisfy { $0.rank == x.rank }, "axis \(a.axis) out of range for \(x.shape)")
    let strides = x.shape.rowMajorStrides
    var start = 0
    return outs.map { piece in
      defer { start += piece.shape[a.axis] }
      return x.gathered(
        OffsetTables(extents: piece.shape, strides: strides, base: start * strides[a.axis]), shape: piece.shape)
    }
  }

  static func slice(_ inputs: [NDArray?], _ a: SliceAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    let ranges: [SliceRange]
    do { ranges = try SliceRange.resolve(a, shape: x.shape) } catch { throw InterpreterError(error.message) }
    var strides = x.shape.rowMajorStrides
    var base = 0
    for range in ranges {
      base += range.start * strides[range.axis]
      strides[range.axis] *= range.step
    }
    return x.gathered(OffsetTables(extents: out.shape, strides: strides, base: base), shape: out.shape)
  }

  /// `Gather`: negative indices count from the end; out-of-range ones are an error.
  static func gather(_ inputs: [NDArray?], _ a: AxisAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let data = try operand(inputs, 0)
    let indices = try operand(inputs, 1)
    try check(a.axis < data.rank, "axis \(a.axis) out of range for \(data.shape)")
    let extent = data.shape[a.axis]
    let strides = data.shape.rowMajorStrides
    // The output viewed as prefix × (indices flattened) × suffix: one table per axis.
    var tables = data.shape.indices.map { axis in (0..<data.shape[axis]).map { $0 * strides[axis] } }
    tables[a.axis] = try indices.ints.map { i throws(InterpreterError) in
      try normalizedIndex(i, extent) * strides[a.axis]
    }
    return data.gathered(OffsetTables(tables), shape: out.shape)
  }

  /// `GatherElements`: `out[i] = data[i with axis coordinate replaced by indices[i]]`.
  static func gatherElements(_ inputs: [NDArray?], _ a: AxisAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let data = try operand(inputs, 0)
    let indices = try operand(inputs, 1)
    try check(a.axis < data.rank && indices.rank == data.rank, "indices \(indices.shape) do not fit \(data.shape)")
    let extent = data.shape[a.axis]
    let strides = data.shape.rowMajorStrides
    let chosen = try indices.ints.map { i throws(InterpreterError) in try normalizedIndex(i, extent) * strides[a.axis] }
    var tables = OffsetTables(extents: indices.shape, strides: strides)
    tables.tables[a.axis] = tables.tables[a.axis].map { _ in 0 }
    var offsets = [Int](repeating: 0, count: indices.count)
    let inner = tables.innermost
    OffsetTables.forEachRow([tables.outer], rowLength: inner.count) { output, bases in
      for k in inner.indices { offsets[output + k] = bases[0] + inner[k] + chosen[output + k] }
    }
    return data.gathered(offsets, shape: out.shape)
  }

  /// `Pad`: constant, reflect (mirror without the edge), edge (repeat it) or wrap; negative
  /// pads crop.
  static func pad(_ inputs: [NDArray?], _ a: PadAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    try check(a.pads.count == 2 * x.rank, "pads \(a.pads) needs \(2 * x.rank) entries")
    let strides = x.shape.rowMajorStrides
    let tables = try x.shape.indices.map { axis throws(InterpreterError) in
      let extent = x.shape[axis]
      try check(
        extent > 0 || a.mode == .constant || out.shape[axis] == 0,
        "cannot \(a.mode.rawValue)-pad axis \(axis), which is empty")
      return (0..<out.shape[axis]).map { j in
        padSource(j - a.pads[axis], extent, a.mode).map { $0 * strides[axis] } ?? OffsetTables.outside
      }
    }
    return x.gathered(OffsetTables(tables), shape: out.shape, fill: a.value)
  }

  static func expand(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    try check(x.rank <= out.rank, "cannot expand \(x.shape) to \(out.shape)")
    return x.gathered(OffsetTables(broadcasting: x.shape, to: out.shape), shape: out.shape)
  }

  static func tile(_ inputs: [NDArray?], _ a: TileAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    try check(
      out.rank == x.rank && zip(x.shape, out.shape).allSatisfy { $0 > 0 || $1 == 0 },
      "cannot tile \(x.shape) to \(out.shape)")
    let strides = x.shape.rowMajorStrides
    // Output extents are multiples of the input's, so an empty input axis has no coordinates.
    let tables = x.shape.indices.map { axis in (0..<out.shape[axis]).map { $0 % x.shape[axis] * strides[axis] } }
    return x.gathered(OffsetTables(tables), shape: out.shape)
  }

  /// `Trilu`: zeroes the elements of the last two axes outside the upper (column − row ≥ k) or
  /// lower (column − row ≤ k) triangle.
  static func trilu(_ inputs: [NDArray?], _ a: TriluAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray {
    let x = try operand(inputs, 0)
    try check(x.rank >= 2, "Trilu needs at least 2 axes")
    let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
    guard x.count > 0 else { return x }
    func keeps(_ offset: Int) -> Bool {
      let diagonal = offset % columns - offset / columns % rows
      return a.upper ? diagonal >= a.k : diagonal <= a.k
    }
    func masked<T>(_ v: [T], _ zero: T) -> [T] { v.indices.map { keeps($0) ? v[$0] : zero } }
    switch x.storage {
    case .float(let v): return x.with(storage: .float(masked(v, 0)))
    case .double(let v): return x.with(storage: .double(masked(v, 0)))
    case .int(let v): return x.with(storage: .int(masked(v, 0)))
    }
  }

  /// `DepthToSpace`: output `[n, c, h·b + i, w·b + j]` reads input channel `(i·b + j)·C' + c`
  /// (DCR, the default) or `c·b² + i·b + j` (CRD), per the ONNX definition's reshape/transpose.
  static func depthToSpace(_ inputs: [NDArray?], _ a: DepthToSpaceAttributes, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    let b = a.blockSize
    try check(x.rank == 4 && out.rank == 4 && b > 0, "DepthToSpace needs an N×C×H×W input")
    let s = x.shape.rowMajorStrides
    let channels = out.shape[1]
    let (rowStep, columnStep) = a.columnRowDepth ? (b * s[1], s[1]) : (b * channels * s[1], channels * s[1])
    let tables = [
      (0..<out.shape[0]).map { $0 * s[0] },
      (0..<channels).map { $0 * (a.columnRowDepth ? b * b * s[1] : s[1]) },
      (0..<out.shape[2]).map { $0 / b * s[2] + $0 % b * rowStep },
      (0..<out.shape[3]).map { $0 / b * s[3] + $0 % b * columnStep },
    ]
    return x.gathered(OffsetTables(tables), shape: out.shape)
  }

  /// `SpaceToDepth`: output channel `(i·b + j)·C + c` reads input `[n, c, h·b + i, w·b + j]`.
  static func spaceToDepth(_ inputs: [NDArray?], _ a: DepthToSpaceAttributes, _ out: TensorType)
    throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    let b = a.blockSize
    try check(x.rank == 4 && out.rank == 4 && b > 0, "SpaceToDepth needs an N×C×H×W input")
    let s = x.shape.rowMajorStrides
    let channels = x.shape[1]
    let tables = [
      (0..<out.shape[0]).map { $0 * s[0] },
      (0..<out.shape[1]).map { $0 % channels * s[1] + $0 / (b * channels) * s[2] + $0 / channels % b * s[3] },
      (0..<out.shape[2]).map { $0 * b * s[2] },
      (0..<out.shape[3]).map { $0 * b * s[3] },
    ]
    return x.gathered(OffsetTables(tables), shape: out.shape)
  }

  /// `CumSum` along an axis, optionally exclusive (each sum leaves out its own element) and
  /// reversed (summing from the end). Integers wrap; fp16 sums are rounded once, at the end.
  static func cumSum(_ inputs: [NDArray?], _ a: CumSumAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray
  {
    let x = try operand(inputs, 0)
    try check(a.axis < x.rank, "axis \(a.axis) out of range for \(x.shape)")
    let extent = x.shape[a.axis]
    let inner = Array(x.shape[(a.axis + 1)...]).elementCount
    guard x.count > 0 else { return x }
    let order = a.reverse ? Array((0..<extent).reversed()) : Array(0..<extent)
    func sums<T>(_ v: [T], _ zero: T, _ add: (T, T) -> T) -> [T] {
      var result = v
      for start in stride(from: 0, to: v.count, by: extent * inner) {
        for lane in start..<start + inner {
          var sum = zero
          for j in order {
            let at = lane + j * inner
            if a.exclusive { result[at] = sum }
            sum = add(sum, v[at])
            if !a.exclusive { result[at] = sum }
          }
        }
      }
      return result
    }
    switch x.storage {
    case .float(let v): return NDArray(x.dtype, x.shape, floats: sums(v, 0, +))
    case .double(let v): return x.with(storage: .double(sums(v, 0, +)))
    case .int(let v): return NDArray(x.dtype, x.shape, ints: sums(v, 0, &+))
    }
  }

  // MARK: - Helpers

  /// `index` counted from the end when negative; an error outside `-extent..<extent`.
  private static func normalizedIndex(_ index: Int64, _ extent: Int) throws(InterpreterError) -> Int {
    let resolved = index < 0 ? index + Int64(extent) : index
    try check(resolved >= 0 && resolved < Int64(extent), "index \(index) out of range for an axis of \(extent)")
    return Int(resolved)
  }

  /// The input coordinate padding position `i` (input coordinates, may lie outside) reads, or
  /// `nil` for the constant. Reflect mirrors with period 2(extent − 1), like numpy's `reflect`.
  private static func padSource(_ i: Int, _ extent: Int, _ mode: PadAttributes.Mode) -> Int? {
    if i >= 0 && i < extent { return i }
    switch mode {
    case .constant: return nil
    case .edge: return i < 0 ? 0 : extent - 1
    case .wrap: return (i % extent + extent) % extent
    case .reflect:
      guard extent > 1 else { return 0 }
      let period = 2 * (extent - 1)
      let folded = (i % period + period) % period
      return folded < extent ? folded : period - folded
    }
  }
}
