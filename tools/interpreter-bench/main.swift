// Interpreter kernel benchmark: `swift run -c release tessera-interp-bench [--runs N] [MODEL]`.
//
// 1. MatMul 1024×1024×1024 fp32: median wall time and GFLOP/s (2·m·n·k flops).
// 2. Conv 3×3, 64→64 channels on 1×64×56×56, pads 1: median wall time and GFLOP/s.
// 3. Depthwise conv 3×3 on 1×144×56×56 (MobileNetV2's widest depthwise layer).
// 4. MODEL (default onnx-samples/resnet18.onnx) forward on seeded-random input, if every op runs.
import Foundation
import GraphIR
import Interpreter
import ONNXImport

nonisolated(unsafe) var runs = 5
var model = "onnx-samples/resnet18.onnx"
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  if argument == "--runs" { runs = arguments.popFirst().flatMap { Int($0) } ?? runs } else { model = argument }
}

/// Seeded uniform values in [-1, 1) (xorshift), so runs are comparable.
func randomTensor(_ shape: [Int], seed: UInt64) throws -> Tensor {
  var state = seed | 1
  let values = (0..<shape.reduce(1, *)).map { _ -> Float in
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return Float(state >> 40) / Float(1 << 23) - 1
  }
  return try Tensor(float32: shape, values)
}

/// Process CPU seconds (all threads).
func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

/// Median wall seconds of `runs` calls (after one warm-up), and the mean CPU seconds per call:
/// on a loaded machine the CPU time still shows per-core kernel speed.
func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
  try body()
  var times: [Double] = []
  let cpuStart = cpuSeconds()
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  return (times.sorted()[times.count / 2], (cpuSeconds() - cpuStart) / Double(runs))
}

/// Times a one-node graph whose operands are all graph inputs.
func timeNode(_ label: String, _ op: Op, _ shapes: [[Int]], macs: Int) throws {
  var graph = Graph(name: label)
  var inputs: [String: NDArray] = [:]
  let ids = try shapes.enumerated().map { index, shape in
    let name = "in\(index)"
    inputs[name] = NDArray(try randomTensor(shape, seed: UInt64(index + 1)))
    return graph.addValue(name, TensorType(.float32, shape))
  }
  graph.inputs = ids
  graph.outputs = try graph.addNode(label, op, inputs: ids, outputNames: ["out"])
  let interpreter = Interpreter(graph: graph)
  let (wall, cpu) = try measure { _ = try interpreter.run(inputs) }
  print(
    String(
      format: "%@: %.2f ms, %.1f GFLOP/s (CPU %.2f ms, %.1f GFLOP per CPU-second)", label, wall * 1e3,
      2 * Double(macs) / wall / 1e9, cpu * 1e3, 2 * Double(macs) / cpu / 1e9))
}

let conv3x3 = ConvAttributes(kernelShape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1)
try timeNode("matmul 1024x1024x1024", .matMul, [[1024, 1024], [1024, 1024]], macs: 1 << 30)
try timeNode("conv 3x3 64->64 56x56", .conv(conv3x3), [[1, 64, 56, 56], [64, 64, 3, 3]], macs: 64 * 64 * 9 * 56 * 56)
var depthwise = conv3x3
depthwise.group = 144
try timeNode(
  "depthwise 3x3 144ch 56x56", .conv(depthwise), [[1, 144, 56, 56], [144, 1, 3, 3]], macs: 144 * 9 * 56 * 56)

do {
  let graph = try ONNXImporter.importModel(at: model).graph
  var inputs: [String: NDArray] = [:]
  for (index, id) in graph.inputs.enumerated() {
    inputs[graph[id].name] = NDArray(try randomTensor(graph[id].type.shape, seed: UInt64(index + 7)))
  }
  let interpreter = Interpreter(graph: graph)
  let (wall, cpu) = try measure { _ = try interpreter.run(inputs) }
  print(
    String(format: "%@ forward: %.1f ms (CPU %.1f ms)", (model as NSString).lastPathComponent, wall * 1e3, cpu * 1e3))
} catch {
  print("\(model) forward: skipped (\(error))")
}
