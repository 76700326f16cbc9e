import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import Scheduler
import TesseraTestSupport
import Testing

/// Schedules of the sample models on the built-in targets: valid, priced like the timing
/// model, deterministic, and pinned for one (model, target) pair.
struct SchedulerTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../onnx-samples"
  )
  .standardized
  static let models = [
    "alexnet", "bert_tiny", "dilated_vgg", "lenet5", "mlp", "mobilenet_v2", "resnet18", "resnet50", "squeezenet1_1",
    "tc_resnet8", "vgg16",
  ]

  /// Every sample imported once for all tests (an import error shows up as a missing entry).
  static let graphs: [String: Graph] = Dictionary(
    uniqueKeysWithValues: models.compactMap { model in
      (try? ONNXImporter.importModel(at: samples.appendingPathComponent("\(model).onnx").path).graph).map {
        (model, $0)
      }
    })

  static func graph(_ model: String) throws -> Graph {
    if let graph = graphs[model] { return graph }
    return try ONNXImporter.importModel(at: samples.appendingPathComponent("\(model).onnx").path).graph
  }

  @Test(arguments: BuiltinTargets.names)
  func everySampleSchedulesAndVerifies(_ target: String) throws {
    let accelerator = try BuiltinTargets.load(target)
    let model = AnalyticalModel(accelerator)
    for name in Self.models {
      let graph = try Self.graph(name)
      let schedule = try Scheduler.schedule(graph: graph, accelerator: accelerator)
      try ScheduleVerifier.verify(schedule, accelerator)
      let kernels = KernelLowering.kernels(graph)
      #expect(schedule.kernels.count == kernels.count, "\(target) \(name)")
      // The total is the sum of the kernels' costs, in order: the timing model's estimate.
      let priced = try kernels.reduce(0.0) { $0 + (try model.cost($1).totalCycles) }
      #expect(schedule.totalCycles == priced, "\(target) \(name)")
      #expect(schedule.totalCycles == schedule.kernels.reduce(0.0) { $0 + $1.cycles }, "\(target) \(name)")
      #expect(schedule.kernels.map(\.nodes.count).reduce(0, +) == graph.nodes.count, "\(target) \(name)")
    }
  }

  @Test(arguments: ["gemmini", "nvdla-small", "eyeriss"])
  func jsonIsByteIdenticalAcrossRunsAndRoundTrips(_ target: String) throws {
    let accelerator = try BuiltinTargets.load(target)
    let first = try Scheduler.schedule(graph: try Self.graph("resnet18"), accelerator: accelerator).json()
    let second = try Scheduler.schedule(graph: try Self.graph("resnet18"), accelerator: accelerator).json()
    #expect(first == second)
    let decoded = try JSONDecoder().decode(Schedule.self, from: Data(first.utf8))
    #expect(try decoded.json() == first)
    try ScheduleVerifier.verify(decoded, accelerator)
  }

  @Test func lenetOnGemminiIsPinned() throws {
    let schedule = try Scheduler.schedule(
      graph: try Self.graph("lenet5"), accelerator: try BuiltinTargets.load("gemmini"))
    Golden.check(try schedule.json(), matches: "lenet5.gemmini.schedule.json")
  }

  @Test func dependenciesFollowTheDataflow() throws {
    let graph = try Self.graph("resnet18")
    let schedule = try Scheduler.schedule(graph: graph, accelerator: try BuiltinTargets.load("systolic"))
    // A residual add reads two earlier kernels' outputs.
    let adds = schedule.kernels.filter { $0.ops == ["add"] }
    #expect(!adds.isEmpty)
    #expect(adds.allSatisfy { $0.dependencies.count == 2 })
    #expect(schedule.kernels.first?.dependencies == [])
    for (index, kernel) in schedule.kernels.enumerated() {
      #expect(kernel.dependencies.allSatisfy { $0 < index }, "\(kernel.name)")
      #expect(kernel.dependencies == kernel.dependencies.sorted(), "\(kernel.name)")
    }
  }

  @Test func versionAndKeys() throws {
    let schedule = try Scheduler.schedule(graph: try Self.graph("mlp"), accelerator: try BuiltinTargets.load("tpu-v1"))
    let json = try schedule.json()
    for key in [
      "schema_version", "target", "clock_mhz", "total_cycles", "latency_ms", "kernels", "nodes", "ops", "unit",
      "dtype", "tile", "cycles", "compute_cycles", "overhead_cycles", "bound", "utilization", "dram_bytes", "macs",
      "start_cycle", "end_cycle", "buffers", "transfers", "dependencies", "offset_bytes", "size_bytes",
      "tensor_bytes", "streamed", "role", "level", "direction", "from", "to", "bytes", "target_description",
      "pipeline", "pipeline_text", "kernel", "work", "kind", "element_type", "input_bytes", "weight_bytes",
      "output_bytes", "fused_stages", "layout", "layout_dependent_bytes", "host_operations", "tensors",
      "element_bytes", "cost", "ideal_cycles", "transfer_cycles", "array_cycles", "pipelined_stage",
      "host_stage_cycles",
    ] {
      #expect(json.contains("\"\(key)\""), "\(key)")
    }
    #expect(json.contains("\"schema_version\" : 2"))
    #expect(json.contains("\"tile\" : null"))
    #expect(json.contains("\"pipelined_stage\" : null"))
    let future = json.replacingOccurrences(of: "\"schema_version\" : 2", with: "\"schema_version\" : 3")
    #expect {
      try JSONDecoder().decode(Schedule.self, from: Data(future.utf8))
    } throws: { "\($0)".contains("schema_version 3 is not supported") }
  }
}

/// Schedules of graphs the default pipeline has fused: kernels with several nodes, residual
/// inputs and fused stages still verify, and the total is the compile report's.
struct CompiledScheduleTests {
  /// One sample of each structure: residuals, depthwise, 1-D, concat, attention, a small CNN.
  static let models = ["resnet18", "mobilenet_v2", "tc_resnet8", "squeezenet1_1", "bert_tiny", "lenet5"]

  @Test(arguments: BuiltinTargets.names)
  func defaultPipelineSchedulesVerify(_ target: String) throws {
    let accelerator = try BuiltinTargets.load(target)
    var fusedKernels = 0
    for model in Self.models {
      let result = try Compilation.compile(try SchedulerTests.graph(model), for: accelerator)
      let (schedule, report) = (result.schedule, result.report)
      #expect(schedule.totalCycles == report.totalCycles, "\(target) \(model)")
      #expect(schedule.kernels.map(\.name) == report.kernels.map(\.name), "\(target) \(model)")
      fusedKernels += schedule.kernels.filter { $0.nodes.count > 1 }.count
    }
    // NVDLA fuses BN, activation, pooling and residual adds into its convolutions.
    if target.hasPrefix("nvdla") { #expect(fusedKernels > 0, "\(target)") }
  }
}
