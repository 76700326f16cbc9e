import Foundation
import GraphIR
import PassKit
import TesseraTestSupport
import Testing
import Transforms

/// IR in, IR out: each pass runs on a small textual graph; the result is a golden file.
struct CanonicalizeTests {
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static func input(_ name: String) throws -> Graph {
    try GraphParser.parse(String(contentsOf: golden.appendingPathComponent("\(name).input.tessera"), encoding: .utf8))
  }

  @Test func foldsConstantsAndRemovesNoOpsAndDeadCode() throws {
    var graph = try Self.input("canonicalize")
    let statistics = try CanonicalizePass(options: PassOptions(), target: .testSystolic).run(on: &graph)
    try graph.verify()
    Golden.check(graph.printed(), matches: "canonicalize.output.tessera")
    let counts = Dictionary(uniqueKeysWithValues: statistics.map { ($0.name, $0.value) })
    #expect(counts["constants-folded"] == 1)
    #expect(counts["no-ops-removed"] == 3)
    #expect(graph.nodes.map(\.name) == ["scale", "r", "keep"])
  }

  @Test func isIdempotent() throws {
    var graph = try Self.input("canonicalize")
    let pass = CanonicalizePass(options: PassOptions(), target: .testSystolic)
    _ = try pass.run(on: &graph)
    let once = graph.printed()
    _ = try pass.run(on: &graph)
    #expect(graph.printed() == once)
  }
}
