/// Numpy-style multidirectional broadcasting.
public enum Broadcast {
  /// The broadcast of two shapes; throws when a pair of dimensions is neither equal nor 1.
  public static func shape(_ a: Shape, _ b: Shape) throws(IRError) -> Shape {
    let rank = max(a.count, b.count)
    let paddedA = Array(repeating: 1, count: rank - a.count) + a
    let paddedB = Array(repeating: 1, count: rank - b.count) + b
    var result = Shape()
    result.reserveCapacity(rank)
    for (x, y) in zip(paddedA, paddedB) {
      guard x == y || x == 1 || y == 1 else {
        throw IRError("shapes \(a) and \(b) do not broadcast")
      }
      result.append(x == 1 ? y : x)
    }
    return result
  }
}
