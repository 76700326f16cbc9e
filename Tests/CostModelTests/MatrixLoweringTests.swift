import CostModel
import GraphIR
import HardwareModel
import Testing

/// Matrix products as hardware runs them: a weight broadcast over leading dimensions is one
/// GEMM over all rows; on NVDLA a matrix of M rows is a 1×1 convolution over M pixels.
struct MatrixLoweringTests {
  static func kernel(_ x: String, _ w: String, _ y: String, weightConstant: Bool = true) throws -> Kernel {
    let weight = weightConstant ? "const %w: f32\(w) = splat 0x0000803f" : "input %w: f32\(w)"
    let graph = try GraphParser.parse(
      """
      graph "m" {
        input %x: f32\(x)
        \(weight)
        node "mm" = matMul(%x, %w) -> (%y: f32\(y))
        output %y
      }
      """)
    return KernelLowering.kernels(graph)[0]
  }

  /// ViT's attention in-projection, sequence first: 197 rows of one GEMM, not 197 GEMMs of one row.
  @Test(arguments: [
    ("[197,1,768]", "[768,2304]", "[197,1,2304]", GEMMShape(m: 197, n: 2304, k: 768), 1),
    ("[4,56,56,96]", "[96,384]", "[4,56,56,384]", GEMMShape(m: 12544, n: 384, k: 96), 1),
    ("[1,128,768]", "[1,768,768]", "[1,128,768]", GEMMShape(m: 128, n: 768, k: 768), 1),
    // Both operands batched (attention scores): one GEMM per head.
    ("[12,128,64]", "[12,64,128]", "[12,128,128]", GEMMShape(m: 128, n: 128, k: 64), 12),
  ])
  func broadcastWeightsMakeOneGEMM(x: String, w: String, y: String, gemm: GEMMShape, batch: Int) throws {
    #expect(try Self.kernel(x, w, y).work == .matrix(gemm, batch: batch))
  }

  /// BERT's query projection on nvdla-full: the weights are read once, not once per row.
  @Test func nvdlaRunsAMatrixAsAOneByOneConvolution() throws {
    let model = AnalyticalModel(try BuiltinTargets.load("nvdla-full"))
    var kernel = try Self.kernel("[1,128,768]", "[768,768]", "[1,128,768]")
    kernel.elementType = .int8
    let cost = try model.cost(kernel)
    let weights = 768 * 768
    #expect(cost.dramBytes >= weights && cost.dramBytes < 2 * weights)
    #expect(cost.utilization > 0.5)
  }

  /// A transposed convolution is the GEMM of its usual lowering (then col2im): per group,
  /// input pixels × input channels against each output channel's kernel window.
  @Test func transposedConvolutionIsOneGEMMPerGroup() throws {
    let graph = try GraphParser.parse(
      """
      graph "t" {
        input %x: f32[2,8,5,5]
        const %w: f32[8,3,2,2] = splat 0x0000803f
        node "up" = convTranspose(%x, %w) -> (%y: f32[2,6,10,10]) {"conv":{"dilations":[1,1],"group":2,"kernelShape":[2,2],"pads":[0,0,0,0],"strides":[2,2]},"outputPadding":[0,0]}
        output %y
      }
      """)
    let kernel = KernelLowering.kernels(graph)[0]
    #expect(kernel.work == .matrix(GEMMShape(m: 50, n: 12, k: 4), batch: 2))
    #expect(kernel.macs == graph.macs(of: graph.nodes[0]))
  }
}
