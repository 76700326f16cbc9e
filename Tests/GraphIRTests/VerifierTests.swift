import GraphIR
import Testing

/// `Graph.verify()` finds broken structure and names where it is.
@Suite("Verifier")
struct VerifierTests {
  /// input x → conv(x, w) → y → relu → z (output); values x=v0, w=v1, y=v2, z=v3.
  static func graph() throws -> Graph {
    var graph = Graph(name: "verify")
    let x = graph.addValue("x", f32(1, 2, 4, 4))
    graph.inputs = [x]
    let w = graph.addConstant("w", .splat(.float32, [3, 2, 1, 1], 0.5))
    let y = try graph.addNode(
      "conv", .conv(convAttributes(kernel: [1, 1])), inputs: [x, w, nil], outputNames: ["y"])
    graph.outputs = try graph.addNode("relu", .unary(.relu), inputs: y, outputNames: ["z"])
    return graph
  }

  static let (x, w, y, z) = (ValueID(0), ValueID(1), ValueID(2), ValueID(3))

  struct BrokenCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The node (or constant) the error must name.
    var culprit: String
    var message: String
    var breakGraph: @Sendable (inout Graph) -> Void
    var testDescription: String { name }
  }

  static let cases: [BrokenCase] = [
    BrokenCase(name: "dangling input", culprit: "relu", message: "input refers to a missing value v99") {
      $0.nodes[1].inputs = [ValueID(99)]
    },
    BrokenCase(name: "input never defined", culprit: "relu", message: "input 'ghost' is never defined") {
      let ghost = $0.addValue("ghost", f32(1, 3, 4, 4))
      $0.nodes[1].inputs = [ghost]
    },
    BrokenCase(name: "use before definition", culprit: "relu", message: "input 'y' is produced later") {
      $0.nodes.swapAt(0, 1)
    },
    BrokenCase(
      name: "self cycle", culprit: "relu", message: "input 'z' is produced later (a cycle or unsorted nodes)"
    ) {
      $0.nodes[1].inputs = [z]
    },
    BrokenCase(name: "two-node cycle", culprit: "conv", message: "input 'z' is produced later") {
      $0.nodes[0].inputs[0] = z
    },
    BrokenCase(name: "output defined twice by nodes", culprit: "relu", message: "value 'y' is defined twice") {
      $0.nodes[1].outputs = [y]
    },
    BrokenCase(name: "node redefines a graph input", culprit: "relu", message: "value 'x' is defined twice") {
      $0.nodes[1].outputs = [x]
    },
    BrokenCase(name: "node output is a constant", culprit: "conv", message: "value 'w' is defined twice") {
      $0.nodes[0].outputs = [w]
    },
    BrokenCase(
      name: "stored shape differs from inference", culprit: "relu",
      message: "output 'z' is f32[1,3,4,5] but its inputs give f32[1,3,4,4]"
    ) {
      $0[z].type = f32(1, 3, 4, 5)
    },
    BrokenCase(
      name: "stored dtype differs from inference", culprit: "conv",
      message: "output 'y' is f16[1,3,4,4] but its inputs give f32[1,3,4,4]"
    ) {
      $0[y].type = f16(1, 3, 4, 4)
    },
    BrokenCase(name: "inference rejects the inputs", culprit: "conv", message: "input has 5 channels") {
      $0[x].type = f32(1, 5, 4, 4)
    },
    BrokenCase(name: "required input absent", culprit: "conv", message: "Conv input 0 is required") {
      $0.nodes[0].inputs[0] = nil
    },
    BrokenCase(
      name: "constant tensor differs from its value type", culprit: "w",
      message: "constant 'w' holds f32[3,2,1,2] but is declared f32[3,2,1,1]"
    ) {
      $0.constants[w] = .splat(.float32, [3, 2, 1, 2], 0.5)
    },
  ]

  @Test("broken graphs", arguments: cases)
  func broken(_ c: BrokenCase) throws {
    var graph = try Self.graph()
    c.breakGraph(&graph)
    let error = #expect(throws: IRError.self, "\(c.name)") { try graph.verify() }
    guard let error else { return }
    #expect(error.message.contains(c.message), "\(c.name): message was '\(error.description)'")
    #expect(
      error.description.contains("'\(c.culprit)'"),
      "\(c.name): '\(error.description)' does not name \(c.culprit)")
  }

  @Test("the error names the node in its node field when the node is at fault", arguments: ["relu", "conv"])
  func nodeField(_ name: String) throws {
    var graph = try Self.graph()
    let index = graph.nodes.firstIndex { $0.name == name } ?? 0
    graph.nodes[index].inputs[0] = ValueID(99)
    let error = #expect(throws: IRError.self) { try graph.verify() }
    #expect(error?.node == name)
  }

  @Test("graph-level errors")
  func graphLevel() throws {
    var graph = try Self.graph()
    graph.outputs = [ValueID(42)]
    #expect(throws: IRError("graph output v42 is never defined")) { try graph.verify() }
    graph = try Self.graph()
    graph.inputs.append(ValueID(50))
    #expect(throws: IRError("graph input refers to a missing value v50")) { try graph.verify() }
  }

  @Test("a well-formed graph verifies")
  func valid() throws {
    try Self.graph().verify()
  }
}
