/// A row-major shape seen as `outer × extent × inner` around one axis (or a run of
/// axes): the view softmax, arg-reductions and the normalizations iterate in.
///
/// Element `(o, k, i)` sits at `(o · extent + k) · inner + i`.
struct AxisLayout {
  var outer: Int
  var extent: Int
  var inner: Int

  /// The layout around axes `axes` (a contiguous, possibly empty, range) of `shape`.
  init(_ shape: [Int], axes: Range<Int>) {
    outer = Array(shape[..<axes.lowerBound]).elementCount
    extent = Array(shape[axes]).elementCount
    inner = Array(shape[axes.upperBound...]).elementCount
  }

  /// The layout around the single axis `axis` (rank 0 counts as one element).
  init(_ shape: [Int], axis: Int) {
    self.init(shape, axes: shape.isEmpty ? 0..<0 : axis..<axis + 1)
  }

  func index(_ o: Int, _ k: Int, _ i: Int) -> Int { (o * extent + k) * inner + i }

  /// The position `k` along the axis of the element at row-major `index` (an array with
  /// elements has a non-zero extent and inner count).
  func axisIndex(of index: Int) -> Int { (index / inner) % extent }
}

/// For every element of `shape` (row-major), the row-major index of the element of the
/// shape with `axes` removed that it reduces into.
func reducedIndices(_ shape: [Int], axes: [Int]) -> [Int] {
  var strides = [Int](repeating: 0, count: shape.count)
  var stride = 1
  for axis in shape.indices.reversed() where !axes.contains(axis) {
    strides[axis] = stride
    stride *= shape[axis]
  }
  return odometer(shape) { position in zip(position, strides).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// For every element of `target`, the row-major index in an array of `shape` that
/// broadcasts to it (shapes aligned on the right, extents of 1 repeated).
func broadcastIndices(_ shape: [Int], to target: [Int]) -> [Int] {
  var strides = [Int](repeating: 0, count: target.count)
  var stride = 1
  for (offset, extent) in shape.reversed().enumerated() where offset < target.count {
    if extent != 1 { strides[target.count - 1 - offset] = stride }
    stride *= extent
  }
  return odometer(target) { position in zip(position, strides).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// `map(position)` for every position of `shape` in row-major order.
func odometer<T>(_ shape: [Int], _ map: ([Int]) -> T) -> [T] {
  var result: [T] = []
  result.reserveCapacity(shape.elementCount)
  shape.forEachIndex { result.append(map($0)) }
  return result
}
