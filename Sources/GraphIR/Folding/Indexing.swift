/// Source-index maps of movement ops on row-major tensors: `result[i] = input[sources[i]]`.
enum Indexing {

  static func map(_ shape: Shape, _ source: ([Int]) -> Int?) -> [Int]? {
    var result: [Int] = []
    result.reserveCapacity(shape.elementCount)
    var failed = false
    shape.forEachIndex { index in
      if let s = source(index) { result.append(s) } else { failed = true }
    }
    return failed ? nil : result
  }

  static func broadcastSources(from input: Shape, to output: Shape) -> [Int]? {
    let offset = output.count - input.count
    guard offset >= 0 else { return nil }
    let inStrides = input.rowMajorStrides
    return map(output) { index in
      var s = 0
      for axis in 0..<input.count where input[axis] != 1 { s += index[axis + offset] * inStrides[axis] }
      return s
    }
  }

  static func transposeSources(_ input: Shape, perm: [Int]) -> [Int]? {
    let inStrides = input.rowMajorStrides
    return map(perm.map { input[$0] }) { index in zip(index, perm).reduce(0) { $0 + $1.0 * inStrides[$1.1] } }
  }

  static func sliceSources(_ input: Shape, _ ranges: [SliceRange]) -> [Int]? {
    var outShape = input
    for r in ranges { outShape[r.axis] = r.count }
    let inStrides = input.rowMajorStrides
    return map(outShape) { index in
      var position = index
      for r in ranges { position[r.axis] = r.start + index[r.axis] * r.step }
      return zip(position, inStrides).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }

  static func gatherSources(_ data: Shape, indices: [Int64], indexShape: Shape, axis: Int) -> [Int]? {
    let outShape = Array(data.prefix(axis)) + indexShape + Array(data.dropFirst(axis + 1))
    let inStrides = data.rowMajorStrides
    let indexStrides = indexShape.rowMajorStrides
    return map(outShape) { index in
      let flat = zip(index[axis..<axis + indexShape.count], indexStrides).reduce(0) { $0 + $1.0 * $1.1 }
      var position = Int(indices[flat])
      if position < 0 { position += data[axis] }
      guard position >= 0 && position < data[axis] else { return nil }
      let source = Array(index.prefix(axis)) + [position] + Array(index.dropFirst(axis + indexShape.count))
      return zip(source, inStrides).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }

  static func gatherElementsSources(_ data: Shape, indices: [Int64], indexShape: Shape, axis: Int) -> [Int]? {
    let inStrides = data.rowMajorStrides
    var flat = 0
    return map(indexShape) { index in
      defer { flat += 1 }
      var position = Int(indices[flat])
      if position < 0 { position += data[axis] }
      guard position >= 0 && position < data[axis] else { return nil }
      var source = index
      source[axis] = position
      return zip(source, inStrides).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }

  static func tileSources(_ input: Shape, to output: Shape) -> [Int]? {
    let inStrides = input.rowMajorStrides
    return map(output) { index in
      zip(index, input).enumerated().reduce(0) { $0 + ($1.element.0 % $1.element.1) * inStrides[$1.offset] }
    }
  }

  /// For each output element of a reduction (row-major, reduced axes dropped), its inputs.
  static func reductionGroups(_ shape: Shape, axes: [Int]) -> [[Int]] {
    let keptShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    let keptStrides = keptShape.rowMajorStrides
    var groups = [[Int]](repeating: [], count: keptShape.elementCount)
    var flat = 0
    shape.forEachIndex { index in
      let group = zip(index, keptShape).enumerated().reduce(0) {
        $0 + ($1.element.1 == 1 ? 0 : $1.element.0) * keptStrides[$1.offset]
      }
      groups[group].append(flat)
      flat += 1
    }
    return groups
  }
}

extension Array where Element == Int {
  /// Row-major strides of a tensor of this shape (the last axis contiguous).
  public var rowMajorStrides: [Int] {
    var strides = [Int](repeating: 1, count: count)
    for axis in indices.reversed().dropFirst() { strides[axis] = strides[axis + 1] * self[axis + 1] }
    return strides
  }

  /// Calls `body` with the multi-index of every element of a tensor of this shape, in
  /// row-major order.
  public func forEachIndex(_ body: ([Int]) -> Void) {
    let total = elementCount
    guard total > 0 else { return }
    var index = [Int](repeating: 0, count: count)
    for _ in 0..<total {
      body(index)
      var axis = count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < self[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
  }
}
