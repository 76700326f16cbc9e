import GraphIR

extension GraphBuilder {
  mutating func translateReshaping(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = try node.input(0)
    let input = type(x)
    switch node.opType {
    case "Reshape":
      guard var target = try constantInts(node, 1, "shape") else {
        throw TranslationError("Reshape needs a 'shape' input")
      }
      let allowZero = try a.bool("allowzero", default: false)
      if constant(x) == nil, let carried = batchChange?.carried(target, input: input.shape, allowZero: allowZero) {
        target = carried
      }
      let shape = try resolveReshape(target, input: input.shape, allowZero: allowZero)
      try emit(.reshape(ShapeAttributes(shape: shape)), [x], for: node)
    case "Flatten":
      var axis = try a.int("axis", default: 1)
      if axis < 0 { axis += input.rank }
      guard axis >= 0 && axis <= input.rank else { throw TranslationError("axis \(axis) is out of range for \(input)") }
      try emit(.flatten(AxisAttributes(axis: axis)), [x], for: node)
    case "Transpose":
      let perm = try a.ints("perm") ?? Array((0..<input.rank).reversed())
      try emit(.transpose(TransposeAttributes(perm: perm)), [x], for: node)
    case "Squeeze":
      let given = opset < 13 ? try a.ints("axes") : try constantInts(node, 1, "axes")
      var axes = input.shape.indices.filter { input.shape[$0] == 1 }
      if let given { axes = try normalizedAxes(given, rank: input.rank) }
      try emit(.squeeze(AxesAttributes(axes: axes)), [x], for: node)
    case "Unsqueeze":
      guard let given = opset < 13 ? try a.ints("axes") : try constantInts(node, 1, "axes") else {
        throw TranslationError("Unsqueeze needs axes")
      }
      let axes = try normalizedAxes(given, rank: input.rank + given.count)
      try emit(.unsqueeze(AxesAttributes(axes: axes)), [x], for: node)
    case "Expand":
      guard let shape = try constantInts(node, 1, "shape"), shape.allSatisfy({ $0 >= 0 }) else {
        throw TranslationError("Expand needs a constant, non-negative 'shape' input")
      }
      try emit(.expand(ShapeAttributes(shape: shape)), [x], for: node)
    default:
      guard let repeats = try constantInts(node, 1, "repeats") else { throw TranslationError("Tile needs 'repeats'") }
      try emit(.tile(TileAttributes(repeats: repeats)), [x], for: node)
    }
  }

  /// Resolves `0` (copy the input extent, unless `allowZero`) and one `-1` (inferred).
  func resolveReshape(_ target: [Int], input: Shape, allowZero: Bool) throws(TranslationError) -> Shape {
    var shape = target
    for (axis, extent) in target.enumerated() where extent == 0 && !allowZero {
      guard axis < input.count else {
        throw TranslationError("shape \(target) copies axis \(axis) that \(input) lacks")
      }
      shape[axis] = input[axis]
    }
    let unknown = shape.indices.filter { shape[$0] == -1 }
    guard unknown.count <= 1, shape.allSatisfy({ $0 >= -1 }) else {
      throw TranslationError("shape \(target) is invalid")
    }
    if let axis = unknown.first {
      let known = shape.filter { $0 != -1 }.elementCount
      guard known > 0, input.elementCount % known == 0 else {
        throw TranslationError("cannot reshape \(input) to \(target)")
      }
      shape[axis] = input.elementCount / known
    }
    return shape
  }

  mutating func translateReduction(_ function: ReduceFunction, _ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = try node.input(0)
    let rank = type(x).rank
    let axesFromInput = function == .reduceSum ? opset >= 13 : opset >= 18
    let given = axesFromInput ? try constantInts(node, 1, "axes") : try a.ints("axes")
    let keepDims = try a.bool("keepdims", default: true)
    if given?.isEmpty ?? true, try a.bool("noop_with_empty_axes", default: false) {
      return try emit(.identity, [x], for: node)
    }
    var axes = Array(0..<rank)
    if let given, !given.isEmpty { axes = try normalizedAxes(given, rank: rank) }
    try emit(.reduce(function, ReduceAttributes(axes: axes, keepDims: keepDims)), [x], for: node)
  }
}
