import GraphIR
import HardwareModel

/// How a convolution runs on a row-stationary array (Eyeriss; Chen et al., ISCA 2016 §IV and
/// JSSC 2017 §III–IV), and what that takes.
///
/// Each PE convolves one filter row with one ifmap row (S MACs per output pixel); a *PE set*
/// of R filter rows × E output rows computes one 2-D convolution, its psums accumulated up
/// each column. A set wider than the array is strip-mined into the fewest strips of at most
/// `cols` output rows (`e` each); strips (or copies working on other channels and filters)
/// are stacked `⌊rows/R⌋` high and placed `⌊cols/e⌋` wide. In one *processing pass* a PE
/// interleaves `q` channels and `p` filters in its scratchpads (q·S ifmap words, p·q·S
/// weights, p psums): per output pixel it does p·q·S MACs and adds the p psums arriving
/// from the PE below (p more cycles on its adder). The mapping with the fewest cycles wins
/// (then the fewest passes).
/// Filter rows beyond the array's height are split into chunks whose psums are summed.
public struct RowStationaryMapping: Hashable, Sendable, CustomStringConvertible {
  /// Filters and channels interleaved per PE; output rows per PE-set strip.
  public var p, q, e: Int
  /// Blocks of R×e PEs working at once, and the PEs they occupy.
  public var slots, activePEs: Int
  public var passes: Int
  public var cyclesPerPass: Double
  public var cycles: Double { Double(passes) * cyclesPerPass }
  static let searchLimit = 256

  public var description: String {
    "row stationary: p=\(p) q=\(q) e=\(e), \(slots) sets, \(activePEs) PEs, \(passes) passes"
  }
}

extension RowStationaryMapping {
  /// The convolution `R×S` filters over `C` channels into `M` channels of `E×F` pixels, for
  /// `images` independent images (batch × groups).
  public init?(
    filterRows r: Int, filterCols s: Int, outputRows e: Int, outputCols f: Int, channels c: Int, filters m: Int,
    images: Int, on unit: RowStationaryUnit, macsPerCycle: Double
  ) {
    guard r > 0, s > 0, e > 0, f > 0, c > 0, m > 0, images > 0, macsPerCycle > 0 else { return nil }
    let chunks = ceilDiv(r, unit.rows)
    let rows = ceilDiv(r, chunks)
    let strips = ceilDiv(e, unit.cols)
    let width = ceilDiv(e, strips)
    let slots = (unit.rows / rows) * (unit.cols / width)
    guard slots > 0 else { return nil }
    var best: RowStationaryMapping?
    // At most `searchLimit` channel and filter counts each: scratchpads hold a few hundred
    // words, and a hostile target must not make the search unbounded.
    for q in 1...max(1, min(unit.ifmapSpadWords / s, c, Self.searchLimit)) {
      for p in 1...max(1, min(unit.psumSpadWords, m, Self.searchLimit)) {
        guard p == 1 || saturatingMultiply(p * q, s) <= unit.filterSpadWords else { break }
        let units = [strips, ceilDiv(m, p), ceilDiv(c, q), chunks, images].reduce(1) { saturatingMultiply($0, $1) }
        let passes = ceilDiv(units, slots)
        let perPass = Double(f) * (Double(s) * Double(p * q) / macsPerCycle + Double(p))
        let candidate = RowStationaryMapping(
          p: p, q: q, e: width, slots: slots, activePEs: min(units, slots) * rows * width, passes: passes,
          cyclesPerPass: perPass)
        // Ties go to fewer passes: each pass reloads the scratchpads.
        if best.map({ (candidate.cycles, candidate.passes) < ($0.cycles, $0.passes) }) ?? true { best = candidate }
      }
    }
    guard let best else { return nil }
    self = best
  }
}

extension AnalyticalModel {
  /// The row-stationary mapping of a contraction: a convolution as it is, a matrix product
  /// as a 1×1 convolution of one pixel per row of its left operand.
  func rowStationaryMapping(_ kernel: Kernel, on array: RowStationaryUnit, rate: Double) -> RowStationaryMapping? {
    switch kernel.work {
    case .convolution(let n):
      return RowStationaryMapping(
        filterRows: n.kernelHeight, filterCols: n.kernelWidth, outputRows: n.outputHeight, outputCols: n.outputWidth,
        channels: n.inputChannels, filters: n.outputChannels, images: saturatingMultiply(n.batch, n.groups),
        on: array, macsPerCycle: rate)
    case .matrix(let gemm, let batch):
      return RowStationaryMapping(
        filterRows: 1, filterCols: 1, outputRows: 1, outputCols: 1, channels: gemm.k, filters: gemm.n,
        images: saturatingMultiply(gemm.m, batch), on: array, macsPerCycle: rate)
    default: return nil
    }
  }
}

extension RowStationaryMapping {
  /// Words a convolution moves to and from DRAM when the global buffer (`bufferWords`) holds
  /// the psums of `m` filters over one strip of `n` images beside one pass's ifmap rows: the
  /// filters stream from DRAM once per strip and image group, each strip's ifmap rows (halo
  /// included) once per filter group, the ofmap once. The (n, m) that move least win; the
  /// ifmap words are weighed by `ifmapCost` (what run-length coding leaves of one word).
  func dramWords(_ nest: ConvolutionNest, bufferWords: Int, ifmapCost: Double = 1)
    -> (weights: Int, ifmaps: Int, ofmap: Int)
  {
    let images = saturatingMultiply(nest.batch, nest.groups)
    let strips = ceilDiv(nest.outputHeight, e)
    let stripRows = min((e - 1) * nest.strideV + nest.kernelHeight, nest.inputHeight)
    let filters = [nest.outputChannels, nest.inputChannels, nest.kernelHeight, nest.kernelWidth]
      .reduce(1) { saturatingMultiply($0, $1) }
    let ifmapPerImage = [nest.inputChannels, strips, stripRows, nest.inputWidth].reduce(1) {
      saturatingMultiply($0, $1)
    }
    let ofmap = [images, nest.outputChannels, nest.outputHeight, nest.outputWidth].reduce(1) {
      saturatingMultiply($0, $1)
    }
    var best = (weights: Int.max, ifmaps: 0, cost: Double.infinity)
    for n in 1...max(1, min(images, 256)) {
      let mMax = min(max(p, nest.outputChannels + p - 1), saturatingMultiply(p, Self.searchLimit))
      for m in Array(stride(from: p, through: mMax, by: p)) + [max(p, nest.outputChannels)] {
        let psums = saturatingMultiply(m, saturatingMultiply(e * nest.outputWidth, n))
        let window = saturatingMultiply(q, saturatingMultiply(stripRows * nest.inputWidth, n))
        guard saturatingAdd(psums, window) <= bufferWords || (n == 1 && m == p) else { continue }
        let weights = saturatingMultiply(filters, saturatingMultiply(strips, ceilDiv(images, n)))
        let ifmaps = saturatingMultiply(ifmapPerImage, saturatingMultiply(images, ceilDiv(nest.outputChannels, m)))
        let cost = Double(weights) + Double(ifmaps) * ifmapCost
        if cost < best.cost { best = (weights, ifmaps, cost) }
      }
    }
    return (best.weights, best.ifmaps, ofmap)
  }
}

extension AnalyticalModel {
  /// DRAM bytes of a contraction on a row-stationary array: a convolution's from its mapping
  /// and the global buffer (the first on-chip level holding inputs), else the default; ifmaps
  /// and ofmaps run-length coded when the array codes them (their expected zeros from the
  /// graph, `Kernel.inputZeroFraction` / `outputZeroFraction`), filters never.
  func rowStationaryBytes(_ kernel: Kernel, _ mapping: RowStationaryMapping, coding: RunLengthCoding?)
    -> (read: Int, write: Int)
  {
    guard case .convolution(let nest) = kernel.work,
      let buffer = accelerator.memoryLevels.dropFirst().first(where: { $0.holds.contains(.inputs) })
    else { return contractionBytes(kernel) }
    let elementBytes = kernel.elementType.byteWidth
    let coded = { (words: Int, zeros: Double) -> Int in
      let bytes = saturatingMultiply(words, elementBytes)
      return coding?.codedBytes(bytes, elementBits: 8 * elementBytes, zeros: zeros) ?? bytes
    }
    let ifmapCost = coding?.ratio(elementBits: 8 * elementBytes, zeros: kernel.inputZeroFraction) ?? 1
    let words = mapping.dramWords(nest, bufferWords: buffer.sizeBytes / max(elementBytes, 1), ifmapCost: ifmapCost)
    return (
      saturatingAdd(saturatingMultiply(words.weights, elementBytes), coded(words.ifmaps, kernel.inputZeroFraction)),
      coded(words.ofmap, kernel.outputZeroFraction)
    )
  }
}
