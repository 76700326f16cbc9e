import Compiler
import Dispatch
import Foundation

/// Points and results as JSON lines, for running a spec in shards (`tessera explore
/// --list-points`, `--points FILE --out RESULTS`, `--import RESULTS`): one object per line,
/// `{"overrides": [...]}` for a point, a point's result JSON for a result.
public enum PointFiles {
  struct PointLine: Codable { var overrides: [String] }

  /// The spec's points as lines, leaving out those `store` already holds. Grid and random specs
  /// list their whole point set; an evolutionary spec lists the next generation: the run is
  /// replayed from the stored results up to the first generation with points missing (its
  /// parents must be known, so it always reads `store`), and nothing once the run is complete.
  public static func list(_ spec: ExploreSpec, skipping store: ExploreStore?) throws(CompileError) -> String {
    var stored: [String: PointResult] = [:]
    if let store {
      do { stored = try store.results(spec: spec.contentKey) } catch { throw CompileError("\(store.path): \(error)") }
    }
    let key = { (point: DesignPoint) in ExploreStore.key(spec: spec.contentKey, overrides: point.overrides(spec)) }
    let all: [DesignPoint]
    switch spec.strategy {
    case .grid: all = PointSet.grid(spec)
    case .random: all = PointSet.random(spec)
    case .evolutionary:
      var next: [DesignPoint] = []
      _ = try Evolution(spec: spec).run { generation in
        let results = generation.compactMap { stored[key($0)] }
        guard results.count == generation.count else {
          next = generation
          return nil
        }
        return results
      }
      all = next
    }
    let points = all.filter { stored[key($0)] == nil }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return points.map { point in
      (try? encoder.encode(PointLine(overrides: point.overrides(spec)))).map { String(decoding: $0, as: UTF8.self) }
        ?? ""
    }.joined(separator: "\n") + (points.isEmpty ? "" : "\n")
  }

  /// The overrides of every line of a points file (a line may be a full result too).
  public static func points(_ file: String) throws(CompileError) -> [[String]] {
    try lines(file).enumerated().map { (index, line) throws(CompileError) in
      do { return try JSONDecoder().decode(PointLine.self, from: Data(line.utf8)).overrides } catch {
        throw CompileError("\(file):\(index + 1): not a point ({\"overrides\": [\"path=value\", …]})")
      }
    }
  }

  /// The results of a results file.
  public static func results(_ file: String) throws(CompileError) -> [PointResult] {
    try lines(file).enumerated().map { (index, line) throws(CompileError) in
      do { return try JSONDecoder().decode(PointResult.self, from: Data(line.utf8)) } catch {
        throw CompileError("\(file):\(index + 1): not a result line of `tessera explore --points`")
      }
    }
  }

  /// Non-empty lines of a file of at most 1 GiB.
  static func lines(_ file: String) throws(CompileError) -> [String] {
    guard let data = FileManager.default.contents(atPath: file), data.count <= 1 << 30 else {
      throw CompileError("\(file): not a readable file of at most 1 GiB")
    }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init).filter {
      !$0.trimmingCharacters(in: .whitespaces).isEmpty
    }
  }
}

extension Explorer {
  /// Evaluates exactly `points` (no store: a shard's worker), in order, on `jobs` threads.
  public func evaluate(points: [[String]]) throws(CompileError) -> [PointResult] {
    let evaluator = try PointEvaluator(spec)
    let box = Shared(results: [PointResult?](repeating: nil, count: points.count), done: 0, evaluated: 0)
    let progress = self.progress
    let start = Date()
    DispatchQueue.concurrentPerform(iterations: min(jobs, max(points.count, 1))) { _ in
      while let index = box.take(points.count) {
        let (done, evaluated) = box.finish(index, evaluator.evaluate(overrides: points[index]), failure: nil)
        progress(done, points.count, evaluated, Date().timeIntervalSince(start))
      }
    }
    return box.results.compactMap { $0 }
  }

  /// Stores `results` under the spec's key; a point stored twice keeps one row. Returns how
  /// many rows the store has for the spec afterwards.
  public func importResults(_ results: [PointResult]) throws(CompileError) -> Int {
    do {
      for result in results { try store.save(result, spec: spec.contentKey) }
      return try store.count(spec: spec.contentKey)
    } catch { throw CompileError("\(store.path): \(error)") }
  }
}
