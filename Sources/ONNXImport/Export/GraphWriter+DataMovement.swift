import GraphIR

/// Data movement, scans, reductions and resizing: the ops whose opset-13+ forms read shapes,
/// axes and bounds from int64 inputs rather than attributes.
extension GraphWriter {
  /// The ONNX op type, operands and attributes of `node`.
  mutating func dataMovement(_ node: Node, _ inputs: [String]) throws(TranslationError)
    -> (String, [String], [Onnx_AttributeProto])
  {
    typealias A = ONNXAttribute
    let x = inputs.first ?? ""
    let owner = node.name
    switch node.op {
    case .reshape(let a):
      // The IR's shape is resolved: a 0 in it is a real zero extent, not "copy the input's".
      let allowZero = a.shape.contains(0) ? [A.bool("allowzero", true)] : []
      return ("Reshape", [x, try operand(int64s: a.shape, for: owner, "shape")], allowZero)
    case .expand(let a): return ("Expand", [x, try operand(int64s: a.shape, for: owner, "shape")], [])
    case .tile(let a): return ("Tile", [x, try operand(int64s: a.repeats, for: owner, "repeats")], [])
    case .flatten(let a): return ("Flatten", inputs, [A.int("axis", a.axis)])
    case .transpose(let a): return ("Transpose", inputs, [A.ints("perm", a.perm)])
    case .squeeze(let a), .unsqueeze(let a):
      // Squeeze without axes would drop every unit axis; the IR's empty list drops none.
      if a.axes.isEmpty { return ("Identity", [x], []) }
      return (node.op.onnxName, [x, try operand(int64s: a.axes, for: owner, "axes")], [])
    case .concat(let a), .gather(let a), .gatherElements(let a):
      return (node.op.onnxName, inputs, [A.int("axis", a.axis)])
    case .split(let a):
      return ("Split", [x, try operand(int64s: a.sizes, for: owner, "split")], [A.int("axis", a.axis)])
    case .slice(let a):
      let operands = [
        x, try operand(int64s: a.starts, for: owner, "starts"), try operand(int64s: a.ends, for: owner, "ends"),
        try operand(int64s: a.axes, for: owner, "axes"), try operand(int64s: a.steps, for: owner, "steps"),
      ]
      return ("Slice", operands, [])
    case .pad(let a):
      var operands = [x, try operand(int64s: a.pads, for: owner, "pads")]
      if a.mode == .constant, a.value != 0, let input = node.inputs.first ?? nil {
        operands.append(try operand(scalar: a.value, type(input).dtype, for: owner, "constant_value"))
      }
      return ("Pad", operands, [A.string("mode", a.mode.rawValue)])
    case .trilu(let a):
      let k = operand(try Self.tensor(.int64, [], integers: [a.k]), for: owner, "k")
      return ("Trilu", [x, k], [A.bool("upper", a.upper)])
    case .cumSum(let a):
      let axis = operand(try Self.tensor(.int64, [], integers: [a.axis]), for: owner, "axis")
      return ("CumSum", [x, axis], [A.bool("exclusive", a.exclusive), A.bool("reverse", a.reverse)])
    case .depthToSpace(let a):
      return (
        "DepthToSpace", inputs, [A.int("blocksize", a.blockSize), A.string("mode", a.columnRowDepth ? "CRD" : "DCR")]
      )
    case .spaceToDepth(let a): return ("SpaceToDepth", inputs, [A.int("blocksize", a.blockSize)])
    case .reduce(_, let a):
      // An empty axes list reduces nothing, which only a rank-0 input can mean; ONNX reads no axes as all.
      let axes = a.axes.isEmpty ? [] : [try operand(int64s: a.axes, for: owner, "axes")]
      return (node.op.onnxName, [x] + axes, [A.bool("keepdims", a.keepDims)])
    case .argMax(let a), .argMin(let a):
      return (
        node.op.onnxName, inputs,
        [A.int("axis", a.axis), A.bool("keepdims", a.keepDims), A.bool("select_last_index", a.selectLastIndex)]
      )
    case .resize(let a):
      guard let input = node.inputs.first ?? nil else { throw TranslationError("Resize has no input") }
      return ("Resize", try resizeOperands(a, input: type(input).shape, x: x, owner: owner), Self.resizeAttributes(a))
    default:
      throw TranslationError("op \(node.op.name) has no ONNX form")
    }
  }

  /// Resize-19 inputs X, roi, scales, sizes. The IR holds both the scales the coordinate
  /// transform uses and the output shape: `sizes` when the scales are the shape ratios (exact
  /// either way), else `scales` when ONNX's floor(extent · scale) gives the output shape.
  /// Otherwise (a `keep_aspect_ratio_policy` resize) `sizes`, whose ratios then replace the scales.
  private mutating func resizeOperands(_ a: ResizeAttributes, input: Shape, x: String, owner: String)
    throws(TranslationError) -> [String]
  {
    guard a.scales.count == input.count, a.outputShape.count == input.count else {
      throw TranslationError("Resize scales \(a.scales) and output shape \(a.outputShape) do not match \(input)")
    }
    let ratios = zip(a.outputShape, input).map { Double($0) / Double(max($1, 1)) }
    let scalesGiveShape = input.indices.allSatisfy { axis in
      let extent = (Float(input[axis]) * Float(a.scales[axis])).rounded(.down)
      return extent.isFinite && Double(extent) == Double(a.outputShape[axis])
    }
    let roi = a.roi.isEmpty ? "" : try floats(a.roi, owner, "roi")
    if ratios != a.scales && scalesGiveShape { return [x, roi, try floats(a.scales, owner, "scales")] }
    return [x, roi, "", try operand(int64s: a.outputShape, for: owner, "sizes")]
  }

  private mutating func floats(_ values: [Double], _ owner: String, _ suffix: String) throws(TranslationError) -> String
  {
    do { return operand(try Tensor(.float32, [values.count], doubles: values), for: owner, suffix) } catch {
      throw TranslationError(error.message)
    }
  }

  static func resizeAttributes(_ a: ResizeAttributes) -> [Onnx_AttributeProto] {
    typealias A = ONNXAttribute
    return [
      A.string("mode", a.mode), A.string("coordinate_transformation_mode", a.coordinateTransformationMode),
      A.string("nearest_mode", a.nearestMode), A.float("cubic_coeff_a", a.cubicCoeffA),
      A.bool("exclude_outside", a.excludeOutside), A.float("extrapolation_value", a.extrapolationValue),
    ] + (a.antialias ? [A.bool("antialias", true)] : [])
  }
}
