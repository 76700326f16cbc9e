import GraphIR
import Testing

struct NodeScheduleTests {
  static let text = """
    graph "s" {
      input %x: f32[2,3]
      node "a" = relu(%x) -> (%a: f32[2,3])
      schedule {"kernel":"k1","layout":"NHWC"}
      node "b" = neg(%a) -> (%b: f32[2,3])
      schedule {"kernel":"k1","tile":{"k":1,"m":2,"n":3,"order":"mnk"},"unit":"host"}
      node "c" = neg(%b) -> (%c: f32[2,3])
      output %c
    }

    """

  @Test func schedulesRoundTripThroughText() throws {
    let graph = try GraphParser.parse(Self.text)
    #expect(graph.nodes[0].schedule == NodeSchedule(kernel: "k1", layout: .nhwc))
    #expect(graph.nodes[1].schedule.tile == Tile(m: 2, n: 3, k: 1, order: "mnk"))
    #expect(graph.nodes[2].schedule.isEmpty)
    #expect(graph.printed() == Self.text)
    try graph.verify()
  }

  @Test func kernelsMustBeContiguous() throws {
    var graph = try GraphParser.parse(Self.text)
    graph.nodes[1].schedule.kernel = nil
    graph.nodes[2].schedule.kernel = "k1"
    #expect { try graph.verify() } throws: { "\($0)".contains("kernel 'k1' is not contiguous") }
  }

  @Test func aScheduleLineNeedsItsNode() {
    let text = Self.text.replacingOccurrences(
      of: "  input %x: f32[2,3]\n", with: "  input %x: f32[2,3]\n  schedule {}\n")
    #expect { try GraphParser.parse(text) } throws: { "\($0)".contains("must follow the node") }
  }

  @Test func badTilesAreRejected() {
    let text = Self.text.replacingOccurrences(of: "\"order\":\"mnk\"", with: "\"order\":\"mmk\"")
    #expect { try GraphParser.parse(text) } throws: { "\($0)".contains("loop order") }
  }
}

/// A schedule's layout is checked when the IR is parsed.
@Test func unknownLayoutsAreRejected() {
  let text = NodeScheduleTests.text.replacingOccurrences(of: "\"NHWC\"", with: "\"NHCW\"")
  #expect { try GraphParser.parse(text) } throws: { "\($0)".contains("bad schedule") }
}
