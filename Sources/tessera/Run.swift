import ArgumentParser
import Compiler
import Foundation

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

  @Option(
    help:
      "Write every node's median time over the --repeat runs as measurement CSV (model,node,op,batch,seconds,runs,spread; docs/calibration.md)."
  )
  var profile: String?

  @Option(help: "Relative tolerance of --compare-with.")
  var rtol: Double = 1e-3

  @Option(help: "Absolute tolerance of --compare-with.")
  var atol: Double = 1e-4

  func run() throws {
    var request = RunRequest(model: model)
    request.inputPairs = inputPairs
    request.inputsDirectory = inputs ?? (inputPairs.isEmpty ? compareWith : nil)
    (request.batch, request.randomWeights, request.randomInputs) = (batch, randomWeights, randomInputs)
    request.repeats = repeats
    request.profile = profile != nil
    let outcome: RunOutcome
    do { outcome = try ModelRun.run(request) } catch { throw UserError(error.description) }
    let times = outcome.wallMilliseconds
    let timing =
      repeats == 1
      ? String(format: "ran in %.1f ms", times[0])
      : String(format: "%d runs: median %.1f ms, fastest %.1f ms", repeats, times[times.count / 2], times[0])
    print("\(model): \(outcome.nodeCount) nodes, \(timing)")
    if !outcome.boundAsConstants.isEmpty {
      print(
        "inputs bound as constants (the IR needs their values): \(outcome.boundAsConstants.joined(separator: ", "))")
    }
    if let profile {
      let folder = URL(fileURLWithPath: profile).deletingLastPathComponent().path
      do {
        let file = try OutputFile(profile, flag: "--profile")
        try file.write(outcome.profileCSV(model: model, csvFolder: folder))
        try file.close()
      } catch { throw UserError(error.description) }
    }
    if let outputDir {
      do { try outcome.write(to: outputDir, fileExtension: outputFormat.rawValue) } catch {
        throw UserError(error.description)
      }
    }
    try report(outcome)
  }

  private func report(_ outcome: RunOutcome) throws {
    var table = TextTable(
      headers: ["output", "type", "max abs err", "max rel err", "SQNR dB", "result"], rightAligned: [2, 3, 4])
    guard let compareWith else {
      for output in outcome.outputs { table.add([output.name, output.value.type.description]) }
      print(table.render(), terminator: "")
      return
    }
    let comparisons: [OutputComparison]
    do { comparisons = try outcome.compare(with: compareWith, rtol: rtol, atol: atol) } catch {
      throw UserError(error.description)
    }
    for comparison in comparisons { table.add([comparison.name, comparison.type.description] + cells(comparison)) }
    print(table.render(), terminator: "")
    let failures = comparisons.filter { !$0.passed }.count
    if failures > 0 {
      throw UserError("\(failures) of \(outcome.outputs.count) outputs differ beyond rtol \(rtol), atol \(atol)")
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
