import ArgumentParser
import Compiler
import Foundation

struct Calibrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fit a target's free parameters to per-node measurements; write the calibrated target.",
    discussion: """
      Reads measurement CSVs (model,node,op,batch,seconds[,cycles,runs,spread]; model paths \
      relative to the CSV; written by tools/measure-onnxruntime.py), compiles each measured model \
      for the target with its default pipeline, and fits the parameters the target declares free \
      (its calibration: free: section) by robust least squares on log-time, each measurement \
      weighed by its run-to-run spread. Prints the fitted values, the error per layer class \
      in-sample and cross-validated by k folds, and each model's end-to-end error; writes a \
      complete target file with a provenance comment. A declared parameter the data cannot \
      identify is left as it is (named in the report); one asked for with --fit is an error.
      See docs/calibration.md.

      Examples:
        python3 tools/measure-onnxruntime.py layers/*.onnx --runs 10 --out measured.csv
        tessera calibrate --target host-cpu --measurements measured.csv --out my-cpu.yaml
        tessera compile model.onnx --target my-cpu.yaml
      """)

  @Option(help: "A built-in target name or a target YAML file declaring calibration.free parameters.")
  var target: String

  @Option(name: .customLong("set"), help: "Override a target parameter before fitting, path=value (repeatable).")
  var overrides: [String] = []

  @Option(parsing: .upToNextOption, help: "Measurement CSV files (one or more).")
  var measurements: [String]

  @Option(help: "Fit only these free parameters (comma-separated --set paths). Default: every declared one.")
  var fit: String?

  @Option(help: "Cross-validation folds (0 or 1: none).")
  var folds: Int = 5

  @Option(help: "The tier that prices the measured kernels: analytical, or simulate (each model's schedule simulated).")
  var timing: String = "analytical"

  @Option(help: "Write the calibrated target file here.")
  var out: String

  func validate() throws {
    if measurements.isEmpty { throw ValidationError("give at least one --measurements CSV") }
    if !(0...100).contains(folds) { throw ValidationError("--folds must be in 0...100, got \(folds)") }
  }

  func run() throws {
    let parameters = fit.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    guard let tier = TimingTier(rawValue: timing) else {
      throw UserError("--timing must be analytical or simulate, got '\(timing)'")
    }
    let calibration: Calibration
    let line = ProgressLine(label: "calibrate", unit: "steps")
    do {
      calibration = try Calibration(
        target: target, overrides: overrides, measurements: measurements, fit: parameters, folds: folds, tier: tier
      ) { step, done, total in line?.update(done, of: total, step: step) }
      line?.finish()
    } catch {
      line?.finish()
      throw UserError(error.description)
    }
    do {
      let output = try OutputFile(out, flag: "--out")
      try output.write(calibration.yaml)
      try output.close()
    } catch { throw UserError(error.description) }
    print(calibration.text, terminator: "")
    print("\nwrote \(out)")
  }
}
