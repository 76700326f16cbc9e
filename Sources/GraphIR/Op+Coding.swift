import Foundation

/// Op ⇄ (name, attribute JSON) for the textual IR.
extension Op {
  /// The typed payload, for printing; `nil` for ops without attributes.
  var payload: (any Encodable)? {
    switch self {
    case .conv(let a), .qLinearConv(let a), .convInteger(let a): a
    case .convTranspose(let a): a
    case .gemm(let a): a
    case .einsum(let a): a
    case .maxPool(let a), .averagePool(let a): a
    case .batchNormalization(let a): a
    case .layerNormalization(let a): a
    case .lrn(let a): a
    case .softmax(let a), .logSoftmax(let a): a
    case .leakyRelu(let a), .hardSigmoid(let a), .elu(let a), .selu(let a): a
    case .gelu(let a): a
    case .clip(let a): a
    case .cast(let a): a
    case .quantizeLinear(let a), .dequantizeLinear(let a): a
    case .reshape(let a), .expand(let a): a
    case .flatten(let a), .concat(let a), .gather(let a), .gatherElements(let a): a
    case .transpose(let a): a
    case .squeeze(let a), .unsqueeze(let a): a
    case .split(let a): a
    case .slice(let a): a
    case .pad(let a): a
    case .resize(let a): a
    case .tile(let a): a
    case .trilu(let a): a
    case .instanceNormalization(let a): a
    case .depthToSpace(let a), .spaceToDepth(let a): a
    case .cumSum(let a): a
    case .relayout(let a): a
    case .argMax(let a), .argMin(let a): a
    case .reduce(_, let a): a
    case .matMul, .qLinearMatMul, .matMulInteger, .globalAveragePool, .globalMaxPool, .unary, .binary,
      .variadic, .where, .identity, .dropout:
      nil
    }
  }

  /// Attributes as compact JSON with sorted keys, or `nil` for ops without attributes.
  public var attributeJSON: String? {
    guard let payload else { return nil }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard let data = try? encoder.encode(payload) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// Rebuilds an op from its textual name and attribute JSON.
  public init(name: String, attributeJSON json: String?) throws(IRError) {
    let attributes = AttributeJSON(name: name, json: json)
    if let function = UnaryFunction(rawValue: name) { self = .unary(function); return }
    if let function = BinaryFunction(rawValue: name) { self = .binary(function); return }
    if let function = VariadicFunction(rawValue: name) { self = .variadic(function); return }
    if let function = ReduceFunction(rawValue: name) {
      self = .reduce(function, try attributes(ReduceAttributes.self)); return
    }
    guard let build = Self.builders[name] else { throw IRError("unknown op '\(name)'") }
    do { self = try build(attributes) } catch let error as IRError { throw error } catch { throw IRError("\(error)") }
  }

  /// Every op name of the textual IR (`conv`, `relu`, `reduceMean`, …).
  public static let names: Set<String> = Set(builders.keys)
    .union(UnaryFunction.allCases.map(\.rawValue)).union(BinaryFunction.allCases.map(\.rawValue))
    .union(VariadicFunction.allCases.map(\.rawValue)).union(ReduceFunction.allCases.map(\.rawValue))

  /// The ops outside the function families, by name, built from their attributes.
  private static let builders: [String: @Sendable (AttributeJSON) throws -> Op] = [
    "conv": { .conv(try $0(ConvAttributes.self)) },
    "qLinearConv": { .qLinearConv(try $0(ConvAttributes.self)) },
    "convInteger": { .convInteger(try $0(ConvAttributes.self)) },
    "convTranspose": { .convTranspose(try $0(ConvTransposeAttributes.self)) },
    "gemm": { .gemm(try $0(GemmAttributes.self)) },
    "matMul": { _ in .matMul },
    "einsum": { .einsum(try $0(EinsumAttributes.self)) },
    "qLinearMatMul": { _ in .qLinearMatMul },
    "matMulInteger": { _ in .matMulInteger },
    "maxPool": { .maxPool(try $0(PoolAttributes.self)) },
    "averagePool": { .averagePool(try $0(PoolAttributes.self)) },
    "globalAveragePool": { _ in .globalAveragePool },
    "globalMaxPool": { _ in .globalMaxPool },
    "batchNormalization": { .batchNormalization(try $0(BatchNormAttributes.self)) },
    "layerNormalization": { .layerNormalization(try $0(LayerNormAttributes.self)) },
    "lrn": { .lrn(try $0(LRNAttributes.self)) },
    "softmax": { .softmax(try $0(SoftmaxAttributes.self)) },
    "logSoftmax": { .logSoftmax(try $0(SoftmaxAttributes.self)) },
    "leakyRelu": { .leakyRelu(try $0(ActivationAttributes.self)) },
    "hardSigmoid": { .hardSigmoid(try $0(ActivationAttributes.self)) },
    "elu": { .elu(try $0(ActivationAttributes.self)) },
    "selu": { .selu(try $0(ActivationAttributes.self)) },
    "gelu": { .gelu(try $0(GeluAttributes.self)) },
    "clip": { .clip(try $0(ClipAttributes.self)) },
    "cast": { .cast(try $0(CastAttributes.self)) },
    "where": { _ in .where },
    "quantizeLinear": { .quantizeLinear(try $0(QuantizeAttributes.self)) },
    "dequantizeLinear": { .dequantizeLinear(try $0(QuantizeAttributes.self)) },
    "identity": { _ in .identity },
    "dropout": { _ in .dropout },
    "reshape": { .reshape(try $0(ShapeAttributes.self)) },
    "expand": { .expand(try $0(ShapeAttributes.self)) },
    "flatten": { .flatten(try $0(AxisAttributes.self)) },
    "concat": { .concat(try $0(AxisAttributes.self)) },
    "gather": { .gather(try $0(AxisAttributes.self)) },
    "gatherElements": { .gatherElements(try $0(AxisAttributes.self)) },
    "transpose": { .transpose(try $0(TransposeAttributes.self)) },
    "squeeze": { .squeeze(try $0(AxesAttributes.self)) },
    "unsqueeze": { .unsqueeze(try $0(AxesAttributes.self)) },
    "split": { .split(try $0(SplitAttributes.self)) },
    "slice": { .slice(try $0(SliceAttributes.self)) },
    "pad": { .pad(try $0(PadAttributes.self)) },
    "resize": { .resize(try $0(ResizeAttributes.self)) },
    "tile": { .tile(try $0(TileAttributes.self)) },
    "trilu": { .trilu(try $0(TriluAttributes.self)) },
    "instanceNormalization": { .instanceNormalization(try $0(BatchNormAttributes.self)) },
    "depthToSpace": { .depthToSpace(try $0(DepthToSpaceAttributes.self)) },
    "spaceToDepth": { .spaceToDepth(try $0(DepthToSpaceAttributes.self)) },
    "cumSum": { .cumSum(try $0(CumSumAttributes.self)) },
    "relayout": { .relayout(try $0(RelayoutAttributes.self)) },
    "argMax": { .argMax(try $0(ArgReduceAttributes.self)) },
    "argMin": { .argMin(try $0(ArgReduceAttributes.self)) },
  ]
}

/// An op's attribute JSON, decoded on demand into its attribute struct.
private struct AttributeJSON {
  var name: String
  var json: String?

  func callAsFunction<T: Decodable>(_: T.Type) throws(IRError) -> T {
    guard let json else { throw IRError("op '\(name)' needs attributes") }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do { return try decoder.decode(T.self, from: Data(json.utf8)) } catch {
      throw IRError("bad attributes for '\(name)': \(json)")
    }
  }
}
