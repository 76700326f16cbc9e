import CostModel
import Foundation
import GraphIR
import HardwareModel
import Interpreter
import PassKit
import Scheduler
import Transforms

/// How to compile: which pipeline and which instrumentations.
public struct CompileOptions: Sendable {
  /// `--pipeline NAME|FILE|TEXT`; `nil` takes the target's default pipeline.
  public var pipeline: String?
  public var verifyEach = false
  /// Pass names after which the IR is printed; "*" prints after every pass.
  public var printIRAfter: Set<String> = []
  public var printIR: @Sendable (String, String) -> Void = { _, _ in }
  /// Record pass wall times (the only part of a report that differs between runs).
  public var recordWallTime = true
  /// Price the graph after every pass (the report's per-pass cycles); design-space
  /// exploration, which reads only the final schedule, turns it off.
  public var pricePasses = true
  /// What `tile`, `fuse` and `layout` minimize.
  public var objective: Objective = .latency
  /// Inputs by graph-input name, one dictionary per sample.
  public typealias Samples = [[String: NDArray]]
  /// Inputs for passes that run the graph (calibration); empty: seeded random ones.
  public var calibrationSamples: Samples = []

  public init(pipeline: String? = nil) { self.pipeline = pipeline }
}

/// A compilation that cannot finish: bad pipeline, a pass that broke an invariant, a kernel
/// the target cannot run.
public struct CompileError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// What a compilation produces: the transformed graph, its kernel program (lowered and priced
/// once), its schedule and the report.
public struct CompileResult: Sendable {
  /// The target it was compiled for.
  public var accelerator: Accelerator
  public var graph: Graph
  public var program: KernelProgram
  public var schedule: Schedule
  public var report: CompileReport
}

/// Compiles a graph for a target: runs the pipeline with the timing model pricing the graph
/// before and after every pass, then schedules the final kernels (and verifies the schedule).
public enum Compilation {
  public static func compile(
    _ graph: Graph, for accelerator: Accelerator, options: CompileOptions = CompileOptions()
  ) throws(CompileError) -> CompileResult {
    let target = {
      var target = CompilationTarget(accelerator)
      target.runner = InterpreterRunner(samples: options.calibrationSamples)
      target.objective = options.objective
      return target
    }()
    let argument = options.pipeline ?? BuiltinPipelines.defaultName(forTarget: accelerator.name)
    let passes: [any Pass]
    let label: String
    let canonical: String
    do {
      let resolved = try BuiltinPipelines.resolve(argument)
      label = resolved.label
      passes = try PassRegistry.pipeline(resolved.text, target: target)
      canonical = try PipelineText.parse(resolved.text).description
    } catch let error as PipelineError {
      throw CompileError("pipeline '\(excerpt(argument))': \(error.description)")
    } catch {
      throw CompileError("pipeline '\(excerpt(argument))': \(error)")
    }
    var instrumentations: [any PassInstrumentation] =
      options.pricePasses ? [LatencyPricing { graph in try target.cycles(graph) }] : []
    if !options.printIRAfter.isEmpty {
      instrumentations.append(IRPrinter(after: options.printIRAfter, print: options.printIR))
    }
    if options.verifyEach { instrumentations.append(PassVerifier()) }
    if options.recordWallTime { instrumentations.append(PassTiming()) }
    var manager = PassManager(passes: passes, instrumentations: instrumentations)
    var compiled = graph
    let records: [PassRecord]
    do { records = try manager.run(&compiled) } catch { throw CompileError(error.description) }
    let program: KernelProgram
    do { program = try KernelProgram(compiled, model: target.model) } catch {
      throw CompileError("\(error.description) (target \(accelerator.name))")
    }
    let kernels = program.entries.map { EstimateReport.KernelRow($0.kernel, $0.cost) }
    var report = CompileReport(
      target: accelerator.name, clockMHz: accelerator.clockMHz, pipeline: label, pipelineText: canonical,
      kernels: kernels,
      passes: records.map(CompileReport.PassRow.init), areaMM2: accelerator.areaBreakdown.totalMM2)
    report.roofline = Roofline(accelerator, kernels: kernels)
    var schedule: Schedule
    do { schedule = try Scheduler.schedule(program, accelerator: accelerator) } catch {
      throw CompileError("scheduling failed: \(error)")
    }
    (schedule.pipeline, schedule.pipelineText) = (label, canonical)
    return CompileResult(
      accelerator: accelerator, graph: compiled, program: program, schedule: schedule, report: report)
  }
}
