import Foundation
import GraphIR

extension GraphBuilder {
  /// Ops that always fold at import: their values are known from attributes and static shapes.
  mutating func translateConstant(_ node: NodeContext) throws(TranslationError) {
    let a = node.attributes
    guard let output = node.outputNames.first else { throw TranslationError("\(node.opType) has no output") }
    let tensor: Tensor
    do {
      switch node.opType {
      case "Constant": tensor = try constantAttribute(a)
      case "ConstantOfShape":
        guard let extents = try constantInts(node, 0, "shape"), extents.allSatisfy({ $0 >= 0 }) else {
          throw TranslationError("ConstantOfShape needs a constant, non-negative 'shape'")
        }
        try checkShapeLimits(extents, "ConstantOfShape output")
        let value = try a.tensor("value").map { proto throws(TranslationError) in try decoder.decode(proto) }
        let element = value ?? Tensor.splat(.float32, [1], 0)
        guard element.type.elementCount == 1 else { throw TranslationError("'value' must hold one element") }
        tensor = element.broadcastElement(to: extents)
      case "Shape":
        let shape = type(try node.input(0)).shape
        let rank = shape.count
        func bound(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
        let start = bound(try a.int("start", default: 0))
        let end = bound(try a.int("end", default: rank))
        let dims = start < end ? Array(shape[start..<end]) : []
        tensor = try Tensor(.int64, [dims.count], integers: dims.map { Int64($0) })
      case "Size":
        tensor = try Tensor(.int64, [], integers: [Int64(type(try node.input(0)).elementCount)])
      default:
        tensor = try range(node)
      }
    } catch let error as TranslationError {
      throw error
    } catch {
      throw TranslationError("\(error)")
    }
    try addConstant(output, tensor)
  }

  private mutating func constantAttribute(_ a: AttributeReader) throws(TranslationError) -> Tensor {
    if let proto = try a.tensor("value") { return try decoder.decode(proto) }
    do {
      if let value = try a.optionalFloat("value_float") { return try Tensor(.float32, [], doubles: [value]) }
      if let values = try a.floats("value_floats") { return try Tensor(.float32, [values.count], doubles: values) }
      if a.has("value_int") { return try Tensor(.int64, [], integers: [Int64(try a.int("value_int", default: 0))]) }
      if let values = try a.int64s("value_ints") { return try Tensor(.int64, [values.count], integers: values) }
    } catch let error as TranslationError {
      throw error
    } catch {
      throw TranslationError("\(error)")
    }
    let kinds = a.names.joined(separator: ", ")
    throw TranslationError(
      "Constant holds \(kinds.isEmpty ? "no value" : kinds); only numeric dense tensors are supported")
  }

  private func range(_ node: NodeContext) throws -> Tensor {
    let dtype = type(try node.input(0)).dtype
    guard let start = try constantDoubles(node, 0, "start")?.first,
      let limit = try constantDoubles(node, 1, "limit")?.first,
      let delta = try constantDoubles(node, 2, "delta")?.first, delta != 0, delta.isFinite, start.isFinite,
      limit.isFinite
    else { throw TranslationError("Range needs constant scalar start, limit and non-zero delta") }
    // Count in Double: a huge or infinite quotient must not reach Int(_:), which traps.
    let steps = max(0, ((limit - start) / delta).rounded(.up))
    guard steps <= Double(ConstantFolder.maxElements) else {
      throw TranslationError("Range from \(start) to \(limit) by \(delta) is too large")
    }
    let count = Int(steps)
    let values = (0..<count).map { start + Double($0) * delta }
    // Integer dtypes convert with saturation (2^63 from rounding Int64.max must not trap).
    return try Tensor(dtype, [count], doubles: values)
  }
}

extension Tensor {
  /// A splat of this one-element tensor's element with `shape`.
  func broadcastElement(to shape: Shape) -> Tensor {
    switch storage {
    case .splat(let bytes), .dense(let bytes):
      return (try? Tensor(type: TensorType(type.dtype, shape), storage: .splat(bytes))) ?? self
    }
  }
}
