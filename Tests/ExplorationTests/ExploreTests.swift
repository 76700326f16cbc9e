import Compiler
import Exploration
import Foundation
import Testing

/// Issue 18: `tessera explore` — specs checked before any work, grid/random/evolutionary
/// points, the store that makes a rerun evaluate nothing twice, and the Pareto front.
struct ExploreTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../onnx-samples").standardized.path

  /// A spec in a fresh folder (its store beside it).
  static func write(_ text: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-explore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("spec.yaml").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return file
  }

  static func spec(strategy: String = "grid", budget: Int? = nil, extra: String = "") -> String {
    """
    base: gemmini
    models: [\(samples)/lenet5.onnx, \(samples)/mlp.onnx]
    axes:
      compute.mesh.rows: [8, 16]
      compute.mesh.cols: [8, 16, 32]
      memory.scratchpad.size_bytes: [65536, 262144]
    objectives: [latency, energy, area]
    strategy: \(strategy)
    seed: 7
    \(budget.map { "budget: \($0)" } ?? "")
    \(extra)
    """
  }

  @Test func aBadSpecListsEveryProblemBeforeAnyWork() throws {
    let file = try Self.write(
      """
      base: gemmini
      models: [missing.onnx]
      axes:
        compute.mesh.nothing: [1]
        compute.mesh.rows: []
      constraints: {area_mm2: "<= 1, >= 2", speed: "<= 3"}
      strategy: random
      """)
    #expect(
      performing: { try ExploreSpec.load(file) },
      throws: { error in
        let text = "\(error)"
        return text.contains("problems:") && text.contains("models[0]: 'missing.onnx' is not a readable file")
          && text.contains("axes.compute.mesh.nothing: value 1")
          && text.contains("axes.compute.mesh.rows: must be a non-empty list")
          && text.contains("constraints.area_mm2: no value is at least 2 and at most 1")
          && text.contains("constraints.speed: unknown metric")
          && text.contains("budget: is required for the random strategy")
      })
    #expect(!FileManager.default.fileExists(atPath: ExploreStore.path(beside: file)))
  }

  @Test func theGridVisitsEveryPointOnceAndARerunEvaluatesNothing() throws {
    let spec = try ExploreSpec.load(try Self.write(Self.spec()))
    #expect(PointSet.grid(spec).count == 12 && Set(PointSet.grid(spec)).count == 12)
    let first = try Explorer(spec: spec, jobs: 2).run()
    #expect(first.results.count == 12 && first.evaluated == 12)
    let second = try Explorer(spec: spec, jobs: 2).run()
    #expect(second.evaluated == 0)
    #expect(second.results == first.results)
    #expect(try Explorer(spec: spec, jobs: 1).store.count(spec: spec.contentKey) == 12)
    // The JSON is the same bytes whether points were evaluated or read back.
    #expect(
      ExploreReport(spec: spec, results: first.results).renderJSON()
        == ExploreReport(spec: spec, results: second.results).renderJSON())
  }

  @Test func aKilledRunResumesWithEveryPointExactlyOnce() throws {
    let file = try Self.write(Self.spec())
    let spec = try ExploreSpec.load(file)
    // Half the points stored, as if the run had been killed halfway.
    let explorer = try Explorer(spec: spec, jobs: 1)
    let evaluator = try PointEvaluator(spec)
    for point in PointSet.grid(spec).prefix(6) {
      try explorer.store.save(evaluator.evaluate(point), spec: spec.contentKey)
    }
    let resumed = try Explorer(spec: spec, jobs: 2).run()
    #expect(resumed.evaluated == 6 && resumed.results.count == 12)
    #expect(Set(resumed.results.map(\.overrides)).count == 12)
    #expect(try explorer.store.count(spec: spec.contentKey) == 12)
  }

  @Test func paretoPointsAreFeasibleAndNotDominated() throws {
    let spec = try ExploreSpec.load(try Self.write(Self.spec(extra: "constraints: {area_mm2: \"<= 0.5\"}")))
    let outcome = try Explorer(spec: spec, jobs: 2).run()
    let report = ExploreReport(spec: spec, results: outcome.results)
    #expect(!report.pareto.isEmpty)
    for index in report.pareto {
      let point = outcome.results[index]
      #expect(point.feasible && point.areaMM2 <= 0.5)
      for other in outcome.results where other.feasible {
        let better = spec.objectives.allSatisfy { other.value($0) <= point.value($0) }
        let strictly = spec.objectives.contains { other.value($0) < point.value($0) }
        #expect(!(better && strictly))
      }
    }
  }

  @Test(arguments: ["random", "evolutionary"])
  func seededStrategiesAreDeterministic(_ strategy: String) throws {
    let a = try ExploreSpec.load(try Self.write(Self.spec(strategy: strategy, budget: 9)))
    let b = try ExploreSpec.load(try Self.write(Self.spec(strategy: strategy, budget: 9)))
    let first = try Explorer(spec: a, jobs: 2).run().results.map(\.overrides)
    let second = try Explorer(spec: b, jobs: 1).run().results.map(\.overrides)
    #expect(first == second)
    #expect(first.count == 9 && Set(first).count == 9)
  }

  /// Issue 20's shard mode: the listed points, a shard evaluated without the store, its
  /// results imported twice (stored once), and a local run that evaluates only the rest and
  /// gets byte-identical JSON for the imported points.
  @Test func shardsImportIdempotentlyAndMatchALocalRun() throws {
    let spec = try ExploreSpec.load(try Self.write(Self.spec()))
    let lines = try PointFiles.list(spec, skipping: nil).split(separator: "\n").map(String.init)
    #expect(lines.count == 12 && lines[0].hasPrefix("{\"overrides\":[\"compute.mesh.rows=8\""))
    let shardFile = FileManager.default.temporaryDirectory.appendingPathComponent("shard-\(UUID().uuidString).jsonl")
    try (lines.prefix(5).joined(separator: "\n") + "\n").write(to: shardFile, atomically: true, encoding: .utf8)
    let explorer = try Explorer(spec: spec, jobs: 2)
    let shard = try explorer.evaluate(points: try PointFiles.points(shardFile.path))
    #expect(shard.count == 5)
    #expect(try explorer.importResults(shard) == 5)
    #expect(try explorer.importResults(shard) == 5)
    let local = try Explorer(spec: spec, jobs: 2).run()
    #expect(local.evaluated == 7)
    let fresh = try PointEvaluator(spec)
    for result in shard { #expect(result.json == fresh.evaluate(overrides: result.overrides).json) }
  }

  /// Issue 20, evolutionary on a cluster: `--list-points` gives one generation at a time
  /// (replayed from the store); evaluating each elsewhere and importing it until nothing is
  /// listed stores the same points, with the same JSON, as one local run.
  @Test func evolutionaryGenerationsListedOneAtATimeMatchALocalRun() throws {
    let text = Self.spec(strategy: "evolutionary", budget: 11)
    let spec = try ExploreSpec.load(try Self.write(text))
    let explorer = try Explorer(spec: spec, jobs: 2)
    var generations: [Int] = []
    while true {
      let listed = try PointFiles.list(spec, skipping: explorer.store)
      guard !listed.isEmpty else { break }
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("gen-\(UUID().uuidString).jsonl")
      try listed.write(to: file, atomically: true, encoding: .utf8)
      let results = try explorer.evaluate(points: try PointFiles.points(file.path))
      generations.append(results.count)
      _ = try explorer.importResults(results)
      try #require(generations.count < 20)
    }
    #expect(generations.count > 1 && generations.reduce(0, +) == 11)
    let resumed = try Explorer(spec: spec, jobs: 1).run()
    #expect(resumed.evaluated == 0)
    let local = try Explorer(spec: try ExploreSpec.load(try Self.write(text)), jobs: 2).run()
    #expect(resumed.results.map(\.json) == local.results.map(\.json))
  }

  /// Regression: a spec given by a relative path with `..` model paths resolved them against
  /// a standardized relative URL that had lost its folders ("not a readable file").
  @Test func modelPathsResolveAgainstARelativeSpecPath() throws {
    let spec = URL(fileURLWithPath: Self.samples).deletingLastPathComponent().appendingPathComponent(
      "docs/examples/gemmini-explore.yaml"
    ).path
    let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
    let relative = String(repeating: "../", count: depth) + spec.dropFirst()
    let loaded = try ExploreSpec.load(relative)
    #expect(loaded.models.count == 2 && loaded.models.allSatisfy { FileManager.default.fileExists(atPath: $0) })
  }
}
