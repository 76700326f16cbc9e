import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import TesseraTestSupport
import Testing

/// `tessera estimate MODEL --target T`: every built-in target prices every sample, totals
/// are pinned, and the timing model behaves like hardware does.
struct EstimateTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../onnx-samples"
  )
  .standardized
  static let models = [
    "alexnet", "bert_tiny", "dilated_vgg", "lenet5", "mlp", "mobilenet_v2", "resnet18", "resnet50", "squeezenet1_1",
    "tc_resnet8", "vgg16",
  ]

  static func graph(_ model: String) throws -> Graph {
    try ONNXImporter.importModel(at: samples.appendingPathComponent("\(model).onnx").path).graph
  }

  /// Golden totals for every (target, model), printed paste-ready when they change.
  @Test func totalsPerTargetAndModel() throws {
    var lines: [String] = []
    let graphs = try Self.models.map { ($0, try Self.graph($0)) }
    for target in BuiltinTargets.names {
      let accelerator = try BuiltinTargets.load(target)
      for (model, graph) in graphs {
        let report = try EstimateReport(graph: graph, accelerator: accelerator)
        #expect(report.totalCycles > 0 && report.totalCycles.isFinite, "\(target) \(model)")
        lines.append("\(target) \(model) \(Int(report.totalCycles.rounded(.up)))")
      }
    }
    Golden.check(lines.joined(separator: "\n") + "\n", matches: "estimate-totals.txt")
  }

  @Test func jsonUsesTheReportKeys() throws {
    let report = try EstimateReport(graph: try Self.graph("lenet5"), accelerator: try BuiltinTargets.load("systolic"))
    let json = try JSONOutput.encode(report)
    for key in [
      "\"target\"", "\"total_cycles\"", "\"latency_ms\"", "\"kernels\"", "\"dram_bytes\"", "\"utilization\"",
      "\"bound\"",
    ] {
      #expect(json.contains(key), "\(key)")
    }
    #expect(try JSONOutput.encode(report) == json, "deterministic")
  }

  @Test(arguments: ["resnet18", "mobilenet_v2", "bert_tiny"])
  func moreBandwidthIsNeverSlower(_ model: String) throws {
    let graph = try Self.graph(model)
    var previous = Double.infinity
    for bandwidth in [1, 4, 16, 64, 256] {
      let accelerator = try BuiltinTargets.load(
        "systolic", overrides: ["memory.dram.bandwidth_bytes_per_cycle=\(bandwidth)"])
      let cycles = try EstimateReport(graph: graph, accelerator: accelerator).totalCycles
      #expect(cycles <= previous, "\(bandwidth) B/cycle")
      previous = cycles
    }
  }

  @Test(arguments: ["systolic", "plasticine"])
  func neverBelowMACsOverPeak(_ target: String) throws {
    let accelerator = try BuiltinTargets.load(target)
    guard case .systolic(let array)? = accelerator.computeUnits.first?.kind else { return }
    for model in ["resnet50", "vgg16", "mlp"] {
      let graph = try Self.graph(model)
      for kernel in KernelLowering.kernels(graph) where kernel.macs > 0 {
        let cost = try AnalyticalModel(accelerator).cost(kernel)
        #expect(cost.totalCycles >= Double(kernel.macs) / Double(array.rows * array.cols), "\(model) \(kernel.name)")
        #expect(cost.utilization <= 1)
      }
    }
  }

  @Test func opsTheTargetCannotRunGoToTheHost() throws {
    let report = try EstimateReport(graph: try Self.graph("lenet5"), accelerator: try BuiltinTargets.load("gemmini"))
    // Gemmini's mesh is int8-only: the fp32 convolutions of an unquantized model run on the host.
    #expect(report.kernels.filter { $0.ops == ["conv"] }.allSatisfy { $0.unit == "host" })
  }
}

/// A kernel that cannot fit the target's buffers is an error naming the kernel, not a number.
struct EstimateFitTests {
  @Test func tinyConvolutionBufferIsRejected() throws {
    let graph = try EstimateTests.graph("resnet50")
    let accelerator = try BuiltinTargets.load(
      "nvdla-full", overrides: ["memory.cbuf.size_bytes=1024", "compute.cmac.macs_per_cycle.fp32=2048"])
    #expect {
      try EstimateReport(graph: graph, accelerator: accelerator)
    } throws: { error in
      let message = "\(error)"
      return message.contains("kernel '/conv1/Conv'") && message.contains("convolution buffer")
    }
  }
}

/// Found in review: products of huge (but legal) extents once trapped in the cost models.
struct EstimateOverflowTests {
  @Test func hugeConvolutionsSaturateInsteadOfTrapping() throws {
    var graph = Graph(name: "huge")
    let x = graph.addValue("x", TensorType(.float32, [1, 1 << 22, 1 << 22]))
    graph.inputs = [x]
    let w = graph.addConstant("w", Tensor.splat(.float32, [1 << 22, 1 << 22, 1], 0.5))
    let conv = ConvAttributes(kernelShape: [1], strides: [1], pads: [0, 0], dilations: [1], group: 1)
    let y = try graph.addNode("c1", .conv(conv), inputs: [x, w], outputNames: ["y"])
    let z = try graph.addNode("c2", .conv(conv), inputs: [y[0], w], outputNames: ["z"])
    graph.outputs = z
    for target in BuiltinTargets.names {
      let report = try EstimateReport(graph: graph, accelerator: try BuiltinTargets.load(target))
      #expect(report.totalCycles > 0, "\(target)")
      _ = report.renderText()
    }
  }
}
