import GraphIR
import Testing

/// Splat inputs stay splats: folding never expands a `ConstantOfShape`-style tensor.
@Suite("Constant folding: splats")
struct SplatFoldingTests {
  /// A shape far beyond `ConstantFolder.maxElements`.
  static let huge: Shape = [1024, 1024, 64]

  struct SplatCase: Sendable, CustomTestStringConvertible {
    var name: String
    var op: Op
    var inputs: [Tensor]
    var type: TensorType
    var value: Double
    var testDescription: String { name }
  }

  static let cases: [SplatCase] = [
    SplatCase(
      name: "cast f32 → f16", op: .cast(CastAttributes(to: .float16)), inputs: [.splat(.float32, huge, 2.5)],
      type: TensorType(.float16, huge), value: 2.5),
    SplatCase(
      name: "cast f32 → i64 truncates", op: .cast(CastAttributes(to: .int64)),
      inputs: [.splat(.float32, huge, -2.75)],
      type: TensorType(.int64, huge), value: -2),
    SplatCase(
      name: "cast f32 0.5 → bool is true", op: .cast(CastAttributes(to: .bool)),
      inputs: [.splat(.float32, huge, 0.5)],
      type: TensorType(.bool, huge), value: 1),
    SplatCase(
      name: "add broadcasts splats", op: .binary(.add),
      inputs: [.splat(.float32, huge, 1), .splat(.float32, [64], 2)],
      type: TensorType(.float32, huge), value: 3),
    SplatCase(
      name: "greater gives a bool splat", op: .binary(.greater),
      inputs: [.splat(.float32, huge, 1), .splat(.float32, [], 2)], type: TensorType(.bool, huge), value: 0),
    SplatCase(
      name: "max of splats", op: .variadic(.max),
      inputs: [.splat(.float32, huge, -1), .splat(.float32, [1], 4), .splat(.float32, [64], 2)],
      type: TensorType(.float32, huge), value: 4),
    SplatCase(
      name: "where of splats", op: .where,
      inputs: [.splat(.bool, [1024, 1], 1), .splat(.float32, [1024, 1024], 7), .splat(.float32, [], 0)],
      type: TensorType(.float32, [1024, 1024]), value: 7),
    SplatCase(
      name: "expand", op: .expand(ShapeAttributes(shape: huge)), inputs: [.splat(.float32, [1], 0.25)],
      type: TensorType(.float32, huge), value: 0.25),
    SplatCase(
      name: "transpose", op: .transpose(TransposeAttributes(perm: [2, 0, 1])),
      inputs: [.splat(.float32, huge, 3)],
      type: TensorType(.float32, [64, 1024, 1024]), value: 3),
    SplatCase(
      name: "tile", op: .tile(TileAttributes(repeats: [2, 1, 1])), inputs: [.splat(.float16, huge, -1)],
      type: TensorType(.float16, [2048, 1024, 64]), value: -1),
    SplatCase(
      name: "slice", op: slice(starts: [0], ends: [512], axes: [0], steps: [2]),
      inputs: [.splat(.float32, huge, 5)],
      type: TensorType(.float32, [256, 1024, 64]), value: 5),
    SplatCase(
      name: "gather with splat indices", op: .gather(AxisAttributes(axis: 1)),
      inputs: [.splat(.float32, huge, 9), .splat(.int64, [3], 0)], type: TensorType(.float32, [1024, 3, 64]),
      value: 9),
    SplatCase(
      name: "gather with dense indices", op: .gather(AxisAttributes(axis: 0)),
      inputs: [.splat(.float32, huge, 9), int64s([2], [0, 5])],
      type: TensorType(.float32, [2, 1024, 64]), value: 9),
    SplatCase(
      name: "reshape reuses storage", op: .reshape(ShapeAttributes(shape: [1024 * 1024, 64])),
      inputs: [.splat(.float32, huge, 1)], type: TensorType(.float32, [1024 * 1024, 64]), value: 1),
  ]

  @Test("splat in, splat out", arguments: cases)
  func splatPreserved(_ c: SplatCase) throws {
    let result = try #require(try fold(c.op, c.inputs), "\(c.name) was not folded")
    #expect(result.count == 1)
    #expect(result[0].isSplat, "\(c.name) expanded its splat")
    #expect(result[0].type == c.type)
    #expect(result[0].scalarValue == c.value)
  }

  @Test("int64 splat arithmetic is exact")
  func exactInt64Splats() throws {
    let sum = try #require(try fold(.binary(.add), [int64Splat(Self.huge, .max - 1), int64Splat([], 1)]))
    #expect(sum[0].isSplat)
    #expect(sum[0] == (int64Splat(Self.huge, .max)))
    let product = try #require(
      try fold(.binary(.mul), [int64Splat([4], 1 << 40), int64Splat([4], -(1 << 20))]))
    #expect(product[0] == (int64Splat([4], -(1 << 60))))
  }

  @Test("split of a splat gives splats")
  func splitSplat() throws {
    let result = try #require(
      try fold(
        .split(SplitAttributes(axis: 0, sizes: [1000, 24])), [.splat(.float32, Self.huge, 4)], outputCount: 2)
    )
    #expect(result == [.splat(.float32, [1000, 1024, 64], 4), .splat(.float32, [24, 1024, 64], 4)])
  }

  @Test("dropout passes a splat through and adds an all-true mask")
  func dropoutMask() throws {
    let result = try #require(try fold(.dropout, [.splat(.float32, Self.huge, 2)], outputCount: 2))
    #expect(result == [.splat(.float32, Self.huge, 2), .splat(.bool, Self.huge, 1)])
  }
}
