import GraphIR

/// A graph transformation, declared as data (MLIR's style): name, summary, description with
/// a before/after example, typed options, declared statistics. It checks its preconditions,
/// reports failures on the node at fault, and counts what it changed.
public protocol Pass: Sendable {
  static var name: String { get }
  static var summary: String { get }
  static var description: String { get }
  static var options: [PassOption] { get }
  static var statistics: [PassStatistic] { get }

  /// Transforms `graph` in place. - Returns: the pass's statistics (declared names only).
  func run(on graph: inout Graph) throws(IRError) -> PassStatistics
}

extension Pass {
  public static var options: [PassOption] { [] }
  public static var statistics: [PassStatistic] { [] }

  /// Checks `given` against the declared options and fills in defaults.
  public static func resolveOptions(_ given: [(key: String, value: String)] = []) throws(PipelineError)
    -> PassOptions
  {
    var values: [String: PassOptions.Value] = [:]
    for option in options { values[option.name] = option.defaultValue }
    for (key, text) in given {
      guard let declared = options.first(where: { $0.name == key }) else {
        let known = options.map(\.name).joined(separator: ", ")
        throw PipelineError("pass '\(name)' has no option '\(key)'" + (known.isEmpty ? "" : " (options: \(known))"))
      }
      values[key] = try declared.value(text, pass: name)
    }
    return PassOptions(values)
  }
}

/// A pipeline that cannot be built or run: unknown pass or option, or a pass that broke the graph.
public struct PipelineError: Error, Sendable, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
