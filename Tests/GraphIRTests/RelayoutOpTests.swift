import GraphIR
import Testing

/// `relayout`: a physical layout change, the identity on values.
struct RelayoutOpTests {
  static let text = """
    graph "r" {
      input %x: f32[1,4,2,2]
      node "to_nhwc" = relayout(%x) -> (%y: f32[1,4,2,2]) {"from":"NCHW","to":"NHWC"}
      schedule {"layout":"NHWC"}
      output %y
    }

    """

  @Test func roundTripsThroughTextAndInfersTheIdentity() throws {
    let graph = try GraphParser.parse(Self.text)
    try graph.verify()
    #expect(graph.printed() == Self.text)
    #expect(graph.nodes[0].op == .relayout(RelayoutAttributes(from: .nchw, to: .nhwc)))
    #expect(graph.nodes[0].op.isDataMovement)
    let type = TensorType(.int8, [1, 32, 7, 7])
    #expect(
      try Op.relayout(RelayoutAttributes(from: .nchw, to: .channelBlocked(32))).inferOutputTypes([type]) == [type])
  }

  @Test func needsTwoKnownLayoutsAndOneInput() {
    let x = TensorType(.float32, [1, 4, 2, 2])
    #expect { try GraphParser.parse(Self.text.replacingOccurrences(of: "\"NHWC\"", with: "\"NWHC\"")) } throws: {
      "\($0)".contains("bad attributes for 'relayout'")
    }
    #expect { try Op.relayout(RelayoutAttributes(from: .nchw, to: .nhwc)).inferOutputTypes([x, x]) } throws: {
      "\($0)".contains("takes 1 inputs")
    }
    #expect { try GraphParser.parse(Self.text.replacingOccurrences(of: "{\"from\":\"NCHW\",", with: "{")) } throws: {
      "\($0)".contains("bad attributes for 'relayout'")
    }
  }

  /// Constants are logical tensors: relayouting one gives the same tensor.
  @Test func foldsToItsInput() throws {
    let tensor = try Tensor(float32: [1, 2, 1, 2], [1, 2, 3, 4])
    let folded = ConstantFolder.fold(
      .relayout(RelayoutAttributes(from: .nchw, to: .nhwc)), [tensor], outputTypes: [tensor.type])
    #expect(folded == [tensor])
  }
}
