import CostModel
import GraphIR
import HardwareModel
import Testing

/// The serialized transfers of the analytical model: layout conversions of convolutions laid
/// out otherwise than their unit wants, and host kernels' tensors over the host link.
struct TransferPricingTests {
  static let graph = """
    graph "t" {
      input %x: f32[1,8,10,10]
      const %w: f32[16,8,3,3] = splat 0x0000803f
      node "conv" = conv(%x, %w) -> (%c: f32[1,16,8,8]) {"dilations":[1,1],"group":1,"kernelShape":[3,3],"pads":[0,0,0,0],"strides":[1,1]}
      node "sm" = softmax(%c) -> (%y: f32[1,16,8,8]) {"axis":1,"coerced2D":false}
      output %y
    }
    """

  static func kernels(layout: TensorLayout? = nil) throws -> [Kernel] {
    var graph = try GraphParser.parse(Self.graph)
    graph.nodes[0].schedule.layout = layout
    return KernelLowering.kernels(graph)
  }

  /// A schedule naming a unit the target lacks is an error naming it (not a silent default).
  @Test func anUnknownUnitIsAnError() throws {
    var graph = try GraphParser.parse(Self.graph)
    graph.nodes[0].schedule.unit = "tensor_core"
    let model = AnalyticalModel(try BuiltinTargets.load("systolic"))
    #expect { try model.cost(KernelLowering.kernels(graph)[0]) } throws: {
      "\($0)".contains("no unit 'tensor_core' on systolic")
    }
  }

  /// The systolic array wants NHWC (10 B/cycle DRAM, no latency): an undecided (NCHW)
  /// convolution converts its 800-float input and 1024-float output, reading and writing each.
  @Test func aConvolutionOutOfItsUnitsLayoutPaysTheConversion() throws {
    let model = AnalyticalModel(try BuiltinTargets.load("systolic"))
    let nchw = try model.cost(try Self.kernels()[0])
    let nhwc = try model.cost(try Self.kernels(layout: .nhwc)[0])
    let bytes = (800 + 1024) * 4
    #expect(try Self.kernels()[0].layoutDependentBytes == bytes)
    #expect(nhwc.transferCycles == 0)
    #expect(nchw.transferCycles == Double(2 * bytes) / 10)
    #expect(nchw.totalCycles == nhwc.totalCycles + nchw.transferCycles)
    #expect(nchw.dramBytes == nhwc.dramBytes + 2 * bytes)
    #expect(model.preferredLayout(for: try Self.kernels()[0]) == .nhwc)
    // Explicitly NCHW is no better than undecided.
    #expect(try model.cost(try Self.kernels(layout: .nchw)[0]) == nchw)
  }

  /// Plasticine's array states NCHW; Gemmini's int8 mesh cannot run float32 (host, no layout).
  @Test func noConversionWithoutAPreferenceOrOnTheHost() throws {
    for target in ["plasticine", "gemmini"] {
      let cost = try AnalyticalModel(try BuiltinTargets.load(target)).cost(try Self.kernels()[0])
      #expect(cost.transferCycles == 0, "\(target)")
    }
  }

  /// TPU-v1 runs float32 on its host across PCIe (22.5 B/cycle, 700 cycles per transfer):
  /// the softmax receives 1024 floats and sends them back.
  @Test func hostKernelsCrossTheLink() throws {
    let model = AnalyticalModel(try BuiltinTargets.load("tpu-v1"))
    let softmax = try model.cost(try Self.kernels()[1])
    #expect(softmax.unit == "host")
    #expect(abs(softmax.transferCycles - 2 * (4096 / 22.5 + 700)) < 1e-9)
    #expect(softmax.totalCycles > softmax.computeCycles + softmax.transferCycles)
    // Without a link (shared DRAM) nothing crosses.
    let shared = AnalyticalModel(try BuiltinTargets.load("systolic"))
    #expect(try shared.cost(try Self.kernels()[1]).transferCycles == 0)
  }
}
