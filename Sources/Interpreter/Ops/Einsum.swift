import GraphIR

extension Evaluator {
  /// `Einsum` by direct index iteration: every label (and every broadcast ellipsis
  /// dimension) is one loop, output loops outside and summed ones inside, and each
  /// operand is read through strides over those loops. A label repeated within an operand
  /// adds its strides (the diagonal); an extent of 1 gets stride 0 (broadcast). Floats
  /// accumulate in `Double`, integers in wrapping `Int64`.
  static func einsum(_ inputs: [NDArray?], _ a: EinsumAttributes, _ out: TensorType) throws(InterpreterError)
    -> NDArray
  {
    let operands = try inputs.indices.map { i throws(InterpreterError) in try operand(inputs, i) }
    let plan: EinsumPlan
    do { plan = try EinsumPlan(EinsumEquation(a.equation), shapes: operands.map(\.shape)) } catch {
      throw InterpreterError(error.message)
    }
    try check(plan.outputShape == out.shape, "equation '\(a.equation)' gives \(plan.outputShape), expected \(out)")
    if NDArray.kind(of: out.dtype) == .int {
      let result = plan.contract(operands.map(\.ints), zero: 0, add: { $0 &+ $1 }, multiply: { $0 &* $1 })
      return NDArray(out.dtype, out.shape, ints: result)
    }
    return NDArray(out.dtype, out.shape, doubles: plan.contract(operands.map(\.doubles), zero: 0, add: +, multiply: *))
  }
}

/// The loops of an `Einsum`: their extents (output loops first) and each operand's
/// element stride per loop.
private struct EinsumPlan {
  var extents: [Int] = []
  var outputShape: [Int] = []
  var strides: [[Int]] = []

  init(_ equation: EinsumEquation, shapes: [[Int]]) throws(IRError) {
    let (labels, ellipsis) = try equation.extents(shapes)
    var loopOfLabel: [Character: Int] = [:]
    var ellipsisLoops: [Int] = []
    func addEllipsis() {
      ellipsisLoops = ellipsis.indices.map { extents.count + $0 }
      extents += ellipsis
    }
    for term in equation.output {
      if let label = term {
        loopOfLabel[label] = extents.count
        extents.append(labels[label] ?? 1)
      } else {
        addEllipsis()
      }
    }
    outputShape = extents
    if !equation.output.contains(nil) { addEllipsis() }
    for (label, extent) in labels.sorted(by: { $0.key < $1.key }) where loopOfLabel[label] == nil {
      loopOfLabel[label] = extents.count
      extents.append(extent)
    }
    for (terms, shape) in zip(equation.operands, shapes) {
      var elementStrides = [Int](repeating: 1, count: shape.count)
      for axis in shape.indices.dropLast().reversed() {
        elementStrides[axis] = elementStrides[axis + 1] * shape[axis + 1]
      }
      // Each operand axis in order: a label's loop, or (for the ellipsis) the trailing
      // broadcast loops, right-aligned.
      var loops: [Int] = []
      let ellipsisRank = shape.count - terms.count + 1
      for term in terms {
        if let label = term {
          loops.append(loopOfLabel[label] ?? 0)
        } else {
          loops += ellipsisLoops.suffix(ellipsisRank)
        }
      }
      var operandStrides = [Int](repeating: 0, count: extents.count)
      for (axis, loop) in loops.enumerated() where shape[axis] != 1 { operandStrides[loop] += elementStrides[axis] }
      strides.append(operandStrides)
    }
  }

  /// Σ over the summed loops of the product of the operands, for every output position.
  func contract<T>(_ values: [[T]], zero: T, add: (T, T) -> T, multiply: (T, T) -> T) -> [T] {
    let outputCount = outputShape.elementCount
    let summedCount = Array(extents[outputShape.count...]).elementCount
    var result = [T](repeating: zero, count: outputCount)
    guard outputCount > 0, summedCount > 0, let first = values.first else { return result }
    var position = [Int](repeating: 0, count: extents.count)
    var offsets = [Int](repeating: 0, count: values.count)
    for step in 0..<outputCount * summedCount {
      var product = first[offsets[0]]
      for j in values.indices.dropFirst() { product = multiply(product, values[j][offsets[j]]) }
      result[step / summedCount] = add(result[step / summedCount], product)
      var loop = extents.count - 1
      while loop >= 0 {
        position[loop] += 1
        for j in offsets.indices { offsets[j] += strides[j][loop] }
        if position[loop] < extents[loop] { break }
        for j in offsets.indices { offsets[j] -= strides[j][loop] * extents[loop] }
        position[loop] = 0
        loop -= 1
      }
    }
    return result
  }
}
