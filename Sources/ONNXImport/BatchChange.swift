import GraphIR

/// A change of the model's fixed batch, axis 0 of its inputs, from `old` to `new` (by `--batch`
/// or `--input-shape`). Models exported at batch 1 often pin it in a Reshape's constant target
/// (`[1, -1]`, `[1, 9216]`); a Reshape that keeps axis 0 and reshapes within each sample is
/// carried to the new batch, since that is what it does at any batch.
struct BatchChange: Equatable, Sendable {
  var old: Int
  var new: Int

  /// `target` with axis 0 set to the new batch when it pins the old batch on an input led by
  /// the new one and reshapes only the rest of each sample; nil otherwise.
  func carried(_ target: [Int], input: Shape, allowZero: Bool) -> [Int]? {
    guard old != new, target.count >= 1, target[0] == old, input.first == new else { return nil }
    var rest = Array(target.dropFirst())
    for (axis, extent) in rest.enumerated() where extent == 0 {
      guard !allowZero, axis + 1 < input.count else { return nil }
      rest[axis] = input[axis + 1]
    }
    guard rest.allSatisfy({ $0 >= -1 }), rest.filter({ $0 == -1 }).count <= 1 else { return nil }
    let known = rest.filter { $0 != -1 }.elementCount
    let sample = Shape(input.dropFirst()).elementCount
    let fits = rest.contains(-1) ? known > 0 && sample % known == 0 : known == sample
    return fits ? [new] + target.dropFirst() : nil
  }
}
