import GraphIR

extension GraphBuilder {
  mutating func translateSelection(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = try node.input(0)
    let input = type(x)
    switch node.opType {
    case "Concat":
      let axis = try normalizedAxis(try a.int("axis", default: 0), rank: input.rank)
      try emit(.concat(AxisAttributes(axis: axis)), node.inputs, for: node)
    case "Split":
      let axis = try normalizedAxis(try a.int("axis", default: 0), rank: input.rank)
      let extent = input.shape[axis]
      var sizes = opset < 13 ? try a.ints("split") : try constantInts(node, 1, "split")
      if sizes == nil || sizes?.isEmpty == true {
        let pieces = try a.int("num_outputs", default: node.outputNames.count)
        guard pieces >= 1, pieces == node.outputNames.count else {
          throw TranslationError("num_outputs \(pieces) does not match the node's \(node.outputNames.count) outputs")
        }
        let chunk = a.has("num_outputs") ? (extent + pieces - 1) / pieces : extent / pieces
        guard a.has("num_outputs") || extent % pieces == 0 else {
          throw TranslationError("axis extent \(extent) does not split evenly into \(pieces) outputs")
        }
        sizes = (0..<pieces).map { max(0, min(chunk, extent - $0 * chunk)) }
      }
      try emit(.split(SplitAttributes(axis: axis, sizes: sizes ?? [])), [x], for: node)
    case "Slice":
      try translateSlice(node, input: input)
    case "Gather":
      try emit(
        .gather(AxisAttributes(axis: try normalizedAxis(try a.int("axis", default: 0), rank: input.rank))), node.inputs,
        for: node)
    case "GatherElements":
      let axis = try normalizedAxis(try a.int("axis", default: 0), rank: input.rank)
      try emit(.gatherElements(AxisAttributes(axis: axis)), node.inputs, for: node)
    case "Pad":
      try translatePad(node, input: input)
    default:
      try translateResize(node, input: input)
    }
  }

  private mutating func translateSlice(_ node: NodeContext, input: TensorType) throws(TranslationError) {
    let a = node.attributes
    let starts: [Int64]?, ends: [Int64]?, axes: [Int]?, steps: [Int64]?
    if opset < 10 {
      (starts, ends, axes, steps) = (try a.int64s("starts"), try a.int64s("ends"), try a.ints("axes"), nil)
    } else {
      starts = try constantInt64s(node, 1, "starts")
      ends = try constantInt64s(node, 2, "ends")
      axes = try constantInts(node, 3, "axes")
      steps = try constantInt64s(node, 4, "steps")
    }
    guard let starts, let ends, starts.count == ends.count else {
      throw TranslationError("Slice needs starts and ends of equal length")
    }
    var resolvedAxes: [Int] = []
    for axis in axes ?? Array(0..<starts.count) {
      resolvedAxes.append(try normalizedAxis(axis, rank: input.rank, "axes"))
    }
    let limit = Int64(1) << 62
    func clamp(_ values: [Int64]) -> [Int] { values.map { Int(min(max($0, -limit), limit)) } }
    let attributes = SliceAttributes(
      starts: clamp(starts), ends: clamp(ends), axes: resolvedAxes,
      steps: clamp(steps ?? Array(repeating: 1, count: starts.count)))
    try emit(.slice(attributes), [try node.input(0)], for: node)
  }

  private mutating func translatePad(_ node: NodeContext, input: TensorType) throws(TranslationError) {
    let a = node.attributes
    let modeName = try a.string("mode", default: "constant")
    guard let mode = PadAttributes.Mode(rawValue: modeName), mode != .wrap || opset >= 19 else {
      throw TranslationError("Pad mode '\(modeName)' is not supported at opset \(opset)")
    }
    var pads: [Int]
    var value = 0.0
    if opset < 11 {
      guard let given = try a.ints("pads") else { throw TranslationError("Pad needs 'pads'") }
      pads = given
      value = try a.float("value", default: 0)
    } else {
      guard let given = try constantInts(node, 1, "pads") else { throw TranslationError("Pad needs 'pads'") }
      pads = given
      value = try constantDoubles(node, 2, "constant_value")?.first ?? 0
      if let axes = try constantInts(node, 3, "axes") {
        guard pads.count == 2 * axes.count else {
          throw TranslationError("pads has \(pads.count) entries for \(axes.count) axes")
        }
        guard Set(axes.map { $0 < 0 ? $0 + input.rank : $0 }).count == axes.count else {
          throw TranslationError("axes \(axes) repeat")
        }
        var full = Array(repeating: 0, count: 2 * input.rank)
        for (i, axis) in axes.enumerated() {
          let resolved = try normalizedAxis(axis, rank: input.rank, "axes")
          full[resolved] = pads[i]
          full[resolved + input.rank] = pads[i + axes.count]
        }
        pads = full
      }
    }
    if mode == .reflect, pads.count == 2 * input.rank {
      // Reflection mirrors inside the tensor, so it cannot pad by as much as the extent.
      for axis in 0..<input.rank where max(pads[axis], pads[axis + input.rank]) >= max(input.shape[axis], 1) {
        throw TranslationError("reflect padding \(pads) is not smaller than axis \(axis) of \(input)")
      }
    }
    try emit(.pad(PadAttributes(mode: mode, pads: pads, value: value)), [try node.input(0)], for: node)
  }
}
