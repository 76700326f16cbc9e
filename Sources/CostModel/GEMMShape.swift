import GraphIR

/// A matrix product `[M×K]·[K×N]`: the loop bounds a MAC array sees, whatever the framework op.
public struct GEMMShape: Hashable, Codable, Sendable, CustomStringConvertible {
  /// Output rows (for a convolution: output pixels).
  public var m: Int
  /// Output columns (for a convolution: filters).
  public var n: Int
  /// Reduction length (for a convolution: the window, kernel·kernel·channels).
  public var k: Int

  public init(m: Int, n: Int, k: Int) {
    self.m = m
    self.n = n
    self.k = k
  }

  public var macs: Int { saturatingMultiply(saturatingMultiply(m, n), k) }
  public var description: String { "\(m)×\(n)×\(k)" }
}
