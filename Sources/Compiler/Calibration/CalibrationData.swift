import CostModel
import Foundation
import GraphIR
import HardwareModel
import Scheduler
import Simulator

/// Measurements matched to the kernels a target compiles the measured models into: each
/// kernel with a measured node is one sample, its measured seconds the sum of its measured
/// nodes' (nodes without a row — a fused ReLU a chip's layer figure includes, the compiler's
/// own quantize nodes — count as part of it); measured nodes no kernel runs (folded
/// constants, removed no-ops) are reported.
public struct CalibrationData: Sendable {
  public struct Sample: Sendable {
    public var model: String
    public var kernel: Kernel
    public var nodes: [String]
    public var measuredSeconds: Double
    /// Relative run-to-run spread (0: unknown).
    public var spread: Double
    public var opClass: HostOpClass { kernel.hostClass }
    /// Its compiled model (`compiled`) and its kernel's index in that program.
    var group: Int
    var entry: Int
  }

  /// Each measured (model, batch, shapes) compiled once for the starting target.
  var compiled: [CompileResult] = []

  public var samples: [Sample] = []
  /// Per model (in first-seen order): measured seconds of nodes no kernel runs, and their count.
  public var unmatched: [(model: String, seconds: Double, nodes: Int)] = []
  /// Per model: measured end-to-end seconds (every row).
  public var measuredTotals: [(model: String, seconds: Double)] = []

  /// What one compilation covers: rows of the same model, batch and input shapes.
  static func compilationKey(_ row: MeasurementTable.Row) -> String {
    "\(row.model)\u{0}\(row.batch)\u{0}\(row.inputShapes.joined(separator: ";"))"
  }

  /// Compiles every measured (model, batch) once for `accelerator` with its default pipeline.
  public init(
    _ table: MeasurementTable, accelerator: Accelerator, compiling: (String) -> Void = { _ in }
  ) throws(CompileError) {
    var groups: [String: [MeasurementTable.Row]] = [:]
    var order: [String] = []
    for row in table.rows {
      let key = Self.compilationKey(row)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(row)
    }
    for key in order {
      let rows = groups[key] ?? []
      guard let first = rows.first else { continue }
      let name = "\(URL(fileURLWithPath: first.model).lastPathComponent) (batch \(first.batch))"
      compiling(name)
      // Batch 1 is the model as it is (it may have no batch axis to set).
      let imported = try Session.importModel(
        first.model, inputShapes: first.inputShapes, batch: first.batch == 1 ? nil : first.batch)
      let result: CompileResult
      do { result = try Compilation.compile(imported.graph, for: accelerator, options: Self.options) } catch {
        throw CompileError("\(first.model): \(error.description)")
      }
      var byNode: [String: MeasurementTable.Row] = [:]
      for row in rows { byNode[row.node] = row }
      var used = Set<String>()
      compiled.append(result)
      for (index, entry) in result.program.entries.enumerated() where entry.kernel.work != .free {
        let measured = entry.nodes.compactMap { byNode[$0] }
        guard !measured.isEmpty else { continue }
        used.formUnion(entry.nodes)
        let seconds = measured.reduce(0) { $0 + $1.seconds }
        let spread = measured.reduce(0) { $0 + $1.spread * $1.seconds } / seconds
        samples.append(
          Sample(
            model: name, kernel: entry.kernel, nodes: entry.nodes, measuredSeconds: seconds, spread: spread,
            group: compiled.count - 1, entry: index))
      }
      let left = rows.filter { !used.contains($0.node) }
      unmatched.append((name, left.reduce(0) { $0 + $1.seconds }, left.count))
      measuredTotals.append((name, rows.reduce(0) { $0 + $1.seconds }))
    }
    guard !samples.isEmpty else {
      throw CompileError("no measured node matches a kernel of \(accelerator.name): are the node names the model's?")
    }
  }

  /// Seconds `accelerator` takes for the samples in `subset`: each kernel priced by the
  /// analytical tier, or its share of its model's simulated schedule (each model rescheduled
  /// and simulated once per call, loops extrapolated).
  func predictSeconds(_ accelerator: Accelerator, _ subset: [Int], tier: TimingTier) throws(CompileError) -> [Double] {
    let hertz = accelerator.clockMHz * 1e6
    let model = AnalyticalModel(accelerator)
    var simulated: [Int: [Double]] = [:]
    var seconds: [Double] = []
    seconds.reserveCapacity(subset.count)
    for index in subset {
      let sample = samples[index]
      let cycles: Double
      switch tier {
      case .analytical:
        do { cycles = try model.cost(sample.kernel).totalCycles } catch { throw CompileError(error.description) }
      case .simulate:
        if simulated[sample.group] == nil {
          simulated[sample.group] = try simulate(compiled[sample.group], on: accelerator)
        }
        let kernels = simulated[sample.group] ?? []
        cycles = sample.entry < kernels.count ? kernels[sample.entry] : 0
      }
      seconds.append(max(cycles / hertz, 1e-12))
    }
    return seconds
  }

  /// Every kernel's simulated cycles (its share of the total) on `accelerator`.
  private func simulate(_ result: CompileResult, on accelerator: Accelerator) throws(CompileError) -> [Double] {
    do {
      let program = try result.program.repriced(by: AnalyticalModel(accelerator))
      let schedule = try Scheduler.schedule(program, accelerator: accelerator)
      let stream = try CommandEmitter.stream(program, schedule: schedule, accelerator: accelerator)
      let simulation = try Simulator.simulate(stream, on: accelerator, options: SimulationOptions(extrapolate: true))
      var cycles = [Double](repeating: 0, count: program.entries.count)
      for kernel in simulation.kernels where kernel.index < cycles.count { cycles[kernel.index] = kernel.cycles }
      return cycles
    } catch { throw CompileError("simulating \(result.accelerator.name): \(error)") }
  }

  static var options: CompileOptions {
    var options = CompileOptions()
    options.recordWallTime = false
    return options
  }
}
