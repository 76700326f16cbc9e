import CostModel
import GraphIR
import HardwareModel

/// The command loop nest of a tiled contraction on a systolic array: the repeats (groups or
/// batch), the three tile loops in the tile's order, then the folds of one tile (blocks of the
/// array's rows and columns; the third GEMM dimension streams through in time).
///
/// Per fold: load the operand blocks the fold is the first to touch (only when the operand's
/// tile changed since the previous tile iteration: the reuse `TilingProblem.dramBytes`
/// counts), compute, and store an output block after its last touch (partial sums when a
/// later tile visit will add to it). Compute cycles are the analytical model's, shared among
/// folds in proportion to their streamed length, so with unlimited bandwidth and no latency
/// the simulator reproduces them exactly.
struct ContractionLoop: Sendable {
  struct Operand: Sendable {
    /// GEMM dimensions it spans (0 = m, 1 = n, 2 = k).
    var dims: [Int]
    var tensor: String
    var level: String
    var baseOffset: Int
    var halfBytes: Int
    var doubleBuffered: Bool
    /// Bytes per GEMM element of one repeat (boundary bytes ÷ elements).
    var bytesPerElement: Double
    /// Bytes of one row its loads and stores move per DMA request (0: full requests).
    var rowBytes = 0
  }

  var extents: [Int]  // m, n, k
  var tile: [Int]  // clamped tile extents
  var order: [Int]  // tile loop dims, outermost first
  var repeats: Int
  /// Array rows and columns and the dims on them; `temporal` streams.
  var rows: Int
  var cols: Int
  var rowDim: Int
  var colDim: Int
  var temporalDim: Int
  var a: Operand
  var b: Operand
  var c: Operand
  var partialSumBytes: Int
  var computeUnit: String
  var computeCyclesPerStreamed: Double
  /// The fused stage behind the array (unit, cycles per output element).
  var stage: (unit: String, cyclesPerElement: Double)?
  var vocabulary: CommandVocabulary
  /// Each tile in phases (Gemmini's LoopConv at 91b62ba): its computes wait for all of its
  /// loads, its stores for all of its computes; only tiles overlap one another (each half of
  /// the buffers holds one). `false`: loads, computes and stores interleave per fold.
  var phased = false

  func tileTrips(_ dim: Int) -> Int { ceilDiv(extents[dim], tile[dim]) }

  var levels: [LoopLevel] {
    let names = ["m", "n", "k"]
    return [LoopLevel(name: "repeat", trips: repeats)]
      + order.map { LoopLevel(name: "tile.\(names[$0])", trips: tileTrips($0)) }
      + [
        LoopLevel(name: "fold.\(names[rowDim])", trips: ceilDiv(tile[rowDim], rows)),
        LoopLevel(name: "fold.\(names[colDim])", trips: ceilDiv(tile[colDim], cols)),
      ]
  }

  /// Total streamed length over all folds: the denominator sharing out compute cycles.
  static func streamedTotal(extents: [Int], tile: [Int], rows: Int, cols: Int, dims: (Int, Int, Int), repeats: Int)
    -> Double
  {
    // Full tiles and the partial edge tile, in closed form (a loop over tiles took minutes
    // for an extent of 2^40 with small tiles: a fuzzing find).
    func sum(_ dim: Int, _ transform: (Int) -> Int) -> Double {
      let size = max(tile[dim], 1)
      let (full, edge) = extents[dim].quotientAndRemainder(dividingBy: size)
      return Double(full) * Double(transform(size)) + (edge > 0 ? Double(transform(edge)) : 0)
    }
    return Double(repeats) * sum(dims.0) { ceilDiv($0, rows) } * sum(dims.1) { ceilDiv($0, cols) }
      * sum(dims.2) { $0 }
  }

  /// Folds of a partial edge tile: fewer than a full tile's.
  func trips(_ p: [Int], _ level: Int) -> Int {
    let tileLevels = 1 + order.count
    guard level >= tileLevels else { return level == 0 ? repeats : tileTrips(order[level - 1]) }
    let dim = level == tileLevels ? rowDim : colDim
    let slot = order.firstIndex(of: dim) ?? 0
    let extent = min(tile[dim], extents[dim] - p[1 + slot] * tile[dim])
    return ceilDiv(extent, level == tileLevels ? rows : cols)
  }

  func commands(_ p: [Int]) -> [Command] {
    let tileLevels = 1 + order.count  // repeat + tile loops
    let trips = [repeats] + order.map(tileTrips)
    var index = [0, 0, 0]
    for (slot, dim) in order.enumerated() { index[dim] = p[1 + slot] }
    var ext = [0, 0, 0]
    for dim in 0..<3 { ext[dim] = min(tile[dim], extents[dim] - index[dim] * tile[dim]) }
    let (rb, cb) = (p[tileLevels], p[tileLevels + 1])
    guard min(rows, ext[rowDim] - rb * rows) > 0, min(cols, ext[colDim] - cb * cols) > 0 else { return [] }
    let lastRow = ceilDiv(ext[rowDim], rows) - 1
    let lastCol = ceilDiv(ext[colDim], cols) - 1

    // The tile level that stepped into this tile, and the one that steps out of it.
    let entered = (0..<tileLevels).last { p[$0] != 0 } ?? -1
    let leaves = (0..<tileLevels).last { p[$0] < trips[$0] - 1 } ?? -1
    func innermostRelevant(_ operand: Operand) -> Int {
      var level = repeats > 1 ? 0 : -1
      for (slot, dim) in order.enumerated() where operand.dims.contains(dim) && trips[1 + slot] > 1 {
        level = 1 + slot
      }
      return level
    }
    func half(_ operand: Operand, _ innermost: Int) -> Int {
      guard operand.doubleBuffered, innermost >= 0 else { return 0 }
      var ordinal = 0
      for level in 0...innermost { ordinal = ordinal * trips[level] + p[level] }
      return ordinal % 2
    }
    func block(_ operand: Operand, _ rb: Int, _ cb: Int) -> (region: Region, elements: Int, first: Bool, last: Bool) {
      let rowExtent = min(rows, ext[rowDim] - rb * rows)
      let colExtent = min(cols, ext[colDim] - cb * cols)
      let onRows = operand.dims.contains(rowDim)
      let onCols = operand.dims.contains(colDim)
      var elements = 1
      for dim in operand.dims {
        elements *= dim == rowDim ? rowExtent : dim == colDim ? colExtent : ext[dim]
      }
      let key = (onRows ? rb : 0) * (onCols ? lastCol + 1 : 1) + (onCols ? cb : 0)
      var largest = 1.0
      for dim in operand.dims { largest *= Double(dim == rowDim ? rows : dim == colDim ? cols : tile[dim]) }
      let stride = max(Int((largest * max(operand.bytesPerElement, Double(partialSumBytes))).rounded(.up)), 1)
      let h = half(operand, innermostRelevant(operand))
      let region = Region(
        level: operand.level, offsetBytes: operand.baseOffset + h * operand.halfBytes + key * stride,
        sizeBytes: stride)
      let first = (onRows || rb == 0) && (onCols || cb == 0)
      let last = (onRows || rb == lastRow) && (onCols || cb == lastCol)
      return (region, elements, first, last)
    }

    var out: [Command] = []
    let v = vocabulary
    let blockA = block(a, rb, cb)
    let blockB = block(b, rb, cb)
    let blockC = block(c, rb, cb)
    let reloaded = { (operand: Operand) in entered < 0 || entered <= innermostRelevant(operand) }
    /// Every block of `operand` in the tile, once each.
    func tileBlocks(_ operand: Operand) -> [(region: Region, elements: Int)] {
      var result: [(region: Region, elements: Int)] = []
      for r in 0...lastRow {
        for c in 0...lastCol {
          let b = block(operand, r, c)
          if b.first { result.append((b.region, b.elements)) }
        }
      }
      return result
    }
    if phased {
      return phasedCommands(
        first: rb == 0 && cb == 0, last: rb == lastRow && cb == lastCol, blocks: (blockA, blockB, blockC),
        tileBlocks: tileBlocks, reload: (reloaded(a), reloaded(b), reloaded(c)), index: index,
        evicted: leaves < 0 || leaves <= innermostRelevant(c), streamed: ext[temporalDim])
    }
    if blockA.first && reloaded(a) {
      out.append(
        Command(
          .load, v.loadInput, queue: v.loadQueue, unit: CommandVocabulary.loadUnit, bytes: bytes(a, blockA.elements),
          writes: [blockA.region], tensor: a.tensor, requestBytes: a.rowBytes))
    }
    if blockB.first && reloaded(b) {
      out.append(
        Command(
          .load, v.loadWeight, queue: v.loadQueue, unit: CommandVocabulary.loadUnit, bytes: bytes(b, blockB.elements),
          writes: [blockB.region], tensor: b.tensor, requestBytes: b.rowBytes))
    }
    if blockC.first && reloaded(c) && index[2] > 0 {
      out.append(
        Command(
          .load, v.loadPartial, queue: v.loadQueue, unit: CommandVocabulary.loadUnit,
          bytes: blockC.elements * partialSumBytes, writes: [blockC.region], tensor: c.tensor))
    }
    out += computeCommands(reading: [blockA.region, blockB.region], writing: blockC.region, streamed: ext[temporalDim])
    let evicted = leaves < 0 || leaves <= innermostRelevant(c)
    if blockC.last && evicted {
      out += storeCommands([blockC.region], elements: blockC.elements, final: index[2] == tileTrips(2) - 1)
    }
    return out
  }

  /// One fold of a phased tile: the tile's loads (all its blocks at once) before its first
  /// compute, its stores (all output blocks at once) after its last.
  private func phasedCommands(
    first: Bool, last: Bool,
    blocks: (
      a: (region: Region, elements: Int, first: Bool, last: Bool),
      b: (region: Region, elements: Int, first: Bool, last: Bool),
      c: (region: Region, elements: Int, first: Bool, last: Bool)
    ),
    tileBlocks: (Operand) -> [(region: Region, elements: Int)], reload: (a: Bool, b: Bool, c: Bool), index: [Int],
    evicted: Bool, streamed: Int
  ) -> [Command] {
    let v = vocabulary
    var out: [Command] = []
    if first {
      let loads: [(Operand, String, Bool, Int)] = [
        (a, v.loadInput, reload.a, 0), (b, v.loadWeight, reload.b, 0), (c, v.loadPartial, reload.c && index[2] > 0, 1),
      ]
      for (operand, mnemonic, needed, partial) in loads where needed {
        let all = tileBlocks(operand)
        let elements = all.reduce(0) { $0 + $1.elements }
        let size = partial == 1 ? elements * partialSumBytes : bytes(operand, elements)
        out.append(
          Command(
            .load, mnemonic, queue: v.loadQueue, unit: CommandVocabulary.loadUnit, bytes: size,
            writes: all.map(\.region), tensor: operand.tensor, requestBytes: partial == 1 ? 0 : operand.rowBytes))
      }
    }
    out += computeCommands(reading: [blocks.a.region, blocks.b.region], writing: blocks.c.region, streamed: streamed)
    guard last && evicted else { return out }
    let all = tileBlocks(c)
    let elements = all.reduce(0) { $0 + $1.elements }
    return out + storeCommands(all.map(\.region), elements: elements, final: index[2] == tileTrips(2) - 1)
  }

  func bytes(_ operand: Operand, _ elements: Int) -> Int {
    Int((Double(elements) * operand.bytesPerElement).rounded())
  }

  /// The array's work on one fold: a preload where the family has one, then the compute.
  private func computeCommands(reading operands: [Region], writing output: Region, streamed: Int) -> [Command] {
    let v = vocabulary
    var out: [Command] = []
    if let preload = v.preload {
      out.append(Command(.compute, preload, queue: v.executeQueue, unit: computeUnit, reads: operands))
    }
    out.append(
      Command(
        .compute, v.compute, queue: v.executeQueue, unit: computeUnit,
        cycles: computeCyclesPerStreamed * Double(streamed), reads: operands, writes: [output], accumulates: true))
    return out
  }

  /// Output blocks leaving the accumulator: through the fused stage and stored when `final`
  /// (the last K tile), else stored as partial sums.
  private func storeCommands(_ regions: [Region], elements: Int, final: Bool) -> [Command] {
    let v = vocabulary
    guard final else {
      return [
        Command(
          .store, v.storePartial, queue: v.storeQueue, unit: CommandVocabulary.storeUnit,
          bytes: elements * partialSumBytes, reads: regions, tensor: c.tensor)
      ]
    }
    var out: [Command] = []
    if let stage {
      out.append(
        Command(
          .vector, v.vectorMnemonic(unit: stage.unit), queue: v.storeQueue, unit: stage.unit,
          cycles: stage.cyclesPerElement * Double(elements), reads: regions, writes: regions))
    }
    out.append(
      Command(
        .store, v.store, queue: v.storeQueue, unit: CommandVocabulary.storeUnit, bytes: bytes(c, elements),
        reads: regions, tensor: c.tensor, requestBytes: c.rowBytes))
    return out
  }
}
