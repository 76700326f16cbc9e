import GraphIR

extension Evaluator {
  static func transpose(_ inputs: [NDArray?], _ a: TransposeAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func concat(_ inputs: [NDArray?], _ a: AxisAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func split(_ inputs: [NDArray?], _ a: SplitAttributes, _ outs: [TensorType]) throws(InterpreterError) -> [NDArray] { throw InterpreterError("not implemented yet") }
  static func slice(_ inputs: [NDArray?], _ a: SliceAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func gather(_ inputs: [NDArray?], _ a: AxisAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func gatherElements(_ inputs: [NDArray?], _ a: AxisAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func pad(_ inputs: [NDArray?], _ a: PadAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func expand(_ inputs: [NDArray?], _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func tile(_ inputs: [NDArray?], _ a: TileAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func trilu(_ inputs: [NDArray?], _ a: TriluAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func depthToSpace(_ inputs: [NDArray?], _ a: DepthToSpaceAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func spaceToDepth(_ inputs: [NDArray?], _ a: DepthToSpaceAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
  static func cumSum(_ inputs: [NDArray?], _ a: CumSumAttributes, _ out: TensorType) throws(InterpreterError) -> NDArray { throw InterpreterError("not implemented yet") }
}
