import HardwareModel
import Simulator
import Testing

/// Issue 8 item 3: steady-state extrapolation stays within 1 % of simulating every command,
/// end to end. The release benchmark (`tools/bench-simulator.sh`, `tessera-sim-bench --all`)
/// checks every onnx-sample on every built-in target; this covers the small models, which a
/// debug build simulates in full quickly.
struct ExtrapolationTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var model: String
    var target: String
    var testDescription: String { "\(model) on \(target)" }
  }

  static let models = ["lenet5", "mlp", "tc_resnet8"]
  static let cases = BuiltinTargets.names.flatMap { target in models.map { Case(model: $0, target: target) } }

  @Test(arguments: cases)
  func extrapolatedMatchesFullSimulation(_ c: Case) throws {
    let compiled = try SimValidation.compile(model: c.model, target: c.target)
    let fast = try Simulator.simulate(compiled.stream, on: compiled.accelerator)
    let full = try Simulator.simulate(
      compiled.stream, on: compiled.accelerator, options: SimulationOptions(extrapolate: false))
    #expect(SimValidation.relativeDifference(fast.totalCycles, full.totalCycles) <= 0.01)
    // Extrapolation stands for commands it did not simulate, never loses or invents any.
    #expect(fast.representedCommands == full.representedCommands)
    #expect(full.simulatedCommands == full.representedCommands)
    #expect(fast.simulatedCommands <= full.simulatedCommands)
    #expect(fast.kernels.count == full.kernels.count)
    // The DRAM bytes moved are the same whether skipped or simulated, up to the integer
    // rounding of chunk shares (iterations differ by a byte; tc_resnet8 on nvdla-primer-32:
    // 4.7e-6).
    #expect(SimValidation.relativeDifference(Double(fast.dramBytes), Double(full.dramBytes)) <= 1e-4)
  }

  /// A model large enough that extrapolation skips most commands, and still agrees.
  @Test func squeezenetOnGemminiSkipsMostCommands() throws {
    let compiled = try SimValidation.compile(model: "squeezenet1_1", target: "gemmini")
    let fast = try Simulator.simulate(compiled.stream, on: compiled.accelerator)
    let full = try Simulator.simulate(
      compiled.stream, on: compiled.accelerator, options: SimulationOptions(extrapolate: false))
    #expect(SimValidation.relativeDifference(fast.totalCycles, full.totalCycles) <= 0.01)
    #expect(fast.simulatedCommands * 2 < fast.representedCommands)
    #expect(!fast.extrapolated.isEmpty)
  }

  /// Issue 19: a full simulation over the command budget is refused up front, naming the
  /// limit, instead of running for hours; with extrapolation the budget does not apply.
  @Test func fullSimulationOverTheCommandBudgetIsRefused() throws {
    let compiled = try SimValidation.compile(model: "lenet5", target: "gemmini")
    var options = SimulationOptions(extrapolate: false)
    options.maximumExpandedCommands = 100
    #expect(
      performing: { try Simulator.simulate(compiled.stream, on: compiled.accelerator, options: options) },
      throws: { "\($0)".contains("more than 100 commands") })
    options.extrapolate = true
    _ = try Simulator.simulate(compiled.stream, on: compiled.accelerator, options: options)
  }
}
