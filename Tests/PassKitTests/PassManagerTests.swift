import Foundation
import GraphIR
import PassKit
import Testing

/// Removes identity nodes, rewiring their users: a minimal real pass for the manager tests.
struct DropIdentities: Pass {
  static let name = "drop-identities"
  static let summary = "Removes identity nodes."
  static let description = "x → identity → y → relu  becomes  x → relu"
  static let options = [PassOption("limit", default: "1000", help: "most nodes to remove")]
  var limit: Int

  init(options: PassOptions) { limit = options.int("limit") ?? 1000 }

  func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    var replaced: [ValueID: ValueID] = [:]
    var removed = 0
    graph.nodes = graph.nodes.compactMap { node in
      var node = node
      node.inputs = node.inputs.map { $0.map { replaced[$0] ?? $0 } }
      if node.op == .identity, removed < limit, let source = node.inputs.first ?? nil {
        replaced[node.outputs[0]] = source
        removed += 1
        return nil
      }
      return node
    }
    graph.outputs = graph.outputs.map { replaced[$0] ?? $0 }
    return [("nodes-removed", removed)]
  }
}

/// Breaks the graph on purpose: a node uses a value defined after it.
struct BreakOrder: Pass {
  static let name = "break-order"
  static let summary = "Reverses the nodes."
  static let description = ""
  init(options: PassOptions) {}
  func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    graph.nodes.reverse()
    return []
  }
}

struct PassManagerTests {
  static func chain() throws -> Graph {
    var graph = Graph(name: "chain")
    let x = graph.addValue("x", TensorType(.float32, [4]))
    graph.inputs = [x]
    let a = try graph.addNode("i1", .identity, inputs: [x], outputNames: ["a"])
    let b = try graph.addNode("r", .unary(.relu), inputs: [a[0]], outputNames: ["b"])
    let c = try graph.addNode("i2", .identity, inputs: [b[0]], outputNames: ["c"])
    graph.outputs = c
    return graph
  }

  @Test func recordsLatencyAroundEveryPass() throws {
    var graph = try Self.chain()
    var manager = PassManager(passes: [DropIdentities(options: PassOptions())]) { Double($0.nodes.count * 10) }
    manager.verifyEach = true
    let records = try manager.run(&graph)
    #expect(graph.nodes.count == 1)
    #expect(records.count == 1)
    #expect(records[0].cyclesBefore == 30 && records[0].cyclesAfter == 10)
    #expect(records[0].statistics.first?.value == 2)
  }

  @Test func verifyEachNamesThePassThatBrokeTheGraph() throws {
    var graph = try Self.chain()
    var manager = PassManager(passes: [BreakOrder(options: PassOptions())]) { _ in 0 }
    manager.verifyEach = true
    #expect(throws: PipelineError.self) { try manager.run(&graph) }
    do { _ = try manager.run(&graph) } catch { #expect(error.description.contains("after pass 'break-order'")) }
  }

  @Test func optionsAreCheckedAgainstTheDeclaration() throws {
    #expect(try DropIdentities.resolveOptions([("limit", "1")]).int("limit") == 1)
    #expect(throws: PipelineError.self) { try DropIdentities.resolveOptions([("limt", "1")]) }
    #expect(throws: PipelineError.self) { try DropIdentities.resolveOptions([("limit", "many")]) }
  }

  @Test func printsIRAfterChosenPasses() throws {
    var graph = try Self.chain()
    let printed = Box()
    var manager = PassManager(passes: [DropIdentities(options: PassOptions())]) { _ in 0 }
    manager.printIRAfter = ["drop-identities"]
    manager.printIR = { name, text in printed.append("\(name): \(text)") }
    _ = try manager.run(&graph)
    #expect(printed.lines.count == 1 && printed.lines[0].hasPrefix("drop-identities: graph"))
  }
}

/// A thread-safe list for the print callback.
final class Box: @unchecked Sendable {
  private var storage: [String] = []
  private let lock = NSLock()
  func append(_ line: String) { lock.withLock { storage.append(line) } }
  var lines: [String] { lock.withLock { storage } }
}
