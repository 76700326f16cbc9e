import GraphIR
import Testing

/// `Graph.zeroFractions`: rectifiers zero half of what is not zero, max pooling keeps a zero
/// only when its whole window is, relabelling keeps zeros, everything else is dense.
struct ZeroFractionTests {
  static let text = """
    graph "z" {
      input %x: f32[1,2,4,4]
      node "r1" = relu(%x) -> (%r1: f32[1,2,4,4])
      node "r2" = relu(%r1) -> (%r2: f32[1,2,4,4])
      node "p" = maxPool(%r1) -> (%p: f32[1,2,2,2]) {"ceilMode":false,"countIncludePad":false,"dilations":[1,1],"kernelShape":[2,2],"pads":[0,0,0,0],"strides":[2,2]}
      node "f" = flatten(%r1) -> (%f: f32[1,32]) {"axis":1}
      node "n" = neg(%r1) -> (%n: f32[1,2,4,4])
      output %r2
      output %p
      output %f
      output %n
    }

    """

  @Test(arguments: [("r1", 0.5), ("r2", 0.75), ("p", 0.0625), ("f", 0.5), ("n", 0), ("x", 0)])
  func expectedZeros(_ value: String, _ fraction: Double) throws {
    let graph = try GraphParser.parse(Self.text)
    let id = try #require(graph.values.indices.first { graph.values[$0].name == value })
    #expect(abs(graph.zeroFractions()[id] - fraction) < 1e-12)
  }
}
