import Foundation
import Testing

/// `tessera node-tests` (issue 21's node-test runs): a summary, the tests that did not pass
/// with why, exit status 1 when any did not, JSON on request, nothing on stderr off a terminal.
struct NodeTestsCLITests {
  @Test func passingTestsExitZeroWithASummary() throws {
    let result = try CLITests.run(["node-tests", "testdata/onnx-node-tests", "--filter", "relu"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.range(of: #"^(\d+) of \1 tests pass, 0 fail, 0 cannot run\n$"#, options: .regularExpression) != nil)
    #expect(result.stderr.isEmpty)
  }

  @Test func aFailingTestIsNamedAndFailsTheRun() throws {
    let result = try CLITests.run(["node-tests", "testdata/onnx-node-tests", "--filter", "training_dropout_default"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("test_training_dropout_default") && result.stdout.contains("elements differ"))
    #expect(result.stdout.hasSuffix("0 of 1 tests pass, 1 fail, 0 cannot run\n"))
  }

  @Test func jsonListsEveryTest() throws {
    let result = try CLITests.run([
      "node-tests", "testdata/onnx-node-tests", "--filter", "quantizelinear", "--format", "json",
    ])
    let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]] ?? []
    #expect(rows.count > 3 && rows.allSatisfy { ["pass", "fail", "error"].contains($0["status"] ?? "") })
    #expect(rows.contains { $0["status"] == "error" && ($0["detail"] ?? "").contains("is not supported") })
    #expect(result.status == 1)
  }

  @Test func noTestFolderIsOneError() throws {
    let result = try CLITests.run(["node-tests", "onnx-samples"])
    #expect(result.status != 0 && result.stderr.contains("onnx-samples: no test folder (one with model.onnx)"))
  }
}
