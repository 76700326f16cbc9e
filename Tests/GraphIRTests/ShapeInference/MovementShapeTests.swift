import GraphIR
import Testing

/// Output shapes of data-movement ops and reductions.
@Suite("Shape inference: data movement and reductions")
struct MovementShapeTests {
  static let layout: [ShapeCase] = [
    ShapeCase("reshape", .reshape(ShapeAttributes(shape: [6, 4])), [f32(2, 3, 4)], [f32(6, 4)]),
    ShapeCase("reshape to scalar", .reshape(ShapeAttributes(shape: [])), [i64(1, 1)], [i64()]),
    ShapeCase("reshape empty tensor", .reshape(ShapeAttributes(shape: [0, 7])), [f32(7, 0)], [f32(0, 7)]),
    ShapeCase("flatten axis 1", .flatten(AxisAttributes(axis: 1)), [f32(2, 3, 4)], [f32(2, 12)]),
    ShapeCase("flatten axis 0", .flatten(AxisAttributes(axis: 0)), [f32(2, 3, 4)], [f32(1, 24)]),
    ShapeCase("flatten axis rank", .flatten(AxisAttributes(axis: 3)), [f32(2, 3, 4)], [f32(24, 1)]),
    ShapeCase("transpose", .transpose(TransposeAttributes(perm: [2, 0, 1])), [f32(2, 3, 4)], [f32(4, 2, 3)]),
    ShapeCase("transpose scalar", .transpose(TransposeAttributes(perm: [])), [f32()], [f32()]),
    ShapeCase("squeeze", .squeeze(AxesAttributes(axes: [0, 2])), [f32(1, 3, 1, 5)], [f32(3, 5)]),
    ShapeCase("squeeze to scalar", .squeeze(AxesAttributes(axes: [0])), [i64(1)], [i64()]),
    ShapeCase("unsqueeze", .unsqueeze(AxesAttributes(axes: [0, 3])), [f32(3, 5)], [f32(1, 3, 5, 1)]),
    ShapeCase("unsqueeze scalar", .unsqueeze(AxesAttributes(axes: [0])), [i64()], [i64(1)]),
    ShapeCase(
      "unsqueeze adjacent axes", .unsqueeze(AxesAttributes(axes: [1, 2])), [f32(3, 5)], [f32(3, 1, 1, 5)]),
    ShapeCase(
      "concat axis 1", .concat(AxisAttributes(axis: 1)), [f32(2, 3), f32(2, 5), f32(2, 0)], [f32(2, 8)]),
    ShapeCase("concat 1-D shapes", .concat(AxisAttributes(axis: 0)), [i64(1), i64(2), i64(1)], [i64(4)]),
    ShapeCase(
      "split", .split(SplitAttributes(axis: 1, sizes: [3, 7])), [f32(2, 10)], [f32(2, 3), f32(2, 7)]),
    ShapeCase(
      "split with an empty piece", .split(SplitAttributes(axis: 0, sizes: [0, 4, 2])), [f32(6)],
      [f32(0), f32(4), f32(2)]),
    ShapeCase(
      "pad begins then ends", .pad(PadAttributes(mode: .constant, pads: [0, 0, 1, 2, 0, 0, 3, 4], value: 0)),
      [f32(1, 3, 4, 4)], [f32(1, 3, 8, 10)]),
    ShapeCase(
      "pad negative crops", .pad(PadAttributes(mode: .edge, pads: [0, -1, 0, 0], value: 0)), [f32(3, 4)],
      [f32(3, 3)]),
    ShapeCase(
      "resize",
      .resize(
        ResizeAttributes(
          mode: "nearest", coordinateTransformationMode: "asymmetric", nearestMode: "floor",
          cubicCoeffA: -0.75,
          excludeOutside: false, extrapolationValue: 0, scales: [1, 1, 2, 2], outputShape: [1, 3, 8, 8],
          roi: [])),
      [f32(1, 3, 4, 4)], [f32(1, 3, 8, 8)]),
    ShapeCase("expand", .expand(ShapeAttributes(shape: [2, 1, 4])), [f32(3, 1)], [f32(2, 3, 4)]),
    ShapeCase(
      "expand to a smaller target keeps the input", .expand(ShapeAttributes(shape: [1])), [f32(3)], [f32(3)]),
    ShapeCase("tile", .tile(TileAttributes(repeats: [2, 3])), [f32(2, 3)], [f32(4, 9)]),
    ShapeCase("tile zero repeats", .tile(TileAttributes(repeats: [0])), [i64(3)], [i64(0)]),
  ]

  @Test("layout ops", arguments: layout)
  func layoutShapes(_ c: ShapeCase) { c.check() }

  static let slices: [ShapeCase] = [
    ShapeCase(
      "slice range", slice(starts: [2], ends: [8], axes: [0], steps: [1]), [f32(10, 20)], [f32(6, 20)]),
    ShapeCase(
      "slice second axis", slice(starts: [0], ends: [5], axes: [1], steps: [1]), [f32(10, 20)], [f32(10, 5)]),
    ShapeCase("slice step 3", slice(starts: [1], ends: [10], axes: [0], steps: [3]), [f32(10)], [f32(3)]),
    ShapeCase(
      "slice negative end", slice(starts: [0], ends: [-2], axes: [0], steps: [1]), [f32(10)], [f32(8)]),
    ShapeCase(
      "slice negative start", slice(starts: [-3], ends: [10], axes: [0], steps: [1]), [f32(10)], [f32(3)]),
    ShapeCase(
      "slice clamps huge bounds", slice(starts: [-100], ends: [Int.max], axes: [0], steps: [1]), [f32(10)],
      [f32(10)]),
    ShapeCase(
      "slice start past end is empty", slice(starts: [7], ends: [3], axes: [0], steps: [1]), [f32(10)],
      [f32(0)]),
    ShapeCase(
      "slice start past the extent is empty", slice(starts: [20], ends: [30], axes: [0], steps: [1]),
      [f32(10)], [f32(0)]),
    ShapeCase(
      "slice reverse all", slice(starts: [-1], ends: [Int.min], axes: [0], steps: [-1]), [f32(10)], [f32(10)]),
    ShapeCase(
      "slice reverse step 2", slice(starts: [8], ends: [1], axes: [0], steps: [-2]), [f32(10)], [f32(4)]),
    ShapeCase(
      "slice reverse clamps start to the last element",
      slice(starts: [100], ends: [-100], axes: [0], steps: [-3]),
      [f32(10)], [f32(4)]),
    ShapeCase(
      "slice reverse empty", slice(starts: [2], ends: [5], axes: [0], steps: [-1]), [f32(10)], [f32(0)]),
    ShapeCase(
      "slice several axes in any order", slice(starts: [0, 1], ends: [6, 3], axes: [1, 0], steps: [2, 1]),
      [f32(4, 6)],
      [f32(2, 3)]),
    ShapeCase(
      "slice of an empty axis", slice(starts: [0], ends: [5], axes: [0], steps: [-1]), [f32(0)], [f32(0)]),
  ]

  @Test("slice", arguments: slices)
  func sliceShapes(_ c: ShapeCase) { c.check() }

  static let gathers: [ShapeCase] = [
    ShapeCase("gather axis 0", .gather(AxisAttributes(axis: 0)), [f32(5, 4), i64(2, 3)], [f32(2, 3, 4)]),
    ShapeCase("gather axis 1", .gather(AxisAttributes(axis: 1)), [f32(5, 4), i64(2, 3)], [f32(5, 2, 3)]),
    ShapeCase(
      "gather scalar index drops the axis", .gather(AxisAttributes(axis: 0)), [i64(4), i64()], [i64()]),
    ShapeCase(
      "gather int32 indices", .gather(AxisAttributes(axis: 1)), [f32(2, 3, 4), tensorType(.int32, 2)],
      [f32(2, 2, 4)]),
    ShapeCase(
      "gatherElements", .gatherElements(AxisAttributes(axis: 0)), [f32(3, 3), i64(2, 3)], [f32(2, 3)]),
  ]

  @Test("gather", arguments: gathers)
  func gatherShapes(_ c: ShapeCase) { c.check() }

  static func reduce(_ function: ReduceFunction, _ axes: [Int], keepDims: Bool) -> Op {
    .reduce(function, ReduceAttributes(axes: axes, keepDims: keepDims))
  }

  static let reductions: [ShapeCase] = [
    ShapeCase(
      "reduceMean keepDims", reduce(.reduceMean, [1], keepDims: true), [f32(2, 3, 4)], [f32(2, 1, 4)]),
    ShapeCase("reduceMean drop axis", reduce(.reduceMean, [1], keepDims: false), [f32(2, 3, 4)], [f32(2, 4)]),
    ShapeCase(
      "reduceSum all axes to scalar", reduce(.reduceSum, [0, 1, 2], keepDims: false), [f32(2, 3, 4)], [f32()]),
    ShapeCase(
      "reduceMax all axes keepDims", reduce(.reduceMax, [0, 1, 2], keepDims: true), [f32(2, 3, 4)],
      [f32(1, 1, 1)]),
    ShapeCase("reduceL2 last two", reduce(.reduceL2, [1, 2], keepDims: false), [f16(2, 3, 4)], [f16(2)]),
    ShapeCase("reduceProd int64", reduce(.reduceProd, [0], keepDims: false), [i64(4)], [i64()]),
  ]

  @Test("reduce", arguments: reductions)
  func reduceShapes(_ c: ShapeCase) { c.check() }
}
