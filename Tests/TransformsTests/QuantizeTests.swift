import CostModel
import Foundation
import GraphIR
import HardwareModel
import PassKit
import TesseraTestSupport
import Testing
import Transforms

/// `quantize` on a small conv → relu → maxPool → conv graph, unfused and fused.
struct QuantizeTests {
  static func quantized(
    _ input: String, _ options: [(key: String, value: String)] = [], target: CompilationTarget = .testSystolic
  ) throws -> (graph: Graph, statistics: [String: Int]) {
    var graph = try CanonicalizeTests.input(input)
    let pass = QuantizePass(options: try QuantizePass.resolveOptions(options), target: target)
    let statistics = try pass.run(on: &graph)
    try graph.verify()
    return (graph, Dictionary(uniqueKeysWithValues: statistics.map { ($0.name, $0.value) }))
  }

  @Test(arguments: ["quantize", "quantize-fused"])
  func int8MatchesGolden(_ input: String) throws {
    let (graph, statistics) = try Self.quantized(input)
    Golden.check(graph.printed(), matches: "\(input).output.tessera")
    // Unfused: c1, r1, p1, c2 all quantized (relu and max pooling compare codes on the host).
    #expect(statistics["kernels-quantized"] == (input == "quantize" ? 4 : 2))
    #expect(statistics["kernels-left-float"] == 0)
  }

  /// The quantized conv kernels multiply int8, read and write int8 between kernels, and
  /// carry no float32 weights.
  @Test(arguments: ["quantize", "quantize-fused"])
  func loweredKernelsAreInt8(_ input: String) throws {
    let (graph, _) = try Self.quantized(input)
    let kernels = KernelLowering.kernels(graph)
    let convolutions = kernels.filter { $0.macs > 0 }
    #expect(convolutions.count == 2)
    for kernel in convolutions { #expect(kernel.elementType == .int8, "\(kernel.name)") }
    // c2 reads y3 (1×2×2×2) as int8 and writes the float graph output.
    let last = try #require(convolutions.last)
    #expect(last.inputBytes == 8)
    #expect(last.outputBytes == 8 * 4)
    // c1 quantizes the float graph input on load and stores int8 for the next kernel.
    let first = try #require(convolutions.first)
    #expect(first.inputBytes == 36 * 4)
    #expect(first.outputBytes == (input == "quantize" ? 32 : 8))
    // Constants: int8 codes, per-channel weight scales, int32 bias and its scales, and the
    // scalar scale and zero point of the loaded and the stored activation.
    #expect(first.weightBytes == 18 + 2 * 4 + 2 * 4 + 2 * 4 + 2 * (4 + 1))
  }

  /// Conversions join the kernel they serve: every kernel is contiguous (the verifier), and
  /// a quantize ends the kernel of its producer, a dequantize starts its consumer's.
  @Test(arguments: ["quantize", "quantize-fused"])
  func conversionsJoinTheirKernels(_ input: String) throws {
    let (graph, _) = try Self.quantized(input)
    let producers = graph.producers()
    for node in graph.nodes where ["quantizeLinear", "dequantizeLinear"].contains(node.op.name) {
      let label = try #require(node.schedule.kernel)
      if node.op.name == "quantizeLinear", let input = node.inputs[0], let producer = producers[input.index] {
        #expect(graph.nodes[producer].schedule.kernel == label, "\(node.name)")
      }
      let consumers = graph.nodes.filter { $0.inputs.contains(node.outputs[0]) }
      #expect(!consumers.isEmpty, "\(node.name) is unused")
      if node.op.name == "dequantizeLinear" {
        for consumer in consumers { #expect(consumer.schedule.kernel == label, "\(node.name)") }
      }
    }
  }

  /// On gemmini: the Gemm runs int8 on the mesh (weight per column, axis 1; bias int32),
  /// the transpose moves its codes, softmax needs float and stays so (it loads int8), and the
  /// product of two activations has no constant weight and stays float.
  @Test func opsTheTargetCannotRunQuantizedStayFloat() throws {
    let (graph, statistics) = try Self.quantized("quantize-mixed", target: .builtin("gemmini"))
    Golden.check(graph.printed(), matches: "quantize-mixed.output.tessera")
    #expect(statistics["kernels-quantized"] == 2)
    #expect(statistics["kernels-left-float"] == 2)
    let units = try KernelLowering.kernels(graph).map { try CompilationTarget.builtin("gemmini").model.cost($0).unit }
    #expect(units == ["mesh", "host", "dma", "host"])
  }

  /// A fused conv + residual add + relu on NVDLA: after quantization the conv multiplies
  /// int8 on the MAC cells, the add still reads its residual from DRAM (through the
  /// kernel's dequantize), and the conversions are not pipeline stages.
  @Test func fusedResidualKernelOnNVDLA() throws {
    let conv = #"{"dilations":[1,1],"group":1,"kernelShape":[3,3],"pads":[1,1,1,1],"strides":[1,1]}"#
    var graph = try GraphParser.parse(
      """
      graph "residual" {
        input %x: f32[1,64,8,8]
        const %w: f32[64,64,3,3] = splat 0x0000003f
        node "c" = conv(%x, %w, _) -> (%y: f32[1,64,8,8]) \(conv)
        schedule {"kernel":"k"}
        node "a" = add(%y, %x) -> (%s: f32[1,64,8,8])
        schedule {"kernel":"k"}
        node "r" = relu(%s) -> (%out: f32[1,64,8,8])
        schedule {"kernel":"k"}
        output %out
      }
      """)
    let target = try CompilationTarget.builtin("nvdla-primer-2048")
    _ = try QuantizePass(options: try QuantizePass.resolveOptions([]), target: target).run(on: &graph)
    try graph.verify()
    let kernel = try #require(KernelLowering.kernels(graph).first)
    #expect(KernelLowering.kernels(graph).count == 1)
    #expect(kernel.elementType == .int8)
    #expect(kernel.fusedStages.map(\.op) == ["add", "relu"])
    guard case .convolution(let nest) = kernel.work else {
      Issue.record("not a convolution: \(kernel.work)")
      return
    }
    #expect(nest.residual)
    #expect(try target.model.cost(kernel).unit == "cmac")
  }

  /// A contraction multiplies in the wider of its operands' types: int8 activations loaded
  /// into a float32-weight convolution make a float32 product.
  @Test func floatWeightsKeepAContractionFloat() throws {
    let conv = #"{"dilations":[1,1],"group":1,"kernelShape":[1,1],"pads":[0,0,0,0],"strides":[1,1]}"#
    let graph = try GraphParser.parse(
      """
      graph "g" {
        input %x: i8[1,2,2,2]
        const %s: f32[] = splat 0x0000803f
        const %w: f32[2,2,1,1] = splat 0x0000003f
        node "dq" = dequantizeLinear(%x, %s) -> (%xf: f32[1,2,2,2]) {"axis":0,"blockSize":0,"outputType":"f32"}
        schedule {"kernel":"k"}
        node "c" = conv(%xf, %w, _) -> (%y: f32[1,2,2,2]) \(conv)
        schedule {"kernel":"k"}
        output %y
      }
      """)
    #expect(KernelLowering.kernels(graph).map(\.elementType) == [.fp32])
  }

  @Test func isIdempotent() throws {
    var (graph, _) = try Self.quantized("quantize")
    let once = graph.printed()
    let pass = QuantizePass(options: try QuantizePass.resolveOptions([]), target: .testSystolic)
    let statistics = try pass.run(on: &graph)
    #expect(graph.printed() == once)
    #expect(statistics.map(\.value) == [0, 0, 0])
  }

  @Test func int16StoresSixteenBits() throws {
    let (graph, statistics) = try Self.quantized("quantize", [("mode", "int16")])
    #expect(statistics["kernels-quantized"] == 4)
    let scale = try #require(graph.values.firstIndex { $0.name == "y1.scale" })
    #expect(graph.constants[ValueID(scale)]?.scalarValue == Double(Float(8) / 32767))
    let stored = graph.nodes.filter { $0.op.name == "quantizeLinear" }.map { graph[$0.outputs[0]].type.dtype }
    #expect(!stored.isEmpty && stored.allSatisfy { $0 == .int16 })
    for kernel in KernelLowering.kernels(graph) where kernel.macs > 0 { #expect(kernel.elementType == .int16) }
  }

  @Test func fp16CastsAtKernelBoundaries() throws {
    let (graph, statistics) = try Self.quantized("quantize-fused", [("mode", "fp16")])
    #expect(statistics["kernels-quantized"] == 2)
    #expect(!graph.nodes.contains { $0.op.name.hasSuffix("quantizeLinear") })
    let weight = try #require(graph.values.firstIndex { $0.name == "w2.f16" })
    #expect(graph.constants[ValueID(weight)]?.isSplat == true)
    #expect(graph.constants[ValueID(weight)]?.type.dtype == .float16)
    for kernel in KernelLowering.kernels(graph) { #expect(kernel.elementType == .fp16, "\(kernel.name)") }
  }

  /// Gemmini has no fp16 MAC rate: nothing changes.
  @Test func fp16WithoutARateLeavesTheGraphFloat() throws {
    let before = try CanonicalizeTests.input("quantize").printed()
    let (graph, statistics) = try Self.quantized("quantize", [("mode", "fp16")], target: .builtin("gemmini"))
    #expect(graph.printed() == before)
    #expect(statistics["kernels-quantized"] == 0)
    #expect(statistics["kernels-left-float"] == 4)
  }

  /// Per-channel scales follow max|W_c|/127, and codes round half to even.
  @Test func weightCodesAndScales() throws {
    let (graph, _) = try Self.quantized("quantize")
    func constant(_ name: String) throws -> Tensor {
      let index = try #require(graph.values.firstIndex { $0.name == name })
      return try #require(graph.constants[ValueID(index)])
    }
    let scales = try constant("w1.scale").doubles()
    #expect(scales == [Double(Float(1) / 127), Double(Float(0.04) / 127)])
    let codes = try constant("w1.i8").integers()
    // Channel 0 (scale 1/127): 0.5 → 63.5 → 64 and -0.5 → -64 (half to even), 0.125 → 15.875 → 16.
    #expect(codes.prefix(9) == [64, -127, 32, 0, 95, -64, 127, 16, -32])
    // Channel 1 (scale 0.04/127): -0.04 → -127; 0.02 (just under 0.02 in float32) → 63.
    #expect(codes.suffix(9) == [63, -32, 95, 0, 32, -127, 63, 0, 32])
    // Bias on s_x·s_w: 0.1 / ((8/127)·(1/127)) ≈ 201.6.
    #expect(try constant("b1.i32").integers().first == 202)
    // Splat weights stay splats.
    #expect(try constant("w2.i8").isSplat && constant("w2.i8").integers().first == 127)
  }

  @Test func nonPositiveRangeIsAnError() throws {
    #expect(throws: PipelineError.self) { try QuantizePass.resolveOptions([("activation-range", "0")]) }
  }
}
