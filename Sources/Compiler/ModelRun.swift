import Foundation
import GraphIR
import Interpreter
import ONNXImport

/// Running a model on the reference interpreter: loading input tensors, importing the model
/// for those inputs, comparing outputs with expected ones.
public enum ModelRun {
  /// Input tensors by graph-input name, from `NAME=FILE` pairs and/or a test-data folder
  /// (`input_N.pb` / `input_N.npy`, matched by stored name, else by position).
  public static func loadInputs(
    _ pairs: [String], directory: String?, graphInputs: [String]
  ) throws(TensorFileError) -> [String: Tensor] {
    var tensors: [String: Tensor] = [:]
    if let directory {
      let files = numberedFiles("input", in: directory)
      for (position, file) in files.enumerated() {
        let (storedName, tensor) = try TensorFile.read(file)
        let name = storedName.flatMap { graphInputs.contains($0) ? $0 : nil } ?? graphInputs[safe: position]
        guard let name else { throw TensorFileError("\(file): the model has only \(graphInputs.count) inputs") }
        tensors[name] = tensor
      }
      if files.isEmpty && pairs.isEmpty && !graphInputs.isEmpty {
        throw TensorFileError("\(directory): no input_N.pb or input_N.npy files")
      }
    }
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw TensorFileError("--input \(pair): expected NAME=FILE")
      }
      let name = String(pair[..<equals])
      guard graphInputs.contains(name) else {
        throw TensorFileError(
          "--input \(pair): the model has no input '\(name)' (its inputs: \(graphInputs.joined(separator: ", ")))")
      }
      tensors[name] = try TensorFile.read(String(pair[pair.index(after: equals)...])).tensor
    }
    return tensors
  }

  /// Samples for calibration: `directory` itself if it holds input files, else each of its
  /// sub-folders that does (in name order), one sample per folder.
  public static func loadSamples(_ directory: String, graphInputs: [String]) throws(TensorFileError) -> [[String:
    NDArray]]
  {
    var folders = [directory]
    if numberedFiles("input", in: directory).isEmpty {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
      folders = names.sorted().map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
        .filter { !numberedFiles("input", in: $0).isEmpty }
    }
    guard !folders.isEmpty else { throw TensorFileError("\(directory): no input_N.pb files in it or in its folders") }
    var samples: [[String: NDArray]] = []
    for folder in folders {
      samples.append(try loadInputs([], directory: folder, graphInputs: graphInputs).mapValues(NDArray.init))
    }
    return samples
  }

  /// Imports `path` for running on `inputs`. Symbolic dimensions are bound to the inputs'
  /// shapes; an input whose *value* the static IR needs (a Reshape target or Slice bound
  /// taken as a graph input) is bound as a constant — shape-like inputs first, every input
  /// as a last resort. Returns the graph and those bound names.
  public static func importModel(
    _ path: String, inputs: [String: Tensor], batch: Int? = nil
  ) throws(ImportError) -> (graph: Graph, boundAsConstants: [String]) {
    let shapes = inputs.mapValues(\.type.shape)
    // Shape-like: integer tensors, and small vectors such as Resize scales or a Pad value.
    let shapeLike = inputs.filter {
      $0.value.type.dtype.isInteger || ($0.value.type.rank <= 1 && $0.value.type.elementCount <= 64)
    }
    let attempts: [ImportOptions] = [
      ImportOptions(batch: batch), ImportOptions(inputShapes: shapes, batch: batch),
      ImportOptions(inputShapes: shapes.filter { shapeLike[$0.key] == nil }, inputValues: shapeLike, batch: batch),
      ImportOptions(inputValues: inputs, batch: batch),
    ]
    var firstError: ImportError?
    for (index, options) in attempts.enumerated() where index == 0 || !inputs.isEmpty {
      do {
        let graph = try ONNXImporter.importModel(at: path, options: options).graph
        return (graph, options.inputValues.keys.sorted())
      } catch { firstError = firstError ?? error }
    }
    throw firstError ?? ImportError(file: path, message: "cannot import")
  }

  /// Files `<prefix>_N.pb` / `<prefix>_N.npy` in `directory`, in numeric order of N.
  public static func numberedFiles(_ prefix: String, in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let numbered = names.compactMap { name -> (Int, String)? in
      guard name.hasPrefix(prefix + "_"), name.hasSuffix(".pb") || name.hasSuffix(".npy") else { return nil }
      let digits = name.dropFirst(prefix.count + 1).prefix { $0.isNumber }
      return Int(digits).map { ($0, name) }
    }
    return numbered.sorted { $0 < $1 }.map { URL(fileURLWithPath: directory).appendingPathComponent($0.1).path }
  }
}

/// One output compared with its expected tensor.
public struct OutputComparison: Sendable {
  public var name: String
  public var type: TensorType
  public var statistics: ErrorStatistics?
  /// Why there are no statistics (shape or dtype differs).
  public var problem: String?

  public var passed: Bool { statistics?.withinTolerance ?? false }

  /// Compares `actual` with `expected` (same dtype and shape required).
  public init(name: String, actual: NDArray, expected: Tensor, rtol: Double, atol: Double) {
    self.name = name
    self.type = actual.type
    if expected.type != actual.type {
      problem = "expected \(expected.type), got \(actual.type)"
    } else {
      statistics = ErrorStatistics(
        actual: actual, expected: NDArray(expected), relativeTolerance: rtol, absoluteTolerance: atol)
    }
  }
}
