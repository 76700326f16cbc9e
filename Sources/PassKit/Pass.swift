import GraphIR

/// A typed option a pass declares: name (kebab-case), default, help. Help text, the pipeline
/// parser and docs all read the same declaration.
public struct PassOption: Hashable, Sendable {
  public var name: String
  public var defaultValue: String
  /// Allowed values, or empty for free-form (numbers).
  public var choices: [String]
  public var help: String

  public init(_ name: String, default defaultValue: String, choices: [String] = [], help: String) {
    self.name = name
    self.defaultValue = defaultValue
    self.choices = choices
    self.help = help
  }
}

/// Option values given to a pass, already checked against its declarations.
public struct PassOptions: Sendable {
  private var values: [String: String]

  public init(_ values: [String: String] = [:]) { self.values = values }

  public func string(_ name: String) -> String { values[name] ?? "" }
  public func int(_ name: String) -> Int? { Int(string(name)) }
}

/// Named counters a pass reports (`nodes-removed`), printed in the per-pass table.
public typealias PassStatistics = [(name: String, value: Int)]

/// A graph transformation, declared as data (MLIR's style): name, summary, description with
/// a before/after example, typed options. It checks its preconditions, reports failures on
/// the node at fault, and counts what it changed.
public protocol Pass: Sendable {
  static var name: String { get }
  static var summary: String { get }
  static var description: String { get }
  static var options: [PassOption] { get }

  /// Transforms `graph` in place. - Returns: the pass's statistics.
  func run(on graph: inout Graph) throws(IRError) -> PassStatistics
}

extension Pass {
  public static var options: [PassOption] { [] }

  /// Checks `given` against the declared options and fills in defaults.
  public static func resolveOptions(_ given: [(key: String, value: String)]) throws(PipelineError) -> PassOptions {
    var values: [String: String] = [:]
    for option in options { values[option.name] = option.defaultValue }
    for (key, value) in given {
      guard let declared = options.first(where: { $0.name == key }) else {
        let known = options.map(\.name).joined(separator: ", ")
        throw PipelineError("pass '\(name)' has no option '\(key)'" + (known.isEmpty ? "" : " (options: \(known))"))
      }
      if !declared.choices.isEmpty, !declared.choices.contains(value) {
        throw PipelineError(
          "option '\(key)' of '\(name)' must be one of \(declared.choices.joined(separator: ", ")), got '\(value)'")
      }
      if declared.choices.isEmpty, Int(declared.defaultValue) != nil, Int(value) == nil {
        throw PipelineError("option '\(key)' of '\(name)' must be an integer, got '\(value)'")
      }
      values[key] = value
    }
    return PassOptions(values)
  }
}

/// A pipeline that cannot be built or run: unknown pass or option, or a pass that broke the graph.
public struct PipelineError: Error, Sendable, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
