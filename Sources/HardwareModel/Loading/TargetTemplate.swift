import Yams

/// A target file parsed once and instantiated many times with different `--set` values:
/// what a calibration does hundreds of times per fit.
public struct TargetTemplate: @unchecked Sendable {
  // Yams' Node is a value tree that is never mutated here.
  private let root: Node
  public let file: String
  /// The target as written (with the template's own overrides).
  public let base: Accelerator

  /// `target`: a built-in name or a target file; `overrides` are applied once, up front.
  public init(_ target: String, overrides: [String] = []) throws(AcceleratorLoader.LoadError) {
    let (text, file) = try BuiltinTargets.text(of: target)
    var root = try AcceleratorLoader.parse(text, file: file)
    for override in overrides {
      do { root = try TargetOverride.apply(override, to: root) } catch {
        throw AcceleratorLoader.LoadError(file: file, problems: [error.description])
      }
    }
    (self.root, self.file) = (root, file)
    base = try AcceleratorLoader.build(root, file: file, overrides: [], knownOps: nil)
  }

  /// The target with `values` (path → number) set; whole numbers are written as integers.
  public func accelerator(_ values: [(path: String, value: Double)]) throws(AcceleratorLoader.LoadError)
    -> Accelerator
  {
    let overrides = values.map { path, value in
      value == value.rounded() && abs(value) < 1e15 ? "\(path)=\(Int(value))" : "\(path)=\(value)"
    }
    return try AcceleratorLoader.build(root, file: file, overrides: overrides, knownOps: nil)
  }

  /// The number at `path` once derived values are resolved (`nil`: no number there).
  public func value(at path: String) -> Double? {
    guard let resolved = try? TargetExpressions.resolve(root) else { return nil }
    return Self.number(at: path, in: resolved)
  }

  static func number(at path: String, in root: Node) -> Double? {
    scalar(at: path, in: root).flatMap { Double($0.replacingOccurrences(of: "_", with: "")) }
  }

  static func scalar(at path: String, in root: Node) -> String? {
    var node = root
    for key in TargetOverride.components(path) {
      switch node {
      case .mapping(let m):
        guard let next = m[key] else { return nil }
        node = next
      case .sequence(let s):
        guard let index = TargetOverride.index(of: key, in: s) else { return nil }
        node = s[index]
      default: return nil
      }
    }
    guard case .scalar(let scalar) = node else { return nil }
    return scalar.string
  }
}
