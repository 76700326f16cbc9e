import GraphIR
import ONNXImport
import Testing

/// Reshape, Squeeze and Unsqueeze across the opsets that moved their operands.
@Suite struct ReshapingSemanticsTests {
  static let reshapeCases: [OpCase] = [
    OpCase(
      "0 copies, -1 infers", opset: 13, expect: [("y", [2, 12])],
      op: .reshape(ShapeAttributes(shape: [2, 12]))
    ) {
      $0.input("x", [2, 3, 4])
      $0.initializer(.int64("shape", [2], [0, -1]))
      $0.node("Reshape", ["x", "shape"], ["y"])
    },
    OpCase("-1 first", opset: 13, expect: [("y", [6, 4])]) {
      $0.input("x", [2, 3, 4])
      $0.initializer(.int64("shape", [2], [-1, 4]))
      $0.node("Reshape", ["x", "shape"], ["y"])
    },
    OpCase("0 copies with allowzero=0", opset: 14, expect: [("y", [2, 0, 3])]) {
      $0.input("x", [2, 0, 3])
      $0.initializer(.int64("shape", [3], [0, 0, 3]))
      $0.node("Reshape", ["x", "shape"], ["y"], Attr.int("allowzero", 0))
    },
    OpCase(
      "0 is literal with allowzero=1", opset: 14, expect: [("y", [3, 0])],
      op: .reshape(ShapeAttributes(shape: [3, 0]))
    ) {
      $0.input("x", [2, 0, 3])
      $0.initializer(.int64("shape", [2], [3, 0]))
      $0.node("Reshape", ["x", "shape"], ["y"], Attr.int("allowzero", 1))
    },
  ]

  @Test(arguments: reshapeCases) func reshape(_ c: OpCase) throws { try c.check() }

  @Test func reshapeRejectsTwoInferredExtents() throws {
    let message = try importMessage(opset: 13) {
      $0.input("x", [2, 3, 4])
      $0.initializer(.int64("shape", [2], [-1, -1]))
      $0.node("Reshape", ["x", "shape"], ["y"], name: "bad_reshape")
      $0.output("y")
    }
    #expect(message?.contains("node 'bad_reshape'") == true, "\(message ?? "imported")")
  }

  @Test func reshapeWithAllowZeroCannotInferFromZero() throws {
    let message = try importMessage(opset: 14) {
      $0.input("x", [2, 0, 3])
      $0.initializer(.int64("shape", [2], [0, -1]))
      $0.node("Reshape", ["x", "shape"], ["y"], name: "r", Attr.int("allowzero", 1))
      $0.output("y")
    }
    #expect(message?.contains("node 'r'") == true, "\(message ?? "imported")")
  }

  static let squeezeCases: [OpCase] = [
    OpCase(
      "Squeeze axes attribute", opset: 11, expect: [("y", [3, 1, 5])], op: .squeeze(AxesAttributes(axes: [0]))
    ) {
      $0.input("x", [1, 3, 1, 5])
      $0.node("Squeeze", ["x"], ["y"], Attr.ints("axes", [0]))
    },
    OpCase("Squeeze without axes drops every 1", opset: 11, expect: [("y", [3, 5])]) {
      $0.input("x", [1, 3, 1, 5])
      $0.node("Squeeze", ["x"], ["y"])
    },
    OpCase(
      "Squeeze axes input", opset: 13, expect: [("y", [1, 3, 5])], op: .squeeze(AxesAttributes(axes: [2]))
    ) {
      $0.input("x", [1, 3, 1, 5])
      $0.initializer(.int64("axes", [1], [-2]))
      $0.node("Squeeze", ["x", "axes"], ["y"])
    },
    OpCase("Squeeze without axes input", opset: 13, expect: [("y", [3, 5])]) {
      $0.input("x", [1, 3, 1, 5])
      $0.node("Squeeze", ["x"], ["y"])
    },
    OpCase(
      "Unsqueeze axes attribute", opset: 11, expect: [("y", [1, 3, 5, 1])],
      op: .unsqueeze(AxesAttributes(axes: [0, 3]))
    ) {
      $0.input("x", [3, 5])
      $0.node("Unsqueeze", ["x"], ["y"], Attr.ints("axes", [0, 3]))
    },
    OpCase(
      "Unsqueeze axes input, negative", opset: 13, expect: [("y", [1, 3, 5, 1])],
      op: .unsqueeze(AxesAttributes(axes: [0, 3]))
    ) {
      $0.input("x", [3, 5])
      $0.initializer(.int64("axes", [2], [-1, 0]))
      $0.node("Unsqueeze", ["x", "axes"], ["y"])
    },
  ]

  @Test(arguments: squeezeCases) func squeezeAndUnsqueeze(_ c: OpCase) throws { try c.check() }

  /// An opset-13 model that still uses the opset-11 attribute is an error, not a silent guess.
  @Test func unsqueezeAxesAttributeAtOpset13IsRejected() throws {
    let message = try importMessage(opset: 13) {
      $0.input("x", [3, 5])
      $0.node("Unsqueeze", ["x"], ["y"], name: "u", Attr.ints("axes", [0]))
      $0.output("y")
    }
    #expect(message?.contains("node 'u'") == true, "\(message ?? "imported")")
  }
}
