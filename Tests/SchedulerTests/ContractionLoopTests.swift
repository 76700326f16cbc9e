import Testing

@testable import Scheduler

/// Issue 19 (found by fuzzing the onnx harness): the streamed length of a contraction summed
/// its tiles one by one, minutes for an extent of 2^40 with small tiles. It is closed-form now.
struct ContractionLoopTests {
  @Test(arguments: [(10, 4), (12, 4), (3, 8), (0, 4)])
  func streamedTotalCountsFullAndEdgeTiles(extent: Int, tile: Int) {
    var expected = 0.0
    var start = 0
    while start < extent {
      expected += Double(min(tile, extent - start))
      start += tile
    }
    let total = ContractionLoop.streamedTotal(
      extents: [1, 1, extent], tile: [1, 1, tile], rows: 1, cols: 1, dims: (0, 1, 2), repeats: 1)
    #expect(total == expected)
  }

  @Test func hugeExtentsWithSmallTilesAreImmediate() {
    let total = ContractionLoop.streamedTotal(
      extents: [1 << 40, 3, 1 << 40], tile: [2, 3, 1], rows: 16, cols: 16, dims: (0, 1, 2), repeats: 1)
    #expect(total == Double(1 << 39) * Double(1 << 40))
  }
}
