import Compiler
import HardwareModel
import Transforms

extension CompilationTarget {
  /// The built-in SCALE-Sim-like systolic array, for passes whose test does not depend on the target.
  static let testSystolic: CompilationTarget = {
    guard let accelerator = try? BuiltinTargets.load("systolic") else { preconditionFailure("built-in target missing") }
    var target = CompilationTarget(accelerator)
    target.runner = InterpreterRunner()
    return target
  }()

  static func builtin(_ name: String) throws -> CompilationTarget { CompilationTarget(try BuiltinTargets.load(name)) }
}
