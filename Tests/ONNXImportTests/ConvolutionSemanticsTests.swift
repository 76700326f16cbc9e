import GraphIR
import ONNXImport
import Testing

/// auto_pad resolution, ConvTranspose output_shape and pooling ceil_mode.
@Suite struct ConvolutionSemanticsTests {
  private static func conv(kernel: Int64 = 4, strides: Int64 = 2, _ attributes: Onnx_AttributeProto...)
    -> @Sendable (inout ModelBuilder) -> Void
  {
    { m in
      m.input("x", [1, 3, 7, 7])
      m.initializer(.zeros("w", [8, 3, kernel, kernel]))
      m.node(
        "Conv", ["x", "w"], ["y"], name: "conv",
        attributes: [Attr.ints("strides", [strides, strides])] + attributes)
    }
  }

  private static func convAttributes(pads: [Int], kernel: Int = 4) -> Op {
    .conv(
      ConvAttributes(
        kernelShape: [kernel, kernel], strides: [2, 2], pads: pads, dilations: [1, 1], group: 1))
  }

  /// 7 wide, kernel 4, stride 2: SAME gives 4 outputs and 3 pixels of padding, the odd one
  /// at the end (`SAME_UPPER`) or the start (`SAME_LOWER`).
  static let convCases: [OpCase] = [
    OpCase(
      "SAME_UPPER", opset: 11, expect: [("y", [1, 8, 4, 4])], op: convAttributes(pads: [1, 1, 2, 2]),
      conv(Attr.string("auto_pad", "SAME_UPPER"))),
    OpCase(
      "SAME_LOWER", opset: 11, expect: [("y", [1, 8, 4, 4])], op: convAttributes(pads: [2, 2, 1, 1]),
      conv(Attr.string("auto_pad", "SAME_LOWER"))),
    OpCase(
      "VALID ignores pads", opset: 11, expect: [("y", [1, 8, 2, 2])], op: convAttributes(pads: [0, 0, 0, 0]),
      conv(Attr.string("auto_pad", "VALID"))),
    OpCase(
      "NOTSET uses pads", opset: 11, expect: [("y", [1, 8, 3, 3])], op: convAttributes(pads: [1, 1, 1, 1]),
      conv(Attr.ints("pads", [1, 1, 1, 1]))),
    OpCase(
      "SAME_UPPER, kernel 3", opset: 11, expect: [("y", [1, 8, 4, 4])],
      op: convAttributes(pads: [1, 1, 1, 1], kernel: 3),
      conv(kernel: 3, Attr.string("auto_pad", "SAME_UPPER"))),
  ]

  @Test(arguments: convCases) func convAutoPad(_ c: OpCase) throws { try c.check() }

  private static func convTranspose(_ attributes: Onnx_AttributeProto...)
    -> @Sendable (inout ModelBuilder) -> Void
  {
    { m in
      m.input("x", [1, 4, 5, 5])
      m.initializer(.zeros("w", [4, 2, 3, 3]))
      m.node(
        "ConvTranspose", ["x", "w"], ["y"], name: "deconv",
        attributes: [Attr.ints("strides", [2, 2])] + attributes)
    }
  }

  /// 5 wide, kernel 3, stride 2: 11 outputs without padding.
  static let convTransposeCases: [OpCase] = [
    OpCase("default", opset: 11, expect: [("y", [1, 2, 11, 11])], convTranspose()),
    OpCase(
      "output_shape smaller: pads", opset: 11, expect: [("y", [1, 2, 10, 10])],
      convTranspose(Attr.ints("output_shape", [10, 10]))),
    OpCase(
      "output_shape larger: output_padding", opset: 11, expect: [("y", [1, 2, 12, 12])],
      convTranspose(Attr.ints("output_shape", [12, 12]))),
    OpCase(
      "output_shape, SAME_UPPER", opset: 11, expect: [("y", [1, 2, 9, 10])],
      convTranspose(Attr.ints("output_shape", [9, 10]), Attr.string("auto_pad", "SAME_UPPER"))),
    OpCase(
      "SAME_UPPER without output_shape", opset: 11, expect: [("y", [1, 2, 10, 10])],
      convTranspose(Attr.string("auto_pad", "SAME_UPPER"))),
    OpCase(
      "pads", opset: 11, expect: [("y", [1, 2, 9, 9])], convTranspose(Attr.ints("pads", [1, 1, 1, 1]))),
  ]

  @Test(arguments: convTransposeCases) func convTransposeOutputShape(_ c: OpCase) throws { try c.check() }

  /// Output padding follows the spec: with `output_shape` and the default `auto_pad`, the
  /// odd pixel of padding goes at the start.
  @Test func convTransposePadsFromOutputShape() throws {
    var m = ModelBuilder(opset: 11)
    Self.convTranspose(Attr.ints("output_shape", [10, 10]))(&m)
    m.output("y")
    let graph = try m.importModel().graph
    guard case .convTranspose(let a)? = graph.producer(of: "y")?.op else {
      Issue.record("no ConvTranspose")
      return
    }
    #expect(a.conv.pads == [1, 1, 0, 0])
    #expect(a.outputPadding == [0, 0])
  }

  private static func maxPool(_ size: Dim, _ attributes: Onnx_AttributeProto...)
    -> @Sendable (inout ModelBuilder) -> Void
  {
    { m in
      m.input("x", [1, 1, size, size])
      m.node(
        "MaxPool", ["x"], ["y"], name: "pool",
        attributes: [Attr.ints("kernel_shape", [3, 3]), Attr.ints("strides", [2, 2])] + attributes)
    }
  }

  static let poolCases: [OpCase] = [
    OpCase("floor", opset: 11, expect: [("y", [1, 1, 2, 2])], maxPool(6)),
    OpCase("ceil_mode", opset: 11, expect: [("y", [1, 1, 3, 3])], maxPool(6, Attr.int("ceil_mode", 1))),
    OpCase(
      "ceil_mode, exact fit", opset: 11, expect: [("y", [1, 1, 3, 3])], maxPool(7, Attr.int("ceil_mode", 1))),
    OpCase(
      "ceil_mode with pads", opset: 11, expect: [("y", [1, 1, 4, 4])],
      maxPool(6, Attr.int("ceil_mode", 1), Attr.ints("pads", [1, 1, 1, 1]))),
    OpCase(
      "SAME_UPPER", opset: 11, expect: [("y", [1, 1, 3, 3])],
      maxPool(6, Attr.string("auto_pad", "SAME_UPPER"))),
  ]

  @Test(arguments: poolCases) func maxPoolOutputShape(_ c: OpCase) throws { try c.check() }
}
