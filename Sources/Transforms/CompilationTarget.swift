import CostModel
import GraphIR
import HardwareModel
import Interpreter
import PassKit

/// The target a pipeline compiles for: its description and the timing model every pass asks
/// to price its choices.
public struct CompilationTarget: Sendable {
  public var accelerator: Accelerator
  public var model: AnalyticalModel
  /// Inputs for passes that run the graph (`quantize{calibration=…}`), by graph-input name;
  /// empty means such passes draw seeded random inputs.
  public var calibrationSamples: [[String: NDArray]] = []

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
}

/// A pass of the compiler: built from its checked options and the target.
public protocol CompilerPass: Pass {
  init(options: PassOptions, target: CompilationTarget)
}
