import PassKit
import Transforms

/// The only place that knows every pass: builds pipelines from text.
public enum PassRegistry {
  public static let passes: [any CompilerPass.Type] = [
    CanonicalizePass.self,
    FoldBatchNormPass.self,
    FusePass.self,
    QuantizePass.self,
    LayoutPass.self,
    PartitionPass.self,
    TilePass.self,
  ]

  public static func pass(named name: String) -> (any CompilerPass.Type)? { passes.first { $0.name == name } }

  /// Instantiates `text`'s passes with checked options.
  /// - Throws: `PipelineError` for syntax errors (with position), unknown passes and options.
  public static func pipeline(_ text: String, target: CompilationTarget) throws(PipelineError) -> [any Pass] {
    let parsed: PipelineText
    do { parsed = try PipelineText.parse(text) } catch { throw PipelineError(error.description) }
    var result: [any Pass] = []
    for element in parsed.elements {
      guard let type = pass(named: element.name) else {
        throw PipelineError(
          "unknown pass '\(element.name)' (passes: \(passes.map { $0.name }.joined(separator: ", ")))")
      }
      result.append(type.init(options: try type.resolveOptions(element.options), target: target))
    }
    return result
  }
}

extension PassRegistry {
  /// `tessera passes NAME`: summary, description with its example, options (default and
  /// accepted values) and the statistics the pass reports; `nil` for an unknown pass.
  public static func help(_ name: String) -> String? {
    guard let pass = pass(named: name) else { return nil }
    var text = "\(pass.name): \(pass.summary)\n\n\(pass.description)\n"
    if !pass.options.isEmpty {
      text += "\noptions:\n"
      for option in pass.options {
        text += "  \(option.name)=\(option.defaultText) (\(option.accepted))  \(option.help)\n"
      }
    }
    if !pass.statistics.isEmpty {
      text += "\nstatistics:\n"
      for statistic in pass.statistics { text += "  \(statistic.name)  \(statistic.help)\n" }
    }
    return text
  }
}
