import Foundation
import Testing

/// `tessera compile`, `compare` and `passes` as a user runs them.
struct CompileCLITests {
  @Test func compileReportsKernelsAndPasses() throws {
    let result = try CLITests.run(["compile", "onnx-samples/lenet5.onnx", "--target", "plasticine"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("pipeline default"))
    #expect(result.stdout.contains("cycles before"))
    #expect(result.stdout.contains("fuse"))
  }

  @Test func jsonHasTheDocumentedKeysAndIsByteIdentical() throws {
    let arguments = [
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--format", "json", "--no-wall-time",
    ]
    let first = try CLITests.run(arguments)
    let second = try CLITests.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(!first.stdout.isEmpty && first.stdout == second.stdout)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
    for key in ["target", "total_cycles", "latency_ms", "kernels", "passes"] { #expect(json[key] != nil, "\(key)") }
    let kernel = try #require((json["kernels"] as? [[String: Any]])?.first)
    for key in ["name", "ops", "cycles", "bound", "dram_bytes", "utilization"] { #expect(kernel[key] != nil, "\(key)") }
    let pass = try #require((json["passes"] as? [[String: Any]])?.first)
    for key in ["name", "cycles_before", "cycles_after", "wall_ms", "statistics"] {
      #expect(pass[key] != nil, "\(key)")
    }
  }

  @Test func o0RunsNoPassAndOutWritesTheSchedule() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-schedule.json").path
    let result = try CLITests.run([
      "compile", "onnx-samples/mlp.onnx", "--target", "systolic", "--pipeline", "o0", "--out", out, "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("kernel,ops,dtype,unit,tile,cycles"))
    #expect(FileManager.default.fileExists(atPath: out))
  }

  @Test func printIRAfterWritesTheIRToStandardError() throws {
    let result = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "plasticine", "--print-ir-after", "fuse", "--verify-each",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("// IR after fuse\ngraph"))
    #expect(result.stderr.contains("schedule {\"kernel\""))
  }

  /// The exported compiled graph is an ONNX model in QDQ form that `tessera inspect` reads back.
  @Test func exportQDQWritesTheQuantizedGraph() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-lenet5-int8.onnx").path
    try? FileManager.default.removeItem(atPath: out)
    let result = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--export-qdq", out, "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let data = try Data(contentsOf: URL(fileURLWithPath: out))
    #expect(data.range(of: Data("QuantizeLinear".utf8)) != nil)
    #expect(data.range(of: Data("DequantizeLinear".utf8)) != nil)
    let inspect = try CLITests.run(["inspect", out])
    #expect(inspect.status == 0, "\(inspect.stderr)")
    #expect(
      inspect.stdout.contains("DequantizeLinear") || inspect.stdout.contains("dequantizeLinear"), "\(inspect.stdout)")
    let unwritable = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--export-qdq", "/no/such/folder/m.onnx",
    ])
    #expect(unwritable.status == 1)
    #expect(unwritable.stderr.contains("cannot write the model"), "\(unwritable.stderr)")
  }

  @Test(arguments: [
    (["--pipeline", "canonicalize,fuse-all"], "unknown pass 'fuse-all'"),
    (["--pipeline", "fuse{max-ops=many}"], "must be an integer"),
    (["--pipeline", "fuse{max-ops=2"], "position"),
    (["--pipeline", "missing.pipeline"], "does not exist"),
    (["--print-ir-after", "tile", "--pipeline", "fuse"], "no such pass"),
    (["--target", "no-such-target"], "no-such-target"),
  ])
  func badOptionsExitWithOneLine(_ extra: [String], _ message: String) throws {
    var arguments = ["compile", "onnx-samples/lenet5.onnx", "--target", "plasticine"]
    if extra.first == "--target" { arguments.removeLast(2) }
    let result = try CLITests.run(arguments + extra)
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count <= 2, "\(result.stderr)")
  }

  @Test func compareListsConfigurationsAndDeltas() throws {
    let result = try CLITests.run([
      "compare", "onnx-samples/lenet5.onnx", "--target", "plasticine,systolic", "--pipeline", "o0", "--pipeline",
      "default",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("speedup"))
    #expect(result.stdout.contains("biggest kernel differences"))
    let json = try CLITests.run(["compare", "onnx-samples/lenet5.onnx", "--target", "plasticine", "--format", "json"])
    #expect(json.status == 0)
    #expect(json.stdout.contains("\"configurations\""))
  }

  @Test func passesDescribesEveryPass() throws {
    let list = try CLITests.run(["passes"])
    #expect(list.status == 0)
    #expect(list.stdout.contains("fuse"))
    let fuse = try CLITests.run(["passes", "fuse"])
    #expect(fuse.stdout.contains("max-ops=6"))
    #expect(try CLITests.run(["passes", "nope"]).status == 1)
  }
}
