/// Typed attribute payloads of `Op` cases.
///
/// Everything the ONNX operator takes as a constant input or an attribute is resolved at
/// import into these structs (explicit pads instead of `auto_pad`, non-negative axes, target
/// shapes with `0`/`-1` resolved), so passes and cost models never consult the opset.

/// Convolution (also `QLinearConv`, `ConvInteger`). Lists have one entry per spatial axis;
/// `pads` holds all begins, then all ends, as in ONNX.
public struct ConvAttributes: Codable, Hashable, Sendable {
  public var kernelShape: [Int]
  public var strides: [Int]
  public var pads: [Int]
  public var dilations: [Int]
  public var group: Int

  public init(kernelShape: [Int], strides: [Int], pads: [Int], dilations: [Int], group: Int) {
    self.kernelShape = kernelShape
    self.strides = strides
    self.pads = pads
    self.dilations = dilations
    self.group = group
  }
}

/// Transposed convolution; `outputPadding` is added at the end of each spatial axis.
public struct ConvTransposeAttributes: Codable, Hashable, Sendable {
  public var conv: ConvAttributes
  public var outputPadding: [Int]

  public init(conv: ConvAttributes, outputPadding: [Int]) {
    self.conv = conv
    self.outputPadding = outputPadding
  }
}

/// `MaxPool` / `AveragePool` windows.
public struct PoolAttributes: Codable, Hashable, Sendable {
  public var kernelShape: [Int]
  public var strides: [Int]
  public var pads: [Int]
  public var dilations: [Int]
  public var ceilMode: Bool
  /// Average pooling only: divide by the full window, padding included.
  public var countIncludePad: Bool

  public init(
    kernelShape: [Int], strides: [Int], pads: [Int], dilations: [Int], ceilMode: Bool,
    countIncludePad: Bool
  ) {
    self.kernelShape = kernelShape
    self.strides = strides
    self.pads = pads
    self.dilations = dilations
    self.ceilMode = ceilMode
    self.countIncludePad = countIncludePad
  }
}

/// `Y = alpha · op(A) · op(B) + beta · C`.
public struct GemmAttributes: Codable, Hashable, Sendable {
  public var alpha: Double
  public var beta: Double
  public var transA: Bool
  public var transB: Bool

  public init(alpha: Double = 1, beta: Double = 1, transA: Bool = false, transB: Bool = false) {
    self.alpha = alpha
    self.beta = beta
    self.transA = transA
    self.transB = transB
  }
}

/// An `Einsum` equation in explicit form (`ij,jk->ik`), ellipsis allowed.
public struct EinsumAttributes: Codable, Hashable, Sendable {
  public var equation: String
  public init(equation: String) { self.equation = equation }
}

/// `BatchNormalization` in inference mode.
public struct BatchNormAttributes: Codable, Hashable, Sendable {
  public var epsilon: Double
  public init(epsilon: Double) { self.epsilon = epsilon }
}

/// `LayerNormalization` over axes `axis..<rank` (axis non-negative).
public struct LayerNormAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public var epsilon: Double
  public init(axis: Int, epsilon: Double) {
    self.axis = axis
    self.epsilon = epsilon
  }
}

/// Local response normalization across channels.
public struct LRNAttributes: Codable, Hashable, Sendable {
  public var size: Int
  public var alpha: Double
  public var beta: Double
  public var bias: Double
  public init(size: Int, alpha: Double, beta: Double, bias: Double) {
    self.size = size
    self.alpha = alpha
    self.beta = beta
    self.bias = bias
  }
}

/// A single non-negative axis (`Softmax`, `Concat`, `Gather`, `Flatten`, Q/DQ, …).
public struct AxisAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public init(axis: Int) { self.axis = axis }
}

/// `Softmax`/`LogSoftmax`. `coerced2D` keeps the opset < 13 meaning: the input is
/// flattened to 2-D at `axis` and normalized over everything from `axis` on.
public struct SoftmaxAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public var coerced2D: Bool
  public init(axis: Int, coerced2D: Bool = false) {
    self.axis = axis
    self.coerced2D = coerced2D
  }
}

/// A list of non-negative axes (`Squeeze`, `Unsqueeze`), sorted.
public struct AxesAttributes: Codable, Hashable, Sendable {
  public var axes: [Int]
  public init(axes: [Int]) { self.axes = axes }
}

/// `Transpose`: output axis `i` is input axis `perm[i]`.
public struct TransposeAttributes: Codable, Hashable, Sendable {
  public var perm: [Int]
  public init(perm: [Int]) { self.perm = perm }
}

/// A target shape, fully resolved (`Reshape`, `Expand`).
public struct ShapeAttributes: Codable, Hashable, Sendable {
  public var shape: [Int]
  public init(shape: [Int]) { self.shape = shape }
}

/// `Split` into pieces of `sizes` along `axis`.
public struct SplitAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public var sizes: [Int]
  public init(axis: Int, sizes: [Int]) {
    self.axis = axis
    self.sizes = sizes
  }
}

/// `Slice` with ONNX semantics: raw starts/ends (clamped when applied), one per axis.
public struct SliceAttributes: Codable, Hashable, Sendable {
  public var starts: [Int]
  public var ends: [Int]
  public var axes: [Int]
  public var steps: [Int]
  public init(starts: [Int], ends: [Int], axes: [Int], steps: [Int]) {
    self.starts = starts
    self.ends = ends
    self.axes = axes
    self.steps = steps
  }
}

/// `Pad` with explicit begins-then-ends for every axis.
public struct PadAttributes: Codable, Hashable, Sendable {
  public enum Mode: String, Codable, Sendable { case constant, reflect, edge, wrap }
  public var mode: Mode
  public var pads: [Int]
  public var value: Double
  public init(mode: Mode, pads: [Int], value: Double) {
    self.mode = mode
    self.pads = pads
    self.value = value
  }
}

/// `Resize`/`Upsample` with the output shape resolved; `scales` are the ones the
/// coordinate transform uses (given by the model, or output/input when sizes were given).
public struct ResizeAttributes: Codable, Hashable, Sendable {
  public var mode: String
  public var coordinateTransformationMode: String
  public var nearestMode: String
  public var cubicCoeffA: Double
  public var excludeOutside: Bool
  public var extrapolationValue: Double
  public var scales: [Double]
  public var outputShape: [Int]
  /// Region of interest for `tf_crop_and_resize` (begins then ends), else empty.
  public var roi: [Double]
  /// Downsampling with an antialiasing filter (opset 18+, linear and cubic modes).
  public var antialias: Bool

  public init(
    mode: String, coordinateTransformationMode: String, nearestMode: String, cubicCoeffA: Double,
    excludeOutside: Bool, extrapolationValue: Double, scales: [Double], outputShape: [Int], roi: [Double],
    antialias: Bool = false
  ) {
    self.mode = mode
    self.coordinateTransformationMode = coordinateTransformationMode
    self.nearestMode = nearestMode
    self.cubicCoeffA = cubicCoeffA
    self.excludeOutside = excludeOutside
    self.extrapolationValue = extrapolationValue
    self.scales = scales
    self.outputShape = outputShape
    self.roi = roi
    self.antialias = antialias
  }
}

/// Reductions over resolved, sorted axes.
public struct ReduceAttributes: Codable, Hashable, Sendable {
  public var axes: [Int]
  public var keepDims: Bool
  public init(axes: [Int], keepDims: Bool) {
    self.axes = axes
    self.keepDims = keepDims
  }
}

/// `Clip` bounds; `nil` means unbounded on that side.
public struct ClipAttributes: Codable, Hashable, Sendable {
  public var min: Double?
  public var max: Double?
  public init(min: Double?, max: Double?) {
    self.min = min
    self.max = max
  }
}

/// One or two scalar coefficients of a parameterized activation
/// (`LeakyRelu` alpha, `HardSigmoid` alpha/beta, `Elu` alpha, `Selu` alpha/gamma).
public struct ActivationAttributes: Codable, Hashable, Sendable {
  public var alpha: Double
  public var beta: Double
  public init(alpha: Double, beta: Double = 0) {
    self.alpha = alpha
    self.beta = beta
  }
}

/// `Gelu`: exact (erf) or the tanh approximation.
public struct GeluAttributes: Codable, Hashable, Sendable {
  public var tanhApproximation: Bool
  public init(tanhApproximation: Bool) { self.tanhApproximation = tanhApproximation }
}

/// Target dtype of `Cast`, and the output dtype of `QuantizeLinear`.
public struct CastAttributes: Codable, Hashable, Sendable {
  public var to: DType
  public var saturate: Bool
  public init(to: DType, saturate: Bool = true) {
    self.to = to
    self.saturate = saturate
  }
}

/// `QuantizeLinear` / `DequantizeLinear`: per-tensor or along `axis` (blocked if `blockSize` > 0).
public struct QuantizeAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public var blockSize: Int
  /// Output element type (QuantizeLinear: the zero point's; DequantizeLinear: the scale's).
  public var outputType: DType
  public init(axis: Int, blockSize: Int = 0, outputType: DType) {
    self.axis = axis
    self.blockSize = blockSize
    self.outputType = outputType
  }
}

/// `Tile` repeats per axis.
public struct TileAttributes: Codable, Hashable, Sendable {
  public var repeats: [Int]
  public init(repeats: [Int]) { self.repeats = repeats }
}

/// `Trilu`: keep the upper (or lower) triangle of the last two axes, from diagonal `k`.
public struct TriluAttributes: Codable, Hashable, Sendable {
  public var upper: Bool
  public var k: Int
  public init(upper: Bool, k: Int) {
    self.upper = upper
    self.k = k
  }
}

/// `CumSum` along a resolved axis.
public struct CumSumAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public var exclusive: Bool
  public var reverse: Bool
  public init(axis: Int, exclusive: Bool, reverse: Bool) {
    self.axis = axis
    self.exclusive = exclusive
    self.reverse = reverse
  }
}

/// `ArgMax`/`ArgMin` along one resolved axis; int64 indices out.
public struct ArgReduceAttributes: Codable, Hashable, Sendable {
  public var axis: Int
  public var keepDims: Bool
  public var selectLastIndex: Bool
  public init(axis: Int, keepDims: Bool, selectLastIndex: Bool) {
    self.axis = axis
    self.keepDims = keepDims
    self.selectLastIndex = selectLastIndex
  }
}

/// `DepthToSpace`/`SpaceToDepth` block size; `columnRowDepth` is DepthToSpace's CRD mode
/// (the default DCR mode otherwise).
public struct DepthToSpaceAttributes: Codable, Hashable, Sendable {
  public var blockSize: Int
  public var columnRowDepth: Bool
  public init(blockSize: Int, columnRowDepth: Bool) {
    self.blockSize = blockSize
    self.columnRowDepth = columnRowDepth
  }
}

/// `relayout`: an explicit change of a tensor's physical layout (`NCHW`, `NHWC`, `NCHWc32`, …).
/// The logical tensor is unchanged (the op is the identity on values); only its order in
/// memory differs, which the cost model prices as a read and a write of the tensor. Not an
/// ONNX operator: the `layout` pass inserts it where producer and consumer disagree.
public struct RelayoutAttributes: Codable, Hashable, Sendable {
  public var from: TensorLayout
  public var to: TensorLayout
  public init(from: TensorLayout, to: TensorLayout) {
    self.from = from
    self.to = to
  }
}
