import Foundation
import GraphIR
import PassKit
import Testing

/// Removes identity nodes, rewiring their users: a minimal real pass for the manager tests.
struct DropIdentities: Pass {
  static let name = "drop-identities"
  static let summary = "Removes identity nodes."
  static let description = "x → identity → y → relu  becomes  x → relu"
  static let options: [PassOption] = [
    .integer("limit", default: 1000, in: 0...1_000_000, help: "most nodes to remove"),
    .number("share", default: 0.5, in: 0...1, help: "unused"),
    .choice("order", default: "forward", from: ["forward", "backward"], help: "unused"),
  ]
  static let statistics = [PassStatistic("nodes-removed", "identities dropped")]
  var limit: Int

  init(options: PassOptions) { limit = options.integer("limit") }

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
  func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    graph.nodes.reverse()
    return []
  }
}

/// Reports a statistic it does not declare.
struct CountsUndeclared: Pass {
  static let name = "counts-undeclared"
  static let summary = "Reports an undeclared statistic."
  static let description = ""
  func run(on graph: inout Graph) throws(IRError) -> PassStatistics { [("surprise", 1)] }
}

/// Records the order its hooks run in.
struct Journal: PassInstrumentation {
  var label: String
  var box: Box
  func beforePass(_ pass: String, _ graph: Graph) throws(PipelineError) { box.append("\(label) before \(pass)") }
  func afterPass(_ pass: String, _ graph: Graph, _ record: inout PassRecord) throws(PipelineError) {
    box.append("\(label) after \(pass)")
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

  static let drop = { () -> DropIdentities in
    guard let options = try? DropIdentities.resolveOptions() else { preconditionFailure("defaults resolve") }
    return DropIdentities(options: options)
  }()

  @Test func recordsLatencyAndWallTimeAroundEveryPass() throws {
    var graph = try Self.chain()
    var manager = PassManager(
      passes: [Self.drop],
      instrumentations: [LatencyPricing { Double($0.nodes.count * 10) }, PassVerifier(), PassTiming()])
    let records = try manager.run(&graph)
    #expect(graph.nodes.count == 1)
    #expect(records.count == 1)
    #expect(records[0].cyclesBefore == 30 && records[0].cyclesAfter == 10)
    #expect(records[0].statistics.first?.value == 2)
    #expect(records[0].wallMilliseconds > 0)
  }

  @Test func withoutInstrumentationsNothingIsMeasured() throws {
    var graph = try Self.chain()
    var manager = PassManager(passes: [Self.drop])
    let records = try manager.run(&graph)
    #expect(records[0].cyclesBefore == 0 && records[0].wallMilliseconds == 0)
  }

  @Test func afterHooksRunInReverseOrder() throws {
    var graph = try Self.chain()
    let box = Box()
    var manager = PassManager(
      passes: [Self.drop], instrumentations: [Journal(label: "a", box: box), Journal(label: "b", box: box)])
    _ = try manager.run(&graph)
    #expect(
      box.lines == [
        "a before drop-identities", "b before drop-identities", "b after drop-identities", "a after drop-identities",
      ])
  }

  @Test func verifierNamesThePassThatBrokeTheGraph() throws {
    var graph = try Self.chain()
    var manager = PassManager(passes: [BreakOrder()], instrumentations: [PassVerifier()])
    #expect(throws: PipelineError.self) { try manager.run(&graph) }
    graph = try Self.chain()
    do { _ = try manager.run(&graph) } catch { #expect(error.description.contains("after pass 'break-order'")) }
  }

  @Test func undeclaredStatisticsAreAnError() throws {
    var graph = try Self.chain()
    var manager = PassManager(passes: [CountsUndeclared()])
    do {
      _ = try manager.run(&graph)
      Issue.record("an undeclared statistic was accepted")
    } catch { #expect(error.description.contains("undeclared statistic 'surprise'")) }
  }

  @Test func optionsAreTypedWithDefaults() throws {
    let defaults = try DropIdentities.resolveOptions()
    #expect(defaults.integer("limit") == 1000 && defaults.number("share") == 0.5)
    let given = try DropIdentities.resolveOptions([("limit", "1"), ("share", "0.25"), ("order", "backward")])
    #expect(given.integer("limit") == 1 && given.number("share") == 0.25)
    #expect(DropIdentities.options.map(\.defaultText) == ["1000", "0.5", "forward"])
  }

  @Test(arguments: [
    ("limt", "1", "has no option 'limt'"), ("limit", "many", "must be an integer"),
    ("limit", "-1", "must be in 0…1000000"), ("limit", "99999999999999999999", "must be an integer"),
    ("share", "2", "must be in 0…1"), ("share", "nan", "must be a number"), ("order", "up", "must be one of"),
  ])
  func badOptionsAreNamed(key: String, value: String, message: String) {
    do {
      _ = try DropIdentities.resolveOptions([(key, value)])
      Issue.record("\(key)=\(value) was accepted")
    } catch { #expect(error.description.contains(message)) }
  }

  @Test func printsIRAfterChosenPasses() throws {
    var graph = try Self.chain()
    let printed = Box()
    var manager = PassManager(
      passes: [Self.drop],
      instrumentations: [IRPrinter(after: ["drop-identities"]) { name, text in printed.append("\(name): \(text)") }])
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
