/// The parameters NVDLA's public performance model reads (nvdla/hw `perf/NVDLA_OpenSource_Performance.xlsx`).
public struct NVDLAConfiguration: Hashable, Codable, Sendable {
  /// The performance sheet models each network's convolution buffer slightly differently
  /// (`testdata/nvdla/MODEL.md` §4, §7); the hardware is the same.
  public enum BufferModel: String, Hashable, Codable, Sendable {
    /// ResNet50 sheet: weights or input stay resident by `X < Wt` (the first layer by its
    /// window against the minimum weight slice), with re-fetch of the other operand; the
    /// minimum input window is R rows (R+1 on the first layer).
    case residentWithRefetch = "resident_with_refetch"
    /// GoogLeNet sheet: residency by `X < Wmin`, re-fetch as above, window R+1 rows.
    case residentByMinimumSlice = "resident_by_minimum_slice"
    /// AlexNet sheet: no residency or re-fetch; each operand crosses DRAM once and fully
    /// connected weights are shared across the FC batch.
    case streamOnce = "stream_once"
  }

  /// MAC units (the sheet's "Number of Multiplier"): MACs per cycle, int8 and int16 alike.
  public var macs: Int
  /// Convolution buffer, KiB.
  public var convolutionBufferKiB: Double
  public var clockMHz: Double
  /// DRAM interface, reads and writes combined, in the sheet's "GB/s" (KiB per µs: 1.024e9 B/s).
  public var dramGBps: Double
  /// Bytes per activation element (inputs and outputs).
  public var featureBytes: Int
  /// Bytes per weight element.
  public var weightBytes: Int
  /// Output channels are padded to a multiple of this in the MAC-cycle count (16 for the
  /// atomic-K of the hardware; the sheet's ResNet-50 DRAM-only column uses 128).
  public var outputChannelAlignment: Int
  /// Input channels are padded to a multiple of this (the atomic-C), after stride folding.
  public var inputChannelAlignment: Int
  /// 3×3 convolutions run as Winograd F(2×2, 3×3): 2.25× fewer MAC cycles, 16/9 more weights.
  public var winograd: Bool
  /// Images whose fully connected layers share one weight fetch.
  public var fcBatch: Int
  public var bufferModel: BufferModel

  public init(
    macs: Int, convolutionBufferKiB: Double, clockMHz: Double, dramGBps: Double, featureBytes: Int = 1,
    weightBytes: Int = 1, outputChannelAlignment: Int = 16, inputChannelAlignment: Int = 16, winograd: Bool = true,
    fcBatch: Int = 1, bufferModel: BufferModel = .residentWithRefetch
  ) {
    self.macs = macs
    self.convolutionBufferKiB = convolutionBufferKiB
    self.clockMHz = clockMHz
    self.dramGBps = dramGBps
    self.featureBytes = featureBytes
    self.weightBytes = weightBytes
    self.outputChannelAlignment = outputChannelAlignment
    self.inputChannelAlignment = inputChannelAlignment
    self.winograd = winograd
    self.fcBatch = fcBatch
    self.bufferModel = bufferModel
  }
}
