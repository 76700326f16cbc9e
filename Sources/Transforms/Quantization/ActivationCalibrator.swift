import Foundation
import GraphIR

/// How `quantize{calibration=…}` turns observed activations into a symmetric range ±R.
public enum CalibrationMethod: String, CaseIterable, Sendable {
  /// The assumed `activation-range`; nothing is run.
  case none
  /// The largest |x| seen.
  case minmax
  /// A high percentile of |x| (clips rare outliers).
  case percentile
  /// The threshold minimizing the KL divergence between the |x| histogram and its 8-bit
  /// quantization (Migacz, "8-bit Inference with TensorRT", GTC 2017).
  case entropy
}

/// Measures activation ranges by running calibration inputs through a `GraphRunner`.
///
/// Two passes over the samples: the first finds each value's largest |x|; the second (for
/// percentile and entropy) fills a 2048-bin histogram of |x| over [0, max] per value.
struct ActivationCalibrator {
  static let binCount = 2048
  var method: CalibrationMethod
  var percentile = 99.999

  /// ±R per float32 value of `graph` (graph inputs and node outputs).
  func ranges(_ graph: Graph, runner: any GraphRunner, count: Int, seed: UInt64) throws(IRError) -> [ValueID: Double] {
    let tracked = Set(graph.inputs + graph.nodes.flatMap(\.outputs)).filter { graph[$0].type.dtype == .float32 }
    var maxima: [ValueID: Double] = [:]
    try runner.run(graph, count: count, seed: seed, observing: tracked) { id, values in
      maxima[id] = max(maxima[id] ?? 0, Double(values.lazy.map { abs($0) }.max() ?? 0))
    }
    guard method == .percentile || method == .entropy else { return Self.narrowedByActivations(maxima, graph) }
    var histograms: [ValueID: [Double]] = [:]
    try runner.run(graph, count: count, seed: seed, observing: tracked) { id, values in
      guard let top = maxima[id], top > 0 else { return }
      var histogram = histograms[id] ?? [Double](repeating: 0, count: Self.binCount)
      let binsPerUnit = Double(Self.binCount) / top
      for x in values where x.isFinite { histogram[min(Int(Double(abs(x)) * binsPerUnit), Self.binCount - 1)] += 1 }
      histograms[id] = histogram
    }
    var ranges = maxima
    for (id, histogram) in histograms {
      let width = (maxima[id] ?? 0) / Double(Self.binCount)
      let bins = method == .percentile ? percentileBins(histogram) : entropyBins(histogram)
      ranges[id] = Double(bins) * width
    }
    return Self.narrowedByActivations(ranges, graph)
  }

  /// A value read only by a ReLU or Clip needs no more range than the activation's output:
  /// whatever lies beyond is clipped anyway. Quantizing a pre-activation tensor with its own
  /// (wide) range would waste most codes on values the activation discards — what int8
  /// deployments avoid by requantizing after the fused activation.
  static func narrowedByActivations(_ ranges: [ValueID: Double], _ graph: Graph) -> [ValueID: Double] {
    var uses = [Int](repeating: 0, count: graph.values.count)
    for node in graph.nodes { for input in node.inputs.compactMap({ $0 }) { uses[input.index] += 1 } }
    for output in graph.outputs { uses[output.index] += 1 }
    var ranges = ranges
    for node in graph.nodes.reversed() {
      switch node.op {
      case .unary(.relu), .clip: narrow(node, &ranges, uses)
      default: continue
      }
    }
    return ranges
  }

  private static func narrow(_ node: Node, _ ranges: inout [ValueID: Double], _ uses: [Int]) {
    guard let input = node.inputs.first ?? nil, uses[input.index] == 1, let output = node.outputs.first,
      let inputRange = ranges[input], let outputRange = ranges[output], outputRange > 0
    else { return }
    ranges[input] = min(inputRange, outputRange)
  }

  /// Bins below the `percentile`-th percentile of the histogram's mass.
  func percentileBins(_ histogram: [Double]) -> Int {
    let total = histogram.reduce(0, +)
    var cumulative = 0.0
    for (bin, count) in histogram.enumerated() {
      cumulative += count
      if cumulative >= total * percentile / 100 { return bin + 1 }
    }
    return histogram.count
  }

  /// The clipping threshold (in bins, 128…2048 in steps of 16) whose 128-level quantization
  /// loses the least information: KL(P‖Q) with P the histogram clipped at the threshold
  /// (outliers added to its last bin) and Q the in-range bins merged into 128 levels and
  /// spread back over their non-empty bins (the outliers are not in Q: clipping them costs).
  func entropyBins(_ histogram: [Double]) -> Int {
    let levels = 128
    var best = (bins: histogram.count, divergence: Double.infinity)
    for bins in stride(from: levels, through: histogram.count, by: 16) {
      var reference = Array(histogram[..<bins])
      reference[bins - 1] += histogram[bins...].reduce(0, +)
      var candidate = [Double](repeating: 0, count: bins)
      for level in 0..<levels {
        let range = (level * bins / levels)..<((level + 1) * bins / levels)
        let occupied = range.filter { reference[$0] > 0 }.count
        let mass = range.reduce(0) { $0 + histogram[$1] }
        for bin in range where reference[bin] > 0 { candidate[bin] = mass / Double(occupied) }
      }
      let divergence = Self.klDivergence(reference, candidate)
      if divergence < best.divergence { best = (bins, divergence) }
    }
    return best.bins
  }

  /// KL(P‖Q) of two histograms; a bin P has and Q lacks counts as a small probability
  /// (1e-4 of a bin's share) rather than an infinite divergence, as smoothed in MXNet's and
  /// TensorRT's calibrators.
  static func klDivergence(_ p: [Double], _ q: [Double]) -> Double {
    let pTotal = p.reduce(0, +)
    let qTotal = q.reduce(0, +)
    guard pTotal > 0, qTotal > 0 else { return .infinity }
    let floor = 1e-4 / Double(max(q.count, 1))
    var sum = 0.0
    for (pi, qi) in zip(p, q) where pi > 0 {
      sum += pi / pTotal * log((pi / pTotal) / max(qi / qTotal, floor))
    }
    return sum
  }
}
