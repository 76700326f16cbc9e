import GraphIR

extension Evaluator {
  static func quantizeLinear(_ inputs: [NDArray?], _ a: QuantizeAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func dequantizeLinear(_ inputs: [NDArray?], _ a: QuantizeAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
