/// A parsed `Einsum` equation: one label list per operand and one for the output.
///
/// `...` stands for broadcast leading dimensions; the implicit form (no `->`) outputs the
/// labels used exactly once, in alphabetical order, after the ellipsis dimensions.
public struct EinsumEquation: Sendable {
  /// Labels per operand; `nil` entries mark where the ellipsis stands.
  public let operands: [[Character?]]
  public let output: [Character?]

  public init(_ equation: String) throws(IRError) {
    let text = equation.filter { !$0.isWhitespace }
    let sides = text.components(separatedBy: "->")
    try require(sides.count <= 2, "Einsum equation '\(equation)' has more than one '->'")
    operands = try sides[0].split(separator: ",", omittingEmptySubsequences: false).map { part throws(IRError) in
      try Self.labels(String(part), equation: equation)
    }
    if sides.count == 2 {
      output = try Self.labels(sides[1], equation: equation)
    } else {
      var counts: [Character: Int] = [:]
      for label in operands.joined().compactMap({ $0 }) { counts[label, default: 0] += 1 }
      let once = counts.filter { $0.value == 1 }.keys.sorted()
      let hasEllipsis = operands.contains { $0.contains(nil) }
      output = (hasEllipsis ? [nil] : []) + once.map { Optional($0) }
    }
    let known = Set(operands.joined().compactMap { $0 })
    var seen = Set<Character>()
    for label in output.compactMap({ $0 }) {
      try require(seen.insert(label).inserted, "Einsum output repeats label '\(label)' in '\(equation)'")
      try require(known.contains(label), "Einsum output label '\(label)' appears in no operand of '\(equation)'")
    }
  }

  private static func labels(_ text: String, equation: String) throws(IRError) -> [Character?] {
    var result: [Character?] = []
    var rest = Substring(text)
    while let first = rest.first {
      if rest.hasPrefix("...") {
        try require(!result.contains(nil), "Einsum term '\(text)' has two ellipses")
        result.append(nil)
        rest = rest.dropFirst(3)
      } else {
        try require(first.isLetter && first.isASCII, "Einsum equation '\(equation)' has a bad label '\(first)'")
        result.append(first)
        rest = rest.dropFirst()
      }
    }
    return result
  }

  /// Extent of every label and the broadcast ellipsis shape, checked against `shapes`.
  public func extents(_ shapes: [Shape]) throws(IRError) -> (labels: [Character: Int], ellipsis: Shape) {
    try require(
      shapes.count == operands.count, "Einsum equation has \(operands.count) operands, got \(shapes.count) inputs")
    var labels: [Character: Int] = [:]
    var ellipsis: Shape = []
    for (terms, shape) in zip(operands, shapes) {
      let named = terms.count - (terms.contains(nil) ? 1 : 0)
      try require(
        terms.contains(nil) ? shape.count >= named : shape.count == named,
        "operand \(shape) does not match term of \(named) labels")
      let ellipsisRank = shape.count - named
      var axis = 0
      for term in terms {
        if let label = term {
          if let known = labels[label], known != shape[axis] {
            try require(known == 1 || shape[axis] == 1, "label '\(label)' has extents \(known) and \(shape[axis])")
          }
          labels[label] = max(labels[label] ?? 1, shape[axis])
          axis += 1
        } else {
          ellipsis = try Broadcast.shape(ellipsis, Array(shape[axis..<axis + ellipsisRank]))
          axis += ellipsisRank
        }
      }
    }
    return (labels, ellipsis)
  }

  public func outputShape(_ shapes: [Shape]) throws(IRError) -> Shape {
    let (labels, ellipsis) = try extents(shapes)
    return output.flatMap { label -> [Int] in label.map { [labels[$0] ?? 1] } ?? ellipsis }
  }

  /// Multiply-accumulates of a direct evaluation: the product of every extent.
  public func macs(_ shapes: [Shape]) throws(IRError) -> Int {
    let (labels, ellipsis) = try extents(shapes)
    return saturatingMultiply(Array(labels.values).elementCount, ellipsis.elementCount)
  }
}

/// Checks of quantization parameters against the quantized tensor.
enum QuantShapes {
  static func checkScale(_ a: QuantizeAttributes, x: TensorType, scale: TensorType, zeroPoint: TensorType?)
    throws(IRError)
  {
    if let zeroPoint {
      try require(zeroPoint.shape == scale.shape, "zero point \(zeroPoint) and scale \(scale) differ in shape")
    }
    if scale.elementCount == 1 && scale.rank <= 1 { return }
    try require(a.axis >= 0 && a.axis < x.rank, "axis \(a.axis) out of range for \(x)")
    if a.blockSize > 0 {
      try require(scale.rank == x.rank, "blocked scale \(scale) must have the rank of \(x)")
    } else {
      try require(scale.shape == [x.shape[a.axis]], "per-axis scale must have shape [\(x.shape[a.axis])], got \(scale)")
    }
  }
}
