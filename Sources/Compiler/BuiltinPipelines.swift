import Foundation
import PassKit

/// Named pipelines shipped in passes/ (embedded by tools/embed-files.sh), and how
/// `--pipeline NAME|FILE|TEXT` is resolved.
public enum BuiltinPipelines {
  /// The import-only baseline: no pass runs, every op gets the default lowering.
  public static let baseline = "o0"

  public static var names: [String] { [baseline] + files.map(\.name) }

  public static func text(named name: String) -> String? {
    name == baseline ? "" : files.first { $0.name == name }?.text
  }

  /// The pipeline a target compiles with when none is given: `<target>` if passes/ has one, else `default`.
  public static func defaultName(forTarget target: String) -> String {
    files.contains { $0.name == target } ? target : "default"
  }

  /// Resolves `--pipeline`: a built-in name, else a file path, else pipeline text.
  /// - Returns: (a label for reports, the pipeline text).
  public static func resolve(_ argument: String) throws(PipelineError) -> (label: String, text: String) {
    if let text = text(named: argument) { return (argument, text) }
    let resolved = try userPipeline(argument)
    // An empty pipeline is a mistake more often than a wish: `o0` says "no pass" on purpose.
    if let parsed = try? PipelineText.parse(resolved.text), parsed.elements.isEmpty {
      throw PipelineError("names no pass (for none, say --pipeline \(baseline))")
    }
    return resolved
  }

  private static func userPipeline(_ argument: String) throws(PipelineError) -> (label: String, text: String) {
    let looksLikeFile = argument.hasSuffix(".pipeline") || argument.contains("/")
    if looksLikeFile {
      guard FileManager.default.fileExists(atPath: argument) else {
        throw PipelineError("pipeline file '\(argument)' does not exist")
      }
      guard let data = FileManager.default.contents(atPath: argument), data.count <= 1 << 20,
        let text = String(data: data, encoding: .utf8)
      else { throw PipelineError("pipeline file '\(argument)' is not readable UTF-8 text of at most 1 MiB") }
      return (argument, text)
    }
    return (argument, argument)
  }
}
