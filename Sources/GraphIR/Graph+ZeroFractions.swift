extension Graph {
  /// The expected fraction of zeros in every value (indexed by `ValueID.index`), from the
  /// graph alone: what a zero-skipping or run-length-coding accelerator can expect of its
  /// activations without data. A rectifier (`relu`, `clip` from 0) zeroes half of what was
  /// not zero (pre-activations symmetric about zero); max pooling over a window of `k` values
  /// outputs a zero only when all `k` are (independence assumed); relabelling and
  /// requantization, concatenation and local response normalization keep zeros where they
  /// were; everything else, weights and network inputs are taken as dense. Trained networks
  /// are sparser than this (their activations correlate), so the estimate errs dense.
  public func zeroFractions() -> [Double] {
    var fractions = [Double](repeating: 0, count: values.count)
    for node in nodes {
      let inputs = node.inputs.compactMap { $0 }.filter { constants[$0] == nil }
      let first = inputs.first.map { fractions[$0.index] } ?? 0
      let fraction: Double =
        switch node.op {
        case .unary(.relu): 1 - (1 - first) / 2
        case .clip(let c) where c.min == 0: 1 - (1 - first) / 2
        case .maxPool(let p): pow(first, Double(p.kernelShape.reduce(1, *)))
        case .lrn, .dropout: first
        case .concat:
          inputs.isEmpty
            ? 0
            : inputs.map { fractions[$0.index] * Double(self[$0].type.elementCount) }.reduce(0, +)
              / Double(max(inputs.map { self[$0].type.elementCount }.reduce(0, +), 1))
        default: node.op.isPassThrough || node.op.group == .movement ? first : 0
        }
      for output in node.outputs { fractions[output.index] = fraction }
    }
    return fractions
  }
}

/// `x` to the power `n` for a non-negative integer `n` (GraphIR imports no math library).
private func pow(_ x: Double, _ n: Double) -> Double {
  var result = 1.0
  var remaining = Int(n)
  while remaining > 0 && result > 1e-12 {
    result *= x
    remaining -= 1
  }
  return remaining > 0 ? 0 : result
}
