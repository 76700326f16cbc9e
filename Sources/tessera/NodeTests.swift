import ArgumentParser
import Compiler
import Foundation

struct NodeTests: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "node-tests",
    abstract: "Run ONNX backend node tests (test_*/model.onnx with test_data_set_N) on the reference interpreter.",
    discussion: """
      Each test folder's model runs on every test_data_set_N folder's inputs and its outputs are \
      compared with output_N.pb (NumPy's allclose: |actual − expected| ≤ atol + rtol·|expected|). \
      Prints the tests that did not pass and a summary; exit status 1 when any did not. A \
      progress line (count, rate, ETA) goes to stderr when it is a terminal.
      Examples:
        tessera node-tests testdata/onnx-node-tests
        tessera node-tests testdata/onnx-node-tests --filter conv --format json
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "A folder of test_* folders (or one test folder).")
  var folder: String

  @Option(help: "Only tests whose folder name contains this text.")
  var filter: String?

  @Option(help: "Relative tolerance.")
  var rtol: Double = 1e-3

  @Option(help: "Absolute tolerance.")
  var atol: Double = 1e-4

  @Option(help: "Report format: text or json.")
  var format: Format = .text

  struct Outcome: Codable {
    var test: String
    var status: String
    var detail: String
  }

  func run() throws {
    guard rtol >= 0, atol >= 0, rtol.isFinite, atol.isFinite else { throw UserError("--rtol and --atol must be ≥ 0") }
    let tests = try Self.testFolders(folder).filter {
      filter.map(URL(fileURLWithPath: $0).lastPathComponent.contains) ?? true
    }
    guard !tests.isEmpty else {
      throw UserError("\(folder): no test folder (one with model.onnx)\(filter.map { " matching '\($0)'" } ?? "")")
    }
    let line = ProgressLine(label: "node-tests", unit: "tests")
    var outcomes: [Outcome] = []
    for (index, test) in tests.enumerated() {
      line?.update(index, of: tests.count)
      outcomes.append(run(test))
    }
    line?.update(tests.count, of: tests.count)
    line?.finish()
    let failing = outcomes.filter { $0.status != "pass" }
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(outcomes), as: UTF8.self))
    case .text:
      var table = TextTable(headers: ["test", "result", "detail"], rightAligned: [])
      for outcome in failing { table.add([outcome.test, outcome.status, String(outcome.detail.prefix(160))]) }
      if !failing.isEmpty { print(table.render(), terminator: "") }
      let counts = ["pass", "fail", "error"].map { status in outcomes.filter { $0.status == status }.count }
      print("\(counts[0]) of \(outcomes.count) tests pass, \(counts[1]) fail, \(counts[2]) cannot run")
    }
    if !failing.isEmpty { throw ExitCode(1) }
  }

  /// One test: every data set; the first that does not pass decides.
  func run(_ test: String) -> Outcome {
    let name = URL(fileURLWithPath: test).lastPathComponent
    let sets = ((try? FileManager.default.contentsOfDirectory(atPath: test)) ?? [])
      .filter { $0.hasPrefix("test_data_set_") }.sorted()
    guard !sets.isEmpty else { return Outcome(test: name, status: "error", detail: "no test_data_set_N folder") }
    for set in sets {
      let data = test + "/" + set
      var request = RunRequest(model: test + "/model.onnx")
      request.inputsDirectory = data
      do {
        let comparisons = try ModelRun.run(request).compare(with: data, rtol: rtol, atol: atol)
        if let bad = comparisons.first(where: { !$0.passed }) {
          let detail =
            bad.statistics.map {
              String(
                format: "%@: %d of %d elements differ (max abs err %.3g)", bad.name, $0.mismatches, $0.count,
                $0.maxAbsoluteError)
            } ?? "\(bad.name): \(bad.problem ?? "differs")"
          return Outcome(test: name, status: "fail", detail: "\(set): \(detail)")
        }
      } catch {
        let message = error.description.replacingOccurrences(of: data + "/", with: "")
        return Outcome(
          test: name, status: "error", detail: "\(set): \(message.replacingOccurrences(of: test + "/", with: ""))")
      }
    }
    return Outcome(test: name, status: "pass", detail: "")
  }

  /// `folder` itself when it holds model.onnx, else its sub-folders that do, sorted.
  static func testFolders(_ folder: String) throws -> [String] {
    let manager = FileManager.default
    if manager.fileExists(atPath: folder + "/model.onnx") { return [folder] }
    guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
      throw UserError("\(folder): not a readable folder")
    }
    return names.sorted().map { folder + "/" + $0 }.filter { manager.fileExists(atPath: $0 + "/model.onnx") }
  }
}
