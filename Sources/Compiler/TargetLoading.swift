import GraphIR
import HardwareModel

extension BuiltinTargets {
  /// Loads a built-in target or a target file as the compiler uses it: every op a vector unit
  /// lists must be an op of the IR (a misspelt one is an error naming its key and line).
  public static func loadChecked(_ target: String, overrides: [String] = []) throws(AcceleratorLoader.LoadError)
    -> Accelerator
  {
    try load(target, overrides: overrides, knownOps: Op.names)
  }
}
