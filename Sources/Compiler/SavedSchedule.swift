import CostModel
import Foundation
import GraphIR
import HardwareModel
import Scheduler
import Simulator

/// A schedule file (`tessera compile --out`) read back: its kernel program on its own target,
/// or priced and scheduled again on a variant of that target (`--set`), without the model.
public struct SavedSchedule: Sendable {
  public var accelerator: Accelerator
  public var program: KernelProgram
  public var schedule: Schedule

  /// Reads `text` (the file at `file`); `overrides` change its target description.
  ///
  /// - Throws: `CompileError` naming the file and what is wrong with it.
  public init(_ text: String, file: String, overrides: [String] = []) throws(CompileError) {
    let saved: Schedule
    do { saved = try JSONDecoder().decode(Schedule.self, from: Data(text.utf8)) } catch {
      throw CompileError("\(file): not a schedule file: \(Self.describe(error))")
    }
    let description = "\(file) (target_description)"
    do {
      let own = try AcceleratorLoader.load(saved.targetDescription, file: description, knownOps: Op.names)
      try Self.check(saved, on: own, file: file)
      accelerator =
        overrides.isEmpty
        ? own
        : try AcceleratorLoader.load(
          saved.targetDescription, file: description, overrides: overrides, knownOps: Op.names)
    } catch let error as AcceleratorLoader.LoadError { throw CompileError(error.description) } catch let error
      as CompileError
    {
      throw error
    } catch { throw CompileError("\(file): \(error)") }
    do {
      if overrides.isEmpty {
        try ScheduleVerifier.verify(saved, accelerator)
        (program, schedule) = (saved.program, saved)
      } else {
        program = try saved.program.repriced(by: AnalyticalModel(accelerator))
        schedule = try Scheduler.schedule(program, accelerator: accelerator)
        (schedule.pipeline, schedule.pipelineText) = (saved.pipeline, saved.pipelineText)
      }
    } catch let error as ScheduleError {
      let more = error.problems.count > 1 ? " (and \(error.problems.count - 1) more problems)" : ""
      throw CompileError("\(file): \(error.problems.first ?? "invalid schedule")\(more)")
    } catch let error as AnalyticalModel.CostError {
      throw CompileError("\(file): \(error.description) (target \(accelerator.name) with the --set changes)")
    } catch { throw CompileError("\(file): \(error)") }
  }

  /// Each kernel's description must be what its cost and tensors were made from: priced on the
  /// schedule's own target it gives its saved cost, and its bytes are its tensors'. A kernel
  /// edited by hand (or a file from another version) is refused rather than simulated.
  private static func check(_ schedule: Schedule, on accelerator: Accelerator, file: String) throws(CompileError) {
    let model = AnalyticalModel(accelerator)
    for (index, item) in schedule.kernels.enumerated() {
      let name = "\(file): kernel #\(index) '\(item.name)'"
      func bytes(_ role: TensorRole) -> Int {
        item.tensors.filter { $0.role == role }.reduce(0) { saturatingAdd($0, $1.bytes) }
      }
      let kernel = item.kernel
      guard kernel.inputBytes == bytes(.input), kernel.weightBytes == bytes(.weight),
        kernel.outputBytes == bytes(.output)
      else { throw CompileError("\(name): its kernel's bytes are not those of its tensors") }
      let cost: KernelCost
      do { cost = try model.cost(kernel) } catch { throw CompileError("\(name): \(error.message)") }
      guard cost == item.cost else {
        throw CompileError("\(name): its cost is not what its kernel costs on \(accelerator.name) (an edited file?)")
      }
    }
  }

  /// The analytical report of the schedule (no passes: they ran when it was compiled).
  public var report: CompileReport {
    let kernels = program.entries.map { EstimateReport.KernelRow($0.kernel, $0.cost) }
    var report = CompileReport(
      target: accelerator.name, clockMHz: accelerator.clockMHz,
      pipeline: schedule.pipeline.isEmpty ? "unknown" : schedule.pipeline,
      pipelineText: schedule.pipelineText, kernels: kernels, passes: [], areaMM2: accelerator.areaBreakdown.totalMM2)
    report.roofline = Roofline(accelerator, kernels: kernels)
    return report
  }

  /// The command stream of the schedule.
  public func commandStream() throws(CompileError) -> CommandStream {
    do { return try CommandEmitter.stream(program, schedule: schedule, accelerator: accelerator) } catch {
      throw CompileError("emitting commands failed: \(error)")
    }
  }

  /// A decoding error in one line: what is wrong and where (the coding path).
  public static func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    let (context, what): (DecodingError.Context, String) =
      switch error {
      case .dataCorrupted(let c): (c, c.debugDescription)
      case .keyNotFound(let key, let c): (c, "key '\(key.stringValue)' is missing")
      case .typeMismatch(let type, let c): (c, "expected \(type)")
      case .valueNotFound(let type, let c): (c, "expected \(type), found null")
      @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "\(error)")
      }
    let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    return path.isEmpty ? what : "\(what) at \(path.hasPrefix(".") ? String(path.dropFirst()) : path)"
  }
}
