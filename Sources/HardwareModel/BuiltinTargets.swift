/// The targets that ship with Tessera (the files in `targets/`, embedded at build time by
/// `tools/embed-files.sh`), and resolution of a `--target` argument.
public enum BuiltinTargets {
  /// Built-in target names, sorted.
  public static var names: [String] { files.map(\.name) }

  /// The YAML text of a built-in target.
  public static func yaml(named name: String) -> String? { files.first { $0.name == name }?.yaml }

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
