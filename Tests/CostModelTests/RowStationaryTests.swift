import CostModel
import Foundation
import HardwareModel
import TesseraTestSupport
import Testing

/// Eyeriss's row-stationary mapping of AlexNet CONV1–5 (batch 4, groups 2 in CONV2/4/5)
/// against the chip's measured processing latency (JSSC 2017 Table V, DRAM overlapped).
struct RowStationaryTests {
  struct Layer: Sendable, CustomTestStringConvertible {
    var name: String
    var r, e, c, m, images: Int
    var q, activePEs: Int
    var testDescription: String { name }
  }

  // Shapes per group; the chip's active PEs are 154, 135, 156, 156, 156 (CONV2's second
  // strip is 13 wide: 135 of the 140 PEs placed are busy).
  static let layers = [
    Layer(name: "CONV1", r: 11, e: 55, c: 3, m: 96, images: 4, q: 1, activePEs: 154),
    Layer(name: "CONV2", r: 5, e: 27, c: 48, m: 128, images: 8, q: 2, activePEs: 140),
    Layer(name: "CONV3", r: 3, e: 13, c: 256, m: 384, images: 4, q: 4, activePEs: 156),
    Layer(name: "CONV4", r: 3, e: 13, c: 192, m: 192, images: 8, q: 4, activePEs: 156),
    Layer(name: "CONV5", r: 3, e: 13, c: 192, m: 128, images: 8, q: 4, activePEs: 156),
  ]

  static func measuredProcessingMs(_ layer: String) throws -> Double {
    let data = try Data(contentsOf: TestData.url("hardware/measurements.json"))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let eyeriss = try #require(root["eyeriss_alexnet"] as? [String: Any])
    let layers = try #require(eyeriss["layers"] as? [[String: Any]])
    let row = try #require(layers.first { $0["layer"] as? String == layer })
    return try #require(row["processing_latency_ms"] as? Double)
  }

  @Test(arguments: layers)
  func mappingAndProcessingLatency(_ layer: Layer) throws {
    let accelerator = try BuiltinTargets.load("eyeriss")
    guard case .rowStationary(let array) = accelerator.computeUnits[0].kind else {
      Issue.record("eyeriss's first unit is not row stationary")
      return
    }
    let mapping = try #require(
      RowStationaryMapping(
        filterRows: layer.r, filterCols: layer.r, outputRows: layer.e, outputCols: layer.e, channels: layer.c,
        filters: layer.m, images: layer.images, on: array, macsPerCycle: 1))
    #expect(mapping.p == 16 && mapping.q == layer.q && mapping.activePEs == layer.activePEs)
    let milliseconds = mapping.cycles / (accelerator.clockMHz * 1e3)
    let measured = try Self.measuredProcessingMs(layer.name)
    #expect(abs(milliseconds / measured - 1) < 0.10, "\(layer.name): \(milliseconds) ms vs \(measured) ms")
  }

  /// Huge scratchpads and channel counts (a hostile target or model) keep the search bounded.
  @Test(.timeLimit(.minutes(1))) func hugeScratchpadsAndChannelsStayBounded() throws {
    let unit = RowStationaryUnit(
      rows: 12, cols: 14, filterSpadWords: 1 << 30, ifmapSpadWords: 1 << 30, psumSpadWords: 1 << 30,
      macsPerPEPerCycle: [.int16: 1])
    let mapping = try #require(
      RowStationaryMapping(
        filterRows: 3, filterCols: 3, outputRows: 13, outputCols: 13, channels: 1 << 20, filters: 1 << 20,
        images: 4, on: unit, macsPerCycle: 1))
    #expect(mapping.p <= 256 && mapping.q <= 256 && mapping.cycles.isFinite)
  }
}

/// Eyeriss's run-length code: three (5-bit run, 16-bit value) pairs per 64-bit word.
struct RunLengthCodingTests {
  static let eyeriss = RunLengthCoding(runBits: 5, levelBits: 16, pairsPerWord: 3, wordBits: 64)

  @Test(arguments: [
    (0.0, 3000),  // dense: the coder is bypassed
    (0.2, 3000),  // 0.8 pairs × 21.3 bits = 17.1 bits > 16: still bypassed
    (0.5, 2000),  // half zeros: 10.7 bits per value
    (0.9, 537),  // 0.1 pairs + 0.9^32 = 0.034 for the runs overflowing 31
  ])
  func codedBytes(_ zeros: Double, _ expected: Int) {
    let coded = Self.eyeriss.codedBytes(3000, elementBits: 16, zeros: zeros)
    #expect(abs(coded - expected) <= expected / 50 + 1, "\(coded)")
  }

  @Test func valuesWiderThanTheLevelFieldAreNotCoded() {
    #expect(Self.eyeriss.codedBytes(4000, elementBits: 32, zeros: 0.9) == 4000)
  }
}
