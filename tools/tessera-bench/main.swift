// Import benchmark: `swift run -c release tessera-bench [MODEL] [--weights-mb N] [--runs N]`.
//
// 1. Import + shape inference of MODEL (default onnx-samples/resnet50.onnx): median wall time.
// 2. A generated model holding N MB (default 100) of real, seeded-random float initializers:
//    import throughput in GB/s (file bytes / median import time).
// 3. Pricing every layer of MODEL on every built-in target with the analytical model.
// 4. Compiling MODEL for gemmini with its default pipeline (tile search included), import included.
// 5. The `tile` pass on MODEL for gemmini and systolic, alone and in a pipeline with estimates,
//    and both tile searches on MODEL's kernels made int8 on gemmini.
// 6. `--scalesim DIR`: every run of SCALE-Sim's reference data (runs.json) estimated here,
//    against the wall time SCALE-Sim needed for them.
// tools/bench.sh runs this next to python `onnx.load` + `infer_shapes` for the ratio.
import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import PassKit
import Transforms

struct Options {
  var model = "onnx-samples/resnet50.onnx"
  var weightsMB = 100
  var runs = 20
  var scaleSim: String?

  init(_ arguments: [String]) {
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
      switch argument {
      case "--weights-mb": weightsMB = rest.popFirst().flatMap { Int($0) } ?? weightsMB
      case "--runs": runs = rest.popFirst().flatMap { Int($0) } ?? runs
      case "--scalesim": scaleSim = rest.popFirst()
      default: model = argument
      }
    }
  }
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
  var seconds: [Double] = []
  for _ in 0..<max(runs, 1) {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }
  return seconds.sorted()[seconds.count / 2]
}

/// A chain of MatMuls whose weights are `megabytes` of seeded random floats in raw_data.
func generatedModel(megabytes: Int) throws -> Data {
  let width = 1024
  let layers = max(1, megabytes * 1_000_000 / (width * width * 4))
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  var graph = Onnx_GraphProto()
  graph.name = "generated"
  var input = Onnx_ValueInfoProto()
  input.name = "x"
  var tensorType = Onnx_TypeProto.Tensor()
  tensorType.elemType = 1
  tensorType.shape.dim = [1, width].map { value in
    var dim = Onnx_TensorShapeProto.Dimension()
    dim.dimValue = Int64(value)
    return dim
  }
  input.type.tensorType = tensorType
  graph.input = [input]
  var previous = "x"
  for layer in 0..<layers {
    var weights = [Float](repeating: 0, count: width * width)
    for index in weights.indices {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      weights[index] = Float(Int64(bitPattern: state) >> 40) * 0x1p-24
    }
    var initializer = Onnx_TensorProto()
    initializer.name = "w\(layer)"
    initializer.dataType = 1
    initializer.dims = [Int64(width), Int64(width)]
    initializer.rawData = weights.withUnsafeBufferPointer { Data(buffer: $0) }
    graph.initializer.append(initializer)
    var node = Onnx_NodeProto()
    node.opType = "MatMul"
    node.name = "matmul\(layer)"
    node.input = [previous, "w\(layer)"]
    node.output = ["y\(layer)"]
    graph.node.append(node)
    previous = "y\(layer)"
  }
  var output = Onnx_ValueInfoProto()
  output.name = previous
  graph.output = [output]
  var model = Onnx_ModelProto()
  model.irVersion = 8
  var opset = Onnx_OperatorSetIdProto()
  opset.version = 17
  model.opsetImport = [opset]
  model.graph = graph
  return try model.serializedData()
}

/// Estimates every SCALE-Sim reference run and compares with SCALE-Sim's recorded wall time.
func benchScaleSim(_ folder: String, runs: Int) throws {
  struct Run: Decodable {
    var topology: String
    var config: String
    var wall_s: Double
  }
  let root = URL(fileURLWithPath: folder)
  let list = try JSONDecoder().decode([Run].self, from: Data(contentsOf: root.appendingPathComponent("runs.json")))
  let inputs = try list.map { run in
    (
      try ScaleSimTopology.parse(
        String(contentsOf: root.appendingPathComponent(run.topology), encoding: .utf8), file: run.topology),
      try ScaleSimConfig.parse(
        String(contentsOf: root.appendingPathComponent(run.config), encoding: .utf8), file: run.config)
    )
  }
  var layers = 0
  let seconds = median(runs) {
    layers = inputs.reduce(0) { $0 + TopologyEstimate(topology: $1.0, config: $1.1).rows.count }
  }
  let scaleSimSeconds = list.reduce(0) { $0 + $1.wall_s }
  print(
    String(
      format: "SCALE-Sim reference runs: %d runs, %d layers in %.3f ms; SCALE-Sim took %.0f s: %.0fx faster",
      list.count, layers, seconds * 1e3, scaleSimSeconds, scaleSimSeconds / seconds))
}

/// The `tile` pass on MODEL: alone and after canonicalize and fold-batchnorm with the latency
/// estimated around every pass (a compile without its report); then the search on MODEL's
/// kernels made int8 (gemmini's array is int8-only: float kernels run on its host).
func benchTiling(_ graph: Graph, runs: Int) throws {
  for name in ["gemmini", "systolic"] {
    let target = CompilationTarget(try BuiltinTargets.load(name))
    let tile = try PassRegistry.pipeline("tile", target: target)
    var tiled = 0
    let passSeconds = try median(runs) {
      var copy = graph
      tiled = try tile[0].run(on: &copy).first?.value ?? 0
    }
    let passes = try PassRegistry.pipeline("canonicalize,fold-batchnorm,tile", target: target)
    let pipelineSeconds = try median(runs) {
      var copy = graph
      var manager = PassManager(passes: passes, instrumentations: [LatencyPricing { try target.cycles($0) }])
      _ = try manager.run(&copy)
    }
    print(
      String(
        format: "tile pass on %@: %.3f ms median (%d kernels tiled); canonicalize,fold-batchnorm,tile with estimates: "
          + "%.3f ms", name, passSeconds * 1e3, tiled, pipelineSeconds * 1e3))
  }
  let gemmini = AnalyticalModel(try BuiltinTargets.load("gemmini"))
  let kernels = KernelLowering.kernels(graph).map { kernel in
    var int8 = kernel
    int8.elementType = .int8
    (int8.inputBytes, int8.weightBytes, int8.outputBytes) =
      (kernel.inputBytes / 4, kernel.weightBytes / 4, kernel.outputBytes / 4)
    return int8
  }
  for search in TileSearchStrategy.allCases {
    var searched = 0
    var evaluated = 0
    let seconds = try median(runs) {
      searched = 0
      evaluated = 0
      for kernel in kernels {
        guard let result = try gemmini.bestTile(for: kernel, search: search) else { continue }
        searched += 1
        evaluated += result.candidatesEvaluated
      }
    }
    print(
      String(
        format: "%@ tile search of %d int8 kernels on gemmini (no reuse of repeated layers): %.3f ms, %d candidates",
        search.rawValue, searched, seconds * 1e3, evaluated))
  }
}

let options = Options(CommandLine.arguments)
do {
  var nodes = 0
  let importSeconds = try median(options.runs) {
    nodes = try ONNXImporter.importModel(at: options.model).graph.nodes.count
  }
  let bytes = try Data(contentsOf: URL(fileURLWithPath: options.model))
  let decodeSeconds = try median(options.runs) { _ = try Onnx_ModelProto(serializedBytes: bytes) }
  print(String(format: "swift-protobuf decode of the whole file (value_info included): %.3f ms", decodeSeconds * 1e3))
  print(
    String(
      format: "import+shapes %@: %.3f ms median of %d (%d nodes)", options.model, importSeconds * 1e3, options.runs,
      nodes))

  let graph = try ONNXImporter.importModel(at: options.model).graph
  let targets = try BuiltinTargets.names.map { try BuiltinTargets.load($0) }
  let kernels = KernelLowering.kernels(graph)
  var priced = 0.0
  let estimateSeconds = median(options.runs) {
    for target in targets {
      let model = AnalyticalModel(target)
      priced += kernels.reduce(0) { $0 + ((try? model.cost($1))?.totalCycles ?? 0) }
    }
  }
  print(
    String(
      format: "estimate %@ on all %d built-in targets (%d kernels each): %.3f ms median", options.model, targets.count,
      kernels.count, estimateSeconds * 1e3))
  let gemmini = try BuiltinTargets.load("gemmini")
  var compiledCycles = 0.0
  let compileSeconds = try median(max(3, options.runs / 20)) {
    let imported = try ONNXImporter.importModel(at: options.model).graph
    compiledCycles = try Compilation.compile(imported, for: gemmini).report.totalCycles
  }
  print(
    String(
      format: "compile %@ --target gemmini (default pipeline, import included): %.1f ms median (%.0f cycles)",
      options.model, compileSeconds * 1e3, compiledCycles))
  let imported = try ONNXImporter.importModel(at: options.model).graph
  let inProcessSeconds = try median(max(3, options.runs / 4)) { _ = try Compilation.compile(imported, for: gemmini) }
  var simulatedCycles = 0.0
  let simulateSeconds = try median(max(3, options.runs / 4)) {
    var result = try Compilation.compile(imported, for: gemmini)
    let stream = try Compilation.commandStream(result)
    simulatedCycles = try Compilation.simulate(&result, stream: stream).totalCycles
  }
  print(
    String(
      format:
        "compile in process, import excluded: %.1f ms median; with command stream and simulation: %.1f ms (%.0f cycles)",
      inProcessSeconds * 1e3, simulateSeconds * 1e3, simulatedCycles))
  try benchTiling(graph, runs: options.runs)
  if let folder = options.scaleSim { try benchScaleSim(folder, runs: options.runs) }
  guard options.weightsMB > 0 else { exit(0) }
  let data = try generatedModel(megabytes: options.weightsMB)
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-weights.onnx")
  try data.write(to: url)
  defer { try? FileManager.default.removeItem(at: url) }
  let weightSeconds = try median(max(3, options.runs / 4)) {
    _ = try ONNXImporter.importModel(at: url.path)
  }
  let gigabytes = Double(data.count) / 1e9
  print(
    String(
      format: "import %.1f MB of float weights: %.1f ms median, %.2f GB/s", Double(data.count) / 1e6,
      weightSeconds * 1e3, gigabytes / weightSeconds))
  print("weights-file \(url.path)")
} catch {
  print("error: \(error)")
  exit(1)
}
