import Foundation
import Yams

/// `--set path=value`: replaces (or adds) one value of a target before validation.
///
/// The path walks mappings by key and lists by an element's `name` or by index:
/// `compute.mesh.rows=32`, `memory.dram.bandwidth_bytes_per_cycle=8`, `memory[1].size_bytes=65536`.
enum TargetOverride {
  struct OverrideError: Error, CustomStringConvertible {
    var description: String
  }

  static func apply(_ assignment: String, to root: Node) throws(OverrideError) -> Node {
    guard let equals = assignment.firstIndex(of: "=") else {
      throw OverrideError(description: "--set '\(assignment)' is not path=value")
    }
    let path = String(assignment[..<equals])
    let value = String(assignment[assignment.index(after: equals)...])
    let components = Self.components(path)
    guard !path.isEmpty, components.allSatisfy({ !$0.isEmpty }) else {
      throw OverrideError(description: "--set '\(assignment)': bad path '\(path)'")
    }
    return try replace(root, components[...], with: node(value), path: path)
  }

  /// The keys of a path: `memory[1].size_bytes` is `memory`, `1`, `size_bytes`.
  static func components(_ path: String) -> [String] {
    path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
      .split(separator: ".", omittingEmptySubsequences: false).map(String.init)
  }

  /// The list element a path key names: by index, or by its `name`.
  static func index(of key: String, in sequence: Node.Sequence) -> Int? {
    let index =
      Int(key)
      ?? sequence.firstIndex { element in
        if case .mapping(let m) = element, case .scalar(let name)? = m["name"] { return name.string == key }
        return false
      }
    return index.flatMap { sequence.indices.contains($0) ? $0 : nil }
  }

  /// The value as YAML: `[a, b]` is a list, anything else a scalar.
  private static func node(_ value: String) -> Node {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return Node(value) }
    let items = trimmed.dropFirst().dropLast().split(separator: ",").map {
      Node($0.trimmingCharacters(in: .whitespaces))
    }
    return .sequence(Node.Sequence(items, Tag(.seq), .flow))
  }

  private static func replace(_ node: Node, _ components: ArraySlice<String>, with value: Node, path: String)
    throws(OverrideError) -> Node
  {
    guard let key = components.first else { return value }
    let rest = components.dropFirst()
    switch node {
    case .mapping(var mapping):
      if let existing = mapping[key] {
        mapping[key] = try replace(existing, rest, with: value, path: path)
      } else if rest.isEmpty {
        mapping[key] = value
      } else {
        throw OverrideError(description: "--set \(path): no key '\(key)'")
      }
      return .mapping(mapping)
    case .sequence(var sequence):
      guard let index = Self.index(of: key, in: sequence) else {
        throw OverrideError(description: "--set \(path): no list element named or numbered '\(key)'")
      }
      sequence[index] = try replace(sequence[index], rest, with: value, path: path)
      return .sequence(sequence)
    default:
      throw OverrideError(description: "--set \(path): '\(key)' is below a single value")
    }
  }
}
