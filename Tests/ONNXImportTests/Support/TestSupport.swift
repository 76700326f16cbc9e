import Foundation
import GraphIR
import ONNXImport
import Testing

/// Locations of the reference material in the repository, found from this source file: the
/// repository root is three folders up.
enum RepositoryFiles {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // ONNXImportTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  static let samples = repositoryRoot.appendingPathComponent("onnx-samples")
  static let referenceShapes = repositoryRoot.appendingPathComponent("testdata/reference-shapes")

  /// The file at `url`, failing with a message that names it.
  static func contents(of url: URL) throws -> Data {
    guard FileManager.default.fileExists(atPath: url.path) else {
      Issue.record("missing \(url.path)")
      throw CocoaError(.fileNoSuchFile)
    }
    return try Data(contentsOf: url)
  }
}

extension Graph {
  /// The value named `name`, if any.
  func value(named name: String) -> ValueID? {
    values.indices.first { values[$0].name == name }.map(ValueID.init)
  }

  /// The type of the value named `name`.
  func type(of name: String) -> TensorType? { value(named: name).map { self[$0].type } }

  /// The node producing the value named `name`.
  func producer(of name: String) -> Node? {
    guard let id = value(named: name) else { return nil }
    return nodes.first { $0.outputs.contains(id) }
  }

  /// The constant named `name`.
  func constant(named name: String) -> Tensor? { value(named: name).flatMap { constants[$0] } }

  /// Total multiply-accumulates of all nodes.
  var totalMACs: Int { nodes.reduce(0) { $0 + macs(of: $1) } }
}

/// Runs `body`, which must throw an `ImportError`, within a loose time bound; returns the error.
func expectImportFailure(
  within limit: Duration = .seconds(2), sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) -> ImportError? {
  let clock = ContinuousClock()
  var caught: ImportError?
  let elapsed = clock.measure {
    do {
      try body()
      Issue.record("the import succeeded but should have failed", sourceLocation: sourceLocation)
    } catch let error as ImportError {
      caught = error
    } catch {
      Issue.record(
        "expected an ImportError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
  }
  #expect(elapsed < limit, "took \(elapsed), more than \(limit)", sourceLocation: sourceLocation)
  if let caught {
    #expect(
      !caught.description.contains("\n"), "the message must be one line: \(caught)",
      sourceLocation: sourceLocation)
  }
  return caught
}
