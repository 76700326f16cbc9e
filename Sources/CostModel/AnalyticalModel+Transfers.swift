import GraphIR
import HardwareModel

/// Data movement serialized with a kernel (`KernelCost.transferCycles`), on top of the
/// overlapped roofline.
///
/// A convolution whose layout (its `schedule.layout`; the model's NCHW while undecided) is
/// not the one its unit wants converts its boundary activations before running and its
/// results after: a DRAM read and write of those bytes (`Kernel.layoutDependentBytes`), in
/// series with the kernel, since the kernel needs its input converted and its output exists
/// only when it has run. Weights are laid out at compile time, for free.
///
/// A host kernel receives its activation inputs from the accelerator and sends its outputs
/// back over the host unit's link when the target has one (TPU-v1's PCIe bus): bytes ÷ link
/// bandwidth plus the link latency per direction. Weights of host ops are the host's own;
/// without a link, host and accelerator share DRAM and nothing crosses.
extension AnalyticalModel {
  /// The feature-map layout the unit running `kernel`'s convolution wants, or `nil` when the
  /// kernel is no convolution, runs on the host or its unit states no layout (then NCHW).
  public func preferredLayout(for kernel: Kernel) -> TensorLayout? {
    guard kernel.placement != .host, case .convolution = kernel.work, let unit = arrayUnit(for: kernel.elementType)
    else { return nil }
    switch unit.kind {
    case .systolic(let array): return array.layout
    case .macCells(let cells): return cells.layout
    case .rowStationary(let array): return array.layout
    default: return nil
    }
  }

  /// A convolution laid out otherwise than its unit wants converts its boundary activations
  /// before and after running: one more DRAM read and write of those bytes, in series.
  func addLayoutConversion(_ cost: inout KernelCost, _ kernel: Kernel) {
    guard let preferred = preferredLayout(for: kernel), (kernel.layout ?? .nchw) != preferred,
      kernel.layoutDependentBytes > 0, let dram = accelerator.memoryLevels.first, !cost.memory.isEmpty
    else { return }
    let bytes = kernel.layoutDependentBytes
    cost.transferCycles += cycles(dram, read: bytes, write: bytes)
    cost.memory[0].bytes = saturatingAdd(cost.memory[0].bytes, saturatingMultiply(2, bytes))
  }

  /// Whether the target is a CPU alone (every unit a host): every kernel runs there.
  var isHostOnly: Bool {
    accelerator.computeUnits.allSatisfy { if case .host = $0.kind { true } else { false } }
  }

  /// The target's host CPU (the first host unit).
  public var host: HostUnit? {
    accelerator.computeUnits.lazy.compactMap { unit -> HostUnit? in
      if case .host(let h) = unit.kind { return h }
      return nil
    }.first
  }

  /// Cycles to bring a host kernel's activation inputs over the link and send its outputs
  /// back: bytes ÷ link bandwidth plus the link latency, per direction that carries data.
  func linkCycles(_ kernel: Kernel) -> Double {
    linkCycles(bytes: kernel.inputBytes) + linkCycles(bytes: kernel.outputBytes)
  }

  /// Cycles to move `bytes` over the host link one way (0 without a link or without data).
  public func linkCycles(bytes: Int) -> Double {
    guard let link = host?.link, bytes > 0 else { return 0 }
    return Double(bytes) / link.bytesPerCycle + Double(link.latencyCycles)
  }
}
