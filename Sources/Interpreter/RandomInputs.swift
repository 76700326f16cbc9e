import Foundation
import GraphIR

/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a tiny, seedable, platform-independent generator, so seeded inputs and
/// materialized weights are the same bytes on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1) from the top 53 bits.
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A standard normal sample (Box–Muller).
  public mutating func normal() -> Double {
    let u = max(unit(), 0x1p-53)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
  }
}

/// Seeded random values for a graph's inputs: floats standard normal (what normalized
/// images and embeddings look like), integers uniform in 0..<`integerBound` (valid token
/// ids and indices for any vocabulary of at least that size), bools fair coins.
public enum RandomInputs {
  public static func make(for graph: Graph, seed: UInt64, integerBound: Int64 = 16) -> [String: NDArray] {
    var generator = SplitMix64(seed: seed)
    var inputs: [String: NDArray] = [:]
    for id in graph.inputs {
      let type = graph[id].type
      if type.dtype.isFloatingPoint {
        inputs[graph[id].name] = NDArray(
          type.dtype, type.shape, doubles: (0..<type.elementCount).map { _ in generator.normal() })
      } else {
        let bound = UInt64(type.dtype == .bool ? 2 : integerBound)
        inputs[graph[id].name] = NDArray(
          type.dtype, type.shape, ints: (0..<type.elementCount).map { _ in Int64(generator.next() % bound) })
      }
    }
    return inputs
  }
}
