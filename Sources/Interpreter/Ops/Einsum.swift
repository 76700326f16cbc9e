import GraphIR

extension Evaluator {
  static func einsum(_ inputs: [NDArray?], _ a: EinsumAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
