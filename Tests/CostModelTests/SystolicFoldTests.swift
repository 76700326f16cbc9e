import CostModel
import HardwareModel
import Testing

struct SystolicFoldTests {
  static func array(_ rows: Int, _ cols: Int, _ dataflow: Dataflow) -> SystolicArray {
    SystolicArray(
      rows: rows, cols: cols, dataflow: dataflow, ifmapSRAMBytes: 65536, filterSRAMBytes: 65536, ofmapSRAMBytes: 65536,
      dramWordsPerCycle: 10)
  }

  @Test(arguments: Dataflow.allCases)
  func oneFoldWhenTheGEMMFits(_ dataflow: Dataflow) {
    let fold = SystolicFold(GEMMShape(m: 8, n: 8, k: 8), on: Self.array(8, 8, dataflow))
    #expect(fold.folds == 1)
    #expect(fold.mappingEfficiency == 1)
    let load = dataflow == .outputStationary ? 0 : 8
    #expect(fold.computeCycles == load + 8 + 8 + 8 - 2 - 1)
  }

  static let shapes = [
    GEMMShape(m: 3025, n: 96, k: 363), GEMMShape(m: 196, n: 1176, k: 64), GEMMShape(m: 1, n: 1000, k: 2048),
    GEMMShape(m: 12544, n: 64, k: 147),
  ]

  @Test(arguments: shapes, Dataflow.allCases)
  func neverBelowMACsOverPEs(_ gemm: GEMMShape, _ dataflow: Dataflow) {
    for size in [8, 16, 32, 128] {
      let fold = SystolicFold(gemm, on: Self.array(size, size, dataflow))
      #expect(fold.computeCycles >= gemm.macs / (size * size))
      #expect(fold.overallUtilization <= 1)
    }
  }

  /// Doubling an array that the GEMM fills exactly never costs compute cycles.
  @Test(arguments: Dataflow.allCases)
  func largerArrayNeverSlowerWhenAligned(_ dataflow: Dataflow) {
    let gemm = GEMMShape(m: 512, n: 512, k: 512)
    var previous = Int.max
    for size in [8, 16, 32, 64, 128] {
      let cycles = SystolicFold(gemm, on: Self.array(size, size, dataflow)).computeCycles
      #expect(cycles <= previous)
      previous = cycles
    }
  }

  @Test func cyclesGrowWithMACsForSameShapedLayers() {
    let array = Self.array(16, 16, .weightStationary)
    let small = SystolicFold(GEMMShape(m: 100, n: 64, k: 64), on: array).computeCycles
    let large = SystolicFold(GEMMShape(m: 200, n: 64, k: 64), on: array).computeCycles
    #expect(small < large)
  }
}
