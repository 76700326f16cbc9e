import Foundation
import HardwareModel

/// One hardware layer of NVDLA: a convolution (or fully connected layer) with the bias,
/// batch norm, activation, residual add (SDP) and pooling (PDP) fused into it.
public struct NVDLALayer: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    case convolution
    /// Convolution whose output is added to a residual tensor read from DRAM.
    case convolutionWithElementwise
    case fullyConnected
  }

  public struct Pooling: Hashable, Sendable {
    public var height, width, strideV, strideH: Int
    public init(height: Int, width: Int, strideV: Int, strideH: Int) {
      (self.height, self.width, self.strideV, self.strideH) = (height, width, strideV, strideH)
    }
  }

  public var kind: Kind
  public var channels, height, width, filters, kernelH, kernelW: Int
  /// "Same" padding (output = ⌈input/stride⌉); otherwise valid.
  public var samePadding: Bool
  public var strideV, strideH: Int
  public var pooling: Pooling?
  /// The network's first layer (reads the image): the sheet keeps one more input row in
  /// its minimum window and decides residency by that window.
  public var readsNetworkInput: Bool

  public init(
    kind: Kind, channels: Int, height: Int, width: Int, filters: Int, kernelH: Int, kernelW: Int, samePadding: Bool,
    strideV: Int, strideH: Int, pooling: Pooling? = nil, readsNetworkInput: Bool = false
  ) {
    self.kind = kind
    (self.channels, self.height, self.width, self.filters, self.kernelH, self.kernelW) =
      (channels, height, width, filters, kernelH, kernelW)
    self.samePadding = samePadding
    (self.strideV, self.strideH) = (strideV, strideH)
    self.pooling = pooling
    self.readsNetworkInput = readsNetworkInput
  }
}

/// Cycles of one NVDLA hardware layer by the model of NVDLA's public performance sheet
/// (`testdata/nvdla/MODEL.md`): MAC cycles with stride folding, channel alignment
/// and Winograd; DRAM traffic with a weight- or feature-resident convolution buffer and
/// re-fetch; the layer takes the longer of the two (no overlap between layers).
public struct NVDLALayerCost: Hashable, Sendable {
  public var macCycles: Double
  public var dramCycles: Double
  public var dramKiB: Double
  public var weightResident: Bool
  public var usesWinograd: Bool
  /// KiB the layer needs in the convolution buffer at the least: its minimum input window.
  /// A buffer this small or smaller cannot run the layer (the sheet would divide by zero).
  public var minimumBufferKiB: Double

  public var cycles: Double { max(macCycles, dramCycles) }
  public var dramBound: Bool { dramCycles > macCycles }

  public init(_ layer: NVDLALayer, on config: NVDLAConfiguration) {
    // Products are taken in Double: exact for real layers, and no overflow trap for hostile ones.
    func up(_ x: Double, _ m: Int) -> Double { (x / Double(m)).rounded(.up) * Double(m) }
    func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
    let l = layer
    let fb = Double(config.featureBytes)
    let wb = Double(config.weightBytes)
    let cbuf = config.convolutionBufferKiB
    // Output size after the fused pooling (ceil mode).
    let p = l.samePadding ? ceilDiv(l.height, l.strideV) : ceilDiv(l.height - l.kernelH, l.strideV) + 1
    let q = l.samePadding ? ceilDiv(l.width, l.strideH) : ceilDiv(l.width - l.kernelW, l.strideH) + 1
    let a = l.pooling.map { ceilDiv(p - $0.height, $0.strideV) + 1 } ?? p
    let b = l.pooling.map { ceilDiv(q - $0.width, $0.strideH) + 1 } ?? q
    // Stride folding (space-to-depth) and atomic-C alignment.
    let cf = up(Double(l.channels) * Double(l.strideV) * Double(l.strideH), config.inputChannelAlignment)
    let hf = ceilDiv(l.height, l.strideV)
    let wf = ceilDiv(l.width, l.strideH)
    let rf = ceilDiv(l.kernelH, l.strideV)
    let sf = ceilDiv(l.kernelW, l.strideH)
    usesWinograd = config.winograd && l.kernelH == 3 && l.kernelW == 3
    let input = cf * Double(hf) * Double(wf) * fb / 1024
    let windowRows =
      l.readsNetworkInput || config.bufferModel != .residentWithRefetch ? l.kernelH + 1 : l.kernelH
    let window = cf * Double(min(windowRows, hf)) * Double(wf) * fb / 1024
    let output = Double(a) * Double(b) * up(Double(l.filters), 16) * fb / 1024
    let weights = cf * Double(rf) * Double(sf) * Double(l.filters) * wb / 1024 * (usesWinograd ? 16.0 / 9.0 : 1)
    let slice = cf * Double(rf) * Double(sf) * 32 * wb / 1024
    let minimumWeights = slice >= cbuf ? cbuf / 2 : slice
    minimumBufferKiB = window

    let batch = l.kind == .fullyConnected ? max(config.fcBatch, 1) : 1
    let validH = l.samePadding ? l.height : l.height - l.kernelH + 1
    let validW = l.samePadding ? l.width : l.width - l.kernelW + 1
    macCycles =
      cf * Double(ceilDiv(validH, l.strideV)) * Double(ceilDiv(validW, l.strideH))
      * up(Double(l.filters) * Double(batch), config.outputChannelAlignment)
      * (Double(l.kernelH) * Double(l.kernelW)) / (Double(l.strideV) * Double(l.strideH)) / Double(config.macs)
      / (usesWinograd ? 2.25 : 1)
      / Double(batch)

    var traffic: Double
    switch config.bufferModel {
    case .streamOnce:
      weightResident = false
      traffic = weights / Double(batch) + output + input
    case .residentWithRefetch, .residentByMinimumSlice:
      if config.bufferModel == .residentByMinimumSlice {
        weightResident = !(input < minimumWeights)
      } else {
        weightResident = l.readsNetworkInput ? !(window < minimumWeights) : !(input < weights)
      }
      if weightResident {
        // Weights stay in the buffer beside an input window; the input is re-read per weight chunk.
        let room = cbuf - window
        let chunks =
          weights > room ? (room > 0 ? (weights / room).rounded(.up) : (weights / (cbuf / 2)).rounded(.up)) : 1
        traffic = chunks * input + weights + output
      } else {
        // The input stays in the buffer beside a weight slice; weights are re-read per input chunk.
        let room = cbuf - minimumWeights
        let chunks = input > room ? (input / room).rounded(.up) : 1
        traffic = input + chunks * weights + output
      }
    }
    if l.kind == .convolutionWithElementwise { traffic += output }
    dramKiB = traffic
    // KiB / "GB/s" at MHz: the sheet's 1 GB/s is 1.024e9 B/s. Tolerance absorbs FP noise in ⌈⌉.
    dramCycles = (traffic * config.clockMHz / config.dramGBps - 1e-9).rounded(.up)
  }
}
