import Foundation

/// Evaluates ops whose inputs are all constants, for import-time folding of shape
/// computations (`Shape → Gather → Concat → Reshape`) and of weights built from constants.
///
/// Splat inputs stay splats through ops that cannot mix elements, so a 100 MB weight made
/// by `ConstantOfShape` is never expanded. Other results are computed only when they have
/// at most `maxElements` elements; larger ones stay nodes for the compiler.
public enum ConstantFolder {
  public static let maxElements = 1 << 16

  /// The op's outputs, or `nil` when the op is not folded here.
  public static func fold(_ op: Op, _ inputs: [Tensor?], outputTypes: [TensorType]) -> [Tensor]? {
    guard let outType = outputTypes.first, inputs.first.flatMap({ $0 }) != nil else { return nil }
    let present = inputs.compactMap { $0 }
    // Empty results need no evaluation (and their inputs may have huge extents beside a zero).
    if outputTypes.allSatisfy({ $0.elementCount == 0 }) {
      return outputTypes.map { Tensor(unchecked: $0, .dense(Data())) }
    }
    // Pure relabelling: storage is reused whatever the size. Constants are logical tensors,
    // so a relayout of one is the same tensor (its physical order is the compiler's choice).
    switch op {
    case .identity, .reshape, .flatten, .squeeze, .unsqueeze, .relayout:
      return [present[0].reshaped(outType.shape)]
    case .dropout:
      return [present[0]] + (outputTypes.count > 1 ? [Tensor.splat(.bool, outType.shape, 1)] : [])
    default: break
    }
    // Selecting elements of a splat gives a splat, whatever the indices.
    if op.selectsFromFirstInput, present[0].isSplat, present[0].type.dtype == outType.dtype,
      case .splat(let bytes) = present[0].storage
    {
      return outputTypes.map { Tensor(unchecked: $0, .splat(bytes)) }
    }
    if present.allSatisfy(\.isSplat), op.preservesSplats, present.count == inputs.count {
      guard let result = evaluate(op, present.map { $0.reshaped([]) }, outputTypes.map { TensorType($0.dtype, []) })
      else {
        return nil
      }
      return zip(result, outputTypes).map { tensor, type in
        Tensor.splat(type.dtype, type.shape, tensor.scalarValue ?? 0).withExactBits(of: tensor)
      }
    }
    guard outputTypes.allSatisfy({ $0.elementCount <= maxElements }),
      present.allSatisfy({ $0.type.elementCount <= maxElements })
    else { return nil }
    guard present.count == inputs.count else { return nil }
    return evaluate(op, present, outputTypes)
  }

  static func evaluate(_ op: Op, _ inputs: [Tensor], _ types: [TensorType]) -> [Tensor]? {
    let out = types[0]
    let values = inputs.map(Elements.init)
    let result: Elements?
    switch op {
    case .cast(let a): result = values[0].converted(toInteger: a.to.isInteger)
    case .unary(let function): result = values[0].map(unary: function)
    case .binary(let function):
      result = Elements.combine(
        values[0], inputs[0].type.shape, values[1], inputs[1].type.shape, to: out.shape, Kernel.binary(function))
    case .variadic(let function):
      guard let kernel = Kernel.variadic(function) else { return nil }
      var accumulator = values[0]
      var shape = inputs[0].type.shape
      for (value, input) in zip(values, inputs).dropFirst() {
        guard let next = try? Broadcast.shape(shape, input.type.shape),
          let combined = Elements.combine(accumulator, shape, value, input.type.shape, to: next, kernel)
        else { return nil }
        accumulator = combined
        shape = next
      }
      result = accumulator
    case .where:
      result = Elements.select(
        values[0], inputs[0].type.shape, values[1], inputs[1].type.shape, values[2], inputs[2].type.shape, to: out.shape
      )
    case .expand:
      result = values[0].gathered(Indexing.broadcastSources(from: inputs[0].type.shape, to: out.shape))
    case .transpose(let a):
      result = values[0].gathered(Indexing.transposeSources(inputs[0].type.shape, perm: a.perm))
    case .slice(let a):
      guard let ranges = try? SliceRange.resolve(a, shape: inputs[0].type.shape) else { return nil }
      result = values[0].gathered(Indexing.sliceSources(inputs[0].type.shape, ranges))
    case .concat(let a):
      result = Elements.concatenate(values, shapes: inputs.map(\.type.shape), axis: a.axis)
    case .gather(let a):
      result = values[0].gathered(
        Indexing.gatherSources(
          inputs[0].type.shape, indices: inputs[1].integers(), indexShape: inputs[1].type.shape, axis: a.axis))
    case .gatherElements(let a):
      result = values[0].gathered(
        Indexing.gatherElementsSources(
          inputs[0].type.shape, indices: inputs[1].integers(), indexShape: inputs[1].type.shape, axis: a.axis))
    case .tile:
      result = values[0].gathered(Indexing.tileSources(inputs[0].type.shape, to: out.shape))
    case .split(let a):
      var offset = 0
      var pieces: [Tensor] = []
      for (size, type) in zip(a.sizes, types) {
        let range = SliceRange(axis: a.axis, start: offset, step: 1, count: size)
        guard let piece = values[0].gathered(Indexing.sliceSources(inputs[0].type.shape, [range])),
          let tensor = piece.tensor(type)
        else { return nil }
        pieces.append(tensor)
        offset += size
      }
      return pieces
    case .reduce(let function, let a):
      result = values[0].reduced(function, shape: inputs[0].type.shape, axes: a.axes)
    default: return nil
    }
    guard let result, let tensor = result.tensor(out) else { return nil }
    return [tensor]
  }
}

extension Op {
  /// Whether every output element is some element of input 0 (given valid indices).
  var selectsFromFirstInput: Bool {
    switch self {
    case .expand, .transpose, .tile, .slice, .gather, .gatherElements, .split: true
    default: false
    }
  }

  /// Whether an all-splat input gives an all-splat output (no element depends on position).
  var preservesSplats: Bool {
    switch self {
    case .cast, .unary, .binary, .variadic, .where: true
    default: false
    }
  }
}

extension Tensor {
  /// A splat with the bits of `scalar`'s element (exact for every dtype, incl. int64).
  func withExactBits(of scalar: Tensor) -> Tensor {
    guard scalar.type.dtype == type.dtype else { return self }
    switch scalar.storage {
    case .splat(let bytes), .dense(let bytes): return Tensor(unchecked: type, .splat(bytes))
    }
  }
}
