import ArgumentParser
import Compiler

struct Targets: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the built-in accelerator targets, or print one as a target file.",
    discussion: """
      Examples:
        tessera targets
        tessera targets show gemmini
        tessera targets show systolic --set compute.array.rows=128 > my-array.yaml
      The printed YAML is a valid target file: pass it to --target and it gives identical results.
      """,
    subcommands: [List.self, Show.self], defaultSubcommand: List.self)

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "One line per built-in target.")

    func run() throws {
      var table = TextTableRows()
      for name in Session.builtinTargets { table.append(name, try session(name, overrides: []).targetSummary) }
      print(table.render(), terminator: "")
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a target's resolved YAML.")

    @Argument(help: "A built-in target name or a target YAML file.")
    var target: String

    @Option(name: .customLong("set"), help: "Override a parameter, path=value (repeatable), e.g. compute.mesh.rows=32.")
    var overrides: [String] = []

    func run() throws {
      print(try session(target, overrides: overrides).targetYAML, terminator: "")
    }
  }
}

/// A session on a target for the CLI: every validation problem becomes one user error.
func session(_ target: String, overrides: [String]) throws -> Session {
  do { return try Session(target: target, overrides: overrides) } catch { throw UserError(error.description) }
}

/// Two aligned columns.
struct TextTableRows {
  private var rows: [(String, String)] = []
  mutating func append(_ a: String, _ b: String) { rows.append((a, b)) }
  func render() -> String {
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
      + "\n"
  }
}
