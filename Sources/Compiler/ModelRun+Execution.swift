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
  /// Time every node (`run --profile`).
  public var profile = false

  public init(model: String) { self.model = model }
}

/// What a run produced: the outputs, the wall time of every repeat (fastest first) and the
/// inputs the IR needed as constants.
public struct RunOutcome: Sendable {
  public var nodeCount: Int
  public var outputs: [(name: String, value: NDArray)]
  public var wallMilliseconds: [Double]
  public var boundAsConstants: [String]
  /// With `RunRequest.profile`: every node's name, ONNX op and seconds of each repeat.
  public var nodeTimes: [(node: String, op: String, seconds: [Double])] = []
  public var batch = 1

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
    var nodeSeconds = [[Double]](repeating: [], count: request.profile ? graph.nodes.count : 0)
    let timeNode: ((Int, Double) -> Void)? = request.profile ? { nodeSeconds[$0].append($1) } : nil
    for _ in 0..<request.repeats {
      let start = Date()
      do { outputs = try interpreter.run(feed, timeNode: timeNode) } catch {
        throw CompileError("\(model): \(error.description)")
      }
      times.append(Date().timeIntervalSince(start) * 1000)
    }
    var outcome = RunOutcome(
      nodeCount: graph.nodes.count, outputs: outputs, wallMilliseconds: times.sorted(),
      boundAsConstants: imported.boundAsConstants)
    outcome.nodeTimes = zip(graph.nodes, nodeSeconds).map { ($0.name, $0.op.traits.onnxName, $1) }
    outcome.batch = request.batch ?? 1
    return outcome
  }
}

extension RunOutcome {
  /// The per-node times as measurement CSV (`docs/calibration.md`): each node's median over
  /// the repeats and its interquartile spread; `model` is written relative to `csvFolder`.
  public func profileCSV(model: String, csvFolder: String) -> String {
    let modelURL = URL(fileURLWithPath: model).standardizedFileURL
    let folder = URL(fileURLWithPath: csvFolder).standardizedFileURL.pathComponents
    let parts = modelURL.pathComponents
    let common = zip(folder, parts).prefix { $0 == $1 }.count
    let relative = (Array(repeating: "..", count: folder.count - common) + parts.dropFirst(common)).joined(
      separator: "/")
    var csv = "model,node,op,batch,seconds,runs,spread\n"
    for entry in nodeTimes where !entry.seconds.isEmpty {
      let sorted = entry.seconds.sorted()
      let median = sorted[sorted.count / 2]
      let spread = median > 0 ? (sorted[sorted.count * 3 / 4] - sorted[sorted.count / 4]) / median : 0
      let name =
        entry.node.contains(",") || entry.node.contains("\"")
        ? "\"" + entry.node.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : entry.node
      csv += String(
        format: "%@,%@,%@,%d,%.9f,%d,%.4f\n", relative, name, entry.op, batch, max(median, 1e-9), sorted.count, spread)
    }
    return csv
  }
}
