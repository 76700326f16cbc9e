import Foundation
import GRDB

/// Every evaluated point of a spec, in an SQLite database next to it (`SPEC.explore.sqlite`):
/// one row per point, keyed by the spec's content hash and the point's overrides, holding
/// the point's result JSON. A point is written as soon as it is evaluated (one transaction
/// each), so a killed run loses at most the points in flight, and a rerun skips every
/// stored one.
public final class ExploreStore: Sendable {
  let queue: DatabaseQueue
  public let path: String

  public init(path: String) throws {
    self.path = path
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    queue = try DatabaseQueue(path: path, configuration: configuration)
    try queue.write { db in
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS points (
            key TEXT PRIMARY KEY NOT NULL,
            spec TEXT NOT NULL,
            overrides TEXT NOT NULL,
            result TEXT NOT NULL)
          """)
    }
  }

  /// The store beside `spec`: `SPEC.explore.sqlite`.
  public static func path(beside spec: String) -> String { spec + ".explore.sqlite" }

  public static func key(spec: String, overrides: [String]) -> String {
    var hash = ContentHash()
    hash.add(spec)
    for override in overrides { hash.add(override) }
    return spec + "-" + hash.hex
  }

  /// Stored results of `spec` by key.
  public func results(spec: String) throws -> [String: PointResult] {
    let rows = try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT key, result FROM points WHERE spec = ?", arguments: [spec])
    }
    var results: [String: PointResult] = [:]
    let decoder = JSONDecoder()
    for row in rows {
      let key: String = row["key"]
      let json: String = row["result"]
      if let result = try? decoder.decode(PointResult.self, from: Data(json.utf8)) { results[key] = result }
    }
    return results
  }

  /// Stores a result (a second store of the same point keeps one row).
  public func save(_ result: PointResult, spec: String) throws {
    let key = Self.key(spec: spec, overrides: result.overrides)
    try queue.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO points (key, spec, overrides, result) VALUES (?, ?, ?, ?)",
        arguments: [key, spec, result.overrides.joined(separator: " "), result.json])
    }
  }

  public func count(spec: String) throws -> Int {
    try queue.read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points WHERE spec = ?", arguments: [spec]) ?? 0
    }
  }
}
