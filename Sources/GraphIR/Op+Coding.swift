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
    func decode<T: Decodable>(_: T.Type) throws(IRError) -> T {
      guard let json else { throw IRError("op '\(name)' needs attributes") }
      let decoder = JSONDecoder()
      decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      do { return try decoder.decode(T.self, from: Data(json.utf8)) } catch {
        throw IRError("bad attributes for '\(name)': \(json)")
      }
    }
    if let function = UnaryFunction(rawValue: name) { self = .unary(function); return }
    if let function = BinaryFunction(rawValue: name) { self = .binary(function); return }
    if let function = VariadicFunction(rawValue: name) { self = .variadic(function); return }
    if let function = ReduceFunction(rawValue: name) {
      self = .reduce(function, try decode(ReduceAttributes.self)); return
    }
    switch name {
    case "conv": self = .conv(try decode(ConvAttributes.self))
    case "qLinearConv": self = .qLinearConv(try decode(ConvAttributes.self))
    case "convInteger": self = .convInteger(try decode(ConvAttributes.self))
    case "convTranspose": self = .convTranspose(try decode(ConvTransposeAttributes.self))
    case "gemm": self = .gemm(try decode(GemmAttributes.self))
    case "matMul": self = .matMul
    case "einsum": self = .einsum(try decode(EinsumAttributes.self))
    case "qLinearMatMul": self = .qLinearMatMul
    case "matMulInteger": self = .matMulInteger
    case "maxPool": self = .maxPool(try decode(PoolAttributes.self))
    case "averagePool": self = .averagePool(try decode(PoolAttributes.self))
    case "globalAveragePool": self = .globalAveragePool
    case "globalMaxPool": self = .globalMaxPool
    case "batchNormalization": self = .batchNormalization(try decode(BatchNormAttributes.self))
    case "layerNormalization": self = .layerNormalization(try decode(LayerNormAttributes.self))
    case "lrn": self = .lrn(try decode(LRNAttributes.self))
    case "softmax": self = .softmax(try decode(SoftmaxAttributes.self))
    case "logSoftmax": self = .logSoftmax(try decode(SoftmaxAttributes.self))
    case "leakyRelu": self = .leakyRelu(try decode(ActivationAttributes.self))
    case "hardSigmoid": self = .hardSigmoid(try decode(ActivationAttributes.self))
    case "elu": self = .elu(try decode(ActivationAttributes.self))
    case "selu": self = .selu(try decode(ActivationAttributes.self))
    case "gelu": self = .gelu(try decode(GeluAttributes.self))
    case "clip": self = .clip(try decode(ClipAttributes.self))
    case "cast": self = .cast(try decode(CastAttributes.self))
    case "where": self = .where
    case "quantizeLinear": self = .quantizeLinear(try decode(QuantizeAttributes.self))
    case "dequantizeLinear": self = .dequantizeLinear(try decode(QuantizeAttributes.self))
    case "identity": self = .identity
    case "dropout": self = .dropout
    case "reshape": self = .reshape(try decode(ShapeAttributes.self))
    case "expand": self = .expand(try decode(ShapeAttributes.self))
    case "flatten": self = .flatten(try decode(AxisAttributes.self))
    case "concat": self = .concat(try decode(AxisAttributes.self))
    case "gather": self = .gather(try decode(AxisAttributes.self))
    case "gatherElements": self = .gatherElements(try decode(AxisAttributes.self))
    case "transpose": self = .transpose(try decode(TransposeAttributes.self))
    case "squeeze": self = .squeeze(try decode(AxesAttributes.self))
    case "unsqueeze": self = .unsqueeze(try decode(AxesAttributes.self))
    case "split": self = .split(try decode(SplitAttributes.self))
    case "slice": self = .slice(try decode(SliceAttributes.self))
    case "pad": self = .pad(try decode(PadAttributes.self))
    case "resize": self = .resize(try decode(ResizeAttributes.self))
    case "tile": self = .tile(try decode(TileAttributes.self))
    case "trilu": self = .trilu(try decode(TriluAttributes.self))
    case "instanceNormalization": self = .instanceNormalization(try decode(BatchNormAttributes.self))
    case "depthToSpace": self = .depthToSpace(try decode(DepthToSpaceAttributes.self))
    case "spaceToDepth": self = .spaceToDepth(try decode(DepthToSpaceAttributes.self))
    case "cumSum": self = .cumSum(try decode(CumSumAttributes.self))
    case "relayout": self = .relayout(try decode(RelayoutAttributes.self))
    case "argMax": self = .argMax(try decode(ArgReduceAttributes.self))
    case "argMin": self = .argMin(try decode(ArgReduceAttributes.self))
    default: throw IRError("unknown op '\(name)'")
    }
  }
}
