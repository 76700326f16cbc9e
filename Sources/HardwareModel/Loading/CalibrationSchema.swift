import Yams

/// The `calibration:` section: `free: {PATH: [LOWER, UPPER]}`, each path a `--set` path to a
/// number in the file, the bounds positive (the fit works on logarithms) and ordered.
enum CalibrationSchema {
  static func read(_ node: Node, root: Node, _ r: inout YAMLReader) -> [FreeParameter] {
    guard let m = r.mapping(node, at: "calibration", allowed: ["free"]), let freeNode = m["free"] else { return [] }
    guard case .mapping(let entries) = freeNode else {
      r.report("calibration.free", "must be a mapping of --set paths to [lower, upper]", freeNode)
      return []
    }
    var result: [FreeParameter] = []
    for (keyNode, value) in entries {
      let path = keyNode.string ?? ""
      let at = "calibration.free.\(path)"
      guard case .sequence(let bounds) = value, bounds.count == 2,
        let lower = bounds[0].string.flatMap(Double.init), let upper = bounds[1].string.flatMap(Double.init),
        lower.isFinite, upper.isFinite
      else {
        r.report(at, "must be [lower, upper]", value)
        continue
      }
      guard lower > 0, lower < upper else {
        r.report(at, "bounds must satisfy 0 < lower < upper, got [\(lower), \(upper)]", value)
        continue
      }
      guard TargetTemplate.number(at: path, in: root) != nil else {
        r.report(at, "names no number in the target", keyNode)
        continue
      }
      let integral = [bounds[0].string, bounds[1].string, TargetTemplate.scalar(at: path, in: root)].allSatisfy {
        $0.flatMap { Int($0.replacingOccurrences(of: "_", with: "")) } != nil
      }
      result.append(FreeParameter(path: path, lower: lower, upper: upper, integral: integral))
    }
    return result.sorted { $0.path < $1.path }
  }
}
