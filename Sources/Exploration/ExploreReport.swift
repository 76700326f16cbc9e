import Compiler
import Foundation

/// The outcome of a run as text (the Pareto front), CSV (every point, its axes as columns)
/// or JSON (`points`: every point; `pareto`: the non-dominated feasible ones over the spec's
/// objectives; `pareto_by_model`: the same per model, on its latency, energy and the area).
public struct ExploreReport {
  public let spec: ExploreSpec
  public let results: [PointResult]

  public init(spec: ExploreSpec, results: [PointResult]) {
    self.spec = spec
    self.results = results
  }

  /// Indices of the aggregated front.
  public var pareto: [Int] {
    let feasible = results.indices.filter { results[$0].feasible }
    return Pareto.front(feasible.map { i in spec.objectives.map { results[i].value($0) } }).map { feasible[$0] }
  }

  var modelNames: [String] { spec.models.map { URL(fileURLWithPath: $0).lastPathComponent } }

  func paretoByModel() -> [String: [Int]] {
    var fronts: [String: [Int]] = [:]
    for name in modelNames {
      let feasible = results.indices.filter { results[$0].feasible && results[$0].models[name] != nil }
      let values = feasible.map { i -> [Double] in
        let model = results[i].models[name]
        return [model?.latencyMs ?? 0, model?.energyUJ ?? 0, results[i].areaMM2]
      }
      fronts[name] = Pareto.front(values).map { feasible[$0] }
    }
    return fronts
  }

  public func renderJSON() -> String {
    let front = pareto
    let byModel = paretoByModel()
    var out = "{\n  \"pareto\": [\n"
    out += front.map { "    " + results[$0].json }.joined(separator: ",\n")
    out += "\n  ],\n  \"pareto_by_model\": {\n"
    out += modelNames.sorted().map { name in
      "    " + Self.quoted(name) + ": [" + (byModel[name] ?? []).map { results[$0].json }.joined(separator: ", ") + "]"
    }.joined(separator: ",\n")
    out += "\n  },\n  \"points\": [\n"
    out += results.map { "    " + $0.json }.joined(separator: ",\n")
    out += "\n  ]\n}\n"
    return out
  }

  public func renderCSV() -> String {
    let front = Set(pareto)
    var header = spec.axes.map(\.path) + ["latency_ms", "energy_uj", "power_mw", "area_mm2", "feasible", "pareto"]
    for name in modelNames { header += ["\(name) latency_ms", "\(name) energy_uj"] }
    header.append("error")
    var out = header.map(CompileReport.csvField).joined(separator: ",") + "\n"
    for (index, r) in results.enumerated() {
      var fields = r.overrides.map { String($0.split(separator: "=", maxSplits: 1).last ?? "") }
      fields += [r.latencyMs, r.energyUJ, r.powerMW, r.areaMM2].map { String($0) }
      fields += [String(r.feasible), String(front.contains(index))]
      for name in modelNames {
        fields += [r.models[name].map { String($0.latencyMs) } ?? "", r.models[name].map { String($0.energyUJ) } ?? ""]
      }
      fields.append(r.error ?? "")
      out += fields.map(CompileReport.csvField).joined(separator: ",") + "\n"
    }
    return out
  }

  public func renderText() -> String {
    let front = pareto
    let feasible = results.filter(\.feasible).count
    var out = "explore \(spec.file): base \(spec.base), \(spec.models.count) model(s), \(spec.strategy.rawValue), "
    out += "\(results.count) points (\(feasible) feasible); Pareto front over "
    out += spec.objectives.map(\.rawValue).joined(separator: ", ") + ": \(front.count) points\n\n"
    let numeric = Set((1 + spec.axes.count)..<(5 + spec.axes.count)).union([0])
    var table = TextTable(
      headers: ["#"] + spec.axes.map(\.path) + ["latency ms", "energy µJ", "power mW", "area mm²"],
      rightAligned: numeric)
    for (rank, index) in front.sorted(by: { (results[$0].latencyMs, $0) < (results[$1].latencyMs, $1) }).enumerated() {
      let r = results[index]
      table.add(
        ["\(rank + 1)"] + r.overrides.map { String($0.split(separator: "=", maxSplits: 1).last ?? "") }
          + [
            String(format: "%.4f", r.latencyMs), String(format: "%.1f", r.energyUJ), String(format: "%.1f", r.powerMW),
            String(format: "%.3f", r.areaMM2),
          ])
    }
    out += table.render()
    if let first = front.first {
      out += "\nreproduce a point: tessera compile MODEL --target \(spec.base) "
      out += results[first].overrides.map { "--set \($0)" }.joined(separator: " ") + "\n"
    }
    let failed = results.filter { $0.error != nil }
    if let example = failed.first?.error {
      out += "\n\(failed.count) point(s) could not be compiled, e.g. \(example.prefix(200))\n"
    }
    return out
  }

  static func quoted(_ text: String) -> String {
    let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
