import Foundation
import GraphIR
import Interpreter
import ONNXImport

/// One model run on the reference interpreter (`tessera run`): what was asked.
public struct RunRequest: Sendable {
  public var model: String
  /// `NAME=FILE` pairs (`--input`).
  public var inputPairs: [String] = []
  /// A folder of input_N.pb / .npy files.
  public var inputsDirectory: String?
  public var batch: Int?
  public var randomWeights: UInt64?
  /// Seeded random values for inputs not given.
  public var randomInputs: UInt64?
  public var repeats = 1

  public init(model: String) { self.model = model }
}

/// What a run produced: the outputs, the wall time of every repeat (fastest first) and the
/// inputs the IR needed as constants.
public struct RunOutcome: Sendable {
  public var nodeCount: Int
  public var outputs: [(name: String, value: NDArray)]
  public var wallMilliseconds: [Double]
  public var boundAsConstants: [String]

  /// Writes `output_N.pb` (or `.npy`) files into `directory`, creating it.
  public func write(to directory: String, fileExtension: String) throws(CompileError) {
    do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
      throw CompileError("\(directory): cannot create the folder")
    }
    for (index, output) in outputs.enumerated() {
      let path = URL(fileURLWithPath: directory).appendingPathComponent("output_\(index).\(fileExtension)").path
      do { try TensorFile.write(try output.value.tensor(), name: output.name, to: path) } catch {
        throw CompileError("\(error)")
      }
    }
  }

  /// Each output compared with `output_N.pb` of a test-data folder.
  public func compare(with directory: String, rtol: Double, atol: Double) throws(CompileError) -> [OutputComparison] {
    let expected: [Tensor]
    do { expected = try ModelRun.numberedFiles("output", in: directory).map { try TensorFile.read($0).tensor } } catch {
      throw CompileError("\(error)")
    }
    var comparisons: [OutputComparison] = []
    for (index, output) in outputs.enumerated() {
      guard index < expected.count else { throw CompileError("\(directory): no output_\(index) file") }
      comparisons.append(
        OutputComparison(name: output.name, actual: output.value, expected: expected[index], rtol: rtol, atol: atol))
    }
    return comparisons
  }
}

extension ModelRun {
  /// Imports the model for the given inputs and runs it `repeats` times.
  public static func run(_ request: RunRequest) throws(CompileError) -> RunOutcome {
    let model = request.model
    let graphInputs: [String]
    do { graphInputs = try ONNXImporter.declaredInputNames(at: model) } catch { throw CompileError(error.description) }
    let tensors: [String: Tensor]
    do {
      let directory = request.inputsDirectory
      tensors = try loadInputs(request.inputPairs, directory: directory, graphInputs: graphInputs)
    } catch { throw CompileError(error.description) }
    let imported: (graph: Graph, boundAsConstants: [String])
    do { imported = try importModel(model, inputs: tensors, batch: request.batch) } catch {
      throw CompileError(error.description)
    }
    let graph = request.randomWeights.map { imported.graph.materializingWeights(seed: $0) } ?? imported.graph
    var feed = Dictionary(
      uniqueKeysWithValues: tensors.filter { !imported.boundAsConstants.contains($0.key) }.map {
        ($0.key, NDArray($0.value))
      })
    do { try Interpreter.checkSize(graph) } catch { throw CompileError("\(model): \(error.description)") }
    if let seed = request.randomInputs { feed.merge(RandomInputs.make(for: graph, seed: seed)) { given, _ in given } }
    guard request.repeats >= 1 else { throw CompileError("--repeat must be at least 1") }
    let interpreter = Interpreter(graph: graph)
    var outputs: [(name: String, value: NDArray)] = []
    var times: [Double] = []
    for _ in 0..<request.repeats {
      let start = Date()
      do { outputs = try interpreter.run(feed) } catch { throw CompileError("\(model): \(error.description)") }
      times.append(Date().timeIntervalSince(start) * 1000)
    }
    return RunOutcome(
      nodeCount: graph.nodes.count, outputs: outputs, wallMilliseconds: times.sorted(),
      boundAsConstants: imported.boundAsConstants)
  }
}
