import Foundation
import Testing

/// Runs the built `tessera` executable the way a user does and checks output and exit codes.
struct CLITests {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
    .standardized

  /// The `tessera` binary next to the test bundle (SwiftPM builds it for this target).
  static var executable: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tessera")
  }

  static func run(_ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = repository
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func temporaryFile(_ name: String, _ contents: Data) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(name)")
    try contents.write(to: url)
    return url.path
  }

  @Test func inspectPrintsATableWithTotals() throws {
    let result = try Self.run(["inspect", "onnx-samples/resnet50.onnx"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("input  input: float[1×3×224×224]"))
    #expect(result.stdout.contains("4,089,184,256"))
    #expect(result.stderr.isEmpty)
  }

  @Test func jsonIsByteIdenticalAcrossRuns() throws {
    let first = try Self.run(["inspect", "onnx-samples/bert_tiny.onnx", "--format", "json"])
    let second = try Self.run(["inspect", "onnx-samples/bert_tiny.onnx", "--format", "json"])
    #expect(first.status == 0)
    #expect(!first.stdout.isEmpty && first.stdout == second.stdout)
    let json = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
    let totals = json?["totals"] as? [String: Any]
    #expect(totals?["macs"] as? Int == 58_720_256)
  }

  @Test func irFormatPrintsTheGraph() throws {
    let result = try Self.run(["inspect", "onnx-samples/mlp.onnx", "--format", "ir"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("graph "))
    #expect(result.stdout.contains("= gemm("))
  }

  @Test func estimateWritesSCALESimColumns() throws {
    let result = try Self.run([
      "estimate", "--topology", "testdata/scalesim/topologies/gemm_small.csv", "--config",
      "testdata/scalesim/configs/ws16.cfg",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles,"))
    #expect(result.stdout.split(separator: "\n").count == 5)
  }

  /// The command of the batch issue: Eyeriss's measured AlexNet workload (batch 4, 227×227) from
  /// the model zoo's graph, which declares 1×3×224×224 and pins the batch in a Reshape.
  @Test func compilesTheZooAlexNetAtBatchFour() throws {
    let result = try Self.run([
      "compile", "testdata/zoo/bvlc_alexnet_replica.onnx", "--batch", "4", "--input-shape", "data_0=4x3x227x227",
      "--target", "eyeriss", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    struct Report: Decodable {
      struct Kernel: Decodable { var macs: Int }
      var kernels: [Kernel]
    }
    let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    #expect(report.kernels.reduce(0) { $0 + $1.macs } == 2_897_627_264)  // 4 × (665.8 M conv + 58.6 M FC)
  }

  /// A misspelt op in a target file's vector unit is an error naming key and line (it used to
  /// send the op to the host without a word).
  @Test func aMisspeltVectorOpIsAnError() throws {
    let shown = try Self.run(["targets", "show", "gemmini"]).stdout
    let file = try Self.temporaryFile(
      "typo.yaml", Data(shown.replacingOccurrences(of: "maxPool, add]", with: "maxpool, add]").utf8))
    let result = try Self.run(["compile", "onnx-samples/lenet5.onnx", "--target", file])
    #expect(result.status != 0)
    #expect(result.stderr.contains("ops[2]: unknown op 'maxpool' (did you mean 'maxPool'?) (line "), "\(result.stderr)")
  }

  /// Help texts are wrapped by the argument parser: at its default width no line but the usage
  /// line runs past 80 characters, and shell continuations print as one backslash.
  @Test(arguments: ["inspect", "estimate", "compile", "simulate", "run", "compare", "passes", "targets"])
  func helpFitsEightyColumns(_ command: String) throws {
    let result = try Self.run(["help", command])
    #expect(result.status == 0)
    for line in result.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") {
      #expect(line.count <= 80, "\(command): \(line)")
      #expect(!line.hasSuffix("\\\\"), "\(command): \(line)")
    }
  }

  @Test func estimatePricesAModel() throws {
    let result = try Self.run(["estimate", "onnx-samples/resnet18.onnx", "--target", "systolic", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"total_cycles\""))
  }

  @Test func targetsListsAndShowsBuiltins() throws {
    let list = try Self.run(["targets"])
    #expect(list.status == 0)
    #expect(list.stdout.split(separator: "\n").count == 16)
    let shown = try Self.run(["targets", "show", "tpu-v1", "--set", "clock_mhz=800"])
    #expect(shown.status == 0)
    #expect(shown.stdout.contains("clock_mhz: 800"))
    let path = try Self.temporaryFile("tpu.yaml", Data(shown.stdout.utf8))
    let again = try Self.run(["targets", "show", path])
    #expect(again.stdout == shown.stdout)
  }

  struct BadCase: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    /// Text the one-line error must contain.
    var mentions: String
    var testDescription: String { name }
  }

  static let badCases: [BadCase] = [
    BadCase(name: "missing file", arguments: ["inspect", "no/such/model.onnx"], mentions: "no/such/model.onnx"),
    BadCase(
      name: "input shape for an unknown input",
      arguments: ["inspect", "onnx-samples/lenet5.onnx", "--input-shape", "x=1x1"],
      mentions: "'x'"),
    BadCase(
      name: "malformed input shape",
      arguments: ["inspect", "onnx-samples/lenet5.onnx", "--input-shape", "input=1xAx3"],
      mentions: "'A'"),
    BadCase(
      name: "input shape the model cannot take",
      arguments: ["inspect", "onnx-samples/lenet5.onnx", "--input-shape", "input=1x3x28x28"],
      mentions: "node '/c1/Conv': input has 3 channels"),
    BadCase(
      name: "batch contradicting an input shape",
      arguments: ["inspect", "onnx-samples/lenet5.onnx", "--batch", "2", "--input-shape", "input=4x1x28x28"],
      mentions: "sets axis 0 to 4, --batch to 2"),
    BadCase(
      name: "batch of zero", arguments: ["compile", "onnx-samples/mlp.onnx", "--target", "gemmini", "--batch", "0"],
      mentions: "--batch 0 is not a positive batch size"),
    BadCase(
      name: "run with a batch of -1",
      arguments: ["run", "onnx-samples/mlp.onnx", "--batch=-1", "--random-inputs", "1"],
      mentions: "--batch -1 is not a positive batch size"),
    BadCase(
      name: "unknown format", arguments: ["inspect", "onnx-samples/lenet5.onnx", "--format", "xml"], mentions: "xml"),
  ]

  @Test(arguments: badCases)
  func badArgumentsFailWithOneLine(_ bad: BadCase) throws {
    let result = try Self.run(bad.arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(bad.mentions), "stderr: \(result.stderr)")
    #expect(!result.stderr.contains("Fatal error"))
  }

  @Test(arguments: [
    ("empty", Data()),
    ("text", Data("graph { node: Conv }\n".utf8)),
    ("random", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })),
  ])
  func corruptFilesExitWithStatusOne(_ name: String, _ contents: Data) throws {
    let path = try Self.temporaryFile("\(name).onnx", contents)
    let result = try Self.run(["inspect", path])
    #expect(result.status == 1)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "stderr: \(result.stderr)")
    #expect(result.stderr.contains(path))
  }
}
