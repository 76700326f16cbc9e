import Foundation
import Testing

/// `tessera simulate SCHEDULE.json` as a user runs it.
struct SimulateCommandTests {
  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test(arguments: ["gemmini", "nvdla-primer-256"])
  func aSavedScheduleSimulatesLikeTheCompile(_ target: String) throws {
    let file = SimulationCLITests.temporary("saved-\(target).json")
    let compiled = try CLITests.run([
      "compile", "onnx-samples/resnet18.onnx", "--target", target, "--timing", "simulate", "--format", "json",
      "--out", file,
    ])
    #expect(compiled.status == 0, "\(compiled.stderr)")
    let simulated = try CLITests.run(["simulate", file, "--format", "json"])
    #expect(simulated.status == 0, "\(simulated.stderr)")
    let a = try Self.json(compiled.stdout)["simulation"] as? [String: Any]
    let b = try Self.json(simulated.stdout)["simulation"] as? [String: Any]
    #expect(a?["total_cycles"] as? Double == b?["total_cycles"] as? Double)
    #expect(
      try JSONSerialization.data(withJSONObject: a ?? [:], options: .sortedKeys)
        == JSONSerialization.data(withJSONObject: b ?? [:], options: .sortedKeys))
    let text = try CLITests.run(["simulate", file])
    #expect(text.stdout.contains("passes ran when the schedule was compiled"), "\(text.stdout)")
    let faster = try CLITests.run(["simulate", file, "--set", "clock_mhz=2000", "--format", "json"])
    #expect(faster.status == 0, "\(faster.stderr)")
    #expect(try Self.json(faster.stdout)["clock_mhz"] as? Double == 2000)
  }

  @Test(arguments: [
    (["simulate", "/no/such/schedule.json"], "cannot read"),
    (["simulate", "onnx-samples/README.md"], "not a schedule file"),
    (["simulate", "testdata/scalesim/runs.json"], "not a schedule file"),
  ])
  func badFilesExitWithOneLine(_ arguments: [String], _ message: String) throws {
    let result = try CLITests.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }

  @Test func aVariantThatCannotRunIsOneLine() throws {
    let file = SimulationCLITests.temporary("saved-lenet.json")
    _ = try CLITests.run(["compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--out", file])
    let result = try CLITests.run(["simulate", file, "--set", "clock_mhz=-5"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("clock_mhz"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }
}
