import GraphIR
import HardwareModel

/// How a GEMM folds onto a systolic array, and the stall-free compute cycles that gives.
///
/// The dataflow chooses which GEMM dimensions lie along the array's rows (Sr) and columns
/// (Sc) and which streams through in time (T): os (M, N, K), ws (K, N, M), is (K, M, N).
/// The GEMM is cut into ⌈Sr/R⌉·⌈Sc/C⌉ folds; each fold runs to completion before the next
/// (fill, T streaming cycles, drain), paying the full fold latency even when partly mapped:
///
///     per fold = R + C + T − 2        (os)
///              = 2R + C + T − 2       (ws, is: R more cycles to load the stationary operand)
///
/// This is SCALE-Sim v3's model (Samajdar et al., "A Systematic Methodology for Characterizing
/// Scalability of DNN Accelerators using SCALE-Sim", ISPASS 2020; closed form derived from its
/// source in `testdata/scalesim/FORMULAS.md`), reproduced to the cycle.
public struct SystolicFold: Hashable, Sendable {
  public var gemm: GEMMShape
  public var rowFolds: Int
  public var colFolds: Int
  public var cyclesPerFold: Int
  /// Stall-free compute cycles, counted like SCALE-Sim's `Total Cycles` (index of the last
  /// cycle: folds · per fold − 1).
  public var computeCycles: Int
  /// Mean fraction of PEs mapped per fold.
  public var mappingEfficiency: Double
  /// Mean fraction of PE-cycles doing work within a fold (SCALE-Sim's `Compute Util`).
  public var computeUtilization: Double
  /// MACs / (cycles · PEs).
  public var overallUtilization: Double

  public var folds: Int { saturatingMultiply(rowFolds, colFolds) }

  public init(_ gemm: GEMMShape, on array: SystolicArray) {
    let (spatialRows, spatialCols, temporal): (Int, Int, Int) =
      switch array.dataflow {
      case .outputStationary: (gemm.m, gemm.n, gemm.k)
      case .weightStationary: (gemm.k, gemm.n, gemm.m)
      case .inputStationary: (gemm.k, gemm.m, gemm.n)
      }
    let r = array.rows
    let c = array.cols
    self.gemm = gemm
    rowFolds = (spatialRows + r - 1) / r
    colFolds = (spatialCols + c - 1) / c
    let stationaryLoad = array.dataflow == .outputStationary ? 0 : r
    cyclesPerFold = stationaryLoad + r + c + temporal - 2
    let folds = saturatingMultiply(rowFolds, colFolds)
    computeCycles = max(saturatingMultiply(folds, cyclesPerFold) - 1, 0)
    mappingEfficiency = folds == 0 ? 0 : Double(spatialRows) * Double(spatialCols) / (Double(folds) * Double(r * c))
    // SCALE-Sim measures a fold's busy span without the skew of the stationary load's last
    // column: C − 1 cycles longer than `cyclesPerFold` for ws and is.
    let busySpan = array.dataflow == .outputStationary ? cyclesPerFold : cyclesPerFold + c - 1
    computeUtilization = busySpan == 0 ? 0 : mappingEfficiency * Double(temporal) / Double(busySpan)
    overallUtilization = computeCycles == 0 ? 0 : Double(gemm.macs) / (Double(computeCycles) * Double(r * c))
  }
}
