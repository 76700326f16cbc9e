import Yams

import func GraphIR.excerpt

/// Reads a YAML node tree into typed values, collecting every problem with its key path
/// instead of stopping at the first (Timeloop's lesson: parse, validate all, then build).
///
/// Mappings are read with a declared key list: unknown keys and duplicate keys are
/// problems; a missing required key is a problem, never a silent zero.
struct YAMLReader {
  private(set) var problems: [String] = []

  mutating func report(_ path: String, _ message: String, _ node: Node? = nil) {
    let line = node?.mark.map { " (line \($0.line))" } ?? ""
    // A message quotes the offending value: long values are cut (`excerpt`).
    problems.append("\(GraphIR.excerpt(path.isEmpty ? "<top>" : path)): \(GraphIR.excerpt(message, limit: 300))\(line)")
  }

  /// The mapping at `path` as key → node; reports duplicates and keys outside `allowed`.
  mutating func mapping(_ node: Node, at path: String, allowed: [String]) -> [String: Node]? {
    guard case .mapping(let mapping) = node else {
      report(path, "must be a mapping", node)
      return nil
    }
    var result: [String: Node] = [:]
    for (keyNode, value) in mapping {
      guard case .scalar(let key) = keyNode else {
        report(path, "keys must be plain names", keyNode)
        continue
      }
      let child = Self.join(path, key.string)
      if result[key.string] != nil {
        report(child, "appears twice", keyNode)
      } else if !allowed.contains(key.string) {
        report(child, "unknown key (allowed: \(allowed.joined(separator: ", ")))", keyNode)
      } else {
        result[key.string] = value
      }
    }
    return result
  }

  static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// The scalar text at `key`, or a problem when missing and required.
  mutating func scalar(_ map: [String: Node], _ key: String, at path: String, required: Bool = true) -> (String, Node)?
  {
    guard let node = map[key] else {
      if required { report(Self.join(path, key), "is required") }
      return nil
    }
    guard case .scalar(let scalar) = node else {
      report(Self.join(path, key), "must be a single value", node)
      return nil
    }
    return (scalar.string, node)
  }

  mutating func string(_ map: [String: Node], _ key: String, at path: String, required: Bool = true) -> String? {
    scalar(map, key, at: path, required: required)?.0
  }

  /// An integer in `range`.
  mutating func int(
    _ map: [String: Node], _ key: String, at path: String, in range: ClosedRange<Int>, required: Bool = true
  ) -> Int? {
    guard let (text, node) = scalar(map, key, at: path, required: required) else { return nil }
    guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
      report(Self.join(path, key), "must be an integer, got '\(text)'", node)
      return nil
    }
    guard range.contains(value) else {
      report(Self.join(path, key), "must be in \(range.lowerBound)...\(range.upperBound), got \(value)", node)
      return nil
    }
    return value
  }

  /// Magnitudes a target's non-integer values may take (`docs/targets.md`).
  static let physicalRange = 1e-6...1e15

  /// A finite number greater than `minimum` (or equal, when `inclusive`), zero or of a
  /// magnitude within `physicalRange`.
  mutating func number(
    _ map: [String: Node], _ key: String, at path: String, above minimum: Double, inclusive: Bool = false,
    required: Bool = true
  ) -> Double? {
    guard let (text, node) = scalar(map, key, at: path, required: required) else { return nil }
    guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
      report(Self.join(path, key), "must be a number, got '\(text)'", node)
      return nil
    }
    // A clock of 1e308 MHz or a bandwidth of 1e-300 B/cycle is no hardware: totals would
    // saturate and percentages turn into NaN.
    guard value == 0 || (Self.physicalRange.contains(abs(value))) else {
      report(
        Self.join(path, key),
        "must lie within 1e-6…1e15 (or be 0), got \(text)",
        node)
      return nil
    }
    guard inclusive ? value >= minimum : value > minimum else {
      report(
        Self.join(path, key), "must be \(inclusive ? "at least" : "greater than") \(minimum.formatted()), got \(text)",
        node)
      return nil
    }
    return value
  }

  mutating func bool(_ map: [String: Node], _ key: String, at path: String, required: Bool = true) -> Bool? {
    guard let (text, node) = scalar(map, key, at: path, required: required) else { return nil }
    switch text.lowercased() {
    case "true", "yes": return true
    case "false", "no": return false
    default:
      report(Self.join(path, key), "must be true or false, got '\(text)'", node)
      return nil
    }
  }

  /// A list of names each accepted by `parse`.
  mutating func list<T>(
    _ map: [String: Node], _ key: String, at path: String, required: Bool = true, _ parse: (String) -> T?
  ) -> [T]? {
    let child = Self.join(path, key)
    guard let node = map[key] else {
      if required { report(child, "is required") }
      return nil
    }
    guard case .sequence(let sequence) = node else {
      report(child, "must be a list", node)
      return nil
    }
    var result: [T] = []
    for (index, element) in sequence.enumerated() {
      guard case .scalar(let scalar) = element, let value = parse(scalar.string) else {
        report("\(child)[\(index)]", "is not a valid entry", element)
        continue
      }
      result.append(value)
    }
    return result
  }

  /// The list at `key` as (path, node) of each element.
  mutating func elements(_ map: [String: Node], _ key: String, at path: String) -> [(String, Node)] {
    let child = Self.join(path, key)
    guard let node = map[key] else {
      report(child, "is required")
      return []
    }
    guard case .sequence(let sequence) = node, !sequence.isEmpty else {
      report(child, "must be a non-empty list", node)
      return []
    }
    return sequence.enumerated().map { ("\(child)[\($0.offset)]", $0.element) }
  }
}
