import GraphIR

/// Runs a graph for passes that measure it (`quantize{calibration=…}`). The compiler injects
/// one (the reference interpreter), as PassKit is handed its estimator, so Transforms
/// depends on no runtime.
public protocol GraphRunner: Sendable {
  /// Runs `graph` on `count` calibration samples (the user's, else seeded random inputs
  /// drawn from `seed`) and hands every value of `observed` it sees — graph inputs and node
  /// outputs — to `observe` as float32 elements.
  func run(
    _ graph: Graph, count: Int, seed: UInt64, observing observed: Set<ValueID>,
    observe: (ValueID, [Float]) -> Void
  ) throws(IRError)
}
