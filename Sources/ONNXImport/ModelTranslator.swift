import Foundation
import GraphIR

/// Walks a decoded `ModelProto`: checks versions and operators, declares inputs and
/// initializers, translates nodes in topological order and marks the outputs.
struct ModelTranslator {
  let model: Onnx_ModelProto
  let baseDirectory: URL
  let options: ImportOptions

  func run() throws(LocatedError) -> ImportedModel {
    guard model.hasIrVersion else { throw LocatedError(message: "not an ONNX model (no ir_version)") }
    let ir = Int(model.irVersion)
    guard ONNXImporter.irVersions.contains(ir) else {
      throw LocatedError(
        message:
          "IR version \(ir) is not supported (supported: \(ONNXImporter.irVersions.lowerBound)–\(ONNXImporter.irVersions.upperBound))"
      )
    }
    guard model.hasGraph else { throw LocatedError(message: "the model has no graph") }
    let opset = try defaultOpset()
    let g = model.graph
    try checkOperators(g)
    var builder = GraphBuilder(
      name: g.name.isEmpty ? "main" : g.name, opset: opset, decoder: TensorDecoder(baseDirectory: baseDirectory))
    try declareInitializers(g, into: &builder)
    try declareInputs(g, into: &builder)
    for index in try topologicalOrder(g) {
      let proto = g.node[index]
      let name = builder.uniqueNodeName(proto.name, opType: proto.opType, index: index)
      do {
        let node = try context(proto, name: name, builder: builder)
        try builder.translate(node)
      } catch {
        throw LocatedError(node: name, message: error.message + batchHint(builder.batchChange))
      }
    }
    guard !g.output.isEmpty else { throw LocatedError(message: "the graph declares no outputs: nothing to compute") }
    for output in g.output {
      guard let id = builder.ids[output.name] else {
        throw LocatedError(message: "graph output '\(output.name)' is not produced by any node")
      }
      builder.graph.outputs.append(id)
    }
    let graph = builder.graph.pruned()
    #if DEBUG
      // The builder infers every type as it adds nodes; debug builds (and so the tests) check it.
      do { try graph.verify() } catch {
        throw LocatedError(node: error.node, message: "internal error: \(error.message)")
      }
    #endif
    return ImportedModel(graph: graph, irVersion: ir, opsetVersion: opset, producer: model.producerName)
  }

  /// Why a node may fail after the batch changed: the model may pin the old one.
  private func batchHint(_ change: BatchChange?) -> String {
    guard let change else { return "" }
    return
      " (the inputs' batch changed from \(change.old) to \(change.new); the model may fix it at \(change.old) here)"
  }

  private func defaultOpset() throws(LocatedError) -> Int {
    let entry = model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }
    guard let entry else { throw LocatedError(message: "the model imports no default-domain opset") }
    let version = Int(entry.version)
    guard ONNXImporter.opsetVersions.contains(version) else {
      throw LocatedError(
        message:
          "opset \(version) is not supported (supported: \(ONNXImporter.opsetVersions.lowerBound)–\(ONNXImporter.opsetVersions.upperBound))"
      )
    }
    return version
  }

  /// Fails listing every unsupported operator with its count and first node.
  private func checkOperators(_ g: Onnx_GraphProto) throws(LocatedError) {
    var counts: [String: (count: Int, first: String)] = [:]
    for (index, node) in g.node.enumerated() {
      let isDefault = node.domain.isEmpty || node.domain == "ai.onnx"
      guard !isDefault || !OperatorTable.supports(node.opType) else { continue }
      let key = isDefault ? node.opType : "\(node.domain).\(node.opType)"
      let name = node.name.isEmpty ? "#\(index)" : node.name
      counts[key, default: (0, name)].count += 1
    }
    guard !counts.isEmpty else { return }
    let listed = counts.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
      .map { "\($0.key) ×\($0.value.count) (first: '\($0.value.first)')" }
    throw LocatedError(message: "unsupported operators: " + listed.joined(separator: ", "))
  }

  private func declareInitializers(_ g: Onnx_GraphProto, into builder: inout GraphBuilder) throws(LocatedError) {
    for proto in g.initializer {
      do throws(TranslationError) {
        guard !proto.name.isEmpty else { throw TranslationError("an initializer has no name") }
        try builder.addConstant(proto.name, try builder.decoder.decode(proto))
      } catch { throw LocatedError(message: error.message) }
    }
    if !g.sparseInitializer.isEmpty { throw LocatedError(message: "sparse initializers are not supported") }
  }

  /// An initializer may give a graph input a default value (IR ≥ 4), but of the input's own
  /// type: a declared element type or fixed extent it contradicts is an error naming both.
  private func checkShadowedInputs(_ g: Onnx_GraphProto, _ builder: GraphBuilder) throws(LocatedError) {
    for input in g.input {
      guard let id = builder.ids[input.name], case .tensorType(let tensor)? = input.type.value else { continue }
      let actual = builder.graph[id].type
      let declaredType = try? DTypeMapping.dtype(Int(tensor.elemType))
      let dims = tensor.hasShape ? tensor.shape.dim.map { $0.dimValue > 0 ? Int($0.dimValue) : nil } : nil
      let rankDiffers = dims.map { $0.count != actual.rank } ?? false
      let extentDiffers = dims.map { zip($0, actual.shape).contains { $0.0 != nil && $0.0 != $0.1 } } ?? false
      if (tensor.elemType != 0 && declaredType != actual.dtype) || rankDiffers || extentDiffers {
        let shown = dims.map { "[" + $0.map { $0.map(String.init) ?? "?" }.joined(separator: ",") + "]" } ?? "?"
        throw LocatedError(
          message:
            "initializer '\(input.name)' is \(actual), but the graph input it shadows is declared \(declaredType.map { "\($0)" } ?? "#\(tensor.elemType)")\(shown)"
        )
      }
    }
  }

  /// Declares the graph inputs that are not initializers, binding symbolic dimensions, setting
  /// the batch (`--batch`) and overriding fixed extents (`--input-shape`).
  private func declareInputs(_ g: Onnx_GraphProto, into builder: inout GraphBuilder) throws(LocatedError) {
    let inputNames = g.input.map(\.name)
    for name in (Array(options.inputShapes.keys) + Array(options.inputValues.keys)).sorted()
    where !inputNames.contains(name) {
      throw LocatedError(
        message:
          "--input-shape names '\(name)', which is not a graph input (inputs: \(inputNames.joined(separator: ", ")))")
    }
    if let batch = options.batch, batch < 1 || batch > 1 << 31 {
      throw LocatedError(message: "--batch \(batch) is not a positive batch size")
    }
    let pending = g.input.filter { builder.ids[$0.name] == nil && options.inputValues[$0.name] == nil }
    let batchSymbols = Set(pending.compactMap { Self.batchAxis(of: $0)?.dimParam }.filter { !$0.isEmpty })
    var unbound: [String] = []
    var declared: [(String, TensorType)] = []
    var batchChanges: [BatchChange] = []
    /// Each symbolic dimension's extent and the input that bound it first: bindings must agree.
    var symbolBindings: [String: (extent: Int, input: String)] = [:]
    try checkShadowedInputs(g, builder)
    for input in g.input where builder.ids[input.name] == nil {
      if let value = options.inputValues[input.name] {
        do { try builder.addConstant(input.name, value) } catch { throw LocatedError(message: error.message) }
        continue
      }
      guard case .tensorType(let tensor)? = input.type.value else {
        throw LocatedError(message: "input '\(input.name)' is not a tensor; only tensor inputs are supported")
      }
      let dtype: DType
      do { dtype = try DTypeMapping.dtype(Int(tensor.elemType)) } catch {
        throw LocatedError(message: "input '\(input.name)': \(error.message)")
      }
      let dims = tensor.shape.dim
      let declaredShape = dims.map { dim -> Int in
        if case .dimValue(let value)? = dim.value, value >= 0 { Int(min(value, Int64(maxElements) + 1)) } else { -1 }
      }
      var shape = declaredShape
      if let batch = options.batch {
        for (axis, dim) in dims.enumerated()
        where batchSymbols.contains(dim.dimParam) || (axis == 0 && Self.batchAxis(of: input) != nil) {
          shape[axis] = batch
        }
      }
      if let bound = options.inputShapes[input.name] {
        guard !tensor.hasShape || bound.count == shape.count else {
          throw LocatedError(
            message: "--input-shape \(input.name) has rank \(bound.count), the model declares rank \(shape.count)")
        }
        guard bound.allSatisfy({ $0 >= 0 }) else {
          throw LocatedError(message: "--input-shape \(input.name) has a negative extent in \(bound)")
        }
        for (axis, extent) in shape.enumerated()
        where extent >= 0 && extent != bound[axis] && extent != declaredShape[axis] {
          throw LocatedError(
            message: "--input-shape \(input.name) sets axis \(axis) to \(bound[axis]), --batch to \(extent)")
        }
        for (axis, dim) in dims.enumerated() where !dim.dimParam.isEmpty {
          if let earlier = symbolBindings[dim.dimParam], earlier.extent != bound[axis] {
            throw LocatedError(
              message:
                "dimension '\(dim.dimParam)' is bound to \(earlier.extent) by '\(earlier.input)' but to \(bound[axis]) by '\(input.name)'"
            )
          }
          symbolBindings[dim.dimParam] = (bound[axis], input.name)
        }
        shape = bound
      } else if !tensor.hasShape {
        unbound.append("\(input.name) (unknown rank)")
      } else if shape.contains(-1) {
        let symbols = dims.indices.filter { shape[$0] == -1 }.map {
          dims[$0].dimParam.isEmpty ? "?\($0)" : dims[$0].dimParam
        }
        unbound.append("\(input.name)[\(symbols.joined(separator: ", "))]")
      }
      if let old = declaredShape.first, old >= 0, let new = shape.first, new != old, shape.count >= 2 {
        batchChanges.append(BatchChange(old: old, new: new))
      }
      if unbound.isEmpty || !shape.contains(-1) {
        do { try checkShapeLimits(shape.map { max($0, 0) }, "input '\(input.name)'") } catch {
          throw LocatedError(message: error.message)
        }
      }
      declared.append((input.name, TensorType(dtype, shape)))
    }
    guard unbound.isEmpty else {
      throw LocatedError(
        message:
          "unbound symbolic dimensions: \(unbound.joined(separator: "; ")); bind them with --input-shape NAME=1x3x224x224"
      )
    }
    if let batch = options.batch, !pending.contains(where: { Self.batchAxis(of: $0) != nil }) {
      throw LocatedError(
        message:
          "--batch \(batch): no input has a batch axis (rank ≥ 2, axis 0 symbolic or 1); give shapes with --input-shape"
      )
    }
    if let first = batchChanges.first, batchChanges.allSatisfy({ $0 == first }) { builder.batchChange = first }
    for (name, type) in declared {
      let id = builder.graph.addValue(name, type)
      builder.graph.inputs.append(id)
      do { try builder.define(name, as: id) } catch { throw LocatedError(message: error.message) }
    }
  }

  /// Axis 0 of `input` when it is the batch: a tensor of rank ≥ 2 whose axis 0 is symbolic or 1.
  private static func batchAxis(of input: Onnx_ValueInfoProto) -> Onnx_TensorShapeProto.Dimension? {
    guard case .tensorType(let tensor)? = input.type.value, tensor.shape.dim.count >= 2 else { return nil }
    let dim = tensor.shape.dim[0]
    if case .dimValue(let value)? = dim.value { return value == 1 ? dim : nil }
    return dim
  }

  private func context(_ proto: Onnx_NodeProto, name: String, builder: GraphBuilder) throws(TranslationError)
    -> NodeContext
  {
    var inputs: [ValueID?] = []
    for input in proto.input {
      if input.isEmpty {
        inputs.append(nil)
      } else if let id = builder.ids[input] {
        inputs.append(id)
      } else {
        throw TranslationError("input '\(input)' names no tensor")
      }
    }
    var outputs = Array(proto.output)
    while outputs.last?.isEmpty == true { outputs.removeLast() }
    guard !outputs.isEmpty else { throw TranslationError("the node has no outputs") }
    let outputNames = outputs.enumerated().map { $1.isEmpty ? "\(name):\($0)" : $1 }
    return NodeContext(
      opType: proto.opType, name: name, inputs: inputs, outputNames: outputNames, attributes: try AttributeReader(proto)
    )
  }
}
