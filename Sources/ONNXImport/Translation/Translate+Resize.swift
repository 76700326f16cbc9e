import GraphIR

extension GraphBuilder {
  /// `Resize` (opset 10, 11–17, 18+) and the older `Upsample`, with the output shape resolved.
  mutating func translateResize(_ node: NodeContext, input: TensorType) throws(TranslationError) {
    let a = node.attributes
    let rank = input.rank
    let legacy = node.opType == "Upsample" || opset < 11
    var scales: [Double]?
    var sizes: [Int]?
    var roi: [Double] = []
    if node.opType == "Upsample" && opset < 9 {
      scales = try a.floats("scales")
    } else if legacy {
      scales = try constantDoubles(node, 1, "scales")
    } else {
      roi = try constantDoubles(node, 1, "roi") ?? []
      scales = try constantDoubles(node, 2, "scales")
      sizes = try constantInts(node, 3, "sizes")
    }
    if scales?.isEmpty == true { scales = nil }
    if sizes?.isEmpty == true { sizes = nil }
    // Axes pair with scales/sizes in the order given, so they are normalized, not sorted.
    var axes: [Int] = []
    for axis in try a.ints("axes") ?? Array(0..<rank) { axes.append(try normalizedAxis(axis, rank: rank, "axes")) }
    guard Set(axes).count == axes.count else { throw TranslationError("axes \(axes) repeat") }
    // A roi given for `axes` (their begins, then their ends) covers the whole of every other axis.
    if !roi.isEmpty && roi.count != 2 * rank {
      guard roi.count == 2 * axes.count else { throw TranslationError("roi \(roi) does not match \(axes.count) axes") }
      var full = Array(repeating: 0.0, count: rank) + Array(repeating: 1.0, count: rank)
      for (i, axis) in axes.enumerated() {
        full[axis] = roi[i]
        full[rank + axis] = roi[axes.count + i]
      }
      roi = full
    }
    var fullScales = Array(repeating: 1.0, count: rank)
    var outputShape = input.shape
    if let sizes {
      guard scales == nil else { throw TranslationError("Resize takes scales or sizes, not both") }
      guard sizes.count == axes.count, sizes.allSatisfy({ $0 >= 0 }) else {
        throw TranslationError("sizes \(sizes) do not match \(axes.count) axes")
      }
      let policy = try a.string("keep_aspect_ratio_policy", default: "stretch")
      let ratios = zip(axes, sizes).map { Double($1) / Double(max(input.shape[$0], 1)) }
      switch policy {
      case "stretch":
        for (i, axis) in axes.enumerated() {
          outputShape[axis] = sizes[i]
          fullScales[axis] = ratios[i]
        }
      case "not_larger", "not_smaller":
        let scale = (policy == "not_larger" ? ratios.min() : ratios.max()) ?? 1
        for axis in axes {
          fullScales[axis] = scale
          let extent = (scale * Double(input.shape[axis])).rounded(.toNearestOrAwayFromZero)
          outputShape[axis] = try resizedExtent(extent)
        }
      default: throw TranslationError("keep_aspect_ratio_policy '\(policy)' is not supported")
      }
    } else if let scales {
      guard scales.count == axes.count, scales.allSatisfy({ $0 > 0 && $0 < 1e6 }) else {
        throw TranslationError("scales \(scales) do not match \(axes.count) axes or are not positive")
      }
      for (i, axis) in axes.enumerated() {
        fullScales[axis] = scales[i]
        let extent = (Float(input.shape[axis]) * Float(scales[i])).rounded(.down)
        outputShape[axis] = try resizedExtent(Double(extent))
      }
    } else {
      throw TranslationError("\(node.opType) needs scales or sizes")
    }
    let mode = try a.string("mode", default: "nearest")
    guard ["nearest", "linear", "cubic", "bilinear"].contains(mode) else {
      throw TranslationError("mode '\(mode)' is not supported")
    }
    let attributes = ResizeAttributes(
      mode: mode == "bilinear" ? "linear" : mode,
      coordinateTransformationMode: legacy
        ? "asymmetric" : try a.string("coordinate_transformation_mode", default: "half_pixel"),
      nearestMode: legacy ? "floor" : try a.string("nearest_mode", default: "round_prefer_floor"),
      cubicCoeffA: try a.float("cubic_coeff_a", default: -0.75),
      excludeOutside: try a.bool("exclude_outside", default: false),
      extrapolationValue: try a.float("extrapolation_value", default: 0),
      scales: fullScales, outputShape: outputShape, roi: roi, antialias: try a.bool("antialias", default: false))
    let transforms = [
      "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_crop_and_resize",
    ]
    guard transforms.contains(attributes.coordinateTransformationMode) else {
      throw TranslationError(
        "coordinate_transformation_mode '\(attributes.coordinateTransformationMode)' is not supported")
    }
    guard ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"].contains(attributes.nearestMode) else {
      throw TranslationError("nearest_mode '\(attributes.nearestMode)' is not supported")
    }
    try emit(.resize(attributes), [try node.input(0)], for: node)
  }

  /// An output extent computed in floating point; checked before `Int(_:)`, which traps.
  private func resizedExtent(_ value: Double) throws(TranslationError) -> Int {
    guard value <= Double(maxElements) else { throw TranslationError("output extent \(value) is too large") }
    return Int(value)
  }
}
