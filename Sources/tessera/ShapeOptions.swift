import ArgumentParser
import Compiler

/// `--input-shape` and `--batch`, shared by every command that imports a model.
struct ShapeOptions: ParsableArguments {
  @Option(
    name: .customLong("input-shape"),
    help: ArgumentHelp(
      "Set an input's shape, NAME=4x3x227x227 (repeatable); binds symbolic dimensions and may change fixed ones.",
      valueName: "name=dims"))
  var inputShapes: [String] = []

  @Option(help: "Set the batch: axis 0 of every input of rank ≥ 2 whose axis 0 is symbolic or 1.")
  var batch: Int?

  /// Imports the ONNX model at `path`; errors become one line for the user.
  func importModel(_ path: String, randomWeights: UInt64? = nil) throws -> Model {
    do {
      return try Session.importModel(path, inputShapes: inputShapes, batch: batch, randomWeights: randomWeights)
    } catch {
      throw UserError(error.description)
    }
  }
}
