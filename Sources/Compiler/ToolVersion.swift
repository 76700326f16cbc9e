/// Tessera's version: printed by `tessera --version` and part of every stored exploration
/// result's key (a new version does not reuse an old version's results).
public enum ToolVersion {
  public static let current = "0.20.0"
}
