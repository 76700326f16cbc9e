import Foundation
import Testing

/// `--timing`, `--no-extrapolate`, `--emit-commands` and `--trace` as a user runs them.
struct SimulationCLITests {
  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sim-\(name)").path
  }

  @Test func simulateSaysWhatWasSimulatedAndShowsBothTotals() throws {
    let result = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--timing", "simulate",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("simulate timing (passes priced analytically; final schedule simulated)"))
    #expect(result.stdout.contains("analytical; simulated"))
    #expect(result.stdout.contains("sim cycles"))
    #expect(result.stdout.contains("busy cycles"))
  }

  @Test func simulateJSONHasTheSimulationAndIsByteIdentical() throws {
    let arguments = [
      "compile", "onnx-samples/lenet5.onnx", "--target", "nvdla-primer-2048", "--timing", "simulate", "--format",
      "json",
      "--no-wall-time",
    ]
    let first = try CLITests.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == (try CLITests.run(arguments)).stdout)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
    #expect(json["timing"] as? String == "simulate")
    let simulation = try #require(json["simulation"] as? [String: Any])
    for key in [
      "note", "total_cycles", "analytical_total_cycles", "events", "simulated_commands", "represented_commands",
      "extrapolated_spans", "kernels", "units",
    ] {
      #expect(simulation[key] != nil, "\(key)")
    }
  }

  @Test func noExtrapolateSimulatesEveryCommand() throws {
    let result = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--timing", "simulate", "--no-extrapolate",
      "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let simulation = try #require(json["simulation"] as? [String: Any])
    #expect(simulation["simulated_commands"] as? Int == simulation["represented_commands"] as? Int)
    #expect(simulation["extrapolate"] as? Bool == false)
  }

  @Test func emitCommandsWritesOneLinePerCommand() throws {
    let path = Self.temporary("lenet5.jsonl")
    let result = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--emit-commands", path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let commands = lines.filter { $0.contains(#""type":"command""#) }.count
    #expect(result.stderr.contains("wrote \(commands) commands"))
    #expect(lines.first?.contains(#""type":"stream""#) == true)
    #expect(commands > 0)
  }

  @Test func traceIsAChromeTrace() throws {
    let path = Self.temporary("lenet5-trace.json")
    let result = try CLITests.run(["compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--trace", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("analytical timing"))
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
    let events = try #require(object?["traceEvents"] as? [[String: Any]])
    #expect(events.contains { $0["ph"] as? String == "X" && $0["name"] as? String == "/c1/Conv" })
  }

  @Test func compareExplainsTheGapsBetweenTiers() throws {
    let result = try CLITests.run([
      "compare", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--timing", "analytical,simulate", "--top", "3",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("analytical vs simulated, #1 (gemmini, default)"))
    #expect(result.stdout.contains("DRAM latency"))
    #expect(result.stdout.contains("gap %"))
  }

  @Test(arguments: [
    (
      ["compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--timing", "foo"], "--timing: unknown timing tier"
    ),
    (["compare", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--timing", "analytical,fast"], "'fast'"),
    (["compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--trace", "/nonexistent-dir/t.json"], "--trace"),
    (["compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--emit-commands", "/tmp"], "is a directory"),
  ])
  func badInputIsOneLine(arguments: [String], message: String) throws {
    let result = try CLITests.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }
}
