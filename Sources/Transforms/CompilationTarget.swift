import CostModel
import GraphIR
import HardwareModel
import PassKit

/// The target a pipeline compiles for: its description and the timing model every pass asks
/// to price its choices.
public struct CompilationTarget: Sendable {
  public var accelerator: Accelerator
  public var model: AnalyticalModel
  /// Runs the graph for passes that measure it (`quantize{calibration=…}`); `nil`: such
  /// passes fail with a message saying so.
  public var runner: (any GraphRunner)?
  /// What `tile`, `fuse` and `layout` minimize (`--objective`).
  public var objective: Objective = .latency

  public init(_ accelerator: Accelerator) {
    self.accelerator = accelerator
    model = AnalyticalModel(accelerator)
  }

  /// Estimated cycles of `graph` as it stands: what is not decided yet gets the default lowering.
  public func cycles(_ graph: Graph) throws(AnalyticalModel.CostError) -> Double {
    try cycles(KernelLowering.kernels(graph))
  }

  public func cycles(_ kernels: [Kernel]) throws(AnalyticalModel.CostError) -> Double {
    var total = 0.0
    for kernel in kernels { total += try model.cost(kernel).totalCycles }
    return total
  }

  /// The objective's value for `graph` as it stands: its cycles, its energy (each kernel at
  /// its latency), or their product.
  public func score(_ graph: Graph) throws(AnalyticalModel.CostError) -> Double {
    var (cycles, energy) = (0.0, 0.0)
    for kernel in KernelLowering.kernels(graph) {
      let cost = try model.cost(kernel)
      cycles += cost.totalCycles
      energy += cost.energy.totalPJ(atCycles: cost.totalCycles)
    }
    return objective.score(cycles: cycles, energyPJ: energy)
  }
}

/// A pass of the compiler: built from its checked options and the target.
public protocol CompilerPass: Pass {
  init(options: PassOptions, target: CompilationTarget)
}
