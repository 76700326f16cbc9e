import GraphIR
import HardwareModel

/// The target's roofs for a report's roofline plot (Williams, Waterman and Patterson, CACM
/// 2009): peak MACs per cycle of the best compute unit for the schedule's main element type,
/// and each memory level's read bandwidth, outermost (DRAM) first. A kernel's point is its MACs
/// per DRAM byte against the MACs per cycle it achieves.
public struct Roofline: Codable, Sendable, Equatable {
  public struct Roof: Codable, Sendable, Equatable {
    public var level: String
    public var bytesPerCycle: Double

    enum CodingKeys: String, CodingKey {
      case level
      case bytesPerCycle = "bytes_per_cycle"
    }
  }

  public var dtype: String
  public var peakMACsPerCycle: Double
  public var memory: [Roof]

  enum CodingKeys: String, CodingKey {
    case dtype, memory
    case peakMACsPerCycle = "peak_macs_per_cycle"
  }

  /// The roofs of `accelerator` for `kernels`: the element type with the most MACs decides
  /// the compute roof (ties: the first in ElementType's order).
  public init(_ accelerator: Accelerator, kernels: [EstimateReport.KernelRow]) {
    var macs: [String: Int] = [:]
    for kernel in kernels {
      macs[kernel.dtype, default: 0] = saturatingAdd(macs[kernel.dtype, default: 0], kernel.macs)
    }
    let main = ElementType.allCases.max { (macs[$0.rawValue] ?? -1) < (macs[$1.rawValue] ?? -1) } ?? .fp32
    dtype = main.rawValue
    peakMACsPerCycle = accelerator.computeUnits.map { Self.peak($0, main) }.max() ?? 0
    memory = accelerator.memoryLevels.map { Roof(level: $0.name, bytesPerCycle: $0.readBytesPerCycle) }
  }

  /// MACs per cycle a unit reaches at best on `type` (vector lanes count one op as a MAC).
  static func peak(_ unit: ComputeUnit, _ type: ElementType) -> Double {
    switch unit.kind {
    case .systolic(let a): Double(a.rows) * Double(a.cols) * (a.macsPerPEPerCycle[type] ?? 0)
    case .rowStationary(let a): Double(a.rows) * Double(a.cols) * (a.macsPerPEPerCycle[type] ?? 0)
    case .macCells(let a): Double(a.macsPerCycle[type] ?? 0)
    case .vector(let v): Double(v.lanes) * v.opsPerLanePerCycle
    case .host: 0
    }
  }
}
