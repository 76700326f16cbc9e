import Foundation

/// What one design point measured: per model latency, energy and power, the totals (latency
/// and energy summed over the models, power their maximum), the area, and whether every
/// constraint holds. A point whose compilation fails is infeasible and says why.
public struct PointResult: Codable, Sendable, Equatable {
  public struct ModelResult: Codable, Sendable, Equatable {
    public var latencyMs: Double
    public var energyUJ: Double
    public var powerMW: Double

    enum CodingKeys: String, CodingKey {
      case latencyMs = "latency_ms"
      case energyUJ = "energy_uj"
      case powerMW = "power_mw"
    }
  }

  public var overrides: [String]
  /// By model file name, in the spec's order when encoded (keys are sorted).
  public var models: [String: ModelResult]
  public var latencyMs: Double
  public var energyUJ: Double
  public var powerMW: Double
  public var areaMM2: Double
  public var feasible: Bool
  public var error: String?

  enum CodingKeys: String, CodingKey {
    case overrides, models, feasible, error
    case latencyMs = "latency_ms"
    case energyUJ = "energy_uj"
    case powerMW = "power_mw"
    case areaMM2 = "area_mm2"
  }

  /// The objective's value (lower is better).
  public func value(_ objective: ExploreSpec.Objective) -> Double {
    switch objective {
    case .latency: latencyMs
    case .energy: energyUJ
    case .area: areaMM2
    case .power: powerMW
    case .edp: latencyMs * energyUJ
    }
  }

  /// A constraint's metric on the totals or, with `model`, on that model (the area is the
  /// design's either way); nil for a model the point lacks.
  public func value(_ metric: ExploreSpec.Metric, model: String? = nil) -> Double? {
    if metric == .area { return areaMM2 }
    let figures: ModelResult
    if let model {
      guard let result = models[model] else { return nil }
      figures = result
    } else {
      figures = ModelResult(latencyMs: latencyMs, energyUJ: energyUJ, powerMW: powerMW)
    }
    switch metric {
    case .latency: return figures.latencyMs
    case .energy: return figures.energyUJ
    case .power: return figures.powerMW
    case .area: return areaMM2
    }
  }

  /// The JSON of one point, keys sorted: the same bytes for the same result.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
