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
