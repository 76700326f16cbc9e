extension Set<String> {
  /// `base`, or `base.1`, `base.2`, … — the first name not in the set yet, which is then added.
  /// Passes use it for the values, nodes and kernel labels they create.
  public mutating func claimUnique(_ base: String) -> String {
    var name = base
    var suffix = 0
    while contains(name) {
      suffix += 1
      name = "\(base).\(suffix)"
    }
    insert(name)
    return name
  }
}
