import CostModel
import GraphIR
import PassKit

/// `quantize`: stores the kernels the target can run quantized in int8 (int16, fp16), in
/// ONNX's QDQ form, so the IR is exact about every stored dtype and scale.
///
/// Before (unlabelled nodes are kernels of their own):
/// ```
/// node "c1" = conv(%x, %w, %b) -> (%y: f32[1,8,4,4]) {…}
/// node "r" = relu(%y) -> (%out: f32[1,8,4,4])
/// ```
/// After (`mode=int8`, target with an int8 MAC array):
/// ```
/// node "x.quantize" = quantizeLinear(%x, %x.scale, %x.zero_point) -> (%x.i8: i8[1,1,6,6]) {…}
/// node "x.dequantize" = dequantizeLinear(%x.i8, %x.scale) -> (%x.dq: f32[1,1,6,6]) {…}
/// node "w.dequantize" = dequantizeLinear(%w.i8, %w.scale) -> (%w.dq: f32[8,1,3,3]) {"axis":0,…}
/// node "b.dequantize" = dequantizeLinear(%b.i32, %b.scale) -> (%b.dq: f32[8]) {"axis":0,…}
/// node "c1" = conv(%x.dq, %w.dq, %b.dq) -> (%y: f32[1,8,4,4]) {…}
/// node "y.quantize" = quantizeLinear(%y, %y.scale, %y.zero_point) -> (%y.i8: i8[1,8,4,4]) {…}
/// node "y.dequantize" = dequantizeLinear(%y.i8, %y.scale) -> (%y.dq: f32[1,8,4,4]) {…}
/// node "r" = relu(%y.dq) -> (%out: f32[1,8,4,4])
/// ```
/// (each node with a `schedule {"kernel":"c1"}` or `{"kernel":"r"}` line: `c1` quantizes
/// its input on load and stores int8; `r` loads int8 and, as a graph output, stores float).
public struct QuantizePass: CompilerPass {
  public static let name = "quantize"
  public static let summary = "Store kernels the target runs quantized in int8/int16/fp16 (QDQ form)."
  public static let description = """
    Quantizes whole kernels (runs of nodes with one schedule.kernel label, or single
    unlabelled nodes). A kernel with a Conv, Gemm or MatMul on a constant weight is quantized
    when the timing model runs it on a MAC array in the mode's type (a rate for it, buffers
    that hold the layer) no slower than in float; a kernel without a contraction is quantized
    when it borders a quantized kernel and either runs on an accelerator unit or only does
    what integer codes allow (relu, pooling, add, reshape, concat…; not softmax, exp,
    normalization).
    Weights become per-output-channel symmetric codes (scale = max|W_c| / 127) read through
    DequantizeLinear; biases become int32 on the scale s_x·s_w. Activations are per-tensor
    symmetric with zero point 0 and scale = R / 127, where ±R is measured by running
    calibration inputs through the reference interpreter (calibration=minmax: max |x|;
    percentile: the `percentile`-th percentile of |x|, 99.999 by default; entropy: TensorRT's KL-divergence threshold)
    — `samples` inputs from `compile --calibration-data DIR`, else seeded random ones — or,
    with calibration=none (the default: no run, fast compiles for timing studies), the
    assumed activation-range. A quantized kernel dequantizes what it
    loads (quantizing float inputs on load) and quantizes what other kernels read; graph
    outputs stay float. Everything else stays float and is priced as such. int16 uses
    ±32767; fp16 converts with Cast instead and needs no scales.
    """
  public static let options: [PassOption] = [
    .choice(
      "mode", default: "int8", from: QuantizationScheme.Mode.allCases.map(\.rawValue),
      help: "The type quantized kernels store tensors in."),
    .integer(
      "activation-range", default: 8, in: 1...1_000_000,
      help: "Assumed activation range ±R until calibration: scale = R / 127 (int16: R / 32767)."),
    .choice(
      "calibration", default: "none", from: CalibrationMethod.allCases.map(\.rawValue),
      help: "How activation ranges are measured: none (assumed range), minmax, percentile, entropy."),
    .number(
      "percentile", default: 99.999, in: 0.001...100, help: "The percentile of |x| calibration=percentile keeps."),
    .integer(
      "samples", default: 8, in: 1...1024, help: "Calibration inputs to run (seeded random ones unless data is given)."),
    .integer("seed", default: 0, in: 0...Int.max, help: "Seed of the random calibration inputs."),
  ]
  public static let statistics = [
    PassStatistic("kernels-quantized", "kernels that store their tensors quantized"),
    PassStatistic("kernels-left-float", "kernels left in float (no faster quantized, or not quantizable)"),
    PassStatistic("nodes-inserted", "QuantizeLinear, DequantizeLinear and Cast nodes added"),
  ]

  let scheme: QuantizationScheme
  let calibration: CalibrationMethod
  let sampleCount: Int
  let percentile: Double
  let seed: Int
  let target: CompilationTarget

  public init(options: PassOptions, target: CompilationTarget) {
    scheme = QuantizationScheme(
      mode: options.choice("mode", as: QuantizationScheme.Mode.self) ?? .int8,
      activationRange: Double(options.integer("activation-range")))
    calibration = options.choice("calibration", as: CalibrationMethod.self) ?? .none
    sampleCount = options.integer("samples")
    percentile = options.number("percentile")
    seed = options.integer("seed")
    self.target = target
  }

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var scheme = scheme
    if calibration != .none && scheme.isInteger {
      guard let runner = target.runner else {
        throw IRError("calibration=\(calibration.rawValue) needs a graph runner; none was given to the pass")
      }
      if scheme.mode == .int8 { scheme.unsignedValues = QuantizationScheme.nonNegativeValues(graph) }
      let calibrator = ActivationCalibrator(method: calibration, percentile: percentile)
      scheme.calibratedRanges = try calibrator.ranges(graph, runner: runner, count: sampleCount, seed: UInt64(seed))
    }
    let spans = KernelLowering.spans(graph)
    let plan = QuantizationPlan(graph: graph, spans: spans, scheme: scheme, target: target)
    var rewriter = QuantizeRewriter(graph: graph, scheme: scheme)
    graph = try rewriter.rewrite(spans, plan: plan)
    return [
      ("kernels-quantized", plan.quantized.filter { $0 }.count), ("kernels-left-float", plan.leftFloat),
      ("nodes-inserted", rewriter.inserted),
    ]
  }
}
