import GraphIR
import ONNXImport
import Testing

/// Trilu, CumSum, ArgMax and ArgMin: constant operands become attributes, axes normalized.
@Suite struct ScanSemanticsTests {
  static let cases: [OpCase] = [
    OpCase(
      "Trilu lower with k input", opset: 14, expect: [("y", [4, 5])], op: .trilu(TriluAttributes(upper: false, k: -1))
    ) {
      $0.input("x", [4, 5])
      $0.initializer(.int64("k", [], [-1]))
      $0.node("Trilu", ["x", "k"], ["y"], Attr.int("upper", 0))
    },
    OpCase(
      "Trilu default upper", opset: 14, expect: [("y", [2, 3, 3])], op: .trilu(TriluAttributes(upper: true, k: 0))
    ) {
      $0.input("x", [2, 3, 3])
      $0.node("Trilu", ["x"], ["y"])
    },
    OpCase(
      "CumSum negative axis", opset: 14, expect: [("y", [2, 7])],
      op: .cumSum(CumSumAttributes(axis: 1, exclusive: true, reverse: false))
    ) {
      $0.input("x", [2, 7])
      $0.initializer(.int64("axis", [], [-1]))
      $0.node("CumSum", ["x", "axis"], ["y"], Attr.int("exclusive", 1))
    },
    OpCase(
      "ArgMax drops the axis", opset: 13, expect: [("y", [2, 4])],
      op: .argMax(ArgReduceAttributes(axis: 1, keepDims: false, selectLastIndex: false))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("ArgMax", ["x"], ["y"], Attr.int("axis", 1), Attr.int("keepdims", 0))
    },
    OpCase("ArgMin keeps the axis", opset: 13, expect: [("y", [2, 3, 1])]) {
      $0.input("x", [2, 3, 4])
      $0.node("ArgMin", ["x"], ["y"], Attr.int("axis", -1))
    },
  ]

  @Test(arguments: cases) func scan(_ c: OpCase) throws { try c.check() }

  static let otherCases: [OpCase] = [
    OpCase("Mod with fmod", opset: 13, expect: [("y", [2, 3])], op: .binary(.fmod)) {
      $0.input("a", [2, 3])
      $0.input("b", [2, 3])
      $0.node("Mod", ["a", "b"], ["y"], Attr.int("fmod", 1))
    },
    OpCase(
      "InstanceNormalization", opset: 13, expect: [("y", [1, 4, 5, 5])],
      op: .instanceNormalization(BatchNormAttributes(epsilon: Double(Float(1e-3))))
    ) {
      $0.input("x", [1, 4, 5, 5])
      $0.input("s", [4])
      $0.input("b", [4])
      $0.node("InstanceNormalization", ["x", "s", "b"], ["y"], Attr.float("epsilon", 1e-3))
    },
    OpCase(
      "DepthToSpace CRD", opset: 13, expect: [("y", [1, 2, 6, 8])],
      op: .depthToSpace(DepthToSpaceAttributes(blockSize: 2, columnRowDepth: true))
    ) {
      $0.input("x", [1, 8, 3, 4])
      $0.node("DepthToSpace", ["x"], ["y"], Attr.int("blocksize", 2), Attr.string("mode", "CRD"))
    },
    OpCase("SpaceToDepth", opset: 13, expect: [("y", [1, 12, 2, 2])]) {
      $0.input("x", [1, 3, 4, 4])
      $0.node("SpaceToDepth", ["x"], ["y"], Attr.int("blocksize", 2))
    },
  ]

  @Test(arguments: otherCases) func otherOps(_ c: OpCase) throws { try c.check() }

  @Test func argMaxGivesInt64() throws {
    var m = ModelBuilder(opset: 13)
    m.input("x", [2, 3])
    m.node("ArgMax", ["x"], ["y"])
    m.output("y")
    #expect(try m.importModel().graph.type(of: "y")?.dtype == .int64)
  }

  @Test func cumSumNeedsAConstantAxis() throws {
    var m = ModelBuilder(opset: 14)
    m.input("x", [2, 3])
    m.input("axis", [])
    m.node("CumSum", ["x", "axis"], ["y"])
    m.output("y")
    #expect(try m.importError()?.description.contains("must be a constant") == true)
  }
}
