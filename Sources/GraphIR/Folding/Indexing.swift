/// Source-index maps of movement ops on row-major tensors: `result[i] = input[sources[i]]`.
enum Indexing {
  static func strides(_ shape: Shape) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      strides[axis] = strides[axis + 1] * shape[axis + 1]
    }
    return strides
  }

  /// Calls `body` with the multi-index of every element of `shape`, in row-major order.
  static func forEachIndex(_ shape: Shape, _ body: ([Int]) -> Void) {
    let count = shape.elementCount
    guard count > 0 else { return }
    var index = [Int](repeating: 0, count: shape.count)
    for _ in 0..<count {
      body(index)
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
  }

  static func map(_ shape: Shape, _ source: ([Int]) -> Int?) -> [Int]? {
    var result: [Int] = []
    result.reserveCapacity(shape.elementCount)
    var failed = false
    forEachIndex(shape) { index in
      if let s = source(index) { result.append(s) } else { failed = true }
    }
    return failed ? nil : result
  }

  static func broadcastSources(from input: Shape, to output: Shape) -> [Int]? {
    let offset = output.count - input.count
    guard offset >= 0 else { return nil }
    let inStrides = strides(input)
    return map(output) { index in
      var s = 0
      for axis in 0..<input.count where input[axis] != 1 { s += index[axis + offset] * inStrides[axis] }
      return s
    }
  }

  static func transposeSources(_ input: Shape, perm: [Int]) -> [Int]? {
    let inStrides = strides(input)
    return map(perm.map { input[$0] }) { index in zip(index, perm).reduce(0) { $0 + $1.0 * inStrides[$1.1] } }
  }

  static func sliceSources(_ input: Shape, _ ranges: [SliceRange]) -> [Int]? {
    var outShape = input
    for r in ranges { outShape[r.axis] = r.count }
    let inStrides = strides(input)
    return map(outShape) { index in
      var position = index
      for r in ranges { position[r.axis] = r.start + index[r.axis] * r.step }
      return zip(position, inStrides).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }

  static func gatherSources(_ data: Shape, indices: [Int64], indexShape: Shape, axis: Int) -> [Int]? {
    let outShape = Array(data.prefix(axis)) + indexShape + Array(data.dropFirst(axis + 1))
    let inStrides = strides(data)
    let indexStrides = strides(indexShape)
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
    let inStrides = strides(data)
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
    let inStrides = strides(input)
    return map(output) { index in
      zip(index, input).enumerated().reduce(0) { $0 + ($1.element.0 % $1.element.1) * inStrides[$1.offset] }
    }
  }

  /// For each output element of a reduction (row-major, reduced axes dropped), its inputs.
  static func reductionGroups(_ shape: Shape, axes: [Int]) -> [[Int]] {
    let keptShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    let keptStrides = strides(keptShape)
    var groups = [[Int]](repeating: [], count: keptShape.elementCount)
    var flat = 0
    forEachIndex(shape) { index in
      let group = zip(index, keptShape).enumerated().reduce(0) {
        $0 + ($1.element.1 == 1 ? 0 : $1.element.0) * keptStrides[$1.offset]
      }
      groups[group].append(flat)
      flat += 1
    }
    return groups
  }
}
