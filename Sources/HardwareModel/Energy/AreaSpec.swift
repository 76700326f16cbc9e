import Foundation

/// A target's `area:` section as written (figures at `reference_nm`, default the target's
/// node); anything left out comes from `AreaDefaults`. `Accelerator.areaBreakdown` sums it.
public struct AreaSpec: Hashable, Sendable {
  public var referenceNm: Double?
  /// One MAC (multiplier and accumulator), by element type (µm²).
  public var macUM2: [ElementType: Double] = [:]
  /// A byte of PE-local registers or scratchpad (µm²).
  public var registerUM2PerByte: Double?
  /// SRAM area = `sramMM2PerKiB` × KiB^`sramExponent` (mm²).
  public var sramMM2PerKiB: Double?
  public var sramExponent: Double?
  /// One vector lane (µm²).
  public var vectorLaneUM2: Double?
  /// The host's share, when the host is part of the design (mm²; default 0).
  public var hostMM2: Double?
  /// Control, interconnect, I/O (mm²).
  public var fixedMM2: Double?

  public init() {}

  public var isEmpty: Bool { self == AreaSpec() }
}

/// Figures used where a target gives none, at 45 nm.
public enum AreaDefaults {
  public static let referenceNm = 45.0
  /// Multiplier + 32-bit (or floating) accumulator from Horowitz's ISSCC 2014 area table:
  /// int8 282 + 137 µm², int32 3,495 + 137, fp16 1,640 + 1,360, fp32 7,700 + 4,184; int4,
  /// int16, fp8 and bf16 by bits² on the multiplier.
  public static let macUM2: [ElementType: Double] = [
    .int4: 210, .int8: 419, .int16: 1265, .int32: 3632, .fp8: 1800, .fp16: 3000, .bf16: 2600, .fp32: 11884,
  ]
  /// A register-file byte: eight latch/flip-flop bit cells with their ports, about 10 µm².
  public static let registerUM2PerByte = 10.0
  /// SRAM: mm² = 0.0090 × KiB^0.886, fitted to CACTI 45 nm single-port SRAM areas
  /// (docs/energy.md lists the points).
  public static let sramMM2PerKiB = 0.0090
  public static let sramExponent = 0.886
}

/// Area by part, mm² at the target's node.
public struct AreaBreakdown: Hashable, Sendable {
  public struct Part: Hashable, Sendable {
    public var name: String
    public var mm2: Double
  }
  /// One entry per compute unit and on-chip memory level, in the target's order, then `fixed`.
  public var parts: [Part]
  public var totalMM2: Double { parts.map(\.mm2).reduce(0, +) }
}

extension Accelerator {
  /// The chip's area: compute units (MACs and PE registers, vector lanes, the host's share),
  /// on-chip memory levels as SRAM (the first level, DRAM, is off-chip), fixed overheads.
  public var areaBreakdown: AreaBreakdown {
    let given = Technology.areaScale(from: area.referenceNm ?? technologyNm, to: technologyNm)
    let standard = Technology.areaScale(from: AreaDefaults.referenceNm, to: technologyNm)
    func mac(_ type: ElementType) -> Double {
      area.macUM2[type].map { $0 * given } ?? (AreaDefaults.macUM2[type] ?? 0) * standard
    }
    let register = area.registerUM2PerByte.map { $0 * given } ?? AreaDefaults.registerUM2PerByte * standard
    let lane = area.vectorLaneUM2.map { $0 * given } ?? (AreaDefaults.macUM2[.fp32] ?? 0) * standard
    /// µm² of a PE doing `rates` MACs per cycle: its widest multiplier, as many as the rate.
    func processingElement(_ rates: [ElementType: Double]) -> Double {
      rates.map { type, rate in mac(type) * max(rate.rounded(.up), 1) }.max() ?? 0
    }
    var parts: [AreaBreakdown.Part] = computeUnits.map { unit in
      let um2: Double
      switch unit.kind {
      case .systolic(let a): um2 = Double(a.rows * a.cols) * processingElement(a.macsPerPEPerCycle)
      case .rowStationary(let a):
        // The scratchpads count where the target lists them, as a memory level (eyeriss does).
        um2 = Double(a.rows * a.cols) * processingElement(a.macsPerPEPerCycle)
      case .macCells(let c):
        um2 = c.macsPerCycle.map { type, count in mac(type) * Double(count) }.max() ?? 0
      case .vector(let v): um2 = Double(v.lanes) * max(v.opsPerLanePerCycle, 1) * lane
      case .host: um2 = (area.hostMM2 ?? 0) * 1e6 * given
      }
      return AreaBreakdown.Part(name: unit.name, mm2: um2 / 1e6)
    }
    let a = area.sramMM2PerKiB.map { $0 * given } ?? AreaDefaults.sramMM2PerKiB * standard
    let b = area.sramExponent ?? AreaDefaults.sramExponent
    for level in memoryLevels.dropFirst() {
      parts.append(AreaBreakdown.Part(name: level.name, mm2: a * pow(Double(level.sizeBytes) / 1024, b)))
    }
    parts.append(AreaBreakdown.Part(name: "fixed", mm2: (area.fixedMM2 ?? 0) * given))
    return AreaBreakdown(parts: parts)
  }
}
