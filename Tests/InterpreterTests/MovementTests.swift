import GraphIR
import Testing

@testable import Interpreter

@Suite struct MovementTests {
  static let iota8 = f32([1, 8, 1, 1], (0..<8).map(Float.init))

  static let cases = [
    OpCase(
      "transpose", .transpose(TransposeAttributes(perm: [1, 0])), [f32([2, 3], [1, 2, 3, 4, 5, 6])],
      f32([3, 2], [1, 4, 2, 5, 3, 6])),
    OpCase("transpose empty", .transpose(TransposeAttributes(perm: [1, 0])), [f32([0, 3], [])], f32([3, 0], [])),
    OpCase(
      "concat axis 1 with an empty piece", .concat(AxisAttributes(axis: 1)),
      [ints(.int8, [2, 1], [1, 2]), ints(.int8, [2, 0], []), ints(.int8, [2, 2], [3, 4, 5, 6])],
      ints(.int8, [2, 3], [1, 3, 4, 2, 5, 6])),
    OpCase(
      "slice negative step", .slice(SliceAttributes(starts: [-1], ends: [-100], axes: [0], steps: [-3])),
      [f32([10], (0..<10).map(Float.init))], f32([4], [9, 6, 3, 0])),
    OpCase(
      "slice clamps ends", .slice(SliceAttributes(starts: [1, 0], ends: [Int.max, 2], axes: [0, 1], steps: [1, 1])),
      [f32([3, 3], (0..<9).map(Float.init))], f32([2, 2], [3, 4, 6, 7])),
    OpCase(
      "slice empty", .slice(SliceAttributes(starts: [2], ends: [1], axes: [0], steps: [1])), [f32([3], [1, 2, 3])],
      f32([0], [])),
    OpCase(
      "gather negative indices", .gather(AxisAttributes(axis: 0)),
      [f32([3, 2], [1, 2, 3, 4, 5, 6]), ints(.int64, [2], [-1, 0])],
      f32([2, 2], [5, 6, 1, 2])),
    OpCase(
      "gather 2-D indices on axis 1", .gather(AxisAttributes(axis: 1)),
      [ints(.int32, [2, 3], [1, 2, 3, 4, 5, 6]), ints(.int32, [2, 2], [0, 2, 1, 1])],
      ints(.int32, [2, 2, 2], [1, 3, 2, 2, 4, 6, 5, 5])),
    OpCase(
      "gather scalar index", .gather(AxisAttributes(axis: 0)), [f32([3], [7, 8, 9]), ints(.int64, [], [1])],
      f32([], [8])),
    OpCase(
      "gatherElements", .gatherElements(AxisAttributes(axis: 1)),
      [f32([2, 2], [1, 2, 3, 4]), ints(.int64, [2, 2], [0, 0, 1, -2])],
      f32([2, 2], [1, 1, 4, 3])),
    OpCase(
      "pad reflect", .pad(PadAttributes(mode: .reflect, pads: [2, 2], value: 0)), [f32([3], [1, 2, 3])],
      f32([7], [3, 2, 1, 2, 3, 2, 1])),
    OpCase(
      "pad edge", .pad(PadAttributes(mode: .edge, pads: [2, 2], value: 0)), [f32([3], [1, 2, 3])],
      f32([7], [1, 1, 1, 2, 3, 3, 3])),
    OpCase(
      "pad wrap", .pad(PadAttributes(mode: .wrap, pads: [2, 2], value: 0)), [f32([3], [1, 2, 3])],
      f32([7], [2, 3, 1, 2, 3, 1, 2])),
    OpCase(
      "pad constant", .pad(PadAttributes(mode: .constant, pads: [2, 2], value: 9)), [ints(.int32, [3], [1, 2, 3])],
      ints(.int32, [7], [9, 9, 1, 2, 3, 9, 9])),
    OpCase(
      "negative pads crop", .pad(PadAttributes(mode: .constant, pads: [-1, 1], value: 0)), [f32([3], [1, 2, 3])],
      f32([3], [2, 3, 0])),
    OpCase(
      "pad reflect 2-D", .pad(PadAttributes(mode: .reflect, pads: [1, 0, 0, 1], value: 0)),
      [f32([2, 2], [1, 2, 3, 4])],
      f32([3, 3], [3, 4, 3, 1, 2, 1, 3, 4, 3])),
    OpCase(
      "expand", .expand(ShapeAttributes(shape: [2, 1, 3])), [f32([2, 1], [1, 2])],
      f32([2, 2, 3], [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2])),
    OpCase(
      "tile", .tile(TileAttributes(repeats: [2, 2])), [f32([1, 2], [1, 2])], f32([2, 4], [1, 2, 1, 2, 1, 2, 1, 2])),
    OpCase("tile zero repeats", .tile(TileAttributes(repeats: [0])), [f32([2], [1, 2])], f32([0], [])),
    OpCase(
      "trilu upper", .trilu(TriluAttributes(upper: true, k: 0)), [f32([3, 3], (1...9).map(Float.init))],
      f32([3, 3], [1, 2, 3, 0, 5, 6, 0, 0, 9])),
    OpCase(
      "trilu lower k=-1", .trilu(TriluAttributes(upper: false, k: -1)), [ints(.int64, [2, 3], [1, 2, 3, 4, 5, 6])],
      ints(.int64, [2, 3], [0, 0, 0, 4, 0, 0])),
    OpCase(
      "depthToSpace DCR", .depthToSpace(DepthToSpaceAttributes(blockSize: 2, columnRowDepth: false)), [iota8],
      f32([1, 2, 2, 2], [0, 2, 4, 6, 1, 3, 5, 7])),
    OpCase(
      "depthToSpace CRD", .depthToSpace(DepthToSpaceAttributes(blockSize: 2, columnRowDepth: true)), [iota8],
      f32([1, 2, 2, 2], (0..<8).map(Float.init))),
    OpCase(
      "spaceToDepth inverts DCR", .spaceToDepth(DepthToSpaceAttributes(blockSize: 2, columnRowDepth: false)),
      [f32([1, 2, 2, 2], [0, 2, 4, 6, 1, 3, 5, 7])], iota8),
    OpCase(
      "cumSum", .cumSum(CumSumAttributes(axis: 0, exclusive: false, reverse: false)), [f32([3], [1, 2, 3])],
      f32([3], [1, 3, 6])),
    OpCase(
      "cumSum exclusive", .cumSum(CumSumAttributes(axis: 0, exclusive: true, reverse: false)), [f32([3], [1, 2, 3])],
      f32([3], [0, 1, 3])),
    OpCase(
      "cumSum reverse", .cumSum(CumSumAttributes(axis: 0, exclusive: false, reverse: true)), [f32([3], [1, 2, 3])],
      f32([3], [6, 5, 3])),
    OpCase(
      "cumSum exclusive reverse", .cumSum(CumSumAttributes(axis: 0, exclusive: true, reverse: true)),
      [ints(.int32, [3], [1, 2, 3])],
      ints(.int32, [3], [5, 3, 0])),
    OpCase(
      "cumSum axis 0 of 2-D", .cumSum(CumSumAttributes(axis: 0, exclusive: false, reverse: false)),
      [f32([2, 2], [1, 2, 3, 4])],
      f32([2, 2], [1, 2, 4, 6])),
  ]

  @Test(arguments: cases) func movement(_ c: OpCase) throws { try c.check() }

  @Test func splitIntoPieces() throws {
    try OpCase(
      "split", .split(SplitAttributes(axis: 1, sizes: [1, 2])), [f32([2, 3], [1, 2, 3, 4, 5, 6])],
      f32([2, 1], [1, 4]),
      f32([2, 2], [2, 3, 5, 6])
    ).check()
  }

  @Test func outOfRangeIndexThrows() {
    #expect(throws: InterpreterError.self) {
      try Evaluator.evaluate(
        .gather(AxisAttributes(axis: 0)), [f32([2], [1, 2]), ints(.int64, [1], [2])],
        outputTypes: [TensorType(.float32, [1])])
    }
  }
}
