import GraphIR
import HardwareModel

/// The analytical timing tier: per kernel, the maximum over the resources it uses (compute
/// unit, each memory level's bandwidth) plus fixed overheads, with alignment losses (the
/// systolic fold model, NVDLA atomics), refetch when an operand does not fit its buffer,
/// and Winograd where the target has it.
/// Layout conversions and host-link transfers come on top (`AnalyticalModel+Transfers.swift`).
public struct AnalyticalModel: Sendable {
  public var accelerator: Accelerator {
    didSet { energyTable = accelerator.energyTable }
  }
  /// The target's energy figures at its node, resolved once.
  private(set) var energyTable: EnergyTable

  public init(_ accelerator: Accelerator) {
    self.accelerator = accelerator
    energyTable = accelerator.energyTable
  }

  /// A kernel the target cannot run at all.
  public struct CostError: Error, CustomStringConvertible, Sendable {
    public var kernel: String
    public var message: String
    public var description: String { "kernel '\(kernel)': \(message)" }
  }

  /// The kernel's timing and, from the accesses it implies, its energy.
  public func cost(_ kernel: Kernel) throws(CostError) -> KernelCost {
    var cost = try timing(kernel)
    cost.energy = energy(kernel, cost)
    return cost
  }

  private func timing(_ kernel: Kernel) throws(CostError) -> KernelCost {
    let overhead = Double(accelerator.overheads.kernelCycles)
    if case .unit(let name)? = kernel.placement, !accelerator.computeUnits.contains(where: { $0.name == name }) {
      let units = accelerator.computeUnits.map(\.name).joined(separator: ", ")
      throw CostError(kernel: kernel.name, message: "no unit '\(name)' on \(accelerator.name) (its units: \(units))")
    }
    if kernel.placement == .host || isHostOnly, kernel.work != .free {
      return hostCost(kernel)
    }
    switch kernel.work {
    case .free:
      return KernelCost(placement: .none, computeCycles: 0, memory: [], overheadCycles: 0, idealCycles: 0)
    case .movement:
      return KernelCost(
        placement: .dma, computeCycles: 0, memory: traffic(kernel, dramBytes: streamedBytes(kernel)),
        overheadCycles: overhead, idealCycles: 0)
    case .vector(let operations):
      guard let (unit, cycles) = vectorCycles(kernel.vectorOps, operations: operations) else {
        return hostCost(kernel)
      }
      return KernelCost(
        placement: .unit(unit), computeCycles: cycles, memory: traffic(kernel, dramBytes: streamedBytes(kernel)),
        overheadCycles: overhead, idealCycles: cycles)
    case .convolution(let nest):
      return try contraction(
        kernel, gemm: nest.gemm, repeats: nest.groups, nvdla: NVDLALayer(nest), nvdlaRepeats: nest.groups)
    case .matrix(let gemm, let batch):
      // On MAC cells a vector-times-matrix is a fully connected layer; a matrix of M rows is
      // a 1×1 convolution over M pixels (one weight fetch, split to fit the convolution
      // buffer by the layer model), not M fully connected layers re-reading the weights.
      let layer = NVDLALayer(
        kind: gemm.m == 1 ? .fullyConnected : .convolution, channels: gemm.k, height: gemm.m, width: 1,
        filters: gemm.n, kernelH: 1, kernelW: 1, samePadding: true, strideV: 1, strideH: 1)
      return try contraction(kernel, gemm: gemm, repeats: batch, nvdla: layer, nvdlaRepeats: batch)
    }
  }

  // MARK: - Contractions

  /// `repeats` GEMMs on a systolic array, or `nvdlaRepeats` NVDLA layers on MAC cells, with
  /// the fused stages running behind the array as a pipeline (the slowest stage paces them;
  /// a stage no vector unit can run goes to the host afterwards).
  private func contraction(
    _ kernel: Kernel, gemm: GEMMShape, repeats: Int, nvdla layer: NVDLALayer, nvdlaRepeats: Int
  ) throws(CostError) -> KernelCost {
    var cost = try arrayContraction(kernel, gemm: gemm, repeats: repeats, nvdla: layer, nvdlaRepeats: nvdlaRepeats)
    guard cost.placement != .host else { return cost }
    addLayoutConversion(&cost, kernel)
    cost.arrayCycles = cost.computeCycles
    for stage in kernel.fusedStages {
      if let (unit, cycles) = vectorCycles([stage.op], operations: stage.elements) {
        if cycles > cost.pipelinedStage?.cycles ?? -1 {
          cost.pipelinedStage = KernelCost.StageCost(unit: unit, cycles: cycles)
        }
      } else {
        let cycles = hostCycles(stage.elements)
        cost.computeCycles += cycles
        cost.hostStageCycles += cycles
      }
    }
    cost.computeCycles = max(cost.computeCycles, cost.pipelinedStage?.cycles ?? 0)
    return cost
  }

  /// The first MAC array (systolic or MAC cells) with a rate for `elementType`: the unit that
  /// runs a contraction of that type, or `nil` when the host does.
  public func arrayUnit(for elementType: ElementType) -> ComputeUnit? {
    accelerator.computeUnits.first { unit in
      switch unit.kind {
      case .systolic(let array): array.macsPerPEPerCycle[elementType] != nil
      case .macCells(let cells): cells.macsPerCycle[elementType] != nil
      case .rowStationary(let array): array.macsPerPEPerCycle[elementType] != nil
      default: false
      }
    }
  }

  private func arrayContraction(
    _ kernel: Kernel, gemm: GEMMShape, repeats: Int, nvdla layer: NVDLALayer, nvdlaRepeats: Int
  ) throws(CostError) -> KernelCost {
    let overhead = Double(accelerator.overheads.kernelCycles)
    if let unit = arrayUnit(for: kernel.elementType) {
      switch unit.kind {
      case .systolic(let array):
        let rate = array.macsPerPEPerCycle[kernel.elementType] ?? 1
        let shape = SystolicArray(
          rows: array.rows, cols: array.cols, dataflow: array.dataflows.first ?? .weightStationary, ifmapSRAMBytes: 0,
          filterSRAMBytes: 0, ofmapSRAMBytes: 0, dramWordsPerCycle: 0)
        let fold = SystolicFold(gemm, on: shape)
        let perGEMM = Double(fold.computeCycles + 1) / rate + Double(fold.folds * array.fillDrainCycles)
        let dramBytes =
          if let tile = kernel.tile {
            try tiledBytes(
              kernel, tile: tile, problem: tilingProblem(kernel, gemm: gemm, repeats: repeats, array: array))
          } else {
            contractionBytes(kernel)
          }
        return KernelCost(
          placement: .unit(unit.name), computeCycles: Double(repeats) * perGEMM,
          memory: traffic(kernel, dramBytes: dramBytes),
          overheadCycles: overhead, idealCycles: Double(kernel.macs) / (Double(array.rows * array.cols) * rate))
      case .rowStationary(let array):
        let rate = array.macsPerPEPerCycle[kernel.elementType] ?? 1
        guard let mapping = rowStationaryMapping(kernel, on: array, rate: rate) else {
          throw CostError(kernel: kernel.name, message: "no row-stationary mapping fits \(unit.name)")
        }
        var cost = KernelCost(
          placement: .unit(unit.name), computeCycles: mapping.cycles,
          memory: traffic(kernel, dramBytes: rowStationaryBytes(kernel, mapping, coding: array.runLengthCoding)),
          overheadCycles: overhead,
          idealCycles: Double(kernel.macs) / (Double(array.rows * array.cols) * rate))
        cost.mapping = mapping.description
        return cost
      case .macCells(let cells):
        // NVDLA's layer model decides what stays in the convolution buffer; a tile does not apply.
        let macs = cells.macsPerCycle[kernel.elementType] ?? 1
        let config = nvdlaConfiguration(cells, macs: macs, elementType: kernel.elementType)
        let cost = NVDLALayerCost(layer, on: config)
        guard config.convolutionBufferKiB > cost.minimumBufferKiB else {
          throw CostError(
            kernel: kernel.name,
            message: "its input window needs more than \(cost.minimumBufferKiB.formatted()) KiB of convolution buffer; "
              + "the target has \(config.convolutionBufferKiB.formatted()) KiB")
        }
        let n = Double(nvdlaRepeats)
        let dram = KernelCost.LevelTraffic(
          level: accelerator.memoryLevels.first?.name ?? "dram", bytes: saturatingInt(cost.dramKiB * 1024 * n),
          cycles: cost.dramCycles * n)
        return KernelCost(
          placement: .unit(unit.name), computeCycles: cost.macCycles * n, memory: [dram], overheadCycles: overhead,
          idealCycles: Double(kernel.macs) / Double(macs))
      default:
        break
      }
    }
    return hostCost(kernel)
  }

  private func nvdlaConfiguration(_ cells: MACCellUnit, macs: Int, elementType: ElementType) -> NVDLAConfiguration {
    let dram = accelerator.memoryLevels.first
    let buffer = accelerator.memoryLevels.dropFirst().first { $0.holds.contains(.weights) }
    // The NVDLA model takes "GB/s" as KiB/µs (its sheet's unit): convert from bytes/cycle.
    let gbps = (dram?.readBytesPerCycle ?? 1) * accelerator.clockMHz / 1024
    return NVDLAConfiguration(
      macs: macs, convolutionBufferKiB: Double(buffer?.sizeBytes ?? 0) / 1024, clockMHz: accelerator.clockMHz,
      dramGBps: gbps, featureBytes: elementType.byteWidth, weightBytes: elementType.byteWidth,
      outputChannelAlignment: cells.outputChannelAlignment,
      inputChannelAlignment: cells.inputChannelAlignment, winograd: cells.winograd, fcBatch: 1,
      bufferModel: cells.bufferModel)
  }

  // MARK: - Vector and host work

  /// Whether a vector unit of the target runs `op` (so it can be fused behind a contraction).
  public func vectorUnitRuns(_ op: String) -> Bool { vectorCycles([op], operations: 0) != nil }

  /// The vector unit that runs all of `ops` and its cycles, or `nil` when none does.
  public func vectorCycles(_ ops: [String], operations: Int) -> (String, Double)? {
    for unit in accelerator.computeUnits {
      if case .vector(let v) = unit.kind, ops.allSatisfy(v.ops.contains) {
        return (unit.name, Double(operations) / (Double(v.lanes) * v.opsPerLanePerCycle))
      }
    }
    return nil
  }

  public func hostCycles(_ operations: Int) -> Double {
    Double(operations) / (host?.opsPerSecond ?? 1e9) * accelerator.clockMHz * 1e6
  }

  /// The kernel run on the host: all its nodes one after another (`Kernel.hostOperations`; a
  /// kernel built by hand without it counts its contraction and its fused stages).
  private func hostCost(_ kernel: Kernel) -> KernelCost {
    if let cpu = host?.cpu { return cpuCost(kernel, cpu) }
    let operations = max(kernel.hostOperations, saturatingMultiply(2, kernel.macs), kernel.vectorOperations)
    let cycles = hostCycles(operations)
    // The host reads and writes DRAM directly; the accelerator's on-chip levels are not involved.
    return KernelCost(
      placement: .host, computeCycles: cycles,
      memory: Array(traffic(kernel, dramBytes: streamedBytes(kernel)).prefix(1)),
      overheadCycles: Double(accelerator.overheads.kernelCycles), idealCycles: cycles,
      transferCycles: linkCycles(kernel))
  }

  /// The kernel on a CPU with roofs (`CPUModel`): its MACs, its other operations, every
  /// byte it reads and writes once, its class's efficiency and the CPU's per-kernel overhead.
  private func cpuCost(_ kernel: Kernel, _ cpu: CPUModel) -> KernelCost {
    let macs = kernel.macs
    let others = max(kernel.hostOperations - saturatingMultiply(2, macs), kernel.vectorOperations, 0)
    var bytes = saturatingAdd(streamedBytes(kernel).read, streamedBytes(kernel).write)
    var gemm: CPUModel.GEMM?
    switch kernel.work {
    case .convolution(let n) where kernel.hostClass != .depthwise:
      let pixels = saturatingMultiply(n.outputHeight, n.outputWidth)
      let k = [n.inputChannels, n.kernelHeight, n.kernelWidth].reduce(1, saturatingMultiply)
      let count = saturatingMultiply(n.batch, n.groups)
      gemm = CPUModel.GEMM(rows: n.outputChannels, cols: pixels, k: k, count: count)
      if cpu.im2col && (n.kernelHeight * n.kernelWidth > 1 || n.strideV * n.strideH > 1) {
        let unfolded = [2, k, pixels, count, kernel.elementType.byteWidth].reduce(1, saturatingMultiply)
        bytes = saturatingAdd(bytes, unfolded)
      }
    case .matrix(let g, let batch): gemm = CPUModel.GEMM(rows: g.m, cols: g.n, k: g.k, count: batch)
    default: break
    }
    let time = cpu.time(
      opClass: kernel.hostClass, macs: macs, operations: others, elementBytes: kernel.elementType.byteWidth,
      bytes: bytes, gemm: gemm)
    let hertz = accelerator.clockMHz * 1e6
    return KernelCost(
      placement: .host, computeCycles: time.computeSeconds * hertz,
      memory: [KernelCost.LevelTraffic(level: time.level, bytes: bytes, cycles: time.memorySeconds * hertz)],
      overheadCycles: time.overheadSeconds * hertz, idealCycles: time.peakSeconds * hertz,
      transferCycles: linkCycles(kernel))
  }

  // MARK: - Memory traffic

  private func streamedBytes(_ kernel: Kernel) -> (read: Int, write: Int) {
    (saturatingAdd(kernel.inputBytes, kernel.weightBytes), kernel.outputBytes)
  }

  /// DRAM bytes of a contraction under the default tiling: each operand once, unless neither fits its on-chip buffer;
  /// then the cheaper of re-reading inputs per weight chunk or weights per input chunk.
  func contractionBytes(_ kernel: Kernel) -> (read: Int, write: Int) {
    let inputBuffer = capacity(for: .inputs)
    let weightBuffer = capacity(for: .weights)
    let (i, w) = (kernel.inputBytes, kernel.weightBytes)
    guard inputBuffer > 0, weightBuffer > 0, i > inputBuffer, w > weightBuffer else {
      return (saturatingAdd(i, w), kernel.outputBytes)
    }
    let weightChunks = (w - 1) / weightBuffer + 1
    let inputChunks = (i - 1) / inputBuffer + 1
    let rereadInputs = saturatingAdd(saturatingMultiply(weightChunks, i), w)
    let rereadWeights = saturatingAdd(i, saturatingMultiply(inputChunks, w))
    return (min(rereadInputs, rereadWeights), kernel.outputBytes)
  }

  /// On-chip bytes available to `role`: halved when double buffered, and shared with the other
  /// roles a level holds.
  func capacity(for role: OperandRole) -> Int {
    accelerator.memoryLevels.dropFirst().filter { $0.holds.contains(role) }.reduce(0) { total, level in
      let usable = level.doubleBuffered ? level.sizeBytes / 2 : level.sizeBytes
      let sharers = level.holds.filter { $0 != .accumulators }.count
      return total + usable / max(sharers, 1)
    }
  }

  /// Cycles of the given DRAM traffic at the outermost level; on-chip levels see each byte once.
  func traffic(_ kernel: Kernel, dramBytes: (read: Int, write: Int)) -> [KernelCost.LevelTraffic] {
    guard let dram = accelerator.memoryLevels.first else { return [] }
    var levels = [
      KernelCost.LevelTraffic(
        level: dram.name, bytes: saturatingAdd(dramBytes.read, dramBytes.write),
        cycles: cycles(dram, read: dramBytes.read, write: dramBytes.write))
    ]
    for level in accelerator.memoryLevels.dropFirst() {
      var read = 0
      if level.holds.contains(.inputs) { read = saturatingAdd(read, kernel.inputBytes) }
      if level.holds.contains(.weights) { read = saturatingAdd(read, kernel.weightBytes) }
      let write = level.holds.contains(.outputs) ? kernel.outputBytes : 0
      if read > 0 || write > 0 {
        levels.append(
          KernelCost.LevelTraffic(
            level: level.name, bytes: saturatingAdd(read, write), cycles: cycles(level, read: read, write: write)))
      }
    }
    return levels
  }

  func cycles(_ level: MemoryLevel, read: Int, write: Int) -> Double {
    let transfer =
      level.sharedBandwidth
      ? (Double(read) + Double(write)) / level.readBytesPerCycle
      : max(Double(read) / level.readBytesPerCycle, Double(write) / level.writeBytesPerCycle)
    return transfer + (read > 0 || write > 0 ? Double(level.latencyCycles) : 0)
  }
}
