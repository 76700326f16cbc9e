import GraphIR

/// A 2-D convolution's loop nest (1-D as height 1), neutral to any accelerator: the extents a
/// cost model needs, with what is fused into the convolution's output stream.
public struct ConvolutionNest: Hashable, Codable, Sendable {
  /// A pooling window applied to the output stream.
  public struct Pooling: Hashable, Codable, Sendable {
    public var height, width, strideV, strideH: Int

    public init(height: Int, width: Int, strideV: Int, strideH: Int) {
      (self.height, self.width, self.strideV, self.strideH) = (height, width, strideV, strideH)
    }

    enum CodingKeys: String, CodingKey {
      case height, width
      case strideV = "stride_v"
      case strideH = "stride_h"
    }
  }

  public var batch, groups: Int
  /// Channels per group, in and out.
  public var inputChannels, outputChannels: Int
  public var inputHeight, inputWidth, outputHeight, outputWidth: Int
  public var kernelHeight, kernelWidth: Int
  public var strideV, strideH, dilationV, dilationH: Int
  /// "Same" padding (output = ⌈input/stride⌉); otherwise valid.
  public var samePadding: Bool
  /// The network's first layer: it reads the image.
  public var readsNetworkInput: Bool
  /// A residual tensor read from memory is added to the output stream.
  public var residual: Bool
  public var pooling: Pooling?

  public init(
    batch: Int, groups: Int, inputChannels: Int, outputChannels: Int, inputHeight: Int, inputWidth: Int,
    outputHeight: Int, outputWidth: Int, kernelHeight: Int, kernelWidth: Int, strideV: Int, strideH: Int,
    dilationV: Int = 1, dilationH: Int = 1, samePadding: Bool, readsNetworkInput: Bool = false, residual: Bool = false,
    pooling: Pooling? = nil
  ) {
    (self.batch, self.groups, self.inputChannels, self.outputChannels) = (batch, groups, inputChannels, outputChannels)
    (self.inputHeight, self.inputWidth, self.outputHeight, self.outputWidth) =
      (inputHeight, inputWidth, outputHeight, outputWidth)
    (self.kernelHeight, self.kernelWidth, self.strideV, self.strideH) = (kernelHeight, kernelWidth, strideV, strideH)
    (self.dilationV, self.dilationH) = (dilationV, dilationH)
    (self.samePadding, self.readsNetworkInput, self.residual, self.pooling) =
      (samePadding, readsNetworkInput, residual, pooling)
  }

  /// One group's GEMM view: output pixels × output channels × window.
  public var gemm: GEMMShape {
    GEMMShape(
      m: saturatingMultiply(batch, saturatingMultiply(outputHeight, outputWidth)), n: outputChannels,
      k: saturatingMultiply(inputChannels, saturatingMultiply(kernelHeight, kernelWidth)))
  }

  enum CodingKeys: String, CodingKey {
    case batch, groups, pooling, residual
    case inputChannels = "input_channels"
    case outputChannels = "output_channels"
    case inputHeight = "input_height"
    case inputWidth = "input_width"
    case outputHeight = "output_height"
    case outputWidth = "output_width"
    case kernelHeight = "kernel_height"
    case kernelWidth = "kernel_width"
    case strideV = "stride_v"
    case strideH = "stride_h"
    case dilationV = "dilation_v"
    case dilationH = "dilation_h"
    case samePadding = "same_padding"
    case readsNetworkInput = "reads_network_input"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let extents: [(CodingKeys, Int)] = [
      (.batch, batch), (.groups, groups), (.inputChannels, inputChannels), (.outputChannels, outputChannels),
      (.inputHeight, inputHeight), (.inputWidth, inputWidth), (.outputHeight, outputHeight),
      (.outputWidth, outputWidth), (.kernelHeight, kernelHeight), (.kernelWidth, kernelWidth), (.strideV, strideV),
      (.strideH, strideH), (.dilationV, dilationV), (.dilationH, dilationH),
    ]
    for (key, value) in extents { try c.encode(value, forKey: key) }
    try c.encode(samePadding, forKey: .samePadding)
    try c.encode(readsNetworkInput, forKey: .readsNetworkInput)
    try c.encode(residual, forKey: .residual)
    try c.encode(pooling, forKey: .pooling)
  }
}

extension NVDLALayer {
  /// The convolution as one NVDLA hardware layer (per group).
  public init(_ nest: ConvolutionNest) {
    self.init(
      kind: nest.residual ? .convolutionWithElementwise : .convolution, channels: nest.inputChannels,
      height: nest.inputHeight, width: nest.inputWidth, filters: nest.outputChannels, kernelH: nest.kernelHeight,
      kernelW: nest.kernelWidth, samePadding: nest.samePadding, strideV: nest.strideV, strideH: nest.strideH,
      pooling: nest.pooling.map {
        NVDLALayer.Pooling(height: $0.height, width: $0.width, strideV: $0.strideV, strideH: $0.strideH)
      }, readsNetworkInput: nest.readsNetworkInput)
  }
}
