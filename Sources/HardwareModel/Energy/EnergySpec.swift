/// A target's `energy:` section as written: figures quoted at `reference_nm` (default: the
/// target's own node); anything left out comes from `EnergyDefaults`. `Accelerator.energyTable`
/// resolves it at the target's node.
public struct EnergySpec: Hashable, Sendable {
  /// The node the figures below are quoted at; nil: the target's `technology_nm`.
  public var referenceNm: Double?
  /// One multiply-accumulate, by element type (pJ).
  public var macPJ: [ElementType: Double] = [:]
  /// A byte read or written in a PE's own registers or scratchpads (pJ).
  public var registerPJPerByte: Double?
  /// Read and write energy per byte of each memory level, by level name.
  public var levels: [String: LevelEnergy] = [:]
  /// Static power (leakage, clock tree) while running, by unit or level name (mW).
  public var staticMW: [String: Double] = [:]
  /// One scalar operation on the host, instruction overhead included (pJ).
  public var hostOpPJ: Double?

  public init() {}

  public var isEmpty: Bool { self == EnergySpec() }
}

/// Energy per byte read and written at one memory level (pJ).
public struct LevelEnergy: Hashable, Sendable {
  public var readPJPerByte: Double
  public var writePJPerByte: Double

  public init(readPJPerByte: Double, writePJPerByte: Double) {
    (self.readPJPerByte, self.writePJPerByte) = (readPJPerByte, writePJPerByte)
  }
}

/// The energy figures of a target at its own node, every value present.
public struct EnergyTable: Hashable, Sendable {
  public var macPJ: [ElementType: Double]
  public var registerPJPerByte: Double
  /// In the target's memory-level order (outermost first).
  public var levels: [LevelEnergy]
  /// Static power of the whole target while it runs (mW).
  public var staticMW: Double
  public var hostOpPJ: Double
}

/// Figures used where a target gives none, at 45 nm (Horowitz, "Computing's energy problem",
/// ISSCC 2014; derivations in docs/energy.md), scaled to the target's node by `Technology`.
public enum EnergyDefaults {
  public static let referenceNm = 45.0
  /// MAC = multiply + accumulate: int8 0.2 + 0.1 (32-bit add), int16 0.8 (a multiplier's
  /// energy grows with bits²) + 0.1, int32 3.1 + 0.1, fp16 1.1 + 0.4, fp32 3.7 + 0.9; int4,
  /// fp8 and bf16 by the same bits² rule on their multipliers.
  public static let macPJ: [ElementType: Double] = [
    .int4: 0.15, .int8: 0.3, .int16: 0.9, .int32: 3.2, .fp8: 0.5, .fp16: 1.5, .bf16: 1.3, .fp32: 4.6,
  ]
  /// A register-file access costs about one 16-bit MAC (Chen et al., ISCA 2016, Fig. 5's
  /// normalized costs): 0.9 pJ per 16-bit word.
  public static let registerPJPerByte = 0.45
  /// Off-chip DRAM: Horowitz's DDR3 figure, 1.3–2.6 nJ per 64-bit access, taken at its low end.
  public static let dramPJPerByte = 160.0
  /// On-chip SRAM per byte: 1.25 pJ × √(KiB / 8), through Horowitz's 8 KB (10 pJ per 64-bit
  /// read), 32 KB (20 pJ) and 1 MB (100 pJ) points.
  public static func sramPJPerByte(sizeBytes: Int) -> Double {
    1.25 * (max(Double(sizeBytes) / 1024, 0.0625) / 8).squareRoot()
  }
  /// A scalar instruction on a simple in-order core: about 70 pJ at 45 nm, almost all of it
  /// fetch, decode and register-file overhead (Horowitz).
  public static let hostOpPJ = 70.0
}

extension Accelerator {
  /// The energy figures at the target's node: given ones scaled from their reference node,
  /// defaults from 45 nm. Off-chip DRAM (the first memory level) is not scaled.
  public var energyTable: EnergyTable {
    let given = Technology.energyScale(from: energy.referenceNm ?? technologyNm, to: technologyNm)
    let standard = Technology.energyScale(from: EnergyDefaults.referenceNm, to: technologyNm)
    var mac: [ElementType: Double] = [:]
    for type in ElementType.allCases {
      mac[type] = energy.macPJ[type].map { $0 * given } ?? (EnergyDefaults.macPJ[type] ?? 1) * standard
    }
    let levels = memoryLevels.enumerated().map { index, level -> LevelEnergy in
      let offChip = index == 0
      if let figure = energy.levels[level.name] {
        let scale = offChip ? 1 : given
        return LevelEnergy(readPJPerByte: figure.readPJPerByte * scale, writePJPerByte: figure.writePJPerByte * scale)
      }
      let perByte =
        offChip ? EnergyDefaults.dramPJPerByte : EnergyDefaults.sramPJPerByte(sizeBytes: level.sizeBytes) * standard
      return LevelEnergy(readPJPerByte: perByte, writePJPerByte: perByte)
    }
    return EnergyTable(
      macPJ: mac,
      registerPJPerByte: energy.registerPJPerByte.map { $0 * given }
        ?? EnergyDefaults.registerPJPerByte * standard,
      levels: levels, staticMW: energy.staticMW.sorted { $0.key < $1.key }.map(\.value).reduce(0, +) * given,
      hostOpPJ: energy.hostOpPJ.map { $0 * given } ?? EnergyDefaults.hostOpPJ * standard)
  }
}
