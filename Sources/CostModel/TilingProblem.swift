import GraphIR
import HardwareModel

/// A contraction as the tiling model sees it: the GEMM `[M×K]·[K×N]`, run `repeats` times
/// (groups or batch), the bytes each operand moves across the kernel's boundary, and the
/// on-chip room a tile of each operand may take.
///
/// Operands: A = inputs (M×K), B = weights (K×N), C = outputs (M×N). Bytes per element are the
/// kernel's boundary bytes over the GEMM's elements, so a fused or quantized kernel moves what
/// its boundary moves. For a convolution A is the im2col view of a smaller input tensor; a tile
/// of it occupies its share of the real input (overlapping windows share data on chip).
///
/// The model assumes consecutive tiles pipeline through the array, so a tiling changes data
/// movement, not compute: tile extents along the array's rows and columns are multiples of
/// the array side (or the whole extent), which keeps the fold count of the untiled GEMM.
public struct TilingProblem: Hashable, Sendable {
  /// Where a tile of one operand lives on chip.
  public struct Buffer: Hashable, Sendable {
    public var role: OperandRole
    /// The on-chip levels holding the role (`scratchpad`), for messages.
    public var levels: String
    /// Usable bytes (`AnalyticalModel.capacity(for:)`); 0: no on-chip level, no constraint.
    public var capacityBytes: Int
  }

  public var gemm: GEMMShape
  public var repeats: Int
  public var inputBytes: Int
  public var weightBytes: Int
  public var outputBytes: Int
  /// Bytes of one partial sum: the array's accumulator width.
  public var partialSumBytes: Int
  /// Tile extents are multiples of these (the array side a dimension is mapped onto; 1 for
  /// the dimension streamed in time) …
  public var multiple: GEMMShape
  /// … and at least these (or the whole extent when it is smaller).
  public var minimum: GEMMShape
  public var inputBuffer: Buffer
  public var weightBuffer: Buffer
  /// Partial sums: the accumulator level if the target has one, else the output buffer.
  public var outputBuffer: Buffer

  // MARK: - Footprint

  /// Tile extents clamped to the problem: a tile larger than the GEMM is the whole GEMM.
  func clamped(_ tile: Tile) -> (m: Int, n: Int, k: Int) {
    (min(tile.m, gemm.m), min(tile.n, gemm.n), min(tile.k, gemm.k))
  }

  /// On-chip bytes one tile of each operand takes.
  public func footprintBytes(_ tile: Tile) -> (inputs: Int, weights: Int, outputs: Int) {
    let (m, n, k) = clamped(tile)
    return (
      share(inputBytes, of: Double(m) * Double(k), in: Double(gemm.m) * Double(gemm.k)),
      share(weightBytes, of: Double(k) * Double(n), in: Double(gemm.k) * Double(gemm.n)),
      saturatingMultiply(saturatingMultiply(m, n), partialSumBytes)
    )
  }

  /// Bytes of `elements` of one repeat's `total` elements of an operand of `bytes` overall.
  private func share(_ bytes: Int, of elements: Double, in total: Double) -> Int {
    guard total > 0, repeats > 0 else { return 0 }
    return saturatingInt(Double(bytes) * elements / (total * Double(repeats)))
  }

  /// The first buffer `tile` overflows, with the bytes it needs there; `nil` when it fits.
  public func overflow(_ tile: Tile) -> (buffer: Buffer, neededBytes: Int)? {
    let bytes = footprintBytes(tile)
    for (buffer, needed) in [(inputBuffer, bytes.inputs), (weightBuffer, bytes.weights), (outputBuffer, bytes.outputs)]
    where buffer.capacityBytes > 0 && needed > buffer.capacityBytes {
      return (buffer, needed)
    }
    return nil
  }

  /// Whether every operand's tile fits its buffer (allocation-free, for the search).
  func fits(m: Int, n: Int, k: Int) -> Bool {
    let bytes = footprintBytes(Tile(m: m, n: n, k: k, order: ""))
    return fits(bytes.inputs, inputBuffer) && fits(bytes.weights, weightBuffer) && fits(bytes.outputs, outputBuffer)
  }

  private func fits(_ bytes: Int, _ buffer: Buffer) -> Bool {
    buffer.capacityBytes == 0 || bytes <= buffer.capacityBytes
  }

  // MARK: - Traffic

  /// Trip counts of the tile loops.
  public func trips(_ tile: Tile) -> (m: Int, n: Int, k: Int) {
    let (m, n, k) = clamped(tile)
    return (ceilDiv(gemm.m, m), ceilDiv(gemm.n, n), ceilDiv(gemm.k, k))
  }

  /// DRAM bytes read and written under `tile`: loop-nest reuse analysis in the style of
  /// Timeloop (Parashar et al., ISPASS 2019) and ZigZag (Mei et al., IEEE TC 2021).
  ///
  /// The tile loops run in `tile.order`, outermost first; one tile per operand is on chip. An
  /// operand is fetched again whenever a loop it depends on (A: m, k; B: k, n; C: m, n) or any
  /// loop outside that loop iterates, so its traffic is its bytes × the product of the trip
  /// counts of the loops outside its innermost iterating relevant loop that are irrelevant to
  /// it (loops of one trip do not iterate). For C that product R counts visits of each output
  /// tile: with k inside both m and n, R = 1 and outputs are written once; otherwise each
  /// extra visit writes partial sums out and reads them back, at the accumulator width.
  public func dramBytes(_ tile: Tile) -> (read: Int, write: Int) {
    let trips = trips(tile)
    let a = refetches(tile.order, trips, relevant: Self.mBit | Self.kBit)
    let b = refetches(tile.order, trips, relevant: Self.kBit | Self.nBit)
    let c = refetches(tile.order, trips, relevant: Self.mBit | Self.nBit)
    let partialSums = saturatingMultiply(
      saturatingMultiply(saturatingMultiply(repeats, gemm.m), gemm.n), partialSumBytes)
    let spilled = saturatingMultiply(c - 1, partialSums)
    let read = saturatingAdd(saturatingMultiply(inputBytes, a), saturatingMultiply(weightBytes, b))
    return (saturatingAdd(read, spilled), saturatingAdd(outputBytes, spilled))
  }

  private static let mBit = 1
  private static let nBit = 2
  private static let kBit = 4

  /// How many times an operand depending on the `relevant` loops is fetched.
  private func refetches(_ order: String, _ trips: (m: Int, n: Int, k: Int), relevant: Int) -> Int {
    var refetches = 1
    var irrelevantOutside = 1
    for loop in order.utf8 {
      let (bit, count) =
        switch loop {
        case UInt8(ascii: "m"): (Self.mBit, trips.m)
        case UInt8(ascii: "n"): (Self.nBit, trips.n)
        default: (Self.kBit, trips.k)
        }
      guard count > 1 else { continue }
      if relevant & bit != 0 {
        refetches = irrelevantOutside
      } else {
        irrelevantOutside = saturatingMultiply(irrelevantOutside, count)
      }
    }
    return refetches
  }

  // MARK: - Candidates

  /// Candidate extents of one dimension, largest first: for trip counts 1, 2, 3, 4, 6, 8,
  /// 12, … the smallest tile reaching that count, rounded up to `multiple` (and at least
  /// `minimum`, or the whole extent when it is smaller). Traffic depends on
  /// trip counts only and footprint grows with the tile, so any other tile with the same trip
  /// count is no better; for power-of-two extents the candidates are powers of two.
  public static func extents(_ extent: Int, multiple: Int, minimum: Int) -> [Int] {
    guard extent > 0 else { return [1] }
    let step = max(multiple, 1)
    let maximumTrips = ceilDiv(extent, max(minimum, step, 1))
    var result: [Int] = []
    var trips = 1
    var power = 1
    // At most 64 counts (up to 2^32 trips), so nothing overflows even for hostile extents.
    for _ in 0..<64 where trips <= maximumTrips {
      let tile = min(extent, saturatingMultiply(ceilDiv(ceilDiv(extent, trips), step), step))
      if result.last != tile { result.append(tile) }
      // 1, 2, 3, 4, 6, 8, 12, 16, …: powers of two and one and a half times them.
      if trips == power {
        trips = power == 1 ? 2 : power + power / 2
        power *= 2
      } else {
        trips = power
      }
    }
    return result
  }

  /// Candidate extents for M, N and K.
  func extentCandidates() -> (m: [Int], n: [Int], k: [Int]) {
    (
      Self.extents(gemm.m, multiple: multiple.m, minimum: minimum.m),
      Self.extents(gemm.n, multiple: multiple.n, minimum: minimum.n),
      Self.extents(gemm.k, multiple: multiple.k, minimum: minimum.k)
    )
  }
}

/// ⌈a ÷ b⌉ for a ≥ 0 (a itself when b ≤ 0, so hostile sizes never divide by zero).
public func ceilDiv(_ a: Int, _ b: Int) -> Int { b <= 0 ? a : a / b + (a % b == 0 ? 0 : 1) }
