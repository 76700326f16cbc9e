import GraphIR

extension Evaluator {
  static func pool(_ inputs: [NDArray?], _ a: PoolAttributes, max: Bool, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func globalPool(_ inputs: [NDArray?], max: Bool, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
