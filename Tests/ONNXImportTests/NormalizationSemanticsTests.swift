import GraphIR
import ONNXImport
import Testing

/// BatchNormalization, Softmax, Clip, Dropout and the reductions across opsets.
@Suite struct NormalizationSemanticsTests {
  /// Opset 7 `spatial=0` keeps statistics per activation: it must become broadcast arithmetic.
  @Test func perActivationBatchNormExpands() throws {
    var m = ModelBuilder(opset: 7, irVersion: 3)
    m.input("x", [2, 3, 4, 4])
    for name in ["scale", "bias", "mean", "var"] { m.initializer(.zeros(name, [3, 4, 4])) }
    m.node(
      "BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y"], name: "bn", Attr.int("spatial", 0))
    m.output("y")
    let graph = try m.importModel().graph
    #expect(graph.type(of: "y")?.shape == [2, 3, 4, 4])
    #expect(!graph.nodes.contains { if case .batchNormalization = $0.op { true } else { false } })
    #expect(graph.producer(of: "y")?.op == .binary(.add))
    let ops = graph.nodes.map(\.op)
    #expect(
      ops.contains(.binary(.sub)) && ops.contains(.binary(.div)) && ops.contains(.binary(.mul)), "\(ops)")
  }

  static let batchNormCases: [OpCase] = [
    OpCase(
      "spatial default", opset: 7, expect: [("y", [2, 3, 4, 4])],
      op: .batchNormalization(BatchNormAttributes(epsilon: 1e-5))
    ) {
      $0.input("x", [2, 3, 4, 4])
      for name in ["scale", "bias", "mean", "var"] { $0.initializer(.zeros(name, [3])) }
      $0.node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y"])
    },
    OpCase(
      "epsilon attribute", opset: 15, expect: [("y", [2, 3, 4, 4])],
      op: .batchNormalization(BatchNormAttributes(epsilon: Double(Float(1e-3))))
    ) {
      $0.input("x", [2, 3, 4, 4])
      for name in ["scale", "bias", "mean", "var"] { $0.initializer(.zeros(name, [3])) }
      $0.node(
        "BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y"], Attr.float("epsilon", 1e-3))
    },
  ]

  @Test(arguments: batchNormCases) func batchNormalization(_ c: OpCase) throws { try c.check() }

  static let softmaxCases: [OpCase] = [
    OpCase(
      "default axis 1, coerced to 2-D", opset: 11, expect: [("y", [2, 3, 4])],
      op: .softmax(SoftmaxAttributes(axis: 1, coerced2D: true))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("Softmax", ["x"], ["y"])
    },
    OpCase(
      "last axis is not coerced", opset: 11, expect: [("y", [2, 3, 4])],
      op: .softmax(SoftmaxAttributes(axis: 2))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("Softmax", ["x"], ["y"], Attr.int("axis", -1))
    },
    OpCase(
      "default axis -1", opset: 13, expect: [("y", [2, 3, 4])], op: .softmax(SoftmaxAttributes(axis: 2))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("Softmax", ["x"], ["y"])
    },
    OpCase(
      "axis 1 is per axis", opset: 13, expect: [("y", [2, 3, 4])], op: .logSoftmax(SoftmaxAttributes(axis: 1))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("LogSoftmax", ["x"], ["y"], Attr.int("axis", 1))
    },
  ]

  @Test(arguments: softmaxCases) func softmax(_ c: OpCase) throws { try c.check() }

  static let clipCases: [OpCase] = [
    OpCase(
      "min and max attributes", opset: 7, expect: [("y", [2, 3])], op: .clip(ClipAttributes(min: -1, max: 6))
    ) {
      $0.input("x", [2, 3])
      $0.node("Clip", ["x"], ["y"], Attr.float("min", -1), Attr.float("max", 6))
    },
    OpCase(
      "max attribute only", opset: 7, expect: [("y", [2, 3])], op: .clip(ClipAttributes(min: nil, max: 6))
    ) {
      $0.input("x", [2, 3])
      $0.node("Clip", ["x"], ["y"], Attr.float("max", 6))
    },
    OpCase(
      "min and max inputs", opset: 11, expect: [("y", [2, 3])], op: .clip(ClipAttributes(min: 0, max: 6))
    ) {
      $0.input("x", [2, 3])
      $0.initializer(.float("lo", [], [0]))
      $0.initializer(.float("hi", [], [6]))
      $0.node("Clip", ["x", "lo", "hi"], ["y"])
    },
    OpCase("max input only", opset: 13, expect: [("y", [2, 3])], op: .clip(ClipAttributes(min: nil, max: 6))) {
      $0.input("x", [2, 3])
      $0.initializer(.float("hi", [], [6]))
      $0.node("Clip", ["x", "", "hi"], ["y"])
    },
    OpCase("no bounds", opset: 13, expect: [("y", [2, 3])], op: .clip(ClipAttributes(min: nil, max: nil))) {
      $0.input("x", [2, 3])
      $0.node("Clip", ["x"], ["y"])
    },
  ]

  @Test(arguments: clipCases) func clip(_ c: OpCase) throws { try c.check() }

  static let dropoutCases: [OpCase] = [
    OpCase("ratio attribute", opset: 7, expect: [("y", [2, 3])], op: .dropout) {
      $0.input("x", [2, 3])
      $0.node("Dropout", ["x"], ["y"], Attr.float("ratio", 0.3))
    },
    OpCase("ratio and training_mode inputs", opset: 12, expect: [("y", [2, 3])], op: .dropout) {
      $0.input("x", [2, 3])
      $0.initializer(.float("ratio", [], [0.3]))
      $0.initializer(.typed("training", .bool, []) { $0.int32Data = [0] })
      $0.node("Dropout", ["x", "ratio", "training"], ["y"])
    },
    OpCase("mask output", opset: 13, expect: [("y", [2, 3]), ("mask", [2, 3])], op: .dropout) {
      $0.input("x", [2, 3])
      $0.node("Dropout", ["x"], ["y", "mask"])
    },
  ]

  @Test(arguments: dropoutCases) func dropout(_ c: OpCase) throws { try c.check() }

  /// Opsets 7–9 give the mask the input's type; from opset 10 it is bool.
  @Test(arguments: [(7, DType.float32), (9, .float32), (10, .bool), (13, .bool)])
  func dropoutMaskType(opset: Int, mask: DType) throws {
    var m = ModelBuilder(opset: opset)
    m.input("x", [2, 3])
    m.node("Dropout", ["x"], ["y", "mask"])
    m.output("y", "mask")
    let graph = try m.importModel().graph
    #expect(graph.type(of: "y") == TensorType(.float32, [2, 3]))
    #expect(graph.type(of: "mask") == TensorType(mask, [2, 3]))
  }

  @Test func dropoutInTrainingModeIsRejected() throws {
    let message = try importMessage(opset: 12) {
      $0.input("x", [2, 3])
      $0.initializer(.typed("training", .bool, []) { $0.int32Data = [1] })
      $0.node("Dropout", ["x", "", "training"], ["y"], name: "drop")
      $0.output("y")
    }
    #expect(
      message?.contains("node 'drop'") == true && message?.contains("training") == true,
      "\(message ?? "imported")")
  }

  /// Dropout of a weight is the weight: no node, the output names the same constant.
  @Test func dropoutOfConstantAliasesIt() throws {
    var m = ModelBuilder(opset: 7, irVersion: 3)
    m.initializer(.float("w", [2], [1, 2]))
    m.node("Dropout", ["w"], ["y"])
    m.output("y")
    let graph = try m.importModel().graph
    #expect(graph.nodes.isEmpty)
    #expect(graph.outputs.first.flatMap { graph.constants[$0] }?.doubles() == [1, 2])
  }

  static let reductionCases: [OpCase] = [
    OpCase(
      "ReduceSum axes attribute", opset: 11, expect: [("y", [2, 4])],
      op: .reduce(.reduceSum, ReduceAttributes(axes: [1], keepDims: false))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("ReduceSum", ["x"], ["y"], Attr.ints("axes", [1]), Attr.int("keepdims", 0))
    },
    OpCase(
      "ReduceSum axes input", opset: 13, expect: [("y", [2, 1, 4])],
      op: .reduce(.reduceSum, ReduceAttributes(axes: [1], keepDims: true))
    ) {
      $0.input("x", [2, 3, 4])
      $0.initializer(.int64("axes", [1], [-2]))
      $0.node("ReduceSum", ["x", "axes"], ["y"])
    },
    OpCase("ReduceSum without axes reduces all", opset: 13, expect: [("y", [1, 1, 1])]) {
      $0.input("x", [2, 3, 4])
      $0.node("ReduceSum", ["x"], ["y"])
    },
    OpCase("ReduceSum noop_with_empty_axes", opset: 13, expect: [("y", [2, 3, 4])], op: .identity) {
      $0.input("x", [2, 3, 4])
      $0.node("ReduceSum", ["x"], ["y"], Attr.int("noop_with_empty_axes", 1))
    },
    OpCase(
      "ReduceMean axes attribute", opset: 17, expect: [("y", [2, 3, 1])],
      op: .reduce(.reduceMean, ReduceAttributes(axes: [2], keepDims: true))
    ) {
      $0.input("x", [2, 3, 4])
      $0.node("ReduceMean", ["x"], ["y"], Attr.ints("axes", [-1]))
    },
    OpCase(
      "ReduceMean axes input", opset: 18, expect: [("y", [2, 3])],
      op: .reduce(.reduceMean, ReduceAttributes(axes: [2], keepDims: false))
    ) {
      $0.input("x", [2, 3, 4])
      $0.initializer(.int64("axes", [1], [-1]))
      $0.node("ReduceMean", ["x", "axes"], ["y"], Attr.int("keepdims", 0))
    },
  ]

  @Test(arguments: reductionCases) func reduction(_ c: OpCase) throws { try c.check() }
}
