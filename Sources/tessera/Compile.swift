import ArgumentParser
import Compiler
import Foundation
import HTMLReport

struct Compile: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compile a model for a target through a pass pipeline; report latency per kernel and per pass.",
    discussion: """
      Imports the ONNX model, runs the pipeline (every pass priced by the target's timing \
      model before and after it runs), and reports the end-to-end estimate, the kernels (fused \
      ops, dtype, tile, cycles, what bounds them, utilization, DRAM bytes) and the passes \
      (cycles before/after, change, wall time, statistics).

      --pipeline takes a built-in name (\(BuiltinPipelines.names.joined(separator: ", "))), a \
      pipeline file, or pipeline text such as 'canonicalize,fuse{max-ops=4},tile{search=greedy}'. \
      Without it the target's default pipeline runs (passes/<target>.pipeline, else \
      passes/default.pipeline); 'o0' is the import-only baseline. `tessera passes` lists passes.

      Examples:
        tessera compile onnx-samples/resnet50.onnx --target gemmini
        tessera compile onnx-samples/resnet50.onnx --target gemmini --batch 4
        tessera compile onnx-samples/lenet5.onnx --target nvdla-primer-2048 \\
            --pipeline o0
        tessera compile onnx-samples/resnet18.onnx --target systolic \\
            --print-ir-after fuse
        tessera compile onnx-samples/mobilenet_v2.onnx --target tpu-v1 \\
            --format json --out schedule.json
        tessera compile onnx-samples/resnet18.onnx --target gemmini \\
            --export-qdq resnet18_int8.onnx
        tessera compile onnx-samples/resnet50.onnx --target gemmini \\
            --timing simulate --trace resnet50.json
        tessera compile onnx-samples/lenet5.onnx --target nvdla-primer-2048 \\
            --emit-commands lenet5.jsonl
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

  @Argument(help: "An ONNX model.")
  var model: String

  @Option(help: "A built-in target name or a target YAML file (see `tessera targets`).")
  var target: String

  @Option(name: .customLong("set"), help: "Override a target parameter, path=value (repeatable).")
  var overrides: [String] = []

  @OptionGroup var shapes: ShapeOptions
  @OptionGroup var objective: ObjectiveOption

  @Option(help: "A built-in pipeline name, a pipeline file, or pipeline text (default: the target's).")
  var pipeline: String?

  @Flag(help: "Verify the IR after every pass.")
  var verifyEach = false

  @Option(name: .customLong("print-ir-after"), help: "Print the IR to stderr after this pass (repeatable).")
  var printIRAfter: [String] = []

  @Flag(help: "Print the IR to stderr after every pass.")
  var printIRAfterAll = false

  @Option(help: "Report format: text, json or csv.")
  var format: Format = .text

  @Option(help: "Write the compiled schedule (JSON) to this file.")
  var out: String?

  @Flag(help: "Report pass wall times as 0 so reports of the same inputs are byte-identical.")
  var noWallTime = false

  @Option(
    help: "Replace placeholder (ConstantOfShape) weights of rank ≥ 2 by He-uniform random values with this seed.")
  var randomWeights: UInt64?

  @Flag(
    help:
      "Run the original and the compiled graph on the reference interpreter; report per output (and per layer) max abs/rel error and SQNR."
  )
  var verifyNumerics = false

  @Option(help: "A folder of input_N.pb / .npy files for --verify-numerics (default: seeded random inputs).")
  var inputs: String?

  @Option(help: "Seed of the random inputs of --verify-numerics.")
  var seed: UInt64 = 0

  @Option(
    help:
      "Calibration inputs for quantize{calibration=…}: a folder of input_N.pb files, or of folders of them (one sample each)."
  )
  var calibrationData: String?

  @Option(
    name: .customLong("export-qdq"),
    help: ArgumentHelp(
      "Write the compiled graph to this ONNX file (opset \(Session.exportOpset)).",
      discussion: """
        The graph after the pipeline, runnable by onnxruntime: when the pipeline quantizes, \
        stored tensors appear as QuantizeLinear/DequantizeLinear pairs (QDQ form); layout \
        changes become Identity, schedules go into node doc strings.
        """, valueName: "file.onnx"))
  var exportQDQ: String?

  @OptionGroup var simulation: SimulationFlags
  @OptionGroup var htmlReport: HTMLOption

  @Option(
    name: .customLong("emit-commands"),
    help: ArgumentHelp(
      "Write the command stream the hardware would receive to this file (JSON lines).",
      discussion: """
        A header line (target, family, clock, queue depths, kernel count), then per kernel a \
        line with its loop levels and one line per command in program order (phase, loop \
        position, kind, mnemonic, queue, unit, bytes, cycles, regions read and written, \
        tensor). Loops are expanded: large models give large files.
        """, valueName: "file.jsonl"))
  var emitCommands: String?

  @Option(
    help: ArgumentHelp(
      "Simulate the final schedule and write a Chrome trace (open in Perfetto or chrome://tracing).",
      discussion: """
        Tracks: kernels, extrapolated loop spans, one per unit (command execution) and one \
        per queue (commands waiting at its head). Tracks of more than 50,000 slices are \
        coalesced (a `count` argument says how many commands a slice stands for).
        """, valueName: "file.json"))
  var trace: String?

  func run() throws {
    let tiers = try simulation.tiers()
    let session = try session(target, overrides: overrides)
    var outputs = SimulationOutputs()
    let htmlFile = try htmlReport.open()
    outputs.explainGap = htmlFile != nil
    let progress = SimulationFlags.progressLine(noExtrapolate: simulation.noExtrapolate)
    outputs.progress = progress?.callback
    defer { progress?.finish() }
    do {
      outputs.commands = try emitCommands.map { try OutputFile($0, flag: "--emit-commands") }
      outputs.trace = try trace.map { try OutputFile($0, flag: "--trace") }
    } catch { throw UserError("\(error)") }
    let imported = try shapes.importModel(model, randomWeights: randomWeights)
    var options = CompileOptions(pipeline: pipeline)
    options.verifyEach = verifyEach
    options.printIRAfter = Set(printIRAfter + (printIRAfterAll ? ["*"] : []))
    options.printIR = { pass, ir in note("// IR after \(pass)\n\(ir)", terminator: "") }
    options.recordWallTime = !noWallTime
    options.objective = objective.objective
    if let calibrationData {
      do { options.calibrationSamples = try Session.calibrationSamples(calibrationData, for: imported) } catch {
        throw UserError("--calibration-data \(error)")
      }
    }
    var result: CompileResult
    do {
      result = try session.compile(imported, options: options)
      if verifyNumerics || inputs != nil {
        result.report.numerics = try Session.numerics(original: imported, compiled: result, inputs: inputs, seed: seed)
      }
      let notes = try session.simulate(
        &result, tiers: tiers, extrapolate: !simulation.noExtrapolate, outputs: outputs)
      notes.forEach { note($0) }
    } catch { throw UserError("\(model): \(error)") }
    let unknownPrints = Set(printIRAfter).subtracting(result.report.passes.map(\.name))
    if let unknown = unknownPrints.sorted().first {
      throw UserError("--print-ir-after \(unknown): no such pass in pipeline '\(result.report.pipeline)'")
    }
    if let out {
      let schedule = try result.schedule.json()
      do { try Data(schedule.utf8).write(to: URL(fileURLWithPath: out)) } catch {
        throw UserError("\(out): cannot write the schedule (\(error.localizedDescription))")
      }
    }
    if let exportQDQ {
      let data: Data
      do { data = try Session.exportONNX(result) } catch { throw UserError("--export-qdq: \(error)") }
      do { try data.write(to: URL(fileURLWithPath: exportQDQ)) } catch {
        throw UserError("\(exportQDQ): cannot write the model (\(error.localizedDescription))")
      }
    }
    if let htmlFile { try writePage(HTML.compile(result.report, model: baseName(model)), to: htmlFile) }
    switch format {
    case .text: print(result.report.renderText(), terminator: "")
    case .json: print(try JSONOutput.encode(result.report), terminator: "")
    case .csv: print(result.report.renderCSV(), terminator: "")
    }
  }
}
