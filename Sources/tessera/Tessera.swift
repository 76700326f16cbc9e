import ArgumentParser
import Compiler

@main
struct Tessera: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tessera",
    abstract: "A deep-learning compiler backend with an integrated accelerator timing model.",
    discussion: """
      Compiles ONNX models for modeled accelerators and prices every pass with a timing model. \
      Start with:
        tessera inspect onnx-samples/resnet50.onnx
        tessera compile onnx-samples/resnet50.onnx --target gemmini
      """,
    version: ToolVersion.current,
    subcommands: [
      Inspect.self, Estimate.self, Compile.self, Simulate.self, Run.self, Compare.self, Explore.self, Report.self,
      NodeTests.self,
      Calibrate.self,
      Excite.self,
      Passes.self,
      Targets.self,
    ])
}

extension Tessera {
  /// ArgumentParser's entry, with one change: an error a command throws is printed with
  /// every line cut to 500 characters and at most 60 lines (a hostile input must not be
  /// echoed back whole), exit code 1.
  static func main() {
    var command: ParsableCommand
    do { command = try parseAsRoot() } catch { exit(withError: error) }
    do { try command.run() } catch {
      // The parser's own errors and exits (help, usage, validation) print as it prints them.
      guard !String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") else { exit(withError: error) }
      exit(withError: UserError(clipped: "\(error)"))
    }
  }
}

/// An error for the user: printed as one line, exit code 1.
struct UserError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }

  /// `text` with lines over 500 characters cut and at most 60 lines kept.
  init(clipped text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var kept = lines.prefix(60).map { $0.count > 500 ? $0.prefix(400) + "… (\($0.count) characters)" : String($0) }
    if lines.count > 60 { kept.append("… and \(lines.count - 60) more lines") }
    description = kept.joined(separator: "\n")
  }
}
