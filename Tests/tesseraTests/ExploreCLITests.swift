import Foundation
import Testing

/// `tessera explore` as a user runs it: a bad spec fails before any work with every problem,
/// a good one writes the front, and its JSON has the documented keys.
struct ExploreCLITests {
  static func spec(_ text: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tessera-cli-explore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("spec.yaml").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test func aBadSpecExitsOneWithEveryProblem() throws {
    let file = try Self.spec("base: nowhere\nmodels: []\naxes: {}\nstrategy: magic\n")
    let result = try CLITests.run(["explore", file])
    #expect(result.status == 1)
    for mention in ["4 problems:", "base: 'nowhere'", "models: must list", "axes: must map", "strategy: must be grid"] {
      #expect(result.stderr.contains(mention), "\(result.stderr)")
    }
  }

  @Test func theJSONHasPointsAndTheFront() throws {
    let file = try Self.spec(
      """
      base: gemmini
      models: [\(CLITests.repository.path)/onnx-samples/lenet5.onnx]
      axes:
        compute.mesh.rows: [8, 16]
      """)
    let result = try CLITests.run(["explore", file, "--format", "json", "--jobs", "2"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let points = try #require(json["points"] as? [[String: Any]])
    #expect(points.count == 2 && json["pareto"] is [[String: Any]] && json["pareto_by_model"] is [String: Any])
    for key in ["overrides", "models", "latency_ms", "energy_uj", "area_mm2", "feasible"] {
      #expect(points[0][key] != nil, "\(key)")
    }
    #expect(result.stderr.contains("2 evaluated now"))
    let again = try CLITests.run(["explore", file, "--resume", "--format", "json"])
    #expect(again.stdout == result.stdout && again.stderr.contains("0 evaluated now") && again.stderr.contains("2 from the store"))
  }
}
