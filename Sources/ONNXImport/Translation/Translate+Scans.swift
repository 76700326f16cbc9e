import GraphIR

extension GraphBuilder {
  /// `Trilu`, `CumSum`, `ArgMax`, `ArgMin`: ops along one axis (or the last two).
  mutating func translateScan(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let x = try node.input(0)
    let rank = type(x).rank
    switch node.opType {
    case "Trilu":
      let k = try constantInts(node, 1, "k")?.first ?? 0
      try emit(.trilu(TriluAttributes(upper: try a.bool("upper", default: true), k: k)), [x], for: node)
    case "CumSum":
      guard let axis = try constantInts(node, 1, "axis")?.first else { throw TranslationError("CumSum needs an axis") }
      let attributes = CumSumAttributes(
        axis: try normalizedAxis(axis, rank: rank), exclusive: try a.bool("exclusive", default: false),
        reverse: try a.bool("reverse", default: false))
      try emit(.cumSum(attributes), [x], for: node)
    default:
      let attributes = ArgReduceAttributes(
        axis: try normalizedAxis(try a.int("axis", default: 0), rank: rank),
        keepDims: try a.bool("keepdims", default: true),
        selectLastIndex: try a.bool("select_last_index", default: false))
      try emit(node.opType == "ArgMax" ? .argMax(attributes) : .argMin(attributes), [x], for: node)
    }
  }
}

extension GraphBuilder {
  /// `DepthToSpace` (DCR or CRD mode) and `SpaceToDepth`.
  mutating func translateBlockRearrangement(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    let blockSize = try a.int("blocksize", default: 0)
    guard blockSize >= 1 else { throw TranslationError("attribute 'blocksize' is required and must be positive") }
    let mode = try a.string("mode", default: "DCR")
    guard mode == "DCR" || mode == "CRD" else { throw TranslationError("mode must be DCR or CRD, got '\(mode)'") }
    let attributes = DepthToSpaceAttributes(blockSize: blockSize, columnRowDepth: mode == "CRD")
    try emit(
      node.opType == "DepthToSpace" ? .depthToSpace(attributes) : .spaceToDepth(attributes), [node.input(0)], for: node)
  }
}
