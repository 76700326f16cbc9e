import Foundation

/// The reference data in the repository's `testdata/` folder (tests only; see its README).
public enum TestData {
  /// The repository root, found from this source file.
  public static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().appendingPathComponent("../..").standardized

  /// `testdata/<relativePath>`.
  public static func url(_ relativePath: String) -> URL {
    repository.appendingPathComponent("testdata/\(relativePath)").standardized
  }
}
