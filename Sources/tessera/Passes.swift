import ArgumentParser
import Compiler

struct Passes: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the compiler's passes and pipelines, or describe one pass.",
    discussion: """
      Examples:
        tessera passes
        tessera passes tile
      """)

  @Argument(help: "A pass to describe (its summary, description with an example, options).")
  var name: String?

  func run() throws {
    guard let name else {
      var table = TextTable(headers: ["pass", "summary"])
      for pass in PassRegistry.passes { table.add([pass.name, pass.summary]) }
      print(table.render(), terminator: "")
      print("\npipelines: \(BuiltinPipelines.names.joined(separator: ", "))")
      return
    }
    guard let help = PassRegistry.help(name) else {
      let known = PassRegistry.passes.map { $0.name }.joined(separator: ", ")
      throw UserError("unknown pass '\(name)' (passes: \(known))")
    }
    print(help, terminator: "")
  }
}
