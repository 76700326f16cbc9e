import GraphIR
import ONNXImport
import Testing

/// Split, Slice, Pad and Resize across the opsets that moved their operands.
@Suite struct SelectionSemanticsTests {
  static let splitCases: [OpCase] = [
    OpCase(
      "split attribute", opset: 11, expect: [("a", [2, 4]), ("b", [4, 4])],
      op: .split(SplitAttributes(axis: 0, sizes: [2, 4]))
    ) {
      $0.input("x", [6, 4])
      $0.node("Split", ["x"], ["a", "b"], Attr.ints("split", [2, 4]))
    },
    OpCase("equal split by output count", opset: 11, expect: [("a", [6, 2]), ("b", [6, 2])]) {
      $0.input("x", [6, 4])
      $0.node("Split", ["x"], ["a", "b"], Attr.int("axis", -1))
    },
    OpCase(
      "split input", opset: 13, expect: [("a", [1, 4]), ("b", [5, 4])],
      op: .split(SplitAttributes(axis: 0, sizes: [1, 5]))
    ) {
      $0.input("x", [6, 4])
      $0.initializer(.int64("split", [2], [1, 5]))
      $0.node("Split", ["x", "split"], ["a", "b"])
    },
    OpCase(
      "num_outputs, uneven", opset: 18, expect: [("a", [3, 4]), ("b", [3, 4]), ("c", [1, 4])],
      op: .split(SplitAttributes(axis: 0, sizes: [3, 3, 1]))
    ) {
      $0.input("x", [7, 4])
      $0.node("Split", ["x"], ["a", "b", "c"], Attr.int("num_outputs", 3))
    },
    OpCase("num_outputs, even", opset: 18, expect: [("a", [2, 4]), ("b", [2, 4])]) {
      $0.input("x", [4, 4])
      $0.node("Split", ["x"], ["a", "b"], Attr.int("num_outputs", 2))
    },
  ]

  @Test(arguments: splitCases) func split(_ c: OpCase) throws { try c.check() }

  @Test func unevenSplitWithoutNumOutputsIsRejected() throws {
    let message = try importMessage(opset: 13) {
      $0.input("x", [7, 4])
      $0.node("Split", ["x"], ["a", "b"], name: "s")
      $0.output("a")
    }
    #expect(message?.contains("node 's'") == true, "\(message ?? "imported")")
  }

  static let sliceCases: [OpCase] = [
    OpCase("attributes, INT64_MAX end", opset: 9, expect: [("y", [4, 9])]) {
      $0.input("x", [4, 10])
      $0.node(
        "Slice", ["x"], ["y"], Attr.ints("starts", [1]), Attr.ints("ends", [.max]), Attr.ints("axes", [1]))
    },
    OpCase("attributes without axes", opset: 9, expect: [("y", [2, 8])]) {
      $0.input("x", [4, 10])
      $0.node("Slice", ["x"], ["y"], Attr.ints("starts", [0, 2]), Attr.ints("ends", [2, .max]))
    },
    OpCase("inputs, reverse with negative step", opset: 10, expect: [("y", [4, 10])]) {
      $0.input("x", [4, 10])
      $0.initializer(.int64("starts", [1], [-1]))
      $0.initializer(.int64("ends", [1], [.min]))
      $0.initializer(.int64("axes", [1], [1]))
      $0.initializer(.int64("steps", [1], [-1]))
      $0.node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"])
    },
    OpCase("inputs, step -2", opset: 13, expect: [("y", [4, 4])]) {
      $0.input("x", [4, 10])
      $0.initializer(.int64("starts", [1], [8]))
      $0.initializer(.int64("ends", [1], [1]))
      $0.initializer(.int64("axes", [1], [-1]))
      $0.initializer(.int64("steps", [1], [-2]))
      $0.node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"])
    },
    OpCase("inputs without axes, INT64_MAX end", opset: 13, expect: [("y", [2, 8])]) {
      $0.input("x", [4, 10])
      $0.initializer(.int64("starts", [2], [0, 2]))
      $0.initializer(.int64("ends", [2], [2, .max]))
      $0.node("Slice", ["x", "starts", "ends"], ["y"])
    },
  ]

  @Test(arguments: sliceCases) func slice(_ c: OpCase) throws { try c.check() }

  static let padCases: [OpCase] = [
    OpCase(
      "pads and value attributes", opset: 7, expect: [("y", [2, 6])],
      op: .pad(PadAttributes(mode: .constant, pads: [0, 1, 0, 2], value: 1.5))
    ) {
      $0.input("x", [2, 3])
      $0.node("Pad", ["x"], ["y"], Attr.ints("pads", [0, 1, 0, 2]), Attr.float("value", 1.5))
    },
    OpCase(
      "attributes, reflect", opset: 10, expect: [("y", [4, 3])],
      op: .pad(PadAttributes(mode: .reflect, pads: [1, 0, 1, 0], value: 0))
    ) {
      $0.input("x", [2, 3])
      $0.node("Pad", ["x"], ["y"], Attr.ints("pads", [1, 0, 1, 0]), Attr.string("mode", "reflect"))
    },
    OpCase(
      "pads and constant_value inputs", opset: 11, expect: [("y", [4, 3])],
      op: .pad(PadAttributes(mode: .constant, pads: [1, 0, 1, 0], value: 2))
    ) {
      $0.input("x", [2, 3])
      $0.initializer(.int64("pads", [4], [1, 0, 1, 0]))
      $0.initializer(.float("value", [], [2]))
      $0.node("Pad", ["x", "pads", "value"], ["y"])
    },
    OpCase(
      "axes input", opset: 18, expect: [("y", [2, 8])],
      op: .pad(PadAttributes(mode: .constant, pads: [0, 2, 0, 3], value: 0))
    ) {
      $0.input("x", [2, 3])
      $0.initializer(.int64("pads", [2], [2, 3]))
      $0.initializer(.int64("axes", [1], [-1]))
      $0.node("Pad", ["x", "pads", "", "axes"], ["y"])
    },
    OpCase("negative pads crop", opset: 13, expect: [("y", [2, 1])]) {
      $0.input("x", [2, 3])
      $0.initializer(.int64("pads", [4], [0, -1, 0, -1]))
      $0.node("Pad", ["x", "pads"], ["y"])
    },
  ]

  @Test(arguments: padCases) func pad(_ c: OpCase) throws { try c.check() }

  static let resizeCases: [OpCase] = [
    OpCase("scales input (opset 10)", opset: 10, expect: [("y", [1, 3, 8, 3])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.float("scales", [4], [1, 1, 2, 0.5]))
      $0.node("Resize", ["x", "scales"], ["y"])
    },
    OpCase("roi and scales inputs", opset: 11, expect: [("y", [1, 3, 8, 3])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.float("roi", [0], []))
      $0.initializer(.float("scales", [4], [1, 1, 2, 0.5]))
      $0.node("Resize", ["x", "roi", "scales"], ["y"], Attr.string("mode", "linear"))
    },
    OpCase("empty scales, sizes input", opset: 11, expect: [("y", [1, 3, 5, 7])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.float("roi", [0], []))
      $0.initializer(.float("scales", [0], []))
      $0.initializer(.int64("sizes", [4], [1, 3, 5, 7]))
      $0.node("Resize", ["x", "roi", "scales", "sizes"], ["y"])
    },
    OpCase("sizes input", opset: 13, expect: [("y", [1, 3, 5, 7])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.int64("sizes", [4], [1, 3, 5, 7]))
      $0.node("Resize", ["x", "", "", "sizes"], ["y"])
    },
    OpCase("sizes on axes, stretch", opset: 18, expect: [("y", [1, 3, 10, 10])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.int64("sizes", [2], [10, 10]))
      $0.node("Resize", ["x", "", "", "sizes"], ["y"], Attr.ints("axes", [2, 3]))
    },
    OpCase("keep_aspect_ratio_policy not_larger", opset: 18, expect: [("y", [1, 3, 7, 10])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.int64("sizes", [2], [10, 10]))
      $0.node(
        "Resize", ["x", "", "", "sizes"], ["y"], Attr.ints("axes", [2, 3]),
        Attr.string("keep_aspect_ratio_policy", "not_larger"))
    },
    OpCase("keep_aspect_ratio_policy not_smaller", opset: 18, expect: [("y", [1, 3, 10, 15])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.int64("sizes", [2], [10, 10]))
      $0.node(
        "Resize", ["x", "", "", "sizes"], ["y"], Attr.ints("axes", [-2, -1]),
        Attr.string("keep_aspect_ratio_policy", "not_smaller"))
    },
  ]

  static let upsampleCases: [OpCase] = [
    OpCase("Resize sizes pair with axes in the order given", opset: 18, expect: [("y", [1, 3, 8, 12])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.int64("sizes", [2], [12, 8]))
      $0.node("Resize", ["x", "", "", "sizes"], ["y"], Attr.ints("axes", [3, 2]))
    },
    OpCase("Upsample scales attribute", opset: 7, expect: [("y", [1, 3, 8, 12])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.node("Upsample", ["x"], ["y"], Attr.floats("scales", [1, 1, 2, 2]))
    },
    OpCase("Upsample scales input", opset: 9, expect: [("y", [1, 3, 8, 12])]) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.float("scales", [4], [1, 1, 2, 2]))
      $0.node("Upsample", ["x", "scales"], ["y"])
    },
  ]

  @Test(arguments: resizeCases + upsampleCases) func resize(_ c: OpCase) throws { try c.check() }

  @Test func roiForAxesCoversTheOtherAxesWhole() throws {
    var m = ModelBuilder(opset: 18)
    m.input("x", [1, 1, 4, 4])
    m.initializer(.float("roi", [4], [0.1, 0.2, 0.9, 0.8]))
    m.initializer(.float("scales", [2], [0.5, 0.75]))
    m.node(
      "Resize", ["x", "roi", "scales"], ["y"], Attr.ints("axes", [3, 2]),
      Attr.string("coordinate_transformation_mode", "tf_crop_and_resize"))
    m.output("y")
    let graph = try m.importModel().graph
    guard case .resize(let a) = graph.producer(of: "y")?.op else {
      Issue.record("no resize")
      return
    }
    #expect(a.roi == [0, 0, 0.2, 0.1, 1, 1, 0.8, 0.9].map { Double(Float($0)) })
    #expect(a.outputShape == [1, 1, 3, 2])
  }

  @Test func resizeWithScalesAndSizesIsRejected() throws {
    let message = try importMessage(opset: 13) {
      $0.input("x", [1, 3, 4, 6])
      $0.initializer(.float("scales", [4], [1, 1, 2, 2]))
      $0.initializer(.int64("sizes", [4], [1, 3, 8, 12]))
      $0.node("Resize", ["x", "", "scales", "sizes"], ["y"], name: "up")
      $0.output("y")
    }
    #expect(message?.contains("node 'up'") == true, "\(message ?? "imported")")
  }
}
