import Compiler
import Dispatch
import Foundation

/// Runs a spec: the strategy's points, each taken from the store when a run already
/// evaluated it, else evaluated on `jobs` threads and stored at once.
public struct Explorer {
  public let spec: ExploreSpec
  public let jobs: Int
  public let store: ExploreStore
  /// Called after each point with (points done, points to do, points evaluated now, seconds).
  public var progress: @Sendable (Int, Int, Int, Double) -> Void = { _, _, _, _ in }

  public init(spec: ExploreSpec, jobs: Int, storePath: String? = nil) throws(CompileError) {
    self.spec = spec
    self.jobs = max(jobs, 1)
    let path = storePath ?? ExploreStore.path(beside: spec.file)
    do { store = try ExploreStore(path: path) } catch { throw CompileError("\(path): cannot open the store: \(error)") }
  }

  public struct Outcome: Sendable {
    /// Every point of the run, in the strategy's order.
    public var results: [PointResult]
    /// How many were evaluated in this run (the rest came from the store).
    public var evaluated: Int
    public var seconds: Double
  }

  public func run() throws(CompileError) -> Outcome {
    let evaluator = try PointEvaluator(spec)
    let specKey = spec.contentKey
    let start = Date()
    var stored: [String: PointResult]
    do { stored = try store.results(spec: specKey) } catch { throw CompileError("\(store.path): \(error)") }
    var session = Session(explorer: self, evaluator: evaluator, specKey: specKey, start: start)
    switch spec.strategy {
    case .grid: session.total = spec.gridSize
    case .random, .evolutionary: session.total = min(spec.budget, spec.gridSize)
    }
    let results: [PointResult]
    switch spec.strategy {
    case .grid: results = try session.evaluate(PointSet.grid(spec), stored: &stored)
    case .random: results = try session.evaluate(PointSet.random(spec), stored: &stored)
    case .evolutionary:
      results =
        try Evolution(spec: spec).run { points throws(CompileError) in
          try session.evaluate(points, stored: &stored)
        } ?? []
    }
    return Outcome(results: results, evaluated: session.evaluatedNow, seconds: Date().timeIntervalSince(start))
  }

  /// One run's bookkeeping: points done so far and the parallel evaluation of a batch.
  struct Session {
    let explorer: Explorer
    let evaluator: PointEvaluator
    let specKey: String
    let start: Date
    var total = 0
    var done = 0
    var evaluatedNow = 0

    mutating func evaluate(_ points: [DesignPoint], stored: inout [String: PointResult]) throws(CompileError)
      -> [PointResult]
    {
      let spec = explorer.spec
      var results = [PointResult?](repeating: nil, count: points.count)
      var pending: [Int] = []
      let keys = points.map { ExploreStore.key(spec: self.specKey, overrides: $0.overrides(spec)) }
      for index in points.indices {
        if let result = stored[keys[index]] {
          results[index] = result
          done += 1
        } else {
          pending.append(index)
        }
      }
      explorer.progress(done, total, evaluatedNow, Date().timeIntervalSince(start))
      let box = Shared(results: results, done: done, evaluated: evaluatedNow)
      let (store, specKey, start, total, progress) = (explorer.store, specKey, start, total, explorer.progress)
      let evaluator = self.evaluator
      let queued = pending
      DispatchQueue.concurrentPerform(iterations: min(explorer.jobs, max(queued.count, 1))) { _ in
        while let slot = box.take(queued.count) {
          let index = queued[slot]
          let result = evaluator.evaluate(points[index])
          let saved: Error? = {
            do { try store.save(result, spec: specKey) } catch { return error }
            return nil
          }()
          let (done, evaluated) = box.finish(index, result, failure: saved)
          progress(done, total, evaluated, Date().timeIntervalSince(start))
        }
      }
      if let failure = box.failure { throw CompileError("\(store.path): cannot store a result: \(failure)") }
      done = box.done
      evaluatedNow = box.evaluated
      for (index, result) in box.results.enumerated() {
        if let result { stored[keys[index]] = result }
      }
      return box.results.compactMap { $0 }
    }
  }

  /// The state the evaluation threads share, behind a lock.
  final class Shared: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    var results: [PointResult?]
    var done: Int
    var evaluated: Int
    var failure: Error?

    init(results: [PointResult?], done: Int, evaluated: Int) {
      (self.results, self.done, self.evaluated) = (results, done, evaluated)
    }

    func take(_ count: Int) -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard next < count, failure == nil else { return nil }
      next += 1
      return next - 1
    }

    func finish(_ index: Int, _ result: PointResult, failure: Error?) -> (Int, Int) {
      lock.lock()
      defer { lock.unlock() }
      results[index] = result
      done += 1
      evaluated += 1
      if let failure, self.failure == nil { self.failure = failure }
      return (done, evaluated)
    }
  }
}
