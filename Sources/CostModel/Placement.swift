/// Where a kernel runs: a compute unit of the accelerator, the host CPU, the DMA engines alone
/// (it only moves data), or nowhere (a relabelling that costs nothing).
public enum Placement: Hashable, Sendable, CustomStringConvertible {
  case unit(String)
  case host
  case dma
  case none

  /// The name reports, schedule files and command streams use: the unit's name, `host`,
  /// `dma` or `none`.
  public var description: String {
    switch self {
    case .unit(let name): name
    case .host: "host"
    case .dma: "dma"
    case .none: "none"
    }
  }

  /// The placement a name stands for (a target's host unit is named `host`).
  public init(_ name: String) {
    switch name {
    case "host": self = .host
    case "dma": self = .dma
    case "none": self = .none
    default: self = .unit(name)
    }
  }

  /// Runs on the accelerator's on-chip memory (not the host, not a free relabelling).
  public var usesOnChipMemory: Bool { self != .host && self != .none }
}
