import Foundation
import Interpreter
import ONNXImport
import SwiftProtobuf

/// Structure-aware mutation of ONNX models: the bytes are decoded as a `ModelProto`, one
/// field that the importer and the passes read is changed (a dimension, an attribute, an
/// operator, an edge, an element type, the node order), and the message is encoded again.
/// Byte mutations rarely survive protobuf decoding and shape inference; these reach the
/// verifier, the passes, the scheduler and the simulator with models that are almost valid.
struct ModelMutator {
  var random: SplitMix64

  /// Values at the edges of every check: zero, one, negatives, powers of two, overflow.
  static let interesting: [Int64] = [0, 1, -1, 2, 3, 7, 16, 64, 255, 1 << 16, 1 << 31, 1 << 40, .max, .min, -7]
  /// Operators the importer translates, for swapping one for another.
  static let operators = [
    "Conv", "Relu", "Add", "Mul", "MatMul", "Gemm", "MaxPool", "AveragePool", "GlobalAveragePool", "Reshape",
    "Transpose", "Concat", "Softmax", "BatchNormalization", "Flatten", "Sigmoid", "ConvTranspose", "Split",
    "Slice", "Gather", "Cast", "Pad", "Resize", "LRN", "Unknown",
  ]

  /// The mutated encoding, or nil when `bytes` is not a model (the caller mutates bytes then).
  mutating func mutate(_ bytes: Data) -> Data? {
    guard var model = try? Onnx_ModelProto(serializedBytes: bytes), model.hasGraph else { return nil }
    let rounds = 1 + pick(3)
    for _ in 0..<rounds { mutate(&model.graph) }
    return try? model.serializedData()
  }

  mutating func mutate(_ graph: inout Onnx_GraphProto) {
    let names = graph.input.map(\.name) + graph.initializer.map(\.name) + graph.node.flatMap(\.output)
    switch pick(10) {
    case 0:  // a dimension of a declared value
      var infos = graph.input + graph.output + graph.valueInfo
      guard !infos.isEmpty else { return }
      let index = pick(infos.count)
      var dims = infos[index].type.tensorType.shape.dim
      guard !dims.isEmpty else { return }
      dims[pick(dims.count)].dimValue = interestingValue()
      infos[index].type.tensorType.shape.dim = dims
      graph.input = Array(infos.prefix(graph.input.count))
      graph.output = Array(infos.dropFirst(graph.input.count).prefix(graph.output.count))
      graph.valueInfo = Array(infos.suffix(graph.valueInfo.count))
    case 1:  // an integer attribute or one element of a list
      guard let node = pickNode(graph), !graph.node[node].attribute.isEmpty else { return }
      let index = pick(graph.node[node].attribute.count)
      var attribute = graph.node[node].attribute[index]
      if attribute.ints.isEmpty {
        attribute.i = interestingValue()
      } else {
        attribute.ints[pick(attribute.ints.count)] = interestingValue()
      }
      graph.node[node].attribute[index] = attribute
    case 2:  // the operator
      guard let node = pickNode(graph) else { return }
      graph.node[node].opType = Self.operators[pick(Self.operators.count)]
    case 3:  // an edge: one input now reads another value, or nothing
      guard let node = pickNode(graph), !graph.node[node].input.isEmpty else { return }
      let choices = names + [""]
      graph.node[node].input[pick(graph.node[node].input.count)] = choices[pick(choices.count)]
    case 4:  // arity: an input dropped or one more
      guard let node = pickNode(graph) else { return }
      if !graph.node[node].input.isEmpty && pick(2) == 0 {
        graph.node[node].input.remove(at: pick(graph.node[node].input.count))
      } else if let name = names.isEmpty ? nil : names[pick(names.count)] {
        graph.node[node].input.append(name)
      }
    case 5:  // a node removed or repeated
      guard let node = pickNode(graph) else { return }
      if pick(2) == 0 { graph.node.remove(at: node) } else { graph.node.insert(graph.node[node], at: node) }
    case 6:  // two nodes swapped: the order may no longer be topological
      guard graph.node.count >= 2 else { return }
      graph.node.swapAt(pick(graph.node.count), pick(graph.node.count))
    case 7:  // an element type
      let codes: [Int32] = [0, 1, 2, 3, 6, 7, 9, 10, 11, 16, 17, 23, 99, -1]
      if !graph.initializer.isEmpty && pick(2) == 0 {
        graph.initializer[pick(graph.initializer.count)].dataType = codes[pick(codes.count)]
      } else if !graph.input.isEmpty {
        graph.input[pick(graph.input.count)].type.tensorType.elemType = codes[pick(codes.count)]
      }
    case 8:  // an initializer's dimensions disagree with its data
      guard !graph.initializer.isEmpty else { return }
      let index = pick(graph.initializer.count)
      if graph.initializer[index].dims.isEmpty || pick(3) == 0 {
        graph.initializer[index].dims.append(interestingValue())
      } else {
        graph.initializer[index].dims[pick(graph.initializer[index].dims.count)] = interestingValue()
      }
    default:  // a graph output renamed to another value (or one that does not exist)
      guard !graph.output.isEmpty else { return }
      let choices = names + ["missing"]
      graph.output[pick(graph.output.count)].name = choices[pick(choices.count)]
    }
  }

  mutating func pick(_ count: Int) -> Int { Int(random.next() % UInt64(max(count, 1))) }

  mutating func pickNode(_ graph: Onnx_GraphProto) -> Int? {
    graph.node.isEmpty ? nil : pick(graph.node.count)
  }

  mutating func interestingValue() -> Int64 {
    pick(4) == 0 ? Int64(pick(4096)) : Self.interesting[pick(Self.interesting.count)]
  }
}
