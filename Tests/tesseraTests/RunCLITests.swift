import Foundation
import Testing

/// `tessera run` as a user runs it: test-data folders, written outputs, bad input.
struct RunCLITests {
  static let mlp = "testdata/models/mlp/model.onnx"
  static let mlpData = "testdata/models/mlp/test_data_set_0"

  /// A little-endian `.npy` file of float32 zeros (or of `descr` elements of `width` bytes).
  static func npy(_ shape: [Int], descr: String = "<f4", width: Int = 4) -> Data {
    let dims = shape.count == 1 ? "(\(shape[0]),)" : "(\(shape.map(String.init).joined(separator: ", ")))"
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
    header += String(repeating: " ", count: (64 - (11 + header.utf8.count) % 64) % 64) + "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0])
    data.append(Data(header.utf8))
    data.append(Data(count: shape.reduce(1, *) * width))
    return data
  }

  @Test func comparesWithATestDataSet() throws {
    let result = try CLITests.run(["run", Self.mlp, "--compare-with", Self.mlpData])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("max abs err"))
    #expect(result.stdout.contains(" ok"))
  }

  @Test(arguments: ["pb", "npy"])
  func writesOutputsThatCompareEqual(format: String) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-run-\(format)").path
    try? FileManager.default.removeItem(atPath: folder)
    let written = try CLITests.run([
      "run", Self.mlp, "--inputs", Self.mlpData, "--output-dir", folder, "--output-format", format,
    ])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(folder)/output_0.\(format)"))
    // The written outputs, used as expected outputs, match a second run exactly.
    try FileManager.default.copyItem(
      atPath: CLITests.repository.appendingPathComponent("\(Self.mlpData)/input_0.pb").path,
      toPath: "\(folder)/input_0.pb")
    let again = try CLITests.run(["run", Self.mlp, "--compare-with", folder, "--rtol", "0", "--atol", "0"])
    #expect(again.status == 0, "\(again.stderr)")
  }

  @Test(arguments: [
    ("shape", npy([1, 783]), "has shape [1, 783], the model expects [1, 784]"),
    ("dtype", npy([1, 784], descr: "<i4"), "is i32, the model expects f32"),
    ("corrupt", Data("not a tensor".utf8), "not a valid TensorProto"),
    ("truncated", npy([1, 784]).prefix(200), "needs 3136 bytes"),
  ])
  func badInputFilesExitWithOneLine(name: String, contents: Data, message: String) throws {
    let file = try CLITests.temporaryFile("run-\(name).\(name == "corrupt" ? "pb" : "npy")", contents)
    let result = try CLITests.run(["run", Self.mlp, "--input", "input=\(file)"])
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }

  @Test(arguments: [
    (["run", mlp], "input 'input' (f32[1,784]) is missing"),
    (["run", mlp, "--input", "pixels=x.npy"], "no input 'pixels'"),
    (["run", mlp, "--input", "input=/no/such/file.npy"], "cannot read"),
    (["run", mlp, "--compare-with", "testdata/models/lenet5/test_data_set_0"], "has shape [1, 1, 28, 28]"),
    (["run", "/no/such/model.onnx"], "cannot read"),
  ])
  func badInvocationsExitWithOneLine(_ arguments: [String], _ message: String) throws {
    let result = try CLITests.run(arguments)
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }
}
