/// A host CPU priced by roofs (Williams et al., "Roofline", CACM 2009): a kernel takes the
/// longer of its compute time (SIMD lanes × FMA issue × cores, derated per op class) and its
/// memory time (bytes over the bandwidth of the smallest cache holding its working set, else
/// DRAM), plus a fixed overhead per kernel (dispatch, threading, allocation).
public struct CPUModel: Hashable, Sendable {
  public var cores: Int
  public var clockMHz: Double
  /// 32-bit lanes per vector register (AVX2: 8, AVX-512: 16, NEON: 4); narrower types get
  /// proportionally more.
  public var simdLanes: Int
  /// Vector FMA instructions issued per core per cycle.
  public var fmaPerCycle: Double
  public var caches: [Cache]
  public var dramBytesPerSecond: Double
  /// The fraction of the compute roof each class of kernel reaches (0 < e ≤ 1).
  public var efficiency: [HostOpClass: Double]
  public var kernelOverheadNs: Double
  /// The register tile of the CPU's GEMM micro-kernel (rows of the output × columns, e.g.
  /// 12 × 32 for AVX-512 kernels): a product's rows and columns are computed in whole tiles.
  public var gemmBlockRows = 1
  public var gemmBlockCols = 1
  /// Convolutions other than depthwise run as im2col + GEMM: the unfolded input (K × output
  /// pixels) is written and read once more (Chellapilla et al. 2006; Caffe; onnxruntime's CPU
  /// provider). `false`: direct convolution, no scratch traffic.
  public var im2col = false

  /// A cache level: its capacity (all cores) and bandwidth per core cycle (all cores).
  public struct Cache: Hashable, Sendable {
    public var name: String
    public var sizeBytes: Int
    public var bytesPerCycle: Double
    public init(name: String, sizeBytes: Int, bytesPerCycle: Double) {
      (self.name, self.sizeBytes, self.bytesPerCycle) = (name, sizeBytes, bytesPerCycle)
    }
  }

  public init(
    cores: Int, clockMHz: Double, simdLanes: Int, fmaPerCycle: Double, caches: [Cache], dramBytesPerSecond: Double,
    efficiency: [HostOpClass: Double], kernelOverheadNs: Double
  ) {
    (self.cores, self.clockMHz, self.simdLanes, self.fmaPerCycle) = (cores, clockMHz, simdLanes, fmaPerCycle)
    (self.caches, self.dramBytesPerSecond) = (caches, dramBytesPerSecond)
    (self.efficiency, self.kernelOverheadNs) = (efficiency, kernelOverheadNs)
  }

  /// A kernel's time: `macs` multiply-adds (one FMA lane each) and `operations` other lane
  /// operations on `elementBytes`-wide values, of class `opClass`, touching `bytes`.
  public struct Time: Hashable, Sendable {
    public var computeSeconds: Double
    /// Compute at the full roof (efficiency 1): the ideal time.
    public var peakSeconds: Double
    public var memorySeconds: Double
    /// The level the bytes stream from: the smallest cache holding them, else `dram`.
    public var level: String
    public var overheadSeconds: Double
    public var totalSeconds: Double { max(computeSeconds, memorySeconds) + overheadSeconds }
  }

  /// A matrix product as the CPU runs it: `count` products of `rows` × `k` by `k` × `cols`.
  public struct GEMM: Hashable, Sendable {
    public var rows, cols, k, count: Int
    public init(rows: Int, cols: Int, k: Int, count: Int) {
      (self.rows, self.cols, self.k, self.count) = (rows, cols, k, count)
    }
  }

  /// `gemm`: the kernel's MACs as a matrix product, padded to whole register tiles.
  public func time(
    opClass: HostOpClass, macs: Int, operations: Int, elementBytes: Int, bytes: Int, gemm: GEMM? = nil
  ) -> Time {
    let lanes = Double(simdLanes) * 4 / Double(min(max(elementBytes, 1), 4))
    let hertz = clockMHz * 1e6
    let peak = Double(cores) * lanes * hertz
    var paddedMACs = Double(macs)
    if let gemm {
      func padded(_ n: Int, _ block: Int) -> Double { Double((n + max(block, 1) - 1) / max(block, 1) * max(block, 1)) }
      paddedMACs = max(
        paddedMACs,
        Double(gemm.count) * padded(gemm.rows, gemmBlockRows) * padded(gemm.cols, gemmBlockCols) * Double(gemm.k))
    }
    let work = paddedMACs / fmaPerCycle + Double(operations)
    let cache = caches.sorted { $0.sizeBytes < $1.sizeBytes }.first { $0.sizeBytes >= bytes }
    let bandwidth = cache.map { $0.bytesPerCycle * hertz } ?? dramBytesPerSecond
    return Time(
      computeSeconds: work / (peak * (efficiency[opClass] ?? 1)),
      peakSeconds: (Double(macs) / fmaPerCycle + Double(operations)) / peak,
      memorySeconds: Double(bytes) / bandwidth, level: cache?.name ?? "dram", overheadSeconds: kernelOverheadNs * 1e-9)
  }
}

/// Classes of kernels a CPU runs at different fractions of its peak (a calibration fits one
/// efficiency per class).
public enum HostOpClass: String, CaseIterable, Hashable, Sendable, Comparable {
  case convolution, depthwise, grouped, matrix, elementwise, pooling, normalization, reduction, movement
  public static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}
