import Foundation

/// The targets that ship with Tessera (the files in `targets/`, embedded at build time by
/// `tools/embed-files.sh`), and resolution of a `--target` argument.
public enum BuiltinTargets {
  /// Built-in target names, sorted.
  public static var names: [String] { files.map(\.name) }

  /// The YAML text of a built-in target.
  public static func yaml(named name: String) -> String? { files.first { $0.name == name }?.yaml }

  /// The text of `target` (a built-in name or a target file) and the name errors give it.
  public static func text(of target: String) throws(AcceleratorLoader.LoadError) -> (text: String, file: String) {
    if let text = yaml(named: target) { return (text, "targets/\(target).yaml") }
    guard target.hasSuffix(".yaml") || target.hasSuffix(".yml") || target.contains("/") else {
      throw AcceleratorLoader.LoadError(
        file: target, problems: ["not a built-in target (\(names.joined(separator: ", "))) nor a .yaml file"])
    }
    guard let data = FileManager.default.contents(atPath: target) else {
      throw AcceleratorLoader.LoadError(file: target, problems: ["cannot read the file"])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw AcceleratorLoader.LoadError(file: target, problems: ["not UTF-8 text"])
    }
    return (text, target)
  }

  /// Loads `target`: a built-in name, or a path to a YAML file (anything ending in .yaml/.yml
  /// or containing a slash).
  /// `knownOps`: the op names a vector unit may list (`nil`: unchecked).
  public static func load(
    _ target: String, overrides: [String] = [], knownOps: Set<String>? = nil
  ) throws(AcceleratorLoader.LoadError) -> Accelerator {
    if let text = yaml(named: target) {
      return try AcceleratorLoader.load(text, file: "targets/\(target).yaml", overrides: overrides, knownOps: knownOps)
    }
    if target.hasSuffix(".yaml") || target.hasSuffix(".yml") || target.contains("/") {
      return try AcceleratorLoader.load(file: target, overrides: overrides, knownOps: knownOps)
    }
    throw AcceleratorLoader.LoadError(
      file: target, problems: ["not a built-in target (\(names.joined(separator: ", "))) nor a .yaml file"])
  }
}
