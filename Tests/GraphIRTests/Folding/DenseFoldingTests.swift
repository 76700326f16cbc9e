import GraphIR
import Testing

/// Small dense constants are evaluated; large ones are left for the compiler.
@Suite("Constant folding: dense")
struct DenseFoldingTests {
  static let movement: [FoldCase] = [
    FoldCase(
      "gather shape dims", .gather(AxisAttributes(axis: 0)),
      [int64s([4], [1, 3, 224, 224]), int64s([2], [2, 0])],
      int64s([2], [224, 1])),
    FoldCase(
      "gather negative index", .gather(AxisAttributes(axis: 0)),
      [int64s([3], [10, 20, 30]), int64s([], [-1])],
      int64s([], [30])),
    FoldCase(
      "gather axis 1", .gather(AxisAttributes(axis: 1)),
      [float32s([2, 3], [1, 2, 3, 4, 5, 6]), int64s([2], [2, 0])],
      float32s([2, 2], [3, 1, 6, 4])),
    FoldCase(
      "gather out of range is not folded", .gather(AxisAttributes(axis: 0)),
      [int64s([3], [10, 20, 30]), int64s([1], [3])], nil),
    FoldCase(
      "gatherElements", .gatherElements(AxisAttributes(axis: 1)),
      [float32s([2, 2], [1, 2, 3, 4]), int64s([2, 2], [0, 0, 1, 0])],
      float32s([2, 2], [1, 1, 4, 3])),
    FoldCase(
      "concat shape pieces", .concat(AxisAttributes(axis: 0)),
      [int64s([1], [1]), int64s([1], [-1]), int64s([2], [7, 7])],
      int64s([4], [1, -1, 7, 7])),
    FoldCase(
      "concat axis 1", .concat(AxisAttributes(axis: 1)),
      [float32s([2, 2], [1, 2, 3, 4]), float32s([2, 1], [5, 6])],
      float32s([2, 3], [1, 2, 5, 3, 4, 6])),
    FoldCase(
      "concat with a splat", .concat(AxisAttributes(axis: 0)),
      [int64s([2], [1, 2]), .splat(.int64, [2], 0)],
      int64s([4], [1, 2, 0, 0])),
    FoldCase(
      "slice", slice(starts: [1], ends: [3], axes: [0], steps: [1]), [int64s([4], [1, 3, 224, 224])],
      int64s([2], [3, 224])),
    FoldCase(
      "slice reverse step 3", slice(starts: [-1], ends: [Int.min], axes: [0], steps: [-3]),
      [int64s([10], Array(0..<10))], int64s([4], [9, 6, 3, 0])),
    FoldCase(
      "slice 2-D columns", slice(starts: [1], ends: [100], axes: [1], steps: [1]),
      [float32s([2, 3], [1, 2, 3, 4, 5, 6])], float32s([2, 2], [2, 3, 5, 6])),
    FoldCase(
      "transpose", .transpose(TransposeAttributes(perm: [1, 0])),
      [float32s([2, 3], [1, 2, 3, 4, 5, 6])],
      float32s([3, 2], [1, 4, 2, 5, 3, 6])),
    FoldCase(
      "expand", .expand(ShapeAttributes(shape: [2, 3])), [int64s([3], [1, 2, 3])],
      int64s([2, 3], [1, 2, 3, 1, 2, 3])),
    FoldCase(
      "tile", .tile(TileAttributes(repeats: [2])), [int64s([2], [4, 5])], int64s([4], [4, 5, 4, 5])),
    FoldCase(
      "unsqueeze relabels", .unsqueeze(AxesAttributes(axes: [0])), [int64s([2], [4, 5])],
      int64s([1, 2], [4, 5])),
    FoldCase(
      "where", .where,
      [bools([3], [true, false, true]), int64s([3], [1, 2, 3]), int64s([1], [10])],
      int64s([3], [1, 10, 3])),
    FoldCase(
      "where broadcasts the condition", .where,
      [bools([2, 1], [false, true]), float32s([2, 2], [1, 2, 3, 4]), float32s([], [0])],
      float32s([2, 2], [0, 0, 3, 4])),
  ]

  @Test("movement and selection", arguments: movement)
  func movementFolds(_ c: FoldCase) throws { try check(c) }

  static let arithmetic: [FoldCase] = [
    FoldCase(
      "int64 add broadcasts", .binary(.add), [int64s([3], [1, 2, 3]), int64s([1], [10])],
      int64s([3], [11, 12, 13])),
    FoldCase(
      "int64 add is exact near the maximum", .binary(.add),
      [int64s([1], [.max - 5]), int64s([], [5])],
      int64s([1], [.max])),
    FoldCase(
      "int64 sub", .binary(.sub), [int64s([2], [.min + 1, 0]), int64s([], [1])],
      int64s([2], [.min, -1])),
    FoldCase(
      "int64 mul", .binary(.mul), [int64s([2], [3, -4]), int64s([2], [1 << 40, 5])],
      int64s([2], [3 << 40, -20])),
    FoldCase(
      "int64 div truncates", .binary(.div), [int64s([2], [7, -7]), int64s([], [2])],
      int64s([2], [3, -3])),
    FoldCase(
      "int64 div min by -1 wraps", .binary(.div), [int64s([1], [.min]), int64s([], [-1])],
      int64s([1], [.min])),
    FoldCase(
      "int64 div by zero is not folded", .binary(.div), [int64s([1], [1]), int64s([], [0])], nil),
    FoldCase(
      "int64 mod takes the divisor's sign", .binary(.mod),
      [int64s([4], [7, -7, 7, -7]), int64s([4], [3, 3, -3, -3])],
      int64s([4], [1, 2, -2, -1])),
    FoldCase(
      "int64 mod at the extremes", .binary(.mod),
      [int64s([3], [.min, -1, .max]), int64s([3], [-1, .min, .min])],
      int64s([3], [0, -1, -1])),
    FoldCase(
      "int64 comparison gives bool", .binary(.less), [int64s([3], [1, 5, 9]), int64s([], [5])],
      bools([3], [true, false, false])),
    FoldCase("int64 neg", .unary(.neg), [int64s([2], [3, .min])], int64s([2], [-3, .min])),
    FoldCase(
      "f32 mul broadcasts", .binary(.mul),
      [float32s([2, 1], [1, 2]), float32s([3], [1, 10, 100])],
      float32s([2, 3], [1, 10, 100, 2, 20, 200])),
    FoldCase(
      "sum of three", .variadic(.sum),
      [int64s([2], [1, 2]), int64s([], [10]), int64s([2, 1], [100, 200])],
      int64s([2, 2], [111, 112, 211, 212])),
    FoldCase(
      "cast floats to bool: nonzero is true", .cast(CastAttributes(to: .bool)),
      [float32s([4], [0.5, 0, -2, .nan])],
      bools([4], [true, false, true, true])),
    FoldCase(
      "cast f32 → i64 truncates", .cast(CastAttributes(to: .int64)), [float32s([2], [2.9, -2.9])],
      int64s([2], [2, -2])),
    FoldCase(
      "cast i64 → f32", .cast(CastAttributes(to: .float32)), [int64s([2], [3, -1])],
      float32s([2], [3, -1])),
    FoldCase(
      "pow on int64 is not folded", .binary(.pow), [int64s([1], [2]), int64s([1], [3])], nil),
  ]

  @Test("elementwise arithmetic", arguments: arithmetic)
  func arithmeticFolds(_ c: FoldCase) throws { try check(c) }

  static func reduce(_ function: ReduceFunction, _ axes: [Int], keepDims: Bool) -> Op {
    .reduce(function, ReduceAttributes(axes: axes, keepDims: keepDims))
  }

  static let reductions: [FoldCase] = [
    FoldCase(
      "reduceSum int64 rows", reduce(.reduceSum, [1], keepDims: false),
      [int64s([2, 3], [1, 2, 3, 4, 5, 6])],
      int64s([2], [6, 15])),
    FoldCase(
      "reduceProd int64 all keepDims", reduce(.reduceProd, [0, 1], keepDims: true),
      [int64s([2, 2], [1, 2, 3, 4])],
      int64s([1, 1], [24])),
    FoldCase(
      "reduceMean f32 columns keepDims", reduce(.reduceMean, [0], keepDims: true),
      [float32s([2, 3], [1, 2, 3, 4, 5, 6])],
      float32s([1, 3], [2.5, 3.5, 4.5])),
    FoldCase(
      "reduceMax f32 middle axis", reduce(.reduceMax, [1], keepDims: false),
      [float32s([2, 2, 2], [1, 8, 3, 4, -5, -6, -7, -8])], float32s([2, 2], [3, 8, -5, -6])),
    FoldCase(
      "reduceMin int64 first axis", reduce(.reduceMin, [0], keepDims: false),
      [int64s([2, 2], [5, -1, 3, 7])],
      int64s([2], [3, -1])),
  ]

  @Test("reductions", arguments: reductions)
  func reductionFolds(_ c: FoldCase) throws { try check(c) }

  @Test("split into pieces")
  func split() throws {
    let result = try fold(
      .split(SplitAttributes(axis: 1, sizes: [1, 2])), [float32s([2, 3], [1, 2, 3, 4, 5, 6])], outputCount: 2)
    #expect(result == [float32s([2, 1], [1, 4]), float32s([2, 2], [2, 3, 5, 6])])
  }

  static let tooLarge = ConstantFolder.maxElements + 1

  static let large: [FoldCase] = [
    FoldCase(
      "reduce of a large dense input", reduce(.reduceSum, [0], keepDims: false),
      [float32s([tooLarge], Array(repeating: 1, count: tooLarge))], nil),
    FoldCase(
      "add of large dense inputs", .binary(.add),
      [float32s([tooLarge], Array(repeating: 1, count: tooLarge)), float32s([], [1])], nil),
    FoldCase(
      "expand to a large output", .expand(ShapeAttributes(shape: [tooLarge, 2])),
      [float32s([2], [1, 2])], nil),
    FoldCase(
      "transpose of a large dense input", .transpose(TransposeAttributes(perm: [1, 0])),
      [float32s([tooLarge, 1], Array(repeating: 1, count: tooLarge))], nil),
    FoldCase(
      "conv is never folded", .conv(convAttributes(kernel: [1])),
      [float32s([1, 1, 2], [1, 2]), float32s([1, 1, 1], [3])],
      nil),
  ]

  @Test("large or unsupported inputs are not folded", arguments: large)
  func notFolded(_ c: FoldCase) throws { try check(c) }

  @Test("relabelling a large dense tensor reuses its storage")
  func largeReshape() throws {
    let input = float32s([Self.tooLarge], Array(repeating: 1, count: Self.tooLarge))
    let result = try #require(try fold(.reshape(ShapeAttributes(shape: [1, Self.tooLarge])), [input]))
    #expect(result[0].storage == input.storage)
    #expect(result[0].type == f32(1, Self.tooLarge))
  }

  func check(_ c: FoldCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
    for input in c.inputs.compactMap({ $0 }) { _ = try Tensor(type: input.type, storage: input.storage) }
    let result = try fold(c.op, c.inputs)
    if let expected = c.expected {
      #expect(
        result == [expected], "\(c.name): got \(result.map { $0.map(describe) } ?? ["not folded"])",
        sourceLocation: sourceLocation)
    } else {
      #expect(result == nil, "\(c.name) must not be folded", sourceLocation: sourceLocation)
    }
  }

  func describe(_ tensor: Tensor) -> String {
    let elements =
      tensor.type.dtype.isFloatingPoint ? tensor.doubles().map { "\($0)" } : tensor.integers().map { "\($0)" }
    return "\(tensor.type) \(elements.prefix(16).joined(separator: ","))"
  }
}
