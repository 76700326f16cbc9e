import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import Scheduler
import Simulator

/// Compiling a sample model or a hand-written graph down to the command stream the simulator
/// runs, with the analytical cost of every kernel beside it (shared by the validation tests).
enum SimValidation {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../onnx-samples").standardized

  struct Compiled {
    var accelerator: Accelerator
    var result: CompileResult
    var stream: CommandStream
    /// The analytical model's cost of each kernel, in stream order.
    var costs: [KernelCost]
  }

  static func compile(model: String, target: String, pipeline: String? = nil, overrides: [String] = []) throws
    -> Compiled
  {
    let graph = try ONNXImporter.importModel(at: samples.appendingPathComponent("\(model).onnx").path).graph
    return try compile(graph, for: try BuiltinTargets.load(target, overrides: overrides), pipeline: pipeline)
  }

  static func compile(_ graph: Graph, for accelerator: Accelerator, pipeline: String? = nil) throws -> Compiled {
    var options = CompileOptions(pipeline: pipeline)
    options.recordWallTime = false
    let result = try Compilation.compile(graph, for: accelerator, options: options)
    let stream = try Compilation.commandStream(result)
    let costs = result.program.entries.map(\.cost)
    return Compiled(accelerator: accelerator, result: result, stream: stream, costs: costs)
  }

  static func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1)
  }
}
