import GraphIR
import Interpreter
import Testing

/// Inputs the interpreter refuses, each with one message naming the input.
struct InterpreterInputTests {
  static func reluGraph(_ shape: [Int]) throws -> Graph {
    var graph = Graph(name: "g")
    let x = graph.addValue("x", TensorType(.float32, shape))
    graph.inputs = [x]
    graph.outputs = try graph.addNode("relu", .unary(.relu), inputs: [x], outputNames: ["y"])
    return graph
  }

  @Test(arguments: [
    ([:], "input 'x' (f32[2]) is missing"),
    (["x": NDArray(.float32, [3], floats: [1, 2, 3])], "has shape [3], the model expects [2]"),
    (["x": NDArray(.int32, [2], ints: [1, 2])], "is i32, the model expects f32"),
    (["x": NDArray(.float32, [2], floats: [1, 2]), "z": NDArray(.float32, [1], floats: [0])], "no input 'z'"),
  ])
  func badInputsAreNamed(inputs: [String: NDArray], message: String) throws {
    let interpreter = Interpreter(graph: try Self.reluGraph([2]))
    #expect(performing: { try interpreter.run(inputs) }, throws: { "\($0)".contains(message) })
  }

  @Test func nanAndInfinityPropagate() throws {
    let outputs = try Interpreter(graph: try Self.reluGraph([3])).run([
      "x": NDArray(.float32, [3], floats: [.nan, .infinity, -.infinity])
    ])
    let y = outputs[0].value.floats
    #expect(y[0].isNaN && y[1] == .infinity && y[2] == 0)
  }

  @Test func graphsTooLargeToHoldAreRefusedUpFront() throws {
    #expect(throws: InterpreterError.self) { try Interpreter.checkSize(try Self.reluGraph([1 << 17, 1 << 16])) }
  }

  /// Every value is small, but the im2col column of a 7×7 convolution over 8,192 channels is
  /// 401,408 × 4,096 elements: the memory budget names the node before anything is allocated.
  @Test(arguments: [(8192, false), (64, true)])
  func convolutionScratchCountsAgainstTheBudget(channels: Int, fits: Bool) throws {
    var graph = Graph(name: "g")
    let x = graph.addValue("x", TensorType(.float32, [1, channels, 64, 64]))
    let w = graph.addValue("w", TensorType(.float32, [1, channels, 7, 7]))
    graph.inputs = [x, w]
    let attributes = ConvAttributes(
      kernelShape: [7, 7], strides: [1, 1], pads: [3, 3, 3, 3], dilations: [1, 1], group: 1)
    graph.outputs = try graph.addNode("conv", .conv(attributes), inputs: [x, w, nil], outputNames: ["y"])
    if fits {
      try Interpreter.checkSize(graph)
    } else {
      #expect(
        performing: { try Interpreter.checkSize(graph) },
        throws: { "\($0)".contains("over the interpreter's limit of 8589934592") && "\($0)".contains("conv") })
    }
  }
}
