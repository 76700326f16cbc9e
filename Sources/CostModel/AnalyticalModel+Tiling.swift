import GraphIR
import HardwareModel

extension AnalyticalModel {
  /// What a tile means for a kernel on this target.
  public enum TileSupport: Hashable, Sendable {
    /// A contraction on a systolic array: the tile decides its DRAM traffic.
    case array(TilingProblem)
    /// A contraction on NVDLA-style MAC cells: the NVDLA layer model decides what stays in
    /// the convolution buffer, so a tile has no effect.
    case fixedByTarget
    /// Not a contraction, or it runs on the host.
    case none
  }

  public func tileSupport(for kernel: Kernel) -> TileSupport {
    guard kernel.placement != .host, accelerator.memoryLevels.first != nil else { return .none }
    let (gemm, repeats): (GEMMShape, Int)
    switch kernel.work {
    case .convolution(let nest): (gemm, repeats) = (nest.gemm, nest.groups)
    case .matrix(let shape, let batch): (gemm, repeats) = (shape, batch)
    default: return .none
    }
    switch arrayUnit(for: kernel.elementType)?.kind {
    case .systolic(let array): return .array(tilingProblem(kernel, gemm: gemm, repeats: repeats, array: array))
    case .macCells, .rowStationary: return .fixedByTarget
    default: return .none
    }
  }

  /// The tiling view of a contraction on `array` (its first dataflow decides which GEMM
  /// dimensions lie along the array's rows and columns; the third streams in time).
  func tilingProblem(_ kernel: Kernel, gemm: GEMMShape, repeats: Int, array: SystolicUnit) -> TilingProblem {
    let (r, c) = (array.rows, array.cols)
    let (multiple, minimum) =
      switch array.dataflows.first ?? .weightStationary {
      case .weightStationary: (GEMMShape(m: 1, n: c, k: r), GEMMShape(m: r, n: c, k: r))
      case .outputStationary: (GEMMShape(m: r, n: c, k: 1), GEMMShape(m: r, n: c, k: r))
      case .inputStationary: (GEMMShape(m: c, n: 1, k: r), GEMMShape(m: c, n: r, k: r))
      }
    let accumulates = capacity(for: .accumulators) > 0
    return TilingProblem(
      gemm: gemm, repeats: repeats, inputBytes: kernel.inputBytes, weightBytes: kernel.weightBytes,
      outputBytes: kernel.outputBytes, partialSumBytes: max((array.accumulatorBits + 7) / 8, 1), multiple: multiple,
      minimum: minimum, inputBuffer: buffer(.inputs), weightBuffer: buffer(.weights),
      outputBuffer: buffer(accumulates ? .accumulators : .outputs))
  }

  private func buffer(_ role: OperandRole) -> TilingProblem.Buffer {
    let levels = accelerator.memoryLevels.dropFirst().filter { $0.holds.contains(role) }.map(\.name)
    return TilingProblem.Buffer(
      role: role, levels: levels.joined(separator: " + "), capacityBytes: capacity(for: role))
  }

  /// DRAM bytes of a tiled contraction.
  /// - Throws: `CostError` when the tile is malformed or does not fit the on-chip buffers.
  func tiledBytes(_ kernel: Kernel, tile: Tile, problem: TilingProblem) throws(CostError) -> (read: Int, write: Int) {
    if let problem = tile.problem { throw CostError(kernel: kernel.name, message: problem) }
    if let (buffer, needed) = problem.overflow(tile) {
      throw CostError(
        kernel: kernel.name,
        message: "tile \(tile) needs \(needed) bytes of \(buffer.levels) for \(buffer.role.rawValue); "
          + "the target has \(buffer.capacityBytes) available there (double buffering and sharing counted)")
    }
    return problem.dramBytes(tile)
  }
}
