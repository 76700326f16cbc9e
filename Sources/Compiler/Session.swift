import Foundation
import GraphIR
import HardwareModel
import ONNXImport

/// An imported ONNX model: its graph and what the file declared.
public typealias Model = ImportedModel

/// A compiler session on one target (a built-in name or a target file, with `--set`
/// overrides): the steps that take a model to reports — import → passes → kernel program →
/// schedule → simulation → numerics. The `tessera` command line is a layer of flags over it.
public struct Session: Sendable {
  public let accelerator: Accelerator

  /// Loads and validates the target; every problem is one error naming the key.
  public init(target: String, overrides: [String] = []) throws(CompileError) {
    do { accelerator = try BuiltinTargets.loadChecked(target, overrides: overrides) } catch {
      throw CompileError(error.description)
    }
  }

  public static var builtinTargets: [String] { BuiltinTargets.names }
  /// One line: the target's units, memories and clock.
  public var targetSummary: String { accelerator.summary }
  /// The resolved target as a target file (loading it gives the same target).
  public var targetYAML: String { AcceleratorWriter.yaml(accelerator) + areaComment }

  /// The target's area as a YAML comment (`targets show`): the total and each part.
  public var areaComment: String {
    let area = accelerator.areaBreakdown
    let parts = area.parts.filter { $0.mm2 > 0 }.map { "\($0.name) \(String(format: "%.3f", $0.mm2))" }
    return String(format: "# area: %.3f mm² at %g nm", area.totalMM2, accelerator.technologyNm)
      + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")") + "\n"
  }

  /// Imports an ONNX model. `inputShapes` are `NAME=4x3x224x224` settings, `batch` sets axis 0
  /// of every batched input, `randomWeights` replaces placeholder weights by seeded values.
  public static func importModel(
    _ path: String, inputShapes: [String] = [], batch: Int? = nil, randomWeights: UInt64? = nil
  ) throws(CompileError) -> ImportedModel {
    let shapes: [String: Shape]
    do { shapes = try InputShapeParser.parse(inputShapes) } catch { throw CompileError(error.description) }
    var imported: ImportedModel
    do {
      imported = try ONNXImporter.importModel(at: path, options: ImportOptions(inputShapes: shapes, batch: batch))
    } catch { throw CompileError(error.description) }
    if let randomWeights { imported.graph = imported.graph.materializingWeights(seed: randomWeights) }
    return imported
  }

  /// The model priced with the default lowering (every op its own kernel): the baseline.
  public func estimate(_ model: ImportedModel) throws(CompileError) -> EstimateReport {
    do { return try EstimateReport(graph: model.graph, accelerator: accelerator) } catch {
      throw CompileError("\(error.description) (target \(accelerator.name))")
    }
  }

  /// Runs the pipeline and builds the kernel program and its schedule.
  public func compile(_ model: ImportedModel, options: CompileOptions = CompileOptions()) throws(CompileError)
    -> CompileResult
  {
    try Compilation.compile(model.graph, for: accelerator, options: options)
  }

  /// Calibration samples for `quantize{calibration=…}`: `directory` holds input_N.pb files,
  /// or folders of them (one sample each).
  public static func calibrationSamples(_ directory: String, for model: ImportedModel) throws(CompileError)
    -> CompileOptions.Samples
  {
    let names = model.graph.inputs.map { model.graph[$0].name }
    do { return try ModelRun.loadSamples(directory, graphInputs: names) } catch {
      throw CompileError(error.description)
    }
  }

  /// The compiled graph as an ONNX model (QDQ form when quantized).
  public static func exportONNX(_ result: CompileResult) throws(CompileError) -> Data {
    do { return try ONNXExporter.export(result.graph) } catch { throw CompileError(error.description) }
  }

  /// The opset exported models declare.
  public static var exportOpset: Int { ONNXExporter.opset }
}
