import Foundation
import Yams

/// Loads and validates target YAML files into `Accelerator`s.
public enum AcceleratorLoader {
  /// Every problem with a target file, one per line, each with its key path.
  public struct LoadError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var problems: [String]
    public var description: String {
      "\(file): \(problems.count == 1 ? "" : "\(problems.count) problems:\n  ")" + problems.joined(separator: "\n  ")
    }
  }

  /// Parses `text`, applies `overrides` (`path=value`, see `TargetOverride`), validates and builds.
  /// - Parameters:
  ///   - file: Names the file in errors.
  ///   - knownOps: The op names a vector unit may list; each other one is a problem (`nil`: unchecked).
  public static func load(
    _ text: String, file: String, overrides: [String] = [], knownOps: Set<String>? = nil
  ) throws(LoadError) -> Accelerator {
    try build(try parse(text, file: file), file: file, overrides: overrides, knownOps: knownOps)
  }

  /// A target file parsed and checked once (`parsed(_:file:)`), to be built with different
  /// overrides many times (`load(_:overrides:)`: design-space exploration).
  public struct Parsed: @unchecked Sendable {
    let root: Node
    public let file: String
  }

  public static func parsed(_ text: String, file: String) throws(LoadError) -> Parsed {
    Parsed(root: try parse(text, file: file), file: file)
  }

  public static func load(_ parsed: Parsed, overrides: [String] = []) throws(LoadError) -> Accelerator {
    try build(parsed.root, file: parsed.file, overrides: overrides, knownOps: nil)
  }

  /// Whether `line` has a YAML anchor (`&name`) or alias (`*name`) before any comment or
  /// quote: `&` or `*` after a space or one of `[{,:-`, followed by a letter, digit or `_`.
  /// (A scan, not a regex: a static `Regex` shows as a leak to LeakSanitizer, a per-call one
  /// is slow.)
  static func hasAnchorOrAlias(_ line: Substring) -> Bool {
    let bytes = Array(line.utf8)
    for (index, byte) in bytes.enumerated() {
      if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") { return false }
      guard byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*"), index > 0, index + 1 < bytes.count else {
        continue
      }
      let before = bytes[index - 1]
      let after = bytes[index + 1]
      let separator = " \t\r\n\u{0B}\u{0C}[{,:-".utf8.contains(before)
      let word =
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(after)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(after)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(after) || after == UInt8(ascii: "_")
      if separator && word { return true }
    }
    return false
  }

  /// The checked YAML tree of a target file (size, anchors, nesting).
  static func parse(_ text: String, file: String) throws(LoadError) -> Node {
    guard text.utf8.count <= 1 << 20 else { throw LoadError(file: file, problems: ["larger than 1 MiB"]) }
    // Anchors and aliases would let a small file expand into a huge tree: refuse them.
    if text.split(separator: "\n").contains(where: {
      hasAnchorOrAlias($0)
    }) {
      throw LoadError(file: file, problems: ["YAML anchors and aliases (&name, *name) are not supported"])
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw LoadError(file: file, problems: ["the file is empty"])
      }
      root = node
    } catch let error as LoadError {
      throw error
    } catch {
      throw LoadError(
        file: file, problems: ["not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")"])
    }
    if tooDeep(root, depth: 0) { throw LoadError(file: file, problems: ["nested deeper than 32 levels"]) }
    return root
  }

  /// Applies `overrides` to a parsed tree, resolves derived values, validates and builds.
  static func build(_ parsed: Node, file: String, overrides: [String], knownOps: Set<String>?) throws(LoadError)
    -> Accelerator
  {
    var root = parsed
    for override in overrides {
      do { root = try TargetOverride.apply(override, to: root) } catch {
        throw LoadError(file: file, problems: [error.description])
      }
    }
    do { root = try TargetExpressions.resolve(root) } catch {
      throw LoadError(file: file, problems: [error.description])
    }
    var reader = YAMLReader()
    let accelerator = AcceleratorSchema.read(root, &reader, knownOps: knownOps)
    guard reader.problems.isEmpty, let accelerator else { throw LoadError(file: file, problems: reader.problems) }
    return accelerator
  }

  /// Loads a file from disk.
  public static func load(
    file path: String, overrides: [String] = [], knownOps: Set<String>? = nil
  ) throws(LoadError) -> Accelerator {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoadError(file: path, problems: ["cannot read the file"])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw LoadError(file: path, problems: ["not UTF-8 text"])
    }
    return try load(text, file: path, overrides: overrides, knownOps: knownOps)
  }

  private static func tooDeep(_ node: Node, depth: Int) -> Bool {
    if depth > 32 { return true }
    switch node {
    case .alias, .scalar: return false
    case .mapping(let mapping): return mapping.contains { tooDeep($0.value, depth: depth + 1) }
    case .sequence(let sequence): return sequence.contains { tooDeep($0, depth: depth + 1) }
    }
  }
}
