import ArgumentParser

@main
struct Tessera: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tessera",
    abstract: "A deep-learning compiler backend with an integrated accelerator timing model.",
    discussion: """
      Imports ONNX models into a statically shaped graph IR. Start with:
        tessera inspect onnx-samples/resnet50.onnx
      """,
    subcommands: [Inspect.self, Estimate.self, Compile.self, Run.self, Compare.self, Passes.self, Targets.self])
}

/// An error for the user: printed as one line, exit code 1.
struct UserError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
