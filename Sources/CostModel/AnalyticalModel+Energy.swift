import GraphIR
import HardwareModel

/// Energy = accesses × energy per access (the accounting of Accelergy and ZigZag), with the
/// accesses from the kernel's dataflow:
/// - a systolic array reads its operands from the on-chip levels holding them once per fold
///   that needs them (weight-stationary: inputs once per column fold, partial sums read and
///   written once per row fold; output-stationary: weights once per row fold; input-stationary
///   mirrored), the classic SCALE-Sim SRAM counts;
/// - a row-stationary array reads each ifmap from the global buffer once per group of
///   filters its PE sets hold, partial sums cross the buffer once per channel pass, filters
///   go from DRAM straight to the PEs' scratchpads (Eyeriss);
/// - MAC cells read a feature atom once per atomic-K group of output channels;
/// - vector and movement kernels read each input and write each output once;
/// - every byte DRAM delivers is written on chip once, every byte it takes is read once.
/// The PE registers: a MAC reads its two operands and reads and writes its partial sum in a
/// register (a row-stationary PE: in its scratchpads); a systolic PE also forwards its input
/// to the next PE. A vector operation costs half a MAC of its type (an ALU operation without
/// the multiplier); a host operation `host_op_pj`.
extension AnalyticalModel {
  func energy(_ kernel: Kernel, _ cost: KernelCost) -> KernelEnergy {
    let table = energyTable
    var result = KernelEnergy()
    result.staticPJPerCycle = table.staticMW * 1e3 / accelerator.clockMHz
    guard cost.placement != .none else { return result }
    let levels = accelerator.memoryLevels
    var reads = [Double](repeating: 0, count: levels.count)
    var writes = [Double](repeating: 0, count: levels.count)
    // DRAM: what the kernel writes out is its output; the rest are reads.
    let dram = Double(cost.dramBytes)
    let dramWrites = min(dram, Double(kernel.outputBytes))
    if !levels.isEmpty {
      reads[0] += dram - dramWrites
      writes[0] += dramWrites
    }
    let mac = table.macPJ[kernel.elementType] ?? 0
    if cost.placement == .host {
      let operations = Double(max(kernel.hostOperations, saturatingMultiply(2, kernel.macs), kernel.vectorOperations))
      result.macPJ = operations * table.hostOpPJ
    } else {
      let onChip = onChipAccesses(kernel, cost)
      for (role, bytes) in onChip.reads { if let index = level(holding: role) { reads[index] += bytes } }
      for (role, bytes) in onChip.writes { if let index = level(holding: role) { writes[index] += bytes } }
      // Fills and drains between DRAM and the level next to it.
      if let input = level(holding: .inputs) { writes[input] += dram - dramWrites }
      if let output = level(holding: .outputs) { reads[output] += dramWrites }
      result.macPJ =
        Double(kernel.macs) * (mac + onChip.registerBytesPerMAC * table.registerPJPerByte)
        + Double(kernel.vectorOperations) * mac / 2
    }
    result.levels = levels.indices.map { index in
      let energy = table.levels[index]
      return KernelEnergy.Level(
        level: levels[index].name, pJ: reads[index] * energy.readPJPerByte + writes[index] * energy.writePJPerByte)
    }
    return result
  }

  /// The on-chip level (not DRAM) holding `role`: for partial sums the accumulator level,
  /// else the one holding outputs.
  func level(holding role: OperandRole) -> Int? {
    let levels = accelerator.memoryLevels
    let onChip = levels.indices.dropFirst()
    if role == .accumulators, let index = onChip.first(where: { levels[$0].holds.contains(.accumulators) }) {
      return index
    }
    let wanted: OperandRole = role == .accumulators ? .outputs : role
    return onChip.first { levels[$0].holds.contains(wanted) } ?? onChip.first
  }

  /// Bytes the kernel reads and writes on chip by operand role, and PE register bytes per MAC.
  func onChipAccesses(_ kernel: Kernel, _ cost: KernelCost) -> (
    reads: [(OperandRole, Double)], writes: [(OperandRole, Double)], registerBytesPerMAC: Double
  ) {
    let w = Double(kernel.elementType.byteWidth)
    let streamed: [(OperandRole, Double)] = [
      (.inputs, Double(kernel.inputBytes)), (.weights, Double(kernel.weightBytes)),
    ]
    let plain = (streamed, [(OperandRole.outputs, Double(kernel.outputBytes))], 0.0)
    guard case .unit(let name) = cost.placement, let unit = accelerator.computeUnits.first(where: { $0.name == name })
    else { return plain }
    let (gemm, repeats): (GEMMShape, Int)
    switch kernel.work {
    case .convolution(let nest): (gemm, repeats) = (nest.gemm, nest.groups)
    case .matrix(let shape, let batch): (gemm, repeats) = (shape, batch)
    default: return plain
    }
    let (m, n, k, count) = (Double(gemm.m), Double(gemm.n), Double(gemm.k), Double(repeats))
    func folds(_ extent: Double, _ size: Int) -> Double { (extent / Double(max(size, 1))).rounded(.up) }
    switch unit.kind {
    case .systolic(let array):
      let acc = Double(array.accumulatorBits) / 8
      let outputs = m * n * count
      var inputs = m * k * w * count
      var weights = k * n * w * count
      var partials = 0.0
      switch array.dataflows.first ?? .weightStationary {
      case .weightStationary:
        inputs *= folds(n, array.cols)
        partials = outputs * acc * (2 * folds(k, array.rows) - 1)
      case .outputStationary:
        inputs *= folds(n, array.cols)
        weights *= folds(m, array.rows)
      case .inputStationary:
        weights *= folds(m, array.cols)
        partials = outputs * acc * (2 * folds(k, array.rows) - 1)
      }
      return (
        [(.inputs, inputs), (.weights, weights), (.accumulators, partials / 2)],
        [(.accumulators, partials / 2), (.outputs, outputs * w)], 3 * w + 2 * acc
      )
    case .rowStationary(let array):
      guard case .convolution(let nest) = kernel.work,
        let mapping = rowStationaryMapping(kernel, on: array, rate: array.macsPerPEPerCycle[kernel.elementType] ?? 1)
      else { return plain }
      // One pass holds p filters in each of its PE sets and q channels.
      let filters = min(mapping.p * max(mapping.slots, 1), nest.outputChannels)
      let ifmapReads = Double(kernel.inputBytes) * folds(Double(nest.outputChannels), filters)
      let psums = Double(kernel.outputBytes) * (2 * folds(Double(nest.inputChannels), mapping.q) - 1)
      return ([(.inputs, ifmapReads), (.outputs, psums / 2)], [(.outputs, psums / 2)], 4 * w)
    case .macCells(let cells):
      let inputs = Double(kernel.inputBytes) * folds(n, cells.atomicK)
      return ([(.inputs, inputs), (.weights, Double(kernel.weightBytes))], [], 2 * w)
    default:
      return plain
    }
  }
}
