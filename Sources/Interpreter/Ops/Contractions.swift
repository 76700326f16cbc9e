import GraphIR

extension Evaluator {
  static func conv(_ inputs: [NDArray?], _ a: ConvAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func convTranspose(_ inputs: [NDArray?], _ a: ConvTransposeAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func gemm(_ inputs: [NDArray?], _ a: GemmAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func matMul(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func qLinearConv(_ inputs: [NDArray?], _ a: ConvAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func convInteger(_ inputs: [NDArray?], _ a: ConvAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func qLinearMatMul(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func matMulInteger(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
