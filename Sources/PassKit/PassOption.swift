/// A typed option a pass declares (kebab-case name, kind with its default and allowed
/// values, help). Help text, the pipeline parser and docs all read the same declaration.
public struct PassOption: Sendable {
  public enum Kind: Sendable {
    case integer(default: Int, range: ClosedRange<Int>)
    case number(default: Double, range: ClosedRange<Double>)
    case choice(default: String, choices: [String])
  }

  public var name: String
  public var kind: Kind
  public var help: String

  public static func integer(_ name: String, default value: Int, in range: ClosedRange<Int>, help: String) -> Self {
    Self(name: name, kind: .integer(default: value, range: range), help: help)
  }

  public static func number(_ name: String, default value: Double, in range: ClosedRange<Double>, help: String)
    -> Self
  {
    Self(name: name, kind: .number(default: value, range: range), help: help)
  }

  /// One of `choices`: typically an enum's raw values.
  public static func choice(_ name: String, default value: String, from choices: [String], help: String) -> Self {
    Self(name: name, kind: .choice(default: value, choices: choices), help: help)
  }

  /// The default as pipeline text writes it.
  public var defaultText: String {
    switch kind {
    case .integer(let value, _): String(value)
    case .number(let value, _): Self.text(value)
    case .choice(let value, _): value
    }
  }

  /// What the option accepts, for help: `1…64`, `a|b|c`.
  public var accepted: String {
    switch kind {
    case .integer(_, let range): "\(range.lowerBound)…\(range.upperBound == .max ? "" : String(range.upperBound))"
    case .number(_, let range): "\(Self.text(range.lowerBound))…\(Self.text(range.upperBound))"
    case .choice(_, let choices): choices.joined(separator: "|")
    }
  }

  /// Parses and checks `text` for this option.
  func value(_ text: String, pass: String) throws(PipelineError) -> PassOptions.Value {
    let problem = "option '\(name)' of '\(pass)' must be"
    switch kind {
    case .integer(_, let range):
      guard let value = Int(text) else { throw PipelineError("\(problem) an integer, got '\(text)'") }
      guard range.contains(value) else { throw PipelineError("\(problem) in \(accepted), got \(value)") }
      return .integer(value)
    case .number(_, let range):
      guard let value = Double(text), value.isFinite else { throw PipelineError("\(problem) a number, got '\(text)'") }
      guard range.contains(value) else { throw PipelineError("\(problem) in \(accepted), got \(text)") }
      return .number(value)
    case .choice(_, let choices):
      guard choices.contains(text) else {
        throw PipelineError("\(problem) one of \(choices.joined(separator: ", ")), got '\(text)'")
      }
      return .choice(text)
    }
  }

  var defaultValue: PassOptions.Value {
    switch kind {
    case .integer(let value, _): .integer(value)
    case .number(let value, _): .number(value)
    case .choice(let value, _): .choice(value)
    }
  }

  private static func text(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

/// Option values given to a pass: checked against its declarations, defaults filled in.
public struct PassOptions: Sendable {
  public enum Value: Sendable, Equatable {
    case integer(Int)
    case number(Double)
    case choice(String)
  }

  private var values: [String: Value]

  /// Options with no values: for passes that declare none.
  public init() { values = [:] }

  init(_ values: [String: Value]) { self.values = values }

  /// An integer option's value (0 if `name` is not an integer option the pass declared).
  public func integer(_ name: String) -> Int {
    if case .integer(let value) = values[name] { value } else { 0 }
  }

  /// A number option's value (0 if `name` is not a number option the pass declared).
  public func number(_ name: String) -> Double {
    if case .number(let value) = values[name] { value } else { 0 }
  }

  /// A choice option's value as the enum whose raw values are its choices.
  public func choice<Choice: RawRepresentable>(_ name: String, as type: Choice.Type) -> Choice?
  where Choice.RawValue == String {
    if case .choice(let value) = values[name] { Choice(rawValue: value) } else { nil }
  }
}

/// A counter a pass reports (`nodes-removed`), declared with what it counts.
public struct PassStatistic: Sendable {
  public var name: String
  public var help: String

  public init(_ name: String, _ help: String) {
    self.name = name
    self.help = help
  }
}

/// Named counters a pass reports, each declared in its `statistics`; printed in the per-pass
/// table.
public typealias PassStatistics = [(name: String, value: Int)]
