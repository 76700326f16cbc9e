import GraphIR

extension Evaluator {
  static func resize(_ inputs: [NDArray?], _ a: ResizeAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
