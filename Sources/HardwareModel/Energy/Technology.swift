/// How energy and area change with the process node, the rule every target's `energy:` and
/// `area:` figures are scaled by when they were quoted at another node (`reference_nm`).
///
/// Dynamic energy is C·V²: switched capacitance scales with the feature size, the supply
/// with the node's nominal voltage (the table below, ITRS-era high-performance logic values:
/// 1.8 V at 180 nm down to 0.7 V at 7 nm). Area scales with the square of the feature size.
/// Both are first-order rules; below 28 nm real shrink factors fall short of them (SRAM bit
/// cells shrink more slowly than logic), so figures quoted near the target's node are better.
public enum Technology {
  /// Nominal supply voltage (V) by node (nm).
  static let nominalVolts: [(nm: Double, volts: Double)] = [
    (7, 0.7), (10, 0.75), (14, 0.8), (16, 0.8), (22, 0.85), (28, 0.9), (32, 0.9), (40, 0.9), (45, 0.9), (65, 1.0),
    (90, 1.1), (130, 1.2), (180, 1.8),
  ]

  /// The supply at `nm`, interpolated linearly between the table's nodes (clamped at its ends).
  public static func volts(atNm nm: Double) -> Double {
    let table = nominalVolts
    guard let first = table.first, let last = table.last else { return 1 }
    if nm <= first.nm { return first.volts }
    if nm >= last.nm { return last.volts }
    for (low, high) in zip(table, table.dropFirst()) where nm <= high.nm {
      return low.volts + (high.volts - low.volts) * (nm - low.nm) / (high.nm - low.nm)
    }
    return last.volts
  }

  /// Factor from dynamic energy at `reference` nm to `target` nm: (L'/L)·(V'/V)².
  public static func energyScale(from reference: Double, to target: Double) -> Double {
    guard reference > 0, target > 0 else { return 1 }
    let voltage = volts(atNm: target) / volts(atNm: reference)
    return target / reference * voltage * voltage
  }

  /// Factor from area at `reference` nm to `target` nm: (L'/L)².
  public static func areaScale(from reference: Double, to target: Double) -> Double {
    guard reference > 0, target > 0 else { return 1 }
    return (target / reference) * (target / reference)
  }
}
