import Foundation
import GraphIR
import Testing

/// `GraphParser` rejects bad text with the line number and what is wrong.
@Suite("Parser errors")
struct ParserErrorTests {
  struct BadText: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    /// Expected start of the message, `line N: …`.
    var message: String
    var testDescription: String { name }
  }

  /// A valid graph with `line` as its line 4 (after input and constant).
  static func graph(line: String) -> String {
    """
    graph "g" {
      input %x: f32[1,4]
      const %c: f32[4] = splat 0x0000803f
    \(line)
      output %x
    }
    """
  }

  static let cases: [BadText] = [
    BadText(
      name: "unknown op", text: graph(line: #"  node "n" = frobnicate(%x) -> (%y: f32[1,4])"#),
      message: "line 4: unknown op 'frobnicate'"),
    BadText(
      name: "undefined value", text: graph(line: #"  node "n" = relu(%nope) -> (%y: f32[1,4])"#),
      message: "line 4: node 'n' uses undefined value 'nope'"),
    BadText(
      name: "undefined quoted value",
      text: graph(line: #"  node "n" = relu(%"onnx::Relu_1") -> (%y: f32[1,4])"#),
      message: "line 4: node 'n' uses undefined value 'onnx::Relu_1'"),
    BadText(
      name: "node output defined twice", text: graph(line: #"  node "n" = relu(%x) -> (%c: f32[4])"#),
      message: "line 4: value 'c' is defined twice"),
    BadText(
      name: "one node defines a value twice",
      text: graph(line: #"  node "n" = split(%x) -> (%a: f32[1,2], %a: f32[1,2]) {"axis":1,"sizes":[2,2]}"#),
      message: "line 4: value 'a' is defined twice"),
    BadText(
      name: "input defined twice", text: graph(line: "  input %x: f32[2]"),
      message: "line 4: value 'x' is defined twice"),
    BadText(
      name: "declared type disagrees with inference",
      text: graph(line: #"  node "n" = relu(%x) -> (%y: f32[1,5])"#),
      message: "line 4: node 'n': 'y' declared f32[1,5], inferred f32[1,4]"),
    BadText(
      name: "declared dtype disagrees with inference",
      text: graph(line: #"  node "n" = add(%x, %c) -> (%y: f16[1,4])"#),
      message: "line 4: node 'n': 'y' declared f16[1,4], inferred f32[1,4]"),
    BadText(
      name: "shape inference fails",
      text: graph(
        line: #"  node "n" = gemm(%c, %c) -> (%y: f32[]) {"alpha":1,"beta":1,"transA":false,"transB":false}"#),
      message: "line 4: node 'n': Gemm needs 2-D operands"),
    BadText(
      name: "shape inference rejects the inputs",
      text: graph(line: #"  node "n" = matMul(%x, %x) -> (%y: f32[1,1])"#),
      message: "line 4: node 'n': inner dimensions differ"),
    BadText(
      name: "elided constant data", text: graph(line: "  const %w: f32[1000] = dense <4000 bytes>"),
      message: "line 4: constant data was elided when printed"),
    BadText(
      name: "constant of the wrong size", text: graph(line: "  const %w: f32[2] = dense 0x0000803f"),
      message: "line 4: f32[2] needs 8 bytes, the data has 4"),
    BadText(
      name: "odd hex digits", text: graph(line: "  const %w: u8[1] = dense 0x123"),
      message: "line 4: odd number of hex digits"),
    BadText(
      name: "non-ASCII hex digits are not data",
      text: graph(line: "  const %w: u8[3] = dense 0x\u{FF11}\u{FF12}"),
      message: "line 4: u8[3] needs 3 bytes, the data has 0"),
    BadText(
      name: "constant kind", text: graph(line: "  const %w: u8[1] = sparse 0x12"),
      message: "line 4: expected 'splat' or 'dense'"),
    BadText(
      name: "garbage line", text: graph(line: "  @@@ garbage"), message: "line 4: expected a statement"),
    BadText(
      name: "unknown statement", text: graph(line: "  blah %x"), message: "line 4: unknown statement 'blah'"),
    BadText(
      name: "trailing text", text: graph(line: "  output %x extra"),
      message: "line 4: unexpected text after the statement"),
    BadText(
      name: "bad element type", text: graph(line: "  input %z: f31[2]"),
      message: "line 4: expected an element type"),
    BadText(
      name: "negative extent", text: graph(line: "  input %z: f32[-1]"), message: "line 4: expected ']'"),
    BadText(
      name: "bad attributes", text: graph(line: #"  node "n" = transpose(%x) -> (%y: f32[4,1]) {"perm":[1,"#),
      message: #"line 4: bad attributes for 'transpose': {"perm":[1,"#),
    BadText(
      name: "missing attributes", text: graph(line: #"  node "n" = transpose(%x) -> (%y: f32[4,1])"#),
      message: "line 4: op 'transpose' needs attributes"),
    BadText(
      name: "undefined output", text: graph(line: "  output %y"), message: "line 4: output 'y' is undefined"),
    BadText(
      name: "unterminated string", text: graph(line: #"  node "n = relu(%x)"#),
      message: "line 4: unterminated string"),
    BadText(
      name: "statement after the closing brace", text: "graph \"g\" {\n}\n  input %x: f32[1]\n",
      message: "line 3: statement outside a graph"),
    BadText(name: "second graph", text: "graph \"g\" {\ngraph \"h\" {\n}\n", message: "line 2: second graph"),
  ]

  @Test("bad lines", arguments: cases)
  func badLine(_ c: BadText) {
    let error = #expect(throws: IRError.self, "\(c.name)") { try GraphParser.parse(c.text) }
    guard let error else { return }
    #expect(error.message.hasPrefix(c.message), "\(c.name): message was '\(error.message)'")
  }

  @Test("text without a closed graph")
  func unclosed() {
    #expect(throws: IRError("missing 'graph \"name\" {' … '}'")) {
      try GraphParser.parse("graph \"g\" {\n  input %x: f32[1]\n")
    }
    #expect(throws: IRError("missing 'graph \"name\" {' … '}'")) { try GraphParser.parse("") }
  }

  @Test("printing with elided constants gives text the parser rejects at the constant's line")
  func elidedRoundTrip() throws {
    var graph = Graph(name: "big")
    let x = graph.addValue("x", f32(256))
    graph.inputs = [x]
    let w = graph.addConstant("w", try Tensor(.float32, [256], doubles: (0..<256).map(Double.init)))
    graph.outputs = try graph.addNode("add", .binary(.add), inputs: [x, w], outputNames: ["y"])
    let text = graph.printed(elideConstantsOver: 64)
    #expect(text.contains("const %w: f32[256] = dense <1024 bytes>"))
    let error = #expect(throws: IRError.self) { try GraphParser.parse(text) }
    #expect(error?.message.hasPrefix("line 3: constant data was elided") == true, "\(error?.message ?? "")")
  }

  @Test("windows line endings parse like unix ones")
  func crlf() throws {
    let text = Self.graph(line: #"  node "n" = relu(%x) -> (%y: f32[1,4])"#)
    let graph = try GraphParser.parse(text.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(graph.printed() == (try GraphParser.parse(text)).printed())
  }
}
