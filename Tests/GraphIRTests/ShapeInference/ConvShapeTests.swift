import GraphIR
import Testing

/// Output shapes of convolutions, transposed convolutions and pooling.
@Suite("Shape inference: convolution and pooling")
struct ConvShapeTests {
  static let conv: [ShapeCase] = [
    ShapeCase(
      "conv 3x3 same padding with bias", .conv(convAttributes(kernel: [3, 3], pads: [1, 1, 1, 1])),
      [f32(1, 3, 32, 32), f32(16, 3, 3, 3), f32(16)], [f32(1, 16, 32, 32)]),
    ShapeCase(
      "conv 7x7 stride 2 pad 3 (ResNet stem)",
      .conv(convAttributes(kernel: [7, 7], strides: [2, 2], pads: [3, 3, 3, 3])),
      [f32(1, 3, 224, 224), f32(64, 3, 7, 7), nil], [f32(1, 64, 112, 112)]),
    ShapeCase(
      "conv asymmetric pads (begins h,w then ends h,w)",
      .conv(convAttributes(kernel: [3, 3], pads: [0, 1, 2, 0])),
      [f32(1, 1, 5, 5), f32(1, 1, 3, 3)], [f32(1, 1, 5, 4)]),
    ShapeCase(
      "conv stride floors the last partial window", .conv(convAttributes(kernel: [3, 3], strides: [2, 3])),
      [f32(1, 1, 8, 8), f32(1, 1, 3, 3)], [f32(1, 1, 3, 2)]),
    ShapeCase(
      "conv dilation 2", .conv(convAttributes(kernel: [3, 3], dilations: [2, 2])),
      [f32(1, 1, 10, 10), f32(1, 1, 3, 3)], [f32(1, 1, 6, 6)]),
    ShapeCase(
      "conv group 2", .conv(convAttributes(kernel: [3, 3], group: 2)),
      [f32(2, 8, 16, 16), f32(12, 4, 3, 3)], [f32(2, 12, 14, 14)]),
    ShapeCase(
      "conv depthwise stride 2",
      .conv(convAttributes(kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], group: 32)),
      [f32(1, 32, 8, 8), f32(32, 1, 3, 3), f32(32)], [f32(1, 32, 4, 4)]),
    ShapeCase(
      "conv depthwise channel multiplier 2", .conv(convAttributes(kernel: [3, 3], group: 4)),
      [f32(1, 4, 5, 5), f32(8, 1, 3, 3)], [f32(1, 8, 3, 3)]),
    ShapeCase(
      "conv 1-D", .conv(convAttributes(kernel: [5], strides: [3], pads: [2, 2])),
      [f32(1, 4, 100), f32(8, 4, 5)], [f32(1, 8, 34)]),
    ShapeCase(
      "conv 3-D", .conv(convAttributes(kernel: [3, 3, 3], strides: [1, 2, 2], pads: [1, 1, 1, 1, 1, 1])),
      [f32(1, 2, 8, 16, 16), f32(4, 2, 3, 3, 3)], [f32(1, 4, 8, 8, 8)]),
    ShapeCase(
      "conv 1x1 keeps spatial size", .conv(convAttributes(kernel: [1, 1])),
      [f16(4, 64, 7, 7), f16(256, 64, 1, 1)], [f16(4, 256, 7, 7)]),
    ShapeCase(
      "convInteger gives int32", .convInteger(convAttributes(kernel: [3, 3])),
      [tensorType(.uint8, 1, 1, 4, 4), tensorType(.uint8, 1, 1, 3, 3)], [tensorType(.int32, 1, 1, 2, 2)]),
    ShapeCase(
      "qLinearConv takes the output zero point's type", .qLinearConv(convAttributes(kernel: [3, 3])),
      [
        tensorType(.uint8, 1, 3, 8, 8), f32(), tensorType(.uint8), tensorType(.int8, 4, 3, 3, 3), f32(4),
        tensorType(.int8, 4), f32(), tensorType(.int8),
      ], [tensorType(.int8, 1, 4, 6, 6)]),
  ]

  @Test("conv", arguments: conv)
  func convShapes(_ c: ShapeCase) { c.check() }

  static func transposed(
    kernel: [Int], strides: [Int]? = nil, pads: [Int]? = nil, dilations: [Int]? = nil, group: Int = 1,
    outputPadding: [Int]? = nil
  ) -> Op {
    .convTranspose(
      ConvTransposeAttributes(
        conv: convAttributes(
          kernel: kernel, strides: strides, pads: pads, dilations: dilations, group: group),
        outputPadding: outputPadding ?? kernel.map { _ in 0 }))
  }

  static let convTranspose: [ShapeCase] = [
    ShapeCase(
      "convTranspose stride 2 kernel 4 pad 1 doubles",
      transposed(kernel: [4, 4], strides: [2, 2], pads: [1, 1, 1, 1]),
      [f32(1, 16, 7, 7), f32(16, 8, 4, 4), f32(8)], [f32(1, 8, 14, 14)]),
    ShapeCase(
      "convTranspose output_padding",
      transposed(kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], outputPadding: [1, 1]),
      [f32(1, 4, 5, 5), f32(4, 2, 3, 3)], [f32(1, 2, 10, 10)]),
    ShapeCase(
      "convTranspose asymmetric output_padding",
      transposed(kernel: [3, 3], strides: [3, 2], outputPadding: [2, 0]),
      [f32(1, 1, 2, 2), f32(1, 1, 3, 3)], [f32(1, 1, 8, 5)]),
    ShapeCase(
      "convTranspose group 2 multiplies output channels", transposed(kernel: [3], group: 2),
      [f32(1, 4, 3), f32(4, 3, 3)], [f32(1, 6, 5)]),
    ShapeCase(
      "convTranspose dilation 2", transposed(kernel: [3], dilations: [2]),
      [f32(1, 1, 4), f32(1, 1, 3)], [f32(1, 1, 8)]),
  ]

  @Test("convTranspose", arguments: convTranspose)
  func convTransposeShapes(_ c: ShapeCase) { c.check() }

  static let pools: [ShapeCase] = [
    ShapeCase(
      "maxPool 2x2 stride 2 with indices", .maxPool(poolAttributes(kernel: [2, 2], strides: [2, 2])),
      [f32(1, 3, 32, 32)], [f32(1, 3, 16, 16), i64(1, 3, 16, 16)]),
    ShapeCase(
      "maxPool floor mode drops the partial window",
      .maxPool(poolAttributes(kernel: [3, 3], strides: [2, 2])),
      [f32(1, 1, 6, 6)], [f32(1, 1, 2, 2)]),
    ShapeCase(
      "maxPool ceil mode keeps the partial window",
      .maxPool(poolAttributes(kernel: [3, 3], strides: [2, 2], ceilMode: true)),
      [f32(1, 1, 6, 6)], [f32(1, 1, 3, 3)]),
    ShapeCase(
      "ceil mode: last window starting in the end padding is dropped",
      .maxPool(poolAttributes(kernel: [2], strides: [2], pads: [1, 1], ceilMode: true)),
      [f32(1, 1, 5)], [f32(1, 1, 3)]),
    ShapeCase(
      "ceil mode: window starting in only end padding is dropped (2-D)",
      .averagePool(poolAttributes(kernel: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1], ceilMode: true)),
      [f32(1, 1, 4, 4)], [f32(1, 1, 2, 2)]),
    ShapeCase(
      "ceil mode with exact fit is floor mode",
      .averagePool(poolAttributes(kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceilMode: true)),
      [f32(1, 8, 7, 7)], [f32(1, 8, 4, 4)]),
    ShapeCase(
      "averagePool dilation 2", .averagePool(poolAttributes(kernel: [3, 3], dilations: [2, 2])),
      [f32(1, 1, 9, 9)], [f32(1, 1, 5, 5)]),
    ShapeCase(
      "averagePool ceil mode with dilation",
      .averagePool(poolAttributes(kernel: [3], strides: [2], dilations: [2], ceilMode: true)),
      [f32(1, 1, 10)], [f32(1, 1, 4)]),
    ShapeCase(
      "maxPool 3-D", .maxPool(poolAttributes(kernel: [2, 2, 2], strides: [2, 2, 2])),
      [f32(1, 2, 4, 4, 4)], [f32(1, 2, 2, 2, 2)]),
    ShapeCase("globalAveragePool 2-D", .globalAveragePool, [f32(2, 16, 7, 7)], [f32(2, 16, 1, 1)]),
    ShapeCase("globalAveragePool 1-D", .globalAveragePool, [f16(1, 4, 10)], [f16(1, 4, 1)]),
    ShapeCase("globalMaxPool 3-D", .globalMaxPool, [f32(1, 2, 3, 4, 5)], [f32(1, 2, 1, 1, 1)]),
  ]

  @Test("pooling", arguments: pools)
  func poolShapes(_ c: ShapeCase) { c.check() }
}
