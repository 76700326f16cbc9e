import Compiler
import CostModel
import Testing

struct ScaleSimTopologyTests {
  @Test func convRowsUseSCALESimConventions() throws {
    let text = """
      Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
      Conv1, 224, 224, 11, 11, 3, 96, 4,
      Dw_DP, 10, 10, 3, 3, 4, 4, 1,
      """
    let topology = try ScaleSimTopology.parse(text, file: "t.csv")
    #expect(topology.kind == .conv)
    // Ceiling output size: (224 − 11)/4 rounds up to 54, plus 1 → 55×55.
    #expect(topology.layers[0].gemm == GEMMShape(m: 55 * 55, n: 96, k: 363))
    // Depthwise rows expand into one single-channel layer per channel.
    #expect(topology.layers.count == 5)
    #expect(
      topology.layers[1] == ScaleSimTopology.Layer(name: "Dw_DP_0", gemm: GEMMShape(m: 64, n: 1, k: 9), ifmapWords: 100)
    )
  }

  @Test func gemmRowsAreTakenAsIs() throws {
    let topology = try ScaleSimTopology.parse("Layer Name, M, N, K,\nL0,196,192,384,\n", file: "g.csv")
    #expect(topology.kind == .gemm)
    #expect(topology.layers == [ScaleSimTopology.Layer(name: "L0", gemm: GEMMShape(m: 196, n: 192, k: 384))])
  }

  @Test(arguments: [
    ("", "empty"),
    ("a, b, c,\n", "expected 8 (conv) or 4"),
    ("Layer Name, M, N, K,\nL0, 0, 4, 4,\n", "an integer in 1…16777216"),
    // Regressions: legal-looking rows whose products saturated (MACs printed as Int.max).
    ("Layer Name, M, N, K,\nL0, 16777216, 16777216, 16777216,\n", "too large"),
    ("Layer name, H, W, Fh, Fw, C, NF, S,\nC1, 60000, 60000, 3, 3, 60000, 60000, 1,\n", "too large"),
    ("Layer name, H, W, Fh, Fw, C, NF, S,\nDP1, 8, 8, 3, 3, 16777216, 16777216, 1,\n", "too large"),
    ("Layer Name, M, N, K,\nL0, 4, 4,\n", "3 values, expected 4"),
    ("Layer Name, M, N, K,\nL0, x, 4, 4,\nL1, 1, -2, 4,\n", "line 3"),
    ("Layer name, H, W, Fh, Fw, C, NF, S,\nC1, 2, 2, 3, 3, 1, 1, 1,\n", "larger than the input"),
    ("Layer Name, M, N, K,\n", "no layers"),
  ])
  func badTopologiesAreRejected(_ text: String, _ mention: String) {
    #expect {
      try ScaleSimTopology.parse(text, file: "bad.csv")
    } throws: { error in
      "\(error)".hasPrefix("bad.csv: ") && "\(error)".contains(mention)
    }
  }
}
