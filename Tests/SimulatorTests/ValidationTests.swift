import CostModel
import HardwareModel
import Scheduler
import Simulator
import Testing

/// Issue 8 item 6(a): with unlimited bandwidth, no latency and no issue cost the simulator
/// reproduces the analytical compute cycles kernel by kernel.
///
/// What is left in the simulation is then each kernel's compute commands (the analytical
/// compute cycles split among them) and its set-up commands (the overhead cycles); a host
/// kernel's link crossings are fixed cycles (bytes ÷ link bandwidth + latency: the analytical
/// transfer cycles). Kernels run one after another, so each kernel's share of the simulated
/// time must equal compute + overhead (+ link transfer on the host) to rounding. NVDLA's
/// per-layer interrupt is a simulator-only cost (the analytical tier has no such term);
/// `unlimited()` does not charge it.
///
/// Fused kernels (the default pipeline) are checked
/// separately: their fused stage runs on the store path behind the array and its last chunk
/// drains after the array is done, so the simulator is slower than the analytical max().
struct ValidationTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var model: String
    var target: String
    var pipeline: String
    var testDescription: String { "\(model) on \(target) (\(pipeline))" }
  }

  static let models = ["lenet5", "mlp", "tc_resnet8", "squeezenet1_1"]
  static let unfused = ["o0", "canonicalize,layout,tile"]
  static func cases(_ pipelines: [String]) -> [Case] {
    pipelines.flatMap { pipeline in
      BuiltinTargets.names.flatMap { target in models.map { Case(model: $0, target: target, pipeline: pipeline) } }
    }
  }

  /// One kernel's simulated share beside what the analytical tier says it must be.
  struct Kernel {
    var index: Int
    var name: String
    var unit: String
    var simulated: Double
    var expected: Double
    var overheadCycles: Double
    var endCycle: Double
    var matches: Bool { abs(simulated - expected) <= 1e-9 * max(expected, endCycle) }
    var description: String { "\(index) \(name) [\(unit)] simulated \(simulated), analytical \(expected)" }
  }

  static func kernels(_ c: Case) throws -> [Kernel] {
    let compiled = try SimValidation.compile(
      model: c.model, target: c.target, pipeline: c.pipeline)
    let parameters = SimulatorParameters(compiled.accelerator).unlimited()
    let result = try Simulator.simulate(
      compiled.stream, parameters: parameters, options: SimulationOptions(extrapolate: false))
    return zip(result.kernels, compiled.costs).map { timing, cost in
      let expected =
        cost.unit == "none"
        ? 0 : cost.computeCycles + cost.overheadCycles + (cost.unit == "host" ? cost.transferCycles : 0)
      return Kernel(
        index: timing.index, name: timing.name, unit: cost.unit, simulated: timing.cycles, expected: expected,
        overheadCycles: cost.overheadCycles,
        endCycle: timing.endCycle)
    }
  }

  static func report(_ kernels: [Kernel]) -> Comment {
    Comment(
      rawValue: "\(kernels.count) kernels differ:\n" + kernels.prefix(6).map(\.description).joined(separator: "\n"))
  }

  /// Every accelerator kernel of an unfused pipeline: exact. (This includes the kernel after
  /// an empty one, a Flatten: before the engine's transitive kernel order it overlapped the
  /// kernel before the empty one, e.g. lenet5 /f1/Gemm on systolic, 248 instead of 1272.)
  @Test(arguments: cases(unfused))
  func unlimitedBandwidthReproducesComputeCycles(_ c: Case) throws {
    let kernels = try Self.kernels(c)
    let wrong = kernels.filter { $0.unit != "host" && !$0.matches }
    #expect(wrong.isEmpty, Self.report(wrong))
  }

  /// A host kernel pays its set-up, then crosses the link, computes and crosses back.
  @Test(arguments: cases(unfused))
  func hostKernelsPayTheirOverheadOnTop(_ c: Case) throws {
    let kernels = try Self.kernels(c).filter { $0.unit == "host" }
    let wrong = kernels.filter { !$0.matches }
    #expect(wrong.isEmpty, Self.report(wrong))
    // And never less than its compute and link time.
    for kernel in kernels {
      #expect(
        kernel.simulated >= kernel.expected - kernel.overheadCycles - 1e-9 * kernel.endCycle, "\(kernel.description)")
    }
  }

  /// Fused kernels (default pipeline): the fused stage runs on the store path behind the
  /// array, so the simulator can only be slower than the analytical max(array, stage): the
  /// stage's last chunk drains after the array is done.
  @Test(arguments: cases(["default"]))
  func fusedKernelsAreNeverFasterThanTheAnalyticalMax(_ c: Case) throws {
    let kernels = try Self.kernels(c)
    let faster = kernels.filter {
      $0.unit != "host" && $0.simulated < $0.expected - 1e-9 * max($0.expected, $0.endCycle)
    }
    #expect(faster.isEmpty, Self.report(faster))
  }
}
