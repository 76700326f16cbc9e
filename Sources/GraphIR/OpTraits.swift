/// The families of ops the compiler treats alike.
public enum OpGroup: String, CaseIterable, Sendable {
  /// Convolutions and matrix products: the ops a MAC array runs.
  case contraction
  /// Windowed and global pooling.
  case pooling
  /// Normalizations and softmax: reductions over an axis combined with elementwise math.
  case normalization
  /// Each output element from the same position of the (broadcast) inputs.
  case elementwise
  /// Type conversions (quantize, dequantize, cast): run in a kernel's load and store path.
  case conversion
  /// Relabel elements without moving them (reshape, identity).
  case relabel
  /// Rearrange or copy elements, computing nothing (transpose, concat, pad, relayout).
  case movement
  /// Interpolate between elements (resize).
  case resampling
  /// Depend on element positions along an axis (cumulative sums, triangular masks).
  case positional
  /// Reduce axes to one value (or index) each.
  case reduction
}

/// What the compiler knows of an op beyond its semantics: its names, its group and which
/// input holds a contraction's weights. `Op.traits` is the one table (an exhaustive switch:
/// a new op does not compile until it has a row); names, groups and weight operands are read
/// from it.
public struct OpTraits: Sendable, Equatable {
  /// The textual IR's name (`conv`, `relu`, `reduceMean`).
  public var name: String
  /// The ONNX operator type (`Conv`, `Relu`, `ReduceMean`): the name capitalized unless the
  /// table says otherwise (computed when asked: `traits` is read for every node by every pass).
  public var onnxName: String { onnx ?? name.prefix(1).uppercased() + name.dropFirst() }
  private var onnx: String?
  public var group: OpGroup
  /// The input holding a contraction's weights (`W` of Conv, `B` of Gemm), `nil` otherwise.
  public var weightInput: Int?

  init(_ name: String, _ group: OpGroup, weightInput: Int? = nil, onnx: String? = nil) {
    self.name = name
    self.onnx = onnx
    self.group = group
    self.weightInput = weightInput
  }
}

extension Op {
  /// The op's row of the trait table.
  public var traits: OpTraits {
    switch self {
    case .conv: OpTraits("conv", .contraction, weightInput: 1)
    case .convTranspose: OpTraits("convTranspose", .contraction, weightInput: 1)
    case .gemm: OpTraits("gemm", .contraction, weightInput: 1)
    case .matMul: OpTraits("matMul", .contraction, weightInput: 1)
    case .einsum: OpTraits("einsum", .contraction, weightInput: 1)
    case .qLinearConv: OpTraits("qLinearConv", .contraction, weightInput: 3, onnx: "QLinearConv")
    case .convInteger: OpTraits("convInteger", .contraction, weightInput: 1)
    case .qLinearMatMul: OpTraits("qLinearMatMul", .contraction, weightInput: 3, onnx: "QLinearMatMul")
    case .matMulInteger: OpTraits("matMulInteger", .contraction, weightInput: 1)
    case .maxPool: OpTraits("maxPool", .pooling)
    case .averagePool: OpTraits("averagePool", .pooling)
    case .globalAveragePool: OpTraits("globalAveragePool", .pooling)
    case .globalMaxPool: OpTraits("globalMaxPool", .pooling)
    case .batchNormalization: OpTraits("batchNormalization", .normalization)
    case .layerNormalization: OpTraits("layerNormalization", .normalization)
    case .lrn: OpTraits("lrn", .normalization, onnx: "LRN")
    case .instanceNormalization: OpTraits("instanceNormalization", .normalization)
    case .softmax: OpTraits("softmax", .normalization)
    case .logSoftmax: OpTraits("logSoftmax", .normalization)
    case .unary(let function): OpTraits(function.rawValue, .elementwise)
    case .leakyRelu: OpTraits("leakyRelu", .elementwise)
    case .hardSigmoid: OpTraits("hardSigmoid", .elementwise)
    case .elu: OpTraits("elu", .elementwise)
    case .selu: OpTraits("selu", .elementwise)
    case .gelu: OpTraits("gelu", .elementwise)
    case .clip: OpTraits("clip", .elementwise)
    case .binary(.prelu): OpTraits("prelu", .elementwise, onnx: "PRelu")
    case .binary(let function): OpTraits(function.rawValue, .elementwise)
    case .variadic(let function): OpTraits(function.rawValue, .elementwise)
    case .where: OpTraits("where", .elementwise)
    case .cast: OpTraits("cast", .conversion)
    case .quantizeLinear: OpTraits("quantizeLinear", .conversion)
    case .dequantizeLinear: OpTraits("dequantizeLinear", .conversion)
    case .identity: OpTraits("identity", .relabel)
    case .dropout: OpTraits("dropout", .relabel)
    case .reshape: OpTraits("reshape", .relabel)
    case .flatten: OpTraits("flatten", .relabel)
    case .squeeze: OpTraits("squeeze", .relabel)
    case .unsqueeze: OpTraits("unsqueeze", .relabel)
    case .transpose: OpTraits("transpose", .movement)
    case .concat: OpTraits("concat", .movement)
    case .split: OpTraits("split", .movement)
    case .slice: OpTraits("slice", .movement)
    case .gather: OpTraits("gather", .movement)
    case .gatherElements: OpTraits("gatherElements", .movement)
    case .pad: OpTraits("pad", .movement)
    case .expand: OpTraits("expand", .movement)
    case .tile: OpTraits("tile", .movement)
    case .depthToSpace: OpTraits("depthToSpace", .movement)
    case .spaceToDepth: OpTraits("spaceToDepth", .movement)
    case .relayout: OpTraits("relayout", .movement)
    case .resize: OpTraits("resize", .resampling)
    case .trilu: OpTraits("trilu", .positional)
    case .cumSum: OpTraits("cumSum", .positional)
    case .reduce(let function, _): OpTraits(function.rawValue, .reduction)
    case .argMax: OpTraits("argMax", .reduction)
    case .argMin: OpTraits("argMin", .reduction)
    }
  }

  /// The op's name in the textual IR (`conv`, `relu`, `reduceMean`).
  public var name: String { traits.name }
  /// The ONNX operator type this op corresponds to (`Conv`, `Relu`, `ReduceMean`).
  public var onnxName: String { traits.onnxName }
  public var group: OpGroup { traits.group }
  /// Convolutions and matrix products: the ops a MAC array runs.
  public var isContraction: Bool { group == .contraction }
  /// Ops that only rearrange or relabel elements, computing nothing.
  public var isDataMovement: Bool { group == .relabel || group == .movement }
  /// Ops computing each output element from the same position of their (broadcast) inputs.
  public var isElementwise: Bool { group == .elementwise || group == .conversion }
  /// Ops a kernel runs in its load and store path at no cost: relabelling and requantization
  /// (a cast is a conversion but converts on the vector path).
  public var isPassThrough: Bool {
    switch self {
    case .quantizeLinear, .dequantizeLinear: true
    default: group == .relabel
    }
  }
}
