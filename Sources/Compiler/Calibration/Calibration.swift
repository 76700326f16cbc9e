import CostModel
import Foundation
import HardwareModel

/// `tessera calibrate`: fits a target's free parameters (`calibration.free`) to per-node
/// measurements with `RobustFit`, cross-validates by k folds, and writes the fitted target.
public struct Calibration: Sendable {
  public struct Fitted: Sendable {
    public var parameter: FreeParameter
    public var initial: Double
    public var value: Double
  }

  /// Errors of one class of layer: how many, and their mean absolute percentage errors.
  public struct ClassError: Sendable {
    public var opClass: HostOpClass
    public var samples: Int
    public var inSample: Double
    public var crossValidated: Double?
  }

  public var fitted: [Fitted] = []
  /// Declared parameters left at their values, with the reason.
  public var notFitted: [(path: String, reason: String)] = []
  public var classes: [ClassError] = []
  /// Per model: measured and predicted end-to-end seconds.
  public var totals: [(model: String, measured: Double, predicted: Double, unmatchedNodes: Int)] = []
  public var folds: Int
  public var tier: TimingTier
  public var sampleCount: Int
  public var accelerator: Accelerator
  let files: [String]

  /// Called before each step (what it is, steps done, steps in all): compiling each measured
  /// model, the fit, each cross-validation fold.
  public typealias Progress = (_ step: String, _ done: Int, _ total: Int) -> Void

  /// - Parameters:
  ///   - fit: The parameters to fit (`nil`: every declared one the data identifies).
  ///   - progress: Called before each step.
  public init(
    target: String, overrides: [String] = [], measurements: [String], fit: [String]? = nil, folds: Int = 5,
    tier: TimingTier = .analytical, progress: Progress? = nil
  ) throws(CompileError) {
    self.tier = tier
    let template: TargetTemplate
    do { template = try TargetTemplate(target, overrides: overrides) } catch { throw CompileError(error.description) }
    let declared = template.base.freeParameters
    guard !declared.isEmpty else {
      throw CompileError("\(target) declares no free parameters (a calibration: free: section; docs/calibration.md)")
    }
    var free = declared
    if let fit {
      free = try fit.map { (path: String) throws(CompileError) -> FreeParameter in
        guard let p = declared.first(where: { $0.path == path }) else {
          throw CompileError(
            "--fit \(path): not a free parameter of \(target) (declared: \(declared.map(\.path).joined(separator: ", ")))"
          )
        }
        return p
      }
    }
    let table = try MeasurementTable(files: measurements)
    // Compilations, the fit, the folds (until the samples are known, at most one per row).
    let compilations = Set(table.rows.map(CalibrationData.compilationKey)).count
    let foldSteps = { (samples: Int) in min(max(folds, 0), samples) >= 2 ? min(max(folds, 0), samples) : 0 }
    var steps = compilations + 1 + foldSteps(table.rows.count)
    var step = 0
    let advance = { (what: String) in
      progress?(what, step, steps)
      step += 1
    }
    let data = try CalibrationData(table, accelerator: template.base) { model in advance("compiling \(model)") }
    steps = compilations + 1 + foldSteps(data.samples.count)
    advance("fitting \(free.count) parameters to \(data.samples.count) kernels")
    // Every fit starts from the target's own values (a value the file lacks: its lower bound).
    let start = { (p: FreeParameter) in template.value(at: p.path) ?? p.lower }
    let initial = free.map(start)
    let all = Array(data.samples.indices)
    var values = try Self.fit(template, free, data, all, start: initial, tier: tier)
    // What the data cannot identify is not fitted: an error when asked for by name.
    let problem = try Self.problem(template, free, data, all, tier: tier)
    let blind = try Self.run { try problem.unidentifiable(at: values, names: free.map(\.path)) }
    if !blind.isEmpty {
      let named = blind.map { "\(free[$0.index].path): \($0.reason)" }
      if fit != nil { throw CompileError("cannot fit " + named.joined(separator: "; ")) }
      notFitted = blind.map { (free[$0.index].path, $0.reason) }
      let keep = free.indices.filter { j in !blind.contains { $0.index == j } }
      free = keep.map { free[$0] }
      values = try Self.fit(template, free, data, all, start: keep.map { initial[$0] }, tier: tier)
    }
    fitted = free.indices.map {
      Fitted(
        parameter: free[$0], initial: start(free[$0]),
        value: free[$0].integral ? values[$0].rounded() : values[$0])
    }
    accelerator = try Self.instantiate(template, free, values)
    files = measurements
    sampleCount = data.samples.count
    self.folds = min(max(folds, 0), data.samples.count)
    let predicted = try data.predictSeconds(accelerator, all, tier: tier)
    let crossValidated = try Self.crossValidate(
      template, free, data, folds: self.folds, start: free.map(start), tier: tier
    ) { fold in advance("cross-validation fold \(fold + 1) of \(self.folds)") }
    progress?("done", steps, steps)
    classes = HostOpClass.allCases.compactMap { opClass in
      let members = all.filter { data.samples[$0].opClass == opClass }
      guard !members.isEmpty else { return nil }
      func mape(_ p: [Double]) -> Double {
        members.reduce(0) { $0 + abs(p[$1] / data.samples[$1].measuredSeconds - 1) } / Double(members.count)
      }
      return ClassError(
        opClass: opClass, samples: members.count, inSample: mape(predicted), crossValidated: crossValidated.map(mape))
    }
    totals = data.measuredTotals.enumerated().map { index, total in
      let sum = all.filter { data.samples[$0].model == total.model }.reduce(0) { $0 + predicted[$1] }
      return (total.model, total.seconds, sum, data.unmatched[index].nodes)
    }
  }

  // MARK: - Fitting

  private static func run<T>(_ body: () throws -> T) throws(CompileError) -> T {
    do { return try body() } catch let error as CompileError { throw error } catch {
      throw CompileError("\(error)")
    }
  }

  static func instantiate(_ template: TargetTemplate, _ free: [FreeParameter], _ values: [Double]) throws(CompileError)
    -> Accelerator
  {
    let set = zip(free, values).map { ($0.path, $0.integral ? $1.rounded() : $1) }
    do { return try template.accelerator(set) } catch {
      throw CompileError(error.description)
    }
  }

  /// The fit problem over `subset`: log-seconds, weighted by each measurement's noise (its
  /// interquartile spread as a standard deviation, beside a 5 % floor for the model's own).
  static func problem(
    _ template: TargetTemplate, _ free: [FreeParameter], _ data: CalibrationData, _ subset: [Int],
    tier: TimingTier
  ) throws(CompileError) -> RobustFit {
    let samples = subset.map { data.samples[$0] }
    return RobustFit(
      predict: { values in try data.predictSeconds(try instantiate(template, free, values), subset, tier: tier).map(log)
      },
      logMeasured: samples.map { log($0.measuredSeconds) },
      weights: samples.map { 1 / (0.05 * 0.05 + pow($0.spread / 1.349, 2)) },
      lower: free.map(\.lower), upper: free.map(\.upper), integral: free.map(\.integral))
  }

  static func fit(
    _ template: TargetTemplate, _ free: [FreeParameter], _ data: CalibrationData, _ subset: [Int], start: [Double],
    tier: TimingTier
  ) throws(CompileError) -> [Double] {
    guard !free.isEmpty else { return [] }
    let problem = try problem(template, free, data, subset, tier: tier)
    return try run { try problem.fit(from: start) }
  }

  /// Each sample's prediction by a fit on the other folds (samples dealt round-robin in
  /// order), `nil` with fewer than two folds.
  static func crossValidate(
    _ template: TargetTemplate, _ free: [FreeParameter], _ data: CalibrationData, folds: Int, start: [Double],
    tier: TimingTier, starting: (Int) -> Void = { _ in }
  ) throws(CompileError) -> [Double]? {
    guard folds >= 2 else { return nil }
    var predicted = [Double](repeating: 0, count: data.samples.count)
    for fold in 0..<folds {
      starting(fold)
      let held = data.samples.indices.filter { $0 % folds == fold }
      let training = data.samples.indices.filter { $0 % folds != fold }
      let values = try fit(template, free, data, Array(training), start: start, tier: tier)
      let fitted = try data.predictSeconds(try instantiate(template, free, values), Array(held), tier: tier)
      for (index, value) in zip(held, fitted) { predicted[index] = value }
    }
    return predicted
  }

  // MARK: - Output

  /// The fitted target file: a provenance comment, then the complete target.
  public var yaml: String {
    var lines = [
      "# Calibrated by `tessera calibrate` from \(files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))",
      "# (\(sampleCount) kernels measured; \(tier.rawValue) tier). Fitted values (initial → fitted):",
    ]
    lines += fitted.map { "#   \($0.parameter.path): \(Self.format($0.initial)) → \(Self.format($0.value))" }
    lines += notFitted.map { "#   not fitted, \($0.path): \($0.reason)" }
    lines += classes.map {
      "#   \($0.opClass.rawValue): \($0.samples) kernels, in-sample MAPE \(Self.percent($0.inSample))"
        + ($0.crossValidated.map { ", \(folds)-fold CV MAPE \(Self.percent($0))" } ?? "")
    }
    return lines.joined(separator: "\n") + "\n" + AcceleratorWriter.yaml(accelerator)
  }

  /// The report printed after a fit.
  public var text: String {
    var table = TextTable(headers: ["parameter", "initial", "fitted", "bounds"], rightAligned: [1, 2, 3])
    for f in fitted {
      table.add([
        f.parameter.path, Self.format(f.initial), Self.format(f.value),
        "[\(Self.format(f.parameter.lower)), \(Self.format(f.parameter.upper))]",
      ])
    }
    var out =
      "calibrated \(accelerator.name) on \(sampleCount) measured kernels (\(tier.rawValue) tier)\n\n" + table.render()
      + "\n"
    for n in notFitted { out += "not fitted: \(n.path): \(n.reason)\n" }
    var errors = TextTable(
      headers: ["layer class", "kernels", "in-sample MAPE", folds >= 2 ? "\(folds)-fold CV MAPE" : "CV"],
      rightAligned: [1, 2, 3])
    for c in classes {
      errors.add([
        c.opClass.rawValue, "\(c.samples)", Self.percent(c.inSample), c.crossValidated.map(Self.percent) ?? "-",
      ])
    }
    out += "\n" + errors.render() + "\n"
    let modelErrors = totals.map { abs($0.predicted / $0.measured - 1) }.sorted()
    if totals.count > Self.modelsListed, let worst = modelErrors.last {
      return out
        + String(
          format: "\n%d models end to end: median error %.1f %%, 90th percentile %.1f %%, largest %.1f %%\n",
          totals.count, modelErrors[modelErrors.count / 2] * 100, modelErrors[modelErrors.count * 9 / 10] * 100,
          worst * 100)
    }
    var ends = TextTable(
      headers: ["model", "measured ms", "predicted ms", "error", "unmatched nodes"], rightAligned: [1, 2, 3, 4])
    for t in totals {
      ends.add([
        t.model, String(format: "%.3f", t.measured * 1e3), String(format: "%.3f", t.predicted * 1e3),
        String(format: "%+.1f %%", (t.predicted / t.measured - 1) * 100), "\(t.unmatchedNodes)",
      ])
    }
    return out + "\n" + ends.render()
  }

  /// Up to this many models are listed one per line; more are summarized.
  static let modelsListed = 20

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
  }

  static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
