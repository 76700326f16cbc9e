import ArgumentParser
import Compiler
import Foundation
import GraphIR
import Interpreter
import ONNXImport

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a model on the reference interpreter; write outputs; compare them with expected ones.",
    discussion: """
      Inputs are ONNX TensorProto files (.pb, the model-zoo test-data format) or NumPy .npy \
      files, given per input (--input NAME=FILE) or as a folder of input_N.pb files (--inputs, \
      matched by the name stored in each file, else by position). --compare-with a \
      test_data_set_N folder compares with its output_N.pb (and takes its inputs when none are \
      given): per output the largest absolute and relative error and the SQNR; exit status 1 \
      when an output differs beyond atol + rtol·|expected| (NumPy's allclose; NaN equals NaN).

      NaN and ±Inf in inputs are accepted and propagate as IEEE 754 arithmetic does.

      Examples:
        tessera run model.onnx --compare-with test_data_set_0
        tessera run model.onnx --input x=input.npy --output-dir out \\
            --output-format npy
      """)

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case pb, npy }

  @Argument(help: "An ONNX model.")
  var model: String

  @Option(name: .customLong("input"), help: "An input tensor, NAME=FILE.pb or NAME=FILE.npy (repeatable).")
  var inputPairs: [String] = []

  @Option(help: "Set the batch: axis 0 of every input of rank ≥ 2 whose axis 0 is symbolic or 1.")
  var batch: Int?

  @Option(help: "A folder of input_N.pb / input_N.npy files.")
  var inputs: String?

  @Option(help: "Write the outputs to this folder as output_N.pb (or .npy).")
  var outputDir: String?

  @Option(help: "File format of written outputs: pb or npy.")
  var outputFormat: OutputFormat = .pb

  @Option(help: "A test_data_set folder with the expected output_N.pb files.")
  var compareWith: String?

  @Option(
    help: "Replace placeholder (ConstantOfShape) weights of rank ≥ 2 by He-uniform random values with this seed.")
  var randomWeights: UInt64?

  @Option(help: "Feed seeded random inputs (floats standard normal, integers 0..<16) for inputs not given.")
  var randomInputs: UInt64?

  @Option(
    name: .customLong("repeat"), help: "Run this many times and report the median and fastest wall time (benchmarking)."
  )
  var repeats: Int = 1

  @Option(help: "Relative tolerance of --compare-with.")
  var rtol: Double = 1e-3

  @Option(help: "Absolute tolerance of --compare-with.")
  var atol: Double = 1e-4

  func run() throws {
    let graphInputs: [String]
    do { graphInputs = try ONNXImporter.declaredInputNames(at: model) } catch { throw UserError(error.description) }
    let tensors: [String: Tensor]
    do {
      tensors = try ModelRun.loadInputs(
        inputPairs, directory: inputs ?? (inputPairs.isEmpty ? compareWith : nil), graphInputs: graphInputs)
    } catch { throw UserError(error.description) }
    let imported: (graph: Graph, boundAsConstants: [String])
    do { imported = try ModelRun.importModel(model, inputs: tensors, batch: batch) } catch {
      throw UserError(error.description)
    }
    let graph = randomWeights.map { imported.graph.materializingWeights(seed: $0) } ?? imported.graph
    var feed = Dictionary(
      uniqueKeysWithValues: tensors.filter { !imported.boundAsConstants.contains($0.key) }.map {
        ($0.key, NDArray($0.value))
      })
    do { try Interpreter.checkSize(graph) } catch { throw UserError("\(model): \(error.description)") }
    if let randomInputs { feed.merge(RandomInputs.make(for: graph, seed: randomInputs)) { given, _ in given } }
    guard repeats >= 1 else { throw UserError("--repeat must be at least 1") }
    let interpreter = Interpreter(graph: graph)
    var outputs: [(name: String, value: NDArray)] = []
    var timesMs: [Double] = []
    for _ in 0..<repeats {
      let start = Date()
      do { outputs = try interpreter.run(feed) } catch { throw UserError("\(model): \(error.description)") }
      timesMs.append(Date().timeIntervalSince(start) * 1000)
    }
    timesMs.sort()
    let timing =
      repeats == 1
      ? String(format: "ran in %.1f ms", timesMs[0])
      : String(format: "%d runs: median %.1f ms, fastest %.1f ms", repeats, timesMs[timesMs.count / 2], timesMs[0])
    print("\(model): \(graph.nodes.count) nodes, \(timing)")
    if !imported.boundAsConstants.isEmpty {
      print(
        "inputs bound as constants (the IR needs their values): \(imported.boundAsConstants.joined(separator: ", "))")
    }
    try writeOutputs(outputs)
    try report(outputs)
  }

  private func writeOutputs(_ outputs: [(name: String, value: NDArray)]) throws {
    guard let outputDir else { return }
    do { try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true) } catch {
      throw UserError("\(outputDir): cannot create the folder")
    }
    for (index, output) in outputs.enumerated() {
      let path = URL(fileURLWithPath: outputDir).appendingPathComponent("output_\(index).\(outputFormat.rawValue)").path
      do { try TensorFile.write(try output.value.tensor(), name: output.name, to: path) } catch {
        throw UserError("\(error)")
      }
    }
  }

  private func report(_ outputs: [(name: String, value: NDArray)]) throws {
    var expected: [Tensor]?
    if let compareWith {
      do {
        expected = try ModelRun.numberedFiles("output", in: compareWith).map { try TensorFile.read($0).tensor }
      } catch {
        throw UserError("\(error)")
      }
    }
    var table = TextTable(
      headers: ["output", "type", "max abs err", "max rel err", "SQNR dB", "result"], rightAligned: [2, 3, 4])
    var failures = 0
    for (index, output) in outputs.enumerated() {
      guard let expected else {
        table.add([output.name, output.value.type.description])
        continue
      }
      guard index < expected.count else { throw UserError("\(compareWith ?? ""): no output_\(index) file") }
      let comparison = OutputComparison(
        name: output.name, actual: output.value, expected: expected[index], rtol: rtol, atol: atol)
      if !comparison.passed { failures += 1 }
      table.add([output.name, output.value.type.description] + cells(comparison))
    }
    print(table.render(), terminator: "")
    if failures > 0 {
      throw UserError("\(failures) of \(outputs.count) outputs differ beyond rtol \(rtol), atol \(atol)")
    }
  }

  private func cells(_ comparison: OutputComparison) -> [String] {
    guard let s = comparison.statistics else { return ["-", "-", "-", comparison.problem ?? ""] }
    let result = comparison.passed ? "ok" : "FAIL (\(s.mismatches) of \(s.count) elements)"
    return [
      String(format: "%.3g", s.maxAbsoluteError), String(format: "%.3g", s.maxRelativeError),
      String(format: "%.1f", s.sqnrDecibels), result,
    ]
  }
}
