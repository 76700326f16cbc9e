import CostModel
import Foundation
import HardwareModel
import Testing

/// The NVDLA layer model against NVDLA's public performance sheet (testdata/nvdla):
/// every ResNet-50 layer at the primer's seven configurations, and the primer's frame rates.
struct NVDLASheetTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../testdata/nvdla").standardized

  /// CSV rows as dictionaries keyed by the header (the files have no quoted commas in used columns).
  static func table(_ name: String) -> [[String: String]] {
    guard let text = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) else { return [] }
    let lines = text.split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  static func int(_ row: [String: String], _ key: String) -> Int { Int(row[key] ?? "") ?? 0 }

  static let layers: [(name: String, layer: NVDLALayer)] = table("layers_ResNet50.csv").enumerated().map { index, row in
    let kind: NVDLALayer.Kind =
      switch row["type"] {
      case "fc": .fullyConnected
      case "conv + elwise": .convolutionWithElementwise
      default: .convolution
      }
    let pooling =
      row["pool"] == "TRUE"
      ? NVDLALayer.Pooling(
        height: int(row, "pool_h"), width: int(row, "pool_w"), strideV: int(row, "pool_stride_v"),
        strideH: int(row, "pool_stride_h")) : nil
    let layer = NVDLALayer(
      kind: kind, channels: int(row, "C"), height: int(row, "H"), width: int(row, "W"), filters: int(row, "K"),
      kernelH: int(row, "R"), kernelW: int(row, "S"), samePadding: row["pad_same"] == "TRUE",
      strideV: int(row, "stride_v"), strideH: int(row, "stride_h"), pooling: pooling, readsNetworkInput: index == 0)
    return (row["layer"] ?? "", layer)
  }

  struct Config: Sendable, CustomTestStringConvertible {
    var id: String
    var configuration: NVDLAConfiguration
    var totalCycles: Double
    var primerFPS: String
    var testDescription: String { id }
  }

  static let configs: [Config] = table("configs_results.csv").map { row in
    let configuration = NVDLAConfiguration(
      macs: int(row, "macs"), convolutionBufferKiB: Double(row["cbuf_kib"] ?? "") ?? 0,
      clockMHz: Double(row["freq_mhz"] ?? "") ?? 0, dramGBps: Double(row["dram_gbps"] ?? "") ?? 0,
      featureBytes: int(row, "data_bytes"), weightBytes: int(row, "data_bytes"), outputChannelAlignment: 128,
      fcBatch: int(row, "fc_batch"))
    return Config(
      id: row["config_id"] ?? "", configuration: configuration, totalCycles: Double(row["total_cycles"] ?? "") ?? 0,
      primerFPS: row["primer_resnet50_fps"] ?? "")
  }

  @Test func referenceDataIsThere() {
    #expect(Self.layers.count == 54)
    #expect(Self.configs.count == 14)
  }

  @Test(arguments: configs)
  func everyLayerMatchesTheSheet(_ config: Config) throws {
    let sheet = Self.table("per_layer_results.csv").filter { $0["config_id"] == config.id }
    #expect(sheet.count == Self.layers.count)
    for (reference, (name, layer)) in zip(sheet, Self.layers) {
      #expect(reference["layer"] == name)
      let cost = NVDLALayerCost(layer, on: config.configuration)
      let mac = Double(reference["mac_cycles"] ?? "") ?? -1
      let dram = Double(reference["dram_cycles"] ?? "") ?? -1
      let total = Double(reference["layer_cycles"] ?? "") ?? -1
      #expect(abs(cost.macCycles - mac) <= 1e-6 * mac, "\(config.id) \(name) MAC cycles \(cost.macCycles) vs \(mac)")
      #expect(cost.dramCycles == dram, "\(config.id) \(name) DRAM cycles \(cost.dramCycles) vs \(dram)")
      #expect(abs(cost.cycles - total) <= 0.01 * total, "\(config.id) \(name) within 1 %")
      #expect((cost.weightResident ? "weight" : "feature") == reference["resident"], "\(config.id) \(name) residency")
    }
  }

  /// The primer's "Example Area and Performance" frame rates, to the printed digits.
  @Test(arguments: configs)
  func primerFrameRates(_ config: Config) {
    let total = Self.layers.reduce(0.0) { $0 + NVDLALayerCost($1.layer, on: config.configuration).cycles }
    #expect(abs(total - config.totalCycles) <= 1e-6 * config.totalCycles, "\(total) vs \(config.totalCycles)")
    let fps = 1e6 * config.configuration.clockMHz / total
    let printed = config.primerFPS.contains(".") ? String(format: "%.1f", fps) : String(format: "%.0f", fps)
    #expect(printed == config.primerFPS, "\(config.id): \(fps) fps")
  }
}

/// MODEL.md's worked example (ResNet50 res3a_branch1 at 2048 MACs, 512 KiB, 20 GB/s) under
/// each of the sheet's buffer models.
struct NVDLABufferModelTests {
  static let layer = NVDLALayer(
    kind: .convolution, channels: 256, height: 56, width: 56, filters: 512, kernelH: 1, kernelW: 1, samePadding: true,
    strideV: 2, strideH: 2)

  static func config(_ model: NVDLAConfiguration.BufferModel) -> NVDLAConfiguration {
    NVDLAConfiguration(
      macs: 2048, convolutionBufferKiB: 512, clockMHz: 1000, dramGBps: 20, outputChannelAlignment: 128,
      bufferModel: model)
  }

  @Test func residentWithRefetchMatchesTheWorkedExample() {
    let cost = NVDLALayerCost(Self.layer, on: Self.config(.residentWithRefetch))
    #expect(cost.weightResident)
    #expect(cost.dramKiB == 2472)  // 2·784 + 512 + 392: the input is read twice
    #expect(cost.dramCycles == 123_600)
    #expect(cost.macCycles == 50_176)
  }

  @Test func streamOnceReadsEachOperandOnce() {
    let cost = NVDLALayerCost(Self.layer, on: Self.config(.streamOnce))
    #expect(cost.dramKiB == 784 + 512 + 392)
  }

  @Test func residentByMinimumSliceKeepsTheInputWhenItIsSmaller() {
    // X = 784 KiB ≥ Wmin = 32 KiB: weights stay resident, as with the ResNet50 rule here.
    let cost = NVDLALayerCost(Self.layer, on: Self.config(.residentByMinimumSlice))
    #expect(cost.weightResident)
  }
}
