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

  public func time(opClass: HostOpClass, macs: Int, operations: Int, elementBytes: Int, bytes: Int) -> Time {
    let lanes = Double(simdLanes) * 4 / Double(min(max(elementBytes, 1), 4))
    let hertz = clockMHz * 1e6
    let peak = Double(cores) * lanes * hertz
    let work = Double(macs) / fmaPerCycle + Double(operations)
    let cache = caches.sorted { $0.sizeBytes < $1.sizeBytes }.first { $0.sizeBytes >= bytes }
    let bandwidth = cache.map { $0.bytesPerCycle * hertz } ?? dramBytesPerSecond
    return Time(
      computeSeconds: work / (peak * (efficiency[opClass] ?? 1)), peakSeconds: work / peak,
      memorySeconds: Double(bytes) / bandwidth, level: cache?.name ?? "dram", overheadSeconds: kernelOverheadNs * 1e-9)
  }
}

/// Classes of kernels a CPU runs at different fractions of its peak (a calibration fits one
/// efficiency per class).
public enum HostOpClass: String, CaseIterable, Hashable, Sendable, Comparable {
  case convolution, depthwise, matrix, elementwise, pooling, normalization, reduction, movement
  public static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}
