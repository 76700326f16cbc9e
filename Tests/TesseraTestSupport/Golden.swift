import Foundation
import Testing

/// Golden-file checks for text output.
///
/// The expected text lives in `Golden/<name>` in the nearest folder above the calling test file
/// that has a `Golden` folder (the test target's root). Set `TESSERA_RECORD_GOLDEN=1` to write
/// the actual text instead of comparing; on a mismatch the issue shows a unified line diff.
/// Shared by every test target through the `TesseraTestSupport` module.
public enum Golden {
  /// Environment variable that switches from comparing to re-recording.
  public static let recordVariable = "TESSERA_RECORD_GOLDEN"

  public static var isRecording: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

  /// Compares `actual` with the golden file `name`, or records it.
  ///
  /// - Parameters:
  ///   - actual: The text produced by the code under test.
  ///   - name: File name inside the `Golden` folder (`lenet.tessera`).
  ///   - filePath: The calling test file, used to find the `Golden` folder.
  public static func check(
    _ actual: String, matches name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let folder = folder(above: filePath) else {
      Issue.record("no Golden folder above \(filePath)", sourceLocation: sourceLocation)
      return
    }
    let url = folder.appendingPathComponent(name)
    if isRecording {
      do { try actual.write(to: url, atomically: true, encoding: .utf8) } catch {
        Issue.record("cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      Issue.record(
        "missing golden file \(url.path); record it with \(recordVariable)=1. Actual output:\n\(actual)",
        sourceLocation: sourceLocation)
      return
    }
    if let diff = unifiedDiff(expected: expected, actual: actual, expectedName: "Golden/\(name)") {
      Issue.record(
        "output differs from Golden/\(name) (re-record with \(recordVariable)=1):\n\(diff)",
        sourceLocation: sourceLocation)
    }
  }

  /// The nearest ancestor folder of `filePath` containing a `Golden` folder, as that folder's URL.
  public static func folder(above filePath: String) -> URL? {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while directory.path != "/" && !directory.path.isEmpty {
      let candidate = directory.appendingPathComponent("Golden")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return candidate
      }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }

  /// A unified diff of two texts by lines, or `nil` when they are equal.
  ///
  /// One hunk spans everything between the common leading and trailing lines, with `context`
  /// unchanged lines around it. Every line carries its 1-based number (in `expected` for
  /// unchanged and removed lines, in `actual` for added ones). Long hunks are cut after
  /// `maxLines` lines.
  public static func unifiedDiff(
    expected: String, actual: String, expectedName: String = "expected", actualName: String = "actual",
    context: Int = 3, maxLines: Int = 40
  ) -> String? {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    if prefix == old.count && prefix == new.count { return nil }
    var suffix = 0
    while suffix < min(old.count, new.count) - prefix,
      old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    let start = max(0, prefix - context)
    let oldEnd = min(old.count, old.count - suffix + context)
    let newEnd = min(new.count, new.count - suffix + context)
    var lines: [String] = []
    func line(_ marker: Character, _ number: Int, _ text: Substring) {
      lines.append(
        "\(marker)\(String(repeating: " ", count: max(0, 4 - String(number + 1).count)))\(number + 1) | \(text)"
      )
    }
    for i in start..<prefix { line(" ", i, old[i]) }
    for i in prefix..<(old.count - suffix) { line("-", i, old[i]) }
    for i in prefix..<(new.count - suffix) { line("+", i, new[i]) }
    for i in (old.count - suffix)..<oldEnd { line(" ", i, old[i]) }
    var out = "--- \(expectedName)\n+++ \(actualName)\n"
    out += "@@ -\(start + 1),\(oldEnd - start) +\(start + 1),\(newEnd - start) @@\n"
    out += lines.prefix(maxLines).joined(separator: "\n")
    if lines.count > maxLines { out += "\n… \(lines.count - maxLines) more lines" }
    return out
  }
}
