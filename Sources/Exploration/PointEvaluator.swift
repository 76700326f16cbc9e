import Compiler
import Foundation
import GraphIR
import HardwareModel
import Simulator

/// Evaluates design points: the models are imported once; each point loads the base target
/// with its overrides and compiles (and with `timing: simulate`, simulates) every model.
public struct PointEvaluator: Sendable {
  public let spec: ExploreSpec
  /// (file name, graph) per model, in the spec's order.
  let graphs: [(name: String, graph: Graph)]
  /// The base target, parsed once.
  let base: AcceleratorLoader.Parsed

  public init(_ spec: ExploreSpec) throws(CompileError) {
    self.spec = spec
    var graphs: [(String, Graph)] = []
    for model in spec.models {
      let imported = try Session.importModel(model, batch: spec.batch)
      graphs.append((URL(fileURLWithPath: model).lastPathComponent, imported.graph))
    }
    self.graphs = graphs
    do { base = try AcceleratorLoader.parsed(spec.baseYAML, file: spec.base) } catch {
      throw CompileError(error.description)
    }
  }

  public func evaluate(_ point: DesignPoint) -> PointResult { evaluate(overrides: point.overrides(spec)) }

  /// The base target with `overrides` (a point's, or any list a shard gives), every model.
  public func evaluate(overrides: [String]) -> PointResult {
    var result = PointResult(
      overrides: overrides, models: [:], latencyMs: 0, energyUJ: 0, powerMW: 0, areaMM2: 0, feasible: false)
    let accelerator: Accelerator
    do { accelerator = try AcceleratorLoader.load(base, overrides: overrides) } catch {
      result.error = error.description
      return result
    }
    result.areaMM2 = accelerator.areaBreakdown.totalMM2
    var options = CompileOptions(pipeline: spec.pipeline)
    options.recordWallTime = false
    options.pricePasses = false
    for (name, graph) in graphs {
      do {
        var compiled = try Compilation.compile(graph, for: accelerator, options: options)
        var report = compiled.report
        var (latency, energy, power) = (report.latencyMs, report.energyUJ, report.averagePowerMW)
        if spec.timing == "simulate" {
          let stream = try Compilation.commandStream(compiled)
          var options = SimulationOptions()
          options.recordTimeline = false  // totals only
          try Compilation.simulate(&compiled, stream: stream, options: options)
          report = compiled.report
          if let simulation = report.simulation {
            (latency, energy, power) = (simulation.latencyMs, simulation.energyUJ, simulation.averagePowerMW)
          }
        }
        result.models[name] = PointResult.ModelResult(latencyMs: latency, energyUJ: energy, powerMW: power)
        result.latencyMs += latency
        result.energyUJ += energy
        result.powerMW = max(result.powerMW, power)
      } catch {
        result.error = "\(name): \(error.description)"
        return result
      }
    }
    result.feasible = spec.constraints.allSatisfy { constraint in
      result.value(constraint.metric, model: constraint.model).map(constraint.holds) ?? false
    }
    return result
  }
}

/// FNV-1a, 64-bit, over length-prefixed parts: a content hash for store keys.
public struct ContentHash: Sendable {
  var value: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  public mutating func add(_ text: String) { add(Data(text.utf8)) }

  public mutating func add(_ data: Data) {
    for byte in withUnsafeBytes(of: UInt64(data.count).littleEndian, Array.init) + Array(data) {
      value ^= UInt64(byte)
      value = value &* 0x100_0000_01b3
    }
  }

  public var hex: String { String(value, radix: 16).leftPadded(to: 16) }
}

extension String {
  func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(width - count, 0)) + self }
}
