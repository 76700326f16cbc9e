import GraphIR

extension Evaluator {
  static func unary(_ inputs: [NDArray?], _ f: UnaryFunction, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func activation(_ op: Op, _ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func clip(_ inputs: [NDArray?], _ a: ClipAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func cast(_ inputs: [NDArray?], _ a: CastAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func binary(_ inputs: [NDArray?], _ f: BinaryFunction, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func variadic(_ inputs: [NDArray?], _ f: VariadicFunction, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func select(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
