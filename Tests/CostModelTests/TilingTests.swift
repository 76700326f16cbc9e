import CostModel
import GraphIR
import HardwareModel
import Testing

/// The loop-nest traffic model of a tiled contraction, checked by hand on small problems.
struct TilingTests {
  static let gemmini = AnalyticalModel(try! BuiltinTargets.load("gemmini"))

  /// A 64×64×64 int8 matrix product: 4 KiB per operand.
  static func kernel(_ tile: Tile? = nil) -> Kernel {
    Kernel(
      name: "mm", ops: ["matMulInteger"], work: .matrix(GEMMShape(m: 64, n: 64, k: 64), batch: 1), elementType: .int8,
      inputBytes: 4096, weightBytes: 4096, outputBytes: 4096, tile: tile)
  }

  static func problem() throws -> TilingProblem {
    guard case .array(let problem) = gemmini.tileSupport(for: kernel()) else { throw CostError.unexpected }
    return problem
  }

  enum CostError: Error { case unexpected }

  struct Case: Sendable, CustomTestStringConvertible {
    var tile: Tile
    var read: Int
    var write: Int
    var testDescription: String { tile.description }
  }

  /// Partial sums are int32: one spill of the 64×64 outputs is 16 KiB each way.
  static let cases = [
    // k innermost: A re-read per n tile, B per m tile, C accumulates on chip.
    Case(tile: Tile(m: 32, n: 32, k: 32, order: "mnk"), read: 2 * 4096 + 2 * 4096, write: 4096),
    // k outermost: A once, B per m tile, each C tile visited twice: one spill.
    Case(tile: Tile(m: 32, n: 32, k: 32, order: "kmn"), read: 4096 + 2 * 4096 + 16384, write: 4096 + 16384),
    // k between: A once (n innermost, A does not depend on it), B per m tile, one spill.
    Case(tile: Tile(m: 32, n: 32, k: 32, order: "mkn"), read: 4096 + 2 * 4096 + 16384, write: 4096 + 16384),
    // A loop of one trip does not iterate: with all of K in the tile, A stays while n runs.
    Case(tile: Tile(m: 32, n: 32, k: 64, order: "mnk"), read: 4096 + 2 * 4096, write: 4096),
    Case(tile: Tile(m: 32, n: 32, k: 64, order: "nmk"), read: 2 * 4096 + 4096, write: 4096),
    // The whole problem (and anything larger, clamped): every operand once, like the default.
    Case(tile: Tile(m: 64, n: 64, k: 64, order: "kmn"), read: 8192, write: 4096),
    Case(tile: Tile(m: 500, n: 64, k: 90, order: "knm"), read: 8192, write: 4096),
  ]

  @Test(arguments: cases) func reuseAnalysis(_ c: Case) throws {
    let bytes = try Self.problem().dramBytes(c.tile)
    #expect(bytes.read == c.read)
    #expect(bytes.write == c.write)
    #expect(try Self.gemmini.cost(Self.kernel(c.tile)).dramBytes == c.read + c.write)
  }

  @Test func theWholeProblemCostsWhatTheDefaultDoes() throws {
    let tiled = try Self.gemmini.cost(Self.kernel(Tile(m: 64, n: 64, k: 64, order: "mnk")))
    #expect(tiled == (try Self.gemmini.cost(Self.kernel())))
  }

  @Test func candidateExtentsCoverEachTripCountWithTheSmallestTile() {
    #expect(
      TilingProblem.extents(3136, multiple: 1, minimum: 16) == [
        3136, 1568, 1046, 784, 523, 392, 262, 196, 131, 98, 66, 49, 33, 25, 17,
      ])
    #expect(TilingProblem.extents(147, multiple: 16, minimum: 16) == [147, 80, 64, 48, 32])
    #expect(TilingProblem.extents(8, multiple: 16, minimum: 16) == [8])
  }

  @Test func footprintsUseBoundaryBytesAndTheAccumulatorWidth() throws {
    let bytes = try Self.problem().footprintBytes(Tile(m: 16, n: 32, k: 64, order: "mnk"))
    #expect(bytes.inputs == 16 * 64 && bytes.weights == 64 * 32 && bytes.outputs == 16 * 32 * 4)
  }

  @Test func aTileThatCannotFitIsRefusedWithItsNeeds() throws {
    // C: 64×64 int32 partial sums = 16 KiB fit the 32 KiB of accumulator; a 1024-wide one does not.
    var kernel = Self.kernel(Tile(m: 1024, n: 1024, k: 16, order: "mnk"))
    kernel.work = .matrix(GEMMShape(m: 1024, n: 1024, k: 16), batch: 1)
    kernel.inputBytes = 16384
    kernel.weightBytes = 16384
    #expect {
      try Self.gemmini.cost(kernel)
    } throws: {
      "\($0)"
        == "kernel 'mm': tile 1024x1024x16 mnk needs 4194304 bytes of accumulator for accumulators; the target has "
        + "32768 available there (double buffering and sharing counted)"
    }
  }

  @Test func candidatesFitAndComeLargestFirst() throws {
    let kernel = Kernel(
      name: "big", ops: ["matMulInteger"], work: .matrix(GEMMShape(m: 1024, n: 1024, k: 1024), batch: 1),
      elementType: .int8, inputBytes: 1 << 20, weightBytes: 1 << 20, outputBytes: 4 << 20)
    let tiles = Self.gemmini.tileCandidates(for: kernel, maxCandidates: 600)
    #expect(tiles.count == 600)
    #expect(tiles == Self.gemmini.tileCandidates(for: kernel, maxCandidates: 600))
    guard case .array(let problem) = Self.gemmini.tileSupport(for: kernel) else { throw CostError.unexpected }
    #expect(tiles.allSatisfy { problem.overflow($0) == nil })
    let counts = tiles.map { t in problem.trips(t).m * problem.trips(t).n * problem.trips(t).k }
    #expect(counts == counts.sorted())
    let exhaustive = try #require(try Self.gemmini.bestTile(for: kernel, search: .exhaustive))
    let greedy = try #require(try Self.gemmini.bestTile(for: kernel, search: .greedy))
    #expect(exhaustive.cycles <= greedy.cycles)
    #expect(greedy.candidatesEvaluated < exhaustive.candidatesEvaluated)
    var tiled = kernel
    tiled.tile = exhaustive.tile
    #expect(try Self.gemmini.cost(tiled).totalCycles == exhaustive.cycles)
  }

  @Test func hugeExtentsDoNotTrap() throws {
    let side = 1 << 40
    let kernel = Kernel(
      name: "huge", ops: ["matMulInteger"], work: .matrix(GEMMShape(m: side, n: side, k: side), batch: 1),
      elementType: .int8, inputBytes: 1 << 60, weightBytes: 1 << 60, outputBytes: 1 << 60)
    #expect(TilingProblem.extents(.max, multiple: 16, minimum: 16).count <= 64)
    for search in TileSearchStrategy.allCases {
      let result = try #require(try Self.gemmini.bestTile(for: kernel, search: search, maxCandidates: 50))
      #expect(result.candidatesEvaluated <= 50)
    }
  }

  /// NVDLA's layer model decides residency on MAC cells: a tile changes nothing there.
  @Test func macCellTargetsIgnoreTiles() throws {
    let nvdla = AnalyticalModel(try BuiltinTargets.load("nvdla-small"))
    let tile = Tile(m: 1, n: 1, k: 1, order: "kmn")
    #expect(nvdla.tileSupport(for: Self.kernel()) == .fixedByTarget)
    #expect(try nvdla.cost(Self.kernel(tile)) == nvdla.cost(Self.kernel()))
    #expect(try nvdla.bestTile(for: Self.kernel()) == nil)
  }
}
