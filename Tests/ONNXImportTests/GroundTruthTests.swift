import Foundation
import GraphIR
import ONNXImport
import Testing

/// The light models against the shapes and MACs onnxruntime computed for them
/// (`testdata/reference-shapes/<model>.json`).
@Suite struct GroundTruthTests {
  static let models = [
    "alexnet", "bert_tiny", "dilated_vgg", "lenet5", "mlp", "mobilenet_v2", "resnet18", "resnet50",
    "squeezenet1_1", "tc_resnet8", "vgg16",
  ]

  struct Reference: Decodable {
    struct TensorInfo: Decodable {
      var name: String
      var shape: [Int]
    }
    struct NodeInfo: Decodable {
      var name: String
      var op: String
      var outputs: [TensorInfo]
    }
    var inputs: [TensorInfo]
    var outputs: [TensorInfo]
    var nodes: [NodeInfo]
    var total_macs: Int

    /// Every named tensor with its shape: inputs, then node outputs.
    var shapes: [(name: String, shape: [Int])] {
      (inputs + nodes.flatMap(\.outputs)).map { ($0.name, $0.shape) }
    }
  }

  private func load(_ model: String) throws -> (ImportedModel, Reference) {
    let path = RepositoryFiles.samples.appendingPathComponent("\(model).onnx").path
    let referenceData = try RepositoryFiles.contents(
      of: RepositoryFiles.referenceShapes.appendingPathComponent("\(model).json"))
    _ = try RepositoryFiles.contents(of: URL(fileURLWithPath: path))
    let reference = try JSONDecoder().decode(Reference.self, from: referenceData)
    return (try ONNXImporter.importModel(at: path), reference)
  }

  @Test("shapes of every tensor both sides name", arguments: models)
  func shapesMatch(model: String) throws {
    let (imported, reference) = try load(model)
    let graph = imported.graph
    var types: [String: TensorType] = [:]
    for value in graph.values { types[value.name] = value.type }
    var compared = 0
    for (name, shape) in reference.shapes {
      guard let type = types[name] else { continue }
      #expect(type.shape == shape, "\(model): '\(name)' is \(type), onnxruntime says \(shape)")
      compared += 1
    }
    #expect(
      compared >= reference.inputs.count + reference.outputs.count,
      "\(model): only \(compared) tensors in common")
    // The comparison must cover every contraction: they carry the MACs.
    for node in reference.nodes where ["Conv", "ConvTranspose", "Gemm", "MatMul"].contains(node.op) {
      for output in node.outputs {
        #expect(
          types[output.name] != nil, "\(model): \(node.op) output '\(output.name)' is missing from our graph")
      }
    }
  }

  @Test("reference outputs are graph outputs", arguments: models)
  func outputsMatch(model: String) throws {
    let (imported, reference) = try load(model)
    let graph = imported.graph
    let outputs = Dictionary(
      uniqueKeysWithValues: graph.outputs.map { (graph[$0].name, graph[$0].type.shape) })
    for output in reference.outputs {
      #expect(
        outputs[output.name] == output.shape,
        "\(model): output '\(output.name)' \(output.shape), ours \(outputs)")
    }
  }

  @Test("total MACs", arguments: models)
  func macsMatch(model: String) throws {
    let (imported, reference) = try load(model)
    #expect(imported.graph.totalMACs == reference.total_macs, "\(model)")
  }
}
