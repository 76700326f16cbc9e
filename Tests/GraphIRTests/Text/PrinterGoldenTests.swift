import Foundation
import GraphIR
import TesseraTestSupport
import Testing

/// The printed form of small graphs is pinned, and printing then parsing is the identity.
@Suite("Printer and parser round trip")
struct PrinterGoldenTests {
  @Test("printed text matches the golden file", arguments: GoldenGraph.all)
  func golden(_ c: GoldenGraph) throws {
    let graph = try c.build()
    try graph.verify()
    Golden.check(graph.printed(), matches: c.file)
  }

  @Test("parse then print gives the same text, and the parsed graph verifies", arguments: GoldenGraph.all)
  func roundTrip(_ c: GoldenGraph) throws {
    let original = try c.build()
    let text = original.printed()
    let parsed = try GraphParser.parse(text)
    try parsed.verify()
    if let diff = Golden.unifiedDiff(
      expected: text, actual: parsed.printed(), expectedName: "printed", actualName: "reprinted")
    {
      Issue.record("\(c.file) does not round-trip:\n\(diff)")
    }
    #expect(parsed.name == original.name)
    #expect(parsed.nodes.map(\.op) == original.nodes.map(\.op))
    #expect(parsed.inputs.map { parsed[$0] } == original.inputs.map { original[$0] })
    #expect(parsed.outputs.map { parsed[$0] } == original.outputs.map { original[$0] })
    let constants = { (graph: Graph) in
      graph.constantIDs.map { ConstantEntry(name: graph[$0].name, tensor: graph.constants[$0]) }
    }
    #expect(constants(parsed) == constants(original))
  }

  @Test("golden files parse and print back unchanged", arguments: GoldenGraph.all)
  func goldenFileParses(_ c: GoldenGraph) throws {
    let folder = try #require(Golden.folder(above: #filePath))
    guard let text = try? String(contentsOf: folder.appendingPathComponent(c.file), encoding: .utf8) else {
      Issue.record("missing Golden/\(c.file)")
      return
    }
    let graph = try GraphParser.parse(text)
    try graph.verify()
    #expect(graph.printed() == text)
  }

  @Test("large dense constants can be elided, splats never are")
  func elision() throws {
    let text = try GoldenGraph.lenet().printed(elideConstantsOver: 16)
    #expect(text.contains("const %conv1.weight: f32[2,1,3,3] = dense <72 bytes>"))
    #expect(text.contains("const %fc.weight: f32[4,18] = splat 0x0000003f"))
    #expect(text.contains("const %fc.bias: f32[4] = dense 0x0000803f000080bf0000003f00000000"))
  }

  struct ConstantEntry: Equatable {
    var name: String
    var tensor: Tensor?
  }
}
