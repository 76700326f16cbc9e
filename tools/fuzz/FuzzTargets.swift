import Compiler
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import Simulator

/// Every reader of outside data, one fuzz target each: the bytes go in, and whatever they
/// are, the reader must answer with a value or an error — never a trap, a hang or a
/// runaway allocation. Errors are the expected outcome and are discarded.
enum FuzzTarget: String, CaseIterable {
  case onnx, ir, target, set, pipeline, topology, config, tensorPB = "tensor-pb", tensorNPY = "tensor-npy", schedule
  case measurements

  /// A small graph the pipeline and `--set` targets compile: a convolution with its ReLU,
  /// pooling and a matrix product, enough for every pass to act.
  static let sample = """
    graph "sample" {
      input %x: f32[1,3,8,8]
      const %w: f32[8,3,3,3] = splat 0x0ad7233c
      node "conv" = conv(%x, %w, _) -> (%c: f32[1,8,8,8]) {"dilations":[1,1],"group":1,"kernelShape":[3,3],"pads":[1,1,1,1],"strides":[1,1]}
      node "relu" = relu(%c) -> (%r: f32[1,8,8,8])
      node "pool" = maxPool(%r) -> (%p: f32[1,8,4,4]) {"ceilMode":false,"countIncludePad":false,"dilations":[1,1],"kernelShape":[2,2],"pads":[0,0,0,0],"strides":[2,2]}
      output %p
    }

    """

  static let arrayConfig = """
    [general]
    run_name = fuzz
    [architecture_presets]
    ArrayHeight: 16
    ArrayWidth: 16
    IfmapSramSzkB: 64
    FilterSramSzkB: 64
    OfmapSramSzkB: 64
    IfmapOffset: 0
    FilterOffset: 10000000
    OfmapOffset: 20000000
    Dataflow: ws
    Bandwidth: 10

    """

  func run(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    switch self {
    case .onnx:
      let folder = URL(fileURLWithPath: "/nonexistent")
      guard let model = try? ONNXImporter.importModel(data: data, file: "fuzz.onnx", baseDirectory: folder) else {
        return
      }
      _ = try? Self.compile(model.graph, on: try AcceleratorLoader.load(Self.gemmini, file: "gemmini"))
    case .ir:
      _ = try? Self.compile(try GraphParser.parse(text), on: try AcceleratorLoader.load(Self.gemmini, file: "gemmini"))
    case .target:
      _ = try? Self.compile(try GraphParser.parse(Self.sample), on: try AcceleratorLoader.load(text, file: "fuzz.yaml"))
    case .set:
      let overrides = text.split(whereSeparator: \.isNewline).map(String.init)
      let accelerator = try? AcceleratorLoader.load(Self.gemmini, file: "gemmini", overrides: overrides)
      _ = try? accelerator.map { try Self.compile(try GraphParser.parse(Self.sample), on: $0) }
    case .pipeline:
      let gemmini = try? AcceleratorLoader.load(Self.gemmini, file: "gemmini")
      _ = try? gemmini.map { try Self.compile(try GraphParser.parse(Self.sample), on: $0, pipeline: text) }
    case .topology:
      _ = try? TopologyEstimate(
        topology: try ScaleSimTopology.parse(text, file: "fuzz.csv"),
        config: try ScaleSimConfig.parse(Self.arrayConfig, file: "fuzz.cfg"))
    case .config:
      _ = try? TopologyEstimate(
        topology: try ScaleSimTopology.parse("name,M,N,K\ng,64,64,64\n", file: "fuzz.csv"),
        config: try ScaleSimConfig.parse(text, file: "fuzz.cfg"))
    case .tensorPB: _ = try? TensorFile.decode(data, npy: false, file: "fuzz.pb")
    case .tensorNPY: _ = try? TensorFile.decode(data, npy: true, file: "fuzz.npy")
    case .schedule:
      guard let saved = try? SavedSchedule(text, file: "fuzz.json") else { return }
      _ = try? saved.commandStream()
    case .measurements:
      _ = try? MeasurementTable(text: text, file: "fuzz.csv", folder: URL(fileURLWithPath: "/nonexistent"))
    }
  }

  static let gemmini = BuiltinTargets.yaml(named: "gemmini") ?? ""

  /// Compiles and simulates (loops extrapolated): every pass, the scheduler, the command
  /// emitter and the simulator see what the reader let through.
  static func compile(_ graph: Graph, on accelerator: Accelerator, pipeline: String? = nil) throws {
    var options = CompileOptions(pipeline: pipeline)
    options.recordWallTime = false
    var result = try Compilation.compile(graph, for: accelerator, options: options)
    let stream = try Compilation.commandStream(result)
    try Compilation.simulate(&result, stream: stream, options: SimulationOptions(extrapolate: true))
  }
}
