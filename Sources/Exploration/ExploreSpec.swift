import Compiler
import Foundation
import HardwareModel
import Yams

/// An exploration spec (`tessera explore SPEC.yaml`, docs/explore.md): a base target, the
/// networks one design must serve, the axes to vary (any `--set` path, a list of values
/// each), constraints, objectives and a search strategy. Every problem is collected before
/// any work starts.
public struct ExploreSpec: Sendable {
  public enum Strategy: String, Sendable, CaseIterable { case grid, random, evolutionary }
  public enum Objective: String, Sendable, CaseIterable { case latency, energy, area, edp, power }

  public struct Axis: Sendable, Equatable {
    public var path: String
    public var values: [String]
  }

  /// `METRIC OP VALUE`, on the totals or (`METRIC@MODEL`) one model.
  public struct Constraint: Sendable, Equatable {
    public enum Comparison: String, Sendable, CaseIterable { case le = "<=", lt = "<", ge = ">=", gt = ">" }
    public var metric: Metric
    public var model: String?
    public var comparison: Comparison
    public var bound: Double

    public func holds(_ value: Double) -> Bool {
      switch comparison {
      case .le: value <= bound
      case .lt: value < bound
      case .ge: value >= bound
      case .gt: value > bound
      }
    }
  }

  public enum Metric: String, Sendable, CaseIterable {
    case latency = "latency_ms", energy = "energy_uj", power = "power_mw", area = "area_mm2"
  }

  public var file: String
  public var base: String
  public var baseYAML: String
  public var models: [String]
  public var pipeline: String?
  public var timing: String
  public var batch: Int?
  public var axes: [Axis]
  public var constraints: [Constraint]
  public var objectives: [Objective]
  public var strategy: Strategy
  public var budget: Int
  public var seed: UInt64

  public static let keys = [
    "base", "models", "pipeline", "timing", "batch", "axes", "constraints", "objectives", "strategy", "budget", "seed",
  ]

  /// Reads and checks `file`: every problem, one per line, in the error.
  public static func load(_ file: String) throws(CompileError) -> ExploreSpec {
    guard let data = FileManager.default.contents(atPath: file), data.count <= 1 << 20,
      let text = String(data: data, encoding: .utf8)
    else { throw CompileError("\(file): not a readable UTF-8 file of at most 1 MiB") }
    return try parse(text, file: file)
  }

  public static func parse(_ text: String, file: String) throws(CompileError) -> ExploreSpec {
    var problems: [String] = []
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else { throw CompileError("\(file): the spec is empty") }
      root = node
    } catch let error as CompileError {
      throw error
    } catch {
      throw CompileError("\(file): not valid YAML: \(excerptLine(error))")
    }
    guard case .mapping(let top) = root else { throw CompileError("\(file): the spec must be a mapping") }
    var entries: [String: Node] = [:]
    for (key, value) in top {
      let name = key.string ?? ""
      if !keys.contains(name) { problems.append("\(name): unknown key (allowed: \(keys.joined(separator: ", ")))") }
      entries[name] = value
    }
    // Absolute first: a relative spec path standardized with `..` loses its folders.
    let folder = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent()
    func path(_ name: String) -> String {
      name.hasPrefix("/") ? name : folder.appendingPathComponent(name).standardized.path
    }
    // The base target.
    let base = entries["base"]?.string ?? ""
    var baseYAML = ""
    if base.isEmpty {
      problems.append("base: is required (a built-in target name or a target file)")
    } else if let builtin = BuiltinTargets.yaml(named: base) {
      baseYAML = builtin
    } else if let data = FileManager.default.contents(atPath: path(base)),
      let text = String(data: data, encoding: .utf8)
    {
      baseYAML = text
    } else {
      problems.append("base: '\(base)' is neither a built-in target nor a readable file")
    }
    // Models.
    var models: [String] = []
    if case .sequence(let list)? = entries["models"], !list.isEmpty {
      models = list.map { path($0.string ?? "") }
      for (index, model) in models.enumerated() where !FileManager.default.isReadableFile(atPath: model) {
        problems.append("models[\(index)]: '\(list[index].string ?? "")' is not a readable file")
      }
    } else {
      problems.append("models: must list at least one ONNX model")
    }
    let pipelineName = entries["pipeline"]?.string ?? "default"
    let timing = entries["timing"]?.string ?? "analytical"
    if !["analytical", "simulate"].contains(timing) {
      problems.append("timing: must be analytical or simulate, got '\(timing)'")
    }
    var batch: Int?
    if let node = entries["batch"] {
      batch = node.string.flatMap { Int($0) }
      if batch.map({ !(1...65536).contains($0) }) ?? true { problems.append("batch: must be an integer in 1...65536") }
    }
    // Axes, in the file's order.
    var axes: [Axis] = []
    if case .mapping(let mapping)? = entries["axes"], !mapping.isEmpty {
      for (key, value) in mapping {
        let name = key.string ?? ""
        guard case .sequence(let values) = value, !values.isEmpty else {
          problems.append("axes.\(name): must be a non-empty list of values")
          continue
        }
        let texts = values.map { $0.string ?? "" }
        if Set(texts).count != texts.count { problems.append("axes.\(name): lists a value twice") }
        axes.append(Axis(path: name, values: texts))
      }
    } else {
      problems.append("axes: must map at least one --set path to a list of values")
    }
    if !baseYAML.isEmpty {
      for axis in axes {
        for value in axis.values {
          do { _ = try AcceleratorLoader.load(baseYAML, file: base, overrides: ["\(axis.path)=\(value)"]) } catch {
            problems.append("axes.\(axis.path): value \(value): \(error.problems.joined(separator: "; "))")
          }
        }
      }
    }
    // Constraints.
    var constraints: [Constraint] = []
    if let node = entries["constraints"] {
      if case .mapping(let mapping) = node {
        for (key, value) in mapping {
          let name = key.string ?? ""
          let parts = name.split(separator: "@", maxSplits: 1).map(String.init)
          guard let metric = Metric(rawValue: parts[0]) else {
            problems.append(
              "constraints.\(name): unknown metric (\(Metric.allCases.map(\.rawValue).joined(separator: ", ")), optionally @MODEL)"
            )
            continue
          }
          let model = parts.count > 1 ? parts[1] : nil
          if let model, metric != .area,
            !models.contains(where: { URL(fileURLWithPath: $0).lastPathComponent == model })
          {
            problems.append("constraints.\(name): no model named '\(model)' in models")
          }
          let expressions = (value.string ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
          for expression in expressions {
            guard let constraint = Constraint(metric: metric, model: model, expression) else {
              problems.append("constraints.\(name): '\(expression)' is not OP NUMBER (OP one of <=, <, >=, >)")
              continue
            }
            constraints.append(constraint)
          }
        }
        problems += contradictions(constraints)
      } else {
        problems.append("constraints: must be a mapping of metrics to conditions such as \"<= 2.0\"")
      }
    }
    // Objectives, strategy, budget, seed.
    var objectives: [Objective] = [.latency, .energy, .area]
    if let node = entries["objectives"] {
      if case .sequence(let list) = node, !list.isEmpty {
        objectives = []
        for item in list {
          guard let objective = Objective(rawValue: item.string ?? "") else {
            problems.append(
              "objectives: unknown objective '\(item.string ?? "")' (\(Objective.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
            continue
          }
          if !objectives.contains(objective) { objectives.append(objective) }
        }
      } else {
        problems.append("objectives: must be a non-empty list")
      }
    }
    let strategyName = entries["strategy"]?.string ?? "grid"
    let strategy = Strategy(rawValue: strategyName)
    if strategy == nil { problems.append("strategy: must be grid, random or evolutionary, got '\(strategyName)'") }
    var budget = 0
    if let node = entries["budget"] {
      budget = node.string.flatMap { Int($0) } ?? -1
      if !(1...1_000_000).contains(budget) { problems.append("budget: must be an integer in 1...1000000") }
    } else if strategy == .random || strategy == .evolutionary {
      problems.append("budget: is required for the \(strategyName) strategy")
    }
    let seed = entries["seed"].flatMap { $0.string.flatMap { UInt64($0) } } ?? 1
    if entries["seed"] != nil, entries["seed"]?.string.flatMap({ UInt64($0) }) == nil {
      problems.append("seed: must be a non-negative integer")
    }
    let gridSize = axes.reduce(1.0) { $0 * Double($1.values.count) }
    if strategy == .grid, gridSize > 1_000_000 {
      problems.append(
        "axes: the grid has \(Int(gridSize)) points, over the limit of 1000000 (use random or evolutionary)")
    }
    guard problems.isEmpty, let strategy else {
      throw CompileError(
        problems.count == 1
          ? "\(file): \(problems[0])"
          : "\(file): \(problems.count) problems:\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
    }
    return ExploreSpec(
      file: file, base: base, baseYAML: baseYAML, models: models,
      pipeline: pipelineName == "default" ? nil : pipelineName,
      timing: timing, batch: batch, axes: axes, constraints: constraints, objectives: objectives, strategy: strategy,
      budget: budget, seed: seed)
  }

  /// Bounds on one metric that no value can meet at once (`<= 1` with `>= 2`).
  static func contradictions(_ constraints: [Constraint]) -> [String] {
    var problems: [String] = []
    let keys = Set(constraints.map { "\($0.metric.rawValue)\($0.model.map { "@" + $0 } ?? "")" }).sorted()
    for key in keys {
      let group = constraints.filter { "\($0.metric.rawValue)\($0.model.map { "@" + $0 } ?? "")" == key }
      let upper = group.filter { $0.comparison == .le || $0.comparison == .lt }.map(\.bound).min()
      let lower = group.filter { $0.comparison == .ge || $0.comparison == .gt }.map(\.bound).max()
      if let upper, let lower,
        lower > upper || (lower == upper && group.contains { $0.comparison == .lt || $0.comparison == .gt })
      {
        problems.append(
          "constraints.\(key): no value is at least \(lower.formatted()) and at most \(upper.formatted())")
      }
    }
    return problems
  }

  static func excerptLine(_ error: Error) -> String {
    String(String(describing: error).split(separator: "\n").first ?? "").prefix(200).description
  }

  /// The number of grid points.
  public var gridSize: Int { axes.reduce(1) { $0 * $1.values.count } }
}

extension ExploreSpec.Constraint {
  init?(metric: ExploreSpec.Metric, model: String?, _ expression: String) {
    for comparison in [Comparison.le, .ge, .lt, .gt] where expression.hasPrefix(comparison.rawValue) {
      let number = expression.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
      guard let bound = Double(number), bound.isFinite else { return nil }
      self.init(metric: metric, model: model, comparison: comparison, bound: bound)
      return
    }
    return nil
  }
}

extension ExploreSpec {
  /// The content hash every stored result of this spec is keyed by, with the point's
  /// overrides: tool version, base target text, pipeline, timing, batch, each model's bytes.
  public var contentKey: String {
    var hash = ContentHash()
    hash.add(ToolVersion.current)
    hash.add(baseYAML)
    hash.add(pipeline ?? "default")
    hash.add(timing)
    hash.add(batch.map(String.init) ?? "-")
    for model in models {
      hash.add(FileManager.default.contents(atPath: model) ?? Data())
    }
    return hash.hex
  }
}
