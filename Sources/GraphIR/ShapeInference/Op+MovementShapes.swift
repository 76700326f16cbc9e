/// Shape inference of data-movement ops and reductions.
extension Op {
  func inferMovementTypes(_ args: InferenceArguments, outputCount: Int) throws(IRError) -> [TensorType] {
    switch self {
    case .reshape(let a):
      try args.arity(1...1)
      try require(a.shape.allSatisfy { $0 >= 0 }, "target shape \(a.shape) has negative extents")
      try require(
        a.shape.elementCount == args[0].elementCount,
        "cannot reshape \(args[0]) (\(args[0].elementCount) elements) to \(a.shape)")
      return [TensorType(args[0].dtype, a.shape)]
    case .flatten(let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.axis >= 0 && a.axis <= x.rank, "axis \(a.axis) out of range for \(x)")
      return [
        TensorType(
          x.dtype, [Array(x.shape.prefix(a.axis)).elementCount, Array(x.shape.dropFirst(a.axis)).elementCount])
      ]
    case .transpose(let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.perm.sorted() == Array(0..<x.rank), "perm \(a.perm) is not a permutation of \(x.rank) axes")
      return [TensorType(x.dtype, a.perm.map { x.shape[$0] })]
    case .squeeze(let a):
      try args.arity(1...1)
      let x = args[0]
      for axis in a.axes {
        try require(axis >= 0 && axis < x.rank && x.shape[axis] == 1, "cannot squeeze axis \(axis) of \(x)")
      }
      return [TensorType(x.dtype, x.shape.enumerated().filter { !a.axes.contains($0.offset) }.map(\.element))]
    case .unsqueeze(let a):
      try args.arity(1...1)
      let x = args[0]
      let rank = x.rank + a.axes.count
      try require(
        Set(a.axes).count == a.axes.count && a.axes.allSatisfy { $0 >= 0 && $0 < rank }, "bad axes \(a.axes) for \(x)")
      var rest = x.shape.makeIterator()
      return [TensorType(x.dtype, (0..<rank).map { a.axes.contains($0) ? 1 : (rest.next() ?? 1) })]
    case .concat(let a):
      try args.arity(1...4096)
      let first = args[0]
      try require(a.axis >= 0 && a.axis < first.rank, "axis \(a.axis) out of range for \(first)")
      var shape = first.shape
      shape[a.axis] = 0
      for input in args.all {
        var other = input.shape
        try require(
          input.dtype == first.dtype && other.count == shape.count, "cannot concatenate \(first) and \(input)")
        let extent = other[a.axis]
        other[a.axis] = 0
        var expected = shape
        expected[a.axis] = 0
        try require(other == expected, "cannot concatenate \(first) and \(input) along axis \(a.axis)")
        shape[a.axis] += extent
      }
      return [TensorType(first.dtype, shape)]
    case .split(let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.axis >= 0 && a.axis < x.rank, "axis \(a.axis) out of range for \(x)")
      try require(a.sizes.allSatisfy { $0 >= 0 }, "split sizes \(a.sizes) must not be negative")
      try require(a.sizes.reduce(0, +) == x.shape[a.axis], "split sizes \(a.sizes) do not add up to \(x.shape[a.axis])")
      try require(outputCount == a.sizes.count, "\(a.sizes.count) split sizes for \(outputCount) outputs")
      return a.sizes.map { size in
        var shape = x.shape
        shape[a.axis] = size
        return TensorType(x.dtype, shape)
      }
    case .slice(let a):
      try args.arity(1...1)
      let x = args[0]
      let ranges = try SliceRange.resolve(a, shape: x.shape)
      var shape = x.shape
      for range in ranges { shape[range.axis] = range.count }
      return [TensorType(x.dtype, shape)]
    case .gather(let a):
      try args.arity(2...2)
      let (data, indices) = (args[0], args[1])
      try require(a.axis >= 0 && a.axis < data.rank, "axis \(a.axis) out of range for \(data)")
      try require(indices.dtype == .int32 || indices.dtype == .int64, "indices must be int32 or int64, got \(indices)")
      return [
        TensorType(
          data.dtype, Array(data.shape.prefix(a.axis)) + indices.shape + Array(data.shape.dropFirst(a.axis + 1)))
      ]
    case .gatherElements(let a):
      try args.arity(2...2)
      let (data, indices) = (args[0], args[1])
      try require(
        a.axis >= 0 && a.axis < data.rank && indices.rank == data.rank,
        "indices \(indices) do not fit data \(data) on axis \(a.axis)")
      return [TensorType(data.dtype, indices.shape)]
    case .pad(let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.pads.count == 2 * x.rank, "pads \(a.pads) needs \(2 * x.rank) entries for \(x)")
      let shape = (0..<x.rank).map { x.shape[$0] + a.pads[$0] + a.pads[$0 + x.rank] }
      try require(shape.allSatisfy { $0 >= 0 }, "pads \(a.pads) remove more than \(x) has")
      return [TensorType(x.dtype, shape)]
    case .resize(let a):
      try args.arity(1...1)
      try require(a.outputShape.count == args[0].rank, "output shape \(a.outputShape) does not match \(args[0])")
      return [TensorType(args[0].dtype, a.outputShape)]
    case .expand(let a):
      try args.arity(1...1)
      return [TensorType(args[0].dtype, try Broadcast.shape(args[0].shape, a.shape))]
    case .tile(let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.repeats.count == x.rank && a.repeats.allSatisfy { $0 >= 0 }, "repeats \(a.repeats) do not fit \(x)")
      return [TensorType(x.dtype, zip(x.shape, a.repeats).map(saturatingMultiply))]
    case .reduce(_, let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.axes.allSatisfy { $0 >= 0 && $0 < x.rank }, "axes \(a.axes) out of range for \(x)")
      let shape = x.shape.enumerated().compactMap { axis, extent in
        a.axes.contains(axis) ? (a.keepDims ? 1 : nil) : extent
      }
      return [TensorType(x.dtype, shape)]
    case .depthToSpace(let a), .spaceToDepth(let a):
      try args.arity(1...1)
      let x = args[0]
      let b = a.blockSize
      try require(
        x.rank == 4 && b >= 1 && b <= 1 << 20,
        "\(onnxName) needs an N×C×H×W input and a block size in 1...2^20, got \(x)")
      if case .depthToSpace = self {
        try require(x.shape[1] % (b * b) == 0, "channels \(x.shape[1]) are not a multiple of \(b * b)")
        return [TensorType(x.dtype, [x.shape[0], x.shape[1] / (b * b), x.shape[2] * b, x.shape[3] * b])]
      }
      try require(x.shape[2] % b == 0 && x.shape[3] % b == 0, "spatial size of \(x) is not a multiple of \(b)")
      return [TensorType(x.dtype, [x.shape[0], x.shape[1] * b * b, x.shape[2] / b, x.shape[3] / b])]
    case .trilu:
      try args.arity(1...1)
      try require(args[0].rank >= 2, "Trilu needs at least 2 axes, got \(args[0])")
      return [args[0]]
    case .cumSum(let a):
      try args.arity(1...1)
      try require(a.axis >= 0 && a.axis < args[0].rank, "axis \(a.axis) out of range for \(args[0])")
      return [args[0]]
    case .argMax(let a), .argMin(let a):
      try args.arity(1...1)
      let x = args[0]
      try require(a.axis >= 0 && a.axis < x.rank, "axis \(a.axis) out of range for \(x)")
      var shape = x.shape
      if a.keepDims { shape[a.axis] = 1 } else { shape.remove(at: a.axis) }
      return [TensorType(.int64, shape)]
    default:
      throw IRError("no shape inference for \(onnxName)")
    }
  }
}

/// One axis of a `Slice` with ONNX clamping applied.
public struct SliceRange: Equatable, Sendable {
  public var axis: Int
  public var start: Int
  public var step: Int
  public var count: Int

  /// Resolves starts/ends/steps against `shape`, clamping as the ONNX spec says.
  public static func resolve(_ a: SliceAttributes, shape: Shape) throws(IRError) -> [SliceRange] {
    let n = a.axes.count
    try require(
      a.starts.count == n && a.ends.count == n && a.steps.count == n,
      "starts, ends, axes and steps must have equal lengths")
    try require(Set(a.axes).count == n, "axes \(a.axes) repeat")
    return try (0..<n).map { i throws(IRError) in
      let axis = a.axes[i]
      try require(axis >= 0 && axis < shape.count, "axis \(axis) out of range for \(shape)")
      let step = a.steps[i]
      try require(step != 0, "step must not be 0")
      let dim = shape[axis]
      func normalized(_ value: Int) -> Int { value < 0 ? value + dim : value }
      var start = normalized(a.starts[i])
      var end = normalized(a.ends[i])
      if step > 0 {
        start = min(max(start, 0), dim)
        end = min(max(end, 0), dim)
      } else {
        start = min(max(start, 0), dim - 1)
        end = min(max(end, -1), dim - 1)
      }
      let count = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
      return SliceRange(axis: axis, start: start, step: step, count: count)
    }
  }
}
