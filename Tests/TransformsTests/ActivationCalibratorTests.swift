import Compiler
import GraphIR
import Interpreter
import PassKit
import Testing

@testable import Transforms

/// Calibration turns observed activations into ranges: percentile, KL-divergence (entropy)
/// thresholds, narrowing by activations, unsigned storage of non-negative tensors.
struct ActivationCalibratorTests {
  @Test(arguments: [(100.0, 4), (50.0, 2), (99.0, 4), (25.0, 1)])
  func percentileCountsMass(percentile: Double, bins: Int) {
    let calibrator = ActivationCalibrator(method: .percentile, percentile: percentile)
    #expect(calibrator.percentileBins([10, 10, 10, 10]) == bins)
  }

  @Test func entropyClipsALongSparseTail() {
    // Mass in the first 200 bins, a single outlier at the end: the KL threshold stays far
    // below the outlier instead of spreading 128 levels over the empty tail.
    var histogram = [Double](repeating: 0, count: ActivationCalibrator.binCount)
    for bin in 0..<200 { histogram[bin] = Double(1000 - 4 * bin) }
    histogram[2047] = 1
    let bins = ActivationCalibrator(method: .entropy).entropyBins(histogram)
    #expect(bins >= 128 && bins <= 400)
  }

  @Test func klDivergenceOfEqualDistributionsIsZero() {
    #expect(ActivationCalibrator.klDivergence([1, 2, 3], [2, 4, 6]) == 0)
    #expect(ActivationCalibrator.klDivergence([1, 1], [1, 0]) > 4)
  }

  /// x → conv-like producer → relu: the pre-activation value gets the relu's range and is
  /// stored unsigned; a value also read elsewhere keeps its own range.
  @Test func activationsNarrowAndMarkNonNegativeValues() throws {
    var graph = Graph(name: "g")
    let x = graph.addValue("x", TensorType(.float32, [4]))
    graph.inputs = [x]
    let y = try graph.addNode("neg", .unary(.neg), inputs: [x], outputNames: ["y"])[0]
    let r = try graph.addNode("relu", .unary(.relu), inputs: [y], outputNames: ["r"])[0]
    let c = try graph.addNode("clip", .clip(ClipAttributes(min: -1, max: 1)), inputs: [x], outputNames: ["c"])[0]
    graph.outputs = [r, c]
    let ranges = ActivationCalibrator.narrowedByActivations([x: 9, y: 8, r: 2, c: 1], graph)
    #expect(ranges[y] == 2)
    #expect(ranges[x] == 9)
    #expect(QuantizationScheme.nonNegativeValues(graph) == [y, r])
  }

  @Test func minmaxRangesComeFromRunningTheGraph() throws {
    var graph = Graph(name: "g")
    let x = graph.addValue("x", TensorType(.float32, [3]))
    graph.inputs = [x]
    let y = try graph.addNode("relu", .unary(.relu), inputs: [x], outputNames: ["y"])[0]
    graph.outputs = [y]
    let samples = [
      ["x": NDArray(.float32, [3], doubles: [-5, 1, 2])], ["x": NDArray(.float32, [3], doubles: [0, 3, -1])],
    ]
    let ranges = try ActivationCalibrator(method: .minmax).ranges(
      graph, runner: InterpreterRunner(samples: samples), count: 2, seed: 0)
    #expect(ranges[y] == 3)
    #expect(ranges[x] == 3)  // max |x| is 5, but x is read only by the ReLU: narrowed to its range
  }
}

/// `quantize{calibration=…}` on the quantize golden's graph: calibrated scales differ from
/// the assumed range, non-negative tensors are stored uint8, hostile options are errors.
struct CalibratedQuantizeTests {
  @Test func calibrationStoresReLUOutputsUnsignedWithMeasuredScales() throws {
    let (graph, statistics) = try QuantizeTests.quantized(
      "quantize", [("calibration", "minmax"), ("samples", "2")])
    #expect(statistics["kernels-quantized"] == 4)
    let stored = graph.nodes.compactMap { node -> DType? in
      if case .quantizeLinear(let a) = node.op { a.outputType } else { nil }
    }
    #expect(stored.contains(.uint8) && stored.contains(.int8))
  }

  /// Transforms runs no graph itself: without an injected runner, calibration is an error.
  @Test func calibrationWithoutARunnerIsAnError() throws {
    let target = CompilationTarget(CompilationTarget.testSystolic.accelerator)
    #expect(throws: IRError.self) {
      try QuantizeTests.quantized("quantize", [("calibration", "minmax")], target: target)
    }
  }

  /// Regression: seeds were added in `Int` and trapped near `Int.max`.
  @Test func hugeSeedsDoNotTrap() throws {
    _ = try QuantizeTests.quantized(
      "quantize", [("calibration", "percentile"), ("samples", "2"), ("seed", "9223372036854775807")])
  }

  @Test(arguments: [
    ("samples", "0"), ("samples", "1025"), ("percentile", "101"), ("percentile", "x"), ("seed", "-1"),
  ])
  func badCalibrationOptionsAreErrors(key: String, value: String) {
    #expect(throws: PipelineError.self) {
      try QuantizeTests.quantized("quantize", [("calibration", "minmax"), (key, value)])
    }
  }
}
