import Foundation

/// The read-only reference data in `../shared/` beside the repository (tests only).
public enum SharedData {
  /// `../shared/<relativePath>` as seen from the repository root.
  public static func url(_ relativePath: String, file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent()
      .appendingPathComponent("../../../shared/\(relativePath)").standardized
  }
}
