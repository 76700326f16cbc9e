import GraphIR

extension Evaluator {
  static func batchNormalization(_ inputs: [NDArray?], _ a: BatchNormAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func layerNormalization(_ inputs: [NDArray?], _ a: LayerNormAttributes, _ outs: [TensorType]) throws(InterpreterError) -> [NDArray] { throw InterpreterError("not implemented yet") }
  static func lrn(_ inputs: [NDArray?], _ a: LRNAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func instanceNormalization(_ inputs: [NDArray?], _ a: BatchNormAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
