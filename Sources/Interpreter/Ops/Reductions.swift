import GraphIR

extension Evaluator {
  static func reduce(_ inputs: [NDArray?], _ f: ReduceFunction, _ a: ReduceAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func argReduce(_ inputs: [NDArray?], _ a: ArgReduceAttributes, max: Bool, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func softmax(_ inputs: [NDArray?], _ a: SoftmaxAttributes, log: Bool, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
