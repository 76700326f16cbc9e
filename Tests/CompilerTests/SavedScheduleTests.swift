import Compiler
import CostModel
import Foundation
import HardwareModel
import Scheduler
import Simulator
import Testing

/// A schedule file holds its kernel program and target: simulating it equals simulating the
/// compilation that wrote it, and a variant target re-prices it as lowering the graph would.
struct SavedScheduleTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var model: String
    var target: String
    var testDescription: String { "\(model) on \(target)" }
  }

  static let cases = [
    Case(model: "lenet5", target: "gemmini"), Case(model: "resnet18", target: "gemmini"),
    Case(model: "mobilenet_v2", target: "nvdla-primer-2048"), Case(model: "mlp", target: "tpu-v1"),
    Case(model: "tc_resnet8", target: "eyeriss"), Case(model: "squeezenet1_1", target: "systolic"),
  ]

  static func compile(_ c: Case, overrides: [String] = []) throws -> (CompileResult, Accelerator) {
    var options = CompileOptions()
    options.recordWallTime = false
    let accelerator = try BuiltinTargets.load(c.target, overrides: overrides)
    return (try Compilation.compile(try EstimateTests.graph(c.model), for: accelerator, options: options), accelerator)
  }

  @Test(arguments: cases)
  func simulatingTheFileEqualsSimulatingTheCompilation(_ c: Case) throws {
    var (result, accelerator) = try Self.compile(c)
    try Compilation.simulate(&result, stream: try Compilation.commandStream(result))
    let saved = try SavedSchedule(try result.schedule.json(), file: "s.json")
    var report = saved.report
    try Compilation.simulate(&report, stream: try saved.commandStream(), on: saved.accelerator)
    let encode = { (value: SimulationReport?) in try JSONOutput.encode(value) }
    #expect(try encode(report.simulation) == encode(result.report.simulation))
    #expect(report.totalCycles == result.report.totalCycles)
    #expect(try JSONOutput.encode(report.kernels) == JSONOutput.encode(result.report.kernels))
  }

  /// Re-pricing the file's program on a variant equals lowering the compiled graph there.
  @Test(arguments: cases)
  func aVariantTargetRepricesAsTheGraphWould(_ c: Case) throws {
    let (result, _) = try Self.compile(c)
    let variant = ["overheads.kernel_cycles=7", "clock_mhz=123"]
    let saved = try SavedSchedule(try result.schedule.json(), file: "s.json", overrides: variant)
    var expected = try Scheduler.schedule(
      graph: result.graph, accelerator: try BuiltinTargets.load(c.target, overrides: variant))
    (expected.pipeline, expected.pipelineText) = (result.schedule.pipeline, result.schedule.pipelineText)
    #expect(try saved.schedule.json() == expected.json())
    #expect(saved.schedule.totalCycles != result.schedule.totalCycles)
  }

  struct Corruption: Sendable, CustomTestStringConvertible {
    var label: String
    var edit: @Sendable (String) -> String
    var mentions: String
    var testDescription: String { label }
  }

  /// Hand edits of a kernel's description that would make the emitter loop for hours (a batch
  /// of 10^15) or contradict its tensors are refused before anything is simulated.
  static let corruptions = [
    Corruption(
      label: "edited work",
      edit: { $0.replacingOccurrences(of: "\"batch\" : 1,", with: "\"batch\" : 1000000000000000,") },
      mentions: "kernel #0 '/c1/Conv': its cost is not what its kernel costs on gemmini"),
    Corruption(
      label: "edited kernel bytes",
      edit: { $0.replacingOccurrences(of: "\"input_bytes\" : ", with: "\"input_bytes\" : 9") },
      mentions: "its kernel's bytes are not those of its tensors"),
    Corruption(label: "not JSON", edit: { _ in "garbage" }, mentions: "s.json: not a schedule file"),
    Corruption(
      label: "older schema",
      edit: { $0.replacingOccurrences(of: "\"schema_version\" : 2", with: "\"schema_version\" : 1") },
      mentions: "schema_version 1 is not supported"),
    Corruption(
      label: "unknown work",
      edit: { $0.replacingOccurrences(of: "\"kind\" : \"convolution\"", with: "\"kind\" : \"fft\"") },
      mentions: "work kind 'fft'"),
    Corruption(
      label: "missing cost", edit: { $0.replacingOccurrences(of: "\"cost\" :", with: "\"costs\" :") },
      mentions: "key 'cost' is missing at kernels[0]"),
    Corruption(
      label: "edited cycles",
      edit: { $0.replacingOccurrences(of: "\"overhead_cycles\" : 50,", with: "\"overhead_cycles\" : 51,") },
      mentions: "kernel #0"),
    Corruption(
      label: "bad target description",
      edit: { $0.replacingOccurrences(of: "clock_mhz: 1000", with: "clock_mhz: fast") },
      mentions: "s.json (target_description)"),
  ]

  @Test(arguments: corruptions)
  func aCorruptFileIsOneClearError(_ c: Corruption) throws {
    let (result, _) = try Self.compile(Case(model: "lenet5", target: "gemmini"))
    let text = c.edit(try result.schedule.json())
    #expect {
      _ = try SavedSchedule(text, file: "s.json")
    } throws: { error in
      let message = "\(error)"
      return message.contains(c.mentions) && !message.contains("\n")
    }
  }
}

/// Every built-in target lists only ops of the IR.
struct BuiltinTargetOpsTests {
  @Test(arguments: BuiltinTargets.names)
  func vectorOpsAreIROps(_ name: String) throws {
    _ = try BuiltinTargets.loadChecked(name)
  }
}
