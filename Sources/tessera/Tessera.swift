import ArgumentParser

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
    subcommands: [
      Inspect.self, Estimate.self, Compile.self, Simulate.self, Run.self, Compare.self, Calibrate.self, Excite.self,
      Passes.self,
      Targets.self,
    ])
}

/// An error for the user: printed as one line, exit code 1.
struct UserError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
